"""A report as CSV, as an Excel workbook and as the one-page PDF for the head of office: the page's figures."""
import csv
from dataclasses import replace
from io import BytesIO, StringIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.db import utcnow
from portal.pdf import image_data_uri, pdf_response as send_pdf, place_name, render_pdf
from portal.spreadsheets import csv_cell, send_csv, send_xlsx, xlsx_cell
from portal.reports.figures import Table

SHEET_NAME_LENGTH = 31  # Excel's limit
PAPER_ROWS = 8  # rows of a table that may grow (services) on the one-page PDF


def filename(scope, period, extension, name="laporan"):
    """laporan-MKS-2026-11.csv: what it is, the unit's code (SEMUA for all units) and the period."""
    return f"{name}-{scope.code}-{period.slug()}.{extension}"


def about(scope, period):
    """What the file covers, as (label, value) lines above the tables."""
    return [
        (_("Unit"), scope.name),
        (_("Periode"), f"{period.label()} ({period.first.isoformat()} – {period.last.isoformat()})"),
        (_("Batas hari"), _("tengah malam waktu setempat (%(zones)s)", zones=", ".join(scope.zone_labels()))),
        (_("Dibuat"), utcnow().strftime("%Y-%m-%d %H:%M UTC")),
    ]


def headline_rows(report):
    """The headline numbers as (label, value); a rate as a percentage with one decimal."""
    rows = []
    for figure in report.headline:
        if figure.is_rate:
            value = None if figure.value is None else round(figure.value * 100, 1)
            rows.append((_("%(label)s (%%)", label=figure.label), value))
        else:
            rows.append((figure.label, figure.value))
    return rows


def table_rows(table):
    """The table's header, its rows and the total row, as lists of cells."""
    return [table.headers, *([label, *counts] for label, counts in table.rows), [_("Jumlah"), *table.totals]]


def satisfaction_sections(satisfaction):
    """The satisfaction index as (title, rows): the index and its grade, each element, the respondents. The
    suggestions stay on the page: the files hold counts and figures only, and free text may name someone."""
    index = satisfaction.index
    summary = [
        [_("Angka"), _("Nilai")],
        [_("Nilai IKM (1–4)"), index.value if index else None],
        [_("Nilai IKM dikonversi (25–100)"), index.converted if index else None],
        [_("Mutu pelayanan"), f"{index.grade.letter} ({index.grade.label})" if index else None],
        [_("Responden"), satisfaction.count],
        [_("Layanan yang diterima"), satisfaction.served],
        [_("Sampel minimal (Krejcie dan Morgan)"), satisfaction.minimum],
    ]
    elements = [[_("Unsur"), _("Nilai rata-rata (NRR)"), _("NRR tertimbang")],
                *([f"{n}. {element.name}", mean, weighted]
                  for n, (element, mean, weighted) in enumerate(satisfaction.element_rows(), 1))]
    return [(_("Indeks Kepuasan Masyarakat (PermenPAN-RB 14/2017)"), summary),
            (_("IKM: nilai rata-rata per unsur"), elements),
            (satisfaction.respondents.title, table_rows(satisfaction.respondents))]


def learning_section(report):
    """What the classes' participants learned: a row per class with a test, then per kind."""
    rows = [[_("Kelas"), _("Tes awal (rata-rata)"), _("Tes akhir (rata-rata)"), _("Kenaikan"),
             _("Peserta yang nilainya naik (%)"), _("Mengerjakan kedua tes")]]
    for label, gain in report.learning.rows():
        rows.append([label, *(None if v is None else round(v, 1) for v in (gain.mean_pre, gain.mean_post, gain.gain)),
                     None if gain.improved is None else round(gain.improved * 100, 1), len(gain.pairs)])
    return _("Hasil belajar: tes awal dan tes akhir"), rows


def to_csv(scope, period, report):
    """One CSV file: what it covers, the headline numbers, then each table under its title, a blank line apart."""
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Laporan Puspaga")])
    writer.writerows(about(scope, period))
    sections = [(_("Angka utama"), [[_("Angka"), _("Nilai")], *headline_rows(report)])]
    sections += [(table.title, table_rows(table)) for table in report.tables]
    sections += [learning_section(report), *satisfaction_sections(report.satisfaction)]
    for title, rows in sections:
        writer.writerow([])
        writer.writerow([csv_cell(title)])
        writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def to_xlsx(scope, period, report):
    """A workbook: a summary sheet (what it covers and the headline numbers), then a sheet per table."""
    book = Workbook()
    summary = book.active
    summary.title = _("Ringkasan")
    book.properties.title = f"{_('Laporan Puspaga')} {scope.name} {period.label()}"
    cover = [[_("Laporan Puspaga")], *about(scope, period), [], [_("Angka utama")]]
    write_rows(summary, cover, bold=(0, len(cover) - 1))
    write_rows(summary, [[_("Angka"), _("Nilai")], *headline_rows(report)], bold=(0,))
    for table in report.tables:
        sheet = book.create_sheet(sheet_name(table.title, book.sheetnames))
        rows = [[table.title], *table_rows(table)]
        write_rows(sheet, rows, bold=(0, 1, len(rows) - 1))
        sheet.freeze_panes = "A3"
    title, rows = learning_section(report)
    sheet = book.create_sheet(_("Hasil belajar"))
    write_rows(sheet, [[title], *rows], bold=(0, 1))
    sheet = book.create_sheet(_("IKM"))
    for title, rows in satisfaction_sections(report.satisfaction):
        write_rows(sheet, [[title], *rows, []], bold=(0, 1))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def write_rows(sheet, rows, bold=()):
    """Append rows (text stays text), the rows at the `bold` indexes in bold, and size the first columns."""
    for index, row in enumerate(rows):
        sheet.append([None] * len(row))
        for cell, value in zip(sheet[sheet.max_row] if row else (), row):
            xlsx_cell(cell, value)
            cell.font = Font(bold=index in bold)
    sheet.column_dimensions["A"].width = 44
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 18


def sheet_name(title, taken):
    """A sheet name from a table's title: at most 31 characters, cut at a word, never one already taken."""
    name = title if len(title) <= SHEET_NAME_LENGTH else title[:SHEET_NAME_LENGTH].rsplit(" ", 1)[0]
    n = 2
    while name in taken:
        suffix = f" {n}"
        name, n = name[:SHEET_NAME_LENGTH - len(suffix)] + suffix, n + 1
    return name


def csv_response(scope, period, report):
    return send_csv(to_csv(scope, period, report), filename(scope, period, "csv"))


def xlsx_response(scope, period, report):
    return send_xlsx(to_xlsx(scope, period, report), filename(scope, period, "xlsx"))


def pdf_response(scope, period, report):
    categories = side_by_side("categories", _("Pengaduan dan kasus menurut kategori"),
                              report.table("requests_category"), report.table("cases_category"))
    services = at_most(report.table("appointments_service"), PAPER_ROWS, _("Layanan lain"))
    return letter_pdf("pdf/report_monthly.html", scope, period, filename(scope, period, "pdf"), report=report,
                      categories=categories, services=services)


def satisfaction_pdf_response(scope, period, satisfaction):
    """The index as the one page an office posts: its grade, each element, the respondents; no suggestion."""
    return letter_pdf("pdf/ikm.html", scope, period, filename(scope, period, "pdf", "ikm"), satisfaction=satisfaction)


def letter_pdf(template, scope, period, name, **context):
    """A one-unit document on its letterhead, signed by its head, dated when printed."""
    unit = scope.unit
    pdf = render_pdf(template, unit=unit, logo=image_data_uri(unit.image("logo"), (18, 18)), period=period,
                     printed_at=utcnow(), place=place_name(unit.city), **context)
    return send_pdf(pdf, name)


def at_most(table, limit, rest):
    """The table with its first `limit` rows; the others add up in one last row named `rest` (keeps one page)."""
    if len(table.rows) <= limit:
        return table
    kept, others = table.rows[:limit - 1], table.rows[limit - 1:]
    summed = [sum(counts[n] for _label, counts in others) for n in range(len(table.headers) - 1)]
    return replace(table, rows=[*kept, (f"{rest} ({len(others)})", summed)])


def side_by_side(key, title, *tables):
    """Tables with the same kind of rows as one, their counts in columns side by side (to save room on paper)."""
    labels = list(dict.fromkeys(label for table in tables for label, _counts in table.rows))
    counts = [dict(table.rows) for table in tables]
    width = [len(table.headers) - 1 for table in tables]
    rows = [(label, [n for column, w in zip(counts, width) for n in column.get(label, [0] * w)]) for label in labels]
    headers = [tables[0].headers[0], *(h for table in tables for h in table.headers[1:])]
    return Table(key, title, headers, rows)
