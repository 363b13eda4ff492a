"""Staff and the people in a class: the registrations table, seats, cancel and confirm, attendance and closing."""
import html
import re
from datetime import timedelta
from urllib.parse import unquote

import pytest

from portal.registrations.models import Attendance, Registration
from portal.classes.models import Class, ClassFacilitator, ClassSession
from portal.validators import national
from tests.classes.conftest import person, statuses

pytestmark = pytest.mark.engines


def test_facilitator_sees_registrations_without_actions(client, auth, facilitator, published_class, register):
    ClassFacilitator.create(klass=published_class, staff=facilitator)
    register(published_class, person(1))
    auth.login(facilitator)
    page = client.get(f"/staf/kelas/{published_class.id}/pendaftar").get_data(as_text=True)
    assert "Warga 1" in page and "Batalkan" not in page and "meja layanan" not in page


def test_raising_capacity_promotes_the_first_waitlisted(client, signed_in, published_class, register):
    for n in range(1, 5):
        register(published_class, person(n))
    response = client.post(f"/staf/kelas/{published_class.id}/kapasitas", data={"capacity": "3"}, follow_redirects=True)
    assert "1 orang dipindahkan" in response.get_data(as_text=True)
    assert statuses(published_class) == {"Warga 1": "confirmed", "Warga 2": "confirmed", "Warga 3": "confirmed",
                                         "Warga 4": "waitlisted"}


def test_lowering_capacity_below_the_confirmed_count_is_refused(client, signed_in, published_class, register):
    register(published_class, person(1))
    register(published_class, person(2))
    response = client.post(f"/staf/kelas/{published_class.id}/kapasitas", data={"capacity": "1"})
    assert response.status_code == 422 and "kurang dari 2 peserta" in response.get_data(as_text=True)
    assert Class.get_by_id(published_class.id).capacity == 2


def test_cancel_frees_a_seat_for_the_first_on_the_waiting_list(client, signed_in, published_class, register):
    first, _ = register(published_class, person(1))
    for n in range(2, 5):
        register(published_class, person(n))
    response = client.post(f"/staf/kelas/{published_class.id}/pendaftar/{first.id}/batalkan?status=confirmed")
    assert response.status_code == 303 and response.headers["Location"].endswith("/pendaftar?status=confirmed")
    assert statuses(published_class) == {"Warga 1": "cancelled", "Warga 2": "confirmed", "Warga 3": "confirmed",
                                         "Warga 4": "waitlisted"}
    assert Registration.get_by_id(first.id).cancelled_by_id == signed_in.id


def test_confirm_from_the_waiting_list_needs_a_free_seat(client, signed_in, published_class, register):
    for n in range(1, 4):
        register(published_class, person(n))
    waiting = Registration.get(Registration.name == "Warga 3")
    response = client.post(f"/staf/kelas/{published_class.id}/pendaftar/{waiting.id}/konfirmasi", follow_redirects=True)
    assert "Kelas penuh" in response.get_data(as_text=True)
    assert Registration.get_by_id(waiting.id).status == "waitlisted"


def test_registration_search_answers_htmx_with_rows_only(client, hx, signed_in, published_class, register):
    for n in range(1, 4):
        register(published_class, person(n))
    url = f"/staf/kelas/{published_class.id}/pendaftar"
    fragment = hx.post(url, data={"q": "warga 3"}).get_data(as_text=True)
    assert "<html" not in fragment and "Warga 3" in fragment and "Warga 1" not in fragment
    assert 'data-status="waitlisted"' in fragment and 'data-waitlist-position="1"' in fragment
    waiting = hx.get(f"{url}?status=confirmed").get_data(as_text=True)
    assert "Warga 1" in waiting and "Warga 3" not in waiting
    both = hx.post(url, data={"q": "warga", "status": "confirmed"})
    assert "Warga 2" in both.get_data(as_text=True) and "Warga 3" not in both.get_data(as_text=True)
    assert both.headers["HX-Push-Url"] == f"{url}?status=confirmed"
    full = client.post(url, data={"q": "warga 3"}).get_data(as_text=True)
    assert "<html" in full and "Warga 3" in full and "Warga 1" not in full


def addresses(response):
    """Every address a page answers from, pushes or links to."""
    page = response.get_data(as_text=True)
    found = re.findall(r'(?:href|src|action|hx-get|hx-post|hx-push-url)="([^"]*)"', page)
    return [response.request.url, response.headers.get("Location", ""), response.headers.get("HX-Push-Url", ""),
            *(unquote(html.unescape(address)) for address in found)]


def test_a_phone_number_searched_for_is_found_and_stays_out_of_every_address(client, hx, signed_in, published_class,
                                                                            register):
    register(published_class, person(1))
    wanted, _ = register(published_class, person(2))
    typed = national(wanted.phone)  # as the table shows it: 0812-3400-0002
    number = re.sub(r"\D", "", typed).lstrip("0")
    for answer in (client.post(f"/staf/kelas/{published_class.id}/pendaftar", data={"q": typed}),
                   hx.post(f"/staf/kelas/{published_class.id}/pendaftar", data={"q": typed})):
        page = answer.get_data(as_text=True)
        assert answer.status_code == 200 and "Warga 2" in page and "Warga 1" not in page
        assert [address for address in addresses(answer) if number in re.sub(r"\D", "", address)] == []


def test_attendance_toggle_with_htmx_returns_the_cell_and_stores_it(hx, auth, clock, signed_in, published_class,
                                                                    register):
    registration, _ = register(published_class, person(1))
    session = ClassSession.of(published_class.id).first()
    clock.at(session.starts_at + timedelta(minutes=10))
    auth.login(signed_in)  # a week on, the morning's staff session has long timed out
    url = f"/staf/kelas/{published_class.id}/kehadiran/{registration.id}/{session.id}"
    fragment = hx.post(url, data={"present": "1"}).get_data(as_text=True)
    assert "<html" not in fragment and "<td" not in fragment and 'aria-pressed="true"' in fragment
    assert Attendance.get(Attendance.registration == registration.id).present is True
    fragment = hx.post(url, data={"present": "0"}).get_data(as_text=True)
    assert 'aria-pressed="false"' in fragment and 'name="present" value="1"' in fragment
    assert Attendance.get(Attendance.registration == registration.id).present is False


def test_attendance_toggle_without_javascript_returns_to_the_grid(client, auth, clock, facilitator, published_class,
                                                                   register):
    ClassFacilitator.create(klass=published_class, staff=facilitator)
    registration, _ = register(published_class, person(1))
    session, last = ClassSession.of(published_class.id)
    clock.at(last.starts_at + timedelta(minutes=10))
    auth.login(facilitator)
    response = client.post(f"/staf/kelas/{published_class.id}/kehadiran/{registration.id}/{session.id}",
                           data={"present": "1"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/staf/kelas/{published_class.id}/kehadiran#att-{registration.id}-{session.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'aria-pressed="true"' in page and 'aria-pressed="false"' in page


def test_before_a_session_begins_the_grid_offers_no_toggle_and_the_class_no_closing(client, hx, signed_in,
                                                                                      published_class, register):
    registration, _ = register(published_class, person(1))
    first = ClassSession.of(published_class.id).first()
    page = client.get(f"/staf/kelas/{published_class.id}/kehadiran").get_data(as_text=True)
    assert "aria-pressed" not in page and page.count('data-present="not-yet"') == 2
    assert "Tutup kelas</button>" not in page and "data-close-after" in page
    refused = hx.post(f"/staf/kelas/{published_class.id}/kehadiran/{registration.id}/{first.id}", data={"present": "1"})
    assert refused.status_code == 422 and "setelah sesi dimulai" in refused.get_data(as_text=True)
    closing = client.post(f"/staf/kelas/{published_class.id}/tutup", follow_redirects=True)
    assert "sesi terakhirnya selesai" in closing.get_data(as_text=True)
    assert not Attendance.select().exists() and Class.get_by_id(published_class.id).status == "published"


@pytest.mark.parametrize("minimum, outcome", [
    (None, {"Warga 1": "completed", "Warga 2": "not_completed", "Warga 3": "not_completed"}),
    (1, {"Warga 1": "completed", "Warga 2": "completed", "Warga 3": "not_completed"}),
])
def test_closing_decides_completion_by_the_attendance_rule(client, auth, signed_in, create_class, register, held, minimum,
                                                            outcome):
    klass = create_class(capacity=5, sessions=2, attendance_minimum=minimum)
    people = [register(klass, person(n))[0] for n in range(1, 4)]
    held(klass)
    auth.login(signed_in)
    first, second = ClassSession.of(klass.id)
    attended = {people[0].id: (first, second), people[1].id: (first,), people[2].id: ()}
    for reg_id, sessions in attended.items():
        for session in sessions:
            client.post(f"/staf/kelas/{klass.id}/kehadiran/{reg_id}/{session.id}", data={"present": "1"})
    response = client.post(f"/staf/kelas/{klass.id}/tutup", follow_redirects=True)
    done = list(outcome.values()).count("completed")
    assert f"{done} peserta lulus, {3 - done} tidak lulus" in response.get_data(as_text=True)
    assert statuses(klass) == outcome and Class.get_by_id(klass.id).status == "closed"


def test_a_closed_class_shows_attendance_read_only(client, auth, signed_in, published_class, register, held):
    register(published_class, person(1))
    held(published_class)
    auth.login(signed_in)
    client.post(f"/staf/kelas/{published_class.id}/tutup")
    page = client.get(f"/staf/kelas/{published_class.id}/kehadiran").get_data(as_text=True)
    assert "aria-pressed" not in page and 'data-status="not_completed"' in page and "Tutup kelas</button>" not in page
    response = client.post(f"/staf/kelas/{published_class.id}/kapasitas", data={"capacity": "9"})
    assert response.status_code == 422 and Class.get_by_id(published_class.id).capacity == 2
