"""The database: one unbound handle, its models' base, locking and migrations."""
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import peewee as pw
from playhouse.db_url import connect
from peewee_migrate import Router

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# Any constant works; it only has to be the same for every instance.
MIGRATION_LOCK_ID = 727_129

database = pw.DatabaseProxy()


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


def utcnow():
    """The current time as naive UTC, the form every timestamp is stored in."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def open_database(url):
    """Connect a peewee database for a URL: SQLite tuned for concurrency, or pooled PostgreSQL."""
    if url.startswith("sqlite"):
        return connect(
            url,
            timeout=15,
            pragmas={
                "journal_mode": "wal",
                "foreign_keys": 1,
                "busy_timeout": 15000,
                "synchronous": "normal",
            },
        )
    if url.startswith(("postgres://", "postgresql://")):
        url = url.replace("://", "+pool://", 1)
    return connect(url, max_connections=32, stale_timeout=300, timeout=15)


def is_sqlite():
    """True when the portal runs on SQLite."""
    return isinstance(database.obj, pw.SqliteDatabase)


def init_app(app):
    """Bind the database to the app's URL and open a connection per request."""
    database.initialize(open_database(app.config["DATABASE_URL"]))

    @app.before_request
    def _connect():
        database.connect(reuse_if_open=True)

    @app.teardown_appcontext
    def _close(exc):
        if not database.is_closed():
            database.close()


@contextmanager
def write_lock(model, pk):
    """Run a block in one transaction holding the lock that guards row `pk`; yield the row.

    SQLite takes the database write lock up front (BEGIN IMMEDIATE) so two
    writers never read the same state; PostgreSQL locks the guarding row.
    Call it outside any other transaction.
    """
    if is_sqlite():
        with database.atomic("IMMEDIATE"):
            yield model.get_by_id(pk)
    else:
        with database.atomic():
            yield model.select().where(model._meta.primary_key == pk).for_update().get()


def migration_router():
    """The router over the numbered scripts in `migrations/`."""
    return Router(database.obj, migrate_dir=MIGRATIONS)


def apply_migrations():
    """Apply pending migrations; concurrent starters wait for each other on PostgreSQL."""
    router = migration_router()
    if is_sqlite():
        router.run()
        return router.done
    with database.connection_context():
        database.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_ID,))
        try:
            router.run()
        finally:
            database.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_ID,))
    return router.done
