"""The message desk: koordinator and admin of the unit see what waits, urgent topics first; "Sudah terkirim"
(htmx or a plain form) keeps who and when, audited; retry and cancel; filters; the dashboard's count; the
record's own staff page lists its messages."""
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from portal.audit.models import AuditLog
from portal.db import utcnow
from portal.notify.models import OutboxMessage
from tests.registrations.test_services import person

HTMX = {"HX-Request": "true"}


def order_on_page(text):
    return [int(part.split('"')[0]) for part in text.split('data-message="')[1:]]


def test_the_desk_lists_urgent_topics_first_then_by_due_time(client, auth, staff_by_role, dummy_unit,
                                                             make_messages):
    now = utcnow()
    make_messages(dummy_unit, 2, due=now - timedelta(minutes=5))
    make_messages(dummy_unit, 1, due=now - timedelta(minutes=1), topic="registration.promoted", priority=2)
    make_messages(dummy_unit, 1, due=now - timedelta(minutes=9), status="sent")
    auth.login(staff_by_role["koordinator"])
    page = client.get("/staf/pesan/").get_data(as_text=True)
    ids = [m.id for m in OutboxMessage.select().order_by(OutboxMessage.id)]
    assert order_on_page(page) == [ids[2], ids[0], ids[1]]  # the promotion first; the sent one not at all
    assert page.count("data-wa-link") == 3 and "Sudah terkirim" in page


def test_the_wa_me_button_carries_the_number_and_the_text(client, auth, staff_by_role, create_class, register):
    registration, _ = register(create_class(), person(1))
    auth.login(staff_by_role["koordinator"])
    page = client.get("/staf/pesan/").get_data(as_text=True)
    link = page.split('href="https://wa.me/')[1].split('"')[0].replace("&amp;", "&")
    number, query = link.split("?")
    assert "+" + number == registration.phone
    text = parse_qs(query)["text"][0]
    assert text == OutboxMessage.get().body and registration.token in text


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain-form"])
def test_marking_sent_keeps_who_and_when_and_the_next_one_is_ready(client, auth, staff_by_role, dummy_unit,
                                                                   make_messages, htmx):
    make_messages(dummy_unit, 3)
    first, second, third = OutboxMessage.select().order_by(OutboxMessage.id)
    koordinator = staff_by_role["koordinator"]
    auth.login(koordinator)
    answer = client.post(f"/staf/pesan/{first.id}/terkirim", data={"status": "waiting"},
                         headers=HTMX if htmx else {})
    if htmx:  # the list alone, without the page around it, the next one on top
        text = answer.get_data(as_text=True)
        assert answer.status_code == 200 and "<header" not in text and text.lstrip().startswith('<div id="desk-list"'), text
        assert order_on_page(text) == [second.id, third.id] and "Ditandai terkirim" in text
    else:
        assert answer.status_code == 303 and urlparse(answer.headers["Location"]).path == "/staf/pesan/"
        assert order_on_page(client.get(answer.headers["Location"]).get_data(as_text=True)) == [second.id, third.id]
    marked = OutboxMessage.get_by_id(first.id)
    assert marked.status == "sent" and marked.marked_by_id == koordinator.id and marked.marked_at and marked.sent_at
    entry = AuditLog.get(AuditLog.action == "message.mark_sent")
    assert entry.actor_id == koordinator.id and entry.object_id == str(first.id)


def test_marking_twice_changes_nothing_and_says_so(client, auth, staff_by_role, dummy_unit, make_messages):
    make_messages(dummy_unit, 1)
    message = OutboxMessage.get()
    auth.login(staff_by_role["koordinator"])
    client.post(f"/staf/pesan/{message.id}/terkirim", headers=HTMX)
    again = client.post(f"/staf/pesan/{message.id}/terkirim", headers=HTMX)
    assert again.status_code == 409 and "sudah berubah" in again.get_data(as_text=True)
    assert AuditLog.select().where(AuditLog.action == "message.mark_sent").count() == 1


def test_a_failed_message_shows_its_error_and_can_be_retried_or_cancelled(client, auth, staff_by_role, dummy_unit,
                                                                          make_messages):
    make_messages(dummy_unit, 2, status="failed", attempts=8, last_error="131026 Message undeliverable")
    failed, other = OutboxMessage.select().order_by(OutboxMessage.id)
    auth.login(staff_by_role["admin"])
    page = client.get("/staf/pesan/").get_data(as_text=True)
    assert "131026 Message undeliverable" in page and "Kembalikan ke daftar kirim" in page
    assert client.post(f"/staf/pesan/{failed.id}/ulang").status_code == 303
    retried = OutboxMessage.get_by_id(failed.id)
    assert retried.status == "pending" and retried.attempts == 0 and not retried.last_error
    assert client.post(f"/staf/pesan/{other.id}/batal").status_code == 303
    cancelled = OutboxMessage.get_by_id(other.id)
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "staff"
    assert {e.action for e in AuditLog.select()} >= {"message.retry", "message.cancel"}


def test_filters_by_status_topic_and_channel(client, auth, staff_by_role, dummy_unit, make_messages):
    make_messages(dummy_unit, 1)
    make_messages(dummy_unit, 1, topic="certificate.ready")
    make_messages(dummy_unit, 1, status="sent")
    make_messages(dummy_unit, 1, channel="email")
    pending, certificate, sent, mail = OutboxMessage.select().order_by(OutboxMessage.id)
    auth.login(staff_by_role["koordinator"])

    def shown(**query):
        return order_on_page(client.get("/staf/pesan/", query_string=query).get_data(as_text=True))

    assert shown() == [pending.id, certificate.id, mail.id]
    assert shown(topic="certificate.ready") == [certificate.id]
    assert shown(status="sent") == [sent.id]
    assert shown(channel="email") == [mail.id]
    assert shown(status="nonsense", topic="x", channel="y") == shown()


def test_another_units_messages_are_not_there(client, auth, staff_by_role, create_unit, make_messages):
    other = create_unit(code="LAIN")
    make_messages(other, 1)
    message = OutboxMessage.get()
    auth.login(staff_by_role["koordinator"])
    assert order_on_page(client.get("/staf/pesan/").get_data(as_text=True)) == []
    assert client.post(f"/staf/pesan/{message.id}/terkirim").status_code == 404
    assert OutboxMessage.get_by_id(message.id).status == "pending"
    auth.logout()
    auth.login(staff_by_role["org_admin"])
    assert order_on_page(client.get("/staf/pesan/").get_data(as_text=True)) == [message.id]


@pytest.mark.parametrize("role", ["konselor", "fasilitator"])
def test_counsellors_and_facilitators_have_no_desk(client, auth, staff_by_role, role):
    auth.login(staff_by_role[role])
    assert client.get("/staf/pesan/").status_code == 403


def test_the_dashboard_counts_what_waits(client, auth, staff_by_role, dummy_unit, make_messages):
    make_messages(dummy_unit, 3)
    make_messages(dummy_unit, 1, status="failed")
    make_messages(dummy_unit, 2, status="sent")
    auth.login(staff_by_role["koordinator"])
    page = client.get("/staf/").get_data(as_text=True)
    assert 'data-waiting-messages="4"' in page and "4 menunggu dikirim atau gagal" in page


def test_with_a_gateway_only_failures_get_the_whatsapp_button(app, client, auth, staff_by_role, dummy_unit,
                                                               make_messages):
    app.config.update(WHATSAPP_GATEWAY="http", WHATSAPP_HTTP_URL="http://127.0.0.1:9/send")
    make_messages(dummy_unit, 2)
    make_messages(dummy_unit, 1, status="failed", last_error="HTTP 400")
    auth.login(staff_by_role["koordinator"])
    page = client.get("/staf/pesan/").get_data(as_text=True)
    assert page.count("data-wa-link") == 1 and "lewat gateway" in page


def test_each_records_staff_page_lists_its_messages(client, auth, staff_by_role, create_class, register):
    klass = create_class(capacity=1)
    first, _ = register(klass, person(1))
    auth.login(staff_by_role["koordinator"])
    page = client.get(f"/staf/kelas/{klass.id}/pendaftar/{first.id}").get_data(as_text=True)
    assert "data-record-messages" in page and "Pendaftaran kelas terkonfirmasi" in page
    assert 'data-status="pending"' in page
    roster = client.get(f"/staf/kelas/{klass.id}/pendaftar").get_data(as_text=True)
    assert f"/staf/kelas/{klass.id}/pendaftar/{first.id}" in roster
