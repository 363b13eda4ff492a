"""CSRF, rate limits, proxy trust and the security headers on every response."""
import logging
from urllib.parse import urlsplit

from flask import abort, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from limits import parse
from limits.strategies import MovingWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

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
    csrf.init_app(app)
    limiter.init_app(app)
    # Its INFO line names the limit's key (an address, or what a key function made of a typed email): not for logs.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    app.after_request(add_security_headers)


def refuse_nul(values=None):
    """A NUL byte is never text a person typed (PostgreSQL cannot even store it): 400. Every query string is
    checked before any view runs; every posted form when PortalForm reads it."""
    values = request.args if values is None else values
    if any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
        abort(400)


# Wrong passwords for one account: tight from one address, looser from anywhere (guessing from many addresses).
LOGIN_LIMITS = ((parse("10 per 15 minutes"), True), (parse("30 per hour"), False))


def login_keys(account):
    """The throttle counters of a sign-in: (limit, key) for the account with this address, and the account."""
    return [(limit, f"login:{account}@{request.remote_addr}" if per_address else f"login:{account}")
            for limit, per_address in LOGIN_LIMITS]


def count_login_attempt(account):
    """Count a sign-in attempt before its password is checked (so parallel guesses cannot slip past), or refuse
    it with 429 once the account has failed too often. A success takes its attempt back (`forget_failures`)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    window = MovingWindowRateLimiter(limiter.storage)
    if not all([window.hit(limit, key) for limit, key in login_keys(account)]):
        abort(429)


def forget_failures(account):
    """A right password clears the account's count, so the owner signing in often is never locked out."""
    if current_app.config.get("RATELIMIT_ENABLED", True):
        for limit, key in login_keys(account):
            clear_counter(limiter.storage, limit.key_for(key))


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
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.method == "POST":  # an answer to a form repeats what was typed (a 422 shows name and phone again)
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response


def no_store(response):
    """Keep a response with personal data out of every cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def safe_next(target):
    """A `next` address only if it stays on this site: a plain path, never another host."""
    if not target or not target.startswith("/") or any(ch.isspace() or ord(ch) < 32 for ch in target):
        return None
    if target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
