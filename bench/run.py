"""Run every benchmark in one go: `make bench`."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import ROOT, compare, serve


def demo_database(folder):
    """A migrated, demo-seeded SQLite database for the portal under test."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
           "PORTAL_DEMO": "1", "FLASK_APP": "wsgi"}
    for command in (["migrate"], ["seed-demo", "--if-empty"]):
        subprocess.run([sys.executable, "-m", "flask", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    return env


def main():
    with tempfile.TemporaryDirectory() as folder:
        env = demo_database(folder)
        with serve("wsgi:app", env) as portal:
            size = len(__import__("urllib.request").request.urlopen(f"http://127.0.0.1:{portal}/").read())
            with serve("bench.bare:app", {"BARE_BYTES": str(size)}) as bare:
                print(f"gunicorn, 2 workers, 4 clients; bare endpoint returns {size} bytes like /")
                compare("home page /", portal, "/", bare, "/")
                compare("health check /healthz", portal, "/healthz", bare, "/")


if __name__ == "__main__":
    main()
