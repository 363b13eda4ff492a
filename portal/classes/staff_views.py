"""Staff pages for classes: the class and its sessions, registrations at the desk, attendance and closing."""
from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth import CLASS_RUNNERS, MANAGERS, guard, roles
from portal.classes import registering, services
from portal.classes.registering import check_running
from portal.classes.models import (
    SEATED, STATUS_LABELS, Attendance, Class, ClassFacilitator, ClassSession, Registration,
)
from portal.classes.staff_forms import (CapacityForm, ClassForm, RegistrationSearch, SessionForm,
                                        desk_registration_form)
from portal.db import utcnow
from portal.errors import RuleError
from portal.htmx import render, see_other, wants_fragment
from portal.i18n import local_from_utc
from portal.security import no_store
from portal.units.models import Unit

bp = Blueprint("class_admin", __name__, url_prefix="/staf/kelas")
guard(bp)
bp.after_request(no_store)

RUNNING = ("draft", "published")
CLASS_STATUS_LABELS = {
    "draft": _l("Draf"), "published": _l("Terbit"), "cancelled": _l("Dibatalkan"), "closed": _l("Ditutup"),
}


@bp.context_processor
def class_admin_context():
    """What every staff class page needs to know: the status names."""
    return {"class_statuses": CLASS_STATUS_LABELS}


# Fetching what a page is about, refusing what the staff member may not reach.

def managed_class(klass_id):
    """A class the signed-in staff member runs or manages, else 404 (facilitators: only their own)."""
    return Class.run_by(current_user).where(Class.id == klass_id).first() or abort(404)


def registration_of(klass, registration_id):
    """One registration of this class, else 404."""
    return Registration.get_or_none(Registration.id == registration_id, Registration.klass == klass.id) or abort(404)


# The class: list, create, edit, its page, publish and cancel.

@bp.get("/")
@roles(*CLASS_RUNNERS)
def class_list():
    """The classes this staff member runs or manages."""
    return render("classes/staff/list.html", classes=list(Class.run_by(current_user)))


def class_form(klass=None):
    """The class form, offering the units and facilitators this staff member may choose."""
    chosen = [staff.id for staff in klass.facilitator_staff()] if klass else []
    units = [klass.unit] if klass and klass.status != "draft" else list(Unit.visible_to(current_user))
    form = ClassForm(data=ClassForm.data_of(klass, chosen) if klass else None)
    form.offer(units, ClassFacilitator.candidates([u.id for u in units], chosen))
    return form


def save(klass, form):
    """Save a validated class form; put a refused rule on its field. Returns the class or None."""
    try:
        return services.save_class(current_user, klass, form.class_fields(), form.facilitators.data, form.capacity.data)
    except RuleError as error:
        form.show(error)
        return None


@bp.route("/baru", methods=["GET", "POST"])
@roles(*MANAGERS)
def class_create():
    """A new class, saved as a draft."""
    form = class_form()
    if form.validate_on_submit() and (klass := save(Class(), form)):
        flash(_("Kelas disimpan sebagai draf. Tambahkan sesinya, lalu terbitkan."), "success")
        return see_other(url_for(".class_page", klass_id=klass.id))
    return render("classes/staff/form.html", form=form, klass=None, status=form.status)


@bp.route("/<id:klass_id>/ubah", methods=["GET", "POST"])
@roles(*MANAGERS)
def class_edit(klass_id):
    """Change a class's details, facilitators and capacity."""
    klass = managed_class(klass_id)
    if klass.status not in RUNNING:
        flash(_("Kelas ini sudah selesai atau dibatalkan dan tidak dapat diubah."), "error")
        return see_other(url_for(".class_page", klass_id=klass.id))
    form = class_form(klass)
    if form.validate_on_submit() and save(klass, form):
        flash(_("Perubahan kelas disimpan."), "success")
        return see_other(url_for(".class_page", klass_id=klass.id))
    return render("classes/staff/form.html", form=form, klass=klass, status=form.status)


def class_page_response(klass, form, status=200, notice=None):
    """The class page, or only its sessions part for htmx."""
    return render("classes/staff/class.html", "classes/staff/_sessions.html", klass=klass, form=form,
                  sessions=list(ClassSession.of(klass.id)), facilitators=klass.facilitator_staff(),
                  waiting=Registration.waitlist(klass.id).count(), notice=notice, refused=status == 422,
                  status=status)


@bp.get("/<id:klass_id>")
@roles(*CLASS_RUNNERS)
def class_page(klass_id):
    """Everything about a class for staff, with its sessions."""
    return class_page_response(managed_class(klass_id), SessionForm(formdata=None))


@bp.post("/<id:klass_id>/terbitkan")
@roles(*MANAGERS)
def publish(klass_id):
    """Show a draft class in the public catalogue."""
    klass = managed_class(klass_id)
    try:
        services.publish(current_user, klass)
    except RuleError as error:
        flash(error.message, "error")
    else:
        flash(_("Kelas diterbitkan dan tampil di jadwal kelas."), "success")
    return see_other(url_for(".class_page", klass_id=klass.id))


@bp.post("/<id:klass_id>/batalkan")
@roles(*MANAGERS)
def cancel_class(klass_id):
    """Cancel a class; every registrant is told."""
    klass = managed_class(klass_id)
    services.cancel_class(current_user, klass.id)
    flash(_("Kelas dibatalkan. Semua pendaftar diberi tahu."), "success")
    return see_other(url_for(".class_page", klass_id=klass.id))


# Sessions, added and removed inline.

def after_session_change(klass, message):
    """htmx gets the sessions part with an empty form; a plain form goes back to the page."""
    if wants_fragment():
        return class_page_response(klass, SessionForm(formdata=None), notice=message)
    flash(message, "success")
    return see_other(url_for(".class_page", klass_id=klass.id, _anchor="sessions"))


@bp.post("/<id:klass_id>/sesi")
@roles(*MANAGERS)
def session_add(klass_id):
    """Add a session (date and times in the unit's zone)."""
    klass = managed_class(klass_id)
    form = SessionForm()
    if form.validate_on_submit():
        try:
            check_running(klass)
            starts_at, ends_at = form.times(klass.unit.timezone)
            services.add_session(current_user, klass, starts_at, ends_at, form.topic.data, form.speaker.data or "")
        except RuleError as error:
            form.show(error)
        else:
            return after_session_change(klass, _("Sesi ditambahkan."))
    return class_page_response(klass, form, status=form.status)


@bp.post("/<id:klass_id>/sesi/<id:session_id>/hapus")
@roles(*MANAGERS)
def session_remove(klass_id, session_id):
    """Remove a session nobody was marked present at."""
    klass = managed_class(klass_id)
    try:
        check_running(klass)
        services.remove_session(current_user, klass, session_id)
    except RuleError as error:
        if wants_fragment():
            return class_page_response(klass, SessionForm(formdata=None), status=422, notice=error.message)
        flash(error.message, "error")
        return see_other(url_for(".class_page", klass_id=klass.id, _anchor="sessions"))
    return after_session_change(klass, _("Sesi dihapus."))


# Registrations: the table, desk registration, cancel, confirm, capacity.

def search_filters():
    """The table's search and status filter from the query string, only those given and sensible."""
    q, status = request.args.get("q", "")[:100].strip(), request.args.get("status", "")
    return {key: value for key, value in (("q", q), ("status", status if status in STATUS_LABELS else "")) if value}


def back_to_registrations(klass):
    return see_other(url_for(".registrations", klass_id=klass.id, **search_filters()))


def registrations_response(klass, capacity_form, status=200):
    """The registrations page, or only its rows for an htmx search."""
    filters = search_filters()
    rows = list(Registration.of_class(klass.id, filters.get("q", ""), filters.get("status", "")))
    return render("classes/staff/registrations.html", "classes/staff/_registration_rows.html", klass=klass,
                  rows=rows, positions=Registration.waitlist_positions(klass.id), search=RegistrationSearch(formdata=None, data=filters),
                  filters=filters, capacity_form=capacity_form, status=status)


@bp.get("/<id:klass_id>/pendaftar")
@roles(*CLASS_RUNNERS)
def registrations(klass_id):
    """A class's registrations, searchable by name, phone or code."""
    klass = managed_class(klass_id)
    return registrations_response(klass, CapacityForm(formdata=None, data={"capacity": klass.capacity}))


@bp.post("/<id:klass_id>/kapasitas")
@roles(*MANAGERS)
def capacity(klass_id):
    """Change the number of seats; more seats go to the waiting list at once."""
    klass = managed_class(klass_id)
    form = CapacityForm()
    if form.validate_on_submit():
        try:
            check_running(klass)
            promoted = registering.set_capacity(current_user, klass.id, form.capacity.data)
        except RuleError as error:
            form.show(error)
        else:
            flash(_("Kapasitas menjadi %(n)s kursi; %(moved)s orang dipindahkan dari daftar tunggu.",
                    n=form.capacity.data, moved=len(promoted)), "success")
            return back_to_registrations(klass)
    return registrations_response(klass, form, status=form.status)


@bp.post("/<id:klass_id>/pendaftar/<id:registration_id>/batalkan")
@roles(*MANAGERS)
def registration_cancel(klass_id, registration_id):
    """Cancel a registration; a freed seat goes to the first on the waiting list."""
    klass = managed_class(klass_id)
    registration = registration_of(klass, registration_id)
    if registration.is_active:
        registering.cancel(registration.id, actor=current_user)
        flash(_("Pendaftaran %(code)s dibatalkan.", code=registration.code), "success")
    return back_to_registrations(klass)


@bp.post("/<id:klass_id>/pendaftar/<id:registration_id>/konfirmasi")
@roles(*MANAGERS)
def registration_confirm(klass_id, registration_id):
    """Give a free seat to someone on the waiting list."""
    klass = managed_class(klass_id)
    try:
        check_running(klass)
        registration = registering.confirm_from_waitlist(current_user, registration_of(klass, registration_id).id)
    except RuleError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s mendapat kursi.", name=registration.name), "success")
    return back_to_registrations(klass)


def registered_message(registration, created):
    """What the desk is told after registering someone."""
    if not created:
        return _("Nomor ini sudah terdaftar di kelas ini: %(name)s, kode %(code)s (%(status)s).",
                 name=registration.name, code=registration.code, status=registration.status_label)
    if registration.status == "waitlisted":
        return _("Kelas penuh: %(name)s masuk daftar tunggu nomor %(n)s (kode %(code)s).",
                 name=registration.name, n=registration.waitlist_position(), code=registration.code)
    return _("%(name)s terdaftar dengan kode %(code)s.", name=registration.name, code=registration.code)


@bp.route("/<id:klass_id>/pendaftar/baru", methods=["GET", "POST"])
@roles(*MANAGERS)
def desk_register(klass_id):
    """Register someone at the desk, by the same rules as the public form."""
    klass = managed_class(klass_id)
    form = desk_registration_form(klass, local_from_utc(utcnow(), klass.unit.timezone).date())
    if form.validate_on_submit():
        try:
            registration, created = registering.register(klass.id, form.person(), source="desk", actor=current_user)
        except RuleError as error:
            form.show(error)
        else:
            flash(registered_message(registration, created), "success" if created else "info")
            return see_other(url_for(".registrations", klass_id=klass.id, q=registration.code))
    return render("classes/staff/desk.html", klass=klass, form=form, status=form.status)


# Attendance and closing.

@bp.get("/<id:klass_id>/kehadiran")
@roles(*CLASS_RUNNERS)
def attendance(klass_id):
    """The grid of registrants by sessions."""
    klass = managed_class(klass_id)
    rows = Registration.of_class(klass.id).where(Registration.status.in_(SEATED))
    return render("classes/staff/attendance.html", klass=klass, rows=list(rows), now=utcnow(),
                  sessions=list(ClassSession.of(klass.id)), marks=Attendance.marks(klass.id))


@bp.post("/<id:klass_id>/kehadiran/<id:registration_id>/<id:session_id>")
@roles(*CLASS_RUNNERS)
def attendance_mark(klass_id, registration_id, session_id):
    """Mark one registrant present or absent at one session."""
    klass = managed_class(klass_id)
    registration = registration_of(klass, registration_id)
    session = ClassSession.get_or_none(ClassSession.id == session_id, ClassSession.klass == klass.id) or abort(404)
    present, error = request.form.get("present") == "1", None
    try:
        services.mark_attendance(current_user, registration, session, present)
    except RuleError as refused:
        present, error = Attendance.marks(klass.id).get((registration.id, session.id), False), refused.message
    if wants_fragment():
        return render("classes/staff/_attendance_cell.html", klass=klass, registration=registration, now=utcnow(),
                      class_session=session, present=present, error=error, status=422 if error else 200)
    if error:
        flash(error, "error")
    return see_other(url_for(".attendance", klass_id=klass.id, _anchor=f"att-{registration.id}-{session.id}"))


@bp.post("/<id:klass_id>/tutup")
@roles(*MANAGERS)
def close(klass_id):
    """Close a class: each registrant completes it or not, by the attendance rule."""
    klass = managed_class(klass_id)
    try:
        services.close_class(current_user, klass.id)
    except RuleError as error:
        flash(error.message, "error")
    else:
        outcome = Registration.of_class(klass.id)
        flash(_("Kelas ditutup: %(done)s peserta lulus, %(not_done)s tidak lulus.",
                done=outcome.where(Registration.status == "completed").count(),
                not_done=outcome.where(Registration.status == "not_completed").count()), "success")
    return see_other(url_for(".attendance", klass_id=klass.id))
