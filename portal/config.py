"""Configuration read from the environment (and `.env` when present)."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

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
        "IDLE_TIMEOUT": timedelta(minutes=int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30"))),
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        # `flask retention` anonymises what ended longer ago than this (five years by default).
        "RETENTION_DAYS": int(os.environ.get("PORTAL_RETENTION_DAYS", "1825")),
    }
    config.update(overrides or {})
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
