"""Run every benchmark in one go: `make bench`."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.request import urlopen

from bench import certificates, classes, counseling, outbox, reports
from bench.harness import ROOT, compare, serve


def demo_database(folder):
    """A migrated, demo-seeded SQLite database for the portal under test."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
           "PORTAL_DEMO": "1", "FLASK_APP": "wsgi"}
    for command in (["migrate"], ["seed-demo", "--if-empty"]):
        subprocess.run([sys.executable, "-m", "flask", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    return env


PAGES = [("home page /", "/"), ("health check /healthz", "/healthz"),
         (f"/kelas/ ({classes.CLASSES} classes)", "/kelas/")]


def main():
    with tempfile.TemporaryDirectory() as folder:
        env = demo_database(folder)
        klass_id = classes.seed_many_classes(env["DATABASE_URL"])
        slots = counseling.seed_busy_unit(env["DATABASE_URL"])
        year = reports.seed_year(env["DATABASE_URL"])  # last year's rows: the other benches never see them
        with serve("wsgi:app", {**env, "TRUSTED_PROXIES": "1"}) as portal, serve("bench.bare:app") as bare:
            print("gunicorn, 2 workers each, 4 client threads; the bare endpoint returns as many bytes")
            for label, path in PAGES:
                size = len(urlopen(f"http://127.0.0.1:{portal}{path}").read())
                compare(label, portal, path, bare, f"/?bytes={size}")
            classes.compare_registration(portal, bare, klass_id)
            certificates.report(env["DATABASE_URL"], portal, bare)
            counseling.report(env["DATABASE_URL"], portal, bare, *slots)
            reports.report(portal, bare, year)
    outbox.main()


if __name__ == "__main__":
    main()
