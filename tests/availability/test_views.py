"""Setting up counselling: services, the unit's booking rules and closed days, a counsellor's week and dates."""
from datetime import time, timedelta

from portal.counseling import services
from portal.availability.models import ClosedDay, DateException, Service, WorkingHours
from portal.db import utcnow
from portal.i18n import local_from_utc
from portal.units.models import Unit


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
