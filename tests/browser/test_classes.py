"""Citizens and classes in a real browser, on a phone: find, register, wait, get promoted."""
import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.pages import no_horizontal_scroll, settled

WEDDING = (date.today() + timedelta(days=120)).isoformat()


def fill_registration(page, name, phone, kind="pranikah"):
    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label("Nomor HP (WhatsApp)").fill(phone)
    page.get_by_label("Perempuan").check()
    if kind == "pranikah":
        page.get_by_label("Nama calon pasangan").fill("Rahmat Hidayat")
        page.get_by_label("Rencana tanggal pernikahan").fill(WEDDING)
    else:
        page.get_by_label("Balita (3–5 tahun)").check()
    page.get_by_label(re.compile("^Saya sudah membaca pemberitahuan privasi")).check()


def test_a_citizen_finds_a_class_and_registers_on_a_phone(page):
    page.goto("/")
    page.get_by_role("link", name="Daftar kelas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jadwal kelas")
    settled(page)  # a boosted link: the new page's filter listens one settle after it shows
    page.get_by_label("Jenis kelas").select_option("pranikah")
    expect(page).to_have_url(re.compile(r"kind=pranikah"))
    card = page.locator(".class-card", has_text="Angkatan 12")
    expect(card).to_have_attribute("data-capacity", "30")
    seats_before = int(card.get_attribute("data-seats-left"))
    no_horizontal_scroll(page)
    card.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kelas Persiapan Pernikahan Angkatan 12")
    settled(page)  # and the live checks of its form
    # Inline check while typing: a wrong number is flagged before sending.
    page.get_by_label("Nomor HP (WhatsApp)").fill("12345")
    expect(page.locator("#phone-check")).to_contain_text("nomor HP Indonesia")
    fill_registration(page, "Siti Rahmawati", "0812 7000 1001")
    expect(page.locator("#phone-check")).to_contain_text("Format benar")
    no_horizontal_scroll(page)
    page.get_by_role("button", name="Daftar sekarang").click()

    expect(page).to_have_url(re.compile(r"/pendaftaran/[\w-]{43}$"))
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "confirmed")
    expect(page.get_by_text(re.compile(r"KLS-[A-Z0-9]{6}"))).to_be_visible()
    expect(page.get_by_role("link", name="Simpan ke kalender (.ics)")).to_be_visible()
    no_horizontal_scroll(page)

    page.goto("/kelas/?kind=pranikah")
    card = page.locator(".class-card", has_text="Angkatan 12")
    expect(card).to_have_attribute("data-seats-left", str(seats_before - 1))


def test_bad_input_is_explained_and_kept(page, console):
    console.allow(r"\b422\b")  # the form comes back with 422, which Chromium logs
    page.goto("/kelas/")
    page.locator(".class-card", has_text="Angkatan 12").get_by_role("link").click()
    page.get_by_label("Nama lengkap").fill("Budi")
    page.get_by_role("button", name="Daftar sekarang").click()
    expect(page.get_by_role("alert")).to_contain_text("Periksa lagi")
    expect(page.get_by_label("Nama lengkap")).to_have_value("Budi")
    expect(page.get_by_text("Centang persetujuan untuk mendaftar.")).to_be_visible()


def test_a_full_class_waits_and_a_cancellation_promotes(new_page, console):
    """Class 2 has one seat left: A takes it, B waits, A cancels, B gets the seat."""
    phones = {"A": "0812 7000 2001", "B": "0812 7000 2002"}
    pages = {}
    for who in ("A", "B"):
        tab = new_page()
        tab.goto("/kelas/?kind=parenting")
        tab.locator(".class-card", has_text="Mengasuh Anak Usia Dini").get_by_role("link").click()
        fill_registration(tab, f"Warga {who}", phones[who], kind="parenting")
        tab.get_by_role("button", name=re.compile("Daftar sekarang|Masuk daftar tunggu")).click()
        expect(tab).to_have_url(re.compile(r"/pendaftaran/"))
        pages[who] = tab

    expect(pages["A"].locator("[data-status]")).to_have_attribute("data-status", "confirmed")
    expect(pages["B"].locator("[data-status]")).to_have_attribute("data-status", "waitlisted")
    expect(pages["B"].get_by_text("nomor 1 di daftar tunggu", exact=False)).to_be_visible()

    pages["A"].get_by_role("button", name="Batalkan pendaftaran").click()  # a slip of the thumb: nothing happens
    expect(pages["A"].get_by_role("alert")).to_contain_text("Centang dulu")
    expect(pages["A"].locator("[data-status]")).to_have_attribute("data-status", "confirmed")
    pages["A"].get_by_label("Ya, batalkan pendaftaran saya").check()
    pages["A"].get_by_role("button", name="Batalkan pendaftaran").click()
    expect(pages["A"].locator("[data-status]")).to_have_attribute("data-status", "cancelled")

    pages["B"].reload()
    expect(pages["B"].locator("[data-status]")).to_have_attribute("data-status", "confirmed")
