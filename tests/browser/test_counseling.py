"""Booking counselling on a phone: a day, a time, the details (with the danger question), moving, cancelling."""
import re

from playwright.sync_api import expect

from portal.availability.models import WorkingHours
from portal.counseling.models import Appointment
from portal.db import database
from portal.i18n import local_from_utc
from portal.staff.models import Staff
from portal.units.models import Unit
from tests.browser.conftest import PHONE
from tests.browser.pages import no_horizontal_scroll, settled, sign_in


def choose_a_time(page, service="Konseling Keluarga"):
    page.goto("/konseling/")
    page.get_by_role("link", name=service).first.click()
    expect(page.get_by_label("Video", exact=True)).to_be_attached()
    settled(page)  # a boosted link: the picker listens for its change one settle after it shows
    no_horizontal_scroll(page)
    page.get_by_label("Video", exact=True).check()  # htmx reloads the calendar for video
    expect(page).to_have_url(re.compile(r"cara=video"))
    page.locator("button.day").first.click()
    slot = page.locator("a.slot").first
    expect(slot).to_be_visible()
    expect(page).to_have_url(re.compile(r"tanggal=\d{4}-\d\d-\d\d"))
    no_horizontal_scroll(page)
    start = slot.get_attribute("data-slot")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00Z", start)
    slot.click()
    return start


def fill_details(page, danger):
    page.get_by_label("Nama Anda").fill("Warga Peramban")
    page.get_by_label("Nomor HP (WhatsApp)").fill("0812 7777 0001")
    page.get_by_label("Anak", exact=True).check()
    page.get_by_label("Perempuan", exact=True).check()
    page.get_by_label("Remaja (13–17 tahun)").check()
    page.get_by_label("Ceritakan singkat").fill("Anak kami sulit tidur dan sering marah.")
    help_box = page.locator("[data-danger-help]")
    expect(help_box).to_be_hidden()
    page.locator(".danger-question").get_by_label("Ya", exact=True).check()
    expect(help_box).to_be_visible()  # at once, without a request
    expect(help_box.get_by_role("link", name="Telepon 129")).to_be_visible()
    if not danger:
        page.locator(".danger-question").get_by_label("Tidak", exact=True).check()
        expect(help_box).to_be_hidden()
    page.get_by_label(re.compile("Saya sudah membaca pemberitahuan privasi")).check()
    no_horizontal_scroll(page)
    page.get_by_role("button", name="Pesan jadwal").click()


def test_a_citizen_books_a_video_session_moves_it_and_cancels_it(page):
    start = choose_a_time(page)
    expect(page.locator(".choice-summary")).to_have_attribute("data-slot", start)
    fill_details(page, danger=False)
    expect(page).to_have_url(re.compile(r"/konseling/jadwal/[\w-]{40,}$"))
    article = page.locator("article.appointment")
    expect(article).to_have_attribute("data-status", "confirmed")
    expect(page.locator(".sapa")).to_have_count(0)
    no_horizontal_scroll(page)
    token = page.url.rsplit("/", 1)[1]
    with database.connection_context():
        appointment = Appointment.get(Appointment.token == token)
        assert (appointment.mode, appointment.urgent, appointment.starts_at.isoformat() + "Z") == ("video", False, start)

    page.get_by_role("link", name="Pilih waktu baru").click()
    page.locator("button.day").last.click()
    later = page.locator("a.slot").last
    expect(later).to_be_visible()
    new_start = later.get_attribute("data-slot")
    assert new_start != start
    no_horizontal_scroll(page)
    later.click()
    page.get_by_role("button", name="Ya, pindahkan").click()
    expect(article).to_have_attribute("data-status", "confirmed")
    expect(page.locator(".notice-success")).to_contain_text("dipindah")
    with database.connection_context():
        assert Appointment.get(Appointment.token == token).starts_at.isoformat() + "Z" == new_start

    page.get_by_label("Ya, batalkan jadwal saya").check()
    page.get_by_role("button", name="Batalkan jadwal").click()
    expect(article).to_have_attribute("data-status", "cancelled")
    expect(page.get_by_role("button", name="Batalkan jadwal")).to_have_count(0)


def test_someone_in_danger_sees_sapa_129_and_still_books(page):
    choose_a_time(page)
    fill_details(page, danger=True)
    expect(page.locator("article.appointment")).to_have_attribute("data-status", "confirmed")
    expect(page.locator(".sapa").get_by_role("link", name="Telepon 129")).to_be_visible()
    token = page.url.rsplit("/", 1)[1]
    with database.connection_context():
        assert Appointment.get(Appointment.token == token).urgent is True


def test_without_javascript_the_day_chosen_keeps_the_mode_chosen(new_page):
    page = new_page(java_script_enabled=False, viewport=dict(PHONE))
    page.goto("/konseling/")
    page.get_by_role("link", name="Konseling Keluarga").first.click()
    page.get_by_label("Telepon", exact=True).check()
    page.locator("button.day").first.click()  # without pressing "Tampilkan jadwal" first
    expect(page).to_have_url(re.compile(r"cara=phone&tanggal=\d{4}-\d\d-\d\d#slots$"))
    page.locator("a.slot").first.click()
    expect(page.locator(".choice-summary")).to_contain_text("Telepon")


def test_the_counsellor_sees_the_urgent_booking_on_top_of_their_day(page):
    with database.connection_context():
        urgent = (Appointment.select().join(Staff, on=(Appointment.counsellor == Staff.id))
                  .where(Staff.email == "konselor@puspaga.test", Appointment.urgent == True).get())  # noqa: E712
        day = local_from_utc(urgent.starts_at, urgent.unit.timezone).date()
    sign_in(page, "konselor@puspaga.test")
    page.get_by_role("navigation", name="Menu staf").get_by_role("link", name="Konseling").click()
    expect(page.locator("[data-needing-action] li").first).to_have_attribute("data-appointment", str(urgent.id))
    page.goto(f"/staf/konseling/?minggu={day.isoformat()}")
    first = page.locator(f'section[data-day="{day.isoformat()}"] .appointment-card').first
    expect(first).to_have_attribute("data-appointment", str(urgent.id))
    expect(first).to_have_class(re.compile("is-urgent"))
    no_horizontal_scroll(page)
    first.click()
    expect(page.get_by_role("alert")).to_contain_text("SAPA 129")
    expect(page.locator(".facts").last).to_contain_text("pembagian tugas")  # the concern, for their counsellor only


def test_the_coordinator_confirms_a_request_and_books_for_a_walk_in(page):
    with database.connection_context():
        pending = (Appointment.select().join(Unit).where(Unit.code == "MKS", Appointment.status == "pending")
                   .order_by(Appointment.starts_at).first())
        day = local_from_utc(pending.starts_at, "Asia/Makassar").date()
    sign_in(page, "koordinator@puspaga.test")
    page.goto(f"/staf/konseling/janji/{pending.id}")
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.locator(".page-head [data-status]")).to_have_attribute("data-status", "confirmed")
    no_horizontal_scroll(page)

    page.get_by_role("navigation", name="Menu staf").get_by_role("link", name="Konseling").click()
    page.get_by_role("link", name="Pesan untuk warga").click()
    page.get_by_label("Tanggal").fill(day.isoformat())  # a working day with room, past the day's notice
    page.get_by_role("button", name="Tampilkan jam kosong").click()
    page.locator("input[data-slot]").first.check()
    page.get_by_label("Nama warga").fill("Warga Datang Langsung")
    page.get_by_label("Nomor HP warga (WhatsApp)").fill("0812 6666 0003")
    for label in ("Diri sendiri", "Laki-laki", "36–45 tahun"):
        page.get_by_label(label, exact=True).check()
    page.locator(".danger-question").get_by_label("Tidak", exact=True).check()
    page.get_by_label("Warga sudah mendengar pemberitahuan privasi", exact=False).check()
    no_horizontal_scroll(page)
    page.get_by_role("button", name="Pesan jadwal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warga Datang Langsung")
    with database.connection_context():
        booked = Appointment.get(Appointment.name == "Warga Datang Langsung")
        assert booked.source == "staff" and booked.booked_by.email == "koordinator@puspaga.test"


def test_a_counsellor_sets_saturday_hours(page, console):
    console.allow(r"\b422\b.*/staf/konseling/waktu")  # the refused end time answers 422, which Chromium logs
    sign_in(page, "konselor@puspaga.test")
    page.goto("/staf/konseling/waktu")
    saturday = page.locator('fieldset[data-weekday="5"]')
    saturday.get_by_label("Mulai", exact=True).fill("09:00")
    saturday.get_by_label("Selesai", exact=True).fill("08:00")
    page.get_by_role("button", name="Simpan jam kerja").click()
    expect(saturday.locator(".error")).to_contain_text("setelah jam mulai")  # the error, on that day
    saturday.get_by_label("Selesai", exact=True).fill("12:00")
    page.get_by_role("button", name="Simpan jam kerja").click()
    expect(page.locator(".notice-success")).to_contain_text("disimpan")
    no_horizontal_scroll(page)
    with database.connection_context():
        budi = Staff.get(Staff.email == "konselor@puspaga.test")
        assert WorkingHours.select().where(WorkingHours.counsellor == budi.id, WorkingHours.weekday == 5).exists()
