"""Two-step sign-in for staff: an authenticator app's secret (encrypted at rest), the last time step it was
used (a code works once), and ten single-use recovery codes kept only as hashes."""
import peewee as pw


def migrate(migrator, database, fake=False, **kwargs):
    Staff = migrator.orm["staff"]
    migrator.add_fields(
        "staff",
        totp_secret=pw.TextField(null=True),
        totp_since=pw.DateTimeField(null=True),
        totp_step=pw.BigIntegerField(null=True),
    )

    @migrator.create_model
    class RecoveryCode(pw.Model):
        staff = pw.ForeignKeyField(Staff, on_delete="CASCADE")
        code_hash = pw.CharField(max_length=255)
        used_at = pw.DateTimeField(null=True)

        class Meta:
            legacy_table_names = False
            table_name = "recovery_code"


def rollback(migrator, database, fake=False, **kwargs):
    migrator.remove_model("recovery_code")
    migrator.remove_fields("staff", "totp_secret", "totp_since", "totp_step")
