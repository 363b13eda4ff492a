"""Queueing messages: one call puts a WhatsApp message (and an email when known) in the outbox."""
from portal.notify.models import OutboxMessage


def queue_message(topic, obj, unit_id, phone, email, subject, body, attachment=None):
    """Queue `body` for a citizen by WhatsApp, and by email when they gave one.

    `attachment` is (filename, text), e.g. an .ics calendar. Call inside the
    caller's transaction so the message exists exactly when the change does.
    """
    name, data = attachment or ("", "")
    common = dict(unit=unit_id, subject=subject, body=body, attachment_name=name, attachment=data,
                  topic=topic, object_type=obj._meta.table_name, object_id=str(obj._pk))
    OutboxMessage.create(channel="whatsapp", recipient=phone, **common)
    if email:
        OutboxMessage.create(channel="email", recipient=email, **common)
