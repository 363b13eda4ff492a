"""An outbox worker in its own process, as `flask outbox work` runs it: its own app and database connection."""
import time

from portal import create_app
from portal.config import link_context
from portal.db import database
from portal.notify.models import OutboxMessage
from portal.worker import deliver, worker_name
from tests.conftest import test_config


def work_until_empty(url, settings, deadline_seconds=120):
    """Send batches until nothing is waiting or being sent (another worker may hold the last ones)."""
    app = create_app(test_config(url, **settings))
    stop = time.monotonic() + deadline_seconds
    with link_context(app), database.connection_context():
        name = worker_name()
        while time.monotonic() < stop:
            deliver(name)
            if not OutboxMessage.select().where(OutboxMessage.status.in_(("pending", "sending"))).exists():
                return
            time.sleep(0.05)
