"""Several workers, in threads and in processes, over the same outbox on each engine: every message sent
exactly once; a worker killed mid-batch leaves claims that expire and are sent by another, none twice but the
one in flight."""
import multiprocessing
import os
import signal
import threading
import time

import pytest

from portal.config import link_context
from portal.db import database
from portal.notify.models import OutboxMessage
from portal.worker import deliver, worker_name
from tests.notify.conftest import http_settings
from tests.notify.workers import work_until_empty

pytestmark = [pytest.mark.engines, pytest.mark.timeless]
MESSAGES = 1000
SPAWN = multiprocessing.get_context("spawn")  # a clean interpreter per worker, as separate services would be


def sent_once(gateway, n):
    """Every marker M0…M(n-1) reached the gateway exactly once, and the outbox says each was sent."""
    assert sorted(gateway.received) == sorted(f"M{i}" for i in range(n))
    assert [marker for marker, times in gateway.received.items() if times > 1] == []
    assert OutboxMessage.select().where(OutboxMessage.status == "sent").count() == n


def test_four_threads_send_each_of_a_thousand_messages_exactly_once(app, gateway, dummy_unit, make_messages):
    app.config.update(http_settings(gateway.url), OUTBOX_BATCH=25)
    make_messages(dummy_unit, MESSAGES)
    barrier = threading.Barrier(4)

    def run():
        with link_context(app):
            barrier.wait()
            try:
                while OutboxMessage.select().where(OutboxMessage.status.in_(("pending", "sending"))).exists():
                    deliver(worker_name())
            finally:
                database.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    sent_once(gateway, MESSAGES)
    assert {m.claimed_by for m in OutboxMessage.select()} == {""}  # released: no claim stays behind


def test_four_processes_send_each_of_a_thousand_messages_exactly_once(app, database_url, gateway, dummy_unit,
                                                                      make_messages):
    make_messages(dummy_unit, MESSAGES)
    database.close()
    settings = dict(http_settings(gateway.url), OUTBOX_BATCH=25)
    workers = [SPAWN.Process(target=work_until_empty, args=(database_url, settings)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=180)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    sent_once(gateway, MESSAGES)


def test_a_worker_killed_mid_batch_leaves_nothing_unsent_and_nothing_twice_but_the_one_in_flight(
        app, database_url, gateway, dummy_unit, make_messages):
    total = 120
    make_messages(dummy_unit, total)
    database.close()
    gateway.delay = 0.03
    settings = dict(http_settings(gateway.url), OUTBOX_BATCH=40, OUTBOX_LEASE_SECONDS=2)
    doomed = SPAWN.Process(target=work_until_empty, args=(database_url, settings))
    doomed.start()
    stop = time.monotonic() + 60
    while sum(gateway.received.values()) < 50 and time.monotonic() < stop:
        time.sleep(0.01)
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.join()
    with app.app_context():
        held = OutboxMessage.select().where(OutboxMessage.status == "sending").count()
    assert held > 0  # it died holding claims
    time.sleep(2.2)  # its lease runs out
    gateway.delay = 0
    survivor = SPAWN.Process(target=work_until_empty, args=(database_url, settings))
    survivor.start()
    survivor.join(timeout=120)
    assert survivor.exitcode == 0
    assert sorted(gateway.received) == sorted(f"M{i}" for i in range(total))
    twice = [marker for marker, times in gateway.received.items() if times > 1]
    assert len(twice) <= 1 and max(gateway.received.values()) <= 2
    with app.app_context():
        assert OutboxMessage.select().where(OutboxMessage.status == "sent").count() == total
