"""Units, their images, staff accounts and the audit log."""
import datetime as dt

import peewee as pw

DEFAULT_NUMBER_FORMAT = "{seq:04d}/PUSPAGA/{unit}/{roman_month}/{year}"


def migrate(migrator, database, fake=False, **kwargs):
    @migrator.create_model
    class Unit(pw.Model):
        name = pw.CharField(max_length=160)
        code = pw.CharField(max_length=16, unique=True)
        city = pw.CharField(max_length=120)
        province = pw.CharField(max_length=120)
        address = pw.TextField()
        phone = pw.CharField(max_length=20, default="")
        whatsapp = pw.CharField(max_length=20, default="")
        email = pw.CharField(max_length=254, default="")
        timezone = pw.CharField(max_length=32, default="Asia/Jakarta")
        head_name = pw.CharField(max_length=160, default="")
        head_title = pw.CharField(max_length=160, default="")
        head_nip = pw.CharField(max_length=18, default="")
        certificate_number_format = pw.CharField(max_length=120, default=DEFAULT_NUMBER_FORMAT)
        requires_nik = pw.BooleanField(default=False)
        uptd_ppa_name = pw.CharField(max_length=160, default="")
        uptd_ppa_phone = pw.CharField(max_length=20, default="")
        active = pw.BooleanField(default=True)
        created_at = pw.DateTimeField(default=dt.datetime.utcnow)
        updated_at = pw.DateTimeField(default=dt.datetime.utcnow)

        class Meta:
            legacy_table_names = False
            table_name = "unit"

    @migrator.create_model
    class UnitImage(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="CASCADE")
        kind = pw.CharField(max_length=16)
        png = pw.BlobField()
        sha256 = pw.CharField(max_length=64)
        updated_at = pw.DateTimeField(default=dt.datetime.utcnow)

        class Meta:
            legacy_table_names = False
            table_name = "unit_image"
            indexes = ((("unit", "kind"), True),)

    @migrator.create_model
    class Staff(pw.Model):
        name = pw.CharField(max_length=160)
        email = pw.CharField(max_length=254, unique=True)
        password_hash = pw.CharField(max_length=255)
        role = pw.CharField(max_length=16)
        unit = pw.ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
        active = pw.BooleanField(default=True)
        must_change_password = pw.BooleanField(default=False)
        session_nonce = pw.CharField(max_length=32)
        last_login_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField(default=dt.datetime.utcnow)

        class Meta:
            legacy_table_names = False
            table_name = "staff"
            constraints = [
                pw.Check("role IN ('admin', 'koordinator', 'konselor', 'fasilitator')"),
                pw.Check("role = 'admin' OR unit_id IS NOT NULL"),
            ]

    @migrator.create_model
    class AuditLog(pw.Model):
        created_at = pw.DateTimeField(default=dt.datetime.utcnow, index=True)
        actor = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        unit = pw.ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
        action = pw.CharField(max_length=64, index=True)
        object_type = pw.CharField(max_length=32, default="")
        object_id = pw.CharField(max_length=64, default="")
        ip = pw.CharField(max_length=45, default="")
        detail = pw.CharField(max_length=200, default="")

        class Meta:
            legacy_table_names = False
            table_name = "audit_log"


def rollback(migrator, database, fake=False, **kwargs):
    for table in ("audit_log", "staff", "unit_image", "unit"):
        migrator.remove_model(table)
