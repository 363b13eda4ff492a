"""Requests from the public (pengaduan / permohonan): what they ask, and every step staff take on it."""
import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.crypto import EncryptedTextField
from portal.db import BaseModel, utcnow
from portal.staff.models import Staff
from portal.units.models import Unit

# What a request or a case is about; reports count by these codes.
CATEGORIES = {
    "pengasuhan": _l("Pengasuhan anak"),
    "hak_asuh": _l("Hak asuh"),
    "perkawinan": _l("Perkawinan dan pranikah"),
    "dokumen": _l("Akta kelahiran dan dokumen"),
    "konflik": _l("Konflik keluarga"),
    "remaja": _l("Remaja"),
    "lainnya": _l("Lainnya"),
}
STATUSES = ("new", "in_review", "answered", "case_opened", "closed")
OPEN = ("new", "in_review")  # what still waits for staff
STATUS_LABELS = {
    "new": _l("Baru"), "in_review": _l("Sedang ditinjau"), "answered": _l("Sudah dijawab"),
    "case_opened": _l("Ditangani konselor"), "closed": _l("Selesai"),
}

EVENT_LABELS = {
    "received": _l("Pengaduan diterima"), "assigned": _l("Ditinjau petugas"), "answered": _l("Dijawab petugas"),
    "case_opened": _l("Diteruskan ke konselor"), "closed": _l("Ditutup"),
}


def normalise_place(text):
    """One spelling of a kecamatan or kelurahan name, so reports count "coblong" and "Coblong " as one."""
    return " ".join((text or "").split()).title()


class Inquiry(BaseModel):
    """A request sent through /pengaduan. The message is specific personal data: stored only encrypted."""

    unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
    code = pw.CharField(max_length=16, unique=True)
    category = pw.CharField(max_length=16, index=True)
    message = EncryptedTextField(null=True)
    name = pw.CharField(max_length=160)
    phone = pw.CharField(max_length=20, index=True)
    kecamatan = pw.CharField(max_length=80, default="")
    urgent = pw.BooleanField(default=False)
    status = pw.CharField(max_length=16, default="new", index=True)
    assigned_to = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    consent_version = pw.CharField(max_length=16)
    consent_at = pw.DateTimeField()
    created_at = pw.DateTimeField(default=utcnow, index=True)
    updated_at = pw.DateTimeField(default=utcnow)
    anonymised_at = pw.DateTimeField(null=True)
    language = pw.CharField(max_length=8, default="id")  # what they read the portal in: their messages' language

    @property
    def category_label(self):
        return CATEGORIES.get(self.category, self.category)

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_open(self):
        return self.status in OPEN

    @classmethod
    def seen_by(cls, staff):
        """Requests a staff member may open: a koordinator or unit admin their unit's, an organisation admin all,
        a counsellor those assigned to them."""
        query = cls.select(cls, Unit).join(Unit)
        if staff.role == "konselor":
            return query.where(cls.assigned_to == staff.id)
        return query if staff.is_org_admin else query.where(cls.unit == staff.unit_id)

    @classmethod
    def inbox(cls, staff, statuses=OPEN):
        """What waits for triage: urgent first, then the oldest; with who follows each up, in the same query."""
        follower = Staff.alias()
        return (cls.seen_by(staff).select_extend(follower).switch(cls)
                .join(follower, pw.JOIN.LEFT_OUTER, on=(cls.assigned_to == follower.id), attr="assigned_to")
                .where(cls.status.in_(list(statuses))).order_by(cls.urgent.desc(), cls.created_at))

    def history(self):
        """Its steps in order, each with who took it."""
        return (InquiryEvent.select(InquiryEvent, Staff).join(Staff, pw.JOIN.LEFT_OUTER)
                .where(InquiryEvent.inquiry == self.id).order_by(InquiryEvent.at, InquiryEvent.id))


class InquiryEvent(BaseModel):
    """One step of a request: received, taken up, answered (the answer goes to the citizen), closed…"""

    inquiry = pw.ForeignKeyField(Inquiry, backref="events", on_delete="CASCADE")
    at = pw.DateTimeField(default=utcnow)
    action = pw.CharField(max_length=16)
    status = pw.CharField(max_length=16)
    actor = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    answer = EncryptedTextField(null=True)  # what the citizen is told, shown on their page
