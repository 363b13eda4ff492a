"""Citizens: the class catalogue, a class and its registration form, and their own registration page."""
from datetime import date, datetime, timedelta

from flask import Blueprint, abort, request, session, url_for
from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal.certificates.models import Certificate
from portal.classes import messages, registering
from portal.classes.forms import CancelForm, RegistrationForm
from portal.classes.messages import class_calendar
from portal.classes.models import KINDS, MODES, Class, ClassSession, Registration
from portal.db import utcnow
from portal.errors import RuleError
from portal.cache import RenderCache
from portal.htmx import render, see_other, ticked_step, wants_fragment
from portal.ics import ics_response
from portal.notify.models import OutboxMessage
from portal.security import limiter, no_store
from portal.units.models import Unit

bp = Blueprint("classes", __name__, url_prefix="/kelas")
registrations = Blueprint("registrations", __name__, url_prefix="/pendaftaran")
registrations.after_request(no_store)
MINE = "registrations"  # tokens of registrations made in this browser
PAGE_SIZE = 12
RESEND_AFTER = timedelta(minutes=10)
pages = RenderCache()


@bp.app_context_processor
def _labels():
    return {"class_kinds": KINDS, "class_modes": MODES}


def month_filter(text):
    """'2026-12' as a [start, end) pair of datetimes, or None."""
    try:
        start = datetime.strptime(text, "%Y-%m")
    except (TypeError, ValueError):
        return None
    end = start.replace(year=start.year + (start.month == 12), month=start.month % 12 + 1)
    return start, end


@bp.get("/")
def catalogue():
    """Upcoming classes, filtered by kind, month, mode and unit; built once per change of the data."""
    if current_user.is_authenticated or session.get("_flashes"):
        return render_catalogue()
    now = utcnow().replace(second=0, microsecond=0)  # a class drops off the list when it starts
    key = (str(get_locale()), request.full_path, wants_fragment(), Class.catalogue_version(), now)
    return pages.render(key, lambda: catalogue_page(now))


def render_catalogue():
    template, context = catalogue_page(utcnow())
    return render(template, **context)


def catalogue_page(now):
    """The template (page or fragment) and context of the catalogue."""
    args = request.args
    filters = {k: args.get(k, "")[:16] for k in ("kind", "mode", "month", "unit")}
    page = min(max(args.get("page", 1, type=int), 1), 1000)
    classes = list(Class.catalogue(
        now, kind=filters["kind"] if filters["kind"] in KINDS else "",
        mode=filters["mode"] if filters["mode"] in MODES else "",
        unit_id=int(filters["unit"]) if filters["unit"].isdigit() else None,
        month=month_filter(filters["month"]),
    ).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1))
    more = {**{k: v for k, v in filters.items() if v}, "page": page + 1} if len(classes) > PAGE_SIZE else None
    fragment = "classes/_more_cards.html" if page > 1 else "classes/_cards.html"
    template = fragment if wants_fragment() else "classes/catalogue.html"
    return template, dict(classes=classes[:PAGE_SIZE], more=more, filters=filters, units=list(Unit.active_units()),
                          months=coming_months(now))


def coming_months(now, count=12):
    """The month filter's choices: ('2026-12', 'Desember 2026') for this month and the next ones."""
    first = now.date().replace(day=1)
    months = []
    for _step in range(count):
        months.append((first.strftime("%Y-%m"), format_date(first, "MMMM y", locale=str(get_locale()))))
        first = (first + timedelta(days=32)).replace(day=1)
    return months


def public_class(klass_id):
    """A class citizens may see: published, closed or cancelled, never a draft."""
    klass = Class.with_confirmed().where(Class.id == klass_id, Class.status != "draft").first()
    return klass or abort(404)


@bp.route("/<id:klass_id>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def detail(klass_id):
    """Everything about a class, with its registration form."""
    klass = public_class(klass_id)
    form = RegistrationForm.for_class(klass, date.today())
    if form.validate_on_submit():
        try:
            registration, created = registering.register(klass.id, form.person())
        except RuleError as error:
            form.show(error)
        else:
            return after_registering(registration, created)
    return render("classes/detail.html", klass=klass, form=form, sessions=list(ClassSession.of(klass.id)),
                  state=klass.registration_state(utcnow()), status=form.status)


def after_registering(registration, created):
    """To their own page; a repeat from another browser only learns the link was resent."""
    mine = session.get(MINE, [])
    if created:
        session[MINE] = (mine + [registration.token])[-10:]
    elif registration.token not in mine:
        # Resend the private link, but not so often that a stranger could flood their WhatsApp.
        if not OutboxMessage.sent_lately(registration, utcnow() - RESEND_AFTER):
            messages.registered(registration, registration.klass)
        return render("classes/already.html", registration=registration, klass=registration.klass)
    return see_other(url_for("registrations.page", token=registration.token))


@bp.get("/<id:klass_id>/kursi")
def seats(klass_id):
    """The live seats-left figure (htmx polls it)."""
    return render("classes/_seats.html", klass=public_class(klass_id))


@bp.post("/periksa/<field>")
def check_field(field):
    """Inline validation of one field while typing (phone or NIK), through POST to keep it out of URLs."""
    if field not in ("phone", "nik"):
        abort(404)
    form = RegistrationForm(meta={"csrf": False})
    getattr(form, field).validate(form)
    return render("classes/_field_check.html", field=getattr(form, field))


def own_registration(token):
    """The registration this secret link belongs to, or 404."""
    return Registration.by_token(token) or abort(404)


@registrations.get("/<token>")
def page(token):
    """A registrant's own page: status, waiting-list place, sessions, link, calendar, cancel."""
    registration = own_registration(token)
    klass = Class.with_confirmed().where(Class.id == registration.klass_id).get()
    now = utcnow()
    started = bool(klass.starts_at and now >= klass.starts_at)
    response = render("registrations/page.html", registration=registration, klass=klass,
                      sessions=list(ClassSession.of(klass.id)), can_cancel=registration.is_active and not started,
                      calendar=registration.holds_coming_seat(now), form=CancelForm(),
                      certificate=Certificate.latest_of(registration.id),
                      delivery=OutboxMessage.latest_whatsapp(registration))
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@registrations.post("/<token>/batal")
def cancel(token):
    """Cancel, or leave the waiting list, once the tick is set."""
    registration = own_registration(token)
    return ticked_step(CancelForm(), lambda form: registering.cancel(registration.id),
                       _("Pendaftaran Anda sudah dibatalkan."), url_for(".page", token=token))


@registrations.get("/<token>/kalender.ics")
def calendar_file(token):
    """The class's sessions as a calendar file, for someone who holds a seat in a class still to come."""
    registration = own_registration(token)
    if not registration.holds_coming_seat(utcnow()):
        abort(404)
    return ics_response(class_calendar(registration.klass, registration), "kelas-puspaga.ics")
