"""Confidential cases, their counsellors, encrypted notes and referrals to other services."""
import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.counseling.models import Appointment
from portal.crypto import EncryptedTextField
from portal.db import BaseModel, utcnow
from portal.inquiries.models import CATEGORIES, Inquiry
from portal.staff.models import Staff
from portal.units.models import Unit

SOURCES = {"inquiry": _l("Dari pengaduan"), "appointment": _l("Dari jadwal konseling"), "walk_in": _l("Datang langsung")}
STATUS_LABELS = {"open": _l("Terbuka"), "closed": _l("Ditutup")}
DESTINATIONS = {
    "uptd_ppa": _l("UPTD PPA"),
    "polisi": _l("Kepolisian (Unit PPA)"),
    "pengadilan_agama": _l("Pengadilan Agama"),
    "dukcapil": _l("Dukcapil"),
    "kesehatan": _l("Layanan kesehatan"),
    "bantuan_hukum": _l("Bantuan hukum"),
    "kua": _l("KUA"),
    "lainnya": _l("Lembaga lain"),
}
REFERRAL_STATUSES = {"sent": _l("Dikirim"), "accepted": _l("Diterima"), "done": _l("Selesai"),
                     "declined": _l("Ditolak")}
REFERRAL_NUMBER_FORMAT = "{seq:03d}/RUJ/PUSPAGA/{unit}/{roman_month}/{year}"


class Case(BaseModel):
    """A counselling case. Who the client is stays in the unit; what they said lives only in encrypted notes."""

    unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
    code = pw.CharField(max_length=16, unique=True)
    source = pw.CharField(max_length=16)
    inquiry = pw.ForeignKeyField(Inquiry, null=True, backref="cases", on_delete="RESTRICT")
    appointment = pw.ForeignKeyField(Appointment, null=True, backref="cases", on_delete="RESTRICT")
    client_name = pw.CharField(max_length=160)
    client_phone = pw.CharField(max_length=20, default="", index=True)
    client_nik = pw.CharField(max_length=16, null=True, index=True)
    gender = pw.CharField(max_length=16)
    age_group = pw.CharField(max_length=16)
    kecamatan = pw.CharField(max_length=80, default="")
    kelurahan = pw.CharField(max_length=80, default="")
    category = pw.CharField(max_length=16, index=True)
    urgent = pw.BooleanField(default=False)  # someone is in danger: from the request or booking, or said at the desk
    status = pw.CharField(max_length=16, default="open", index=True)
    opened_by = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
    opened_at = pw.DateTimeField(default=utcnow, index=True)
    closed_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    closed_at = pw.DateTimeField(null=True)
    anonymised_at = pw.DateTimeField(null=True)

    class Meta:
        table_name = "case_file"  # CASE is an SQL keyword

    @property
    def category_label(self):
        return CATEGORIES.get(self.category, self.category)

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def source_label(self):
        return SOURCES.get(self.source, self.source)

    @classmethod
    def seen_by(cls, staff):
        """Cases a staff member may open: a counsellor those assigned to them (or once written in); a koordinator
        or unit admin the unit's (never the notes' text); an organisation admin all."""
        query = cls.select(cls, Unit).join(Unit)
        if staff.role == "konselor":  # the cases they are on, and those they wrote in (to read their own notes)
            return query.where(cls.id.in_(CaseCounsellor.select(CaseCounsellor.case)
                                          .where(CaseCounsellor.counsellor == staff.id))
                               | cls.id.in_(CaseNote.select(CaseNote.case).where(CaseNote.author == staff.id)))
        return query if staff.is_org_admin else query.where(cls.unit == staff.unit_id)

    def counsellors(self):
        return list(Staff.select().join(CaseCounsellor, on=(CaseCounsellor.counsellor == Staff.id))
                    .where(CaseCounsellor.case == self.id).order_by(Staff.name))


class CaseCounsellor(BaseModel):
    case = pw.ForeignKeyField(Case, backref="assignments", on_delete="CASCADE")
    counsellor = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
    assigned_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("case", "counsellor"), True),)


class CaseNote(BaseModel):
    """A confidential note. Its text is stored only encrypted and shown only to its author and the case's
    counsellors; everyone else sees that it exists and who wrote it."""

    case = pw.ForeignKeyField(Case, backref="notes", on_delete="RESTRICT")
    author = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
    body = EncryptedTextField()
    created_at = pw.DateTimeField(default=utcnow)

class Referral(BaseModel):
    """A referral of a case to another service, with its numbered letter. Its reason, chronology and the services
    already given are stored only encrypted and read under the rule of notes."""

    case = pw.ForeignKeyField(Case, backref="referrals", on_delete="RESTRICT")
    unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
    year = pw.IntegerField()
    seq = pw.IntegerField()
    number = pw.CharField(max_length=120)
    destination = pw.CharField(max_length=24, index=True)
    institution = pw.CharField(max_length=160, default="")  # the named office, e.g. "UPTD PPA Kota Bandung"
    reason = EncryptedTextField()
    chronology = EncryptedTextField()
    services_given = EncryptedTextField(default="")
    consent = pw.BooleanField()
    status = pw.CharField(max_length=16, default="sent", index=True)
    created_by = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
    created_at = pw.DateTimeField(default=utcnow, index=True)
    updated_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("unit", "year", "seq"), True),)

    @property
    def destination_label(self):
        return DESTINATIONS.get(self.destination, self.destination)

    @property
    def status_label(self):
        return REFERRAL_STATUSES.get(self.status, self.status)
