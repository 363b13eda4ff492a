"""Staff sessions and the role gate: every staff route is closed unless it names its roles."""
import time

from flask import abort, current_app, flash, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user, logout_user

from portal.htmx import redirect_to
from portal.staff.models import ROLES, Staff

login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.login_message = _l("Silakan masuk untuk membuka halaman staf.")
login_manager.login_message_category = "info"
# Flask-Login re-checks the session's origin; a mismatch drops the session.
login_manager.session_protection = "strong"

# Who does what: the role sets every staff route opens to (portal.staff.models.ROLES lists the roles).
ALL_ROLES = ROLES
MANAGERS = ("admin", "koordinator")  # run a unit: classes, schedules, requests, reports
CLASS_RUNNERS = (*MANAGERS, "fasilitator")  # a class they run: its roster, attendance, certificates
COUNSELLING = (*MANAGERS, "konselor")  # the counselling schedule, the requests and cases assigned to them
LAST_SEEN = "_seen"


@login_manager.user_loader
def load_staff(session_id):
    return Staff.by_session_id(session_id)


@login_manager.unauthorized_handler
def to_login():
    """Anonymous visitors go to the login page, and come back after (GET pages only)."""
    flash(login_manager.login_message, "info")
    return redirect_to(url_for("staff.login", next=coming_back()))


def coming_back():
    """Where to return after signing in: this page, if it was a plain GET."""
    return request.full_path.rstrip("?") if request.method == "GET" else None


def start_session(staff):
    """A fresh session for a signed-in staff member: nothing from before survives."""
    session.clear()
    login_user(staff)
    session[LAST_SEEN] = time.time()


def end_session():
    """Forget the signed-in staff member in this browser."""
    logout_user()
    session.clear()


def init_app(app):
    login_manager.init_app(app)

    @app.context_processor
    def _can_manage():
        """Whether the signed-in staff member manages their unit (a koordinator or admin), for every page."""
        return {"can_manage": current_user.is_authenticated and current_user.role in MANAGERS}


def roles(*allowed):
    """Open a staff view to these roles; a view without this stays closed to everyone."""
    unknown = set(allowed) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {unknown}")

    def mark(view):
        view.allowed_roles = frozenset(allowed)
        return view

    return mark


def found(row):
    """The record a staff page is about, or 404: what is not theirs to reach does not exist for them."""
    if row is None:
        abort(404)
    return row


def public(view):
    """Open a view under /staf to anyone (the login page)."""
    view.allowed_roles = None
    return view


def guard(blueprint):
    """Put the role gate in front of every route of a staff blueprint."""
    blueprint.before_request(check_access)


def check_access():
    """Deny by default: anonymous to the login page, wrong role to 403."""
    view = current_app.view_functions.get(request.endpoint)
    if view is None:
        abort(404)
    allowed = getattr(view, "allowed_roles", frozenset())
    if allowed is None:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if idle_too_long():
        end_session()
        flash(_l("Sesi Anda berakhir karena tidak aktif. Silakan masuk lagi."), "info")
        return redirect_to(url_for("staff.login", next=coming_back()))
    if current_user.role not in allowed:
        abort(403)
    if current_user.must_change_password and request.endpoint not in PASSWORD_ENDPOINTS:
        return redirect_to(url_for("staff.password"))
    if current_user.second_factor_required and not current_user.has_second_factor \
            and request.endpoint not in ENROL_ENDPOINTS:
        return redirect_to(url_for("staff.second_factor"))
    return None


PASSWORD_ENDPOINTS = {"staff.password", "staff.logout"}
ENROL_ENDPOINTS = PASSWORD_ENDPOINTS | {"staff.second_factor"}
PENDING = "_second_step"  # who gave a right password and owes a code: (id, session nonce, since, next)
SECOND_STEP_SECONDS = 300


def await_second_step(staff, next_page):
    """A right password for an account with a second factor: nobody is signed in until the code comes."""
    session.clear()
    session[PENDING] = [staff.id, staff.session_nonce, time.time(), next_page]


def awaiting_second_step():
    """(account, where to go after) of a sign-in waiting for its code, for five minutes; else (None, None)."""
    staff_id, nonce, since, next_page = session.get(PENDING) or (None, None, 0, None)
    if time.time() - since > SECOND_STEP_SECONDS:
        return None, None
    staff = Staff.by_session_id(f"{staff_id}:{nonce}")
    return (staff, next_page) if staff and staff.has_second_factor else (None, None)


def idle_too_long():
    """Record activity and tell whether the session sat idle past the timeout."""
    now = time.time()
    last = session.get(LAST_SEEN, now)
    session[LAST_SEEN] = now
    return now - last > current_app.config["IDLE_TIMEOUT"].total_seconds()
