"""The Cloud API's webhook: the verify-token handshake, signatures checked on the raw body, and each status
(delivered, read, failed) written on the message the gateway took."""
import hashlib
import hmac
import json

import pytest

from portal.notify.models import OutboxMessage

SECRET = "rahasia-aplikasi"


@pytest.fixture
def config_overrides():
    return {"WHATSAPP_APP_SECRET": SECRET, "WHATSAPP_VERIFY_TOKEN": "token-verifikasi"}


def statuses(*items):
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"phone_number_id": "1234567890"},
        "statuses": [dict(id=wamid, status=status, timestamp=str(stamp), recipient_id="6281200000000",
                          **({"errors": [{"code": 131026, "title": "Message undeliverable"}]}
                             if status == "failed" else {}))
                     for wamid, status, stamp in items]}}]}]}


def post(client, payload, secret=SECRET, body=None):
    raw = body if body is not None else json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return client.post("/webhooks/whatsapp", data=raw, content_type="application/json",
                       headers={"X-Hub-Signature-256": signature})


def test_the_handshake_echoes_the_challenge_only_for_our_token(client):
    ok = client.get("/webhooks/whatsapp", query_string={"hub.mode": "subscribe", "hub.verify_token":
                                                          "token-verifikasi", "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.get_data(as_text=True) == "1158201444"
    wrong = client.get("/webhooks/whatsapp", query_string={"hub.mode": "subscribe", "hub.verify_token": "tebak",
                                                             "hub.challenge": "1"})
    assert wrong.status_code == 403


def test_delivered_then_read_then_a_late_delivered_keeps_read(client, dummy_unit, make_messages):
    make_messages(dummy_unit, 1, status="sent", provider_id="wamid.A1")
    assert post(client, statuses(("wamid.A1", "delivered", 1780000000))).status_code == 200
    assert OutboxMessage.get().delivery == "delivered" and OutboxMessage.get().delivered_at
    post(client, statuses(("wamid.A1", "read", 1780000100)))
    post(client, statuses(("wamid.A1", "delivered", 1780000050)))  # arrives out of order
    message = OutboxMessage.get()
    assert message.delivery == "read" and message.read_at > message.delivered_at and message.status == "sent"


def test_a_failed_status_puts_the_message_on_the_desk_with_its_error(client, dummy_unit, make_messages):
    make_messages(dummy_unit, 1, status="sent", provider_id="wamid.B2")
    post(client, statuses(("wamid.B2", "failed", 1780000000)))
    message = OutboxMessage.get()
    assert message.status == "failed" and "131026" in message.last_error


@pytest.mark.parametrize("how", ["unsigned", "wrong-secret", "body-changed"])
def test_a_post_not_signed_by_meta_is_refused_and_changes_nothing(client, dummy_unit, make_messages, how):
    make_messages(dummy_unit, 1, status="sent", provider_id="wamid.C3")
    payload = statuses(("wamid.C3", "failed", 1780000000))
    if how == "unsigned":
        answer = client.post("/webhooks/whatsapp", json=payload)
    elif how == "wrong-secret":
        answer = post(client, payload, secret="bukan-rahasia")
    else:
        raw = json.dumps(payload).encode()
        signature = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
        answer = client.post("/webhooks/whatsapp", data=raw.replace(b"failed", b"read  "),
                             content_type="application/json", headers={"X-Hub-Signature-256": signature})
    assert answer.status_code == 403 and OutboxMessage.get().status == "sent" and not OutboxMessage.get().delivery


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"entry": "x"}', b'{"entry": [{"changes": [1]}]}'])
def test_a_signed_body_of_the_wrong_shape_is_a_400_not_a_500(client, body):
    assert post(client, None, body=body).status_code == 400


def test_statuses_of_messages_we_do_not_know_are_ignored(client, dummy_unit, make_messages):
    make_messages(dummy_unit, 1, status="sent", provider_id="wamid.D4")
    assert post(client, statuses(("wamid.OTHER", "read", 1780000000))).status_code == 200
    assert OutboxMessage.get().delivery == ""
