"""The database module: migrations on both engines and the write lock that guards invariants."""
import threading
import time

import peewee as pw
import pytest

from portal.classes.models import Class
from portal.db import BaseModel, apply_migrations, database, is_sqlite, migration_router, write_lock
from portal.staff.models import Staff
from portal.units.models import Unit
from tests.classes.conftest import create_class, person, register  # noqa: F401 - fixtures used here

pytestmark = pytest.mark.engines


def all_models():
    """Every model of the package (the `app` fixture has imported them all with its blueprints)."""
    found, pending = [], list(BaseModel.__subclasses__())
    while pending:
        model = pending.pop()
        found.append(model)
        pending.extend(model.__subclasses__())
    return [m for m in found if m.__module__.startswith("portal.")]



def test_migrations_build_every_model_column(app):
    with database.connection_context():
        for model in all_models():
            columns = {c.name for c in database.get_columns(model._meta.table_name)}
            assert set(model._meta.columns) <= columns, model


def test_migrations_build_every_model_index(app):
    with database.connection_context():
        for model in all_models():
            built = {index.name for index in database.get_indexes(model._meta.table_name)}
            expected = {index._name for index in model._meta.fields_to_index()}
            assert expected <= built, model


def test_migrations_roll_back_and_apply_again(app):
    with database.connection_context():
        router = migration_router()
        applied = list(router.done)
        while router.done:
            router.rollback()
        assert set(database.get_tables()) <= {"migratehistory"}
        apply_migrations()
        assert migration_router().done == applied
        assert "staff" in database.get_tables()


def test_the_latest_migrations_apply_to_a_database_holding_data(app, dummy_staff, create_staff, create_class,
                                                                register):
    """Upgrading a live database: rows point at the tables the newest migrations change (unit, class)."""
    create_staff(role="konselor")
    register(create_class(), person(1))
    with database.connection_context():
        router = migration_router()
        newest = [name for name in router.done if name >= "003"]
        for _ in newest:
            router.rollback()
        apply_migrations()
        assert migration_router().done[-len(newest):] == newest
        assert Staff.select().count() == 2


@pytest.mark.engines("sqlite")
def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    assert is_sqlite()
    with database.connection_context():
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_the_database_refuses_a_staff_role_it_does_not_know(app, dummy_unit):
    with pytest.raises(pw.IntegrityError), database.atomic():
        Staff.insert(name="x", email="x@x.id", password_hash="x", role="raja", unit=dummy_unit,
                     session_nonce="n").execute()


class Counter(BaseModel):
    value = pw.IntegerField(default=0)


@pytest.fixture
def counter(app):
    with database.connection_context():
        database.create_tables([Counter])
    row = Counter.create()
    yield row
    with database.connection_context():
        database.drop_tables([Counter])


def test_write_lock_serialises_read_modify_write(app, counter):
    """Without the lock these increments would overwrite each other."""
    workers, rounds = 8, 5
    barrier = threading.Barrier(workers)

    def bump():
        barrier.wait()
        for _ in range(rounds):
            with write_lock(Counter.select().where(Counter.id == counter.id)) as (row,):
                seen = row.value
                time.sleep(0.002)
                Counter.update(value=seen + 1).where(Counter.id == row.id).execute()
        database.close()

    threads = [threading.Thread(target=bump) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter.get_by_id(counter.id).value == workers * rounds


def test_sqlite_writers_in_other_processes_wait_at_the_lock_file(app, counter):
    """A process holding only the lock file (no SQLite lock) keeps this one's `write_lock` out until it lets go:
    the turn is taken there, so the waiter wakes at once instead of in SQLite's sleeping busy handler."""
    if not is_sqlite():
        pytest.skip("PostgreSQL locks rows; there is no lock file")
    import multiprocessing

    path = f"{database.obj.database}-writer.lock"
    holding, release = multiprocessing.Event(), multiprocessing.Event()
    other = multiprocessing.get_context("fork").Process(target=hold_file_lock, args=(path, holding, release))
    other.start()
    try:
        assert holding.wait(10)
        entered = threading.Event()

        def write():
            with write_lock(Counter.select().where(Counter.id == counter.id)):
                entered.set()
            database.close()

        writer = threading.Thread(target=write)
        writer.start()
        assert not entered.wait(0.3)  # SQLite itself is free: only the file keeps it out
        release.set()
        assert entered.wait(10)
        writer.join()
    finally:
        release.set()
        other.join(10)


def hold_file_lock(path, holding, release):
    import fcntl
    import os

    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    holding.set()
    release.wait(10)
    fcntl.flock(descriptor, fcntl.LOCK_UN)


@pytest.mark.engines("postgresql")
def test_a_class_lock_leaves_its_unit_and_the_units_other_classes_free(app, create_class):
    """A class is read under its lock with its unit, but only the class row is locked: registering for another
    class of the unit, or the office saving the unit's settings, goes on meanwhile (lock_timeout refuses a wait)."""
    first, second = create_class(), create_class()
    holding, release = threading.Event(), threading.Event()

    def hold():
        with app.app_context(), Class.locked(first.id) as (klass,):
            assert "unit" in klass.__rel__ and klass.unit.id == first.unit_id  # read with the class, not after
            holding.set()
            release.wait(10)
        database.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(10)
        database.execute_sql("SET lock_timeout = '2s'")
        with Class.locked(second.id) as (other,):
            assert other.unit.name
        Unit.update(name="Puspaga Uji Baru").where(Unit.id == first.unit_id).execute()
    finally:
        database.execute_sql("RESET lock_timeout")
        release.set()
        holder.join()


def test_write_lock_rolls_back_on_error(app, counter):
    with pytest.raises(RuntimeError):
        with write_lock(Counter.select().where(Counter.id == counter.id)):
            Counter.update(value=99).where(Counter.id == counter.id).execute()
            raise RuntimeError("boom")
    assert Counter.get_by_id(counter.id).value == 0


def test_write_lock_refuses_to_nest(app, counter):
    """Nested, SQLite would quietly open a savepoint without the lock."""
    with database.atomic():
        with pytest.raises(RuntimeError):
            with write_lock(Counter.select()):
                pass


def test_write_lock_entered_again_joins_the_held_transaction(app, counter):
    """One service calling another under the lock stays one transaction: a failure undoes both."""
    with pytest.raises(RuntimeError, match="inner"):
        with write_lock(Counter.select().where(Counter.id == counter.id)):
            Counter.update(value=1).where(Counter.id == counter.id).execute()
            with write_lock(Counter.select().where(Counter.id == counter.id)) as (row,):
                assert row.value == 1  # the outer transaction's own write, read under the same lock
                Counter.update(value=2).where(Counter.id == counter.id).execute()
                raise RuntimeError("inner")
    assert Counter.get_by_id(counter.id).value == 0
    with write_lock(Counter.select()):
        with write_lock(Counter.select()):
            Counter.update(value=3).execute()
        assert database.in_transaction()  # the inner block closed nothing
    assert Counter.get_by_id(counter.id).value == 3


def test_messages_queued_before_sending_existed_are_kept_and_not_sent(app, create_class, register):
    """Nothing sent them, and their texts are the old ones (a service's name, a whole answer): 010 cancels what
    still waited, so a newly started worker does not send months of stale messages."""
    from portal.notify.models import OutboxMessage

    register(create_class(), person(1))
    with database.connection_context():
        router = migration_router()
        while router.done[-1] != "009_answer_days":  # back to 009, with the confirmation still pending as it was
            router.rollback()
        apply_migrations()
        message = OutboxMessage.get()
    assert message.status == "cancelled" and message.cancel_reason == "legacy"
