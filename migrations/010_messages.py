"""Messages that reach people: what the outbox keeps to send a message by any channel and know what became of it
(its topic's parameters and language, a worker's lease, the gateway's id, delivery, who sent it from the desk,
why it was cancelled, a key that queues a reminder once), the language each citizen used, and each unit's
reminder settings."""
import peewee as pw

# Added with database-side defaults, so the columns go in place (no table rebuild on SQLite).
TEXT = dict(constraints=[pw.SQL("DEFAULT ''")], default="")


def migrate(migrator, database, fake=False, **kwargs):
    Staff = migrator.orm["staff"]
    migrator.add_fields(
        "outbox_message", allow_not_null=True,
        language=pw.CharField(max_length=8, default="id", constraints=[pw.SQL("DEFAULT 'id'")]),
        params=pw.TextField(default="{}", constraints=[pw.SQL("DEFAULT '{}'")]),
        priority=pw.IntegerField(default=0, constraints=[pw.SQL("DEFAULT 0")]),
        claimed_by=pw.CharField(max_length=64, **TEXT),
        last_error=pw.CharField(max_length=300, **TEXT),
        provider_id=pw.CharField(max_length=128, **TEXT),
        delivery=pw.CharField(max_length=16, **TEXT),
        cancel_reason=pw.CharField(max_length=160, **TEXT),
    )
    migrator.add_fields(
        "outbox_message",
        claimed_until=pw.DateTimeField(null=True),
        delivered_at=pw.DateTimeField(null=True),
        read_at=pw.DateTimeField(null=True),
        marked_at=pw.DateTimeField(null=True),
        marked_by=pw.ForeignKeyField(Staff, null=True, on_delete="RESTRICT", field=Staff.id),
        dedupe_key=pw.CharField(max_length=160, null=True),
        expires_at=pw.DateTimeField(null=True),
    )
    # Nothing sent the messages queued until now, and their texts are the old ones (a counselling service's
    # name, a request's whole answer): they are kept, not sent.
    migrator.sql("UPDATE outbox_message SET status = 'cancelled', cancel_reason = 'legacy' WHERE status = 'pending'")
    migrator.sql("CREATE UNIQUE INDEX outbox_message_dedupe_key ON outbox_message (dedupe_key)")
    migrator.sql("CREATE INDEX outbox_message_status_due_at ON outbox_message (status, due_at)")
    migrator.sql("CREATE INDEX outbox_message_provider_id ON outbox_message (provider_id)")
    for table in ("registration", "appointment", "inquiry"):
        migrator.add_fields(table, allow_not_null=True,
                            language=pw.CharField(max_length=8, default="id", constraints=[pw.SQL("DEFAULT 'id'")]))
    migrator.add_fields(
        "unit", allow_not_null=True,
        remind_day_before=pw.BooleanField(default=True, constraints=[pw.SQL("DEFAULT TRUE")]),
        remind_two_hours=pw.BooleanField(default=True, constraints=[pw.SQL("DEFAULT TRUE")]),
    )


def rollback(migrator, database, fake=False, **kwargs):
    for name in ("outbox_message_dedupe_key", "outbox_message_status_due_at", "outbox_message_provider_id",
                 "outbox_message_marked_by_id"):
        migrator.sql(f"DROP INDEX IF EXISTS {name}")
    migrator.remove_fields("unit", "remind_day_before", "remind_two_hours")
    for table in ("registration", "appointment", "inquiry"):
        migrator.remove_fields(table, "language")
    migrator.remove_fields("outbox_message", "language", "params", "priority", "claimed_by", "last_error",
                           "provider_id", "delivery", "cancel_reason", "claimed_until", "delivered_at", "read_at",
                           "marked_at", "marked_by", "dedupe_key", "expires_at")
