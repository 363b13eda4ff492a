"""Every throughput figure: a page under wrk in rounds alternating with the bare Flask endpoint beside it (bare,
page, bare, page, bare, page), so a machine busy with something else slows both; the medians are compared."""
import statistics
import sys

from bench import table, wrk

ROUNDS = 3
# Every browser accepts compressed answers, so the portal's compression is part of what a page costs.
BROWSER = {"Accept-Encoding": "gzip, br"}


def alternate(bare, page, rounds=ROUNDS, seconds=wrk.SECONDS):
    """Run `bare(seconds)` and `page(seconds)` in turn, `rounds` times each, after a second of each to warm up."""
    bare(1)
    page(1)
    bares, pages = [], []
    for _ in range(rounds):
        bares.append(bare(seconds))
        pages.append(page(seconds))
    return bares, pages


def median(results):
    """One wrk result for several rounds: the median of each figure, and every error of every round."""
    return wrk.Result(
        requests_per_second=statistics.median(r.requests_per_second for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        errors=sum(r.errors for r in results),
    )


class SideBySide:
    """The portal and the bare endpoint, each under its own gunicorn; every bare round is kept for the bare rows."""

    def __init__(self, portal_port, bare_port):
        self.portal_port = portal_port
        self.portal, self.bare = f"http://127.0.0.1:{portal_port}", f"http://127.0.0.1:{bare_port}"
        self.bare_rounds = {"GET": [], "POST": []}

    def page(self, label, path, at_least=None, headers=None):
        """GETs of `path` (with `headers`) against GETs of the bare `ok`, both as a phone's browser asks."""
        headers = {**BROWSER, **(headers or {})}
        return self.compare(label, "GET", lambda seconds: wrk.run(self.bare + "/", seconds, headers),
                            lambda seconds: wrk.run(self.portal + path, seconds, headers), at_least)

    def form(self, label, path, at_least, script, arguments):
        """The POSTs a Lua `script` makes to `path`, against the same POSTs to the bare endpoint (a 303);
        `arguments()` gives the script's arguments for each run."""
        def load(url):
            return lambda seconds: wrk.run(url, seconds, script=script, args=arguments())

        return self.compare(label, "POST", load(self.bare + "/"), load(self.portal + path), at_least)

    def compare(self, label, method, bare, page, at_least):
        bares, pages = alternate(bare, page)
        self.bare_rounds[method] += bares
        row = table.throughput(label, median(pages), median(bares), at_least)
        print(f"  {label}: {row.figure} req/s, ratio {row.ratio}, errors {row.errors}", file=sys.stderr)
        return row

    def baseline(self, method):
        """The bare endpoint's row: the median of every round it ran beside the `method` pages."""
        label = {"GET": "bare Flask `ok`", "POST": "bare Flask POST → 303"}[method]
        return table.throughput(label, median(self.bare_rounds[method]))
