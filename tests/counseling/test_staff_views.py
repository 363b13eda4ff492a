"""Staff counselling pages: who reaches what, the schedule (urgent first), steps, desk booking, services, time."""
from datetime import time, timedelta

import pytest

from portal.counseling import services
from portal.counseling.models import Appointment, ClosedDay, DateException, Service, WorkingHours
from portal.db import utcnow
from portal.i18n import local_from_utc
from portal.notify.models import OutboxMessage
from portal.units.models import Unit
from tests.counseling.conftest import person


@pytest.fixture
def booked(at_monday, app_context, create_service, create_counsellor, staff_by_role):
    """A service needing confirmation, two counsellors, and an urgent pending booking with the first."""
    service = create_service(needs_confirmation=True)
    first, second = create_counsellor(service, name="Konselor Satu"), create_counsellor(service, name="Konselor Dua")
    day = services.open_days(service, "video")[0]
    start = min(services.free_slots(service, "video", day, counsellor_id=first.id))
    urgent = services.book(service, "video", start, person(1, urgent=True, concern="Suami memukul saya."),
                           counsellor_id=first.id)
    later = services.book(service, "video", start + timedelta(hours=2), person(2), counsellor_id=first.id)
    return dict(service=service, first=first, second=second, day=day, urgent=urgent, later=later)


def routes(b):
    a, s, c = b["urgent"].id, b["service"].id, b["first"].id
    return {
        "schedule": ("GET", "/staf/konseling/"),
        "appointment": ("GET", f"/staf/konseling/janji/{a}"),
        "desk": ("GET", "/staf/konseling/pesan"),
        "services": ("GET", "/staf/konseling/layanan"),
        "service": ("GET", f"/staf/konseling/layanan/{s}"),
        "time": ("GET", f"/staf/konseling/waktu/{c}"),
        "confirm": ("POST", f"/staf/konseling/janji/{a}/langkah"),
        "reassign": ("POST", f"/staf/konseling/janji/{a}/konselor"),
        "settings": ("POST", "/staf/konseling/pengaturan"),
    }


# role: expected status per route (303 = did the step and went back, 422 = form refused, 404 = not theirs)
EXPECTED = {
    None: dict.fromkeys(["schedule", "appointment", "desk", "services", "service", "time", "confirm", "reassign",
                         "settings"], 302),
    "fasilitator": dict.fromkeys(["schedule", "appointment", "desk", "services", "service", "time", "confirm",
                                  "reassign", "settings"], 403),
    "konselor": dict(schedule=200, appointment=404, desk=403, services=403, service=403, time=404, confirm=404,
                     reassign=403, settings=403),
    "koordinator": dict(schedule=200, appointment=200, desk=200, services=200, service=200, time=200, confirm=303,
                        reassign=422, settings=303),
    "org_admin": dict(schedule=200, appointment=200, desk=200, services=200, service=200, time=200, confirm=303,
                      reassign=422, settings=303),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_counselling_route_is_closed_to_who_should_not_reach_it(client, auth, booked, staff_by_role, role):
    if role:
        auth.login(staff_by_role[role])
    for name, (method, path) in routes(booked).items():
        response = client.open(path, method=method, data={"action": "confirm"} if name == "confirm" else None)
        code = response.status_code
        assert code == EXPECTED[role][name], (role, name, code)


def test_the_assigned_counsellor_sees_their_day_urgent_first_and_alone_reads_the_concern(client, auth, booked,
                                                                                      staff_by_role):
    auth.login(booked["first"])
    week = client.get(f"/staf/konseling/?minggu={booked['day']}").get_data(as_text=True)
    cards = week.split(f'data-day="{booked["day"]}"')[1].split("</section>")[0]
    assert cards.index(f'data-appointment="{booked["urgent"].id}"') < cards.index(f'data-appointment="{booked["later"].id}"')
    assert "is-urgent" in cards.split(f'data-appointment="{booked["later"].id}"')[0]
    first = week.split("data-needing-action")[1].split("</section>")[0]
    assert f'data-appointment="{booked["urgent"].id}"' in first
    own = client.get(f"/staf/konseling/janji/{booked['urgent'].id}").get_data(as_text=True)
    assert "Suami memukul saya." in own and "SAPA 129" in own
    for reader in (staff_by_role["koordinator"], staff_by_role["admin"], staff_by_role["org_admin"]):
        auth.login(reader)
        page = client.get(f"/staf/konseling/janji/{booked['urgent'].id}").get_data(as_text=True)
        assert "Suami memukul" not in page and "Hanya dapat dibaca konselor" in page
    auth.login(booked["second"])
    assert client.get(f"/staf/konseling/janji/{booked['urgent'].id}").status_code == 404


def test_confirming_declining_and_marking_an_appointment(client, auth, booked, staff_by_role, monkeypatch):
    auth.login(booked["first"])
    urgent, later = booked["urgent"], booked["later"]
    assert client.post(f"/staf/konseling/janji/{urgent.id}/langkah", data={"action": "confirm"}).status_code == 303
    assert Appointment.get_by_id(urgent.id).status == "confirmed"
    assert OutboxMessage.select().where(OutboxMessage.topic == "appointment.confirmed").count() == 1
    # Not started yet: refused, and the page says why.
    client.post(f"/staf/konseling/janji/{urgent.id}/langkah", data={"action": "complete"})
    assert Appointment.get_by_id(urgent.id).status == "confirmed"
    assert "belum bisa ditandai" in client.get(f"/staf/konseling/janji/{urgent.id}").get_data(as_text=True)
    monkeypatch.setattr("portal.counseling.services.utcnow", lambda: urgent.ends_at)
    client.post(f"/staf/konseling/janji/{urgent.id}/langkah", data={"action": "no_show"})
    assert Appointment.get_by_id(urgent.id).status == "no_show"
    assert client.post(f"/staf/konseling/janji/{later.id}/langkah", data={"action": "delete"}).status_code == 400
    client.post(f"/staf/konseling/janji/{later.id}/langkah", data={"action": "decline"})
    assert Appointment.get_by_id(later.id).status == "cancelled"


def test_reassigning_and_the_video_link(client, auth, booked, staff_by_role):
    auth.login(staff_by_role["koordinator"])
    urgent = booked["urgent"]
    bad = client.post(f"/staf/konseling/janji/{urgent.id}/tautan", data={"video_link": "zoom saja"})
    assert bad.status_code == 422 and "https://" in bad.get_data(as_text=True)
    client.post(f"/staf/konseling/janji/{urgent.id}/tautan", data={"video_link": "https://meet.example.id/abc"})
    assert Appointment.get_by_id(urgent.id).video_link == "https://meet.example.id/abc"
    moved = client.post(f"/staf/konseling/janji/{urgent.id}/konselor", data={"counsellor": booked["second"].id})
    assert moved.status_code == 303 and Appointment.get_by_id(urgent.id).counsellor_id == booked["second"].id


def test_booking_at_the_desk_follows_the_same_rules(client, auth, booked, staff_by_role):
    auth.login(staff_by_role["koordinator"])
    service, day = booked["service"], booked["day"]
    query = f"layanan={service.id}&cara=offline&tanggal={day}"
    page = client.get(f"/staf/konseling/pesan?{query}").get_data(as_text=True)
    start = page.split('data-slot="')[1].split('"')[0]
    details = dict(name="Warga Datang", phone="081299990000", for_whom="self", gender="perempuan", age_group="36-45",
                   danger="no", consent="y")
    no_time = client.post(f"/staf/konseling/pesan?{query}", data=details)
    assert no_time.status_code == 422 and "Pilih jamnya" in no_time.get_data(as_text=True)
    done = client.post(f"/staf/konseling/pesan?{query}", data={**details, "mulai": start})
    appointment = Appointment.get(Appointment.name == "Warga Datang")
    assert done.status_code == 303 and (appointment.source, appointment.booked_by_id) == (
        "staff", staff_by_role["koordinator"].id)
    again = client.post(f"/staf/konseling/pesan?{query}", data={**details, "name": "Warga Lain", "mulai": start})
    assert again.status_code in (303, 409)  # another counsellor may still be free at that time
    if again.status_code == 409:
        assert "baru saja dipesan" in again.get_data(as_text=True)


def test_services_are_made_and_changed_with_clear_errors(client, auth, booked, staff_by_role):
    auth.login(staff_by_role["koordinator"])
    bad = client.post("/staf/konseling/layanan/baru", data={"name": "", "duration_minutes": "5", "buffer_minutes": "0"})
    assert bad.status_code == 422 and Service.select().count() == 1
    assert "Pilih minimal satu" in bad.get_data(as_text=True)
    twice = client.post("/staf/konseling/layanan/baru", data={
        "name": booked["service"].name, "duration_minutes": "60", "buffer_minutes": "15", "modes": ["offline"]})
    assert twice.status_code == 422 and "sudah punya layanan" in twice.get_data(as_text=True)
    made = client.post("/staf/konseling/layanan/baru", data={
        "name": "Konseling Remaja", "duration_minutes": "45", "buffer_minutes": "10", "modes": ["video", "phone"],
        "active": "y"})
    service = Service.get(Service.name == "Konseling Remaja")
    assert made.status_code == 303 and (service.modes, service.duration_minutes) == ("video,phone", 45)


def test_a_counsellor_sets_their_week_and_dates(client, auth, booked, staff_by_role):
    counsellor = booked["second"]
    auth.login(counsellor)
    week = {"start_0": "09:00", "end_0": "12:00", "break_start_0": "", "break_end_0": "",
            "services": [booked["service"].id], "modes": ["offline"]}
    wrong = client.post("/staf/konseling/waktu", data={**week, "end_0": "08:00"})
    assert wrong.status_code == 422 and "setelah jam mulai" in wrong.get_data(as_text=True)
    assert WorkingHours.select().where(WorkingHours.counsellor == counsellor.id).count() == 14  # unchanged
    assert client.post("/staf/konseling/waktu", data=week).status_code == 303
    hours = list(WorkingHours.select().where(WorkingHours.counsellor == counsellor.id))
    assert [(h.weekday, h.start, h.end) for h in hours] == [(0, time(9), time(12))]
    leave = local_from_utc(utcnow(), "Asia/Makassar").date() + timedelta(days=3)
    client.post(f"/staf/konseling/waktu/{counsellor.id}/tanggal", data={"day": leave.isoformat(), "kind": "off"})
    assert DateException.get().day == leave
    assert client.get(f"/staf/konseling/waktu/{booked['first'].id}").status_code == 404  # not theirs


def test_the_unit_sets_its_rules_and_closed_days(client, auth, booked, staff_by_role):
    auth.login(staff_by_role["koordinator"])
    client.post("/staf/konseling/pengaturan", data={"booking_notice_hours": "2", "booking_horizon_days": "14",
                                                    "cancel_cutoff_hours": "6"})
    unit = Unit.get_by_id(booked["service"].unit_id)
    assert (unit.booking_notice_hours, unit.booking_horizon_days, unit.cancel_cutoff_hours) == (2, 14, 6)
    client.post("/staf/konseling/hari-tutup", data={"day": booked["day"].isoformat(), "reason": "Libur daerah"})
    assert ClosedDay.get().reason == "Libur daerah"
    assert booked["day"] not in services.open_days(booked["service"], "video")


def test_editing_a_service_starts_from_what_it_is(client, auth, booked, staff_by_role):
    auth.login(staff_by_role["koordinator"])
    service = booked["service"]
    page = client.get(f"/staf/konseling/layanan/{service.id}").get_data(as_text=True)
    assert page.count('name="modes" type="checkbox" value=') == 3 and page.count("checked") >= 3
    assert f'value="{service.name}"' in page


def test_only_counsellors_who_give_the_service_are_offered_for_reassigning(client, auth, booked, create_service,
                                                                          create_counsellor, staff_by_role):
    other = create_counsellor(create_service(name="Konseling Anak & Remaja"), name="Konselor Lain")
    auth.login(staff_by_role["koordinator"])
    page = client.get(f"/staf/konseling/janji/{booked['urgent'].id}").get_data(as_text=True)
    form = page.split('id="reassign-title"')[1]
    assert "Konselor Dua" in form and other.name not in form


def test_urgent_bookings_come_first_on_the_staff_dashboard(client, auth, booked, staff_by_role):
    for reader in (booked["first"], staff_by_role["koordinator"]):
        auth.login(reader)
        page = client.get("/staf/").get_data(as_text=True)
        assert page.index("data-urgent-list") < page.index("<h1>")
        assert f'data-appointment="{booked["urgent"].id}"' in page and "1 menunggu konfirmasi" in page
    auth.login(booked["second"])  # not theirs
    assert "data-urgent-list" not in client.get("/staf/").get_data(as_text=True)


def test_the_week_shows_closed_days_and_leave(client, auth, booked, staff_by_role):
    day, counsellor = booked["day"], booked["second"]
    ClosedDay.create(unit=booked["service"].unit, day=day, reason="Libur daerah")
    DateException.create(counsellor=counsellor, day=day, kind="off", note="Cuti")
    auth.login(staff_by_role["koordinator"])
    week = client.get(f"/staf/konseling/?minggu={day}").get_data(as_text=True)
    assert "Tutup: Libur daerah" in week and f"Cuti: {counsellor.name}" in week
    auth.login(booked["first"])  # a counsellor sees only their own leave
    assert "Cuti:" not in client.get(f"/staf/konseling/?minggu={day}").get_data(as_text=True)
