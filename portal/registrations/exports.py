"""A class's files: the roster and attendance sheet (PDF), its registrations (CSV, XLSX)."""
from flask_babel import format_date, gettext as _, lazy_gettext as _l

from portal.registrations.models import SEATED, Registration
from portal.classes.models import ClassSession
from portal.db import utcnow
from portal.forms import GENDERS, child_age_labels
from portal.i18n import local_from_utc
from portal.pdf import image_data_uri, place_name, render_pdf, signature_blocks
from portal.spreadsheets import table_csv, table_xlsx

SOURCES = {"online": _l("Formulir daring"), "desk": _l("Loket petugas")}


def roster_pdf(klass):
    """The roster and attendance sheet of a class, to print and sign."""
    return render_pdf("pdf/class_roster.html", **roster(klass))


def registrations_csv(klass):
    """Every registration of a class as CSV text."""
    return table_csv(registration_table(klass))


def registrations_xlsx(klass):
    """Every registration of a class as an Excel workbook."""
    return table_xlsx(registration_table(klass), klass.title, _("Pendaftar"))


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
    facilitators = [(_("Fasilitator"), staff.name) for staff in klass.facilitator_staff()]
    return signature_blocks(klass.unit, facilitators or [(_("Fasilitator"), "")])


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
        columns.append((_("Usia anak"), lambda r: child_age_labels(r.children_age_groups)))
    zone = klass.unit.timezone_label
    columns += [
        (_("Sumber"), lambda r: str(SOURCES.get(r.source, r.source))),
        (_("Terdaftar pada (%(zone)s)", zone=zone), lambda r: local_from_utc(r.created_at, tz)),
        (_("Dikonfirmasi pada (%(zone)s)", zone=zone), lambda r: r.confirmed_at and local_from_utc(r.confirmed_at, tz)),
        (_("Dibatalkan pada (%(zone)s)", zone=zone), lambda r: r.cancelled_at and local_from_utc(r.cancelled_at, tz)),
    ]
    return [header for header, _get in columns], [[get(r) for _h, get in columns] for r in registrations]
