"""The outbox: every message to a citizen waits here until it is sent (DESIGN §7)."""
import peewee as pw

from portal.db import BaseModel, utcnow
from portal.units.models import Unit

CHANNELS = ("whatsapp", "email")
STATUSES = ("pending", "sent", "failed")


class OutboxMessage(BaseModel):
    unit = pw.ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
    channel = pw.CharField(max_length=16)
    recipient = pw.CharField(max_length=254)
    subject = pw.CharField(max_length=200, default="")
    body = pw.TextField()
    attachment_name = pw.CharField(max_length=100, default="")
    attachment = pw.TextField(default="")
    status = pw.CharField(max_length=16, default="pending", index=True)
    attempts = pw.IntegerField(default=0)
    due_at = pw.DateTimeField(default=utcnow, index=True)
    sent_at = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField(default=utcnow)
    topic = pw.CharField(max_length=64, default="")
    object_type = pw.CharField(max_length=32, default="")
    object_id = pw.CharField(max_length=64, default="")

    @classmethod
    def sent_lately(cls, obj, since):
        """Whether anything was queued about this record since a moment (to avoid repeats)."""
        return cls.about(obj).where(cls.created_at >= since).exists()

    @classmethod
    def latest_whatsapp(cls, obj):
        """The newest WhatsApp message about a record, or None: what the record's page may say of delivery."""
        return cls.about(obj).where(cls.channel == "whatsapp").order_by(cls.id.desc()).first()

    @classmethod
    def about(cls, obj):
        """Messages queued about one record, oldest first."""
        return (cls.select()
                .where(cls.object_type == obj._meta.table_name, cls.object_id == str(obj._pk))
                .order_by(cls.id))
