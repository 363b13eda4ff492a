"""What can be booked and when: a unit's counselling services, which counsellors give them, their weekly hours and
dates off or extra, and the days the whole unit is closed."""
from datetime import timedelta

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.cache import Store, recent
from portal.db import BaseModel, change_marks, database, utcnow
from portal.staff.models import Staff
from portal.units.models import Unit

_on_offer = Store(256)
MODES = {"offline": _l("Tatap muka"), "video": _l("Video"), "phone": _l("Telepon")}


def mode_list(text):
    """The modes stored as "offline,video" in the order MODES gives them."""
    chosen = set(text.split(","))
    return [mode for mode in MODES if mode in chosen]


class Service(BaseModel):
    """A kind of counselling a unit offers: how long it takes, the rest after it, how it can be held."""

    unit = pw.ForeignKeyField(Unit, backref="services", on_delete="RESTRICT")
    name = pw.CharField(max_length=120)
    description = pw.TextField(default="")
    duration_minutes = pw.IntegerField(default=60)
    buffer_minutes = pw.IntegerField(default=15)
    modes = pw.CharField(max_length=40, default="offline")
    needs_confirmation = pw.BooleanField(default=False)
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("unit", "name"), True),)

    @property
    def mode_list(self):
        return mode_list(self.modes)

    def mode_or_first(self, asked):
        """The mode asked for when the service offers it, else the first it offers."""
        return asked if asked in self.mode_list else self.mode_list[0]

    @property
    def duration(self):
        return timedelta(minutes=self.duration_minutes)

    @property
    def buffer(self):
        return timedelta(minutes=self.buffer_minutes)

    @classmethod
    def of_unit(cls, unit_id, active_only=False):
        """A unit's services by name (only those open for booking, if asked)."""
        query = cls.select().where(cls.unit == unit_id).order_by(cls.name)
        return list(query.where(cls.active == True) if active_only else query)  # noqa: E712

    @classmethod
    def offered(cls):
        """Active services of active units, for the public booking page."""
        return (cls.select(cls, Unit).join(Unit)
                .where(cls.active == True, Unit.active == True)  # noqa: E712
                .order_by(Unit.name, cls.name))

    @classmethod
    def listing_version(cls):
        """What the offered services and their units' settings depend on (every change of a service or a unit sets
        its updated_at)."""
        return recent.get("listing", lambda: change_marks(("service", "updated_at"), ("unit", "updated_at")))

    @classmethod
    def on_offer(cls, service_id):
        """The offered service with its unit, or None; kept per listing version, for every visitor."""
        return _on_offer.get((service_id, cls.listing_version()),
                             lambda: cls.offered().where(cls.id == service_id).first() or False) or None


IDS_GIVING = ("SELECT cs.counsellor_id, cs.modes FROM counsellor_service cs JOIN staff s ON s.id = cs.counsellor_id "
              "WHERE cs.service_id = {p} AND s.active = {p} AND s.unit_id = {p}")


class CounsellorService(BaseModel):
    """A service a counsellor gives, and in which modes."""

    counsellor = pw.ForeignKeyField(Staff, backref="services", on_delete="CASCADE")
    service = pw.ForeignKeyField(Service, backref="counsellors", on_delete="CASCADE")
    modes = pw.CharField(max_length=40)

    class Meta:
        indexes = ((("counsellor", "service"), True),)

    @classmethod
    def ids_giving(cls, service, mode, counsellor_id=None):
        """Ids of the active counsellors of the service's unit who give it in this mode (or just the one asked
        for)."""
        # Written out: the booking pages run it on every request, and building it is most of its cost.
        sql, params = IDS_GIVING.format(p=database.param), [service.id, True, service.unit_id]
        if counsellor_id is not None:
            sql, params = f"{sql} AND cs.counsellor_id = {database.param}", [*params, counsellor_id]
        return sorted(staff_id for staff_id, modes in database.execute_sql(sql, params) if mode in mode_list(modes))

    @classmethod
    def given_by(cls, counsellor_id):
        """The services a counsellor gives, with their modes."""
        return list(cls.select().where(cls.counsellor == counsellor_id))


class WorkingHours(BaseModel):
    """A weekly stretch of a counsellor's time in the unit's local time: work, or a break inside it."""

    counsellor = pw.ForeignKeyField(Staff, backref="hours", on_delete="CASCADE")
    weekday = pw.IntegerField()  # 0 is Monday
    kind = pw.CharField(max_length=8, default="work")
    start = pw.TimeField()
    end = pw.TimeField()

    @classmethod
    def of(cls, counsellor_id):
        return cls.select().where(cls.counsellor == counsellor_id)


class DateException(BaseModel):
    """A date a counsellor is off (leave), or works outside the weekly hours."""

    counsellor = pw.ForeignKeyField(Staff, backref="exceptions", on_delete="CASCADE")
    day = pw.DateField()
    kind = pw.CharField(max_length=8)  # "off" or "extra"
    start = pw.TimeField(null=True)
    end = pw.TimeField(null=True)
    note = pw.CharField(max_length=160, default="")

    class Meta:
        indexes = ((("counsellor", "day"), False),)

    @classmethod
    def of(cls, counsellor_id, since):
        """A counsellor's dates from `since` on, in order."""
        return list(cls.select().where(cls.counsellor == counsellor_id, cls.day >= since).order_by(cls.day))

    @classmethod
    def leave_in(cls, unit_id, first, last, counsellor_id=None):
        """{day: [names]} of a unit's counsellors (or the one given) on leave between two dates."""
        query = (cls.select(cls, Staff).join(Staff)
                 .where(cls.kind == "off", cls.day.between(first, last), Staff.unit == unit_id))
        if counsellor_id:
            query = query.where(cls.counsellor == counsellor_id)
        away = {}
        for leave in query:
            away.setdefault(leave.day, []).append(leave.counsellor.name)
        return away


class ClosedDay(BaseModel):
    """A day the whole unit is closed (a public holiday, say)."""

    unit = pw.ForeignKeyField(Unit, backref="closed_days", on_delete="CASCADE")
    day = pw.DateField()
    reason = pw.CharField(max_length=160, default="")

    class Meta:
        indexes = ((("unit", "day"), True),)

    @classmethod
    def of_unit(cls, unit_id, first=None, last=None):
        """A unit's closed days in order (between two dates, if given)."""
        query = cls.select().where(cls.unit == unit_id).order_by(cls.day)
        return list(query.where(cls.day.between(first, last)) if first else query)
