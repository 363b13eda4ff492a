"""The home page is kept per change of the classes and units: a registration, a new class or a unit's edit shows
on the next request once the version read last is older than VERSION_SECONDS (at once when that is 0, as in the
other tests), and a visitor's flash or token is never another's."""
import re
from datetime import datetime

import pytest

from portal.units import services as units
from tests.classes.conftest import create_class, person, register  # noqa: F401 - fixtures

pytestmark = pytest.mark.engines


@pytest.fixture
def now(engine, clock):
    return clock.at(datetime(2026, 11, 23, 1, 0, 0))  # cache keys hold the minute: stay well inside one


def seats(page):
    return re.findall(r'data-seats-left="(\d+)"', page)


def test_a_registration_and_a_new_class_show_on_the_next_request(app, client, now, create_class, register,
                                                                  count_queries):
    klass = create_class(capacity=3)
    assert seats(client.get("/").get_data(as_text=True)) == ["3"]
    with count_queries() as hit:
        client.get("/")
    register(klass, person(1))
    assert seats(client.get("/").get_data(as_text=True)) == ["2"]
    create_class(capacity=7, kind="parenting")
    assert sorted(seats(client.get("/").get_data(as_text=True))) == ["2", "7"]
    with count_queries() as again:
        client.get("/")
    assert again.value == hit.value


@pytest.mark.parametrize("config_overrides", [{"VERSION_SECONDS": 60}])
def test_a_busy_page_reads_the_version_once_a_window_and_shows_a_change_after_it(app, client, now, create_class,
                                                                              register, count_queries, monkeypatch):
    moment = [1000.0]
    monkeypatch.setattr("portal.cache.monotonic", lambda: moment[0])
    klass = create_class(capacity=3)
    assert seats(client.get("/").get_data(as_text=True)) == ["3"]
    with count_queries() as kept:
        client.get("/")
    assert kept.value == 0
    register(klass, person(1))
    moment[0] += 59
    assert seats(client.get("/").get_data(as_text=True)) == ["3"]  # the version read a minute ago is still trusted
    moment[0] += 2
    assert seats(client.get("/").get_data(as_text=True)) == ["2"]


def test_a_units_edit_shows_on_the_next_request(app, client, now, dummy_unit, dummy_staff):
    assert dummy_unit.address in client.get("/").get_data(as_text=True)
    with app.test_request_context():
        settings = {name: getattr(dummy_unit, name) for name in units.SETTINGS}
        units.save_unit(dummy_staff, dummy_unit, {**settings, "address": "Jl. Baru No. 9"}, {})
    assert "Jl. Baru No. 9" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("config_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_each_visitor_gets_their_own_token_and_flash(app, client, now, create_class):
    """A class page holds the registration form, so each visitor gets the kept page with their own token."""
    klass = create_class()
    pages = [app.test_client().get(f"/kelas/{klass.id}").get_data(as_text=True) for _ in range(2)]
    tokens = {re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1) for page in pages}
    assert len(tokens) == 2 and "csrf-slot" not in pages[0]
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Pesan untuk satu orang")]
    assert "Pesan untuk satu orang" in client.get("/").get_data(as_text=True)
    assert "Pesan untuk satu orang" not in app.test_client().get("/").get_data(as_text=True)
