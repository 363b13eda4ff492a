"""The outbox's life: queueing a topic for a citizen, workers claiming and sending what is due (once, even with
several of them), retrying with backoff, the desk sending by hand, and what WhatsApp says became of a message."""
import json
import random
from datetime import timedelta

from flask import current_app

from portal.audit.services import record
from portal.db import claim_rows, database, utcnow
from portal.notify import gateways
from portal.notify.messages import TOPICS, render
from portal.notify.models import OutboxMessage
from portal.validators import deliverable

REMINDERS = {"day_before": timedelta(hours=24), "two_hours": timedelta(hours=2)}
SESSION_KEY = "reminder:session"  # a class session's reminders are keyed "reminder:session:<id>:<seat>:<time>:<kind>"
REMINDER_USEFUL = {"day_before": timedelta(hours=6), "two_hours": timedelta(minutes=15)}  # none this near
BACKOFF_BASE, BACKOFF_CAP = timedelta(minutes=1), timedelta(hours=6)


def emails(address):
    """Whether a citizen with this email address (or none) is written to by email too: they gave one and the office
    sends email."""
    return bool(address) and bool(current_app.config["SMTP_HOST"])


def queue(topic, record, unit_id, phone, email, params, language="id", attachment=None, due_at=None,
          dedupe_key=None, expires_at=None, now=None):
    """Queue a topic for a citizen by WhatsApp, and by email when they gave one and the office sends email.

    Its text is the topic's, in the citizen's language; its parameters are kept for a WhatsApp template.
    `attachment` is (filename, text), e.g. an .ics, which only an email carries. With `dedupe_key` (a reminder),
    a second queueing of the same key adds nothing, however many schedulers run at once. Call inside the caller's transaction, so the
    message exists exactly when the change does.
    """
    now = now or utcnow()
    text, subject = render(topic, params, language)
    name, data = attachment or ("", "")
    common = dict(unit=unit_id, topic=topic, object_type=record._meta.table_name, object_id=str(record._pk),
                  language=language, params=json.dumps(params, default=str), body=text, attachment_name=name,
                  attachment=data, due_at=due_at or now, created_at=now, priority=TOPICS[topic].priority,
                  expires_at=expires_at)
    for channel, address, key in (("whatsapp", phone, dedupe_key), ("email", email, dedupe_key and f"{dedupe_key}:email")):
        if channel == "email" and not emails(address):
            continue
        usable = deliverable(address) if channel == "whatsapp" else "@" in (address or "")
        state = {} if usable else dict(status="cancelled", cancel_reason="undeliverable")
        (OutboxMessage.insert(channel=channel, recipient=address or "", subject=subject, dedupe_key=key,
                              **common, **state).on_conflict_ignore().execute())


def withdraw(record, prefix=""):
    """Cancel what still waits to be sent about a record (only topics starting with `prefix`), because newer news
    replaces it: the waiting-list place of someone just promoted, the confirmation and reminders of an
    appointment that was moved or cancelled. What a worker is sending now goes on."""
    # Its reminder keys are freed: moved back to the same time, the appointment is reminded again.
    (OutboxMessage.update(status="cancelled", cancel_reason="superseded", dedupe_key=None)
     .where(OutboxMessage.object_type == record._meta.table_name, OutboxMessage.object_id == str(record._pk),
            OutboxMessage.status.in_(("pending", "failed")), OutboxMessage.topic.startswith(prefix))
     .execute())


def withdraw_reminders_of_session(session_id):
    """Cancel the reminders still waiting for a class session that was taken off the schedule."""
    (OutboxMessage.update(status="cancelled", cancel_reason="session_removed", dedupe_key=None)
     .where(OutboxMessage.dedupe_key.startswith(f"{SESSION_KEY}:{session_id}:"),
            OutboxMessage.status.in_(("pending", "failed")))
     .execute())


def reminder_times(starts_at, unit, now):
    """(kind, when, until) of the reminders a start gets from its unit, those still ahead of `now`: each is
    sent from `when` and not after `until` ("tomorrow" stops being true; "in two hours" once it begins)."""
    wanted = {"day_before": unit.remind_day_before, "two_hours": unit.remind_two_hours}
    return [(kind, starts_at - ahead, starts_at - REMINDER_USEFUL[kind]) for kind, ahead in REMINDERS.items()
            if wanted[kind] and starts_at - ahead > now]


def expire_reminders(now):
    """Take out of line what waited past its use (a reminder once its session or appointment is near or has
    begun, however often it was retried); returns how many."""
    return (OutboxMessage.update(status="cancelled", cancel_reason="too_late")
            .where(OutboxMessage.expires_at < now, OutboxMessage.status.in_(("pending", "failed")))
            .execute())


# Workers.

def sendable(config):
    """The channels this office sends through itself; WhatsApp by hand from the desk otherwise."""
    return gateways.senders(config, TOPICS)


def claim(worker, channels, now, limit, lease):
    """Take up to `limit` due messages for one worker, in one short transaction: PostgreSQL skips the rows
    another worker holds; SQLite takes its write lock. Each gets a lease; past it, another worker may retry."""
    with claim_rows(OutboxMessage.due(channels, now).limit(limit)) as rows:
        if rows:
            (OutboxMessage.update(status="sending", claimed_by=worker, claimed_until=now + lease,
                                  attempts=OutboxMessage.attempts + 1)
             .where(OutboxMessage.id.in_([row.id for row in rows])).execute())
    return rows


def backoff(attempts):
    """How long to wait before trying again: doubling from a minute up to six hours, with jitter."""
    delay = min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)
    return delay * random.uniform(0.5, 1.5)


def settle(message, worker, result, now):
    """Write down what sending did, if this worker still holds the message (its lease not taken over)."""
    attempts = message.attempts
    if result.sent:
        change = dict(status="sent", sent_at=now, provider_id=result.provider_id, last_error="")
    elif result.cancel:
        change = dict(status="cancelled", cancel_reason=result.error)
    elif result.permanent or attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        change = dict(status="failed", last_error=result.error)
    else:
        change = dict(status="pending", due_at=now + backoff(attempts), last_error=result.error)
    return (OutboxMessage.update(claimed_by="", claimed_until=None, **change)
            .where(OutboxMessage.id == message.id, OutboxMessage.status == "sending",
                   OutboxMessage.claimed_by == worker).execute())


def send_due(worker, now=None, senders=None):
    """Claim one batch of what is due and send it, outside any transaction; returns how many were claimed."""
    config = current_app.config
    senders = senders if senders is not None else sendable(config)
    if not senders:
        return 0
    now_is_real, now = now is None, now or utcnow()  # a given `now` (tests, a moved clock) stays as given
    lease = timedelta(seconds=config["OUTBOX_LEASE_SECONDS"])
    batch = claim(worker, senders, now, config["OUTBOX_BATCH"], lease)
    for claimed in batch:
        message = renew(claimed, worker, now, lease)
        if message is not None:
            settle(message, worker, send_one(message, senders, config, now), now)
        now = utcnow() if now_is_real else now
    return len(batch)


def renew(message, worker, now, lease):
    """Just before sending: extend the claim and read the row again, so a message another worker took over, or
    one erased, withdrawn or expired since the batch was claimed, is not sent. None when it is no longer ours."""
    held = (OutboxMessage.update(claimed_until=now + lease)
            .where(OutboxMessage.id == message.id, OutboxMessage.status == "sending",
                   OutboxMessage.claimed_by == worker).execute())
    return OutboxMessage.get_by_id(message.id) if held else None


def send_one(message, senders, config, now):
    """The result of sending one claimed message; a message that cannot or may no longer go is refused here."""
    if message.expires_at and message.expires_at < now:
        return gateways.failed("too_late", permanent=True, cancel=True)
    if message.attempts > config["OUTBOX_MAX_ATTEMPTS"]:  # claimed again and again by workers that died on it
        return gateways.failed("too many attempts", permanent=True)
    usable = deliverable(message.recipient) if message.channel == "whatsapp" else "@" in message.recipient
    if not usable:  # erased since it was queued
        return gateways.failed("undeliverable", permanent=True, cancel=True)
    try:
        return senders[message.channel].send(message)
    except Exception as error:  # noqa: BLE001 - one broken message must not strand the rest of the batch
        return gateways.failed(f"{type(error).__name__}: {error}", permanent=False)


# The desk: WhatsApp sent by hand from staff's own phone.

def by_hand(config):
    """Whether staff send WhatsApp themselves (no gateway): then every waiting one has its wa.me button; with a
    gateway, only those that failed (the gateway may be down for a day)."""
    return config["WHATSAPP_GATEWAY"] == "desk"


def mark_sent(actor, message, now=None):
    """Staff sent it from their own WhatsApp: who and when are kept and audited."""
    with database.atomic():
        changed = (OutboxMessage.update(status="sent", sent_at=now or utcnow(), marked_by=actor,
                                        marked_at=now or utcnow(), last_error="", claimed_by="", claimed_until=None)
                   .where(OutboxMessage.id == message.id, OutboxMessage.in_hand(now or utcnow()))
                   .execute())
        if changed:
            record("message.mark_sent", actor, message, message.topic, unit_id=message.unit_id)
    return changed


def retry(actor, message, now=None):
    """Put a failed message back in line, at once."""
    with database.atomic():
        changed = (OutboxMessage.update(status="pending", due_at=now or utcnow(), attempts=0, last_error="")
                   .where(OutboxMessage.id == message.id, OutboxMessage.status == "failed").execute())
        if changed:
            record("message.retry", actor, message, message.topic, unit_id=message.unit_id)
    return changed


def cancel(actor, message, now=None):
    """Take a waiting message out of line; it is kept, with who cancelled it."""
    with database.atomic():
        changed = (OutboxMessage.update(status="cancelled", cancel_reason="staff", claimed_by="", claimed_until=None)
                   .where(OutboxMessage.id == message.id, OutboxMessage.in_hand(now or utcnow()))
                   .execute())
        if changed:
            record("message.cancel", actor, message, message.topic, unit_id=message.unit_id)
    return changed


# What WhatsApp tells of a message it took.

def record_delivery(provider_id, status, at, error=""):
    """A status from the Cloud API's webhook: delivered, read or failed (a failure shows on the desk)."""
    message = OutboxMessage.get_or_none(OutboxMessage.provider_id == provider_id) if provider_id else None
    if message is None or status not in ("delivered", "read", "failed"):
        return None
    change = {"delivery": status}
    if status == "delivered":
        change["delivered_at"] = at
    elif status == "read":
        change.update(read_at=at, delivered_at=message.delivered_at or at)
    else:
        change.update(status="failed", last_error=error[:300] or "not delivered")
    if message.delivery == "read" and status == "delivered":  # statuses may arrive out of order
        return message
    OutboxMessage.update(**change).where(OutboxMessage.id == message.id).execute()
    return message


def waiting_count(staff):
    """How many messages wait for the desk or failed, for the dashboard."""
    return OutboxMessage.desk(staff).count()
