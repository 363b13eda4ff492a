"""The bench reads wrk's summary right: captured outputs of Debian's wrk 4.1 (`wrk --latency`)."""
import pytest

from bench import table, wrk
from bench.throughput import median

CLEAN = """\
Running 3s test @ http://127.0.0.1:18123/
  2 threads and 20 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    17.10ms   24.95ms 184.04ms   88.48%
    Req/Sec     1.07k   619.70     1.69k    69.49%
  Latency Distribution
     50%    6.49ms
     75%   13.68ms
     90%   48.01ms
     99%  121.83ms
  6372 requests in 3.04s, 122.48MB read
Requests/sec:   2094.12
Transfer/sec:     40.25MB
"""

REFUSED_AND_SLOW = """\
Running 6s test @ http://127.0.0.1:18123/kelas/7
  2 threads and 20 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.21s   402.10ms   2.00s    70.00%
    Req/Sec     8.10      4.20    20.00     60.00%
  Latency Distribution
     50%  850.00us
     75%    1.10s
     90%    1.60s
     99%    2.00s
  98 requests in 6.02s, 1.20MB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 41
Requests/sec:     16.28
Transfer/sec:    204.10KB
"""


def test_a_clean_run_gives_its_rate_and_latency():
    result = wrk.parse(CLEAN)
    assert result == wrk.Result(requests_per_second=2094.12, p50_ms=6.49, p99_ms=121.83, errors=0)


def test_refused_answers_and_timeouts_are_errors_and_units_are_read():
    result = wrk.parse(REFUSED_AND_SLOW)
    assert result.errors == 41 + 3
    assert result.p50_ms == pytest.approx(0.85) and result.p99_ms == 2000


def test_output_that_is_not_a_summary_is_refused():
    with pytest.raises(ValueError):
        wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_rounds_give_medians_and_keep_every_error():
    rounds = [wrk.parse(CLEAN), wrk.parse(REFUSED_AND_SLOW), wrk.parse(CLEAN)]
    assert median(rounds) == wrk.Result(2094.12, 6.49, 121.83, 44)


def test_a_page_with_errors_is_not_within_budget_whatever_its_rate():
    bare = wrk.parse(CLEAN)
    fast_but_failing = wrk.Result(2000.0, 5.0, 9.0, errors=12)
    assert table.throughput("p", fast_but_failing, bare, at_least=0.5).verdict == "no: 12 errors"
    assert table.throughput("p", wrk.parse(CLEAN), bare, at_least=0.5).verdict == "yes"
