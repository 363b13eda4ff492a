"""CSRF protection is on for every form and every htmx request."""
import re

import pytest

from tests.factories import PASSWORD


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def test_form_post_without_csrf_token_is_refused(client, dummy_staff):
    response = client.post("/staf/masuk", data={"email": dummy_staff.email, "password": "x"})
    assert response.status_code == 400
    assert "kedaluwarsa" in response.get_data(as_text=True)


def test_htmx_post_with_csrf_header_is_accepted(client, dummy_staff):
    """A staff page gives htmx its token as a header, for the buttons that post without a form."""
    page = client.get("/staf/masuk").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/staf/masuk", data={"email": dummy_staff.email, "password": PASSWORD, "csrf_token": token})
    page = client.get("/staf/").get_data(as_text=True)
    header = page.split('"X-CSRFToken": "')[1].split('"')[0]
    assert client.post("/staf/keluar", headers={"HX-Request": "true"}).status_code == 400
    response = client.post("/staf/keluar", headers={"X-CSRFToken": header, "HX-Request": "true"})
    assert response.status_code in (200, 303)
    assert client.get("/staf/").status_code in (302, 303)  # signed out


def test_public_pages_give_a_stranger_no_token_and_no_session(client):
    """Only a page with a form makes a token: the pages most visited are the same bytes for everyone."""
    for path in ("/", "/kelas/", "/konseling/", "/privasi"):
        response = client.get(path)
        assert "X-CSRFToken" not in response.get_data(as_text=True) and "csrf_token" not in response.get_data(as_text=True)
        assert "Set-Cookie" not in response.headers, path


def test_every_staff_post_refuses_a_missing_token(app, client, staff_by_role):
    """Signed in with a valid token for the login only; every other POST must still be refused."""
    page = client.get("/staf/masuk").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/staf/masuk", data={"email": "org@puspaga.test", "password": PASSWORD, "csrf_token": token})
    assert client.get("/staf/").status_code == 200
    # The WhatsApp webhook is no form: Meta signs its body instead (tests/notify/test_webhook.py).
    posts = [r for r in app.url_map.iter_rules()
             if "POST" in r.methods and r.endpoint not in ("staff.login", "webhooks.receive")]
    assert posts
    for rule in posts:
        url = re.sub(r"<[^>]+>", "1", re.sub(r"<any\((\w+)[^>]*>", r"\1", rule.rule))  # any(pre, post): pre
        assert client.post(url, data={}).status_code == 400, rule.rule
