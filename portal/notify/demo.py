"""The demo's outbox in every state a message can be in: sent by hand from the desk, sent by a gateway and
read, one being sent, one that failed with the gateway's error, one cancelled, the rest waiting at the desk.
Chosen by topic and order, so the story is the same whatever the day."""
from datetime import timedelta

from portal.notify.models import OutboxMessage
from portal.staff.models import Staff

FAILED_ERROR = "131026 Message undeliverable (nomor tidak terdaftar di WhatsApp)"


def seed_messages(now):
    """Give the queued demo messages their states, as an office a few weeks in would have them."""
    desk = Staff.by_email("koordinator@puspaga.test")
    waiting = list(OutboxMessage.select().where(OutboxMessage.status == "pending",
                                                ~OutboxMessage.topic.startswith("reminder."))
                   .order_by(OutboxMessage.id))
    by_topic = {}
    for message in waiting:
        by_topic.setdefault(message.topic, []).append(message)
    for topic, messages in by_topic.items():
        # Every promotion went out (the seat is only theirs if they hear of it); of the rest, the older half.
        sent = messages if topic == "registration.promoted" else messages[: len(messages) // 2]
        for n, message in enumerate(sent):
            at = now - timedelta(days=1, minutes=7 * n)
            if n % 3 == 2:  # these went through the gateway before the office moved to the desk
                change = dict(provider_id=f"wamid.DEMO{message.id:06d}", delivery="read", delivered_at=at,
                              read_at=at + timedelta(minutes=20))
            else:
                change = dict(marked_by=desk, marked_at=at)
            OutboxMessage.update(status="sent", created_at=at, due_at=at, sent_at=at, attempts=1, **change).where(
                OutboxMessage.id == message.id).execute()
    left = list(OutboxMessage.select().where(OutboxMessage.status == "pending").order_by(OutboxMessage.id))
    if len(left) >= 3:
        failed, cancelled, sending = left[0], left[1], left[2]
        OutboxMessage.update(status="failed", attempts=8, last_error=FAILED_ERROR).where(
            OutboxMessage.id == failed.id).execute()
        OutboxMessage.update(status="cancelled", cancel_reason="staff").where(
            OutboxMessage.id == cancelled.id).execute()
        OutboxMessage.update(status="sending", attempts=1, claimed_by="demo-worker",
                             claimed_until=now + timedelta(minutes=5)).where(OutboxMessage.id == sending.id).execute()
