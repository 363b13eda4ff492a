"""Finding a person's data: phone numbers, NIKs and message addresses looked up without reading whole tables."""

INDEXES = {
    "registration_phone": "registration (phone)",
    "registration_nik": "registration (nik)",
    "appointment_phone": "appointment (phone)",
    "outbox_message_recipient": "outbox_message (recipient)",
}


def migrate(migrator, database, fake=False, **kwargs):
    for name, columns in INDEXES.items():
        migrator.sql(f"CREATE INDEX {name} ON {columns}")


def rollback(migrator, database, fake=False, **kwargs):
    for name in INDEXES:
        migrator.sql(f"DROP INDEX IF EXISTS {name}")
