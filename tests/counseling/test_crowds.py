"""Booking from behind one address (a mobile network, an office's Wi-Fi): each number has its own allowance."""
from urllib.parse import quote

import pytest

from portal.counseling.models import Appointment
from tests.counseling.test_views import DETAILS

pytestmark = pytest.mark.engines


def book_from(client, service, start, address, **changes):
    return client.post(f"/konseling/{service.id}/data?cara=offline&mulai={quote(start)}",
                       data={**DETAILS, **changes}, environ_base={"REMOTE_ADDR": address})


def test_one_number_is_slowed_at_an_address_and_the_next_person_there_is_not(client, service, start):
    for _ in range(10):  # the same person sending a form that is refused each time
        assert book_from(client, service, start, "203.0.113.9", consent="").status_code == 422
    refused = book_from(client, service, start, "203.0.113.9", phone="+62 812-3456-7890")
    assert refused.status_code == 429 and "Terlalu banyak" in refused.get_data(as_text=True)
    assert Appointment.select().count() == 0
    neighbour = book_from(client, service, start, "203.0.113.9", name="Warga Dua", phone="0813 5550 0001")
    assert neighbour.status_code == 303 and Appointment.select().count() == 1
