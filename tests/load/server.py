"""The portal as production runs it: gunicorn with four sync workers in processes of their own, on a test's
database, spoken to over HTTP."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
WORKERS = 4
BOOT_SECONDS = 60


def free_port():
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn master and its workers, with production's gunicorn.conf.py; `url` is where it answers, `log`
    what it wrote (its masked access log too)."""

    def __init__(self, environment, log):
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = log
        with open(log, "wb") as out:
            # A session of its own, so stopping it reaches the workers too, and only them.
            self.process = subprocess.Popen(
                [str(GUNICORN), "--config", "gunicorn.conf.py", "--workers", str(WORKERS),
                 "--bind", self.url.removeprefix("http://"), "wsgi:app"],
                cwd=ROOT, env={**os.environ, **environment}, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)

    def wait_until_ready(self):
        """Wait for /healthz and every worker; fail with the log when the server never comes up."""
        deadline = time.monotonic() + BOOT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            if len(self.worker_pids()) == WORKERS and self.healthy():
                return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer /healthz in {BOOT_SECONDS} s:\n{self.log_tail()}")

    def healthy(self):
        """True when /healthz answers 200."""
        try:
            return requests.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def worker_pids(self):
        """The pids of the master's children: its workers."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # The command may hold spaces and parentheses: the fields after its closing one are fixed.
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # gone meanwhile
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def kill_worker(self):
        """SIGKILL one worker, as the kernel's OOM killer would; return its pid."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def wait_for_replacement(self, killed, seconds=30):
        """Wait until the master runs a full set of workers again, without the killed one."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) == WORKERS and killed not in pids and self.healthy():
                return pids
            time.sleep(0.1)
        raise AssertionError(f"gunicorn did not replace worker {killed}:\n{self.log_tail()}")

    def log_tail(self, lines=60):
        """The end of what the server wrote (tracebacks of a 5xx land here)."""
        return "\n".join(Path(self.log).read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        """Stop the master and its workers: quickly, then by force if they linger."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # workers the master left behind
        except ProcessLookupError:
            pass
        self.process.wait()
