"""Outbox fixtures: due messages made directly, and a local server that answers as a WhatsApp gateway does."""
import json
from datetime import timedelta

import pytest

from portal.db import utcnow
from portal.notify.models import OutboxMessage
from tests.notify.gateway import serve_gateway
# Messages come from classes and counselling: their fixtures, for every test here.
from tests.classes.conftest import create_class, register  # noqa: F401
from tests.counseling.conftest import create_counsellor, create_service  # noqa: F401


@pytest.fixture
def make_messages(app):
    """Insert `n` WhatsApp messages due now for a unit, each with its own marker in the text ("M<n>")."""

    def make(unit, n, channel="whatsapp", due=None, topic="registration.confirmed", **fields):
        due = due or utcnow() - timedelta(minutes=1)
        fixed = fields.pop("recipient", None)
        rows = [dict(unit=unit.id, channel=channel, recipient=fixed if fixed is not None else
                     f"+62812{i % 10_000_000:07d}" if channel == "whatsapp" else f"warga{i}@contoh.id", subject="Kelas Puspaga", body=f"Halo M{i} dari Puspaga",
                     topic=topic, object_type="registration", object_id=str(i), due_at=due, created_at=due,
                     params=json.dumps({"name": f"M{i}", "title": "Kelas", "unit": unit.name, "code": f"K{i}",
                                        "link": "http://x/p"}), **fields) for i in range(n)]
        with app.app_context():
            for start in range(0, len(rows), 500):
                OutboxMessage.insert_many(rows[start:start + 500]).execute()
        return rows

    return make


@pytest.fixture
def gateway():
    with serve_gateway() as state:
        yield state


def cloud_settings(url):
    return dict(WHATSAPP_GATEWAY="cloud", WHATSAPP_CLOUD_URL=f"{url}/v21.0", WHATSAPP_TOKEN="uji-token",
                WHATSAPP_PHONE_NUMBER_ID="1234567890", WHATSAPP_APP_SECRET="rahasia-aplikasi",
                OUTBOX_TIMEOUT_SECONDS=1.0)


def http_settings(url):
    return dict(WHATSAPP_GATEWAY="http", WHATSAPP_HTTP_URL=f"{url}/send", WHATSAPP_HTTP_TOKEN="uji-token",
                OUTBOX_TIMEOUT_SECONDS=1.0)
