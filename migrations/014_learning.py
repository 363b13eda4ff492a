"""Pre-tests and post-tests of classes: reusable templates per class kind, the test a class uses (its questions
frozen, with the post-test score a certificate needs), and each participant's attempts."""
import peewee as pw


def migrate(migrator, database, fake=False, **kwargs):
    Unit, Staff = migrator.orm["unit"], migrator.orm["staff"]
    Class, Registration = migrator.orm["class"], migrator.orm["registration"]

    @migrator.create_model
    class TestTemplate(pw.Model):
        unit = pw.ForeignKeyField(Unit, on_delete="RESTRICT")
        kind = pw.CharField(max_length=16)
        title = pw.CharField(max_length=160)
        questions = pw.TextField()
        created_at = pw.DateTimeField()

        class Meta:
            legacy_table_names = False
            table_name = "test_template"

    @migrator.create_model
    class ClassTest(pw.Model):
        klass = pw.ForeignKeyField(Class, unique=True, column_name="class_id", on_delete="RESTRICT")
        template = pw.ForeignKeyField(TestTemplate, on_delete="RESTRICT")
        questions = pw.TextField()
        pass_score = pw.SmallIntegerField(null=True)
        active = pw.BooleanField(default=True)

        class Meta:
            legacy_table_names = False
            table_name = "class_test"

    @migrator.create_model
    class TestAttempt(pw.Model):
        registration = pw.ForeignKeyField(Registration, on_delete="RESTRICT")
        stage = pw.CharField(max_length=8)
        score = pw.SmallIntegerField()
        answers = pw.TextField()
        source = pw.CharField(max_length=8, default="online")
        entered_by = pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
        taken_at = pw.DateTimeField()

        class Meta:
            legacy_table_names = False
            table_name = "test_attempt"
            indexes = ((("registration", "stage"), True),)


def rollback(migrator, database, fake=False, **kwargs):
    migrator.remove_model("test_attempt")
    migrator.remove_model("class_test")
    migrator.remove_model("test_template")
