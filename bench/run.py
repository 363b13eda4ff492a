"""Run every benchmark in one go and print one table: `make bench`.

Throughput: wrk -t2 -c20 on loopback against gunicorn with 2 sync workers for the portal and 2 for the bare Flask
endpoint, each page in three rounds alternating with the bare one (bench/throughput.py). SQLite, with the demo data,
200 more classes, a busy counselling unit and last year's reports.
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import certificates, classes, counseling, outbox, reports, startup, table, wrk
from bench.harness import ROOT, serve
from bench.throughput import ROUNDS, SideBySide


def demo_database(folder):
    """A migrated, demo-seeded SQLite database for the portal under test."""
    return demo_data(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")


def demo_data(database_url):
    """The portal's environment on a database it has migrated and seeded with the demo."""
    env = {**os.environ, "DATABASE_URL": database_url, "PORTAL_DEMO": "1", "FLASK_APP": "wsgi"}
    for command in (["migrate"], ["seed-demo", "--if-empty"]):
        subprocess.run([sys.executable, "-m", "flask", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    return env


def pages(side, klass_id, slots):
    """The public GET pages with their budgets: ratio to the bare endpoint at least this (issue 15)."""
    service_id, day, _ = slots
    return [
        ("`/healthz`", "/healthz", None, {}),
        ("home `/`", "/", 0.5, {}),
        (f"`/kelas/` ({classes.CLASSES} classes)", "/kelas/", 0.6, {}),
        ("a class page `/kelas/<id>`", f"/kelas/{klass_id}", 0.5, {}),
        ("slots fragment (a day chosen)", counseling.fragment_path(side.portal, service_id, day), 0.3,
         counseling.HTMX),
        ("`/konseling/`", "/konseling/", 0.5, {}),
    ]


def over_http(env, klass_id, slots, year):
    """Every figure measured against the two servers, in the table's order."""
    database_url = env["DATABASE_URL"]
    with serve("wsgi:app", {**env, "TRUSTED_PROXIES": "1"}) as portal, serve("bench.bare:app") as bare:
        side = SideBySide(portal, bare)
        gets = [side.page(*page) for page in pages(side, klass_id, slots)]
        download = certificates.download(side, database_url)
        registration = classes.registration(side, klass_id)  # last: it fills the class measured above
        return [side.baseline("GET"), *gets, download, side.baseline("POST"), registration,
                *certificates.rendering(database_url), counseling.slot_times(database_url, *slots),
                reports.report(portal, year)]


def main():
    started, load = time.monotonic(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        print("seeding the bench database…", file=sys.stderr)
        env = demo_database(folder)
        klass_id = classes.seed_many_classes(env["DATABASE_URL"])
        slots = counseling.seed_busy_unit(env["DATABASE_URL"])
        year = reports.seed_year(env["DATABASE_URL"])  # last year's rows: the other benches never see them
        start = startup.flask_help(env)
        print(f"measuring, {ROUNDS} rounds of {wrk.SECONDS} s for each page and the bare endpoint…", file=sys.stderr)
        rows = over_http(env, klass_id, slots, year)
    rows += [*outbox.measure(), start]
    print(f"\nwrk -t{wrk.THREADS} -c{wrk.CONNECTIONS} -d{wrk.SECONDS}s on loopback, gunicorn 2 sync workers for each "
          f"server, medians of {ROUNDS} rounds alternating with the bare endpoint; SQLite; "
          f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; "
          f"{time.monotonic() - started:.0f} s in all")
    print(table.render(rows))
    print("Budgets: issue 15's, but * the bench's own. Errors: answers not 2xx/3xx and failed connections, "
          "all rounds.")


if __name__ == "__main__":
    main()
