"""The page shell in a real browser: home on a phone, the language switch, the staff journey."""
import re

import pytest
from playwright.sync_api import expect

from portal.demo import STAFF as DEMO_STAFF
from tests.browser.pages import ADMIN, mark_document, no_horizontal_scroll, settled, sign_in, still_same_document


def test_home_on_a_phone_shows_the_danger_line_in_indonesian(page):
    page.goto("/")

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page).to_have_title(re.compile(r"^Beranda · Puspaga$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Layanan keluarga yang gratis, ramah dan menjaga rahasia"
    )
    banner = page.get_by_role("complementary", name="Dalam bahaya atau mengalami kekerasan?")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("SAPA 129")
    call = banner.get_by_role("link", name="Telepon 129")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:129")
    # Someone in danger should not have to hunt for it: the call button is
    # on the first screen of a small phone, without scrolling.
    box = call.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"], f"call button ends at {box}"
    # The demo units are listed with their contacts.
    expect(page.get_by_role("heading", name="Puspaga Kota Makassar")).to_be_visible()
    expect(page.get_by_role("heading", name="Puspaga Kabupaten Sleman")).to_be_visible()
    no_horizontal_scroll(page)


def test_language_switch_is_remembered(page):
    page.goto("/")
    expect(page.get_by_role("link", name="ID", exact=True)).to_have_attribute("aria-current", "true")

    page.get_by_role("link", name="EN", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Free, friendly and confidential family services")
    expect(page).to_have_title("Home · Puspaga")
    expect(page.get_by_role("link", name="Call 129", exact=True)).to_have_attribute("href", "tel:129")
    expect(page.get_by_role("link", name="EN", exact=True)).to_have_attribute("aria-current", "true")
    no_horizontal_scroll(page)

    page.get_by_role("link", name="Privacy policy").click()
    expect(page).to_have_url(re.compile(r"/privasi$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_role("heading", name="Your rights")).to_be_visible()

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # And back: the switch returns to the same page, in Indonesian.
    page.get_by_role("link", name="ID", exact=True).click()
    expect(page).to_have_url(re.compile(r"/privasi$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pemberitahuan privasi")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pemberitahuan privasi")


def test_language_switch_updates_html_lang_at_once(page):
    """Screen readers pick their voice from <html lang>: it must follow the switch."""
    page.goto("/")
    page.get_by_role("link", name="EN", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Free, friendly and confidential family services")
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=1_000)


def test_staff_journey_login_search_unit_settings_logout(page):
    sign_in(page)

    expect(page).to_have_url(re.compile(r"/staf/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Selamat datang, Admin Puspaga")
    menu = page.get_by_role("navigation", name="Menu staf")
    expect(menu.get_by_role("link", name="Dasbor")).to_have_attribute("aria-current", "page")

    # Staff list, narrowed live by htmx.
    menu.get_by_role("link", name="Pengguna").click()
    expect(page).to_have_url(re.compile(r"/staf/pengguna$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengguna")
    rows = page.locator("#staff-rows tr")
    expect(rows).to_have_count(len(DEMO_STAFF))
    expect(rows.filter(has_text="Budi Santoso")).to_have_count(1)
    settled(page)  # the boosted swap wires the search box one settle after it shows
    mark_document(page)

    search = page.get_by_role("searchbox", name="Cari nama atau email")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/staf/pengguna")) as answer:
        search.press_sequentially("rina", delay=20)
    assert answer.value.request.headers.get("hx-request") == "true"
    assert answer.value.status == 200

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Rina Koordinator")
    expect(rows.first).to_contain_text("koordinator@puspaga.test")
    expect(page.get_by_text("Budi Santoso")).to_have_count(0)
    expect(page.get_by_text("Siti Fasilitator")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/staf/pengguna$"))  # the typed name stays out of the address
    expect(search).to_have_value("rina")
    assert still_same_document(page), "the search reloaded the whole page instead of swapping rows"

    # A unit's settings.
    menu.get_by_role("link", name="Unit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unit")
    page.get_by_role("link", name="Puspaga Kota Makassar").click()
    expect(page).to_have_url(re.compile(r"/staf/unit/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Puspaga Kota Makassar")
    expect(page.get_by_role("group", name="Identitas dan kontak")).to_be_visible()
    expect(page.get_by_label("Nama unit")).to_have_value("Puspaga Kota Makassar")
    expect(page.get_by_label("Nama kepala kantor")).to_have_value("Dra. Hj. Andi Nurhayati, M.Si.")
    expect(page.get_by_role("button", name="Simpan pengaturan")).to_be_visible()
    no_horizontal_scroll(page)

    # Log out: back on the login page, and the staff area is closed again.
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(r"/staf/masuk$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk staf")
    expect(page.get_by_role("status")).to_have_text("Anda sudah keluar.")
    expect(page.get_by_role("navigation", name="Menu staf")).to_have_count(0)

    page.goto("/staf/")
    expect(page).to_have_url(re.compile(r"/staf/masuk\?next=(%2F|/)staf(%2F|/)$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk staf")


def test_failed_login_explains_and_keeps_the_email(page, console):
    # The login answers 422 to a wrong password; Chromium and htmx both log
    # that status as a console error. Nothing else may go wrong.
    console.allow(r"\b422\b.*/staf/masuk\b")
    page.goto("/staf/masuk")
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Kata sandi").fill("not-the-password")
    page.get_by_role("button", name="Masuk", exact=True).click()

    expect(page.get_by_role("alert")).to_have_text("Email atau kata sandi salah, atau akun tidak aktif.")
    expect(page).to_have_url(re.compile(r"/staf/masuk$"))
    expect(page.get_by_label("Email")).to_have_value(ADMIN)
    expect(page.get_by_label("Kata sandi")).to_have_value("")
    expect(page.get_by_role("navigation", name="Menu staf")).to_have_count(0)
    no_horizontal_scroll(page)


def test_this_server_really_checks_csrf(page):
    """The journeys above only prove that forms and htmx send the token if it is checked."""
    page.goto("/")
    answer = page.request.post("/pengaduan/", form={"message": "Tolong hubungi saya"}, max_redirects=0)
    assert answer.status == 400
    assert "kedaluwarsa" in answer.text()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Layanan keluarga yang gratis, ramah dan menjaga rahasia"
    )
