"""Staff run a class in a real browser: attendance toggles in place, then closing sets the results."""
import re

from playwright.sync_api import expect

from tests.browser.pages import mark_document, no_horizontal_scroll, sign_in, still_same_document

COORDINATOR = "koordinator@puspaga.test"
TITLE = "Kelas Parenting: Komunikasi Tanpa Marah"  # held by the demo, waiting to be closed


def test_coordinator_marks_attendance_and_closes_the_class(page):
    sign_in(page, COORDINATOR)
    page.get_by_role("navigation", name="Menu staf").get_by_role("link", name="Kelas").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("link", name="Kehadiran").click()
    expect(page).to_have_url(re.compile(r"/kehadiran$"))
    no_horizontal_scroll(page)

    first = page.locator("tbody tr").first
    name = first.locator("strong").inner_text()
    mark_document(page)
    toggles = first.get_by_role("button", name=re.compile("^Hadir"))
    expect(toggles).to_have_count(3)
    for n in range(3):
        toggle = first.get_by_role("button", name=re.compile("^Hadir")).nth(n)
        toggle.click()
        expect(first.get_by_role("button", name=re.compile("^Hadir")).nth(n)).to_have_attribute("aria-pressed", "true")
    assert still_same_document(page), "a toggle reloaded the whole page"

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tutup kelas").click()
    expect(page.get_by_text(re.compile(r"Kelas sudah ditutup: 1 peserta lulus"))).to_be_visible()
    row = page.locator("tbody tr", has_text=name)
    expect(row).to_have_attribute("data-status", "completed")
    expect(page.locator('tbody tr[data-status="not_completed"]').first).to_be_visible()
