"""Counselling: services, counsellors' weekly hours and date exceptions, closed days, appointments and their history."""
import datetime as dt

import peewee as pw

ACTIVE = "status IN ('pending', 'confirmed')"


def migrate(migrator, database, fake=False, **kwargs):
    Unit = migrator.orm["unit"]
    Staff = migrator.orm["staff"]

    # With a database-side default the columns are added in place: no table rebuild on SQLite, which would
    # trip over the rows that point at a unit.
    migrator.add_fields(
        "unit", allow_not_null=True,
        booking_notice_hours=pw.IntegerField(default=24, constraints=[pw.SQL("DEFAULT 24")]),
        booking_horizon_days=pw.IntegerField(default=30, constraints=[pw.SQL("DEFAULT 30")]),
        cancel_cutoff_hours=pw.IntegerField(default=12, constraints=[pw.SQL("DEFAULT 12")]),
    )

    @migrator.create_model
    class Service(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        name = pw.CharField(max_length=120)
        description = pw.TextField(default="")
        duration_minutes = pw.IntegerField(default=60)
        buffer_minutes = pw.IntegerField(default=15)
        modes = pw.CharField(max_length=40, default="offline")
        needs_confirmation = pw.BooleanField(default=False)
        active = pw.BooleanField(default=True)
        created_at = pw.DateTimeField(default=dt.datetime.utcnow)
        updated_at = pw.DateTimeField(default=dt.datetime.utcnow)

        class Meta:
            legacy_table_names = False
            table_name = "service"
            indexes = ((("unit", "name"), True),)
            constraints = [pw.Check("duration_minutes BETWEEN 15 AND 240"), pw.Check("buffer_minutes BETWEEN 0 AND 120")]

    @migrator.create_model
    class CounsellorService(pw.Model):
        counsellor = pw.ForeignKeyField(Staff, on_delete="CASCADE")
        service = pw.ForeignKeyField(Service, on_delete="CASCADE")
        modes = pw.CharField(max_length=40)

        class Meta:
            legacy_table_names = False
            table_name = "counsellor_service"
            indexes = ((("counsellor", "service"), True),)

    @migrator.create_model
    class WorkingHours(pw.Model):
        counsellor = pw.ForeignKeyField(Staff, on_delete="CASCADE")
        weekday = pw.IntegerField()
        kind = pw.CharField(max_length=8, default="work")
        start = pw.TimeField()
        end = pw.TimeField()

        class Meta:
            legacy_table_names = False
            table_name = "working_hours"
            constraints = [pw.Check("weekday BETWEEN 0 AND 6"), pw.Check("kind IN ('work', 'break')"),
                           pw.Check('start < "end"')]

    @migrator.create_model
    class DateException(pw.Model):
        counsellor = pw.ForeignKeyField(Staff, on_delete="CASCADE")
        day = pw.DateField()
        kind = pw.CharField(max_length=8)
        start = pw.TimeField(null=True)
        end = pw.TimeField(null=True)
        note = pw.CharField(max_length=160, default="")

        class Meta:
            legacy_table_names = False
            table_name = "date_exception"
            indexes = ((("counsellor", "day"), False),)
            constraints = [pw.Check("kind IN ('off', 'extra')")]

    @migrator.create_model
    class ClosedDay(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="CASCADE")
        day = pw.DateField()
        reason = pw.CharField(max_length=160, default="")

        class Meta:
            legacy_table_names = False
            table_name = "closed_day"
            indexes = ((("unit", "day"), True),)

    @migrator.create_model
    class Appointment(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        service = pw.ForeignKeyField(Service, on_delete="RESTRICT")
        counsellor = pw.ForeignKeyField(Staff, on_delete="RESTRICT")
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
        concern = pw.TextField(null=True)
        urgent = pw.BooleanField(default=False)
        video_link = pw.CharField(max_length=300, default="")
        source = pw.CharField(max_length=16, default="online")
        booked_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        consent_version = pw.CharField(max_length=16)
        consent_at = pw.DateTimeField()
        created_at = pw.DateTimeField(default=dt.datetime.utcnow)
        confirmed_at = pw.DateTimeField(null=True)
        cancelled_at = pw.DateTimeField(null=True)
        cancelled_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        cancel_reason = pw.CharField(max_length=300, default="")
        finished_at = pw.DateTimeField(null=True)

        class Meta:
            legacy_table_names = False
            table_name = "appointment"
            indexes = ((("counsellor", "starts_at"), False),)
            constraints = [
                pw.Check("status IN ('pending', 'confirmed', 'completed', 'no_show', 'cancelled')"),
                pw.Check("mode IN ('offline', 'video', 'phone')"),
                pw.Check("starts_at < ends_at AND ends_at <= blocked_until"),
            ]

    @migrator.create_model
    class AppointmentChange(pw.Model):
        appointment = pw.ForeignKeyField(Appointment, on_delete="CASCADE")
        action = pw.CharField(max_length=16)
        at = pw.DateTimeField(default=dt.datetime.utcnow)
        actor = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        starts_at = pw.DateTimeField(null=True)
        counsellor = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")

        class Meta:
            legacy_table_names = False
            table_name = "appointment_change"

    # Backstop for invariant 3 (the lock in services is the guarantee): one active appointment per counsellor and start.
    migrator.sql(f"CREATE UNIQUE INDEX appointment_one_active_start ON appointment (counsellor_id, starts_at) WHERE {ACTIVE}")


def rollback(migrator, database, fake=False, **kwargs):
    migrator.sql("DROP INDEX IF EXISTS appointment_one_active_start")
    for table in ("appointment_change", "appointment", "closed_day", "date_exception", "working_hours",
                  "counsellor_service", "service"):
        migrator.remove_model(table)
    migrator.remove_fields("unit", "booking_notice_hours", "booking_horizon_days", "cancel_cutoff_hours")
