"""The database: one unbound handle, its models' base, locking and migrations."""
import fcntl
import os
import threading
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from datetime import datetime, timezone
from pathlib import Path

import peewee as pw
from peewee_migrate import Router
from playhouse.db_url import connect
from werkzeug.routing import IntegerConverter

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
        # Pooled, so a request reuses an open connection instead of paying
        # for a new one and its pragmas each time.
        return connect(
            url.replace("sqlite://", "sqlite+pool://", 1),
            max_connections=32,
            stale_timeout=300,
            check_same_thread=False,
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


MAX_ROW_ID = 2**63 - 1


def row_id(text):
    """A row id from a query string (`request.args.get(name, type=row_id)`): a whole number the database can
    hold, else ValueError (so Flask gives None), never an integer too large for the column."""
    value = int(text)
    if not 1 <= value <= MAX_ROW_ID:
        raise ValueError(text)
    return value


class RowId(IntegerConverter):
    """`<id:name>` in a route: an integer the database can hold; anything larger is a 404."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ROW_ID)


def init_app(app):
    """Bind the database to the app's URL. A request takes a pooled connection at its first query (peewee connects
    when asked to run one) and gives it back when it ends: a kept page or a static file never takes one, nor pays
    the pool's check that it is still open (a round trip on PostgreSQL)."""
    database.initialize(open_database(app.config["DATABASE_URL"]))
    app.url_map.converters["id"] = RowId

    @app.teardown_appcontext
    def _close(exc):
        if not database.is_closed():
            database.close()


_holding = ContextVar("write_lock_held", default=False)  # this thread's transaction came from write_lock()


@contextmanager
def write_lock(query, of=None):
    """Run a block in one transaction holding the lock over the rows that guard an invariant.

    SQLite takes the database write lock up front (BEGIN IMMEDIATE) so two
    writers never read the same state; PostgreSQL locks the rows of `query`
    (SELECT … FOR UPDATE), of every table it joins, or only of the model `of`
    (what it joins for reading stays free). Yields those rows, read under the
    lock.

    Entered again inside a held lock, it joins that transaction and locks its
    rows too (SQLite already holds the database), so a service that calls
    another stays one transaction. Inside a transaction it did not open it
    refuses: there SQLite would only open a savepoint, without the lock.
    """
    if database.in_transaction():
        if not _holding.get():
            raise RuntimeError("write_lock() must open the outermost transaction or join another write_lock()")
        yield locked_rows(query, of)
        return
    token = _holding.set(True)
    try:
        with sqlite_writer(), database.atomic("IMMEDIATE") if is_sqlite() else database.atomic():
            yield locked_rows(query, of)
    finally:
        _holding.reset(token)


# Each thread's own descriptor of the lock file (flock excludes threads too), opened in its own process: a
# descriptor inherited through fork shares its lock with the parent.
_writer = threading.local()


def sqlite_writer():
    """SQLite's writers take turns on a lock file beside the database before they ask for its write lock: a writer
    waiting there wakes the moment the other is done, where SQLite's own busy handler sleeps and polls (1, 2, 5,
    10 … ms). Registrations from two workers under load: about 7% more a second, the slowest 1% a quarter sooner.
    PostgreSQL, an in-memory database and writes outside `write_lock` and `claim_rows` go without it."""
    path = getattr(database.obj, "database", "")
    if not is_sqlite() or path in ("", ":memory:") or path.startswith("file:"):
        return nullcontext()
    return _flocked(f"{path}-writer.lock")


@contextmanager
def _flocked(path):
    descriptors = _writer.__dict__.setdefault("descriptors", {})
    key = (os.getpid(), path)
    if key not in descriptors:
        descriptors[key] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptors[key], fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(descriptors[key], fcntl.LOCK_UN)


def change_marks(*tables):
    """What pages kept from these tables depend on, in one query that reads only the ends of indexes, however
    large the tables grow: each table's latest change and its newest row, for (table, change time column) pairs.
    Their rows are never deleted, so a change or a new row always moves a mark."""
    parts = [f'(SELECT MAX({stamp}) FROM "{table}"), (SELECT MAX(id) FROM "{table}")' for table, stamp in tables]
    return database.execute_sql("SELECT " + ", ".join(parts)).fetchone()


@contextmanager
def claim_rows(query):
    """For one of several workers, rows to take for itself in one short transaction: PostgreSQL locks them and
    skips those another worker holds (FOR UPDATE SKIP LOCKED); SQLite takes its write lock, so workers take
    turns. Yields the rows."""
    if database.in_transaction():
        raise RuntimeError("claim_rows() opens its own short transaction")
    with sqlite_writer(), database.atomic("IMMEDIATE") if is_sqlite() else database.atomic():
        yield list(query) if is_sqlite() else list(query.for_update(skip_locked=True))


def locked_rows(query, of=None):
    """The rows of a query, locked on PostgreSQL (SQLite's write lock already covers them)."""
    return list(query) if is_sqlite() else list(query.for_update(of=of))


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
