"""Roster and attendance sheet PDFs, registrations as CSV and XLSX."""
import csv
import re
from datetime import date, datetime
from io import BytesIO, StringIO

from flask import Blueprint, send_file
from flask_babel import format_date, gettext as _, lazy_gettext as _l
from flask_login import current_user
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from portal.audit.services import record
from portal.auth import guard, roles
from portal.classes.forms import AGE_GROUPS, GENDERS
from portal.classes.models import SEATED, ClassSession, Registration
from portal.classes.staff_views import managed_class
from portal.db import utcnow
from portal.i18n import local_from_utc
from portal.pdf import image_data_uri, pdf_response, render_pdf
from portal.security import no_store

bp = Blueprint("class_exports", __name__, url_prefix="/staf/kelas")
guard(bp)
bp.after_request(no_store)

SOURCES = {"online": _l("Formulir daring"), "desk": _l("Loket petugas")}
# A spreadsheet runs a cell that starts like this as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/<id:klass_id>/daftar-hadir.pdf")
@roles("admin", "koordinator", "fasilitator")
def roster_pdf(klass_id):
    """The roster and attendance sheet of a class, to print and sign."""
    klass = managed_class(klass_id)
    record("class.export", current_user, klass, "daftar-hadir.pdf")
    return pdf_response(render_pdf("pdf/class_roster.html", **roster(klass)), f"daftar-hadir-kelas-{klass.id}.pdf")


@bp.get("/<id:klass_id>/pendaftar.csv")
@roles("admin", "koordinator", "fasilitator")
def registrations_csv(klass_id):
    """Every registration of a class as CSV (UTF-8 with BOM, so Excel reads it right)."""
    klass = managed_class(klass_id)
    record("class.export", current_user, klass, "pendaftar.csv")
    data = ("\ufeff" + to_csv(registration_table(klass))).encode("utf-8")
    return send_file(BytesIO(data), mimetype="text/csv", as_attachment=True,
                     download_name=f"pendaftar-kelas-{klass.id}.csv")


@bp.get("/<id:klass_id>/pendaftar.xlsx")
@roles("admin", "koordinator", "fasilitator")
def registrations_xlsx(klass_id):
    """Every registration of a class as an Excel workbook."""
    klass = managed_class(klass_id)
    record("class.export", current_user, klass, "pendaftar.xlsx")
    return send_file(BytesIO(to_xlsx(registration_table(klass), klass.title)), mimetype=XLSX_MIMETYPE,
                     as_attachment=True, download_name=f"pendaftar-kelas-{klass.id}.xlsx")


def roster(klass):
    """What the attendance sheet shows: seated participants by name, sessions, who signs."""
    unit = klass.unit
    sessions = list(ClassSession.of(klass.id))
    day_format = "EEE, d MMM" if len(sessions) <= 4 else "d MMM"  # narrow columns drop the weekday
    participants = Registration.select().where(Registration.klass == klass.id, Registration.status.in_(SEATED))
    return dict(
        klass=klass, unit=unit, logo=image_data_uri(unit.image("logo"), (18, 18)), sessions=sessions,
        session_days=[format_date(local_from_utc(s.starts_at, unit.timezone).date(), day_format) for s in sessions],
        participants=sorted(participants, key=lambda r: (r.name.casefold(), r.id)),  # alphabetical: easy to find
        signers=signers(klass), masked_phone=masked_phone, printed_at=utcnow(),
        place=place_name(unit.city), year=local_from_utc(klass.starts_at or utcnow(), unit.timezone).year,
    )


def signers(klass):
    """Who signs the sheet: the head of the unit (if set), then each facilitator."""
    people = [dict(role=[_("Fasilitator")], name=staff.name) for staff in klass.facilitator_staff()]
    people = people or [dict(role=[_("Fasilitator")], name="")]
    unit = klass.unit
    if unit.head_name:
        detail = _("NIP. %(nip)s", nip=unit.head_nip) if unit.head_nip else ""
        people.insert(0, dict(role=[_("Mengetahui,"), unit.head_title or _("Kepala Unit")],
                              name=unit.head_name, detail=detail))
    return people


def place_name(city):
    """The place written before a date on a letter: 'Kota Makassar' signs as 'Makassar'."""
    return re.sub(r"^(Kota|Kabupaten|Kab\.)\s+", "", city)


def masked_phone(phone):
    """Only the last four digits: the sheet passes from hand to hand."""
    return "•••• " + phone[-4:] if phone else ""


def registration_table(klass):
    """(headers, rows) of all registrations, with the columns this class's kind asks for."""
    tz = klass.unit.timezone
    registrations = list(Registration.of_class(klass.id))
    columns = [
        (_("Kode"), lambda r: r.code),
        (_("Status"), lambda r: str(r.status_label)),
        (_("Nama"), lambda r: r.name),
        (_("Nomor HP"), lambda r: r.phone),
        (_("Email"), lambda r: r.email),
        (_("Jenis kelamin"), lambda r: str(GENDERS.get(r.gender, r.gender))),
    ]
    if klass.unit.requires_nik or any(r.nik for r in registrations):
        columns.append((_("NIK"), lambda r: r.nik or ""))
    if klass.kind == "pranikah":
        columns += [(_("Nama calon pasangan"), lambda r: r.partner_name),
                    (_("Rencana tanggal pernikahan"), lambda r: r.wedding_date)]
    if klass.kind == "parenting":
        columns.append((_("Usia anak"), lambda r: age_groups(r.children_age_groups)))
    zone = klass.unit.timezone_label
    columns += [
        (_("Sumber"), lambda r: str(SOURCES.get(r.source, r.source))),
        (_("Terdaftar pada (%(zone)s)", zone=zone), lambda r: local_from_utc(r.created_at, tz)),
        (_("Dikonfirmasi pada (%(zone)s)", zone=zone), lambda r: r.confirmed_at and local_from_utc(r.confirmed_at, tz)),
        (_("Dibatalkan pada (%(zone)s)", zone=zone), lambda r: r.cancelled_at and local_from_utc(r.cancelled_at, tz)),
    ]
    return [header for header, _get in columns], [[get(r) for _h, get in columns] for r in registrations]


def age_groups(stored):
    """'3-5,6-12' as the labels people read (a bare '3-5' becomes a date in Excel)."""
    return "; ".join(str(AGE_GROUPS.get(code, code)) for code in stored.split(",") if code)


def to_csv(table):
    """CSV text where no cell can run as a spreadsheet formula."""
    headers, rows = table
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


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


def to_xlsx(table, title):
    """An .xlsx workbook; text stays text (never a formula), times and dates stay typed."""
    headers, rows = table
    book = Workbook()
    sheet = book.active
    sheet.title = _("Pendaftar")
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
