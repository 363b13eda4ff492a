"""Measure a page's throughput under gunicorn against a bare Flask endpoint served the same way."""
import http.client
import os
import socket
import subprocess
import sys
import threading
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


def closed_loop(one_request, seconds=5.0, clients=4):
    """Each client thread repeats `one_request(client, n)` until time is up; requests per second.

    `one_request` returns True when the answer was the expected one.
    """
    counts, errors = [0] * clients, []
    stop = time.monotonic() + seconds

    def loop(i):
        while time.monotonic() < stop:
            if not one_request(i, counts[i]):
                errors.append(i)
                return
            counts[i] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError("a request got an unexpected answer")
    return sum(counts) / seconds


def send(port, method, path, body=None, headers=None):
    """One request on a fresh connection; returns (status, response)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body, headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, response


def requests_per_second(port, path, seconds=5.0, clients=4, headers=None):
    """Closed-loop GETs of `path`; every answer must be 200."""
    return closed_loop(lambda i, n: send(port, "GET", path, headers=headers)[0] == 200, seconds, clients)


def compare(label, page_port, page_path, bare_port, bare_path, seconds=5.0, headers=None):
    """Print page vs bare requests per second and return the ratio; `headers` go with the page's requests."""
    requests_per_second(page_port, page_path, 1.0, headers=headers)  # warm up
    requests_per_second(bare_port, bare_path, 1.0)
    page = requests_per_second(page_port, page_path, seconds, headers=headers)
    bare = requests_per_second(bare_port, bare_path, seconds)
    ratio = page / bare
    print(f"{label:<28} {page:8.0f} req/s   bare {bare:8.0f} req/s   ratio {ratio:.2f}")
    return ratio
