"""A registrant's own page: status, the online link, the calendar, the delivery line, and cancelling."""
import re
from datetime import datetime, timedelta

import pytest

from portal.registrations.models import Registration
from portal.notify.models import OutboxMessage
from tests.classes.conftest import person

pytestmark = pytest.mark.engines


def test_cancel_from_the_private_page_promotes_the_next(client, create_class, register):
    klass = create_class(capacity=1)
    holder, _ = register(klass, person(1))
    waiting, _ = register(klass, person(2))
    response = client.post(f"/pendaftaran/{holder.token}/batal", data={"sure": "y"})
    assert response.status_code == 303
    assert 'data-status="cancelled"' in client.get(f"/pendaftaran/{holder.token}").get_data(as_text=True)
    assert 'data-status="confirmed"' in client.get(f"/pendaftaran/{waiting.token}").get_data(as_text=True)


def test_online_link_only_for_confirmed(client, create_class, register):
    klass = create_class(capacity=1, mode="online")
    holder, _ = register(klass, person(1))
    waiting, _ = register(klass, person(2))
    assert klass.online_link in client.get(f"/pendaftaran/{holder.token}").get_data(as_text=True)
    assert klass.online_link not in client.get(f"/pendaftaran/{waiting.token}").get_data(as_text=True)


def test_calendar_has_every_session(client, create_class, register):
    registration, _ = register(create_class(sessions=3), person(1))
    response = client.get(f"/pendaftaran/{registration.token}/kalender.ics")
    assert response.mimetype == "text/calendar"
    assert len(re.findall("BEGIN:VEVENT", response.get_data(as_text=True))) == 3


def test_unknown_token_is_not_found(client):
    assert client.get("/pendaftaran/" + "x" * 43).status_code == 404
    assert client.get("/pendaftaran/" + "x" * 300).status_code == 404


def test_cancelling_takes_the_tick_first_with_or_without_javascript(client, hx, create_class, register):
    holder, _ = register(create_class(), person(1))
    for post in (client.post, hx.post):
        refused = post(f"/pendaftaran/{holder.token}/batal", data={})
        assert refused.status_code == 303 and Registration.get_by_id(holder.id).status == "confirmed"
    page = client.get(f"/pendaftaran/{holder.token}").get_data(as_text=True)
    assert "Centang dulu untuk membatalkan" in page and 'name="sure"' in page and "hx-confirm" not in page


def test_the_waiting_list_is_not_told_it_holds_a_seat(client, create_class, register):
    klass = create_class(capacity=1)
    register(klass, person(1))
    waiting, _ = register(klass, person(2))
    page = client.get(f"/pendaftaran/{waiting.token}").get_data(as_text=True)
    assert "kursi Anda diberikan" not in page and "Keluar dari daftar tunggu" in page
    assert "kami kabari" not in page


def test_the_calendar_is_offered_only_for_a_seat_in_a_class_to_come(client, clock, create_class, register):
    klass = create_class(capacity=1)
    holder, _ = register(klass, person(1))
    waiting, _ = register(klass, person(2))
    gone, _ = register(create_class(capacity=1), person(3))
    with client.application.test_request_context():
        from portal.registrations import services as registering
        registering.cancel(gone.id)
    offered = {reg.code: "kalender.ics" in client.get(f"/pendaftaran/{reg.token}").get_data(as_text=True)
               for reg in (holder, waiting, gone)}
    assert offered == {holder.code: True, waiting.code: False, gone.code: False}
    assert [client.get(f"/pendaftaran/{reg.token}/kalender.ics").status_code for reg in (holder, waiting, gone)] == [
        200, 404, 404]
    clock.at(klass.ends_at + timedelta(days=1))
    assert "kalender.ics" not in client.get(f"/pendaftaran/{holder.token}").get_data(as_text=True)
    assert client.get(f"/pendaftaran/{holder.token}/kalender.ics").status_code == 404


def test_the_private_page_says_what_became_of_its_message(client, create_class, register):
    registration, _ = register(create_class(), person(1))
    page = client.get(f"/pendaftaran/{registration.token}").get_data(as_text=True)
    assert 'data-delivery="pending"' in page and "menunggu dikirim petugas" in page and "0812-3400-0001" in page
    assert "+62812" not in page
    OutboxMessage.update(status="sent", sent_at=datetime(2026, 11, 23, 1, 12)).execute()
    page = client.get(f"/pendaftaran/{registration.token}").get_data(as_text=True)
    assert 'data-delivery="sent"' in page and "pukul 09.12 WITA" in page
