"""Public pages, the language switch, security headers, CSRF and error pages."""
import logging
import re

import pytest
from flask import Blueprint

from portal.privacy import PRIVACY_VERSION


def test_home_shows_services_danger_banner_and_units(client, dummy_unit):
    page = client.get("/").get_data(as_text=True)
    assert 'lang="id"' in page
    assert "SAPA 129" in page and 'href="tel:129"' in page and "08111-129-129" in page
    assert "Kelas Persiapan Pernikahan" in page and "Kelas Parenting" in page
    assert dummy_unit.name in page


def test_privacy_notice_is_versioned_in_both_languages(client):
    page = client.get("/privasi").get_data(as_text=True)
    assert f"Versi {PRIVACY_VERSION}" in page and "UU PDP" in page
    client.set_cookie("lang", "en")
    page = client.get("/privasi").get_data(as_text=True)
    assert f"Version {PRIVACY_VERSION}" in page and "Personal Data Protection" in page


def test_language_switch_is_remembered(client):
    response = client.get("/bahasa?lang=en&next=/privasi")
    assert response.status_code == 303 and response.headers["Location"] == "/privasi"
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page and "Our services" in page


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/bahasa", query_string={"lang": "en", "next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    client.get("/bahasa?lang=xx")
    assert 'lang="id"' in client.get("/").get_data(as_text=True)


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from portal.db import database

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(database.obj, "execute_sql", broken)
    assert client.get("/healthz").status_code == 503


@pytest.mark.parametrize("path", ["/", "/staf/masuk", "/tidak-ada", "/healthz"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "HX-Request" in headers["Vary"]
    assert "Strict-Transport-Security" not in headers


def test_hsts_only_over_https(client):
    headers = client.get("/", base_url="https://localhost").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_load_no_script_from_elsewhere(client):
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'src="/static/vendor/htmx/htmx\.min(\.[0-9a-f]{12})?\.js"', page)  # hashed once built
    assert "<script>" not in page and "cdn" not in page.lower()


def test_error_pages_speak_the_chosen_language(client):
    assert "Halaman tidak ditemukan" in client.get("/tidak-ada").get_data(as_text=True)
    client.set_cookie("lang", "en")
    response = client.get("/tidak-ada")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_too_large_upload_gets_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 100
    response = client.post("/pengaduan/", data={"message": "x" * 500})
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)


@pytest.mark.fresh_app
def test_crash_shows_a_reference_that_the_log_also_has(app, client, caplog):
    boom = Blueprint("boom", __name__)
    boom.add_url_rule("/boom", "boom", lambda: 1 / 0)
    app.register_blueprint(boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.ERROR):
        response = client.get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    reference = page.split('class="reference"')[1].split("<strong>")[1].split("</strong>")[0]
    assert len(reference) == 8
    assert any(reference in record.getMessage() and record.exc_info for record in caplog.records)
