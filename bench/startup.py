"""How long the portal takes to start: `flask --help` loads the app to list its commands, as every CLI command,
cron job and worker start does."""
import statistics
import subprocess
import sys
import time

from bench import table
from bench.harness import ROOT

RUNS = 5


def flask_help(env):
    """The median of RUNS `flask --help` runs, each a fresh interpreter."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "flask", "--help"], cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return table.measured(f"start: `flask --help` (median of {RUNS})", f"{statistics.median(times):.2f} s")
