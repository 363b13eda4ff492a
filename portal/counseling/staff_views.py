"""Staff pages for counselling: the week's schedule, an appointment and its steps, and booking at the desk. The
services and counsellors' time they are booked into are portal.availability.views."""
from datetime import datetime, timedelta

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth import COUNSELLING, MANAGERS, found, guard, roles
from portal.availability.models import MODES, ClosedDay, CounsellorService, DateException, Service
from portal.counseling import services, slots
from portal.counseling.models import STATUS_LABELS, Appointment
from portal.counseling.staff_forms import DeskBookingForm, ReassignForm, VideoLinkForm
from portal.db import row_id, utcnow
from portal.errors import RuleError
from portal.htmx import form_step, render, see_other
from portal.i18n import local_from_utc, local_today, utc_from_local
from portal.notify.models import OutboxMessage
from portal.security import no_store
from portal.staff.models import Staff
from portal.units.models import Unit

bp = Blueprint("counseling_admin", __name__, url_prefix="/staf/konseling")
guard(bp)
bp.after_request(no_store)

CHANGE_LABELS = {
    "booked": _l("Dipesan"), "rescheduled": _l("Dipindah ke"), "confirm": _l("Dikonfirmasi"), "decline": _l("Ditolak"),
    "complete": _l("Selesai"), "no_show": _l("Tidak hadir"), "cancelled": _l("Dibatalkan"),
    "reassigned": _l("Dipindah ke konselor lain"), "video_link": _l("Tautan video diatur"),
}


@bp.context_processor
def counseling_admin_context():
    return {"modes": MODES, "appointment_statuses": STATUS_LABELS, "change_labels": CHANGE_LABELS}


def chosen_unit():
    """The unit a page is about: the staff member's own, or (organisation admins) the one asked for."""
    return found(Unit.chosen(current_user, request.args.get("unit", type=int)))


# The schedule.

def week_of(text, tz):
    """The Monday of the week asked for (?minggu=YYYY-MM-DD), else this week's."""
    day = slots.date_from(text) or local_today(tz)
    return day - timedelta(days=day.weekday())


@bp.get("/")
@roles(*COUNSELLING)
def schedule():
    """A week of appointments, day by day in time order (urgent ones marked), and above it what needs doing first:
    urgent bookings, then requests waiting for confirmation."""
    unit = chosen_unit()
    tz = unit.timezone
    monday = week_of(request.args.get("minggu", ""), tz)
    days = [monday + timedelta(days=n) for n in range(7)]
    counsellor_id = request.args.get("konselor", type=row_id) if current_user.role in MANAGERS else None
    start, end = (utc_from_local(datetime.combine(d, datetime.min.time()), tz) for d in (monday, monday + timedelta(7)))
    by_day = {d: [] for d in days}
    for appointment in Appointment.schedule(current_user, start, end, counsellor_id).where(Appointment.unit == unit.id):
        by_day[local_from_utc(appointment.starts_at, tz).date()].append(appointment)
    return render("counseling/staff/schedule.html", unit=unit, units=Unit.visible_to(current_user), days=days,
                  by_day=by_day, monday=monday, previous=monday - timedelta(7), following=monday + timedelta(7),
                  counsellors=Staff.counsellors_of(unit.id), counsellor_id=counsellor_id,
                  today=local_today(tz),
                  first=list(Appointment.needing_action(current_user, utcnow()).where(Appointment.unit == unit.id)),
                  closed={c.day: c.reason for c in ClosedDay.of_unit(unit.id, days[0], days[-1])},
                  away=away_in(unit, days, counsellor_id))


def away_in(unit, days, counsellor_id=None):
    """{day: [names]} of the unit's counsellors (or the one shown) on leave those days; a counsellor sees their own."""
    own = current_user.id if current_user.role == "konselor" else counsellor_id
    return DateException.leave_in(unit.id, days[0], days[-1], own)


# One appointment and its steps.

def seen_appointment(appointment_id):
    return Appointment.seen_by(current_user).where(Appointment.id == appointment_id).first() or abort(404)


def appointment_page(appointment, status=200, reassign_form=None, link_form=None):
    able = set(CounsellorService.ids_giving(appointment.service, appointment.mode)) - {appointment.counsellor_id}
    reassign_form = reassign_form or ReassignForm()
    reassign_form.counsellor.choices = [(0, _("Pilih konselor"))] + [
        (c.id, c.name) for c in Staff.counsellors_of(appointment.unit_id) if c.id in able]
    return render("counseling/staff/appointment.html", appointment=appointment, service=appointment.service,
                  unit=appointment.unit, reassign_form=reassign_form, status=status,
                  link_form=link_form or VideoLinkForm(data={"video_link": appointment.video_link}),
                  own=appointment.counsellor_id == current_user.id, now=utcnow(),
                  messages=list(OutboxMessage.about(appointment)))


@bp.get("/janji/<id:appointment_id>")
@roles(*COUNSELLING)
def appointment(appointment_id):
    return appointment_page(seen_appointment(appointment_id))


STEP_MESSAGES = {
    "confirm": _l("Janji temu dikonfirmasi; warga dikabari."),
    "decline": _l("Permintaan ditolak; warga dikabari."),
    "complete": _l("Ditandai selesai."),
    "no_show": _l("Ditandai tidak hadir."),
    "cancel": _l("Janji temu dibatalkan; warga dikabari."),
}


@bp.post("/janji/<id:appointment_id>/langkah")
@roles(*COUNSELLING)
def step(appointment_id):
    """Confirm or decline a request, mark completed or no-show, or cancel (the button's `action`)."""
    appointment = seen_appointment(appointment_id)
    action = request.form.get("action", "")
    if action not in STEP_MESSAGES:
        abort(400)
    if action == "cancel":
        take = lambda form: services.cancel(appointment, actor=current_user)  # noqa: E731
    else:
        take = lambda form: services.staff_step(current_user, appointment, action)  # noqa: E731
    return form_step(take, str(STEP_MESSAGES[action]), url_for(".appointment", appointment_id=appointment.id))


@bp.post("/janji/<id:appointment_id>/konselor")
@roles(*MANAGERS)
def reassign(appointment_id):
    appointment, form = seen_appointment(appointment_id), ReassignForm()
    return form_step(lambda form: services.reassign(current_user, appointment, form.counsellor.data),
                     _("Janji temu dipindah ke konselor lain."),
                     url_for(".appointment", appointment_id=appointment.id), form,
                     lambda: appointment_page(appointment, status=422, reassign_form=form), flash_refusals=True)


@bp.post("/janji/<id:appointment_id>/tautan")
@roles(*COUNSELLING)
def video_link(appointment_id):
    appointment, form = seen_appointment(appointment_id), VideoLinkForm()
    return form_step(lambda form: services.set_video_link(current_user, appointment, form.video_link.data),
                     _("Tautan video disimpan; warga melihatnya di halaman jadwalnya."),
                     url_for(".appointment", appointment_id=appointment.id), form,
                     lambda: appointment_page(appointment, status=422, link_form=form), flash_refusals=True)


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
    unit = chosen_unit()
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
    return render("counseling/staff/desk.html", unit=unit, units=Unit.visible_to(current_user),
                  offered=Service.of_unit(unit.id, active_only=True),
                  service=service, mode=mode, day=day, slots=starts, form=form, notice=notice, status=status,
                  chosen=request.form.get("mulai", ""), taken=status == 409,
                  missing_time=request.method == "POST" and not request.form.get("mulai"),
                  today=local_today(unit.timezone))
