"""Data versions: a counter per kind of public data (a unit's counselling times), bumped in the transaction that
changes it, so every process knows at once that what it keeps of that data is out of date."""
import peewee as pw


def migrate(migrator, database, fake=False, **kwargs):
    @migrator.create_model
    class DataVersion(pw.Model):
        name = pw.CharField(max_length=64, unique=True)
        version = pw.BigIntegerField(default=0)

        class Meta:
            legacy_table_names = False
            table_name = "data_version"


def rollback(migrator, database, fake=False, **kwargs):
    migrator.remove_model("data_version")
