"""Certificates with their yearly number sequence per unit, and the kept rendering of each."""
import datetime as dt

import peewee as pw


def migrate(migrator, database, fake=False, **kwargs):
    Unit = migrator.orm["unit"]
    Staff = migrator.orm["staff"]
    Class = migrator.orm["class"]
    Registration = migrator.orm["registration"]

    @migrator.create_model
    class CertificateSequence(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        year = pw.IntegerField()
        last = pw.IntegerField(default=0)

        class Meta:
            legacy_table_names = False
            table_name = "certificate_sequence"
            indexes = ((("unit", "year"), True),)

    @migrator.create_model
    class Certificate(pw.Model):
        registration = pw.ForeignKeyField(Registration, on_delete="RESTRICT")
        klass = pw.ForeignKeyField(Class, column_name="class_id", on_delete="RESTRICT")
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        version = pw.IntegerField(default=1)
        year = pw.IntegerField()
        seq = pw.IntegerField()
        number = pw.CharField(max_length=120)
        code = pw.CharField(max_length=16, unique=True)
        holder_name = pw.CharField(max_length=160)
        partner_name = pw.CharField(max_length=160, default="")
        signer_name = pw.CharField(max_length=160, default="")
        signer_title = pw.CharField(max_length=160, default="")
        signer_nip = pw.CharField(max_length=18, default="")
        status = pw.CharField(max_length=16, default="issued", index=True)
        issued_at = pw.DateTimeField(default=dt.datetime.utcnow)
        issued_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        revoked_at = pw.DateTimeField(null=True)
        revoked_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        revoke_reason = pw.CharField(max_length=300, default="")
        replaced_at = pw.DateTimeField(null=True)
        replaced_by = pw.ForeignKeyField("self", null=True, on_delete="RESTRICT")

        class Meta:
            legacy_table_names = False
            table_name = "certificate"
            indexes = (
                (("unit", "year", "seq"), True),
                (("unit", "number"), True),
                (("registration", "version"), True),
            )
            constraints = [pw.Check("status IN ('issued', 'revoked', 'replaced')"), pw.Check("seq >= 1")]

    @migrator.create_model
    class CertificateFile(pw.Model):
        certificate = pw.ForeignKeyField(Certificate, unique=True, on_delete="CASCADE")
        key = pw.CharField(max_length=64)
        etag = pw.CharField(max_length=64)
        pdf = pw.BlobField()
        rendered_at = pw.DateTimeField(default=dt.datetime.utcnow)

        class Meta:
            legacy_table_names = False
            table_name = "certificate_file"

    # Invariant 5: at most one valid certificate per registration.
    migrator.sql("CREATE UNIQUE INDEX certificate_one_issued ON certificate (registration_id) WHERE status = 'issued'")


def rollback(migrator, database, fake=False, **kwargs):
    for table in ("certificate_file", "certificate", "certificate_sequence"):
        migrator.remove_model(table)
