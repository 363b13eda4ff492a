"""The report page and its exports show exactly the counts of the rows, for the units the viewer may see."""
from datetime import date, datetime, timedelta

import pytest

from portal.audit.models import AuditLog
from portal.availability.models import Service
from portal.counseling.models import Appointment
from portal.units.models import Unit
from tests.reports.conftest import NOVEMBER, expected, utc
from tests.reports.readers import PageReader, pdf_pages, pdf_sections, pdf_text, read_csv, read_xlsx

pytestmark = pytest.mark.engines

TITLES = {
    "classes": "Kelas terlaksana menurut jenis",
    "participants": "Peserta kelas menurut jenis kelamin",
    "certificates": "Sertifikat terbit menurut jenis kelas",
    "appointments_service": "Janji konseling menurut layanan",
    "appointments_mode": "Janji konseling menurut cara",
    "appointments_outcome": "Janji konseling menurut hasil",
    "requests_category": "Pengaduan menurut kategori",
    "requests_kecamatan": "Pengaduan menurut kecamatan",
    "cases_category": "Kasus menurut kategori",
    "cases_kecamatan": "Kasus menurut kecamatan",
    "referrals": "Rujukan menurut tujuan",
}
FIGURES = {
    "classes": "Kelas terlaksana", "registered": "Peserta terdaftar", "completed": "Peserta lulus",
    "certificates": "Sertifikat terbit", "appointments": "Janji konseling", "no_show": "Tingkat tidak hadir",
    "requests": "Pengaduan masuk", "cases": "Kasus dibuka", "referrals": "Rujukan",
}
PERIODS = {
    "month": ("periode=bulan&bulan=11&tahun=2026", NOVEMBER),
    "quarter": ("periode=triwulan&triwulan=4&tahun=2026", (date(2026, 10, 1), date(2026, 12, 31))),
    "year": ("periode=tahun&tahun=2026", (date(2026, 1, 1), date(2026, 12, 31))),
    "range": ("periode=rentang&dari=2026-10-20&sampai=2026-11-30", (date(2026, 10, 20), date(2026, 11, 30))),
}
MONTH = PERIODS["month"][0]
HOUR = timedelta(hours=1)


def number(n):
    return f"{n:,}".replace(",", ".")


def rate(value):
    return "–" if value is None else f"{value * 100:.1f}".replace(".", ",") + "%"


def assert_tables(found, tables):
    """Every table read back equals the direct count: each row, and the total."""
    for key, rows in tables.items():
        table = found[TITLES[key]]
        assert table["rows"] == rows, key
        assert table["total"] == [sum(column) for column in zip(*rows.values())] if rows else [0], key


def viewers(dataset, staff_by_role, create_staff):
    """(who, the unit ids they must see, ?unit=): the org admin on all and on one unit, a koordinator, a unit
    admin, and a koordinator who asks for another unit and still gets only their own."""
    a, b, c = (unit.id for unit in dataset.units)
    unit_admin = create_staff(role="admin", unit=dataset.units[1])
    return [
        (staff_by_role["org_admin"], {a, b, c, staff_by_role["koordinator"].unit_id}, ""),
        (staff_by_role["org_admin"], {c}, f"&unit={c}"),
        (dataset.koordinators[a], {a}, ""),
        (unit_admin, {b}, ""),
        (dataset.koordinators[a], {a}, f"&unit={b}"),
    ]


def test_every_table_of_the_page_equals_a_count_of_the_rows(client, auth, dataset, staff_by_role, create_staff):
    for staff, unit_ids, unit_arg in viewers(dataset, staff_by_role, create_staff):
        auth.login(staff)
        for name, (query, (first, last)) in PERIODS.items():
            response = client.get(f"/staf/laporan/?{query}{unit_arg}", follow_redirects=True)
            assert response.status_code == 200, (name, unit_arg)
            page = PageReader(response.get_data(as_text=True))
            tables, figures = expected(dataset, unit_ids, first, last)
            assert_tables(page.tables, tables)
            assert page.figures == {key: rate(v) if key == "no_show" else number(v) for key, v in figures.items()}
        auth.logout()


def test_a_koordinator_sees_only_their_unit_whatever_they_ask(client, auth, dataset):
    a, b = dataset.units[0], dataset.units[1]
    auth.login(dataset.koordinators[a.id])
    for suffix in ("", f"&unit={b.id}", "&unit=semua"):
        html = client.get(f"/staf/laporan/?{MONTH}{suffix}", follow_redirects=True).get_data(as_text=True)
        assert a.name in html and b.name not in html
        assert 'name="unit"' not in html, "one unit: nothing to pick"
        tables, _ = read_csv(client.get(f"/staf/laporan/laporan.csv?{MONTH}{suffix}").get_data(as_text=True))
        assert tables[TITLES["requests_kecamatan"]]["rows"] == expected(dataset, {a.id}, *NOVEMBER)[0]["requests_kecamatan"]


def test_the_csv_and_the_workbook_hold_the_same_counts(client, auth, dataset, staff_by_role):
    a = dataset.units[0]
    for staff, unit_ids in ((staff_by_role["org_admin"], {u.id for u in dataset.units}), (dataset.koordinators[a.id], {a.id})):
        auth.login(staff)
        tables, figures = expected(dataset, unit_ids, *NOVEMBER)
        labels = {FIGURES[key]: value for key, value in figures.items() if key != "no_show"}
        for found, headline in (read_csv(client.get(f"/staf/laporan/laporan.csv?{MONTH}").get_data(as_text=True)),
                                read_xlsx(client.get(f"/staf/laporan/laporan.xlsx?{MONTH}").data)):
            assert_tables(found, tables)
            assert {label: int(headline[label]) for label in labels} == labels
            assert float(headline["Tingkat tidak hadir (%)"]) == pytest.approx(figures["no_show"] * 100, abs=0.051)
            assert found[TITLES["appointments_outcome"]]["rows"]["Tidak hadir"] == tables["appointments_outcome"]["Tidak hadir"]
        auth.logout()


def test_the_pdf_holds_the_headline_and_the_main_tables_on_one_page(client, auth, dataset):
    a = dataset.units[0]
    Unit.update(head_name="Dra. Andi Kepala", head_title="Kepala Dinas P3A", head_nip="197003121995032004").where(
        Unit.id == a.id).execute()
    auth.login(dataset.koordinators[a.id])
    response = client.get(f"/staf/laporan/laporan.pdf?{MONTH}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(pdf_pages(response.data)) == 1
    text = pdf_text(response.data)
    for words in ("LAPORAN BULANAN", "November 2026", a.name.upper(), "Dra. Andi Kepala", "Kepala Dinas P3A",
                  "NIP. 197003121995032004"):
        assert words in text
    tables, figures = expected(dataset, {a.id}, *NOVEMBER)
    for key, value in figures.items():
        assert f"{rate(value) if key == 'no_show' else number(value)} {FIGURES[key]}" in text
    requests, cases = tables["requests_category"], tables["cases_category"]
    paired = {label: requests.get(label, [0]) + cases.get(label, [0]) for label in {**requests, **cases}}
    on_paper = {key: tables[key] for key in ("classes", "participants", "certificates", "appointments_outcome",
                                             "appointments_mode", "appointments_service", "referrals")}
    titles = {TITLES[key]: rows for key, rows in on_paper.items()}
    titles["Pengaduan dan kasus menurut kategori"] = paired
    for title, section in pdf_sections(text, titles).items():
        for label, counts in titles[title].items():
            assert f"{label} {' '.join(number(n) for n in counts)}" in section, (title, label)
        totals = [sum(column) for column in zip(*titles[title].values())]
        assert f"Jumlah {' '.join(number(n) for n in totals)}" in section, title


def test_nothing_personal_leaves_in_any_format(client, auth, dataset, staff_by_role):
    auth.login(staff_by_role["org_admin"])
    a = dataset.units[0]
    responses = [client.get(f"/staf/laporan/{name}?{MONTH}&unit={a.id}")
                 for name in ("", "laporan.csv", "laporan.xlsx", "laporan.pdf")]
    html, csv_text = responses[0].get_data(as_text=True), responses[1].get_data(as_text=True)
    texts = [html, csv_text, str(read_xlsx(responses[2].data)), pdf_text(responses[3].data)]
    for text in texts:
        for personal in ("Warga", "Klien", "+62812", "081200000000"):
            assert personal not in text


def test_the_month_is_cut_at_each_units_own_midnight(client, auth, app, create_unit, create_staff, staff_by_role):
    """00.30 WITA on 1 November is 23.30 WIB on 31 October: the same moment counts in different months."""
    wita, wib = create_unit(timezone="Asia/Makassar"), create_unit(timezone="Asia/Jakarta")
    moment = utc(datetime(2026, 11, 1, 0, 30), "Asia/Makassar")
    for unit in (wita, wib):
        counsellor = create_staff(role="konselor", unit=unit)
        service = Service.create(unit=unit, name="Konseling Keluarga")
        for n, start in enumerate((moment, utc(datetime(2026, 10, 31, 23, 59), unit.timezone),
                                   utc(datetime(2026, 12, 1, 0, 0), unit.timezone))):
            Appointment.create(unit=unit, service=service, counsellor=counsellor, mode="offline", starts_at=start,
                               ends_at=start + HOUR, blocked_until=start + HOUR, status="completed", code=f"E{unit.id}{n}", token=f"e{unit.id}{n}",
                               name="x", phone="x", for_whom="self", gender="perempuan", age_group="26-35",
                               consent_version="1", consent_at=start)
    auth.login(staff_by_role["org_admin"])

    def appointments(unit, month):
        html = client.get(f"/staf/laporan/?periode=bulan&bulan={month}&tahun=2026&unit={unit.id}").get_data(as_text=True)
        return PageReader(html).figures["appointments"]

    assert [appointments(wita, m) for m in (10, 11, 12)] == ["1", "1", "1"]  # 31 Oct 23.59; the moment; 1 Dec
    assert [appointments(wib, m) for m in (10, 11, 12)] == ["2", "0", "1"]  # the moment is still October in WIB


@pytest.mark.parametrize("query", [
    "periode=minggu", "periode=bulan&bulan=13", "periode=bulan&bulan=abc", "periode=tahun&tahun=99999",
    "periode=tahun&tahun=-1", "periode=triwulan&triwulan=5", "periode=rentang", "periode=rentang&dari=2026-11-30",
    "periode=rentang&dari=2026-12-01&sampai=2026-11-01", "periode=rentang&dari=31-12-2026&sampai=2027-01-01",
    "periode=rentang&dari=1999-12-31&sampai=2000-01-01", "periode=bulan&bulan=%EF%BC%91", "unit=999999",
])
def test_a_bad_period_or_unit_shows_this_month_and_says_why(client, auth, staff_by_role, query):
    auth.login(staff_by_role["org_admin"])
    response = client.get(f"/staf/laporan/?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "data-problem" in html and "Menampilkan" in html
    download = client.get(f"/staf/laporan/laporan.csv?{query}")
    assert download.status_code == 302 and download.headers["Location"].startswith("/staf/laporan/?")


def test_this_month_is_the_month_in_the_units_zone(client, auth, dataset, clock):
    """16.30 UTC on 30 November is already 1 December in WIT, still 30 November in WIB."""
    clock.at(datetime(2026, 11, 30, 16, 30))
    wib, wit = dataset.units[1], dataset.units[2]
    for unit, month in ((wib, "November 2026"), (wit, "Desember 2026")):
        auth.login(dataset.koordinators[unit.id])
        html = client.get("/staf/laporan/").get_data(as_text=True)
        assert f'<h2 id="report-period">{month}' in html
        auth.logout()


def test_exports_are_audited_named_for_unit_and_period_and_never_cached(client, auth, dataset, staff_by_role):
    a = dataset.units[0]
    auth.login(dataset.koordinators[a.id])
    for name, extension in (("laporan.csv", "csv"), ("laporan.xlsx", "xlsx"), ("laporan.pdf", "pdf")):
        response = client.get(f"/staf/laporan/{name}?periode=triwulan&triwulan=4&tahun=2026")
        assert response.status_code == 200
        assert f"filename=laporan-{a.code}-2026-T4.{extension}" in response.headers["Content-Disposition"]
        assert response.headers["Cache-Control"] == "no-store"
    assert client.get(f"/staf/laporan/?{MONTH}").headers["Cache-Control"] == "no-store"
    entries = list(AuditLog.select().where(AuditLog.action == "report.export").order_by(AuditLog.id))
    assert [e.detail for e in entries] == [f"{kind} {a.code} 2026-T4" for kind in ("csv", "xlsx", "pdf")]
    assert {e.unit_id for e in entries} == {a.id} and {e.actor_id for e in entries} == {dataset.koordinators[a.id].id}
    auth.logout()
    auth.login(staff_by_role["org_admin"])
    response = client.get("/staf/laporan/laporan.csv?periode=tahun&tahun=2026&unit=semua")
    assert "filename=laporan-SEMUA-2026.csv" in response.headers["Content-Disposition"]


def test_the_pdf_asks_for_one_unit(client, auth, staff_by_role, dataset):
    auth.login(staff_by_role["org_admin"])
    response = client.get(f"/staf/laporan/laporan.pdf?{MONTH}")
    assert response.status_code == 302
    assert "Pilih satu unit" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert not AuditLog.select().where(AuditLog.action == "report.export").exists()
    unit = dataset.units[2]
    response = client.get(f"/staf/laporan/laporan.pdf?{MONTH}&unit={unit.id}")
    assert response.status_code == 200 and unit.name.upper() in pdf_text(response.data)


def test_the_page_counts_in_a_handful_of_queries(client, auth, dataset, staff_by_role, count_queries):
    auth.login(staff_by_role["org_admin"])
    with count_queries() as queries:
        assert client.get("/staf/laporan/?periode=tahun&tahun=2026").status_code == 200
    assert queries.value <= 16  # the session's staff, the units, seven grouped counts, the survey's four


@pytest.mark.parametrize("role", ["konselor", "fasilitator"])
def test_counsellors_and_facilitators_get_no_reports(client, auth, staff_by_role, role):
    auth.login(staff_by_role[role])
    for name in ("", "laporan.csv", "laporan.xlsx", "laporan.pdf"):
        assert client.get(f"/staf/laporan/{name}?{MONTH}").status_code == 403


def test_the_picker_sends_every_field_and_the_address_keeps_only_the_period(client, auth, staff_by_role):
    auth.login(staff_by_role["koordinator"])
    response = client.get("/staf/laporan/?unit=1&periode=triwulan&bulan=2&triwulan=3&tahun=2026&dari=&sampai=")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staf/laporan/?periode=triwulan&triwulan=3&tahun=2026"


def test_the_pdf_stays_one_page_when_a_unit_offers_many_services(client, auth, dummy_unit, create_staff):
    counsellor = create_staff(role="konselor")
    start = utc(datetime(2026, 11, 10, 9), dummy_unit.timezone)
    for n in range(12):
        service = Service.create(unit=dummy_unit, name=f"Layanan Konseling Nomor {n:02d}")
        for k in range(n + 1):
            Appointment.create(unit=dummy_unit, service=service, counsellor=counsellor, mode="video", starts_at=start,
                               ends_at=start + HOUR, blocked_until=start + HOUR, status="completed",
                               code=f"M{n:02d}{k:02d}", token=f"m{n}-{k}", name="x", phone="x", for_whom="self",
                               gender="perempuan", age_group="26-35", consent_version="1", consent_at=start)
    auth.login(create_staff(role="koordinator"))
    response = client.get(f"/staf/laporan/laporan.pdf?{MONTH}")
    assert len(pdf_pages(response.data)) == 1
    text = pdf_text(response.data)
    assert "Layanan Konseling Nomor 11 12" in text and "Layanan Konseling Nomor 05 6" in text
    assert "Layanan lain (5) 15" in text  # the five smallest: 1 + 2 + 3 + 4 + 5
    assert "Janji konseling menurut layanan" in text and "Jumlah 78" in text
