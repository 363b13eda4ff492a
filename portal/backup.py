"""Backups of the whole database and their restore: pg_dump and pg_restore on PostgreSQL, SQLite's online backup
API on SQLite. A backup is one consistent snapshot taken while the portal runs; a restore goes only into an empty
database (no table at all: never migrated, no rows), so it can neither mix two databases nor overwrite one."""
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

from portal.db import MIGRATION_LOCK_ID, database, is_sqlite, utcnow

HISTORY = "migratehistory"  # the table peewee-migrate keeps: a portal database has it from its first migration


class BackupError(Exception):
    """A backup or restore that did not happen, with what the operator should know."""


def default_target(instance_path):
    """instance/backup-<UTC stamp>Z.dump (PostgreSQL) or .sqlite3: UTC from the portal's clock, so names sort."""
    suffix = "sqlite3" if is_sqlite() else "dump"
    return Path(instance_path) / f"backup-{utcnow():%Y%m%d-%H%M%S}Z.{suffix}"


def backup(url, target):
    """Write a snapshot of the database to `target`, under a temporary name until it is complete."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)  # a fresh install may have no instance folder yet
    handle, part = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")  # mode 0600
    os.close(handle)
    try:
        if is_sqlite():
            if not Path(database.obj.database).is_file():
                raise BackupError(f"No database file at {database.obj.database}: nothing to back up.")
            with closing(sqlite3.connect(database.obj.database)) as src, closing(sqlite3.connect(part)) as dst:
                src.backup(dst)  # one step: the whole database as of one moment, writers going on meanwhile
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, read without -wal beside it
        else:
            run_client("pg_dump", url, ["--format=custom", f"--file={part}"])
        with open(part, "rb") as written:
            os.fsync(written.fileno())
        os.replace(part, target)
    finally:
        Path(part).unlink(missing_ok=True)
    return target


def restore(url, source):
    """Load a backup into the configured, empty database; returns the newest migration it holds."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    return restore_sqlite(source) if is_sqlite() else restore_postgresql(url, source)


def restore_sqlite(source):
    """SQLite's online backup API the other way: from the backup file into the configured database file."""
    try:
        with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as src:
            if HISTORY not in tables_of(src):
                raise BackupError(f"{source} has no {HISTORY} table: it is not a portal backup.")
            target = Path(database.obj.database)
            target.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(target)) as dst:
                refuse_unless_empty(tables_of(dst))
                src.backup(dst)
                return newest_migration(dst.execute(f"SELECT name FROM {HISTORY} ORDER BY id"))
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} could not be restored: {error}.") from error


def restore_postgresql(url, source):
    """pg_restore into the empty database, in one transaction: all of the backup or, on any error, nothing."""
    listing = run_client("pg_restore", None, ["--list", str(source)], capture=True)
    if not re.search(rf"^\d+; \d+ \d+ TABLE \S+ {HISTORY} ", listing, re.MULTILINE):
        raise BackupError(f"{source} has no {HISTORY} table: it is not a portal backup.")
    with database.connection_context():
        # Held while pg_restore runs, so a `flask migrate` started meanwhile waits and then finds the migrations.
        database.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_ID,))
        try:
            refuse_unless_empty([name for (name,) in database.execute_sql(
                "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname <> 'information_schema' "
                "AND n.nspname NOT LIKE 'pg\\_%%' ORDER BY 1")])
            run_client("pg_restore", url, ["--no-owner", "--exit-on-error", "--single-transaction", str(source)])
            return newest_migration(database.execute_sql(f"SELECT name FROM {HISTORY} ORDER BY id"))
        finally:
            database.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_ID,))


def tables_of(connection):
    return [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY name")]


def refuse_unless_empty(tables):
    if tables:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        applied = ", migrations applied" if any(t.rsplit(".", 1)[-1] == HISTORY for t in tables) else ""
        raise BackupError(f"The database is not empty: it has {len(tables)} table(s) ({shown}){applied}. A restore "
                          "goes only into an empty database: create a new one, point DATABASE_URL at it and restore "
                          "before running flask migrate. Nothing was changed.")


def newest_migration(rows):
    names = [name for (name,) in rows]
    return names[-1] if names else "(none)"


def connection_options(url):
    """pg_dump/pg_restore options for the portal's own DATABASE_URL, and the password for PGPASSWORD (never an
    argument, which any local user could read): host, port, user and database as the portal connects, the URL's
    other parameters (sslmode=…) as a libpq connection string."""
    parsed = urlparse(url)
    options = [f"--host={parsed.hostname}"] if parsed.hostname else []
    options += [f"--port={parsed.port}"] if parsed.port else []
    options += [f"--username={parsed.username}"] if parsed.username else []
    extra = parse_qsl(parsed.query, keep_blank_values=True)
    name = parsed.path[1:]
    if extra:
        name = " ".join(f"{key}='{quote_value(value)}'" for key, value in [("dbname", name), *extra])
    return [*options, f"--dbname={name}"], parsed.password


def quote_value(value):
    return value.replace("\\", "\\\\").replace("'", "\\'")


def run_client(program, url, arguments, capture=False):
    """Run a PostgreSQL client program, connected as the portal is when `url` is given; its output if captured."""
    path = shutil.which(program)
    if path is None:
        raise BackupError(f"{program} was not found on PATH: install the PostgreSQL client programs "
                          "(Debian: postgresql-client), of the server's major version or newer.")
    options, password = connection_options(url) if url else ([], None)
    env = {**os.environ, "PGPASSWORD": password} if password else None
    done = subprocess.run([path, *options, *arguments], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        said = done.stderr.strip() or f"exit code {done.returncode}"
        raise BackupError(f"{program} failed: {said}")
    return done.stdout if capture else ""
