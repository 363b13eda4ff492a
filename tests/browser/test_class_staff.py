"""Staff run a class in a real browser: attendance toggles in place, then closing sets the results."""
import re

from playwright.sync_api import expect

from tests.browser.pages import mark_document, no_horizontal_scroll, settled, sign_in, still_same_document

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


UPCOMING = "Kelas Persiapan Pernikahan Angkatan 12"  # eight registrants in the demo


def open_registrations(page):
    """Sign in as the coordinator and open the upcoming class's registrations table."""
    sign_in(page, COORDINATOR)
    page.get_by_role("navigation", name="Menu staf").get_by_role("link", name="Kelas").click()
    page.get_by_role("link", name=UPCOMING).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(UPCOMING)
    page.get_by_role("navigation", name="Bagian kelas").get_by_role("link", name="Pendaftar", exact=True).click()
    expect(page).to_have_url(re.compile(r"/pendaftar$"))
    settled(page)


def digits(text):
    return re.sub(r"\D", "", text).lstrip("0")


def test_a_phone_number_searched_for_narrows_the_table_and_stays_out_of_every_address(page):
    open_registrations(page)
    rows = page.locator("#registration-rows tr")
    expect(rows).to_have_count(8)
    wanted = rows.nth(1)
    name, phone = wanted.locator("td").nth(0).inner_text(), wanted.locator("td").nth(2).inner_text()
    addresses = []
    page.on("request", lambda request: addresses.append(request.url))
    mark_document(page)

    search = page.get_by_role("searchbox", name="Cari nama, nomor HP atau kode")
    with page.expect_response(lambda r: r.request.method == "POST" and "/pendaftar" in r.url) as answer:
        search.press_sequentially(phone, delay=20)
    assert answer.value.request.headers.get("hx-request") == "true" and answer.value.status == 200
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(name)
    assert still_same_document(page), "the search reloaded the whole page instead of swapping rows"
    links = page.eval_on_selector_all("[href], [action], [hx-get], [hx-post]", """elements => elements.map(e =>
        e.getAttribute("href") || e.getAttribute("action") || e.getAttribute("hx-get") || e.getAttribute("hx-post"))""")
    assert [address for address in [page.url, *addresses, *links] if digits(phone) in digits(address)] == []


def test_the_registration_search_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    open_registrations(page)
    phone = page.locator("#registration-rows tr").nth(2).locator("td").nth(2).inner_text()
    page.get_by_role("searchbox", name="Cari nama, nomor HP atau kode").fill(phone)
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#registration-rows tr")).to_have_count(1)
    expect(page.locator("#registration-rows tr").first).to_contain_text(phone)
    assert digits(phone) not in digits(page.url)
