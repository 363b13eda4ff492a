"""Classes, sessions, facilitators, registrations, attendance, and the message outbox."""
import datetime as dt

import peewee as pw


def migrate(migrator, database, fake=False, **kwargs):
    Unit = migrator.orm["unit"]
    Staff = migrator.orm["staff"]

    @migrator.create_model
    class Class(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        kind = pw.CharField(max_length=16)
        title = pw.CharField(max_length=160)
        description = pw.TextField(default="")
        mode = pw.CharField(max_length=16, default="offline")
        venue = pw.CharField(max_length=240, default="")
        online_link = pw.CharField(max_length=500, default="")
        capacity = pw.IntegerField()
        registration_opens_at = pw.DateTimeField(null=True)
        registration_closes_at = pw.DateTimeField(null=True)
        attendance_minimum = pw.IntegerField(null=True)
        gives_certificate = pw.BooleanField(default=True)
        status = pw.CharField(max_length=16, default="draft", index=True)
        starts_at = pw.DateTimeField(null=True, index=True)
        ends_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField(default=dt.datetime.utcnow)

        class Meta:
            legacy_table_names = False
            table_name = "class"
            constraints = [
                pw.Check("kind IN ('pranikah', 'parenting')"),
                pw.Check("mode IN ('offline', 'online', 'hybrid')"),
                pw.Check("status IN ('draft', 'published', 'cancelled', 'closed')"),
                pw.Check("capacity >= 1"),
            ]

    @migrator.create_model
    class ClassFacilitator(pw.Model):
        klass = pw.ForeignKeyField(Class, column_name="class_id", on_delete="CASCADE")
        staff = pw.ForeignKeyField(Staff, on_delete="RESTRICT")

        class Meta:
            legacy_table_names = False
            table_name = "class_facilitator"
            indexes = ((("klass", "staff"), True),)

    @migrator.create_model
    class ClassSession(pw.Model):
        klass = pw.ForeignKeyField(Class, column_name="class_id", on_delete="CASCADE")
        starts_at = pw.DateTimeField()
        ends_at = pw.DateTimeField()
        topic = pw.CharField(max_length=200)
        speaker = pw.CharField(max_length=160, default="")

        class Meta:
            legacy_table_names = False
            table_name = "class_session"
            constraints = [pw.Check("ends_at > starts_at")]

    @migrator.create_model
    class Registration(pw.Model):
        klass = pw.ForeignKeyField(Class, column_name="class_id", on_delete="RESTRICT")
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
        created_at = pw.DateTimeField(default=dt.datetime.utcnow)
        confirmed_at = pw.DateTimeField(null=True)
        cancelled_at = pw.DateTimeField(null=True)
        cancelled_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        completed_at = pw.DateTimeField(null=True)

        class Meta:
            legacy_table_names = False
            table_name = "registration"
            constraints = [pw.Check(
                "status IN ('confirmed', 'waitlisted', 'cancelled', 'completed', 'not_completed')")]

    @migrator.create_model
    class Attendance(pw.Model):
        registration = pw.ForeignKeyField(Registration, on_delete="RESTRICT")
        session = pw.ForeignKeyField(ClassSession, on_delete="CASCADE")
        present = pw.BooleanField(default=False)
        marked_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        marked_at = pw.DateTimeField(default=dt.datetime.utcnow)

        class Meta:
            legacy_table_names = False
            table_name = "attendance"
            indexes = ((("registration", "session"), True),)

    @migrator.create_model
    class OutboxMessage(pw.Model):
        unit = pw.ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
        channel = pw.CharField(max_length=16)
        recipient = pw.CharField(max_length=254)
        subject = pw.CharField(max_length=200, default="")
        body = pw.TextField()
        attachment_name = pw.CharField(max_length=100, default="")
        attachment = pw.TextField(default="")
        status = pw.CharField(max_length=16, default="pending", index=True)
        attempts = pw.IntegerField(default=0)
        due_at = pw.DateTimeField(default=dt.datetime.utcnow, index=True)
        sent_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField(default=dt.datetime.utcnow)
        topic = pw.CharField(max_length=64, default="")
        object_type = pw.CharField(max_length=32, default="")
        object_id = pw.CharField(max_length=64, default="")

        class Meta:
            legacy_table_names = False
            table_name = "outbox_message"

    # Invariant 2: one live registration per person and class, by phone and by NIK.
    migrator.sql(
        "CREATE UNIQUE INDEX registration_one_active_phone ON registration (class_id, phone) "
        "WHERE status IN ('confirmed', 'waitlisted')"
    )
    migrator.sql(
        "CREATE UNIQUE INDEX registration_one_active_nik ON registration (class_id, nik) "
        "WHERE nik IS NOT NULL AND status IN ('confirmed', 'waitlisted')"
    )


def rollback(migrator, database, fake=False, **kwargs):
    for table in ("outbox_message", "attendance", "registration", "class_session", "class_facilitator", "class"):
        migrator.remove_model(table)
