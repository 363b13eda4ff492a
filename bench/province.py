"""A province's year on PostgreSQL: 50 units, 1,000,000 registrations and 500,000 appointments (issue 15).

The year report for all units, and the public pages under wrk against the bare endpoint as in `make bench`, with
the province's rows in the same database: `make bench-province` (about 15 minutes; most of it seeding). It drops
and makes again the database of BENCH_DATABASE_URL (by default `bench_province` on the local PostgreSQL).
"""
import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from bench import classes, counseling, reports, run, table, wrk
from bench.harness import serve
from bench.throughput import ROUNDS, SideBySide

DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/bench_province"
REPORT_RUNS = 7


def fresh_database(database_url):
    """Drop and create the database the URL names, through the server's `postgres` database."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.startswith("bench"):
        sys.exit(f"refusing to drop {name!r}: the province bench drops only a database named bench…")
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def analyse(database_url):
    """Fresh planner statistics, as autovacuum would have after a year of rows coming in one by one."""
    import psycopg2

    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def main():
    started = time.monotonic()
    database_url = os.environ.get("BENCH_DATABASE_URL", DATABASE_URL)
    print(f"seeding {database_url}…", file=sys.stderr)
    fresh_database(database_url)
    env = run.demo_data(database_url)
    klass_id = classes.seed_many_classes(database_url)
    slots = counseling.seed_busy_unit(database_url)
    seeding = time.monotonic()
    year = reports.seed_year(database_url, reports.PROVINCE)
    analyse(database_url)
    print(f"seeded the province's year in {time.monotonic() - seeding:.0f} s; measuring…", file=sys.stderr)
    with serve("wsgi:app", {**env, "TRUSTED_PROXIES": "1"}) as portal, serve("bench.bare:app") as bare:
        side = SideBySide(portal, bare)
        gets = [side.page(*page) for page in run.pages(side, klass_id, slots)]
        year_report = reports.report(portal, year, reports.PROVINCE, issue_budget=True, runs=REPORT_RUNS)
    print(f"\nPostgreSQL; wrk -t{wrk.THREADS} -c{wrk.CONNECTIONS} -d{wrk.SECONDS}s on loopback, gunicorn 2 sync workers "
          f"for each server, medians of {ROUNDS} rounds alternating with the bare endpoint; "
          f"{time.monotonic() - started:.0f} s in all")
    print(table.render([side.baseline("GET"), *gets, year_report]))


if __name__ == "__main__":
    main()
