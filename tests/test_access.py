"""Deny by default: every staff route refuses the anonymous and every role it does not name."""
import pytest
from flask import Blueprint, url_for

from portal.auth import guard

from portal.staff.models import ROLES
from tests.access_table import ROLES_BY_ENDPOINT


def staff_routes(app):
    """(endpoint, method, url) for every route under /staf, ids filled with 1."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staf"):
            continue
        values = {arg: {"kind": "logo", "stage": "pre"}.get(arg, 1) for arg in rule.arguments}
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)
        method = "GET" if "GET" in rule.methods else "POST"
        routes.append((rule.endpoint, method, url))
    return routes


def allowed_roles(app, endpoint):
    """The roles the specification (tests/access_table.py) opens an endpoint to; KeyError for one it lacks."""
    return ROLES_BY_ENDPOINT[endpoint]


def test_every_staff_endpoint_has_a_row_in_the_hand_written_table_and_every_row_an_endpoint(app):
    endpoints = {endpoint for endpoint, _, _ in staff_routes(app)}
    assert sorted(endpoints - set(ROLES_BY_ENDPOINT)) == []
    assert sorted(set(ROLES_BY_ENDPOINT) - endpoints) == []


SIGN_IN = {"staff.login", "staff.login_code"}  # the only staff pages open before signing in


def test_every_staff_route_names_its_roles_or_is_a_sign_in_step(app):
    for endpoint, _, _ in staff_routes(app):
        declared = getattr(app.view_functions[endpoint], "allowed_roles", frozenset())
        assert declared is None and endpoint in SIGN_IN or declared, endpoint


def test_anonymous_is_sent_to_login_from_every_staff_route(app, client):
    for endpoint, method, url in staff_routes(app):
        if allowed_roles(app, endpoint) is None:
            continue
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, response.status_code)
        assert response.headers["Location"].startswith("/staf/masuk"), endpoint


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_403_where_it_is_not_allowed(app, client, auth, staff_by_role, role):
    auth.login(staff_by_role["org_admin" if role == "admin" else role])
    for endpoint, method, url in staff_routes(app):
        allowed = allowed_roles(app, endpoint)
        if allowed is None or endpoint == "staff.logout":
            continue
        response = client.open(url, method=method)
        if role in allowed:
            assert response.status_code != 403, (endpoint, role)
        else:
            assert response.status_code == 403, (endpoint, role, response.status_code)


@pytest.mark.fresh_app
def test_a_view_without_roles_is_closed_to_everyone(app, client, auth, staff_by_role):
    extra = Blueprint("extra", __name__, url_prefix="/staf/extra")
    guard(extra)
    extra.add_url_rule("/", "unmarked", lambda: "open")
    app.register_blueprint(extra)
    auth.login(staff_by_role["org_admin"])
    assert client.get("/staf/extra/").status_code == 403
