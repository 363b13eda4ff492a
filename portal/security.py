"""CSRF, rate limits, proxy trust and the security headers on every response."""
import hmac
import logging
import secrets
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse
from limits.strategies import MovingWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.validators import to_e164

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, headers_enabled=True)

# No inline script or style anywhere: htmx is configured by a <meta> tag and
# its indicator styles come from our stylesheet.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app):
    """Turn on CSRF, rate limiting and security headers."""
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.before_request(refuse_nul)
    app.session_interface = SignedCookieSessions()
    csrf.init_app(app)
    limiter.init_app(app)
    limiter.request_filter(unlimited_read)
    # Its INFO line names the limit's key (an address, or what a key function made of a typed email): not for logs.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    app.after_request(add_security_headers)


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer made once per set of keys rather than twice
    a request (making one signs a trial value)."""

    def __init__(self):
        self._serializers = {}

    def get_signing_serializer(self, app):
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            self._serializers = {keys: super().get_signing_serializer(app)}
        return self._serializers[keys]


def refuse_nul(values=None):
    """A NUL byte is never text a person typed (PostgreSQL cannot even store it): 400. Every query string is
    checked before any view runs; every posted form when PortalForm reads it."""
    values = request.args if values is None else values
    if any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
        abort(400)


# The public forms a citizen sends with their phone number (a class registration, a counselling booking, a
# request). Many phones share one address: a mobile network puts thousands behind one, a class hall's Wi-Fi
# thirty. So each number has its own allowance at an address, and the address as a whole a far higher ceiling.
PHONE_LIMIT = "10 per minute; 40 per day"
ADDRESS_CEILING = "150 per minute; 3000 per day"


def address_and_phone():
    """The limiter key of one phone number at one address: the number as the forms read it (08…, +62… and
    62… alike), kept only as a keyed hash, so the limiter's store holds no phone number."""
    typed = request.form.get("phone", "")[:40]
    try:
        phone = to_e164(typed)
    except ValueError:
        phone = typed.strip()
    secret = current_app.secret_key
    digest = hmac.new(secret.encode() if isinstance(secret, str) else secret, phone.encode(), "sha256")
    return f"{get_remote_address()}|{digest.hexdigest()[:20]}"


# Limits count form posts; a GET is counted only on a view that says so with limit_reads(). Every other GET (each
# cached public page among them) skips the limiter's work.
_read_limited = set()


def limit_reads(limit):
    """A limit on every request to a view, its GETs included: a lookup whose answers must not be guessed at."""
    def decorate(view):
        _read_limited.add(f"{view.__module__}.{view.__qualname__}")
        return limiter.limit(limit)(view)
    return decorate


def unlimited_read():
    """True for a GET or HEAD of a view that limits only what is posted to it."""
    if request.method not in ("GET", "HEAD"):
        return False
    view = current_app.view_functions.get(request.endpoint)
    return view is not None and f"{view.__module__}.{view.__qualname__}" not in _read_limited


def limit_posts(*limits):
    """Limits on what is posted to a view, its GETs left to the bare view, untouched by the limiter.

    Each limit is a flask-limiter limit string, counted per address, or a (limit string, key function) pair.
    """
    def decorate(view):
        limited = view
        for limit in reversed(limits):
            value, key_func = (limit, None) if isinstance(limit, str) else limit
            limited = limiter.limit(value, key_func=key_func, methods=["POST"])(limited)

        @wraps(view)
        def dispatch(*args, **kwargs):
            return (limited if request.method == "POST" else view)(*args, **kwargs)
        return dispatch
    return decorate


def citizen_form(address_ceiling=ADDRESS_CEILING):
    """The limits of a public form sent with a phone number: per number at an address, then per address."""
    return limit_posts(address_ceiling, (PHONE_LIMIT, address_and_phone))


# Sign-in throttles, with device cookies (OWASP): a browser that signed in to the account before counts on its
# own; any other attempt counts against the account from its address (tight), and its failures against the account
# from anywhere (looser). That last slows guessing from many addresses without locking the owner out: their known
# browser is not counted there, and an account with a second factor still gets to the code step.
DEVICE_LIMIT = ADDRESS_LIMIT = parse("10 per 15 minutes")
ACCOUNT_LIMIT = parse("30 per hour")
CODE_LIMIT = parse("5 per 5 minutes")  # codes for one account: a million codes stay out of reach
DEVICE_COOKIE = "staf_perangkat"
DEVICE_DAYS = 180


def throttling():
    return current_app.config.get("RATELIMIT_ENABLED", True)


def window():
    """The moving window over the limiter's own store (memory or Redis), as its decorators count."""
    return MovingWindowRateLimiter(limiter.storage)


def hit(limit, key):
    return window().hit(limit, key)


def count_login_attempt(account, staff):
    """Count a sign-in attempt before its password is checked (so parallel guesses cannot slip past), or refuse
    it with 429. A success takes its attempt back (`forget_failures`)."""
    if not throttling():
        return
    device = known_device(staff)
    if device:
        allowed = hit(DEVICE_LIMIT, f"login:device:{device}")
    else:
        allowed = hit(ADDRESS_LIMIT, f"login:{account}@{request.remote_addr}") and (
            (staff is not None and staff.has_second_factor)
            or window().test(ACCOUNT_LIMIT, f"login:{account}"))
    if not allowed:
        abort(429)


def count_login_failure(account, staff):
    """A wrong password from a browser the account does not know counts against the account everywhere."""
    if throttling() and not known_device(staff):
        hit(ACCOUNT_LIMIT, f"login:{account}")


def count_code_attempt(staff):
    """Codes of the second step, per account: 429 past the limit."""
    if throttling() and not hit(CODE_LIMIT, f"code:{staff.id}"):
        abort(429)


def forget_failures(account, staff):
    """A right password clears this browser's count, so the owner signing in often is never locked out. The
    account-wide count stays: the owner's browser is not counted there anyway."""
    if throttling():
        device = known_device(staff)
        limit, key = (DEVICE_LIMIT, f"login:device:{device}") if device else (
            ADDRESS_LIMIT, f"login:{account}@{request.remote_addr}")
        clear_counter(limiter.storage, limit.key_for(key))


def device_signer():
    return URLSafeTimedSerializer(current_app.secret_key, salt="staff-device")


def known_device(staff):
    """This browser's device id if it signed in to `staff`'s account before (a signed cookie), else None."""
    if staff is None or DEVICE_COOKIE not in request.cookies:
        return None
    try:
        staff_id, device = device_signer().loads(request.cookies[DEVICE_COOKIE], max_age=DEVICE_DAYS * 86400)
    except (BadSignature, ValueError, TypeError):
        return None
    return device if staff_id == staff.id else None


def remember_device(response, staff):
    """After a whole sign-in, mark this browser as one the account knows."""
    value = device_signer().dumps([staff.id, known_device(staff) or secrets.token_urlsafe(12)])
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_DAYS * 86400, path="/staf", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"], samesite="Lax")
    return response


def clear_counter(storage, key):
    """Forget one counter. The in-memory storage expires entries from a timer thread under a per-key lock that
    its own clear() does not take, so clear under that lock; Redis needs none."""
    lock = getattr(storage, "locks", None)
    if lock is None:
        storage.clear(key)
        return
    with lock[key]:
        storage.clear(key)


def add_security_headers(response):
    """Set the headers every response carries; HSTS only over HTTPS."""
    # One pass over what the response already carries (a view's own Referrer-Policy stays), not one per header.
    present = {name.lower() for name, _ in response.headers.items()}
    response.headers.extend([(name, value) for name, value in HEADERS.items() if name.lower() not in present])
    if request.method == "POST":  # an answer to a form repeats what was typed (a 422 shows name and phone again)
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response


def no_store(response):
    """Keep a response with personal data out of every cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def no_referrer(response):
    """A page whose address holds a secret: no page it links to learns it."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def safe_next(target):
    """A `next` address only if it stays on this site: a plain path, never another host."""
    if not target or not target.startswith("/") or any(ch.isspace() or ord(ch) < 32 for ch in target):
        return None
    if target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
