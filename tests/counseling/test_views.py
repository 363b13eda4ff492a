"""Booking counselling from a phone: services, the calendar and times, the details, the appointment's own page."""
import re
from datetime import timedelta
from urllib.parse import quote

import pytest

from portal.counseling import services
from portal.availability.models import ClosedDay
from portal.counseling.models import Appointment
from portal.i18n import local_from_utc
from tests.counseling.conftest import person

DETAILS = dict(name="Warga Satu", phone="0812 3456 7890", email="", for_whom="child", gender="laki-laki",
               age_group="13-17", concern="Anak kami menarik diri sejak pindah sekolah.", danger="no", consent="y")


@pytest.fixture
def offered(at_monday, app_context, service, create_counsellor):
    """A service with one counsellor, and the first day (local) that has free times."""
    create_counsellor(service)
    day = services.open_days(service, "offline")[0]
    return service, day


def slots_of(page):
    return re.findall(r'data-slot="([^"]+)"', page)


def book(client, service, start, mode="offline", **changes):
    return client.post(f"/konseling/{service.id}/data?cara={mode}&mulai={quote(start)}", data={**DETAILS, **changes})


def test_the_services_page_lists_what_each_unit_offers(client, offered, create_service):
    service, _ = offered
    create_service(name="Layanan Lama", active=False)
    page = client.get("/konseling/").get_data(as_text=True)
    assert service.name in page and service.unit.name in page and "Layanan Lama" not in page
    assert f'href="/konseling/{service.id}"' in page and "SAPA 129" in page


def test_the_calendar_offers_days_with_room_and_the_day_its_times(client, offered):
    service, day = offered
    ClosedDay.create(unit=service.unit, day=day + timedelta(days=1), reason="Libur")
    page = client.get(f"/konseling/{service.id}").get_data(as_text=True)
    assert f'name="tanggal" value="{day.isoformat()}"' in page and slots_of(page) == []
    assert re.search(rf'class="day day-off"[^>]*data-day="{day + timedelta(days=1)}"', page)
    page = client.get(f"/konseling/{service.id}?cara=video&tanggal={day.isoformat()}").get_data(as_text=True)
    starts = slots_of(page)
    assert starts and all(s.endswith("Z") for s in starts)
    assert re.search(rf'data-slot="{starts[0]}" href="/konseling/{service.id}/data\?cara=video&amp;mulai=', page)
    assert 'id="cara-video" value="video" checked' in page


def test_a_booking_goes_to_its_own_private_page(client, offered):
    service, day = offered
    start = slots_of(client.get(f"/konseling/{service.id}?tanggal={day}").get_data(as_text=True))[0]
    details = client.get(f"/konseling/{service.id}/data?cara=offline&mulai={quote(start)}")
    assert details.status_code == 200 and "no-store" in details.headers["Cache-Control"]
    response = book(client, service, start)
    assert response.status_code == 303
    appointment = Appointment.get()
    assert response.headers["Location"].endswith(f"/konseling/jadwal/{appointment.token}")
    assert (appointment.status, appointment.phone, appointment.urgent) == ("confirmed", "+6281234567890", False)
    assert appointment.starts_at.isoformat() + "Z" == start
    page = client.get(response.headers["Location"])
    text = page.get_data(as_text=True)
    assert 'data-status="confirmed"' in text and appointment.code in text
    assert "menarik diri" not in text  # the concern is for the counsellor only
    assert "no-store" in page.headers["Cache-Control"] and page.headers["Referrer-Policy"] == "no-referrer"
    for own in ("/pindah", "/kalender.ics"):  # every page of the private link keeps its address to itself
        assert client.get(response.headers["Location"] + own).headers["Referrer-Policy"] == "no-referrer", own
    assert client.get("/konseling/").headers["Referrer-Policy"] == "same-origin"


def test_a_yes_to_the_danger_question_shows_sapa_129_and_flags_the_booking(client, offered):
    service, day = offered
    service.unit.uptd_ppa_name, service.unit.uptd_ppa_phone = "UPTD PPA Kota Uji", "+62411000129"
    service.unit.save()
    start = slots_of(client.get(f"/konseling/{service.id}?tanggal={day}").get_data(as_text=True))[0]
    form = client.get(f"/konseling/{service.id}/data?mulai={quote(start)}").get_data(as_text=True)
    assert "data-danger-help" in form and "tel:129" in form and "+62411000129" in form
    response = book(client, service, start, danger="yes")
    assert Appointment.get().urgent is True
    assert "tel:129" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_bad_details_are_explained_kept_and_nothing_is_booked(client, offered):
    service, day = offered
    start = slots_of(client.get(f"/konseling/{service.id}?tanggal={day}").get_data(as_text=True))[0]
    response = book(client, service, start, phone="12345", consent="", name="Nama Diketik")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and Appointment.select().count() == 0
    assert "nomor HP Indonesia" in page and "Centang persetujuan" in page and 'value="Nama Diketik"' in page


def test_a_time_just_taken_sends_them_back_to_fresh_times(client, offered):
    service, day = offered
    start = slots_of(client.get(f"/konseling/{service.id}?tanggal={day}").get_data(as_text=True))[0]
    assert book(client, service, start).status_code == 303
    again = book(client, service, start, name="Warga Dua", phone="081234567891")
    page = again.get_data(as_text=True)
    assert again.status_code == 409 and "baru saja dipesan" in page
    assert start not in slots_of(page) and slots_of(page)
    assert Appointment.select().count() == 1


@pytest.mark.parametrize("start", ["", "kemarin", "2026-01-01T01:00:00Z", "2026-11-25T01:07:00Z"])
def test_a_start_that_was_never_offered_books_nothing(client, offered, start):
    service, _ = offered
    response = book(client, service, start)
    assert response.status_code in (303, 409) and Appointment.select().count() == 0
    if response.status_code == 303:
        assert response.headers["Location"].startswith(f"/konseling/{service.id}")


def test_cancelling_frees_the_time_until_the_cutoff(client, offered):
    service, day = offered
    appointment = services.book(service, "offline", services.free_slots(service, "offline", day).popitem()[0],
                                person())
    page = f"/konseling/jadwal/{appointment.token}"
    assert "Batalkan jadwal" in client.get(page).get_data(as_text=True)
    client.post(f"{page}/batal")  # without the tick: nothing happens, and the page says why
    assert Appointment.get_by_id(appointment.id).status == "confirmed"
    assert "Centang dulu" in client.get(page).get_data(as_text=True)
    assert client.post(f"{page}/batal", data={"sure": "y"}).status_code == 303
    assert Appointment.get_by_id(appointment.id).status == "cancelled"
    text = client.get(page).get_data(as_text=True)
    assert 'data-status="cancelled"' in text and "Batalkan jadwal</button>" not in text


def test_no_cancelling_after_the_cutoff(client, offered, monkeypatch):
    service, day = offered
    start = min(services.free_slots(service, "offline", day))
    appointment = services.book(service, "offline", start, person())
    monkeypatch.setattr("portal.counseling.views.utcnow", lambda: start - timedelta(hours=2))
    monkeypatch.setattr("portal.counseling.services.utcnow", lambda: start - timedelta(hours=2))
    page = f"/konseling/jadwal/{appointment.token}"
    assert "Batalkan jadwal</button>" not in client.get(page).get_data(as_text=True)
    client.post(f"{page}/batal", data={"sure": "y"})
    assert Appointment.get_by_id(appointment.id).status == "confirmed"


def test_the_calendar_file_and_unknown_links(client, offered):
    service, day = offered
    appointment = services.book(service, "video", min(services.free_slots(service, "video", day)), person())
    ics = client.get(f"/konseling/jadwal/{appointment.token}/kalender.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert "DTSTART:" + appointment.starts_at.strftime("%Y%m%dT%H%M%SZ") in ics.get_data(as_text=True)
    for junk in ("x" * 65, "%00", "tidak-ada"):
        assert client.get(f"/konseling/jadwal/{junk}").status_code == 404
    assert client.get("/konseling/999999").status_code == 404


def test_the_picker_speaks_the_units_time(client, offered):
    service, day = offered
    page = client.get(f"/konseling/{service.id}?tanggal={day}").get_data(as_text=True)
    first = min(services.free_slots(service, "offline", day))
    assert f">{local_from_utc(first, service.unit.timezone):%H.%M}</a>" in page and "waktu WITA" in page


def test_moving_to_another_time_through_the_same_picker(client, offered):
    service, day = offered
    free = sorted(services.free_slots(service, "offline", day))
    first, second = free[0], free[-1]
    appointment = services.book(service, "offline", first, person())
    page = f"/konseling/jadwal/{appointment.token}"
    picker = client.get(f"{page}/pindah?tanggal={day}").get_data(as_text=True)
    offered_starts = slots_of(picker)
    assert first.isoformat() + "Z" in offered_starts  # its own time is not taken from itself
    iso = second.isoformat() + "Z"
    confirm = client.get(f"{page}/pindah/konfirmasi?mulai={quote(iso)}")
    assert confirm.status_code == 200 and "Ya, pindahkan" in confirm.get_data(as_text=True)
    assert Appointment.get_by_id(appointment.id).starts_at == first  # nothing moves on a GET
    assert client.post(f"{page}/pindah/konfirmasi?mulai={quote(iso)}").status_code == 303
    assert Appointment.get_by_id(appointment.id).starts_at == second


def test_moving_onto_a_time_just_taken_offers_fresh_times(client, offered):
    service, day = offered
    free = sorted(services.free_slots(service, "offline", day))
    first, second = free[0], free[-1]
    appointment = services.book(service, "offline", first, person(1))
    services.book(service, "offline", second, person(2))
    response = client.post(f"/konseling/jadwal/{appointment.token}/pindah/konfirmasi?mulai={quote(second.isoformat() + 'Z')}")
    assert response.status_code == 409 and "baru saja dipesan" in response.get_data(as_text=True)
    assert Appointment.get_by_id(appointment.id).starts_at == first
