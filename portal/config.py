"""Configuration read from the environment (and `.env` when present)."""
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from flask import current_app, url_for

PLACEHOLDER_SECRETS = {"", "dev", "changeme", "secret", "change-me"}


class ConfigError(RuntimeError):
    """The portal refuses to start with this configuration."""


def env_flag(name, default=False):
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret(instance_path, filename, make):
    """Return a secret kept in `instance/`, creating it once (safe for many workers)."""
    path = Path(instance_path) / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written whole under another name, then linked into place: a worker
        # starting at the same moment sees the complete file or none.
        draft = path.with_name(f".{filename}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(make())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def from_environment(instance_path, overrides=None):
    """Build the config mapping for `create_app` from environment variables."""
    production = os.environ.get("PORTAL_ENV", "development") == "production"
    config = {
        "PRODUCTION": production,
        "DEBUG": env_flag("FLASK_DEBUG"),
        "DEMO": env_flag("PORTAL_DEMO"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        "ENCRYPTION_KEYS": os.environ.get("PORTAL_ENCRYPTION_KEY", ""),
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{Path(instance_path) / 'portal.sqlite3'}"
        ),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # How many processes serve the portal: counters kept in memory hold only for one.
        "PROCESSES": int(os.environ.get("PORTAL_PROCESSES") or os.environ.get("WEB_CONCURRENCY") or "0"),
        # Roles that must sign in with a second factor. The demo asks it of nobody unless told (its logins are
        # printed in the README); everywhere else admins, and counsellors who read case notes, by default.
        "TWO_FACTOR_ROLES": two_factor_roles(os.environ.get("PORTAL_2FA_ROLES"), env_flag("PORTAL_DEMO")),
        "IDLE_TIMEOUT": timedelta(minutes=int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30"))),
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        # How long a public page trusts the data version it read (portal/cache.py): a change shows this late at most.
        "VERSION_SECONDS": float(os.environ.get("PORTAL_VERSION_SECONDS", "1")),
        # `flask retention` anonymises what ended longer ago than this (five years by default).
        "RETENTION_DAYS": int(os.environ.get("PORTAL_RETENTION_DAYS", "1825")),
        # Where citizens open the portal: the links in messages the worker makes (reminders) point here.
        "PORTAL_URL": os.environ.get("PORTAL_URL", "http://127.0.0.1:5000").rstrip("/"),
        **messaging_settings(),
    }
    config.update(overrides or {})
    check_messaging(config)
    if config["PRODUCTION"]:
        check_production(config)
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = instance_secret(
            instance_path, "secret_key", lambda: secrets.token_urlsafe(48)
        )
    if not config["ENCRYPTION_KEYS"]:
        config["ENCRYPTION_KEYS"] = instance_secret(
            instance_path, "encryption_key", lambda: Fernet.generate_key().decode()
        )
    return config


def two_factor_roles(setting, demo):
    """The roles named in PORTAL_2FA_ROLES (comma-separated; "none" for nobody)."""
    if setting is None:
        return () if demo else ("admin", "konselor")
    return tuple(role.strip() for role in setting.split(",") if role.strip() and role.strip() != "none")


def citizen_url(endpoint, **values):
    """The address of a page in a message: always at PORTAL_URL, whichever host the staff member who caused the
    message had open (an office network's internal name is no use on a citizen's phone)."""
    origin = urlsplit(current_app.config["PORTAL_URL"])
    return f"{origin.scheme}://{origin.netloc}{url_for(endpoint, **values)}"


def link_context(app):
    """A request context whose url_for(_external=True) gives PORTAL_URL addresses: for messages made outside a
    request (the worker's reminders, the demo)."""
    return app.test_request_context("/", base_url=app.config["PORTAL_URL"])


GATEWAYS = ("desk", "cloud", "http")


def messaging_settings():
    """How messages leave the outbox: WhatsApp by the desk (staff, by hand), the Cloud API or an HTTP gateway;
    email by SMTP when a host is set; and the worker's pace."""
    env = os.environ.get
    return {
        "WHATSAPP_GATEWAY": env("WHATSAPP_GATEWAY", "desk"),
        "WHATSAPP_CLOUD_URL": env("WHATSAPP_CLOUD_URL", "https://graph.facebook.com/v21.0").rstrip("/"),
        "WHATSAPP_TOKEN": env("WHATSAPP_TOKEN", ""),
        "WHATSAPP_PHONE_NUMBER_ID": env("WHATSAPP_PHONE_NUMBER_ID", ""),
        "WHATSAPP_APP_SECRET": env("WHATSAPP_APP_SECRET", ""),
        "WHATSAPP_VERIFY_TOKEN": env("WHATSAPP_VERIFY_TOKEN", ""),
        "WHATSAPP_HTTP_URL": env("WHATSAPP_HTTP_URL", ""),
        "WHATSAPP_HTTP_TOKEN": env("WHATSAPP_HTTP_TOKEN", ""),
        "WHATSAPP_HTTP_NUMBER_FIELD": env("WHATSAPP_HTTP_NUMBER_FIELD", "target"),
        "WHATSAPP_HTTP_TEXT_FIELD": env("WHATSAPP_HTTP_TEXT_FIELD", "message"),
        "SMTP_HOST": env("SMTP_HOST", ""),
        "SMTP_PORT": int(env("SMTP_PORT", "587")),
        "SMTP_USER": env("SMTP_USER", ""),
        "SMTP_PASSWORD": env("SMTP_PASSWORD", ""),
        "SMTP_SECURITY": env("SMTP_SECURITY", "starttls"),
        "MAIL_FROM": env("MAIL_FROM", ""),
        "OUTBOX_BATCH": int(env("OUTBOX_BATCH", "20")),
        "OUTBOX_LEASE_SECONDS": int(env("OUTBOX_LEASE_SECONDS", "300")),
        "OUTBOX_MAX_ATTEMPTS": int(env("OUTBOX_MAX_ATTEMPTS", "8")),
        "OUTBOX_TIMEOUT_SECONDS": float(env("OUTBOX_TIMEOUT_SECONDS", "10")),
        "OUTBOX_INTERVAL_SECONDS": float(env("OUTBOX_INTERVAL_SECONDS", "30")),
    }


def check_messaging(config):
    """Refuse a gateway named but not set up, or an unknown one."""
    gateway = config["WHATSAPP_GATEWAY"]
    needs = {"cloud": ("WHATSAPP_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET"),
             "http": ("WHATSAPP_HTTP_URL",), "desk": ()}
    if gateway not in needs:
        raise ConfigError(f"WHATSAPP_GATEWAY must be one of {', '.join(GATEWAYS)}, not {gateway!r}.")
    missing = [name for name in needs[gateway] if not config[name]]
    if missing:
        raise ConfigError(f"WHATSAPP_GATEWAY={gateway} needs {', '.join(missing)}.")
    if config["SMTP_SECURITY"] not in ("starttls", "ssl", "none"):
        raise ConfigError("SMTP_SECURITY must be starttls, ssl or none.")
    if config["SMTP_HOST"] and not config["MAIL_FROM"]:
        raise ConfigError("SMTP_HOST needs MAIL_FROM, the sender address.")


def check_production(config):
    """Refuse debug mode and missing or weak secrets in production."""
    if config["DEBUG"]:
        raise ConfigError("FLASK_DEBUG must be off when PORTAL_ENV=production.")
    if config["DEMO"]:
        raise ConfigError("PORTAL_DEMO must be off when PORTAL_ENV=production.")
    key = config["SECRET_KEY"]
    if key.lower() in PLACEHOLDER_SECRETS or len(key) < 32:
        raise ConfigError("SECRET_KEY must be set to a random value of 32+ characters.")
    if not config["ENCRYPTION_KEYS"]:
        raise ConfigError("PORTAL_ENCRYPTION_KEY must be set in production.")
    if config["RATELIMIT_STORAGE_URI"].startswith("memory") and config["PROCESSES"] != 1:
        # Each process would count on its own: four workers let four times the guesses through.
        raise ConfigError("RATELIMIT_STORAGE_URI must be a shared store (redis://…) when more than one process "
                          "serves the portal; with exactly one, say so with PORTAL_PROCESSES=1.")
