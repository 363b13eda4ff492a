"""A koordinator reads the unit's report on a phone: charts drawn, another period picked, the CSV downloaded."""
import csv
import io
import re
from datetime import timedelta

from playwright.sync_api import expect

from portal.db import utcnow
from tests.browser.pages import no_horizontal_scroll, sign_in


def bar_sizes(page, chart):
    """(width, height) in pixels of each drawn bar of a chart."""
    return [(box["width"], box["height"]) for box in
            (rect.bounding_box() for rect in page.locator(f'[data-chart="{chart}"] svg.bar rect').all())]


def test_a_koordinator_reads_the_report_switches_period_and_downloads_the_csv(page):
    sign_in(page, "koordinator@puspaga.test")
    page.get_by_role("navigation", name="Menu staf").get_by_role("link", name="Laporan").click()
    expect(page).to_have_url(re.compile(r"/staf/laporan/$"))
    expect(page.get_by_role("heading", name="Laporan", exact=True)).to_be_visible()
    expect(page.locator("#report-period")).to_contain_text("Puspaga Kota Makassar")
    no_horizontal_scroll(page)

    # The demo's classes and bookings lie within two months of today.
    today = utcnow().date()
    first, last = today - timedelta(days=60), today + timedelta(days=60)
    page.get_by_label("Rentang tanggal").check()
    expect(page.get_by_label("Bulan", exact=True)).to_be_hidden()
    page.get_by_label("Dari tanggal").fill(first.isoformat())
    page.get_by_label("Sampai tanggal").fill(last.isoformat())
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(re.compile(rf"/staf/laporan/\?periode=rentang&dari={first}&sampai={last}$"))
    for chart in ("classes", "participants", "appointments_outcome", "appointments_mode"):
        expect(page.locator(f'[data-chart="{chart}"]')).to_be_visible()
        sizes = bar_sizes(page, chart)
        assert sizes and all(width > 0 and height > 0 for width, height in sizes), chart
    no_horizontal_scroll(page)
    shown = page.locator('[data-figure="appointments"] .headline-value').inner_text()

    with page.expect_download() as event:
        page.get_by_role("link", name="Unduh CSV").click()
    download = event.value
    assert download.suggested_filename == f"laporan-MKS-{first}_{last}.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    assert ["Janji konseling", shown] in rows

    page.get_by_role("link", name="Sebelumnya").click()
    expect(page).to_have_url(re.compile(rf"dari={first - (last - first) - timedelta(days=1)}"))
    no_horizontal_scroll(page)
