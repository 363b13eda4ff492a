"""How many working days a unit takes to answer a request: the citizen is told it once the request is sent."""
import peewee as pw


def migrate(migrator, database, fake=False, **kwargs):
    # A database-side default adds the column in place (no table rebuild on SQLite).
    migrator.add_fields("unit", allow_not_null=True,
                        answer_days=pw.IntegerField(default=2, constraints=[pw.SQL("DEFAULT 2")]))


def rollback(migrator, database, fake=False, **kwargs):
    migrator.remove_fields("unit", "answer_days")
