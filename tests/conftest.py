"""Fixtures: a fresh app and migrated database per test, on SQLite and (when marked) PostgreSQL."""
import os
import shutil
from graphlib import TopologicalSorter

import pytest
from cryptography.fernet import Fernet

from portal import create_app
from portal.db import apply_migrations, database, open_database
from portal.security import clear_counter, limiter
from tests.factories import *  # noqa: F401,F403 - factory fixtures

pytest_plugins = ["tests.clock"]
ENCRYPTION_KEY = Fernet.generate_key().decode()


def worker_database_url(url):
    """Under pytest-xdist each worker gets a database of its own beside the one named (test → test_gw0)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base, name = url.rsplit("/", 1)
    own = f"{name}_{worker}"
    server = open_database(url)
    with server.connection_context():
        if not server.execute_sql("SELECT 1 FROM pg_database WHERE datname = %s", (own,)).fetchone():
            server.execute_sql(f'CREATE DATABASE "{own}"')
    server.close_all()
    return f"{base}/{own}"


PG_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing():
    """Strong hashing is slow on purpose; tests need many accounts, not strong ones."""
    import portal.staff.models

    portal.staff.models.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


def pytest_generate_tests(metafunc):
    """Tests marked `engines` run once per database engine (or on the engines it names)."""
    if "engine" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("engines")
        engines = (marker.args or ("sqlite", "postgresql")) if marker else ("sqlite",)
        metafunc.parametrize("engine", engines, indirect=True)


def test_config(url, **extra):
    return {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
        "ENCRYPTION_KEYS": ENCRYPTION_KEY,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": True,  # the limiter is global: say it every time
        "DEMO": False,
        "VERSION_SECONDS": 0,  # every request reads the data version: a test sees its own change at once
        "TWO_FACTOR_ROLES": (),  # tests of the second factor ask for it (tests/staff/test_second_factor.py)
        **extra,
    }


test_config.__test__ = False  # a helper, not a test


def migrate_fresh(url):
    """Build a database from nothing by running every migration."""
    create_app(test_config(url))
    with database.connection_context():
        if not url.startswith("sqlite"):
            assert "test" in url.rsplit("/", 1)[-1], f"refusing to wipe {url}: not a test database"
            database.execute_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        apply_migrations()
    database.obj.close_all() if hasattr(database.obj, "close_all") else database.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """One migrated SQLite file per run; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "portal.sqlite3"
    migrate_fresh(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_migrated():
    """The PostgreSQL test database, migrated from an empty schema once per run."""
    if not PG_URL:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (CI sets it to the local server)")
    url = worker_database_url(PG_URL)
    migrate_fresh(url)
    # Commits wait for no disk flush here: a test database need not survive a power cut, and locks,
    # isolation and constraints work the same.
    db = open_database(url)
    with db.connection_context():
        db.execute_sql(f'ALTER DATABASE "{url.rsplit("/", 1)[-1]}" SET synchronous_commit TO off')
    db.close_all()
    return url


@pytest.fixture
def engine(request):
    return request.param


@pytest.fixture
def database_url(engine, tmp_path, request):
    """A clean, migrated database for this test."""
    if engine == "sqlite":
        path = tmp_path / "portal.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_migrated")
    empty_tables(url)
    return url


_cleaners = {}  # {url: (database handle, its tables in an order safe to delete from)}, kept across tests


def deletion_order(db):
    """The tables, those that point at others first, so deleting in this order breaks no foreign key."""
    tables = [t for t in db.get_tables() if t != "migratehistory"]
    pointed_at_by = {t: set() for t in tables}
    for child, parent in db.execute_sql(
            "SELECT tc.table_name, ccu.table_name FROM information_schema.table_constraints tc "
            "JOIN information_schema.constraint_column_usage ccu USING (constraint_schema, constraint_name) "
            "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'"):
        if child != parent and parent in pointed_at_by:
            pointed_at_by[parent].add(child)
    return list(TopologicalSorter(pointed_at_by).static_order())


def empty_tables(url):
    """Empty the tables the last test wrote to and restart every id at 1. DELETE, because TRUNCATE costs
    ~0.2 s even for a few small tables."""
    if url not in _cleaners:
        db = open_database(url)
        with db.connection_context():
            _cleaners[url] = (db, deletion_order(db))
    db, tables = _cleaners[url]
    with db.connection_context():
        probe = " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in tables)
        used = {name for (name,) in db.execute_sql(probe)}
        if used:
            db.execute_sql("; ".join(f'DELETE FROM "{t}"' for t in tables if t in used))
        # Every id from 1 again, also where a rolled-back insert took one from an empty table.
        names = ", ".join(f"('\"{t}\"')" for t in tables)
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence(t, 'id'), 1, false) FROM (VALUES {names}) AS v(t)")


@pytest.fixture
def config_overrides():
    """Extra settings for one test module or test: override this fixture."""
    return {}


_apps = {}  # {overrides: (app, its settings, its limiter storage)}: building one costs ~0.2 s (URL rules)


@pytest.fixture
def app(request, database_url, config_overrides):
    """The portal on this test's fresh database. Apps are reused across tests with the same overrides: each test
    gets the settings back as built, its own database and empty rate-limit counters. A test that adds routes
    asks for a new one (`@pytest.mark.fresh_app`)."""
    key = repr(sorted(config_overrides.items()))
    cached = _apps.get(key)
    # The limiter is one object per process: an app built elsewhere since (the Redis test) took its storage.
    if request.node.get_closest_marker("fresh_app") or cached is None or cached[2] is not limiter.storage:
        app = create_app(test_config(database_url, **config_overrides))
        _apps[key] = (app, dict(app.config), limiter.storage)
    else:
        app, settings, _ = cached
        app.config.clear()
        app.config.update(settings, DATABASE_URL=database_url)
        database.initialize(open_database(database_url))
        with app.app_context():
            storage = limiter.storage
            for key in {*storage.storage, *storage.events}:
                clear_counter(storage, key)
    # No app context stays pushed: each request gets its own, as in production.
    yield app
    if not database.is_closed():
        database.close()
    if hasattr(database.obj, "close_all"):
        database.obj.close_all()


@pytest.fixture
def app_context(app):
    """For tests that call services directly."""
    with app.test_request_context():
        yield


@pytest.fixture
def sends_email(app):
    """An office that sends email (its SMTP server is not reached until a worker sends)."""
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=2525, SMTP_SECURITY="none", MAIL_FROM="puspaga@contoh.id")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def hx(client):
    """A client whose requests come from htmx."""

    class HtmxClient:
        def get(self, *args, **kwargs):
            return client.get(*args, headers={"HX-Request": "true"}, **kwargs)

        def post(self, *args, **kwargs):
            return client.post(*args, headers={"HX-Request": "true"}, **kwargs)

    return HtmxClient()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(client):
    """Sign in and out as a staff member."""

    class Auth:
        def login(self, staff_or_email, password=PASSWORD):
            email = getattr(staff_or_email, "email", staff_or_email)
            return client.post("/staf/masuk", data={"email": email, "password": password})

        def logout(self):
            return client.post("/staf/keluar")

    return Auth()


@pytest.fixture
def count_queries():
    """Count the SQL statements run inside a `with count_queries() as n:` block (n.value)."""
    import contextlib
    import logging

    class Counter(logging.Handler):
        value = 0

        def emit(self, record):
            self.value += 1

    @contextlib.contextmanager
    def counting():
        logger, handler = logging.getLogger("peewee"), Counter()
        level = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        try:
            yield handler
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)

    return counting
