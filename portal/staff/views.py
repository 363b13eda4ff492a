"""Staff area: sign in (password, then a code where the account has a second factor) and out, the dashboard,
one's own password and second factor, and account admin."""
import segno
from flask import Blueprint, abort, flash, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.auth import (ALL_ROLES, COUNSELLING, MANAGERS, await_second_step, awaiting_second_step, end_session,
                         guard, public, roles, start_session)
from portal.crypto import cipher
from portal.counseling.models import Appointment
from portal.db import utcnow
from portal.errors import RuleError
from portal.inquiries.models import OPEN, Inquiry
from portal.notify.services import waiting_count
from portal.htmx import form_step, render, see_other
from portal.security import (count_code_attempt, count_login_attempt, count_login_failure, forget_failures, limit_posts,
                             no_store, remember_device, safe_next)
from portal.staff import second_factor as factor
from portal.staff import services
from portal.staff.forms import CodeForm, LoginForm, PasswordForm, SearchForm, StaffForm
from portal.staff.models import ROLE_LABELS, RecoveryCode, Staff, normalise_email
from portal.units.models import Unit

bp = Blueprint("staff", __name__, url_prefix="/staf")
guard(bp)
bp.after_request(no_store)


@bp.app_context_processor
def _role_labels():
    return {"role_labels": ROLE_LABELS}


@bp.route("/masuk", methods=["GET", "POST"])
@public
@limit_posts("60 per 10 minutes")
def login():
    """Sign a staff member in with a fresh session, or on to the code step; wrong passwords are throttled
    (portal/security.py says how without locking the owner out)."""
    form = LoginForm()
    if request.method == "POST":
        account = normalise_email(request.form.get("email"))[:254]  # as the login looks it up
        claimed = Staff.by_email(account)
        count_login_attempt(account, claimed)
    if form.validate_on_submit():
        staff = services.authenticate(form.email.data, form.password.data)
        if staff:
            forget_failures(account, staff)
            next_page = safe_next(request.args.get("next"))
            if staff.has_second_factor:
                await_second_step(staff, next_page)
                return see_other(url_for(".login_code"))
            return signed_in(staff, next_page)
        count_login_failure(account, claimed)
        form.form_errors.append(_("Email atau kata sandi salah, atau akun tidak aktif."))
    return render("staff/login.html", form=form, status=422 if form.is_submitted() else 200)


def signed_in(staff, next_page):
    """The whole sign-in is done: a fresh session, and this browser is one the account knows."""
    services.record_login(staff)
    start_session(staff)
    return remember_device(see_other(next_page or url_for(".dashboard")), staff)


@bp.route("/masuk/kode", methods=["GET", "POST"])
@public
def login_code():
    """The second step: a code from the authenticator app, or a recovery code; five tries in five minutes."""
    staff, next_page = awaiting_second_step()
    if staff is None:
        flash(_("Silakan masuk lagi dengan email dan kata sandi."), "info")
        return see_other(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit():
        count_code_attempt(staff)
        try:
            kind = factor.use_code(staff, form.code.data)
        except RuleError as error:
            form.show(error)
        else:
            response = signed_in(staff, next_page)
            if kind == "recovery":
                left = RecoveryCode.unused(staff).count()
                flash(ngettext("Anda masuk dengan kode pemulihan; sisa %(num)s kode. Buat kode baru bila hampir habis.",
                               "Anda masuk dengan kode pemulihan; sisa %(num)s kode. Buat kode baru bila hampir habis.",
                               left), "warning")
            return response
    return render("staff/login_code.html", form=form, status=form.status)


@bp.post("/keluar")
@roles(*ALL_ROLES)
def logout():
    """Sign out here and on every other device."""
    services.sign_out(current_user)
    end_session()
    flash(_("Anda sudah keluar."), "info")
    return see_other(url_for(".login"))




@bp.get("/")
@roles(*ALL_ROLES)
def dashboard():
    """The first page after signing in; what cannot wait (urgent requests and counselling bookings) comes first."""
    waiting, urgent_inquiries, open_inquiries = [], [], 0
    if current_user.role in COUNSELLING:
        waiting = list(Appointment.needing_action(current_user, utcnow()))
        urgent_inquiries = list(Inquiry.inbox(current_user).where(Inquiry.urgent == True))  # noqa: E712
        open_inquiries = Inquiry.seen_by(current_user).where(Inquiry.status.in_(OPEN)).count()
    messages = waiting_count(current_user) if current_user.role in MANAGERS else 0
    return render("staff/dashboard.html", urgent=[a for a in waiting if a.urgent],
                  pending=[a for a in waiting if not a.urgent and a.status == "pending"],
                  urgent_inquiries=urgent_inquiries, open_inquiries=open_inquiries, waiting_messages=messages)


@bp.route("/sandi", methods=["GET", "POST"])
@roles(*ALL_ROLES)
def password():
    """Change one's own password (required after an admin reset)."""
    form = PasswordForm()

    def change(form):
        services.change_own_password(current_user, form.current.data, form.new.data)
        start_session(current_user._get_current_object())  # every other session of the account has ended

    return form_step(change, _("Kata sandi sudah diganti."), url_for(".dashboard"), form,
                     lambda: render("staff/password.html", form=form, status=form.status))


DRAFT_SECRET = "_second_factor_draft"  # the secret being enrolled, encrypted, until the app shows a right code


@bp.route("/dua-langkah", methods=["GET", "POST"], endpoint="second_factor")
@roles(*ALL_ROLES)
def second_factor_page():
    """Turn on one's second factor (a QR code for the authenticator app, then a code from it), or see it on."""
    form = CodeForm()
    if current_user.has_second_factor:
        return second_factor_status(form)
    if DRAFT_SECRET not in session:
        session[DRAFT_SECRET] = cipher.encrypt(factor.new_secret())
    secret = cipher.decrypt(session[DRAFT_SECRET])
    if form.validate_on_submit():
        try:
            codes = factor.enrol(current_user, secret, form.code.data)
        except RuleError as error:
            form.show(error)
        else:
            session.pop(DRAFT_SECRET)
            return render("staff/recovery_codes.html", codes=codes, enrolled_now=True)
    uri = factor.enrolment_uri(current_user, secret)
    return render("staff/second_factor.html", form=form, enrolled=False, secret=secret,
                  qr=segno.make(uri, error="m").svg_data_uri(scale=5, border=2), status=form.status)


@bp.post("/dua-langkah/kode-pemulihan")
@roles(*ALL_ROLES)
def recovery_codes():
    """Ten new recovery codes, shown once, after a right code; the old ones stop working."""
    form = CodeForm()
    if form.validate_on_submit():
        count_code_attempt(current_user)
        try:
            codes = factor.renew_recovery_codes(current_user, form.code.data)
        except RuleError as error:
            form.show(error)
        else:
            return render("staff/recovery_codes.html", codes=codes, enrolled_now=False)
    return second_factor_status(form)


@bp.post("/dua-langkah/matikan")
@roles(*ALL_ROLES)
def second_factor_off():
    """Switch one's own second factor off, where the role does not require it; a right code first."""
    form = CodeForm()

    def turn_off(form):
        count_code_attempt(current_user)
        factor.turn_off(current_user, form.code.data)

    return form_step(turn_off, _("Verifikasi dua langkah dimatikan."), url_for(".second_factor"), form,
                     lambda: second_factor_status(form))


def second_factor_status(form):
    """The page of a second factor that is on: renew the recovery codes, or switch it off."""
    return render("staff/second_factor.html", form=form, enrolled=True,
                  recovery_left=RecoveryCode.unused(current_user).count(), status=form.status)


@bp.route("/pengguna", methods=["GET", "POST"])
@roles("admin")
def staff_list():
    """Accounts the admin manages; the live search by name or email is posted, so what was typed stays out of URLs."""
    search = SearchForm() if request.method == "POST" else SearchForm(formdata=None)
    people = Staff.search(Staff.visible_to(current_user), search.q.data or "")
    return render("staff/list.html", "staff/_rows.html", people=people, search=search)


def staff_form(staff=None):
    """The account form, offering only the units this admin may assign."""
    form = StaffForm(obj=staff, data={"unit": staff.unit_id or 0} if staff else None)
    form.set_units(Unit.visible_to(current_user), allow_none=current_user.is_org_admin)
    return form


@bp.route("/pengguna/baru", methods=["GET", "POST"])
@roles("admin")
def staff_create():
    """Open a new account; its temporary password is shown once."""
    form = staff_form()
    if form.validate_on_submit():
        try:
            staff, password = services.create_staff(
                current_user, form.name.data, form.email.data, form.role.data, form.unit.data
            )
        except RuleError as error:
            form.show(error)
        else:
            return render("staff/temporary_password.html", staff=staff, password=password)
    return render("staff/form.html", form=form, staff=None, status=form.status)


def managed(staff_id):
    """An account the current admin may manage, or 404."""
    staff = Staff.visible_to(current_user).where(Staff.id == staff_id).first()
    if staff is None:
        abort(404)
    return staff


@bp.route("/pengguna/<id:staff_id>", methods=["GET", "POST"])
@roles("admin")
def staff_edit(staff_id):
    """Change an account's details, role or unit."""
    staff = managed(staff_id)
    form = staff_form(staff)
    return form_step(lambda form: services.update_staff(current_user, staff, form.name.data, form.email.data,
                                                        form.role.data, form.unit.data),
                     _("Perubahan akun disimpan."), url_for(".staff_list"), form,
                     lambda: render("staff/form.html", form=form, staff=staff, status=form.status))


@bp.post("/pengguna/<id:staff_id>/status")
@roles("admin")
def staff_active(staff_id):
    """Deactivate or reactivate an account."""
    staff = managed(staff_id)
    return form_step(lambda form: services.set_active(current_user, staff, request.form.get("active") == "1"),
                     _("Status akun diperbarui."), url_for(".staff_edit", staff_id=staff.id))


@bp.post("/pengguna/<id:staff_id>/reset-sandi")
@roles("admin")
def staff_reset_password(staff_id):
    """Give an account a new temporary password, shown once."""
    staff = managed(staff_id)
    password = services.reset_password(current_user, staff)
    return render("staff/temporary_password.html", staff=staff, password=password)


@bp.post("/pengguna/<id:staff_id>/reset-dua-langkah")
@roles("admin")
def staff_reset_second_factor(staff_id):
    """Take away an account's second factor (a lost phone): its sessions end; it enrols again if required."""
    staff = managed(staff_id)
    return form_step(lambda form: factor.reset(current_user, staff),
                     _("Verifikasi dua langkah akun ini diatur ulang. Akun itu harus masuk lagi."),
                     url_for(".staff_edit", staff_id=staff.id))
