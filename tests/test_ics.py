"""Calendar files keep RFC 5545: every event has UID, DTSTAMP and DTSTART, ends after it starts, and the calendar
names its product and version; a confirmed seat in an online or hybrid class carries the link."""
import pytest
from icalendar import Calendar

from portal.counseling import services as counseling
from tests.classes.conftest import create_class, person, register  # noqa: F401 - fixtures used here
from portal.counseling.messages import appointment_calendar
from portal.counseling.models import Appointment
from tests.counseling.conftest import at_monday, create_counsellor, create_service, service  # noqa: F401
from tests.counseling.conftest import person as booker


def events_of(text):
    """The VEVENTs of a file that must be valid RFC 5545 (what icalendar parses and the RFC requires)."""
    cal = Calendar.from_ical(text)
    assert cal.name == "VCALENDAR" and cal.get("PRODID") and str(cal.get("VERSION")) == "2.0"
    events = cal.walk("VEVENT")
    assert events
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert event.get(required) is not None, f"{required} missing"
        assert not (event.get("DTEND") and event.get("DURATION")), "DTEND and DURATION together"
        assert event.decoded("DTEND") > event.decoded("DTSTART")
        assert event.decoded("DTSTAMP").tzinfo is not None  # DTSTAMP is in UTC
    assert len({e["UID"] for e in events}) == len(events)
    return events


@pytest.mark.parametrize("mode", ["online", "hybrid", "offline"])
def test_a_class_calendar_is_valid_and_carries_the_link_once_the_seat_is_confirmed(client, create_class, register,
                                                                                     mode):
    klass = create_class(capacity=1, sessions=3, mode=mode)
    holder, _ = register(klass, person(1))
    events = events_of(client.get(f"/pendaftaran/{holder.token}/kalender.ics").get_data(as_text=True))
    assert len(events) == 3
    carries = [klass.online_link in str(e.get("DESCRIPTION", "")) and str(e.get("URL", "")) == klass.online_link
               for e in events]
    assert all(carries) if mode != "offline" else not any(carries)


def test_an_appointment_calendar_is_valid_booked_moved_and_cancelled(app, client, at_monday, service,
                                                                     create_counsellor):
    create_counsellor(service)
    with app.test_request_context():
        day = counseling.open_days(service, "video")[0]
        first, later = sorted(counseling.free_slots(service, "video", day))[:2]
        appointment = counseling.book(service, "video", first, booker(1))
        url = f"/konseling/jadwal/{appointment.token}/kalender.ics"
        [event] = events_of(client.get(url).get_data(as_text=True))
        counseling.reschedule(appointment, later)
        [moved] = events_of(client.get(url).get_data(as_text=True))
        assert moved["UID"] == event["UID"] and moved["SEQUENCE"] > event["SEQUENCE"]
        counseling.cancel(appointment)
        [gone] = events_of(appointment_calendar(Appointment.get_by_id(appointment.id)))
        assert str(gone["STATUS"]) == "CANCELLED"
