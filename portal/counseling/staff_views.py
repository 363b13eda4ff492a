"""Staff pages for counselling: the schedule, an appointment and its steps, booking at the desk, services,
counsellors' time and the unit's booking rules."""
from datetime import date, datetime, timedelta

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth import COUNSELLING, MANAGERS, guard, roles
from portal.counseling import services, setup, slots
from portal.counseling.models import (MODES, STATUS_LABELS, Appointment, ClosedDay, CounsellorService,
                                      DateException, Service, WorkingHours)
from portal.counseling.staff_forms import (EXCEPTION_KINDS, WEEKDAYS, ClosedDayForm, DeskBookingForm, ExceptionForm,
                                           ReassignForm, ServiceForm, SettingsForm, VideoLinkForm, week_form)
from portal.db import row_id, utcnow
from portal.errors import RuleError
from portal.htmx import render, see_other
from portal.i18n import local_from_utc, utc_from_local
from portal.security import no_store
from portal.staff.models import Staff
from portal.units.models import Unit

bp = Blueprint("counseling_admin", __name__, url_prefix="/staf/konseling")
guard(bp)
bp.after_request(no_store)

CHANGE_LABELS = {
    "booked": _l("Dipesan"), "rescheduled": _l("Dipindah ke"), "confirm": _l("Dikonfirmasi"), "decline": _l("Ditolak"),
    "complete": _l("Selesai"), "no_show": _l("Tidak hadir"), "cancelled": _l("Dibatalkan"),
    "reassigned": _l("Dipindah ke konselor lain"),
}


@bp.context_processor
def counseling_admin_context():
    return {"modes": MODES, "appointment_statuses": STATUS_LABELS,
            "weekdays": WEEKDAYS, "change_labels": CHANGE_LABELS,
            "exception_kinds": EXCEPTION_KINDS}


def units_of(staff):
    return list(Unit.visible_to(staff).order_by(Unit.name))


def chosen_unit(staff):
    """The unit a page is about: the staff member's own, or (organisation admins) the one asked for."""
    units = units_of(staff)
    asked = request.args.get("unit", type=int)
    return next((u for u in units if u.id == asked), None) or (units[0] if units else abort(404))


def counsellors_of(unit):
    return list(Staff.select().where(Staff.unit == unit.id, Staff.role == "konselor", Staff.active == True)  # noqa: E712
                .order_by(Staff.name))


# The schedule.

def week_of(text, tz):
    """The Monday of the week asked for (?minggu=YYYY-MM-DD), else this week's."""
    day = slots.date_from(text) or local_from_utc(utcnow(), tz).date()
    return day - timedelta(days=day.weekday())


@bp.get("/")
@roles(*COUNSELLING)
def schedule():
    """A week of appointments, day by day in time order (urgent ones marked), and above it what needs doing first:
    urgent bookings, then requests waiting for confirmation."""
    unit = chosen_unit(current_user)
    tz = unit.timezone
    monday = week_of(request.args.get("minggu", ""), tz)
    days = [monday + timedelta(days=n) for n in range(7)]
    counsellor_id = request.args.get("konselor", type=row_id) if current_user.role in MANAGERS else None
    start, end = (utc_from_local(datetime.combine(d, datetime.min.time()), tz) for d in (monday, monday + timedelta(7)))
    by_day = {d: [] for d in days}
    for appointment in Appointment.schedule(current_user, start, end, counsellor_id).where(Appointment.unit == unit.id):
        by_day[local_from_utc(appointment.starts_at, tz).date()].append(appointment)
    return render("counseling/staff/schedule.html", unit=unit, units=units_of(current_user), days=days,
                  by_day=by_day, monday=monday, previous=monday - timedelta(7), following=monday + timedelta(7),
                  counsellors=counsellors_of(unit), counsellor_id=counsellor_id,
                  today=local_from_utc(utcnow(), tz).date(),
                  first=list(Appointment.needing_action(current_user, utcnow()).where(Appointment.unit == unit.id)),
                  closed={c.day: c.reason for c in ClosedDay.select().where(ClosedDay.unit == unit.id,
                                                                           ClosedDay.day.between(days[0], days[-1]))},
                  away=away_in(unit, days, counsellor_id))


def away_in(unit, days, counsellor_id=None):
    """{day: [names]} of the unit's counsellors (or the one shown) on leave those days; a counsellor sees their own."""
    query = (DateException.select(DateException, Staff).join(Staff)
             .where(DateException.kind == "off", DateException.day.between(days[0], days[-1]), Staff.unit == unit.id))
    if current_user.role == "konselor":
        query = query.where(DateException.counsellor == current_user.id)
    elif counsellor_id:
        query = query.where(DateException.counsellor == counsellor_id)
    away = {}
    for leave in query:
        away.setdefault(leave.day, []).append(leave.counsellor.name)
    return away


# One appointment and its steps.

def seen_appointment(appointment_id):
    return Appointment.seen_by(current_user).where(Appointment.id == appointment_id).first() or abort(404)


def appointment_page(appointment, status=200, reassign_form=None, link_form=None):
    able = set(services.counsellors_for(appointment.service, appointment.mode)) - {appointment.counsellor_id}
    reassign_form = reassign_form or ReassignForm()
    reassign_form.counsellor.choices = [(0, _("Pilih konselor"))] + [
        (c.id, c.name) for c in counsellors_of(appointment.unit) if c.id in able]
    return render("counseling/staff/appointment.html", appointment=appointment, service=appointment.service,
                  unit=appointment.unit, reassign_form=reassign_form, status=status,
                  link_form=link_form or VideoLinkForm(data={"video_link": appointment.video_link}),
                  own=appointment.counsellor_id == current_user.id, now=utcnow())


@bp.get("/janji/<id:appointment_id>")
@roles(*COUNSELLING)
def appointment(appointment_id):
    return appointment_page(seen_appointment(appointment_id))


STEP_MESSAGES = {
    "confirm": _l("Janji temu dikonfirmasi; warga dikabari."),
    "decline": _l("Permintaan ditolak; warga dikabari."),
    "complete": _l("Ditandai selesai."),
    "no_show": _l("Ditandai tidak hadir."),
}


@bp.post("/janji/<id:appointment_id>/langkah")
@roles(*COUNSELLING)
def step(appointment_id):
    """Confirm or decline a request, mark completed or no-show, or cancel (the button's `action`)."""
    appointment = seen_appointment(appointment_id)
    action = request.form.get("action", "")
    if action not in (*STEP_MESSAGES, "cancel"):
        abort(400)
    try:
        if action == "cancel":
            services.cancel(appointment, actor=current_user)
            flash(_("Janji temu dibatalkan; warga dikabari."), "success")
        else:
            services.staff_step(current_user, appointment, action)
            flash(str(STEP_MESSAGES[action]), "success")
    except RuleError as error:
        flash(error.message, "error")
    return see_other(url_for(".appointment", appointment_id=appointment.id))


@bp.post("/janji/<id:appointment_id>/konselor")
@roles(*MANAGERS)
def reassign(appointment_id):
    appointment = seen_appointment(appointment_id)
    form = ReassignForm()
    if form.validate():
        try:
            services.reassign(current_user, appointment, form.counsellor.data)
        except RuleError as error:
            form.show(error)
        else:
            flash(_("Janji temu dipindah ke konselor lain."), "success")
            return see_other(url_for(".appointment", appointment_id=appointment.id))
    return appointment_page(appointment, status=422, reassign_form=form)


@bp.post("/janji/<id:appointment_id>/tautan")
@roles(*COUNSELLING)
def video_link(appointment_id):
    appointment = seen_appointment(appointment_id)
    form = VideoLinkForm()
    if form.validate():
        Appointment.update(video_link=form.video_link.data).where(Appointment.id == appointment.id).execute()
        flash(_("Tautan video disimpan; warga melihatnya di halaman jadwalnya."), "success")
        return see_other(url_for(".appointment", appointment_id=appointment.id))
    return appointment_page(appointment, status=422, link_form=form)


# Booking for someone at the desk or on the phone.

def desk_choice(unit):
    """The service, mode and date chosen so far (query), each None until chosen."""
    service = Service.get_or_none(Service.id == request.args.get("layanan", type=row_id), Service.unit == unit.id,
                                  Service.active == True)  # noqa: E712
    mode = service.mode_or_first(request.args.get("cara")) if service else None
    return service, mode, slots.date_from(request.args.get("tanggal", ""))


@bp.route("/pesan", methods=["GET", "POST"])
@roles(*MANAGERS)
def desk_booking():
    """Pick a service, mode and date, then a free time and the person's details; the same rules as online."""
    unit = chosen_unit(current_user)
    service, mode, day = desk_choice(unit)
    form = DeskBookingForm()
    starts = sorted(services.free_slots(service, mode, day)) if service and day else []
    status, notice = 200, None
    if request.method == "POST" and service:
        start = slots.from_slot_key(request.form.get("mulai", ""))
        valid = form.validate()
        if start is None:
            status = 422
        elif valid:
            try:
                booked = services.book(service, mode, start, form.person(), actor=current_user)
            except services.SlotTaken as taken:
                notice, status = taken.message, 409
                starts = sorted(services.free_slots(service, mode, day)) if day else []
            except RuleError as error:
                form.show(error)
                status = 422
            else:
                flash(_("Jadwal dipesan untuk %(name)s.", name=booked.name), "success")
                return see_other(url_for(".appointment", appointment_id=booked.id))
        else:
            status = 422
    return render("counseling/staff/desk.html", unit=unit, units=units_of(current_user),
                  offered=list(Service.select().where(Service.unit == unit.id, Service.active == True)  # noqa: E712
                               .order_by(Service.name)),
                  service=service, mode=mode, day=day, slots=starts, form=form, notice=notice, status=status,
                  chosen=request.form.get("mulai", ""), taken=status == 409,
                  missing_time=request.method == "POST" and not request.form.get("mulai"),
                  today=local_from_utc(utcnow(), unit.timezone).date())


# Services and the unit's booking rules.

def managed_service(service_id):
    units = [u.id for u in units_of(current_user)]
    return Service.get_or_none(Service.id == service_id, Service.unit.in_(units)) or abort(404)


@bp.get("/layanan")
@roles(*MANAGERS)
def service_list():
    unit = chosen_unit(current_user)
    return render("counseling/staff/services.html", unit=unit, units=units_of(current_user),
                  offered=list(Service.select().where(Service.unit == unit.id).order_by(Service.name)),
                  closed=list(ClosedDay.select().where(ClosedDay.unit == unit.id).order_by(ClosedDay.day)),
                  settings_form=SettingsForm(obj=unit), closed_form=ClosedDayForm())


@bp.route("/layanan/baru", methods=["GET", "POST"])
@bp.route("/layanan/<id:service_id>", methods=["GET", "POST"])
@roles(*MANAGERS)
def service_edit(service_id=None):
    service = managed_service(service_id) if service_id else Service(unit=chosen_unit(current_user))
    form = ServiceForm(data=None if service.id is None else {**service.__data__, "modes": service.mode_list})
    if form.validate_on_submit():
        try:
            setup.save_service(current_user, service, form.values())
        except RuleError as error:
            form.show(error)
        else:
            flash(_("Layanan %(name)s disimpan.", name=service.name), "success")
            return see_other(url_for(".service_list", unit=service.unit_id))
    return render("counseling/staff/service_form.html", service=service, form=form, status=form.status)


@bp.post("/pengaturan")
@roles(*MANAGERS)
def settings():
    unit = chosen_unit(current_user)
    form = SettingsForm()
    if form.validate():
        setup.save_settings(current_user, unit, {f.name: f.data for f in form if f.name != "csrf_token"})
        flash(_("Aturan pemesanan disimpan."), "success")
    else:
        flash(_("Periksa lagi aturan pemesanan: %(errors)s", errors=" ".join(str(e) for f in form for e in f.errors)), "error")
    return see_other(url_for(".service_list", unit=unit.id))


@bp.post("/hari-tutup")
@roles(*MANAGERS)
def closed_day_add():
    unit = chosen_unit(current_user)
    form = ClosedDayForm()
    if form.validate():
        setup.add_closed_day(current_user, unit, form.day.data, form.reason.data)
        flash(_("Hari tutup ditambahkan."), "success")
    else:
        flash(_("Isi tanggal hari tutup."), "error")
    return see_other(url_for(".service_list", unit=unit.id))


@bp.post("/hari-tutup/<id:closed_day_id>/hapus")
@roles(*MANAGERS)
def closed_day_remove(closed_day_id):
    unit = chosen_unit(current_user)
    setup.remove_closed_day(current_user, unit, closed_day_id)
    return see_other(url_for(".service_list", unit=unit.id))


# A counsellor's week and dates: their own, or (koordinator, admin) their unit's counsellors'.

def counsellor_for(staff_id):
    """The counsellor whose time this page sets: oneself, or one of the manager's unit."""
    if current_user.role == "konselor":
        return current_user if staff_id in (None, current_user.id) else abort(404)
    counsellor = Staff.get_or_none(Staff.id == staff_id, Staff.role == "konselor") if staff_id else None
    if counsellor is None or not (current_user.is_org_admin or counsellor.unit_id == current_user.unit_id):
        abort(404)
    return counsellor


def week_data(counsellor):
    data = {}
    for row in WorkingHours.select().where(WorkingHours.counsellor == counsellor.id):
        prefix = "" if row.kind == "work" else "break_"
        data[f"{prefix}start_{row.weekday}"], data[f"{prefix}end_{row.weekday}"] = row.start, row.end
    given = list(CounsellorService.select().where(CounsellorService.counsellor == counsellor.id))
    data["services"] = [g.service_id for g in given]
    data["modes"] = sorted({m for g in given for m in g.modes.split(",")}) or list(MODES)
    return data


@bp.route("/waktu", methods=["GET", "POST"])
@bp.route("/waktu/<id:staff_id>", methods=["GET", "POST"])
@roles(*COUNSELLING)
def counsellor_time(staff_id=None):
    if staff_id is None and current_user.role in MANAGERS:  # a koordinator starts at their unit's first counsellor
        first = next(iter(counsellors_of(chosen_unit(current_user))), None) or abort(404)
        return see_other(url_for(".counsellor_time", staff_id=first.id))
    counsellor = counsellor_for(staff_id)
    offered = list(Service.select().where(Service.unit == counsellor.unit_id).order_by(Service.name))
    form = week_form(offered)(data=None if request.method == "POST" else week_data(counsellor))
    if form.validate_on_submit():
        week = {day: (form[f"start_{day}"].data, form[f"end_{day}"].data, form[f"break_start_{day}"].data,
                      form[f"break_end_{day}"].data) for day in range(7)}
        setup.save_week(current_user, counsellor, week, form.services.data, form.modes.data)
        flash(_("Jam kerja %(name)s disimpan.", name=counsellor.name), "success")
        return see_other(request.path)
    return render("counseling/staff/time.html", counsellor=counsellor, form=form, status=form.status,
                  exception_form=ExceptionForm(),
                  exceptions=list(DateException.select().where(DateException.counsellor == counsellor.id,
                                                               DateException.day >= date.today() - timedelta(30))
                                  .order_by(DateException.day)),
                  counsellors=counsellors_of(counsellor.unit) if current_user.role in MANAGERS else [])


@bp.post("/waktu/<id:staff_id>/tanggal")
@roles(*COUNSELLING)
def exception_add(staff_id):
    counsellor = counsellor_for(staff_id)
    form = ExceptionForm()
    if form.validate():
        setup.add_exception(current_user, counsellor, form.day.data, form.kind.data, form.start.data,
                            form.end.data, form.note.data)
        flash(_("Tanggal khusus ditambahkan."), "success")
    else:
        flash(" ".join(str(e) for f in form for e in f.errors) or _("Periksa lagi tanggal khusus."), "error")
    return see_other(url_for(".counsellor_time", staff_id=counsellor.id))


@bp.post("/waktu/<id:staff_id>/tanggal/<id:exception_id>/hapus")
@roles(*COUNSELLING)
def exception_remove(staff_id, exception_id):
    counsellor = counsellor_for(staff_id)
    setup.remove_exception(current_user, counsellor, exception_id)
    return see_other(url_for(".counsellor_time", staff_id=counsellor.id))
