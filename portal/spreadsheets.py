"""Files staff open in a spreadsheet (CSV, XLSX): text stays text, never a formula; times and dates stay typed."""
import csv
from datetime import date, datetime
from io import BytesIO, StringIO

from flask import send_file
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

# A spreadsheet runs a cell that starts like this as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_cell(value):
    """A value as CSV text; text that looks like a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def xlsx_cell(cell, value):
    """Put one value in a cell: strings as plain text, even when they start with '='."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    elif isinstance(value, datetime):
        cell.value, cell.number_format = value.replace(microsecond=0), "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.value, cell.number_format = value, "yyyy-mm-dd"
    else:
        cell.value = value


def table_csv(table):
    """A (headers, rows) table as CSV text."""
    headers, rows = table
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def table_xlsx(table, title, sheet_title):
    """A (headers, rows) table as a one-sheet workbook with a bold, frozen header and columns sized to fit."""
    headers, rows = table
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    book.properties.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([None] * len(row))
        for cell, value in zip(sheet[sheet.max_row], row):
            xlsx_cell(cell, value)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        longest = max(len(csv_cell(cell.value)) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = max(10, min(40, longest + 2))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def send_csv(text, filename):
    """CSV text as a download, UTF-8 with a BOM so Excel reads it right."""
    return send_file(BytesIO(("\ufeff" + text).encode("utf-8")), mimetype="text/csv", as_attachment=True,
                     download_name=filename)


def send_xlsx(data, filename):
    return send_file(BytesIO(data), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=filename)
