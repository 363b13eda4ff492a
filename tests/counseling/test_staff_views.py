"""Staff counselling pages: who reaches what, the schedule (urgent first), steps, desk booking."""
import pytest

from portal.availability.models import ClosedDay, DateException
from portal.counseling.models import Appointment
from portal.notify.models import OutboxMessage
from tests.counseling.conftest import person


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


def test_setting_the_video_link_is_audited_kept_in_the_history_and_refused_once_cancelled(client, auth, booked,
                                                                                         staff_by_role):
    from portal.audit.models import AuditLog

    auth.login(staff_by_role["koordinator"])
    urgent, later = booked["urgent"], booked["later"]
    client.post(f"/staf/konseling/janji/{urgent.id}/tautan", data={"video_link": "https://meet.example.id/abc"})
    assert AuditLog.select().where(AuditLog.action == "appointment.video_link").count() == 1
    assert "Tautan video diatur" in client.get(f"/staf/konseling/janji/{urgent.id}").get_data(as_text=True)
    client.post(f"/staf/konseling/janji/{later.id}/langkah", data={"action": "cancel"})
    refused = client.post(f"/staf/konseling/janji/{later.id}/tautan", data={"video_link": "https://meet.example.id/x"},
                          follow_redirects=True)
    assert "sudah tidak aktif" in refused.get_data(as_text=True) and Appointment.get_by_id(later.id).video_link == ""


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
