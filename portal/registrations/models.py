"""The people in a class: registrations (seats and the waiting list) and their attendance at its sessions."""
import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.classes.models import Class, ClassSession
from portal.db import BaseModel, utcnow
from portal.staff.models import Staff
from portal.tokens import by_token
from portal.validators import to_e164

ACTIVE = ("confirmed", "waitlisted")
SEATED = ("confirmed", "completed", "not_completed")  # who has a seat, before and after closing
REGISTRATION_STATUSES = ("confirmed", "waitlisted", "cancelled", "completed", "not_completed")
STATUS_LABELS = {
    "confirmed": _l("Terdaftar"),
    "waitlisted": _l("Daftar tunggu"),
    "cancelled": _l("Dibatalkan"),
    "completed": _l("Lulus"),
    "not_completed": _l("Tidak lulus"),
}


def stored_phone(text):
    """A whole number as typed ('0812-3456-7890') the way it is stored (+6281234567890); other text as it is."""
    try:
        return to_e164(text)
    except ValueError:
        return text


class Registration(BaseModel):
    klass = pw.ForeignKeyField(Class, backref="registrations", column_name="class_id", object_id_name="klass_id", on_delete="RESTRICT")
    code = pw.CharField(max_length=16, unique=True)
    token = pw.CharField(max_length=64, unique=True)
    status = pw.CharField(max_length=16, index=True)
    source = pw.CharField(max_length=16, default="online")
    name = pw.CharField(max_length=160)
    phone = pw.CharField(max_length=20)
    email = pw.CharField(max_length=254, default="")
    gender = pw.CharField(max_length=16)
    nik = pw.CharField(max_length=16, null=True)
    partner_name = pw.CharField(max_length=160, default="")
    wedding_date = pw.DateField(null=True)
    children_age_groups = pw.CharField(max_length=100, default="")
    consent_version = pw.CharField(max_length=16)
    consent_at = pw.DateTimeField()
    created_at = pw.DateTimeField(default=utcnow)
    confirmed_at = pw.DateTimeField(null=True)
    cancelled_at = pw.DateTimeField(null=True)
    cancelled_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    completed_at = pw.DateTimeField(null=True)
    anonymised_at = pw.DateTimeField(null=True)
    language = pw.CharField(max_length=8, default="id")  # what they read the portal in: their messages' language

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_active(self):
        return self.status in ACTIVE

    def holds_coming_seat(self, now):
        """A confirmed seat in a class that has not ended: what a calendar entry and the online link are for."""
        return self.status == "confirmed" and not self.klass.has_ended(now)

    def waitlist_position(self):
        """1 for the next person to get a seat; None when not waiting."""
        if self.status != "waitlisted":
            return None
        ahead = Registration.waitlist(self.klass_id).where(Registration.id < self.id)
        return ahead.count() + 1

    @classmethod
    def by_token(cls, token):
        return by_token(cls, token)

    @classmethod
    def confirmed_in(cls, klass_id):
        return cls.select().where(cls.klass == klass_id, cls.status == "confirmed")

    @classmethod
    def waitlist(cls, klass_id):
        """Who waits for a seat, first come first served: in the order the class's lock let them in (their id)."""
        return cls.select().where(cls.klass == klass_id, cls.status == "waitlisted").order_by(cls.id)

    @classmethod
    def waitlist_positions(cls, klass_id):
        """{registration id: place in line} in one query."""
        return {reg_id: n for n, (reg_id,) in enumerate(cls.waitlist(klass_id).select(cls.id).tuples(), 1)}

    @classmethod
    def active_for(cls, klass_id, phone, nik=None):
        """The person's live registration in a class (same phone, or same NIK), or None. Most registering find
        none, so the search reads the id alone and only a match reads its row."""
        same_person = cls.phone == phone
        if nik:
            same_person |= cls.nik == nik
        found = cls.select(cls.id).where(cls.klass == klass_id, cls.status.in_(ACTIVE), same_person).scalar()
        return cls.get_by_id(found) if found else None

    @classmethod
    def of_class(cls, klass_id, text="", status=""):
        """A class's registrations for the staff table, searchable by name, phone or code."""
        query = cls.select().where(cls.klass == klass_id).order_by(cls.created_at, cls.id)
        if status:
            query = query.where(cls.status == status)
        text = text.strip()
        if text:
            like = f"%{text}%"
            query = query.where(cls.name.ilike(like) | cls.phone.contains(stored_phone(text)) | cls.code.ilike(like))
        return query


class Attendance(BaseModel):
    registration = pw.ForeignKeyField(Registration, backref="attendance", on_delete="RESTRICT")
    session = pw.ForeignKeyField(ClassSession, backref="attendance", on_delete="CASCADE")
    present = pw.BooleanField(default=False)
    marked_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    marked_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("registration", "session"), True),)

    @classmethod
    def present_counts(cls, klass_id):
        """{registration id: sessions attended} for a class."""
        query = (cls.select(cls.registration, pw.fn.COUNT(cls.id)).join(ClassSession)
                 .where(ClassSession.klass == klass_id, cls.present == True)  # noqa: E712
                 .group_by(cls.registration).tuples())
        return dict(query)

    @classmethod
    def marks(cls, klass_id):
        """{(registration id, session id): present} for a class."""
        query = (cls.select(cls.registration, cls.session, cls.present)
                 .join(ClassSession).where(ClassSession.klass == klass_id).tuples())
        return {(reg_id, session_id): present for reg_id, session_id, present in query}
