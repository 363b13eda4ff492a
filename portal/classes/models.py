"""Classes (pre-marriage and parenting), who runs them, and their sessions. The people in a class are
portal.registrations.models."""
from contextlib import contextmanager

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.cache import recent
from portal.db import BaseModel, change_marks, database, utcnow, write_lock
from portal.errors import RuleError
from portal.staff.models import Staff
from portal.units.models import Unit

KINDS = {"pranikah": _l("Kelas Persiapan Pernikahan"), "parenting": _l("Kelas Parenting")}
MODES = {"offline": _l("Tatap muka"), "online": _l("Daring (online)"), "hybrid": _l("Tatap muka dan daring")}
CLASS_STATUSES = ("draft", "published", "cancelled", "closed")
CLASS_STATUS_LABELS = {
    "draft": _l("Draf"), "published": _l("Terbit"), "cancelled": _l("Dibatalkan"), "closed": _l("Ditutup"),
}
RUNNING = ("draft", "published")  # a class still being prepared or held: its details, sessions and seats change
MAX_SEATS = 1000
SEATS_RULE = _l("Isi antara 1 dan 1000.")  # what a seat count outside 1..MAX_SEATS is told
class Class(BaseModel):
    unit = pw.ForeignKeyField(Unit, backref="classes", on_delete="RESTRICT")
    kind = pw.CharField(max_length=16)
    title = pw.CharField(max_length=160)
    description = pw.TextField(default="")
    mode = pw.CharField(max_length=16, default="offline")
    venue = pw.CharField(max_length=240, default="")
    online_link = pw.CharField(max_length=500, default="")
    capacity = pw.IntegerField()
    registration_opens_at = pw.DateTimeField(null=True)
    registration_closes_at = pw.DateTimeField(null=True)
    attendance_minimum = pw.IntegerField(null=True)  # None: every session
    gives_certificate = pw.BooleanField(default=True)
    status = pw.CharField(max_length=16, default="draft", index=True)
    starts_at = pw.DateTimeField(null=True, index=True)  # first session, kept by the services
    ends_at = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField(default=utcnow)
    changed_at = pw.DateTimeField(default=utcnow, index=True)  # details or seats; versions the catalogue

    class Meta:
        table_name = "class"

    @classmethod
    @contextmanager
    def locked(cls, klass_id):
        """The class's write lock, under which seats, the waiting list and attendance change (invariants 1, 2, 4);
        yields the class rows read under it, each with its unit (which its messages name; not locked, so the unit's
        other classes go on), and marks the class changed."""
        with write_lock(cls.select(cls, Unit).join(Unit).where(cls.id == klass_id), of=cls) as rows:
            cls.touch(klass_id)
            yield rows

    @classmethod
    def managed_by(cls, staff, klass_id):
        """The class, with its seat count, if this staff member runs or manages it; else None."""
        return cls.run_by(staff).where(cls.id == klass_id).first()

    def check_running(self, field=None):
        """Refuse changing seats or sessions of a class that is cancelled or closed (told on `field`, if given)."""
        if self.status not in RUNNING:
            raise RuleError(field, _l("Kelas ini sudah dibatalkan atau ditutup."))

    @property
    def status_label(self):
        return CLASS_STATUS_LABELS.get(self.status, self.status)

    @classmethod
    def touch(cls, klass_id):
        """Note that a class or its seats changed, so cached catalogue pages are rebuilt."""
        cls.update(changed_at=utcnow()).where(cls.id == klass_id).execute()

    @classmethod
    def catalogue_version(cls):
        """What the public catalogue depends on (every change of a class, its seats or a unit moves it)."""
        return recent.get("catalogue", lambda: change_marks(("class", "changed_at"), ("unit", "updated_at")))

    @classmethod
    def page_version(cls, klass_id):
        """What a public class page depends on (its class row and unit changed, its status), in one cheap query;
        None for a draft or a class that does not exist."""
        param = database.param
        return recent.get(("class", klass_id), lambda: database.execute_sql(
            f'SELECT c.changed_at, c.status, u.updated_at FROM "class" c JOIN unit u ON u.id = c.unit_id '
            f"WHERE c.id = {param} AND c.status != {param}", (klass_id, "draft")).fetchone())

    @property
    def kind_label(self):
        return KINDS.get(self.kind, self.kind)

    @property
    def mode_label(self):
        return MODES.get(self.mode, self.mode)

    def confirmed_count(self):
        from portal.registrations.models import Registration  # a registration points at its class

        return self.registrations.where(Registration.status == "confirmed").count()

    def facilitator_staff(self):
        """The staff who run this class, by name."""
        return list(Staff.select().join(ClassFacilitator).where(ClassFacilitator.klass == self.id).order_by(Staff.name))

    def waitlist_count(self):
        from portal.registrations.models import Registration  # a registration points at its class

        return self.registrations.where(Registration.status == "waitlisted").count()

    def seats_left(self):
        return max(self.capacity - self.confirmed_count(), 0)

    def has_ended(self, now):
        """True once the last session is over (a class without sessions never ends)."""
        return self.ends_at is not None and now >= self.ends_at

    def registration_state(self, now):
        """Whether citizens can register now, or why not: 'open', 'not_yet' (its window opens later),
        'window_closed', 'started', 'closed' (held and closed), 'cancelled' or 'draft'."""
        if self.status != "published":
            return self.status
        if self.starts_at and now >= self.starts_at:
            return "started"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if self.registration_closes_at and now > self.registration_closes_at:
            return "window_closed"
        return "open"

    def is_open_for_registration(self, now):
        """Published, inside its registration window, and not started yet."""
        return self.registration_state(now) == "open"

    @classmethod
    def with_confirmed(cls, *columns):
        """Classes (all columns, or those named) with their unit and the count of seats taken in one query: those
        confirmed, and once a class is closed, those who completed it or not."""
        from portal.registrations.models import SEATED, Registration  # a registration points at its class

        confirmed = (Registration.select(pw.fn.COUNT(Registration.id))
                     .where(Registration.klass == cls.id, Registration.status.in_(SEATED)))
        return cls.select(*(columns or (cls, Unit)), confirmed.alias("confirmed")).join(Unit)

    @classmethod
    def for_registration_form(cls):
        """Classes with what their registration form asks: their kind, their unit's NIK rule and time zone."""
        return cls.select(cls.id, cls.kind, Unit.id, Unit.requires_nik, Unit.timezone).join(Unit)

    @classmethod
    def card_columns(cls):
        """What a class card shows; fewer columns make the catalogue query cheap to build and read."""
        return (cls.id, cls.title, cls.kind, cls.mode, cls.capacity, cls.starts_at, cls.status,
                Unit.id, Unit.name, Unit.timezone)

    @classmethod
    def upcoming(cls, now):
        """Published classes that have not started, soonest first, as cards."""
        return (cls.with_confirmed(*cls.card_columns())
                .where(cls.status == "published", cls.starts_at > now)
                .order_by(cls.starts_at, cls.id))

    @classmethod
    def catalogue(cls, now, kind="", mode="", unit_id=None, month=None):
        """The public catalogue with its filters; month is a [start, end) pair of UTC datetimes."""
        query = cls.upcoming(now)
        if kind:
            query = query.where(cls.kind == kind)
        if mode:
            query = query.where(cls.mode == mode)
        if unit_id:
            query = query.where(cls.unit == unit_id)
        if month:
            start, end = month
            query = query.where(cls.starts_at >= start, cls.starts_at < end)
        return query

    @classmethod
    def run_by(cls, staff):
        """Classes a staff member may manage: a facilitator only those they run."""
        query = cls.with_confirmed().order_by(cls.starts_at.desc(nulls="LAST"), cls.id.desc())
        if staff.is_org_admin:
            return query
        query = query.where(cls.unit == staff.unit_id)
        if staff.role == "fasilitator":
            query = query.where(cls.id.in_(
                ClassFacilitator.select(ClassFacilitator.klass).where(ClassFacilitator.staff == staff.id)))
        return query


class ClassFacilitator(BaseModel):
    klass = pw.ForeignKeyField(Class, backref="facilitators", column_name="class_id", object_id_name="klass_id", on_delete="CASCADE")
    staff = pw.ForeignKeyField(Staff, backref="facilitated", on_delete="RESTRICT")

    class Meta:
        indexes = ((("klass", "staff"), True),)


    @classmethod
    def candidates(cls, unit_ids, keep=()):
        """Active facilitators and counsellors of these units, and whoever is already chosen."""
        able = Staff.active & Staff.role.in_(("fasilitator", "konselor")) & Staff.unit.in_(unit_ids)
        return list(Staff.select(Staff, Unit).join(Unit).where(able | Staff.id.in_(list(keep))).order_by(Staff.name))


class ClassSession(BaseModel):
    klass = pw.ForeignKeyField(Class, backref="sessions", column_name="class_id", object_id_name="klass_id", on_delete="CASCADE")
    starts_at = pw.DateTimeField()
    ends_at = pw.DateTimeField()
    topic = pw.CharField(max_length=200)
    speaker = pw.CharField(max_length=160, default="")

    @classmethod
    def of(cls, klass_id):
        return cls.select().where(cls.klass == klass_id).order_by(cls.starts_at, cls.id)

    def has_started(self, now):
        return now >= self.starts_at

    @classmethod
    def coming(cls, start, end):
        """Sessions of published classes that begin between two moments, with their class and unit."""
        return (cls.select(cls, Class, Unit).join(Class).join(Unit)
                .where(Class.status == "published", cls.starts_at > start, cls.starts_at <= end))
