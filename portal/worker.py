"""The outbox worker: queue the reminders that are coming up, then send what is due, batch by batch.

`flask outbox send` runs one round (cron-safe: several at once send nothing twice); `flask outbox work` keeps
running rounds (for a service manager, or beside the web server in `make run`). Links in the messages it makes
point at PORTAL_URL. A message is sent at most once, except the one a worker was sending when it was killed:
its lease runs out and another worker sends it again (the gateway may or may not have taken it).
"""
import logging
import os
import socket
import time
import uuid

from flask import current_app

from portal.config import link_context
from portal.counseling.services import queue_reminders as appointment_reminders
from portal.db import database, utcnow
from portal.notify.models import OutboxMessage
from portal.notify.services import expire_reminders, send_due, sendable
from portal.registrations.services import queue_reminders as session_reminders


def worker_name():
    """Who holds a claim: host, process and a random part (two workers in one process differ too)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def schedule_reminders(now=None):
    """Queue the day-before and two-hours reminders of sessions and appointments coming up (each once)."""
    now = now or utcnow()
    expire_reminders(now)
    return session_reminders(now), appointment_reminders(now)  # each record under its own lock


def deliver(worker, now=None, senders=None, rounds=1000):
    """Send batches until nothing due is left (or `rounds` batches); returns how many were claimed."""
    senders = senders if senders is not None else sendable(current_app.config)
    claimed = 0
    for _ in range(rounds):
        taken = send_due(worker, now=now, senders=senders)
        claimed += taken
        if taken < current_app.config["OUTBOX_BATCH"]:
            break
    return claimed


def run_once(worker=None, now=None):
    """One round: reminders, then delivery. Needs a request context for the links (config.link_context)."""
    reminders = schedule_reminders(now)
    return reminders, deliver(worker or worker_name(), now)


def waiting_for_desk():
    """How many WhatsApp messages wait for staff to send by hand (none when a gateway sends them)."""
    return OutboxMessage.select().where(OutboxMessage.status == "pending",
                                        OutboxMessage.channel.not_in(list(sendable(current_app.config)))).count()


def work(app, interval, rounds=None, log=print):
    """Keep running rounds every `interval` seconds (`rounds` of them, or until stopped)."""
    worker, done = worker_name(), 0
    while rounds is None or done < rounds:
        try:
            with link_context(app), database.connection_context():
                (sessions, appointments), sent = run_once(worker)
        except Exception:  # noqa: BLE001 - a busy database or a gateway's surprise: the next round tries again
            logging.getLogger(__name__).exception("outbox round failed")
            sent = 0
        if sent:
            log(f"outbox: {sent} message(s) handled")
        done += 1
        if rounds is None or done < rounds:
            time.sleep(interval)
