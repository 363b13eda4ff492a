"""Junk into the booking form: a clear answer, never a 500, and nothing booked by a refused one."""
from urllib.parse import quote

import pytest
from hypothesis import given

from portal.counseling.models import Appointment
from portal.security import limiter
from tests.test_forms_fuzz import FUZZ, form_of, junk

pytestmark = pytest.mark.engines
FIELDS = ["name", "phone", "email", "for_whom", "gender", "age_group", "concern", "danger", "consent"]


@FUZZ
@given(data=form_of(FIELDS), mode=junk)
def test_the_booking_form(client, service, start, data, mode):
    limiter.reset()
    before = Appointment.select().count()
    response = client.post(f"/konseling/{service.id}/data?cara={quote(mode)}&mulai={quote(start)}", data=data)
    assert response.status_code in (303, 409, 422)
    if response.status_code == 422:
        assert Appointment.select().count() == before
        assert 'class="error"' in response.get_data(as_text=True)
    elif response.status_code == 409:
        assert Appointment.select().count() == before and "baru saja dipesan" in response.get_data(as_text=True)


@FUZZ
@given(mode=junk, day=junk)
def test_the_picker(client, service, start, mode, day):
    response = client.get(f"/konseling/{service.id}", query_string={"cara": mode, "tanggal": day})
    assert response.status_code == 200
