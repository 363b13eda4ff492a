"""Staff pages for classes: the class and its sessions, and registering someone at the desk. The registrations
table, attendance and closing are portal.registrations.staff_views."""
from flask import Blueprint, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import CLASS_RUNNERS, MANAGERS, found, guard, roles
from portal.classes import services
from portal.registrations.models import Registration
from portal.classes.models import RUNNING, Class, ClassFacilitator, ClassSession
from portal.classes.staff_forms import ClassForm, SessionForm, desk_registration_form
from portal.errors import RuleError
from portal.htmx import form_step, render, see_other, wants_fragment
from portal.i18n import local_today
from portal.registrations import services as registering
from portal.security import no_store
from portal.units.models import Unit

bp = Blueprint("class_admin", __name__, url_prefix="/staf/kelas")
guard(bp)
bp.after_request(no_store)


def managed_class(klass_id):
    """A class the signed-in staff member runs or manages, else 404 (facilitators: only their own)."""
    return found(Class.managed_by(current_user, klass_id))


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


def saving(klass, done, form):
    """Save a class form: to the class's page once saved, else the form again with what was refused."""
    return form_step(lambda form: services.save_class(current_user, klass, form.class_fields(), form.facilitators.data,
                                                      form.capacity.data),
                     done, None, form,
                     lambda: render("classes/staff/form.html", form=form, klass=klass if klass.id else None, status=form.status),
                     then=lambda saved: url_for(".class_page", klass_id=saved.id))


@bp.route("/baru", methods=["GET", "POST"])
@roles(*MANAGERS)
def class_create():
    """A new class, saved as a draft."""
    return saving(Class(), _("Kelas disimpan sebagai draf. Tambahkan sesinya, lalu terbitkan."), class_form())


@bp.route("/<id:klass_id>/ubah", methods=["GET", "POST"])
@roles(*MANAGERS)
def class_edit(klass_id):
    """Change a class's details, facilitators and capacity."""
    klass = managed_class(klass_id)
    if klass.status not in RUNNING:
        flash(_("Kelas ini sudah selesai atau dibatalkan dan tidak dapat diubah."), "error")
        return see_other(url_for(".class_page", klass_id=klass.id))
    return saving(klass, _("Perubahan kelas disimpan."), class_form(klass))


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
    return form_step(lambda form: services.publish(current_user, klass),
                     _("Kelas diterbitkan dan tampil di jadwal kelas."), url_for(".class_page", klass_id=klass.id))


@bp.post("/<id:klass_id>/batalkan")
@roles(*MANAGERS)
def cancel_class(klass_id):
    """Cancel a class; every registrant is told."""
    klass = managed_class(klass_id)
    return form_step(lambda form: services.cancel_class(current_user, klass.id),
                     _("Kelas dibatalkan. Semua pendaftar diberi tahu."), url_for(".class_page", klass_id=klass.id))


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
        services.remove_session(current_user, klass, session_id)
    except RuleError as error:
        if wants_fragment():
            return class_page_response(klass, SessionForm(formdata=None), status=422, notice=error.message)
        flash(error.message, "error")
        return see_other(url_for(".class_page", klass_id=klass.id, _anchor="sessions"))
    return after_session_change(klass, _("Sesi dihapus."))


# Registering someone at the desk.

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
    form = desk_registration_form(klass, local_today(klass.unit.timezone))
    if form.validate_on_submit():
        try:
            registration, created = registering.register(klass.id, form.person(), source="desk", actor=current_user)
        except RuleError as error:
            form.show(error)
        else:
            flash(registered_message(registration, created), "success" if created else "info")
            return see_other(url_for("registration_admin.registrations", klass_id=klass.id, q=registration.code))
    return render("classes/staff/desk.html", klass=klass, form=form, status=form.status)
