"""Citizens: the class catalogue, and a class with its registration form."""
from datetime import datetime, timedelta

from babel.dates import format_date
from flask import Blueprint, abort, request, session, url_for
from flask_babel import get_locale

from portal.cache import RenderCache
from portal.classes.forms import RegistrationForm
from portal.classes.models import KINDS, MODES, Class, ClassSession
from portal.db import utcnow
from portal.errors import RuleError
from portal.htmx import render, see_other, wants_fragment
from portal.i18n import local_today
from portal.registrations import services as registering
from portal.security import citizen_form
from portal.units.models import Unit

bp = Blueprint("classes", __name__, url_prefix="/kelas")
MINE = "registrations"  # tokens of registrations made in this browser
PAGE_SIZE = 12
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
    now = utcnow().replace(second=0, microsecond=0)  # a class drops off the list when it starts
    return pages.page((Class.catalogue_version(), now), lambda: catalogue_page(now))


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
    units = [(unit.id, unit.name) for unit in Unit.active_units()]
    return template, dict(classes=classes[:PAGE_SIZE], more=more, filters=filters, unit_options=units,
                          months=coming_months(now))


def coming_months(now, count=12):
    """The month filter's choices: ('2026-12', 'Desember 2026') for this month and the next ones."""
    first = now.date().replace(day=1)
    months = []
    for _step in range(count):
        months.append((first.strftime("%Y-%m"), format_date(first, "MMMM y", locale=str(get_locale()))))
        first = (first + timedelta(days=32)).replace(day=1)
    return months


def public_class(klass_id, query=None):
    """A class citizens may see: published, closed or cancelled, never a draft. Read with its unit and seats taken,
    or by `query`."""
    query = Class.with_confirmed() if query is None else query
    return query.where(Class.id == klass_id, Class.status != "draft").first() or abort(404)


@bp.route("/<id:klass_id>", methods=["GET", "POST"])
@citizen_form()
def detail(klass_id):
    """Everything about a class, with its registration form; the empty form's page is built once per change of
    the class (its seats included) and minute."""
    if request.method == "GET":
        now = utcnow().replace(second=0, microsecond=0)  # registration closes when the class starts
        version = Class.page_version(klass_id) or abort(404)
        return pages.page((klass_id, version, now), lambda: class_page(public_class(klass_id), now))
    klass = public_class(klass_id, Class.for_registration_form())  # the service reads the rest under the lock
    form = RegistrationForm.for_class(klass, local_today(klass.unit.timezone))
    if form.validate_on_submit():
        try:
            registration, created = registering.register(klass.id, form.person())
        except RuleError as error:
            form.show(error)
        else:
            return after_registering(registration, created)
    template, context = class_page(public_class(klass_id), utcnow(), form)
    return render(template, status=form.status, **context)


def class_page(klass, now, form=None):
    """The class page's template and context, with the form as posted or empty."""
    form = form or RegistrationForm.for_class(klass, local_today(klass.unit.timezone))
    return "classes/detail.html", dict(klass=klass, form=form, sessions=list(ClassSession.of(klass.id)),
                                       state=klass.registration_state(now))


def after_registering(registration, created):
    """To their own page; a repeat from another browser only learns the link was resent."""
    mine = session.get(MINE, [])
    if created:
        session[MINE] = (mine + [registration.token])[-10:]
    elif registration.token not in mine:
        registering.resend_link(registration)
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
