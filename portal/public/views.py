"""Public pages that belong to no feature: home, privacy notice, language, health check."""
from flask import Blueprint, jsonify, redirect, request, url_for

from portal.cache import RenderCache
from portal.classes.models import Class
from portal.db import database, utcnow
from portal.htmx import render
from portal.i18n import LANGUAGE_COOKIE, LANGUAGES
from portal.privacy import PRIVACY_EFFECTIVE, PRIVACY_VERSION
from portal.security import safe_next
from portal.units.models import Unit

bp = Blueprint("public", __name__)
ONE_YEAR = 365 * 24 * 3600
HOME_CLASSES = 3
pages = RenderCache()


@bp.get("/")
def home():
    """Services, how to get help now, and the units; built once per change of the classes or units."""
    now = utcnow().replace(second=0, microsecond=0)  # a class drops off the list when it starts
    return pages.page((Class.catalogue_version(), now), lambda: home_page(now))


def home_page(now):
    """The home page's template and its data."""
    classes = list(Class.upcoming(now).limit(HOME_CLASSES))
    return "public/home.html", dict(units=list(Unit.active_units()), classes=classes)


@bp.get("/privasi")
def privacy():
    """The privacy notice in the chosen language."""
    return render("public/privacy.html", version=PRIVACY_VERSION, effective=PRIVACY_EFFECTIVE)


@bp.get("/bahasa")
def language():
    """Remember the chosen language and go back where the visitor was."""
    chosen = request.args.get("lang", "")
    response = redirect(safe_next(request.args.get("next")) or url_for(".home"), code=303)
    if chosen in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=ONE_YEAR, samesite="Lax",
                            secure=request.is_secure, httponly=True)
    return response


@bp.get("/healthz")
def healthz():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        database.execute_sql("SELECT 1").fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
