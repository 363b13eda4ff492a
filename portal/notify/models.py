"""The outbox: every message to a citizen waits here until it is sent, and keeps what became of it (DESIGN §7)."""
import json
from urllib.parse import quote

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.db import BaseModel, utcnow
from portal.notify.messages import TOPICS
from portal.staff.models import Staff
from portal.units.models import Unit
from portal.validators import deliverable, international

CHANNELS = {"whatsapp": _l("WhatsApp"), "email": _l("Email")}
STATUSES = {  # what a message is now
    "pending": _l("Menunggu dikirim"), "sending": _l("Sedang dikirim"), "sent": _l("Terkirim"),
    "failed": _l("Gagal"), "cancelled": _l("Dibatalkan"),
}
DELIVERY = {"delivered": _l("Sampai"), "read": _l("Dibaca"), "failed": _l("Tidak sampai")}  # as WhatsApp tells it
WAITING = ("pending", "sending")
CANCEL_REASONS = {  # why a message was taken out of line, as staff read it
    "superseded": _l("Digantikan kabar yang lebih baru."),
    "too_late": _l("Pengingat sudah lewat waktunya."),
    "session_removed": _l("Sesinya dihapus dari jadwal."),
    "undeliverable": _l("Nomor ini tidak bisa menerima pesan (dihapus atau tidak sah)."),
    "erased": _l("Data orangnya sudah dihapus."),
    "staff": _l("Dibatalkan petugas."),
    "legacy": _l("Dibuat sebelum pesan dapat dikirim, dengan teks lama; tidak dikirim."),
}
DESK_FILTERS = {"waiting": _l("Perlu dikirim atau gagal"), **STATUSES}


class OutboxMessage(BaseModel):
    unit = pw.ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
    channel = pw.CharField(max_length=16)
    recipient = pw.CharField(max_length=254)
    subject = pw.CharField(max_length=200, default="")
    body = pw.TextField()  # the text as rendered for its language, what the desk sends
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
    language = pw.CharField(max_length=8, default="id")
    params = pw.TextField(default="{}")  # the topic's parameters, what a WhatsApp template is filled with
    priority = pw.IntegerField(default=0)  # higher first: urgent topics head the desk's list
    claimed_by = pw.CharField(max_length=64, default="")  # the worker sending it now
    claimed_until = pw.DateTimeField(null=True)  # its lease: after this, another worker may try again
    last_error = pw.CharField(max_length=300, default="")
    provider_id = pw.CharField(max_length=128, default="", index=True)  # the gateway's id of the message
    delivery = pw.CharField(max_length=16, default="")  # delivered, read or failed, as the webhook tells
    delivered_at = pw.DateTimeField(null=True)
    read_at = pw.DateTimeField(null=True)
    marked_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")  # who sent it by hand from the desk
    marked_at = pw.DateTimeField(null=True)
    cancel_reason = pw.CharField(max_length=160, default="")
    dedupe_key = pw.CharField(max_length=160, null=True, unique=True)  # queues a reminder once
    expires_at = pw.DateTimeField(null=True)  # not sent after this (a reminder once its time is near)

    class Meta:
        indexes = ((("status", "due_at"), False),)  # what the workers look for

    @property
    def parameters(self):
        return json.loads(self.params or "{}")

    @property
    def wa_link(self):
        """Opens WhatsApp on staff's phone with the text filled in, to this number."""
        if not deliverable(self.recipient):
            return ""
        return f"https://wa.me/{international(self.recipient)}?text={quote(self.body, safe='')}"

    @property
    def topic_label(self):
        return TOPICS[self.topic].label if self.topic in TOPICS else self.topic

    @property
    def status_label(self):
        return STATUSES.get(self.status, self.status)

    @property
    def cancel_label(self):
        return CANCEL_REASONS.get(self.cancel_reason, self.cancel_reason)

    @property
    def delivery_label(self):
        return DELIVERY.get(self.delivery, self.delivery)

    @property
    def channel_label(self):
        return CHANNELS.get(self.channel, self.channel)

    @classmethod
    def sent_lately(cls, obj, since):
        """Whether anything was queued about this record since a moment (to avoid repeats)."""
        return cls.about(obj).where(cls.created_at >= since).exists()

    @classmethod
    def latest_whatsapp(cls, obj):
        """The newest WhatsApp message about a record (not a reminder, which waits for its day), or None: what
        the record's page may say of delivery (nothing, when that one was cancelled)."""
        return (cls.about(obj).where(cls.channel == "whatsapp", ~cls.topic.startswith("reminder."))
                .order_by(cls.id.desc()).first())

    @classmethod
    def about(cls, obj):
        """Messages queued about one record, oldest first."""
        return (cls.select()
                .where(cls.object_type == obj._meta.table_name, cls.object_id == str(obj._pk))
                .order_by(cls.id))

    @classmethod
    def due(cls, channels, now):
        """What a worker may claim now: pending and due, or claimed by a worker whose lease ran out."""
        waiting = ((cls.status == "pending") & (cls.due_at <= now)) | (
            (cls.status == "sending") & (cls.claimed_until < now))
        return (cls.select().where(cls.channel.in_(list(channels)), waiting)
                .order_by(cls.priority.desc(), cls.due_at, cls.id))

    @classmethod
    def seen_by(cls, staff):
        """Messages a koordinator or unit admin may handle: their unit's; an organisation admin's, all."""
        query = cls.select(cls, Unit).join(Unit, pw.JOIN.LEFT_OUTER)
        return query if staff.is_org_admin else query.where(cls.unit == staff.unit_id)

    @classmethod
    def in_hand(cls, now):
        """What staff may still send by hand, retry or cancel: waiting, failed, or claimed by a worker that is
        gone (its lease over)."""
        return cls.status.in_(("pending", "failed")) | ((cls.status == "sending") & (cls.claimed_until < now))

    @classmethod
    def desk(cls, staff, status="waiting", topic="", channel="", now=None):
        """The desk's list: waiting (pending, failed, or left by a worker that is gone) by default, urgent topics
        first, then by due time."""
        query = cls.seen_by(staff)
        if status == "waiting":
            query = query.where(cls.in_hand(now or utcnow()))
        elif status:
            query = query.where(cls.status == status)
        if topic:
            query = query.where(cls.topic == topic)
        if channel:
            query = query.where(cls.channel == channel)
        return query.order_by(cls.priority.desc(), cls.due_at, cls.id)
