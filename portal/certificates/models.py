"""Certificates of completed classes, their yearly numbering per unit, and their kept renderings."""
from functools import cache

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.db import BaseModel, database, utcnow
from portal.tokens import looks_like_token
from portal.staff.models import Staff
from portal.units.models import Unit

STATUS_LABELS = {"issued": _l("Berlaku"), "revoked": _l("Dicabut"), "replaced": _l("Diganti")}


class CertificateSequence(BaseModel):
    """The last number used by a unit in a year; its row is the lock that keeps numbers gapless."""

    unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
    year = pw.IntegerField()
    last = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("unit", "year"), True),)

    @classmethod
    def ensure(cls, unit_id, year):
        """Create the year's counter if it is not there yet (before locking it)."""
        cls.insert(unit=unit_id, year=year, last=0).on_conflict_ignore().execute()

    @classmethod
    def of(cls, unit_id, year):
        return cls.select().where(cls.unit == unit_id, cls.year == year)


class Certificate(BaseModel):
    registration = pw.ForeignKeyField(Registration, backref="certificates", on_delete="RESTRICT")
    klass = pw.ForeignKeyField(Class, backref="certificates", column_name="class_id", object_id_name="klass_id",
                               on_delete="RESTRICT")
    unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
    version = pw.IntegerField(default=1)
    year = pw.IntegerField()
    seq = pw.IntegerField()
    number = pw.CharField(max_length=120)
    code = pw.CharField(max_length=16, unique=True)
    # What the document says, kept as issued: a correction is a new version.
    holder_name = pw.CharField(max_length=160)
    partner_name = pw.CharField(max_length=160, default="")
    signer_name = pw.CharField(max_length=160, default="")
    signer_title = pw.CharField(max_length=160, default="")
    signer_nip = pw.CharField(max_length=18, default="")
    status = pw.CharField(max_length=16, default="issued", index=True)
    issued_at = pw.DateTimeField(default=utcnow)
    issued_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    revoked_at = pw.DateTimeField(null=True)
    revoked_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    revoke_reason = pw.CharField(max_length=300, default="")
    replaced_at = pw.DateTimeField(null=True)
    replaced_by = pw.ForeignKeyField("self", null=True, backref="replaces", on_delete="RESTRICT")

    class Meta:
        indexes = (
            (("unit", "year", "seq"), True),
            (("unit", "number"), True),
            (("registration", "version"), True),
        )

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

    @classmethod
    def by_code(cls, code):
        """The certificate a verification code names, with its class and unit, or None."""
        return (cls.select(cls, Class, Unit).join(Class).switch(cls).join(Unit)
                .where(cls.code == code.strip().upper()).first())

    @classmethod
    def by_number(cls, number):
        """Certificates printed with this number, however it is capitalised (more than one only if two units
        share a format)."""
        return list(cls.select(cls.code).where(pw.fn.UPPER(cls.number) == number.strip().upper()).limit(2))

    @classmethod
    def latest_of(cls, registration_id):
        """A registration's newest certificate version, in any state, or None."""
        return cls.select().where(cls.registration == registration_id).order_by(cls.version.desc()).first()

    @classmethod
    def latest_by_registration(cls, klass_id):
        """{registration id: its newest certificate version} for a class."""
        newest = {}
        for certificate in cls.select().where(cls.klass == klass_id).order_by(cls.version):
            newest[certificate.registration_id] = certificate
        return newest

    @classmethod
    def issued_in_class(cls, klass_id):
        """A class's valid certificates in number order: the pages of its batch document."""
        return (cls.select().where(cls.klass == klass_id, cls.status == "issued")
                .order_by(cls.year, cls.seq))

    @classmethod
    def downloadable(cls, registration_id):
        """The valid certificate of a registration with its unit and kept file (`.kept`, if any), in one query."""
        return (cls.select(cls, Unit, CertificateFile)
                .join(Unit).switch(cls).join(CertificateFile, pw.JOIN.LEFT_OUTER, attr="kept")
                .where(cls.registration == registration_id, cls.status == "issued")
                .first())

    def history(self):
        """Every version issued to the same registration, newest first."""
        return (Certificate.select().where(Certificate.registration == self.registration_id)
                .order_by(Certificate.version.desc()))


# Stands for the token in the SQL built once; replaced by the real one on each query.
TOKEN = "(token)"


@cache
def holder_sql(db):
    """The SQL and parameters of `CertificateFile.for_holder` as `db` writes them; TOKEN stands for the token."""
    kept = CertificateFile
    return (kept.select(Certificate.code, Unit.updated_at, kept.key, kept.etag, kept.pdf)
            .join(Certificate).join(Unit).switch(Certificate).join(Registration)
            .where(Registration.token == TOKEN, Certificate.status == "issued")
            .limit(1).sql())


class CertificateFile(BaseModel):
    """A certificate's rendered PDF, kept while its key (template and unit details) still matches."""

    certificate = pw.ForeignKeyField(Certificate, unique=True, on_delete="CASCADE")
    key = pw.CharField(max_length=64)
    etag = pw.CharField(max_length=64)
    pdf = pw.BlobField()
    rendered_at = pw.DateTimeField(default=utcnow)

    @classmethod
    def for_holder(cls, token):
        """What the download from a private link needs when the file is kept, in one narrow query:
        (code, unit's updated_at, key, etag, pdf) of the link's valid certificate, or None.

        The most repeated query of all (every download), so its SQL is built once per database.
        """
        if not looks_like_token(token):
            return None
        sql, params = holder_sql(database.obj)
        row = database.execute_sql(sql, [token if p == TOKEN else p for p in params]).fetchone()
        if row is None:
            return None
        code, unit_updated_at, key, etag, pdf = row
        return code, Unit.updated_at.python_value(unit_updated_at), key, etag, pdf

    @classmethod
    def forget(cls, certificate_ids):
        """Drop kept renderings, e.g. of a revoked or replaced certificate."""
        cls.delete().where(cls.certificate.in_(list(certificate_ids))).execute()
