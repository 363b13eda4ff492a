"""An admin answers a citizen's data request on a phone: find them by number, download their data, erase it."""
import json

from playwright.sync_api import expect

from tests.browser.pages import no_horizontal_scroll, sign_in
from tests.browser.test_accessibility import serious_violations

DEMO_NAME = "Rahmawati Said"  # booked counselling in the demo, with +6281355500101


def search(page, number):
    page.get_by_label("Nomor HP atau NIK").fill(number)
    page.get_by_role("button", name="Cari", exact=True).click()


def test_an_admin_finds_downloads_and_erases_a_persons_data(page, console):
    console.allow(r"\b422\b.*/staf/data-pribadi/hapus")  # erasing without the tick answers 422, which Chromium logs
    sign_in(page)
    page.goto("/staf/data-pribadi/")
    search(page, "0813-5550-0101")
    results = page.locator(".person-results")
    expect(results).to_contain_text(DEMO_NAME)
    expect(results).to_contain_text("Janji temu konseling")
    assert "0101" not in page.url  # the number travels in the form body only
    no_horizontal_scroll(page)
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh JSON").click()
    exported = json.loads(download.value.path().read_text())
    assert exported["identifiers"]["phones"] == ["+6281355500101"]
    assert exported["appointments"][0]["name"] == DEMO_NAME

    page.get_by_role("button", name="Hapus data pribadi").click()
    expect(page.locator(".field-check .error")).to_contain_text("Centang kotak ini")
    page.get_by_label("Saya sudah memeriksa daftar di atas", exact=False).check()
    page.get_by_role("button", name="Hapus data pribadi").click()
    expect(page.locator(".notice-success")).to_contain_text("dianonimkan")

    search(page, "+62 813 5550 0101")
    expect(page.locator(".person-results")).to_contain_text("Tidak ada data tersimpan")
    expect(page.locator(".person-results")).not_to_contain_text(DEMO_NAME)
