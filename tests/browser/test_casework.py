"""A citizen sends a request and follows it; staff triage it, open a case, write a note, refer and download the
letter."""
import re

from playwright.sync_api import expect

from portal.db import database
from portal.inquiries.models import Inquiry
from tests.browser.pages import no_horizontal_scroll, sign_in
from tests.browser.test_accessibility import serious_violations

MESSAGE = "Anak kami usia 15 tahun kabur dari rumah dua hari. Kami butuh bantuan untuk berbicara dengannya."


def send_request(page, danger=False):
    page.goto("/")
    page.get_by_role("link", name="Kirim pengaduan").click()
    page.get_by_label("Puspaga tujuan").select_option(label="Puspaga Kota Makassar")
    page.get_by_label("Remaja", exact=True).check()
    page.get_by_label("Ceritakan apa yang Anda butuhkan").fill(MESSAGE)
    page.get_by_label("Nama Anda").fill("Ibu Peramban")
    page.get_by_label("Nomor HP (WhatsApp)").fill("0812 7777 0002")
    page.get_by_label("Kecamatan tempat tinggal").fill("Tamalate")
    help_box = page.locator("[data-danger-help]")
    expect(help_box).to_be_hidden()
    page.locator(".danger-question").get_by_label("Ya" if danger else "Tidak", exact=True).check()
    if danger:
        expect(help_box.get_by_role("link", name="Telepon 129")).to_be_visible()  # at once, without a request
    page.get_by_label(re.compile("Saya sudah membaca pemberitahuan privasi")).check()
    no_horizontal_scroll(page)
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page).to_have_url(re.compile(r"/pengaduan/ADU-[0-9A-Z]{6}$"))
    return page.url.rsplit("/", 1)[1]


def test_a_citizen_sends_a_request_and_follows_it_from_another_phone(page, new_page, console):
    console.allow(r"status of 422")  # the empty form and the wrong phone, on purpose
    page.goto("/pengaduan/")
    page.get_by_role("button", name="Kirim pengaduan").click()  # empty: told what is missing, nothing sent
    expect(page.locator(".notice-error")).to_be_visible()
    expect(page.locator(".field.has-error").first).to_be_visible()
    code = send_request(page, danger=True)
    article = page.locator("article.inquiry")
    expect(article).to_have_attribute("data-status", "new")
    expect(article).to_contain_text(MESSAGE)
    expect(page.locator(".sapa")).to_be_visible()
    no_horizontal_scroll(page)
    with database.connection_context():
        assert Inquiry.get(Inquiry.code == code).urgent

    other = new_page()
    other.goto("/pengaduan/")
    other.get_by_label("Kode pengaduan").fill(code.lower())
    other.get_by_role("button", name="Ikuti").click()
    expect(other.locator("article.inquiry")).to_have_count(0)
    other.get_by_label("Nomor HP yang dipakai saat mengirim").fill("0812 0000 0000")
    other.get_by_role("button", name="Lihat pengaduan").click()
    expect(other.locator(".field.has-error")).to_contain_text("tidak cocok")
    other.get_by_label("Nomor HP yang dipakai saat mengirim").fill("081277770002")
    other.get_by_role("button", name="Lihat pengaduan").click()
    expect(other.locator("article.inquiry")).to_contain_text(MESSAGE)
    assert serious_violations(other) == []


def test_staff_triage_a_request_into_a_case_with_a_note_and_a_referral_letter(page, new_page, console):
    console.allow(r"status of 422")  # the empty note and the referral without consent, on purpose
    code = send_request(page)
    sign_in(page, "koordinator@puspaga.test")
    page.get_by_role("navigation", name="Menu staf").get_by_role("link", name="Pengaduan").click()
    rows = page.locator("[data-inquiries] tbody tr")
    expect(rows.first).to_have_class(re.compile("row-urgent"))  # the demo's urgent requests come first
    page.get_by_role("link", name=code).click()
    expect(page.locator(".message-text").first).to_contain_text(MESSAGE)
    page.get_by_label("Jawaban untuk pengirim").fill("Terima kasih. Konselor kami akan menghubungi Ibu hari ini.")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator(".flash, .notice").first).to_contain_text("Jawaban dikirim")
    page.get_by_role("link", name="Buka kasus").click()
    expect(page.get_by_label("Nama klien")).to_have_value("Ibu Peramban")
    page.get_by_label("Perempuan", exact=True).check()
    page.get_by_label("Kelompok usia").select_option("13-17")
    page.get_by_label("Kelurahan / desa").fill("Mangasa")
    page.get_by_label("Nurul Annisa, M.Psi., Psikolog").check()
    no_horizontal_scroll(page)
    page.get_by_role("button", name="Buka kasus").click()
    expect(page).to_have_url(re.compile(r"/staf/kasus/\d+$"))
    case_url = page.url
    expect(page.locator("[data-counsellors]")).to_contain_text("Nurul Annisa")
    expect(page.get_by_label("Catatan baru")).to_have_count(0)  # a koordinator writes no notes

    nurul = new_page(accept_downloads=True)
    sign_in(nurul, "psikolog@puspaga.test")
    nurul.goto(case_url)
    nurul.get_by_role("button", name="Simpan catatan").click()  # empty: the page opens at the form, error in view
    expect(nurul.locator("#note-title ~ form .error, #note-title ~ .notice-error").first).to_be_in_viewport()
    nurul.get_by_label("Catatan baru").fill("Remaja bersedia bertemu minggu depan; orang tua diminta tidak memaksa.")
    nurul.get_by_role("button", name="Simpan catatan").click()
    expect(nurul.locator(".note-text").last).to_contain_text("Remaja bersedia bertemu")
    nurul.locator("summary", has_text="Rujuk ke UPTD PPA").click()
    nurul.get_by_label("Dirujuk ke").select_option("kesehatan")
    nurul.get_by_label("Nama lembaga tujuan").fill("Puskesmas Mangasa")
    nurul.get_by_label("Alasan rujukan").fill("Pemeriksaan kesehatan dan psikologis remaja.")
    nurul.get_by_label("Kronologi").fill("Remaja pergi dari rumah selama dua hari dan kembali dengan luka ringan.")
    nurul.get_by_role("button", name="Buat rujukan").click()
    expect(nurul.locator(".field.has-error")).to_contain_text("persetujuan klien")  # typed text is kept
    expect(nurul.get_by_label("Nama lembaga tujuan")).to_have_value("Puskesmas Mangasa")
    nurul.get_by_label(re.compile("sudah menyetujui rujukan ini")).check()
    nurul.get_by_role("button", name="Buat rujukan").click()
    referral = nurul.locator('[data-kind="referral"]')
    expect(referral).to_contain_text("Puskesmas Mangasa")
    no_horizontal_scroll(nurul)
    with nurul.expect_download() as download:
        referral.get_by_role("link", name="Unduh surat rujukan (PDF)").click()
    assert download.value.suggested_filename.startswith("surat-rujukan-")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"

    page.reload()  # the koordinator sees that a note exists and who wrote it, never its text
    expect(page.locator("[data-note-hidden]")).to_have_count(1)
    expect(page.get_by_text("Remaja bersedia bertemu")).to_have_count(0)
    expect(page.locator('[data-kind="note"]')).to_contain_text("Nurul Annisa")
    assert serious_violations(page) == []
