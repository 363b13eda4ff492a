"""The message desk in a real browser: staff send WhatsApp by hand from their phone, one card after another, and
a citizen's page says a message went out only once it did."""
import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.browser.pages import mark_document, no_horizontal_scroll, settled, sign_in, still_same_document
from tests.browser.test_classes import fill_registration

COORDINATOR = "koordinator@puspaga.test"
FULL_CLASS = "Kelas Persiapan Pernikahan Angkatan 13 (Daring)"  # capacity 6, full, with a waiting list
CARDS = "#desk-list article[data-message]"


def international_digits(shown):
    """A number as the card shows it ('0813-5550-0403') in the digits wa.me takes ('6281355500403')."""
    digits = re.sub(r"\D", "", shown)
    return "62" + digits[1:] if digits.startswith("0") else digits


def check_wa_link(card):
    """The card's WhatsApp link opens a chat with the card's number and exactly the card's text."""
    link = urlsplit(card.locator("a[data-wa-link]").get_attribute("href"))
    assert (link.scheme, link.netloc) == ("https", "wa.me"), link
    shown_phone = card.locator(".desk-to .nowrap").first.inner_text().split(":", 1)[1].strip()
    assert link.path == "/" + international_digits(shown_phone), (link.path, shown_phone)
    assert parse_qs(link.query)["text"] == [card.locator(".desk-text").inner_text()]


def one_page(page):
    expect(page.locator("header")).to_have_count(1)
    expect(page.locator("footer")).to_have_count(1)


def mark_first_sent(page):
    """Send the first card by hand and tell the desk: it goes, the next one moves up. Returns the sent card's id."""
    cards = page.locator(CARDS)
    first, second = cards.nth(0), cards.nth(1)
    expect(second).to_be_visible()
    settled(page)  # after the last card's swap, htmx takes over the new cards' buttons one settle later
    sent_id, next_id = first.get_attribute("data-message"), second.get_attribute("data-message")
    check_wa_link(first)
    first.get_by_role("button", name=re.compile("^Sudah terkirim")).click()
    expect(page.locator("#desk-list [role=status]")).to_have_text("Ditandai terkirim.")
    expect(page.locator(f'article[data-message="{sent_id}"]')).to_have_count(0)
    expect(cards.first).to_have_attribute("data-message", next_id)
    one_page(page)
    return sent_id


def test_the_desk_sends_one_message_after_another_on_a_phone(page):
    sign_in(page, COORDINATOR)
    page.get_by_role("navigation", name="Menu staf").get_by_role("link", name=re.compile("^Pesan")).click()
    expect(page).to_have_url(re.compile(r"/staf/pesan/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pesan ke warga")
    settled(page)  # htmx takes over the buttons once it has processed the swapped page
    no_horizontal_scroll(page)
    waiting = int(page.locator("#desk-list").get_attribute("data-desk-waiting"))
    mark_document(page)

    mark_first_sent(page)
    mark_first_sent(page)  # the batch: the next one is ready at once, no reload
    assert still_same_document(page), "marking a message sent reloaded the whole page"
    expect(page.locator("#desk-list")).to_have_attribute("data-desk-waiting", str(waiting - 2))
    no_horizontal_scroll(page)


def test_the_desk_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    sign_in(page, COORDINATOR)
    page.goto("/staf/pesan/")
    first = page.locator(CARDS).first
    sent_id, next_id = first.get_attribute("data-message"), page.locator(CARDS).nth(1).get_attribute("data-message")
    check_wa_link(first)
    first.get_by_role("button", name=re.compile("^Sudah terkirim")).click()
    expect(page).to_have_url(re.compile(r"/staf/pesan/(\?status=waiting)?$"))
    expect(page.get_by_text("Ditandai terkirim.")).to_be_visible()
    expect(page.locator(f'article[data-message="{sent_id}"]')).to_have_count(0)
    expect(page.locator(CARDS).first).to_have_attribute("data-message", next_id)
    one_page(page)
    page.goto("/staf/pesan/?status=sent")
    expect(page.locator(f'article[data-message="{sent_id}"] [data-marked]')).to_contain_text("Rina Koordinator")


def test_a_promoted_citizen_hears_of_the_seat_only_once_it_was_sent(new_page):
    name = "Warga Uji Promosi"
    citizen = new_page()
    citizen.goto("/kelas/?kind=pranikah")
    card = citizen.locator(".class-card", has_text=FULL_CLASS)
    expect(card).to_have_attribute("data-seats-left", "0")
    card.get_by_role("link").click()
    fill_registration(citizen, name, "0812 7000 3001")
    citizen.get_by_role("button", name="Masuk daftar tunggu").click()
    expect(citizen).to_have_url(re.compile(r"/pendaftaran/[\w-]{43}$"))
    expect(citizen.locator("[data-status]")).to_have_attribute("data-status", "waitlisted")
    private_page = citizen.url
    delivery = citizen.locator("p[data-delivery]")
    expect(delivery).to_contain_text("menunggu dikirim petugas")  # the waiting-list message, not sent yet

    staff = new_page()
    sign_in(staff, COORDINATOR)
    staff.get_by_role("navigation", name="Menu staf").get_by_role("link", name="Kelas").click()
    staff.get_by_role("link", name=FULL_CLASS).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(FULL_CLASS)
    staff.get_by_role("link", name="Pendaftar", exact=True).click()
    expect(staff).to_have_url(re.compile(r"/staf/kelas/\d+/pendaftar"))
    mine = staff.locator("#registration-rows tr", has_text=name)
    expect(mine).to_have_attribute("data-status", "waitlisted")
    ahead = int(mine.locator("[data-waitlist-position]").get_attribute("data-waitlist-position"))
    staff.on("dialog", lambda dialog: dialog.accept())
    for _ in range(ahead):  # each cancellation gives the seat to the first on the waiting list
        row = staff.locator('#registration-rows tr[data-status="confirmed"]').first
        code = row.locator("a.code").inner_text()
        row.get_by_role("button", name=re.compile("^Batalkan")).click()
        expect(staff.get_by_text(f"Pendaftaran {code} dibatalkan.")).to_be_visible()
    expect(mine).to_have_attribute("data-status", "confirmed")

    citizen.goto(private_page)
    expect(citizen.locator("[data-status]")).to_have_attribute("data-status", "confirmed")
    expect(delivery).to_have_attribute("data-delivery", "pending")
    expect(delivery).to_contain_text("menunggu dikirim petugas")  # never says sent before it is
    expect(delivery).not_to_contain_text("dikirim ke")

    staff.get_by_role("navigation", name="Menu staf").get_by_role("link", name=re.compile("^Pesan")).click()
    expect(staff).to_have_url(re.compile(r"/staf/pesan/$"))
    settled(staff)  # htmx listens for the filter's change only once it has processed the swapped page
    staff.get_by_label("Tentang").select_option(label="Dapat kursi dari daftar tunggu")
    expect(staff).to_have_url(re.compile(r"topic=registration\.promoted"))
    message = staff.locator(CARDS, has_text=name)
    expect(message).to_have_count(1)
    expect(message).to_contain_text("Segera")  # a seat is only theirs if they hear of it soon
    check_wa_link(message)
    settled(staff)  # the filtered list's buttons are htmx's one settle after the swap
    message.get_by_role("button", name=re.compile("^Sudah terkirim")).click()
    expect(staff.locator("#desk-list [role=status]")).to_have_text("Ditandai terkirim.")
    expect(staff.locator(CARDS, has_text=name)).to_have_count(0)
    expect(staff.get_by_label("Tentang")).to_have_value("registration.promoted")  # the filter stays

    citizen.reload()
    expect(citizen.locator("[data-status]")).to_have_attribute("data-status", "confirmed")
    expect(delivery).to_have_attribute("data-delivery", "sent")
    expect(delivery).to_contain_text(re.compile(r"dikirim ke 0812-7000-3001 pukul \d{2}\.\d{2} WITA"))
    no_horizontal_scroll(citizen)
