"""The outbox worker's pace: 2,000 due messages through a local HTTP gateway with two worker processes, against
a plain loop that only posts the same texts to the same gateway; and no message sent twice.

`python -m bench.outbox` (also part of `make bench`). The gateway is served from this process; the workers and
the loop each run in processes of their own, so they meet the same server.
"""
import logging
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

import requests

from bench import table
from bench.harness import ROOT  # noqa: F401 - puts the project on the path for the spawned processes
from portal import create_app
from portal.config import link_context
from portal.db import database
from portal.notify.models import OutboxMessage
from portal.units.models import Unit
from tests.conftest import ENCRYPTION_KEY, migrate_fresh, test_config
from tests.notify.gateway import serve_gateway
from tests.notify.workers import work_until_empty

MESSAGES, WORKERS, ROUNDS = 2000, 2, 3
SPAWN = multiprocessing.get_context("spawn")


def settings(url):
    return dict(WHATSAPP_GATEWAY="http", WHATSAPP_HTTP_URL=f"{url}/send", WHATSAPP_HTTP_TOKEN="bench",
                OUTBOX_BATCH=50)


def fill(database_url):
    """2,000 due WhatsApp messages, each with its marker; returns their texts for the plain loop."""
    app = create_app(test_config(database_url))
    with link_context(app), database.connection_context():
        unit = Unit.get_or_none() or Unit.create(name="Puspaga Bench", code="BNC", city="Kota", province="P",
                                                 address="Jl. Bench")
        OutboxMessage.delete().execute()
        rows = [dict(unit=unit.id, channel="whatsapp", recipient=f"+62812{i:07d}", body=f"Halo M{i} dari Puspaga",
                     topic="registration.confirmed", object_type="registration", object_id=str(i))
                for i in range(MESSAGES)]
        with database.atomic():
            for start in range(0, MESSAGES, 500):
                OutboxMessage.insert_many(rows[start:start + 500]).execute()
    return [(row["recipient"].lstrip("+"), row["body"]) for row in rows]


def plain_loop(url, texts):
    """What a worker is measured against: one session posting each text, nothing else."""
    with requests.Session() as session:
        session.headers["Authorization"] = "bench"
        for number, text in texts:
            session.post(f"{url}/send", data={"target": number, "message": text}, timeout=10).raise_for_status()


def timed(processes):
    started = time.perf_counter()
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    assert all(p.exitcode == 0 for p in processes)
    return time.perf_counter() - started


def one_round(database_url, gateway):
    texts = fill(database_url)
    gateway.received.clear()
    loop = timed([SPAWN.Process(target=plain_loop, args=(gateway.url, texts))])
    gateway.received.clear()
    workers = timed([SPAWN.Process(target=work_until_empty, args=(database_url, settings(gateway.url)))
                     for _ in range(WORKERS)])
    twice = sum(1 for times in gateway.received.values() if times > 1)
    missing = MESSAGES - len(gateway.received)
    return MESSAGES / loop, MESSAGES / workers, twice, missing


def measure():
    """The outbox's rows: the plain loop, the workers against it, and the messages sent twice or never."""
    assert ENCRYPTION_KEY
    logging.getLogger("peewee_migrate").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder, serve_gateway() as gateway:
        database_url = f"sqlite:///{Path(folder) / 'outbox.sqlite3'}"
        migrate_fresh(database_url)
        results = [one_round(database_url, gateway) for _ in range(ROUNDS)]
    loop = statistics.median(r[0] for r in results)
    worker = statistics.median(r[1] for r in results)
    twice, missing = sum(r[2] for r in results), sum(r[3] for r in results)
    what = f"{MESSAGES:,} messages, median of {ROUNDS}"
    return [
        table.measured(f"outbox: a plain loop only posting ({what})", f"{loop:,.0f} msg/s"),
        table.measured(f"outbox: {WORKERS} workers claiming, sending, recording (ratio to the loop)",
                       f"{worker:,.0f} msg/s", ratio=f"{worker / loop:.2f}"),
        table.measured(f"outbox: sent twice, never sent ({ROUNDS} rounds)", f"{twice}, {missing}", "0, 0",
                       twice == missing == 0),
    ]


def main():
    print(table.render(measure()))


if __name__ == "__main__":
    main()
