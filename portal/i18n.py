"""Languages (Bahasa Indonesia first, English second) and local times with their zone label."""
from babel.dates import format_date, format_datetime
from flask import request
from flask_babel import Babel, format_decimal, get_locale
from pytz import timezone as zone

from portal.units.models import TIMEZONES
from portal.validators import national

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"
LANGUAGE_COOKIE = "lang"
# Indonesian writes times with a dot: 09.00 WITA.
TIME_PATTERNS = {"id": "d MMM yyyy, HH.mm", "en": "d MMM yyyy, HH:mm"}

babel = Babel()


def select_locale():
    """The language the visitor chose, remembered in a cookie; Indonesian otherwise."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def current_language():
    """The language the person reads the portal in now ('id' outside a request): their messages' language."""
    return str(get_locale() or "id")


def local_time(moment, tz_name="Asia/Jakarta"):
    """A stored UTC time shown in a unit's zone with its label: '24 Nov 2026, 09.00 WITA'."""
    if moment is None:
        return ""
    lang = str(get_locale())
    text = format_datetime(
        moment.replace(tzinfo=zone("UTC")),
        TIME_PATTERNS.get(lang, TIME_PATTERNS["id"]),
        tzinfo=zone(tz_name),
        locale=lang,
    )
    return f"{text} {TIMEZONES.get(tz_name, tz_name)}"


def local_time_range(start, end, tz_name="Asia/Jakarta"):
    """A session's span on one day: 'Sen, 24 Nov 2026, 09.00–12.00 WITA'."""
    lang = str(get_locale())
    day = format_datetime(start.replace(tzinfo=zone("UTC")), "EEE, d MMM yyyy", tzinfo=zone(tz_name), locale=lang)
    clock = "HH.mm" if lang == "id" else "HH:mm"
    begin, finish = (
        format_datetime(t.replace(tzinfo=zone("UTC")), clock, tzinfo=zone(tz_name), locale=lang) for t in (start, end)
    )
    return f"{day}, {begin}–{finish} {TIMEZONES.get(tz_name, tz_name)}"


def local_clock(moment, tz_name="Asia/Jakarta"):
    """Only the clock of a stored UTC time in a unit's zone: '09.00' (English '09:00')."""
    lang = str(get_locale())
    return format_datetime(moment.replace(tzinfo=zone("UTC")), "HH.mm" if lang == "id" else "HH:mm",
                           tzinfo=zone(tz_name), locale=lang)


def short_day(day):
    """A calendar date in a week's column: 'Rab, 25 Nov'."""
    return format_date(day, "EEE, d MMM", locale=str(get_locale()))


def zone_label(tz_name):
    """A unit's zone as people say it: 'WITA'."""
    return TIMEZONES.get(tz_name, tz_name)


def local_day(moment, tz_name="Asia/Jakarta"):
    """The local date of a stored UTC time, as YYYY-MM-DD (for links)."""
    return local_from_utc(moment, tz_name).date().isoformat()


def long_day(day):
    """A calendar date with its weekday: 'Rabu, 25 November 2026'."""
    return format_date(day, "EEEE, d MMMM y", locale=str(get_locale()))


def local_date(moment, tz_name="Asia/Jakarta"):
    """The day of a stored UTC time in a unit's zone, written out: '24 November 2026'."""
    return format_date(local_from_utc(moment, tz_name).date(), "d MMMM y", locale=str(get_locale()))


def local_date_range(start, end, tz_name="Asia/Jakarta"):
    """The days a class ran: '24 November 2026', '24–25 November 2026' or '30 November – 2 Desember 2026'."""
    lang = str(get_locale())
    first, last = (local_from_utc(t, tz_name).date() for t in (start, end))
    if first == last:
        return format_date(first, "d MMMM y", locale=lang)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{format_date(last, 'd MMMM y', locale=lang)}"
    head = format_date(first, "d MMMM" if first.year == last.year else "d MMMM y", locale=lang)
    return f"{head} – {format_date(last, 'd MMMM y', locale=lang)}"


def init_app(app):
    """Pick the language per request and give templates the helpers they need."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["local_time_range"] = local_time_range
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.filters["local_clock"] = local_clock
    app.jinja_env.filters["long_day"] = long_day
    app.jinja_env.filters["zone_label"] = zone_label
    app.jinja_env.filters["short_day"] = short_day
    app.jinja_env.filters["phone"] = national
    app.jinja_env.filters["local_day"] = local_day
    app.jinja_env.filters["local_date_range"] = local_date_range
    app.jinja_env.globals["decimal"] = decimal
    app.jinja_env.add_extension("jinja2.ext.i18n")

    @app.context_processor
    def _languages():
        return {"languages": LANGUAGES, "current_language": str(get_locale())}


def utc_from_local(moment, tz_name):
    """A naive local time of a unit's zone as the naive UTC it is stored in."""
    return zone(tz_name).localize(moment).astimezone(zone("UTC")).replace(tzinfo=None)


def decimal(value, places=2):
    """A number with `places` decimals, written the local way: 3,50 in Indonesian."""
    return format_decimal(value, "#,##0." + "0" * places if places else "#,##0")


def local_today(tz_name, now=None):
    """Today's date in a unit's zone (at `now`, naive UTC; the current time unless given)."""
    from portal.db import utcnow  # noqa: PLC0415 - db imports nothing of ours, i18n is imported early

    return local_from_utc(now or utcnow(), tz_name).date()


def local_from_utc(moment, tz_name):
    """A stored naive UTC time as the naive local time of a unit's zone (for forms)."""
    return moment.replace(tzinfo=zone("UTC")).astimezone(zone(tz_name)).replace(tzinfo=None)
