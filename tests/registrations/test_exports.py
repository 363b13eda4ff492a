"""Staff exports of a class: the attendance sheet PDF, registrations as CSV and XLSX."""
import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.audit.models import AuditLog
from portal.registrations import services as registering
from portal.spreadsheets import csv_cell
from portal.classes.models import ClassFacilitator
from portal.pdf import static_only_fetcher
from tests.classes.conftest import person

FORMULA = '=HYPERLINK("http://evil.example","klik")'
EXPORTS = ("daftar-hadir.pdf", "pendaftar.csv", "pendaftar.xlsx")


@pytest.fixture
def busy_class(app, create_class, register, dummy_staff):
    """Three seats: two seated from the start, one cancelled, one promoted from the list, one waiting."""
    klass = create_class(capacity=3, sessions=2, title="Kelas Persiapan Pernikahan Angkatan 7")
    register(klass, person(1, name="Siti Aminah"))
    register(klass, person(2, name=FORMULA))
    cancelled, _ = register(klass, person(3, name="Batal Mundur"))
    register(klass, person(4, name="Rudi Hartono"))
    register(klass, person(5, name="Masih Menunggu"))
    with app.test_request_context():
        registering.cancel(cancelled.id, actor=dummy_staff)
    return klass


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data):
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def csv_rows(response):
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def test_attendance_sheet_lists_the_seated_and_nobody_else(client, auth, staff_by_role, busy_class):
    auth.login(staff_by_role["koordinator"])
    response = client.get(f"/staf/kelas/{busy_class.id}/daftar-hadir.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f"daftar-hadir-kelas-{busy_class.id}.pdf" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    assert busy_class.title in text and "DAFTAR HADIR PESERTA" in text
    for name in ("Siti Aminah", "HYPERLINK", "Rudi Hartono"):
        assert name in text
    assert "Batal Mundur" not in text and "Masih Menunggu" not in text
    assert "+6281234000001" not in text, "the sheet passes from hand to hand: phones are masked"
    assert any("Plus-Jakarta-Sans" in font for font in pdf_fonts(response.data))


def test_attendance_sheet_has_a_column_per_session_and_the_facilitator(client, auth, create_staff, busy_class):
    facilitator = create_staff(role="fasilitator", name="Wulan Fasilitator")
    ClassFacilitator.create(klass=busy_class, staff=facilitator)
    auth.login(facilitator)
    text = pdf_text(client.get(f"/staf/kelas/{busy_class.id}/daftar-hadir.pdf").data)
    assert "Sesi 1" in text and "Sesi 2" in text and "Sesi 3" not in text
    assert "Wulan Fasilitator" in text


@pytest.mark.parametrize("url", [
    "http://example.com/font.woff",
    "https://example.com/style.css",
    "ftp://example.com/logo.png",
    "file:///etc/passwd",
    "file://example.com/static/img/icon.svg",
])
def test_pdf_fetcher_refuses_the_network_and_files_elsewhere(app, url):
    with pytest.raises(PermissionError):
        static_only_fetcher(app.static_folder).fetch(url)


def test_pdf_fetcher_cannot_climb_out_of_static(app):
    static = app.static_folder
    for url in (f"file://{static}/../portal/config.py", f"file://{static}/fonts/../../wsgi.py", f"file://{static}/"):
        with pytest.raises(PermissionError):
            static_only_fetcher(static).fetch(url)


def test_pdf_fetcher_serves_static_files_and_data_uris(app):
    fetcher = static_only_fetcher(app.static_folder)
    font = fetcher.fetch(f"file://{app.static_folder}/fonts/plus-jakarta-sans/plus-jakarta-sans-latin-400-normal.woff")
    assert font.read(4) == b"wOFF"
    assert fetcher.fetch("data:image/png;base64,iVBORw0KGgo=").read() == b"\x89PNG\r\n\x1a\n"


def test_csv_has_every_registration_and_no_live_formula(client, auth, staff_by_role, busy_class):
    auth.login(staff_by_role["koordinator"])
    response = client.get(f"/staf/kelas/{busy_class.id}/pendaftar.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f"pendaftar-kelas-{busy_class.id}.csv" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:4] == ["Kode", "Status", "Nama", "Nomor HP"]
    assert "Nama calon pasangan" in header and "Usia anak" not in header
    assert len(rows) == 5
    by_name = {row[2]: row for row in rows}
    assert "'" + FORMULA in by_name and FORMULA not in by_name
    assert by_name["Batal Mundur"][1] == "Dibatalkan" and by_name["Masih Menunggu"][1] == "Daftar tunggu"
    assert by_name["Siti Aminah"][3] == "'+6281234000001"
    assert not any(cell[:1] in ("=", "+", "-", "@") for row in rows for cell in row)
    assert AuditLog.get(AuditLog.action == "class.export").detail == "pendaftar.csv"


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+62812", "'+62812"), ("-3", "'-3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("Siti", "Siti"), ("", ""), (None, ""),
])
def test_csv_cells_that_look_like_formulas_are_quoted(value, cell):
    assert csv_cell(value) == cell


def test_xlsx_has_the_same_rows_with_text_kept_as_text(client, auth, staff_by_role, busy_class):
    auth.login(staff_by_role["koordinator"])
    expected = csv_rows(client.get(f"/staf/kelas/{busy_class.id}/pendaftar.csv"))
    response = client.get(f"/staf/kelas/{busy_class.id}/pendaftar.xlsx")
    assert response.status_code == 200
    assert f"pendaftar-kelas-{busy_class.id}.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[csv_cell(cell.value) for cell in row] for row in sheet.iter_rows()]
    assert rows == expected
    formula_cell = next(row[2] for row in sheet.iter_rows() if row[2].value == FORMULA)
    assert formula_cell.data_type == "s", "a name must never become a formula"


@pytest.mark.parametrize("export", EXPORTS)
def test_facilitator_reaches_only_the_classes_they_run(client, auth, create_staff, busy_class, export):
    runs_it, does_not = create_staff(role="fasilitator"), create_staff(role="fasilitator")
    ClassFacilitator.create(klass=busy_class, staff=runs_it)
    auth.login(does_not)
    assert client.get(f"/staf/kelas/{busy_class.id}/{export}").status_code == 404
    auth.logout()
    auth.login(runs_it)
    assert client.get(f"/staf/kelas/{busy_class.id}/{export}").status_code == 200


@pytest.mark.parametrize("export", EXPORTS)
def test_staff_of_another_unit_get_404(client, auth, create_unit, create_staff, busy_class, export):
    auth.login(create_staff(role="koordinator", unit=create_unit()))
    assert client.get(f"/staf/kelas/{busy_class.id}/{export}").status_code == 404


@pytest.mark.parametrize("role", ["konselor"])
def test_other_roles_are_refused(client, auth, staff_by_role, busy_class, role):
    auth.login(staff_by_role[role])
    for export in EXPORTS:
        assert client.get(f"/staf/kelas/{busy_class.id}/{export}").status_code == 403


@pytest.mark.parametrize("export", EXPORTS)
def test_anonymous_is_sent_to_login(client, busy_class, export):
    response = client.get(f"/staf/kelas/{busy_class.id}/{export}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staf/masuk")
