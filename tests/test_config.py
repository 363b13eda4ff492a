"""Configuration: secrets generated once into instance/, production refuses unsafe settings."""
import pytest

from portal.config import ConfigError, from_environment

GOOD_SECRET = "x" * 40


def test_secrets_are_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("PORTAL_ENCRYPTION_KEY", raising=False)
    first = from_environment(tmp_path)
    second = from_environment(tmp_path)
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first["ENCRYPTION_KEYS"] == (tmp_path / "encryption_key").read_text()


def test_default_database_is_sqlite_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert from_environment(tmp_path)["DATABASE_URL"] == f"sqlite:///{tmp_path / 'portal.sqlite3'}"


@pytest.mark.parametrize(
    "env",
    [
        {"SECRET_KEY": ""},
        {"SECRET_KEY": "changeme"},
        {"SECRET_KEY": "short"},
        {"SECRET_KEY": GOOD_SECRET, "FLASK_DEBUG": "1"},
        {"SECRET_KEY": GOOD_SECRET, "PORTAL_DEMO": "1"},
        {"SECRET_KEY": GOOD_SECRET, "PORTAL_ENCRYPTION_KEY": ""},
    ],
)
def test_production_refuses_to_start_unsafely(tmp_path, monkeypatch, env):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_ENCRYPTION_KEY", "k" * 44)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError):
        from_environment(tmp_path)


@pytest.fixture
def production(monkeypatch):
    """A production environment that is sound but for what a test changes."""
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("PORTAL_ENCRYPTION_KEY", "k" * 44)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    for name in ("PORTAL_PROCESSES", "WEB_CONCURRENCY", "PORTAL_DEMO", "FLASK_DEBUG", "PORTAL_2FA_ROLES"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize("processes", [None, "4", "0"])
def test_production_refuses_counters_in_memory_unless_one_process_serves(tmp_path, production, processes):
    production.setenv("RATELIMIT_STORAGE_URI", "memory://")
    if processes:
        production.setenv("WEB_CONCURRENCY", processes)
    with pytest.raises(ConfigError, match="PORTAL_PROCESSES=1"):
        from_environment(tmp_path)


def test_production_with_one_process_may_count_in_memory(tmp_path, production):
    production.setenv("RATELIMIT_STORAGE_URI", "memory://")
    production.setenv("PORTAL_PROCESSES", "1")
    assert from_environment(tmp_path)["PROCESSES"] == 1


@pytest.mark.parametrize("env, roles", [
    ({}, ("admin", "konselor")),
    ({"PORTAL_2FA_ROLES": "admin, koordinator,konselor"}, ("admin", "koordinator", "konselor")),
    ({"PORTAL_2FA_ROLES": "none"}, ()),
])
def test_a_second_factor_is_required_of_admins_and_counsellors_unless_told(tmp_path, production, env, roles):
    for name, value in env.items():
        production.setenv(name, value)
    assert from_environment(tmp_path)["TWO_FACTOR_ROLES"] == roles


def test_the_demo_asks_no_second_factor_unless_told(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_DEMO", "1")
    monkeypatch.delenv("PORTAL_2FA_ROLES", raising=False)
    assert from_environment(tmp_path)["TWO_FACTOR_ROLES"] == ()


def test_production_starts_with_real_secrets_and_secure_cookies(tmp_path, production):
    config = from_environment(tmp_path)
    assert config["SESSION_COOKIE_SECURE"] and config["PREFERRED_URL_SCHEME"] == "https"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("env, says", [
    ({"WHATSAPP_GATEWAY": "fonnte"}, "must be one of"),
    ({"WHATSAPP_GATEWAY": "cloud", "WHATSAPP_TOKEN": "t"}, "WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET"),
    ({"WHATSAPP_GATEWAY": "http"}, "WHATSAPP_HTTP_URL"),
    ({"SMTP_HOST": "mail.contoh.go.id"}, "MAIL_FROM"),
    ({"SMTP_SECURITY": "tls"}, "starttls, ssl or none"),
])
def test_a_messaging_channel_named_but_not_set_up_refuses_to_start(tmp_path, monkeypatch, env, says):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=says):
        from_environment(tmp_path)


def test_the_desk_needs_no_settings(tmp_path, monkeypatch):
    for name in ("WHATSAPP_GATEWAY", "SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    config = from_environment(tmp_path)
    assert config["WHATSAPP_GATEWAY"] == "desk" and config["SMTP_HOST"] == ""
