"""CSRF protection is on for every form and every htmx request."""
import pytest


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def test_form_post_without_csrf_token_is_refused(client, dummy_staff):
    response = client.post("/staf/masuk", data={"email": dummy_staff.email, "password": "x"})
    assert response.status_code == 400
    assert "kedaluwarsa" in response.get_data(as_text=True)


def test_htmx_post_with_csrf_header_is_accepted(client, dummy_staff):
    page = client.get("/").get_data(as_text=True)
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]
    response = client.post("/bahasa", data={"lang": "en"}, headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 303
