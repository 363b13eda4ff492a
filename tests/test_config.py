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


def test_production_starts_with_real_secrets_and_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("PORTAL_ENCRYPTION_KEY", "k" * 44)
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
