"""Read a report back from what staff get: the page's tables, the CSV, the workbook and the PDF's text.

Each reader gives {table title: {"rows": {label: [counts]}, "total": [counts]}} and the headline as
{label: text or number}.
"""
import csv
import io
from html.parser import HTMLParser

from openpyxl import load_workbook
from pypdf import PdfReader

TOTAL = "Jumlah"
LEARNING = "Hasil belajar: tes awal dan tes akhir"  # the title that opens the files' last part: what was learned,
IKM = "Indeks Kepuasan Masyarakat (PermenPAN-RB 14/2017)"  # then the survey's


def count(text):
    """A count as written on the page or in the PDF: 1.234 in Indonesian."""
    return int(str(text).strip().replace(".", ""))


class PageReader(HTMLParser):
    """The count tables (by caption) and headline figures (by data-figure) of the report page."""

    def __init__(self, html):
        super().__init__()
        self.tables, self.figures = {}, {}
        self.table = self.part = self.cells = self.text = self.figure = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self.table = {"rows": {}, "total": None}
        elif self.table is not None and tag in ("thead", "tbody", "tfoot"):
            self.part = tag
        elif self.table is not None and tag == "tr":
            self.cells = []
        elif tag in ("th", "td", "caption") and self.table is not None:
            self.text = ""
        elif tag == "li" and "data-figure" in attrs:
            self.figure, self.text = attrs["data-figure"], ""

    def handle_data(self, data):
        if self.text is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "caption" and self.table is not None:
            self.title, self.text = " ".join(self.text.split()), None
        elif tag in ("th", "td") and self.cells is not None:
            self.cells.append(" ".join(self.text.split()))
            self.text = None
        elif tag == "tr" and self.cells is not None:
            self.add_row(self.cells)
            self.cells = None
        elif tag == "table" and self.table is not None:
            self.tables[self.title] = self.table
            self.table = None
        elif tag == "span" and self.figure and self.text is not None and self.text.strip():
            self.figures[self.figure] = self.text.strip()
            self.figure = self.text = None

    def add_row(self, cells):
        if self.part == "tbody" and len(cells) > 1:
            self.table["rows"][cells[0]] = [count(c) for c in cells[1:]]
        elif self.part == "tfoot":
            self.table["total"] = [count(c) for c in cells[1:]]


def csv_sections(text):
    """The CSV's blocks (split at blank lines): the first says what it covers, each other has a title row."""
    blocks, block = [], []
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        if row:
            block.append(row)
        else:
            blocks.append(block)
            block = []
    return blocks + [block]


def read_csv(text):
    """(tables, headline) of a CSV export: the count tables before the learning and survey parts."""
    about, headline, *tables = csv_sections(text)
    counted = tables[:[block[0][0] for block in tables].index(LEARNING)]
    return {block[0][0]: rows_of(block[2:]) for block in counted}, dict(headline[2:])


def csv_ikm(text):
    """The survey's part of a CSV export: {section title: [row, ...]} (the header row first)."""
    blocks = csv_sections(text)[2:]
    titles = [block[0][0] for block in blocks]
    return {block[0][0]: block[1:] for block in blocks[titles.index(IKM):]}


def read_xlsx(data):
    """(tables, headline) of an XLSX export: the summary sheet, then one sheet per table (title in A1), then the
    learning and survey sheets."""
    book = load_workbook(io.BytesIO(data))
    summary, *sheets, _learning, _survey = book.worksheets
    lines = [row for row in summary.iter_rows(values_only=True)]
    start = next(n for n, row in enumerate(lines) if row[0] == "Angka utama") + 2
    headline = {row[0]: row[1] for row in lines[start:] if row[0]}
    tables = {}
    for sheet in sheets:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        tables[rows[0][0]] = rows_of(rows[2:])
    return tables, headline


def xlsx_ikm(data):
    """The survey's sheet of an XLSX export: {section title: [row, ...]} (the header row first)."""
    sheet = load_workbook(io.BytesIO(data)).worksheets[-1]
    sections, rows = {}, None
    for row in sheet.iter_rows(values_only=True):
        if row[0] is None:
            rows = None
        elif rows is None:
            rows = sections[row[0]] = []
        else:
            rows.append([cell for cell in row])
    return sections


def rows_of(lines):
    """{"rows": {label: counts}, "total": counts} from the lines under a table's header."""
    rows = {line[0]: [int(n) for n in line[1:] if n not in (None, "")] for line in lines if line[0] != TOTAL}
    total = next(line for line in lines if line[0] == TOTAL)
    return {"rows": rows, "total": [int(n) for n in total[1:] if n not in (None, "")]}


def pdf_pages(data):
    return PdfReader(io.BytesIO(data)).pages


def pdf_text(data):
    """The PDF's text with every run of white space as one space."""
    return " ".join(" ".join(page.extract_text().split()) for page in pdf_pages(data))


def pdf_sections(text, titles):
    """The text under each title, up to the next title (tables come out in the order they are laid out)."""
    places = sorted((text.index(title), title) for title in titles)
    ends = [start for start, _title in places[1:]] + [len(text)]
    return {title: text[start + len(title):end] for (start, title), end in zip(places, ends)}
