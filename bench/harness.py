"""Serve the portal and the bare endpoint under gunicorn (two sync workers each, as measured), and the portal in
this process for seeding and timing without HTTP."""
import http.client
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# gunicorn.conf.py, as in production: each request's line is masked and written, here where nobody reads it.
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--workers", "2", "--log-level",
            "warning", "--access-logfile", "/dev/null"]


def portal_app(database_url):
    """The portal, in this process, on the bench's database (for seeding and timing without HTTP)."""
    os.environ["DATABASE_URL"] = database_url
    from portal import create_app

    return create_app()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app_spec, env=None):
    """Run `app_spec` under gunicorn on a free loopback port; yield the port."""
    port = free_port()
    process = subprocess.Popen(
        [*GUNICORN, "--bind", f"127.0.0.1:{port}", app_spec],
        cwd=ROOT, env={**os.environ, **(env or {})},
    )
    try:
        wait_until_up(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_up(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def send(port, method, path, body=None, headers=None):
    """One request on a fresh connection; returns (status, response)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body, headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, response
