"""The booking pages are kept per data version: every booking change and availability edit shows on the very
next request, time moving on drops the times that came too close, and no visitor's own parts are shared."""
import re
from datetime import time, timedelta

import pytest

from portal.availability import services as setting_up
from portal.counseling import services
from portal.counseling.models import Appointment
from portal.counseling.slots import from_slot_key
from tests.counseling.conftest import person

pytestmark = pytest.mark.engines


@pytest.fixture
def offered(engine, at_monday, app, service, create_counsellor, dummy_staff):
    """A service with one counsellor, and its first open day."""
    counsellor = create_counsellor(service)
    with app.test_request_context():
        day = services.open_days(service, "offline")[0]
    return service, counsellor, day


def free(hx, service, day, mode="offline"):
    """The free times the picker fragment shows for a day (the first request fills the cache)."""
    return re.findall(r'data-slot="([^"]+)"', hx.get(f"/konseling/{service.id}?cara={mode}&tanggal={day}")
                      .get_data(as_text=True))


def open_days(client, service, mode="offline"):
    return re.findall(r'name="tanggal" value="([^"]+)"', client.get(f"/konseling/{service.id}?cara={mode}")
                      .get_data(as_text=True))


def key(start):
    return start.isoformat() + "Z"


def test_a_booking_its_move_and_its_cancellation_each_show_on_the_next_request(app, hx, offered, dummy_staff):
    service, _, day = offered
    before = free(hx, service, day)
    assert free(hx, service, day) == before  # served from the cache
    with app.test_request_context():
        first = min(services.free_slots(service, "offline", day))
        appointment = services.book(service, "offline", first, person(1))
    assert key(first) not in free(hx, service, day)
    later = first + timedelta(hours=2)
    with app.test_request_context():
        services.reschedule(appointment, later, actor=dummy_staff)
    after_move = free(hx, service, day)
    assert key(first) in after_move and key(later) not in after_move
    with app.test_request_context():
        services.cancel(appointment, actor=dummy_staff)
    assert free(hx, service, day) == before


def test_a_declined_request_frees_its_time_on_the_next_request(app, hx, offered, create_service, create_counsellor,
                                                             dummy_staff):
    _, _, day = offered
    asked = create_service(name="Konseling Pasangan", needs_confirmation=True)
    create_counsellor(asked, name="Konselor Pasangan")
    with app.test_request_context():
        start = min(services.free_slots(asked, "offline", day))
        appointment = services.book(asked, "offline", start, person(2))
    assert key(start) not in free(hx, asked, day)
    with app.test_request_context():
        services.staff_step(dummy_staff, Appointment.get_by_id(appointment.id), "decline")
    assert key(start) in free(hx, asked, day)


def test_availability_edits_show_on_the_next_request(app, client, hx, offered, dummy_staff):
    service, counsellor, day = offered
    assert day.isoformat() in open_days(client, service)
    with app.test_request_context():
        setting_up.add_exception(dummy_staff, counsellor, day, "off", None, None, "Cuti")
    assert day.isoformat() not in open_days(client, service)
    with app.test_request_context():
        leave = counsellor.exceptions.get()
        setting_up.remove_exception(dummy_staff, counsellor, leave.id)
    assert day.isoformat() in open_days(client, service)
    with app.test_request_context():
        setting_up.add_closed_day(dummy_staff, service.unit, day, "Libur")
    assert day.isoformat() not in open_days(client, service)
    with app.test_request_context():
        setting_up.remove_closed_day(dummy_staff, service.unit, service.unit.closed_days.get().id)
    assert free(hx, service, day)[0] < f"{day}T02:00:00Z"  # from 08.00 WITA
    with app.test_request_context():
        week = {weekday: (time(10), time(16), None, None) for weekday in range(7)}
        setting_up.save_week(dummy_staff, counsellor, week, [service.id], ["offline"])
    assert free(hx, service, day)[0] == f"{day}T02:00:00Z"  # 10.00 WITA
    with app.test_request_context():
        setting_up.save_service(dummy_staff, service, dict(duration_minutes=240))
    assert len(free(hx, service, day)) == 5  # four hours fit from 10.00 to 12.00, every half hour


def test_a_counsellor_who_stops_giving_the_service_takes_their_times_along(app, hx, offered):
    service, counsellor, day = offered
    assert free(hx, service, day)
    counsellor.active = False
    counsellor.save()
    assert free(hx, service, day) == []


def test_time_moving_on_drops_the_times_the_notice_no_longer_allows(clock, hx, offered):
    service, _, day = offered
    first, second = free(hx, service, day)[:2]
    clock.at(from_slot_key(first) - timedelta(hours=24) + timedelta(seconds=1))  # nothing changed but the time
    assert free(hx, service, day)[0] == second


def test_the_picker_runs_the_same_queries_however_many_bookings(app, hx, offered, count_queries):
    service, _, day = offered

    def queries():
        free(hx, service, day)  # fills the cache for this version
        with count_queries() as n:
            free(hx, service, day)
        return n.value

    few = queries()
    with app.test_request_context():
        for n in range(4):
            services.book(service, "offline", min(services.free_slots(service, "offline", day)), person(n))
    assert queries() == few <= 4  # three statements, and the line the pool logs as the connection goes back


def test_the_full_picker_page_keeps_each_visitors_flash_their_own(app, client, offered):
    service, _, _ = offered
    answers = [app.test_client().get(f"/konseling/{service.id}") for _ in range(2)]
    assert answers[0].data == answers[1].data and "csrf" not in answers[0].get_data(as_text=True)
    assert "Set-Cookie" not in answers[0].headers  # nothing posted from it: no token, no session
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Pesan untuk satu orang")]
    assert "Pesan untuk satu orang" in client.get(f"/konseling/{service.id}").get_data(as_text=True)
    assert "Pesan untuk satu orang" not in app.test_client().get(f"/konseling/{service.id}").get_data(as_text=True)


def test_the_services_page_follows_a_service_edit_and_a_new_service(app, client, offered, create_service,
                                                                  dummy_staff, count_queries):
    service, _, _ = offered
    assert "Konseling Keluarga" in client.get("/konseling/").get_data(as_text=True)
    with app.test_request_context():
        setting_up.save_service(dummy_staff, service, dict(name="Konseling Remaja"))
    page = client.get("/konseling/").get_data(as_text=True)
    assert "Konseling Remaja" in page and "Konseling Keluarga" not in page
    with count_queries() as one:
        client.get("/konseling/")
    for n in range(3):
        create_service(name=f"Layanan {n}")
    assert "Layanan 2" in client.get("/konseling/").get_data(as_text=True)
    with count_queries() as four:
        client.get("/konseling/")
    assert one.value == four.value


def test_the_times_fragment_holds_no_form_so_it_sets_no_cookie(app, offered):
    service, _, day = offered
    for _ in range(2):  # built, then kept
        response = app.test_client().get(f"/konseling/{service.id}?cara=offline&tanggal={day}",
                                          headers={"HX-Request": "true"})
        assert 'data-slot="' in response.get_data(as_text=True) and "Set-Cookie" not in response.headers
