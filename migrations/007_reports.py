"""Reports: indexes that hold every column a report counts, so a year of a province is read from the index alone."""

# name, table, columns: the unit and time the period selects on first, then what the counts are grouped by.
INDEXES = [
    ("report_appointment", "appointment", "unit_id, starts_at, service_id, mode, status"),
    ("report_registration", "registration", "class_id, status, gender"),
    ("report_certificate", "certificate", "unit_id, issued_at, version, class_id"),
    ("report_inquiry", "inquiry", "unit_id, created_at, category, kecamatan"),
    ("report_case", "case_file", "unit_id, opened_at, category, kecamatan"),
    ("report_referral", "referral", "unit_id, created_at, destination"),
]


def migrate(migrator, database, fake=False, **kwargs):
    for name, table, columns in INDEXES:
        migrator.sql(f'CREATE INDEX {name} ON "{table}" ({columns})')


def rollback(migrator, database, fake=False, **kwargs):
    for name, _table, _columns in reversed(INDEXES):
        migrator.sql(f"DROP INDEX IF EXISTS {name}")
