"""When a class or its seats last changed: the version the public catalogue is cached under."""
import peewee as pw


def migrate(migrator, database, fake=False, **kwargs):
    # Added as a plain nullable column and filled in: making it NOT NULL would rebuild the table on SQLite,
    # which trips over the registrations that point at a class. The portal always writes it.
    migrator.add_fields("class", changed_at=pw.DateTimeField(null=True, index=True))
    migrator.sql('UPDATE "class" SET changed_at = CURRENT_TIMESTAMP')


def rollback(migrator, database, fake=False, **kwargs):
    migrator.drop_index("class", "changed_at")
    migrator.remove_fields("class", "changed_at")
