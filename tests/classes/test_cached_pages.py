"""A class page is kept per change of its class (seats included) and minute: a registration, a cancellation, an
edit or a new session shows on the very next request, and each visitor's form carries their own CSRF token."""
import re
from datetime import datetime, timedelta

import pytest

from portal.classes import services
from portal.registrations import services as registering
from tests.classes.conftest import person

pytestmark = pytest.mark.engines


@pytest.fixture
def now(engine, clock):
    return clock.at(datetime(2026, 11, 23, 1, 0, 0))  # cache keys hold the minute: stay well inside one


def seats_left(client, klass):
    return re.search(r'data-seats-left="(\d+)"', client.get(f"/kelas/{klass.id}").get_data(as_text=True)).group(1)


def test_registrations_and_cancellations_show_on_the_next_request(app, client, now, create_class, register):
    klass = create_class(capacity=2)
    assert seats_left(client, klass) == "2" == seats_left(client, klass)
    first, _ = register(klass, person(1))
    assert seats_left(client, klass) == "1"
    register(klass, person(2))
    page = client.get(f"/kelas/{klass.id}").get_data(as_text=True)
    assert 'data-seats-left="0"' in page and "Masuk daftar tunggu" in page
    register(klass, person(3))
    assert "nomor 2 di daftar tunggu" in client.get(f"/kelas/{klass.id}").get_data(as_text=True)
    with app.test_request_context():
        registering.cancel(first.id)  # the first on the waiting list takes the seat
    assert "nomor 1 di daftar tunggu" in client.get(f"/kelas/{klass.id}").get_data(as_text=True)


def test_an_edit_and_a_new_session_show_on_the_next_request(app, client, now, create_class, dummy_staff):
    klass = create_class(capacity=5, sessions=1)
    assert "Kelas Uji pranikah" in client.get(f"/kelas/{klass.id}").get_data(as_text=True)
    with app.test_request_context():
        fields = {name: getattr(klass, name) for name in services.CLASS_FIELDS}
        services.save_class(dummy_staff, klass, {**fields, "title": "Kelas Calon Pengantin"}, [], 5)
        begin = klass.starts_at + timedelta(days=14)
        services.add_session(dummy_staff, klass, begin, begin + timedelta(hours=2), "Sesi Keuangan", "")
    page = client.get(f"/kelas/{klass.id}").get_data(as_text=True)
    assert "Kelas Calon Pengantin" in page and "Sesi Keuangan" in page


def test_the_class_page_runs_the_same_queries_however_many_registrations(client, now, create_class, register,
                                                                         count_queries):
    klass = create_class(capacity=30)

    def queries():
        client.get(f"/kelas/{klass.id}")  # fills the cache for this version
        with count_queries() as n:
            assert client.get(f"/kelas/{klass.id}").status_code == 200
        return n.value

    few = queries()
    for n in range(6):
        register(klass, person(n))
    assert queries() == few <= 2  # one statement, and the line the pool logs as the connection goes back


def test_each_visitor_registers_with_their_own_token(app, now, create_class):
    app.config["WTF_CSRF_ENABLED"] = True
    klass = create_class(capacity=5)
    visitors = [app.test_client() for _ in range(2)]
    pages = [visitor.get(f"/kelas/{klass.id}").get_data(as_text=True) for visitor in visitors]
    tokens = [re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1) for page in pages]
    assert tokens[0] != tokens[1] and "csrf-slot" not in pages[0]
    data = dict(csrf_token=tokens[1], name="Siti Aminah", phone="0812-3456-7890", gender="perempuan",
                partner_name="Ahmad Fauzi", wedding_date=(now + timedelta(days=60)).date().isoformat(), consent="y")
    assert visitors[1].post(f"/kelas/{klass.id}", data=data).status_code == 303


def test_a_draft_or_unknown_class_is_not_found(client, now, create_class):
    assert client.get(f"/kelas/{create_class(status='draft').id}").status_code == 404
    assert client.get("/kelas/999999").status_code == 404


def test_registering_runs_the_same_few_statements_however_many_registered(client, now, create_class, count_queries):
    """A registration reads what its form asks of the class, then under the lock the class with its unit, the
    person's live registration, the seats taken; it writes the class's change mark, the registration and its
    message."""
    klass = create_class(capacity=30)
    wedding = (now + timedelta(days=60)).date().isoformat()

    def statements(n):
        data = dict(name="Siti Aminah", phone=f"0812-3456-{n:04d}", gender="perempuan", partner_name="Ahmad Fauzi",
                    wedding_date=wedding, consent="y")
        with count_queries() as counted:
            assert client.post(f"/kelas/{klass.id}", data=data).status_code == 303
        return counted.value

    first = statements(0)
    for n in range(1, 8):
        statements(n)
    assert statements(9) == first == 8  # the seven statements, and the line the pool logs as the connection goes back
