"""What a phone at 360 px shows: filters that fit, codes and results on one line, phones written the Indonesian
way, a staff menu that leaves room for the page, and an audit filter in words."""
import re

from playwright.sync_api import expect

from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.db import database
from tests.browser.pages import ADMIN, no_horizontal_scroll, sign_in
from tests.browser.test_casework import send_request
from tests.browser.test_classes import fill_registration

ONE_LINE = "(el) => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"


def test_the_catalogue_filters_fit_and_name_the_months(page):
    page.goto("/kelas/")
    kind = page.get_by_label("Jenis kelas")
    assert kind.bounding_box()["width"] >= 300  # the longest kind, "Kelas Persiapan Pernikahan", is not cut
    expect(page.locator('input[type="month"]')).to_have_count(0)
    month = page.get_by_label("Bulan")
    expect(month.locator("option").nth(1)).to_have_text(re.compile(r"^[A-Z][a-z]+ \d{4}$"))
    month.select_option(index=1)
    expect(page).to_have_url(re.compile(r"month=\d{4}-\d\d"))
    no_horizontal_scroll(page)


def test_codes_stay_on_one_line_and_phones_read_the_indonesian_way(page):
    send_request(page)
    code = page.locator("[data-code]")
    assert code.evaluate(ONE_LINE) == 1, "the request code breaks over two lines"
    page.goto("/kelas/?kind=pranikah")
    page.locator(".class-card", has_text="Angkatan 12").get_by_role("link").click()
    fill_registration(page, "Warga Telepon", "0812 7000 3101")
    page.get_by_role("button", name="Daftar sekarang").click()
    expect(page.locator(".registration")).to_contain_text("0812-7000-3101")
    expect(page.locator(".registration")).not_to_contain_text("+62812")
    assert page.locator(".registration .code").evaluate(ONE_LINE) == 1


def test_the_staff_menu_leaves_the_page_in_view_and_results_do_not_break(page):
    sign_in(page, ADMIN)
    nav = page.get_by_role("navigation", name="Menu staf")
    assert nav.bounding_box()["height"] <= 110, "the staff menu pushes the page down"
    expect(nav.get_by_role("link", name="Log audit")).to_be_attached()
    no_horizontal_scroll(page)
    with database.connection_context():
        held = Class.get(Class.title == "Kelas Persiapan Pernikahan Angkatan 11")
        assert Registration.select().where(Registration.klass == held.id, Registration.status == "not_completed").exists()
    page.goto(f"/staf/kelas/{held.id}/kehadiran")
    badges = page.locator("tr[data-status='not_completed'] .badge").all()
    assert badges and all(badge.evaluate(ONE_LINE) == 1 for badge in badges), "'Tidak lulus' breaks over two lines"


def test_the_audit_filter_speaks_in_words(page):
    sign_in(page, ADMIN)
    page.goto("/staf/audit/")
    options = page.get_by_label("Tindakan").locator("option").all_inner_texts()
    assert len(options) > 5 and not [o for o in options if re.fullmatch(r"[a-z_]+\.[a-z_]+", o.strip())]
    expect(page.locator("#audit-entries")).not_to_contain_text(re.compile(r"case_file|[a-z]+\.[a-z_]+ "))
