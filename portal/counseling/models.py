"""Counselling: the appointments citizens book and their history. The services and counsellors' time they are
booked into are portal.availability.models."""
import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.availability.models import MODES, Service
from portal.crypto import EncryptedTextField
from portal.db import BaseModel, utcnow
from portal.tokens import by_token
from portal.staff.models import Staff
from portal.units.models import Unit

FOR_WHOM = {"self": _l("Diri sendiri"), "child": _l("Anak"), "couple": _l("Pasangan")}
STATUSES = ("pending", "confirmed", "completed", "no_show", "cancelled")
ACTIVE = ("pending", "confirmed")  # what holds a counsellor's time (DESIGN.md invariant 3)
STATUS_LABELS = {
    "pending": _l("Menunggu konfirmasi"), "confirmed": _l("Terkonfirmasi"), "completed": _l("Selesai"),
    "no_show": _l("Tidak hadir"), "cancelled": _l("Dibatalkan"),
}


class Appointment(BaseModel):
    """A booked counselling session. It holds its counsellor's time from start to `blocked_until` (buffer included)."""

    unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
    service = pw.ForeignKeyField(Service, on_delete="RESTRICT")
    counsellor = pw.ForeignKeyField(Staff, backref="appointments", on_delete="RESTRICT")
    mode = pw.CharField(max_length=8)
    starts_at = pw.DateTimeField()
    ends_at = pw.DateTimeField()
    blocked_until = pw.DateTimeField()
    status = pw.CharField(max_length=16, index=True)
    code = pw.CharField(max_length=16, unique=True)
    token = pw.CharField(max_length=64, unique=True)
    name = pw.CharField(max_length=160)
    phone = pw.CharField(max_length=20)
    email = pw.CharField(max_length=254, default="")
    for_whom = pw.CharField(max_length=8)
    gender = pw.CharField(max_length=16)
    age_group = pw.CharField(max_length=16)
    concern = EncryptedTextField(null=True)
    urgent = pw.BooleanField(default=False)
    video_link = pw.CharField(max_length=300, default="")
    source = pw.CharField(max_length=16, default="online")
    booked_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    consent_version = pw.CharField(max_length=16)
    consent_at = pw.DateTimeField()
    created_at = pw.DateTimeField(default=utcnow)
    confirmed_at = pw.DateTimeField(null=True)
    cancelled_at = pw.DateTimeField(null=True)
    cancelled_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    cancel_reason = pw.CharField(max_length=300, default="")
    finished_at = pw.DateTimeField(null=True)
    anonymised_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = ((("counsellor", "starts_at"), False),)

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_active(self):
        return self.status in ACTIVE

    @classmethod
    def busy(cls, counsellor_ids, start, end):
        """Active appointments of these counsellors that hold any time in [start, end)."""
        return cls.select().where(cls.counsellor.in_(list(counsellor_ids)), cls.status.in_(ACTIVE),
                                  cls.starts_at < end, cls.blocked_until > start)

    @classmethod
    def by_token(cls, token):
        return by_token(cls, token)

    @classmethod
    def seen_by(cls, staff):
        """Appointments a staff member may open: a counsellor their own, a koordinator or unit admin the
        unit's, an organisation admin all; with service, unit and counsellor loaded."""
        query = cls.select(cls, Service, Unit, Staff).join(Service).switch(cls).join(Unit).switch(cls).join(
            Staff, on=(cls.counsellor == Staff.id))
        if staff.role == "konselor":
            return query.where(cls.counsellor == staff.id)
        if staff.is_org_admin:
            return query
        return query.where(cls.unit == staff.unit_id)

    @classmethod
    def schedule(cls, staff, start, end, counsellor_id=None):
        """What a staff member sees between two UTC times: urgent first, then by start."""
        query = cls.seen_by(staff).where(cls.starts_at >= start, cls.starts_at < end)
        if counsellor_id:
            query = query.where(cls.counsellor == counsellor_id)
        return query.order_by(cls.starts_at, cls.id)

    @classmethod
    def needing_action(cls, staff, now):
        """Pending requests and urgent bookings still to come, urgent first, soonest first."""
        return (cls.seen_by(staff)
                .where(cls.status.in_(ACTIVE), cls.ends_at > now, (cls.status == "pending") | (cls.urgent == True))  # noqa: E712
                .order_by(cls.urgent.desc(), cls.starts_at))

    @property
    def mode_label(self):
        return MODES.get(self.mode, self.mode)

    @property
    def for_whom_label(self):
        return FOR_WHOM.get(self.for_whom, self.for_whom)

    def history(self):
        """Its changes in order, each with who made it and the counsellor it went to, in one query."""
        actor, counsellor = Staff.alias(), Staff.alias()
        return (AppointmentChange.select(AppointmentChange, actor, counsellor)
                .join(actor, pw.JOIN.LEFT_OUTER, on=(AppointmentChange.actor == actor.id), attr="actor")
                .switch(AppointmentChange)
                .join(counsellor, pw.JOIN.LEFT_OUTER, on=(AppointmentChange.counsellor == counsellor.id),
                      attr="counsellor")
                .where(AppointmentChange.appointment == self.id)
                .order_by(AppointmentChange.at, AppointmentChange.id))


class AppointmentChange(BaseModel):
    """One step in an appointment's history: booked, rescheduled, confirmed, reassigned, cancelled…"""

    appointment = pw.ForeignKeyField(Appointment, backref="changes", on_delete="CASCADE")
    action = pw.CharField(max_length=16)
    at = pw.DateTimeField(default=utcnow)
    actor = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    starts_at = pw.DateTimeField(null=True)
    counsellor = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
