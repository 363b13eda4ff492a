"""The one load generator of every throughput figure: Debian's wrk, two threads and twenty connections on loopback,
and its summary read back (requests per second, latency, answers that were not 2xx or 3xx, socket errors)."""
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

THREADS, CONNECTIONS = 2, 20
# Seconds a round; `make bench BENCH_SECONDS=10` for steadier figures, 2 for a quick look.
SECONDS = int(os.environ.get("BENCH_SECONDS", 6))
SCRIPTS = Path(__file__).resolve().parent
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass(frozen=True)
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # answers outside 2xx and 3xx, plus connections that failed or timed out


def run(url, seconds=SECONDS, headers=None, script=None, args=()):
    """Load `url` for `seconds` with GETs (and `headers`), or with the requests of a Lua `script` under bench/."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(SCRIPTS / script)]
    command += [url, *(["--", *args] if args else [])]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"wrk failed on {url}: {done.stdout}{done.stderr}")
    result = parse(done.stdout)
    # wrk leaves up to a request a connection queued at the server, which still serves them: let it, before the
    # next round (of the other server, perhaps) starts beside that work.
    time.sleep(min(2.0, CONNECTIONS / max(result.requests_per_second, 1.0)))
    return result


def parse(output):
    """The figures of one wrk summary (`wrk --latency`)."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    if not rate:
        raise ValueError(f"not a wrk summary: {output!r}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return Result(
        requests_per_second=float(rate.group(1)),
        p50_ms=percentile(output, "50%"),
        p99_ms=percentile(output, "99%"),
        errors=(int(bad.group(1)) if bad else 0) + (sum(map(int, sockets.groups())) if sockets else 0),
    )


def percentile(output, which):
    found = re.search(rf"^\s+{which}\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.M)
    if not found:
        raise ValueError(f"no {which} latency in the wrk summary (run it with --latency)")
    return float(found.group(1)) * UNITS_MS[found.group(2)]
