"""When a class or its seats last changed: the version the public catalogue is cached under."""
import datetime as dt

import peewee as pw


def migrate(migrator, database, fake=False, **kwargs):
    migrator.add_fields("class", changed_at=pw.DateTimeField(default=dt.datetime.utcnow, index=True))


def rollback(migrator, database, fake=False, **kwargs):
    migrator.drop_index("class", "changed_at")
    migrator.remove_fields("class", "changed_at")
