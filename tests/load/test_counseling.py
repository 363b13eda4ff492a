"""Twenty citizens book one counselling slot at the same moment, over HTTP, on gunicorn's four workers
(invariant 3): one gets it, the others are told it was just taken."""
import re
from collections import Counter
from urllib.parse import quote

import pytest

from portal.counseling import services
from portal.counseling.models import Appointment
from portal.counseling.slots import slot_key
from tests.load.citizens import Outcome, crowd, proper_page, surprises, unexpected
from tests.load.invariants import appointments_without_trail, overlapping_appointments

pytestmark = [pytest.mark.engines, pytest.mark.timeless]  # the server keeps the real clock
CITIZENS, ROUNDS = 20, 5
STATUS = re.compile(r'<article class="appointment" data-status="(\w+)"')
TAKEN = "Waktu ini baru saja dipesan orang lain"


def booking_form(citizen):
    """The details step as this citizen fills it in: their own name and phone."""
    return {"name": f"Warga Beban {citizen.number}", "phone": f"0814{citizen.number:07d}", "email": "",
            "for_whom": "self", "gender": "perempuan", "age_group": "26-35", "concern": "", "danger": "no",
            "consent": "y"}


def book(citizen, path):
    """Send the details (their page opened before): the appointment's own page, or the fresh times of a slot
    someone else took."""
    answer = citizen.submit(path, booking_form(citizen))
    if answer.status_code == 409 and proper_page(answer, 409) and TAKEN in answer.text:
        return Outcome("taken", 0, 409)
    if answer.status_code != 303:
        return unexpected(answer)
    page = citizen.follow(answer)
    status = STATUS.search(page.text)
    if not (proper_page(page) and status):
        return unexpected(page)
    return Outcome(status.group(1), 0, 200)


def a_later_free_start(app, service):
    """A free start on the second day that has room: the server, reading the clock a moment later, still
    offers it (the first day's first time may fall behind the booking notice meanwhile)."""
    with app.test_request_context():
        day = services.open_days(service, "offline")[1]
        return min(services.free_slots(service, "offline", day))


def test_twenty_citizens_booking_one_slot_over_http(figures, portal, app, create_service, create_counsellor):
    """Per round one slot of the one counsellor: exactly one booking holds it, nineteen are told it is taken,
    no 5xx; afterwards no overlap and every booking whole."""
    service = create_service()
    with app.test_request_context():
        create_counsellor(service)
    for _ in range(ROUNDS):
        start = a_later_free_start(app, service)
        path = f"/konseling/{service.id}/data?cara=offline&mulai={quote(slot_key(start))}"
        outcomes, seconds = crowd(portal.citizens(CITIZENS), lambda c: c.open_form(path), lambda c, _: book(c, path))
        figures.add_round(outcomes, seconds)
        assert Counter(o.kind for o in outcomes) == {"confirmed": 1, "taken": CITIZENS - 1}, (
            surprises(outcomes, {"confirmed", "taken"}), portal.server.log_tail())
        assert Appointment.select().where(Appointment.starts_at == start).count() == 1
    assert overlapping_appointments() == []
    assert appointments_without_trail() == {}
    portal.assert_no_traceback()
