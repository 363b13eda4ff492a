"""The satisfaction survey (PermenPAN-RB 14/2017): an invitation per service received, and the answers kept
apart from it (no link from an answer to whoever gave it)."""
import peewee as pw

ELEMENTS = ("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan", "sarana")


def migrate(migrator, database, fake=False, **kwargs):
    Unit, Staff = migrator.orm["unit"], migrator.orm["staff"]

    @migrator.create_model
    class SurveyInvitation(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        service = pw.CharField(max_length=16)
        object_type = pw.CharField(max_length=32)
        object_id = pw.BigIntegerField()
        token = pw.CharField(max_length=64, unique=True)
        created_at = pw.DateTimeField(index=True)
        answered = pw.BooleanField(default=False)

        class Meta:
            legacy_table_names = False
            table_name = "survey_invitation"
            indexes = ((("object_type", "object_id"), True),)

    class SurveyResponse(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        service = pw.CharField(max_length=16)
        source = pw.CharField(max_length=8, default="online")
        served_at = pw.DateTimeField(index=True)
        entered_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        suggestion = pw.TextField(default="")
        age_group = pw.CharField(max_length=8, default="")
        gender = pw.CharField(max_length=16, default="")
        education = pw.CharField(max_length=16, default="")
        occupation = pw.CharField(max_length=16, default="")

        class Meta:
            legacy_table_names = False
            table_name = "survey_response"

    for name in ELEMENTS:
        SurveyResponse._meta.add_field(name, pw.SmallIntegerField(null=True))
    migrator.create_model(SurveyResponse)


def rollback(migrator, database, fake=False, **kwargs):
    migrator.remove_model("survey_response")
    migrator.remove_model("survey_invitation")
