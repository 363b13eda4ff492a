"""`flask backup` and `flask restore` on both engines: a backup taken while people register is one moment of the
database, restores only into an empty database, and says clearly when the PostgreSQL client programs fail."""
import itertools
import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from portal import create_app
from portal.backup import connection_options
from portal.classes.models import Class
from portal.db import database, open_database
from portal.notify.models import OutboxMessage
from portal.registrations import services as registering
from portal.registrations.models import Registration
from portal.units.models import Unit
from tests.certificates.conftest import closed_class, issue  # noqa: F401 - fixtures used here
from tests.classes.conftest import create_class, held, person, register  # noqa: F401 - fixtures used here
from tests.conftest import test_config

SUFFIX = {"sqlite": "sqlite3", "postgresql": "dump"}
WRITERS = 4
AROUND = 12  # registrations written before the backup starts, and again after it ends


@contextmanager
def app_on(url):
    """The portal built on another database (as another server would run it); the test's own is bound again after."""
    own = database.obj
    other = create_app(test_config(url))
    try:
        yield other
    finally:
        if not database.is_closed():
            database.close()
        database.obj.close_all()
        database.initialize(own)


@pytest.fixture
def empty_database(engine, database_url, tmp_path):
    """A database with nothing in it beside the test's: a SQLite file not made yet (in a folder not made yet), or a
    PostgreSQL database freshly created next to the test database and dropped afterwards."""
    if engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'portal.sqlite3'}"
        return
    base, name = database_url.rsplit("/", 1)
    fresh = f"{name}_restore"
    server = open_database(database_url)

    def drop():
        with server.connection_context():
            server.execute_sql(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

    drop()  # left over from a run that was killed
    with server.connection_context():
        server.execute_sql(f'CREATE DATABASE "{fresh}"')
    yield f"{base}/{fresh}"
    drop()
    server.close_all()


def writing(app, classes):
    """Writers registering new people into the classes through the service until told to stop; each logs the id it
    made with the moments just before it asked and just after the service returned (its transaction committed)."""
    log, errors, stop, numbers = [], [], threading.Event(), itertools.count(1000)

    def write(klass):
        with app.test_request_context():
            try:
                while not stop.is_set():
                    who = person(next(numbers))
                    asked = time.perf_counter()
                    registration, _ = registering.register(klass.id, who)
                    log.append((registration.id, asked, time.perf_counter()))
            except Exception as error:  # noqa: BLE001 - the test shows it
                errors.append(error)
            finally:
                database.close()

    threads = [threading.Thread(target=write, args=(classes[n % len(classes)],)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()

    def wait_for(count):
        deadline = time.monotonic() + 60
        while len(log) < count and not errors and time.monotonic() < deadline:
            time.sleep(0.005)

    def finish():
        stop.set()
        for thread in threads:
            thread.join()
        assert errors == []
        return {made: (asked, returned) for made, asked, returned in log}

    return wait_for, finish


def registrations_of(classes):
    with database.connection_context():
        return {r.id: (r.klass_id, r.code, r.status) for r in
                Registration.select().where(Registration.klass.in_([k.id for k in classes]))}


def migrations():
    with database.connection_context():
        return [name for (name,) in database.execute_sql("SELECT name FROM migratehistory ORDER BY id")]


def verdict(response):
    return response.get_data(as_text=True).split('data-certificate-status="')[1].split('"')[0]


@pytest.mark.engines
def test_a_backup_taken_while_people_register_restores_one_moment_of_the_database(
        app, engine, runner, closed_class, issue, create_class, empty_database, tmp_path):
    certificate = issue(closed_class(completed=2))[0]
    classes = [create_class(capacity=5), create_class(capacity=5)]  # seats, then waiting lists: both kinds of rows
    wait_for, finish = writing(app, classes)
    target = tmp_path / f"while-writing.{SUFFIX[engine]}"

    wait_for(AROUND)
    before, started = len(registrations_of(classes)), time.perf_counter()
    result = runner.invoke(args=["backup", str(target)])
    ended, after = time.perf_counter(), len(registrations_of(classes))
    wait_for(after + AROUND)
    written = finish()
    assert result.exit_code == 0, result.output
    source, source_migrations = registrations_of(classes), migrations()
    assert set(source) == set(written)

    with app_on(empty_database) as restored:
        result = restored.test_cli_runner().invoke(args=["restore", str(target)])
        assert result.exit_code == 0, result.output
        assert f"at migration {source_migrations[-1]}" in result.output
        kept = registrations_of(classes)
        with database.connection_context():
            classes_kept = {k.id for k in Class.select()}
            told = {int(m.object_id) for m in OutboxMessage.select().where(
                OutboxMessage.object_type == "registration", OutboxMessage.object_id.in_([str(i) for i in written]))}

        # One moment: the rows of the writers' transactions that had committed by some instant T while the backup
        # ran, and none after. A write is in the backup only if it began before T (asked < T) and is missing only
        # if it ended after T (returned > T); T exists exactly when the latest start kept is before the earliest
        # end missed. A copy made table by table, or a hole, breaks it.
        assert set(kept) <= set(written) and 0 < len(kept) < len(written)
        latest_start_kept = max(written[i][0] for i in kept)
        earliest_end_missed = min(written[i][1] for i in set(written) - set(kept))
        assert max(latest_start_kept, started) < min(earliest_end_missed, ended)
        assert before <= len(kept) <= after
        assert {i: source[i] for i in kept} == kept  # as they were in the source, row for row
        assert {klass_id for klass_id, _, _ in kept.values()} <= classes_kept  # every registration's class is there
        assert told == set(kept)  # each registration's message, written in its transaction, exactly with it

        # The portal works on the restored database: the certificate issued before verifies, the migrations are
        # the source's with none left to apply, and the next registration gets a new id.
        page = restored.test_client().get(f"/sertifikat/verifikasi/{certificate.code}")
        assert page.status_code == 200 and verdict(page) == "issued" and certificate.holder_name in page.text
        assert migrations() == source_migrations
        assert source_migrations[-1] in restored.test_cli_runner().invoke(args=["migrate"]).output
        with restored.test_request_context():
            registration, created = registering.register(classes[0].id, person(1))
        assert created and registration.id > max(kept)  # ids go on from the backup's (the source's later ones
        # were never in it)


def table_counts():
    with database.connection_context():
        return {t: database.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in database.get_tables()}


@pytest.mark.engines
def test_a_restore_into_a_database_with_data_is_refused_and_changes_nothing(engine, runner, dummy_unit, tmp_path):
    target = tmp_path / f"copy.{SUFFIX[engine]}"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    with database.connection_context():
        Unit.create(name="Puspaga Sesudah", code="SSD", city="Kota", province="Provinsi", address="Jl. 2",
                    timezone="Asia/Jakarta")
    counts, applied = table_counts(), migrations()
    result = runner.invoke(args=["restore", str(target)])
    assert result.exit_code != 0 and "not empty" in result.output and "Nothing was changed" in result.output
    assert table_counts() == counts and migrations() == applied
    with database.connection_context():
        assert sorted(u.code for u in Unit.select()) == ["MKS", "SSD"]


@pytest.mark.engines
def test_a_migrated_database_without_rows_is_not_empty(engine, runner, tmp_path):
    """Its tables would clash with the backup's: restore goes before `flask migrate`, into a database never used."""
    target = tmp_path / f"copy.{SUFFIX[engine]}"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    result = runner.invoke(args=["restore", str(target)])
    assert result.exit_code != 0 and "migrations applied" in result.output and "Nothing was changed" in result.output


def test_a_file_that_is_no_portal_backup_is_refused_and_makes_no_database(tmp_path):
    fresh = tmp_path / "new" / "portal.sqlite3"
    garbage = tmp_path / "notes.sqlite3"
    garbage.write_text("not a database")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as made:
        made.execute("CREATE TABLE notes (text)")
    with app_on(f"sqlite:///{fresh}") as restored:
        for wrong in (garbage, other, tmp_path / "missing.sqlite3"):
            result = restored.test_cli_runner().invoke(args=["restore", str(wrong)])
            assert result.exit_code != 0 and str(wrong) in result.output
    assert not fresh.exists()


def test_backup_copies_the_sqlite_database_into_one_file_only_its_owner_reads(runner, dummy_unit, tmp_path):
    target = tmp_path / "backups" / "copy.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT name FROM unit").fetchall() == [(dummy_unit.name,)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # no -wal file belongs with it
    assert target.stat().st_mode & 0o077 == 0  # it holds personal data
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite3"]


@pytest.mark.engines
def test_a_backup_without_a_name_is_named_for_the_portals_clock_in_utc(app, engine, runner, dummy_unit, clock):
    clock.at(datetime(2027, 1, 1, 0, 30))  # 08.30 WITA on New Year's Day: the name keeps UTC
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    # The clock ticks on.
    (made,) = Path(app.instance_path).glob(f"backup-20270101-0030[0-5][0-9]Z.{SUFFIX[engine]}")
    try:
        assert str(made) in result.output
        assert made.read_bytes()[:5] == (b"PGDMP" if engine == "postgresql" else b"SQLit")  # pg_dump's custom format
    finally:
        made.unlink()


# The PostgreSQL client programs, tried on a portal configured for a server that need not exist: these commands
# reach it only through pg_dump and pg_restore, which the tests replace.
PG_URL = "postgresql://portal:s3cret@db.puspaga.test:6543/puspaga_test?sslmode=require"


@pytest.fixture
def client_programs(tmp_path, monkeypatch):
    """A PATH of programs written by the test: `programs.add(name, script)`; no real pg_dump or pg_restore."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))

    def add(name, script):
        path = folder / name
        path.write_text(f"#!/bin/sh\n{script}\n")
        path.chmod(0o755)

    return add


def test_pg_dump_runs_with_the_portals_connection_and_the_password_only_in_its_environment(client_programs, tmp_path):
    seen = tmp_path / "seen"
    client_programs("pg_dump", f'printf "%s\\n" "$@" > {seen}; echo "$PGPASSWORD" >> {seen}\n'
                               'for a in "$@"; do case "$a" in --file=*) echo PGDMP > "${a#--file=}";; esac; done')
    target = tmp_path / "out" / "nightly.dump"
    with app_on(PG_URL) as portal:
        result = portal.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    *arguments, password = seen.read_text().splitlines()
    assert password == "s3cret" and not [a for a in arguments if "s3cret" in a]
    assert {"--format=custom", "--host=db.puspaga.test", "--port=6543", "--username=portal",
            "--dbname=dbname='puspaga_test' sslmode='require'"} <= set(arguments)
    assert target.read_text() == "PGDMP\n" and sorted(p.name for p in target.parent.iterdir()) == ["nightly.dump"]


def test_a_failing_pg_dump_says_why_and_leaves_no_file(client_programs, tmp_path):
    client_programs("pg_dump", 'for a in "$@"; do case "$a" in --file=*) echo half > "${a#--file=}";; esac; done\n'
                               'echo "pg_dump: error: connection to server failed" >&2; exit 1')
    target = tmp_path / "nightly.dump"
    with app_on(PG_URL) as portal:
        result = portal.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code != 0 and "pg_dump failed: pg_dump: error: connection to server failed" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"]  # neither the final name nor the temporary one


@pytest.mark.parametrize("command, program", [("backup", "pg_dump"), ("restore", "pg_restore")])
def test_a_missing_postgresql_client_program_is_named(client_programs, tmp_path, command, program):
    backup = tmp_path / "nightly.dump"
    if command == "restore":
        backup.write_bytes(b"PGDMP")
    with app_on(PG_URL) as portal:
        result = portal.test_cli_runner().invoke(args=[command, str(backup)])
    assert result.exit_code != 0 and f"{program} was not found" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"] + (["nightly.dump"] if command == "restore" else [])


@pytest.mark.parametrize("url, options", [
    ("postgresql://portal:pw@db:6543/puspaga", ["--host=db", "--port=6543", "--username=portal", "--dbname=puspaga"]),
    ("postgresql:///puspaga", ["--dbname=puspaga"]),  # the rest from libpq's defaults, as the portal connects
    ("postgresql://u@h/x?sslmode=verify-full&application_name=it's",
     ["--host=h", "--username=u", "--dbname=dbname='x' sslmode='verify-full' application_name='it\\'s'"]),
])
def test_connection_options_follow_the_url_and_keep_the_password_out(url, options):
    made, password = connection_options(url)
    assert made == options and password == ("pw" if ":pw@" in url else None)
