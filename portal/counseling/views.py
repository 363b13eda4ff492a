"""Booking counselling without an account: service → how and when → details → the appointment's own page."""
from calendar import Calendar
from datetime import timedelta

from flask import Blueprint, abort, flash, request, url_for
from babel.dates import format_date, get_day_names
from flask_babel import get_locale
from flask_babel import gettext as _

from portal.cache import RenderCache
from portal.counseling import services, slots
from portal.counseling.forms import BookingForm, CancelForm, MoveForm
from portal.counseling.messages import appointment_calendar
from portal.availability.models import MODES, Service
from portal.counseling.models import Appointment
from portal.db import utcnow
from portal.errors import RuleError
from portal.htmx import form_step, render, see_other, wants_fragment
from portal.i18n import local_from_utc
from portal.ics import ics_response
from portal.notify.models import OutboxMessage
from portal.surveys.models import SurveyInvitation
from portal.security import citizen_form, no_referrer, no_store

bp = Blueprint("counseling", __name__, url_prefix="/konseling")
pages = RenderCache()


bp.add_app_template_filter(slots.slot_key)


@bp.after_request
def private_pages(response):
    """An appointment's own pages (seeing, moving, cancelling it, its calendar) hold its token in their address."""
    return no_referrer(response) if "token" in (request.view_args or {}) else response


@bp.app_template_filter()
def calendar_months(days, today):
    """The months from today to the last open day, each with its label, weekday names and weeks of dates
    (None outside the window), Monday first."""
    lang = str(get_locale())
    long, short = get_day_names("wide", locale=lang), get_day_names("abbreviated", locale=lang)
    weekdays = [{"long": long[n], "short": short[n]} for n in range(7)]
    last = max(days)
    months, first = [], today.replace(day=1)
    while first <= last:
        weeks = [[d if d.month == first.month and today <= d <= last else None for d in week]
                 for week in Calendar().monthdatescalendar(first.year, first.month)]
        weeks = [week for week in weeks if any(week)]
        months.append({"label": format_date(first, "MMMM y", locale=lang), "weekdays": weekdays, "weeks": weeks})
        first = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


@bp.get("/")
def services_page():
    """Every service on offer, by unit; built once per change of the services or units."""
    return pages.page(Service.listing_version(), services_listing)


def services_listing():
    units = {}
    for service in Service.offered():
        units.setdefault(service.unit, []).append(service)
    return "counseling/services.html", dict(units=units, modes=MODES)


def public_service(service_id):
    return Service.on_offer(service_id) or abort(404)


def chosen_mode(service):
    """The mode asked for in the query, when the service offers it; else its first."""
    return service.mode_or_first(request.args.get("cara"))


def chosen_day():
    """The date asked for in the query, or None."""
    return slots.date_from(request.args.get("tanggal", ""))


def picker(service, mode, asked_day=None, status=200, notice=None, moving=None):
    """The mode choice, the calendar of days with room, and the free times of the chosen day (if it has room).

    With `moving`, the same picker moves that appointment: its own time counts as free, and a time leads to
    confirming the move instead of to the details form.
    """
    now = utcnow()
    today = local_from_utc(now, service.unit.timezone).date()
    if moving:
        days = services.open_days(service, mode, now, skip=moving.id)
        day = asked_day if asked_day in days else None
        starts = sorted(services.free_slots(service, mode, day, now, skip=moving.id)) if day else []
        slot_link = lambda iso: url_for(".move_confirm", token=moving.token, mulai=iso)  # noqa: E731
    else:
        times = services.open_times(service, mode, now, today)
        days, day = sorted(times), asked_day if asked_day in times else None
        starts = list(times.get(day, ()))
        slot_link = lambda iso: url_for(".details", service_id=service.id, cara=mode, mulai=iso)  # noqa: E731
    context = dict(service=service, mode=mode, modes=MODES, days=days, day=day, slots=starts, notice=notice,
                   moving=moving, slot_link=slot_link, today=today)
    template = "counseling/_picker.html" if wants_fragment() else "counseling/picker.html"
    if moving or notice:
        return render(template, status=status, **context)
    # The same choices give the same page: kept per service, mode and what is free, for every visitor.
    key = (service.id, service.updated_at, service.unit.updated_at, mode, tuple(days), day, tuple(starts), today)
    return pages.page(key, lambda: (template, context), status)


@bp.get("/<id:service_id>")
def pick(service_id):
    service = public_service(service_id)
    return picker(service, chosen_mode(service), chosen_day())


def chosen_start():
    """The start in the query, as every slot link carries it; or None."""
    return slots.from_slot_key(request.args.get("mulai", ""))


@bp.route("/<id:service_id>/data", methods=["GET", "POST"])
@citizen_form()
def details(service_id):
    """The person's details for the chosen time; booking happens here, and a taken time sends them back."""
    service = public_service(service_id)
    mode, start = chosen_mode(service), chosen_start()
    if start is None:
        return see_other(url_for(".pick", service_id=service.id, cara=mode))
    form = BookingForm()
    if form.validate_on_submit():
        try:
            appointment = services.book(service, mode, start, form.person())
        except services.SlotTaken as taken:  # someone was quicker: the same day's fresh times
            day = local_from_utc(start, service.unit.timezone).date()
            return picker(service, mode, day, status=409, notice=taken.message)
        except RuleError as error:
            form.show(error)
        else:
            flash(_("Jadwal konseling Anda sudah dipesan. Simpan tautan halaman ini."), "success")
            return see_other(url_for(".appointment_page", token=appointment.token))
    return no_store(render("counseling/details.html", service=service, mode=mode, modes=MODES, start=start,
                           form=form, status=form.status))


def own_appointment(token):
    """The appointment this secret link belongs to, or 404."""
    return Appointment.by_token(token) or abort(404)


@bp.get("/jadwal/<token>")
def appointment_page(token):
    """The appointment's own page: when, where or how, its status, the calendar file, and cancelling."""
    appointment = own_appointment(token)
    can_change = services.citizen_change_refused(appointment, utcnow()) is None
    response = render("counseling/appointment.html", appointment=appointment, service=appointment.service,
                      unit=appointment.unit, modes=MODES, can_change=can_change, form=CancelForm(),
                      delivery=OutboxMessage.latest_whatsapp(appointment), survey=SurveyInvitation.of(appointment))
    return no_store(response)


def movable(token):
    """The appointment behind the link, if its holder may still move it; else back to its page, told why."""
    appointment = own_appointment(token)
    refusal = services.citizen_change_refused(appointment, utcnow())
    if refusal:
        flash(str(refusal), "error")
        return appointment, see_other(url_for(".appointment_page", token=token))
    return appointment, None


@bp.get("/jadwal/<token>/pindah")
def move(token):
    """The same calendar and times, to move the appointment."""
    appointment, refused = movable(token)
    return refused or no_store(picker(appointment.service, appointment.mode, chosen_day(), moving=appointment))


@bp.route("/jadwal/<token>/pindah/konfirmasi", methods=["GET", "POST"])
def move_confirm(token):
    """The old and the new time side by side; moving happens on the POST."""
    appointment, refused = movable(token)
    start = chosen_start()
    if refused or start is None:
        return refused or see_other(url_for(".move", token=token))
    form = MoveForm()
    if form.validate_on_submit():
        try:
            services.reschedule(appointment, start)
        except services.SlotTaken as taken:
            day = local_from_utc(start, appointment.unit.timezone).date()
            return no_store(picker(appointment.service, appointment.mode, day, status=409, notice=taken.message,
                                   moving=appointment))
        except RuleError as error:
            flash(error.message, "error")
        else:
            flash(_("Jadwal konseling Anda sudah dipindah."), "success")
        return see_other(url_for(".appointment_page", token=token))
    return no_store(render("counseling/move.html", appointment=appointment, service=appointment.service,
                           unit=appointment.unit, start=start, form=form))


@bp.post("/jadwal/<token>/batal")
def cancel(token):
    """Cancel the appointment once the tick is set."""
    appointment = own_appointment(token)
    return form_step(lambda form: services.cancel(appointment), _("Jadwal konseling Anda sudah dibatalkan."),
                     url_for(".appointment_page", token=token), CancelForm())


@bp.get("/jadwal/<token>/kalender.ics")
def calendar_file(token):
    """The appointment as a calendar file."""
    appointment = own_appointment(token)
    if not appointment.is_active:
        abort(404)
    return no_store(ics_response(appointment_calendar(appointment), "konseling-puspaga.ics"))
