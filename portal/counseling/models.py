"""Counselling: the appointments citizens book and their history. The services and counsellors' time they are
booked into are portal.availability.models."""
from bisect import bisect_left
from dataclasses import replace
from datetime import time, timedelta

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.availability.models import MODES, DateException, Service, WorkingHours
from portal.counseling import slots
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
    language = pw.CharField(max_length=8, default="id")  # what they read the portal in: their messages' language

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
    def coming(cls, start, end):
        """Confirmed appointments that begin between two moments, with their unit and service."""
        return (cls.select(cls, Unit, Service).join(Unit).switch(cls).join(Service)
                .where(cls.status == "confirmed", cls.starts_at > start, cls.starts_at <= end))

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


class Time:
    """The counsellors' hours, dates off or extra and busy spans for local days first..last, read in one go.

    `skip` is an appointment to leave out of the busy time (the one being moved).
    """

    def __init__(self, counsellor_ids, first_day, last_day, tz_name, skip=None):
        self.ids, self.tz = counsellor_ids, tz_name
        hours, exceptions, self.busy = {}, {}, {staff_id: [] for staff_id in counsellor_ids}
        for row in WorkingHours.select().where(WorkingHours.counsellor.in_(counsellor_ids)):
            hours.setdefault(row.counsellor_id, []).append(row)
        for row in DateException.select().where(DateException.counsellor.in_(counsellor_ids),
                                                DateException.day.between(first_day, last_day)):
            exceptions.setdefault(row.counsellor_id, []).append(row)
        start, end = self.bounds(first_day - timedelta(1)), self.bounds(last_day + timedelta(1))
        taken = Appointment.busy(counsellor_ids, start[0], end[1]).select(
            Appointment.id, Appointment.counsellor, Appointment.starts_at, Appointment.blocked_until)
        for appointment_id, staff_id, starts_at, blocked_until in taken.order_by(Appointment.starts_at).tuples():
            if appointment_id != skip:
                self.busy[staff_id].append(slots.Span(starts_at, blocked_until))
        self.starts = {staff_id: [span.start for span in spans] for staff_id, spans in self.busy.items()}
        self.calendars = []
        for staff_id in counsellor_ids:
            own, dates = hours.get(staff_id, []), exceptions.get(staff_id, [])
            self.calendars.append(slots.Calendar(
                hours=tuple(slots.Hours(h.weekday, h.start, h.end) for h in own if h.kind == "work"),
                breaks=tuple(slots.Hours(h.weekday, h.start, h.end) for h in own if h.kind == "break"),
                days_off=frozenset(d.day for d in dates if d.kind == "off"),
                extra=tuple((d.day, d.start, d.end) for d in dates if d.kind == "extra" and d.start and d.end),
                key=staff_id,
            ))

    def bounds(self, day):
        """A local day as UTC [start, end)."""
        return slots.to_utc(day, time(0), self.tz), slots.to_utc(day + timedelta(1), time(0), self.tz)

    def of_day(self, day, counts=None):
        """The calendars with only the busy time near `day` (what the engine checks each slot against)."""
        start, end = self.bounds(day)
        near = []
        for calendar in self.calendars:
            spans, starts = self.busy[calendar.key], self.starts[calendar.key]
            # Spans are sorted by start and none is longer than a day.
            first, last = bisect_left(starts, start - timedelta(days=1)), bisect_left(starts, end)
            near.append(replace(calendar, busy=tuple(spans[first:last]),
                                appointments_this_week=(counts or {}).get(calendar.key, 0)))
        return near


def booked_that_week(counsellor_ids, day, tz_name):
    """How many active appointments each counsellor has in the local week (Monday to Sunday) of `day`."""
    monday = day - timedelta(day.weekday())
    start, end = slots.to_utc(monday, time(0), tz_name), slots.to_utc(monday + timedelta(7), time(0), tz_name)
    query = (Appointment.select(Appointment.counsellor, pw.fn.COUNT(Appointment.id))
             .where(Appointment.counsellor.in_(counsellor_ids), Appointment.status.in_(ACTIVE),
                    Appointment.starts_at >= start, Appointment.starts_at < end)
             .group_by(Appointment.counsellor))
    return dict(query.tuples())


def changes_of(unit_id):
    """The data version (portal.cache) of a unit's counselling times: every booking change and availability edit
    bumps it."""
    return f"counseling:{unit_id}"
