"""Requests from the public, confidential cases with notes and referrals; when a person's data was erased."""
import datetime as dt

import peewee as pw


def migrate(migrator, database, fake=False, **kwargs):
    Unit = migrator.orm["unit"]
    Staff = migrator.orm["staff"]
    Appointment = migrator.orm["appointment"]

    @migrator.create_model
    class Inquiry(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        code = pw.CharField(max_length=16, unique=True)
        category = pw.CharField(max_length=16, index=True)
        message = pw.TextField(null=True)
        name = pw.CharField(max_length=160)
        phone = pw.CharField(max_length=20, index=True)
        kecamatan = pw.CharField(max_length=80, default="")
        urgent = pw.BooleanField(default=False)
        status = pw.CharField(max_length=16, default="new", index=True)
        assigned_to = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        consent_version = pw.CharField(max_length=16)
        consent_at = pw.DateTimeField()
        created_at = pw.DateTimeField(default=dt.datetime.utcnow, index=True)
        updated_at = pw.DateTimeField(default=dt.datetime.utcnow)
        anonymised_at = pw.DateTimeField(null=True)

        class Meta:
            legacy_table_names = False
            table_name = "inquiry"
            constraints = [pw.Check("status IN ('new', 'in_review', 'answered', 'case_opened', 'closed')")]

    @migrator.create_model
    class InquiryEvent(pw.Model):
        inquiry = pw.ForeignKeyField(Inquiry, on_delete="CASCADE")
        at = pw.DateTimeField(default=dt.datetime.utcnow)
        action = pw.CharField(max_length=16)
        status = pw.CharField(max_length=16)
        actor = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        answer = pw.TextField(null=True)

        class Meta:
            legacy_table_names = False
            table_name = "inquiry_event"

    @migrator.create_model
    class Case(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        code = pw.CharField(max_length=16, unique=True)
        source = pw.CharField(max_length=16)
        inquiry = pw.ForeignKeyField(Inquiry, null=True, on_delete="RESTRICT")
        appointment = pw.ForeignKeyField(Appointment, null=True, on_delete="RESTRICT")
        client_name = pw.CharField(max_length=160)
        client_phone = pw.CharField(max_length=20, default="", index=True)
        client_nik = pw.CharField(max_length=16, null=True, index=True)
        gender = pw.CharField(max_length=16)
        age_group = pw.CharField(max_length=16)
        kecamatan = pw.CharField(max_length=80, default="")
        kelurahan = pw.CharField(max_length=80, default="")
        category = pw.CharField(max_length=16, index=True)
        urgent = pw.BooleanField(default=False)
        status = pw.CharField(max_length=16, default="open", index=True)
        opened_by = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
        opened_at = pw.DateTimeField(default=dt.datetime.utcnow, index=True)
        closed_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        closed_at = pw.DateTimeField(null=True)
        anonymised_at = pw.DateTimeField(null=True)

        class Meta:
            legacy_table_names = False
            table_name = "case_file"
            constraints = [pw.Check("status IN ('open', 'closed')"),
                           pw.Check("source IN ('inquiry', 'appointment', 'walk_in')")]

    @migrator.create_model
    class CaseCounsellor(pw.Model):
        case = pw.ForeignKeyField(Case, on_delete="CASCADE")
        counsellor = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
        assigned_at = pw.DateTimeField(default=dt.datetime.utcnow)

        class Meta:
            legacy_table_names = False
            table_name = "case_counsellor"
            indexes = ((("case", "counsellor"), True),)

    @migrator.create_model
    class CaseNote(pw.Model):
        case = pw.ForeignKeyField(Case, on_delete="RESTRICT")
        author = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
        body = pw.TextField()
        created_at = pw.DateTimeField(default=dt.datetime.utcnow)

        class Meta:
            legacy_table_names = False
            table_name = "case_note"

    @migrator.create_model
    class Referral(pw.Model):
        case = pw.ForeignKeyField(Case, on_delete="RESTRICT")
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        year = pw.IntegerField()
        seq = pw.IntegerField()
        number = pw.CharField(max_length=120)
        destination = pw.CharField(max_length=24, index=True)
        institution = pw.CharField(max_length=160, default="")
        reason = pw.TextField()
        chronology = pw.TextField()
        services_given = pw.TextField(default="")
        consent = pw.BooleanField()
        status = pw.CharField(max_length=16, default="sent", index=True)
        created_by = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
        created_at = pw.DateTimeField(default=dt.datetime.utcnow, index=True)
        updated_at = pw.DateTimeField(default=dt.datetime.utcnow)

        class Meta:
            legacy_table_names = False
            table_name = "referral"
            indexes = ((("unit", "year", "seq"), True),)
            constraints = [pw.Check("status IN ('sent', 'accepted', 'done', 'declined')")]

    # Erasing a person (on request or by the retention rule) anonymises their rows and says when.
    migrator.add_fields("registration", anonymised_at=pw.DateTimeField(null=True))
    migrator.add_fields("appointment", anonymised_at=pw.DateTimeField(null=True))
    # Reports read a unit's classes by start time (their other indexes are in 007).
    migrator.sql('CREATE INDEX class_unit_starts ON "class" (unit_id, starts_at)')


def rollback(migrator, database, fake=False, **kwargs):
    migrator.sql("DROP INDEX IF EXISTS class_unit_starts")
    migrator.remove_fields("appointment", "anonymised_at")
    migrator.remove_fields("registration", "anonymised_at")
    for table in ("referral", "case_note", "case_counsellor", "case_file", "inquiry_event", "inquiry"):
        migrator.remove_model(table)
