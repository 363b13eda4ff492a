"""Each WhatsApp gateway against a local server that answers as the real one does: sent, throttled (429),
down (5xx), too slow, and a number that cannot take WhatsApp."""
from datetime import timedelta

import pytest

from portal.db import utcnow
from portal.notify.models import OutboxMessage
from portal.notify.services import send_due
from tests.notify.conftest import cloud_settings, http_settings

CLOUD_INVALID = (400, {"error": {"message": "(#131026) Message undeliverable", "type": "OAuthException",
                                 "code": 131026, "fbtrace_id": "A1"}})
CLOUD_THROTTLED = (400, {"error": {"message": "(#130429) Rate limit hit", "code": 130429}})
HTTP_INVALID = (200, {"status": False, "reason": "invalid target"})


def send_one(app, make_messages, dummy_unit, settings, answers=()):
    """One due message sent once through the gateway configured by `settings`; returns it as stored after."""
    app.config.update(settings)
    make_messages(dummy_unit, 1)
    with app.test_request_context():
        assert send_due("uji") == 1
        return OutboxMessage.get()


@pytest.mark.parametrize("settings", [cloud_settings, http_settings], ids=["cloud", "http"])
def test_a_message_the_gateway_takes_is_sent_with_its_id(app, gateway, make_messages, dummy_unit, settings):
    message = send_one(app, make_messages, dummy_unit, settings(gateway.url))
    assert message.status == "sent" and message.sent_at and message.attempts == 1
    assert message.provider_id == ("wamid.M0" if settings is cloud_settings else "id-M0") and not message.claimed_by
    path, headers, payload = gateway.bodies[0]
    assert headers["Authorization"] in ("Bearer uji-token", "uji-token")
    if settings is cloud_settings:  # an approved template, filled in order, to the number in E.164 digits
        assert path == "/v21.0/1234567890/messages" and payload["to"] == "62812" + "0" * 7
        assert payload["template"]["name"] == "puspaga_daftar_kelas"
        assert payload["template"]["language"] == {"code": "id"}
        assert [p["text"] for p in payload["template"]["components"][0]["parameters"]] == [
            "M0", "Kelas", dummy_unit.name, "K0", "http://x/p"]
    else:
        assert payload == {"target": "62812" + "0" * 7, "message": "Halo M0 dari Puspaga"}


@pytest.mark.parametrize("settings, answer", [
    (cloud_settings, (429, {"error": {"code": 4, "message": "Application request limit reached"}})),
    (cloud_settings, CLOUD_THROTTLED), (cloud_settings, (500, {"error": {"code": 1, "message": "unknown"}})),
    (cloud_settings, (503, {})), (http_settings, (429, {})), (http_settings, (502, {})),
], ids=["cloud-429", "cloud-pair-throttle", "cloud-500", "cloud-503", "http-429", "http-502"])
def test_throttling_and_server_errors_are_tried_again_later(app, gateway, make_messages, dummy_unit, settings,
                                                            answer):
    gateway.script["62812" + "0" * 7] = [answer]
    before = utcnow()
    message = send_one(app, make_messages, dummy_unit, settings(gateway.url))
    assert message.status == "pending" and message.attempts == 1 and message.last_error
    # backoff: at least half a minute, at most a minute and a half for the first retry
    assert before + timedelta(seconds=29) <= message.due_at <= utcnow() + timedelta(seconds=91)
    with app.test_request_context():
        assert send_due("uji") == 0  # not due yet
        assert send_due("uji", now=message.due_at + timedelta(seconds=1)) == 1
    assert OutboxMessage.get().status == "sent" and OutboxMessage.get().attempts == 2


@pytest.mark.parametrize("settings, answer", [
    (cloud_settings, CLOUD_INVALID), (cloud_settings, (401, {"error": {"code": 190, "message": "token"}})),
    (http_settings, HTTP_INVALID), (http_settings, (400, {})),
], ids=["cloud-invalid-number", "cloud-401", "http-invalid-number", "http-400"])
def test_a_permanent_refusal_fails_at_once_with_its_error(app, gateway, make_messages, dummy_unit, settings, answer):
    gateway.script["62812" + "0" * 7] = [answer]
    message = send_one(app, make_messages, dummy_unit, settings(gateway.url))
    assert message.status == "failed" and message.attempts == 1
    assert any(word in message.last_error for word in ("131026", "invalid", "401", "400"))


@pytest.mark.parametrize("settings", [cloud_settings, http_settings], ids=["cloud", "http"])
def test_a_gateway_too_slow_to_answer_is_tried_again(app, gateway, make_messages, dummy_unit, settings):
    gateway.script["62812" + "0" * 7] = [("hang", None)]
    message = send_one(app, make_messages, dummy_unit, settings(gateway.url))
    assert message.status == "pending" and "Timeout" in message.last_error


def test_the_last_attempt_leaves_the_message_failed_for_the_desk(app, gateway, make_messages, dummy_unit):
    app.config.update(http_settings(gateway.url), OUTBOX_MAX_ATTEMPTS=3)
    gateway.script["62812" + "0" * 7] = [(503, {})] * 5
    make_messages(dummy_unit, 1)
    with app.test_request_context():
        for _ in range(3):
            send_due("uji", now=OutboxMessage.get().due_at + timedelta(seconds=1))
    message = OutboxMessage.get()
    assert message.status == "failed" and message.attempts == 3 and "503" in message.last_error
    assert sum(gateway.received.values()) == 3


def test_a_blank_or_placeholder_number_is_never_sent_to(app, gateway, make_messages, dummy_unit):
    app.config.update(http_settings(gateway.url))
    make_messages(dummy_unit, 1, recipient="")  # erased
    with app.test_request_context():
        send_due("uji")
    message = OutboxMessage.get()
    assert message.status == "cancelled" and message.cancel_reason == "undeliverable" and not gateway.bodies


def test_a_worker_whose_lease_ran_out_mid_batch_sends_nothing_another_took_over(app, gateway, make_messages,
                                                                                dummy_unit):
    """A slow gateway: worker A's lease ends while it is still going through its batch; B claims the rest. A
    must not send those too."""
    from portal.notify.services import claim, renew

    app.config.update(http_settings(gateway.url))
    make_messages(dummy_unit, 3)
    lease = timedelta(seconds=60)
    now = utcnow()
    with app.test_request_context():
        batch_a = claim("A", ["whatsapp"], now, 10, lease)
        later = now + lease + timedelta(seconds=1)
        batch_b = claim("B", ["whatsapp"], later, 10, lease)
        assert [m.id for m in batch_b] == [m.id for m in batch_a]
        assert [renew(m, "A", later, lease) for m in batch_a] == [None, None, None]
        assert send_due("B", now=later) == 0  # B's own claims are sent by B's loop: here it finds nothing new
        for message in batch_b:
            assert renew(message, "B", later, lease).claimed_by == "B"


def test_a_reminder_retried_past_its_time_is_cancelled_not_sent(app, gateway, make_messages, dummy_unit):
    app.config.update(http_settings(gateway.url))
    now = utcnow()
    make_messages(dummy_unit, 1, topic="reminder.appointment_two_hours", expires_at=now - timedelta(minutes=1),
                  status="pending", attempts=3)
    with app.test_request_context():
        send_due("uji")
    message = OutboxMessage.get()
    assert message.status == "cancelled" and message.cancel_reason == "too_late" and not gateway.bodies


def test_an_erased_failed_message_leaves_the_desk_working(app, client, auth, staff_by_role, dummy_unit,
                                                         make_messages):
    make_messages(dummy_unit, 1, status="failed", recipient="", last_error="HTTP 503")
    make_messages(dummy_unit, 1)
    auth.login(staff_by_role["koordinator"])
    page = client.get("/staf/pesan/")
    assert page.status_code == 200 and page.get_data(as_text=True).count("data-wa-link") == 1
