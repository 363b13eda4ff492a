"""Staff journeys of the second factor on a phone: a counsellor sets it up at the first sign-in, signs in again
with a recovery code, and the admin resets it when the phone is lost."""
import re

import pyotp
import pytest
from playwright.sync_api import expect

from portal.demo import DEMO_PASSWORD
from tests.browser.conftest import serve_demo
from tests.browser.pages import no_horizontal_scroll, settled

ADMIN, COUNSELLOR = "admin@puspaga.test", "konselor@puspaga.test"


@pytest.fixture(scope="module")
def live_server(sqlite_template, tmp_path_factory):
    """The demo with the production rule: admins and counsellors must have a second factor."""
    base_url, stop = serve_demo(sqlite_template, tmp_path_factory.mktemp("live"), TWO_FACTOR_ROLES=("admin", "konselor"))
    yield base_url
    stop()


def password_step(page, email):
    page.goto("/staf/masuk")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


def enrol(page):
    """From the enrolment page a required role lands on: scan (read the key), type the app's code."""
    expect(page).to_have_url(re.compile(r"/staf/dua-langkah$"))
    expect(page.get_by_text("wajib memakai verifikasi dua langkah")).to_be_visible()
    expect(page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_be_visible()
    no_horizontal_scroll(page)
    secret = page.locator("[data-secret]").inner_text()
    page.get_by_label("Kode").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.locator(".has-error")).to_contain_text("Kode salah")
    page.get_by_label("Kode").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Aktifkan").click()
    codes = page.locator("[data-recovery-codes] li")
    expect(codes).to_have_count(10)
    no_horizontal_scroll(page)
    recovery = codes.all_inner_texts()
    page.get_by_role("link", name="Sudah saya simpan").click()
    expect(page).to_have_url(re.compile(r"/staf/$"))
    return secret, recovery


@pytest.fixture(autouse=True)
def wrong_code_on_purpose(console):
    console.allow(r"status of 422 .*/staf/dua-langkah")  # enrolment tries a wrong code first


def test_a_counsellor_sets_up_the_second_factor_and_signs_in_with_a_recovery_code(page):
    password_step(page, COUNSELLOR)
    expect(page).to_have_url(re.compile(r"/staf/dua-langkah$"))
    page.goto("/staf/konseling/")  # anywhere else waits until the second factor is on
    secret, recovery = enrol(page)

    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_text("Anda sudah keluar.")).to_be_visible()
    password_step(page, COUNSELLOR)
    expect(page).to_have_url(re.compile(r"/staf/masuk/kode$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode verifikasi")
    no_horizontal_scroll(page)
    settled(page)
    page.get_by_label("Kode").fill(recovery[0])
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page).to_have_url(re.compile(r"/staf/$"))
    expect(page.get_by_text("sisa 9 kode")).to_be_visible()
    expect(page.locator("header")).to_have_count(1)

    page.get_by_role("link", name="Verifikasi dua langkah").click()
    expect(page.get_by_text("Sisa 9 kode pemulihan.")).to_be_visible()
    expect(page.get_by_role("button", name="Matikan verifikasi dua langkah")).to_have_count(0)  # required here


def test_the_admin_resets_a_lost_phone(page, new_page):
    counsellor = new_page()
    password_step(counsellor, "psikolog@puspaga.test")
    enrol(counsellor)

    password_step(page, ADMIN)
    enrol(page)
    page.get_by_role("navigation", name="Menu staf").get_by_role("link", name="Pengguna").click()
    page.get_by_role("link", name=re.compile("Nurul Annisa")).click()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Atur ulang verifikasi dua langkah").click()
    expect(page.get_by_text("Verifikasi dua langkah akun ini diatur ulang")).to_be_visible()
    expect(page.get_by_role("button", name="Atur ulang verifikasi dua langkah")).to_have_count(0)
    expect(page.locator("header")).to_have_count(1)

    counsellor.reload()  # signed out everywhere; the password alone leads to setting it up again
    expect(counsellor).to_have_url(re.compile(r"/staf/masuk"))
    password_step(counsellor, "psikolog@puspaga.test")
    expect(counsellor).to_have_url(re.compile(r"/staf/dua-langkah$"))
