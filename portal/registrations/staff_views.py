"""Staff pages for the people in a class: the registrations table (search, seats, cancel, confirm), attendance
and closing, and the class's files."""
from flask import Blueprint, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit.services import record
from portal.auth import CLASS_RUNNERS, MANAGERS, found, guard, roles
from portal.registrations.models import SEATED, STATUS_LABELS, Attendance, Registration
from portal.classes.models import Class, ClassSession
from portal.db import utcnow
from portal.errors import RuleError
from portal.htmx import form_step, push_url, render, see_other, wants_fragment
from portal.notify.models import OutboxMessage
from portal.pdf import pdf_response
from portal.registrations import exports, services
from portal.registrations.staff_forms import CapacityForm, RegistrationSearch
from portal.security import no_store
from portal.spreadsheets import send_csv, send_xlsx

bp = Blueprint("registration_admin", __name__, url_prefix="/staf/kelas")
guard(bp)
bp.after_request(no_store)


def managed_class(klass_id):
    """A class the signed-in staff member runs or manages, else 404 (facilitators: only their own)."""
    return found(Class.managed_by(current_user, klass_id))


def registration_of(klass, registration_id):
    """One registration of this class, else 404."""
    return found(Registration.get_or_none(Registration.id == registration_id, Registration.klass == klass.id))


# The table: search, seats, cancel, confirm from the waiting list.

def status_filter(values):
    """The status filter among `values` (a query string or a posted search), when it names a status."""
    status = values.get("status") or ""
    return {"status": status} if status in STATUS_LABELS else {}


def table_address(klass):
    """The table with its status filter: the one filter an address carries, since a typed search is posted."""
    return url_for(".registrations", klass_id=klass.id, **status_filter(request.args))


def registrations_response(klass, capacity_form, search=None, status=200):
    """The registrations page, or only its rows for an htmx search."""
    if search is None:
        search = RegistrationSearch(formdata=None, data=status_filter(request.args))
    filters = status_filter(search.data)
    rows = list(Registration.of_class(klass.id, (search.q.data or "")[:100], filters.get("status", "")))
    return render("registrations/staff/registrations.html", "registrations/staff/_registration_rows.html",
                  klass=klass, rows=rows, positions=Registration.waitlist_positions(klass.id), search=search,
                  filters=filters, capacity_form=capacity_form, status=status)


@bp.route("/<id:klass_id>/pendaftar", methods=["GET", "POST"])
@roles(*CLASS_RUNNERS)
def registrations(klass_id):
    """A class's registrations, filtered by status; a search by name, phone or code is posted, so what was typed
    never reaches an address, a history entry or a log (htmx is given the address of the status filter alone)."""
    klass = managed_class(klass_id)
    capacity_form = CapacityForm(formdata=None, data={"capacity": klass.capacity})
    if request.method == "GET":
        return registrations_response(klass, capacity_form)
    search = RegistrationSearch()
    response = registrations_response(klass, capacity_form, search)
    return push_url(response, url_for(".registrations", klass_id=klass.id, **status_filter(search.data)))


@bp.get("/<id:klass_id>/pendaftar/<id:registration_id>")
@roles(*CLASS_RUNNERS)
def registration(klass_id, registration_id):
    """One registration: who, its status and the messages sent about it."""
    klass = managed_class(klass_id)
    registration = registration_of(klass, registration_id)
    return render("registrations/staff/registration.html", klass=klass, registration=registration,
                  position=Registration.waitlist_positions(klass.id).get(registration.id),
                  messages=list(OutboxMessage.about(registration)))


@bp.post("/<id:klass_id>/kapasitas")
@roles(*MANAGERS)
def capacity(klass_id):
    """Change the number of seats; more seats go to the waiting list at once."""
    klass, form = managed_class(klass_id), CapacityForm()
    return form_step(lambda form: services.set_capacity(current_user, klass.id, form.capacity.data),
                     lambda promoted: _("Kapasitas menjadi %(n)s kursi; %(moved)s orang dipindahkan dari daftar "
                                        "tunggu.", n=form.capacity.data, moved=len(promoted)),
                     table_address(klass), form, lambda: registrations_response(klass, form, status=form.status))


@bp.post("/<id:klass_id>/pendaftar/<id:registration_id>/batalkan")
@roles(*MANAGERS)
def registration_cancel(klass_id, registration_id):
    """Cancel a registration; a freed seat goes to the first on the waiting list."""
    klass = managed_class(klass_id)
    registration = registration_of(klass, registration_id)
    return form_step(lambda form: services.cancel(registration.id, actor=current_user),
                     _("Pendaftaran %(code)s dibatalkan.", code=registration.code), table_address(klass))


@bp.post("/<id:klass_id>/pendaftar/<id:registration_id>/konfirmasi")
@roles(*MANAGERS)
def registration_confirm(klass_id, registration_id):
    """Give a free seat to someone on the waiting list."""
    klass = managed_class(klass_id)
    registration = registration_of(klass, registration_id)
    return form_step(lambda form: services.confirm_from_waitlist(current_user, registration.id),
                     _("%(name)s mendapat kursi.", name=registration.name), table_address(klass))


# Attendance and closing.

@bp.get("/<id:klass_id>/kehadiran")
@roles(*CLASS_RUNNERS)
def attendance(klass_id):
    """The grid of registrants by sessions."""
    klass = managed_class(klass_id)
    rows = Registration.of_class(klass.id).where(Registration.status.in_(SEATED))
    return render("registrations/staff/attendance.html", klass=klass, rows=list(rows), now=utcnow(),
                  sessions=list(ClassSession.of(klass.id)), marks=Attendance.marks(klass.id))


@bp.post("/<id:klass_id>/kehadiran/<id:registration_id>/<id:session_id>")
@roles(*CLASS_RUNNERS)
def attendance_mark(klass_id, registration_id, session_id):
    """Mark one registrant present or absent at one session: the cell alone for htmx."""
    klass = managed_class(klass_id)
    registration = registration_of(klass, registration_id)
    session = found(ClassSession.get_or_none(ClassSession.id == session_id, ClassSession.klass == klass.id))
    present, error = request.form.get("present") == "1", None
    try:
        services.mark_attendance(current_user, registration, session, present)
    except RuleError as refused:
        present, error = Attendance.marks(klass.id).get((registration.id, session.id), False), refused.message
    if wants_fragment():
        return render("registrations/staff/_attendance_cell.html", klass=klass, registration=registration,
                      now=utcnow(), class_session=session, present=present, error=error,
                      status=422 if error else 200)
    if error:
        flash(error, "error")
    return see_other(url_for(".attendance", klass_id=klass.id, _anchor=f"att-{registration.id}-{session.id}"))


def closing_outcome(klass):
    outcome = Registration.of_class(klass.id)
    return _("Kelas ditutup: %(done)s peserta lulus, %(not_done)s tidak lulus.",
             done=outcome.where(Registration.status == "completed").count(),
             not_done=outcome.where(Registration.status == "not_completed").count())


@bp.post("/<id:klass_id>/tutup")
@roles(*MANAGERS)
def close(klass_id):
    """Close a class: each registrant completes it or not, by the attendance rule."""
    klass = managed_class(klass_id)
    return form_step(lambda form: services.close_class(current_user, klass.id), lambda closed: closing_outcome(klass),
                     url_for(".attendance", klass_id=klass.id))


# The class's files.

def download(klass_id, name, build, send):
    """One of a class's files, made by `build(klass)` and sent as `send(data, filename)`; every download audited."""
    klass = managed_class(klass_id)
    record("class.export", current_user, klass, name)
    stem, extension = name.rsplit(".", 1)
    return send(build(klass), f"{stem}-kelas-{klass.id}.{extension}")


@bp.get("/<id:klass_id>/daftar-hadir.pdf")
@roles(*CLASS_RUNNERS)
def roster_pdf(klass_id):
    """The roster and attendance sheet of a class, to print and sign."""
    return download(klass_id, "daftar-hadir.pdf", exports.roster_pdf, pdf_response)


@bp.get("/<id:klass_id>/pendaftar.csv")
@roles(*CLASS_RUNNERS)
def registrations_csv(klass_id):
    """Every registration of a class as CSV."""
    return download(klass_id, "pendaftar.csv", exports.registrations_csv, send_csv)


@bp.get("/<id:klass_id>/pendaftar.xlsx")
@roles(*CLASS_RUNNERS)
def registrations_xlsx(klass_id):
    """Every registration of a class as an Excel workbook."""
    return download(klass_id, "pendaftar.xlsx", exports.registrations_xlsx, send_xlsx)
