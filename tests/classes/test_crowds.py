"""Crowds behind one address: a class hall's Wi-Fi or a mobile network puts many phones behind one IP address, so
the public forms count each phone number at an address, with a far higher ceiling for the address."""
import pytest

from portal.registrations.models import Registration
from tests.classes.test_views import form_data
from tests.inquiries.conftest import form as request_form

pytestmark = pytest.mark.engines
HALL = {"REMOTE_ADDR": "203.0.113.7"}  # one address for everyone in the hall


def phone(n):
    return f"0812-7000-{n:04d}"


def test_forty_citizens_behind_one_address_register_within_a_minute(client, create_class):
    klass = create_class(capacity=30)  # the last ten join the waiting list
    for n in range(40):
        response = client.post(f"/kelas/{klass.id}", data=form_data(name=f"Warga Aula {n}", phone=phone(n)),
                               environ_base=HALL)
        assert response.status_code == 303, n
    statuses = [r.status for r in Registration.select().where(Registration.klass == klass.id)]
    assert statuses.count("confirmed") == 30 and statuses.count("waitlisted") == 10


def test_one_number_at_one_address_is_slowed_without_slowing_the_others(client, create_class):
    klass = create_class(capacity=5)
    again = form_data(phone="0812 7000 0001", consent=None)  # a form sent again and again, refused each time
    for _ in range(10):
        assert client.post(f"/kelas/{klass.id}", data=again, environ_base=HALL).status_code == 422
    same_number = form_data(phone="+62 812-7000-0001")  # written another way, the same number
    refused = client.post(f"/kelas/{klass.id}", data=same_number, environ_base=HALL)
    assert refused.status_code == 429 and "Terlalu banyak" in refused.get_data(as_text=True)
    assert client.post(f"/kelas/{klass.id}", data=form_data(phone=phone(2)), environ_base=HALL).status_code == 303
    at_home = client.post(f"/kelas/{klass.id}", data=same_number, environ_base={"REMOTE_ADDR": "198.51.100.4"})
    assert at_home.status_code == 303
    assert Registration.select().count() == 2


def test_an_address_has_a_ceiling_over_all_its_numbers(client, create_class):
    klass = create_class(capacity=5)
    for n in range(150):  # refused forms (no consent) count as well, and cost little
        response = client.post(f"/kelas/{klass.id}", data=form_data(phone=phone(n), consent=None), environ_base=HALL)
        assert response.status_code == 422, n
    assert client.post(f"/kelas/{klass.id}", data=form_data(phone=phone(999)), environ_base=HALL).status_code == 429
    assert Registration.select().count() == 0


def test_reading_a_class_page_counts_against_no_limit(client, create_class):
    klass = create_class(capacity=5)
    for _ in range(200):  # a whole hall opening the page, more often than the address may post
        assert client.get(f"/kelas/{klass.id}", environ_base=HALL).status_code == 200
    assert client.post(f"/kelas/{klass.id}", data=form_data(phone=phone(1)), environ_base=HALL).status_code == 303
    for n in range(2, 151):  # the address ceiling, its one success counted
        client.post(f"/kelas/{klass.id}", data=form_data(phone=phone(n), consent=None), environ_base=HALL)
    assert client.post(f"/kelas/{klass.id}", data=form_data(phone=phone(999)), environ_base=HALL).status_code == 429
    assert client.get(f"/kelas/{klass.id}", environ_base=HALL).status_code == 200  # and a refused hall still reads


def test_requests_count_each_number_at_an_address_too(client, dummy_unit):
    for n in range(10):
        assert client.post("/pengaduan/", data=request_form(dummy_unit, phone="0812 3456 7001", consent=""),
                           environ_base=HALL).status_code == 422
    assert client.post("/pengaduan/", data=request_form(dummy_unit), environ_base=HALL).status_code == 429
    assert client.post("/pengaduan/", data=request_form(dummy_unit, phone="0812 3456 7002"),
                       environ_base=HALL).status_code == 303


def test_the_limiter_store_holds_no_phone_number(app, client, create_class):
    from portal.security import limiter

    klass = create_class(capacity=5)
    client.post(f"/kelas/{klass.id}", data=form_data(phone="0812 7000 4321"), environ_base=HALL)
    with app.app_context():
        keys = " ".join([*limiter.storage.storage, *limiter.storage.events])
    assert "203.0.113.7" in keys and "4321" not in keys and "7000" not in keys
