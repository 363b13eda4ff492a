"""What a phone downloads, counted by Chromium itself (DevTools protocol): the first visit of the home page within
70 kB on the wire, and every later page one request, for its HTML (static files come from the cache, unasked).

The figures are printed: `pytest -s tests/browser/test_transfer.py`.
"""
from urllib.parse import urlsplit

import pytest

from portal import ROOT, assets
from tests.browser.conftest import serve_demo

pytestmark = pytest.mark.timeless
FIRST_VISIT_BUDGET = 70_000  # bytes on the wire: headers and bodies, as received


@pytest.fixture(scope="module")
def live_server(sqlite_template, tmp_path_factory):
    """The demo portal on a static build of its own, as `make run` serves it."""
    build = tmp_path_factory.mktemp("static-build")
    assets.build(ROOT / "static", build)
    base_url, stop = serve_demo(sqlite_template, tmp_path_factory.mktemp("live"), STATIC_BUILD=str(build))
    yield base_url
    stop()


class Traffic:
    """Every request of one tab and what it cost on the wire; those a cache answered cost nothing."""

    def __init__(self, page):
        self.seen = {}
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self.sent)
        cdp.on("Network.requestServedFromCache", lambda event: self.mark(event, cached=True))
        cdp.on("Network.responseReceived", self.received)
        cdp.on("Network.loadingFinished", lambda event: self.mark(event, bytes=event["encodedDataLength"]))
        cdp.send("Network.enable")

    def sent(self, event):
        self.seen[event["requestId"]] = dict(url=event["request"]["url"], type=event.get("type"), cached=False,
                                             bytes=None, status=None, encoding=None)

    def received(self, event):
        response = event["response"]
        headers = {name.lower(): value for name, value in response.get("headers", {}).items()}
        cached = response.get("fromDiskCache") or response.get("fromPrefetchCache") or response.get("fromServiceWorker")
        self.mark(event, status=response["status"], encoding=headers.get("content-encoding"),
                  cached=bool(cached) or self.seen.get(event["requestId"], {}).get("cached", False))

    def mark(self, event, **facts):
        if event["requestId"] in self.seen:
            self.seen[event["requestId"]].update(facts)

    def visit(self, page, path):
        """Open `path` as a new page load and wait until it and its fonts are in; return what went over the wire."""
        self.seen = {}
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        fetched = [r for r in self.seen.values() if not r["cached"] and r["bytes"] is not None]
        print(f"\n{path}: {len(fetched)} request(s), {sum(r['bytes'] for r in fetched):,} bytes on the wire")
        for request in self.seen.values():
            where = "cache" if request["cached"] else f"{request['bytes']:>7,} B"
            print(f"  {where:>10}  {request['status']}  {request['encoding'] or '-':<4}  {urlsplit(request['url']).path[:90]}")
        return fetched


def test_the_first_visit_of_home_stays_within_70_kb(page):
    traffic = Traffic(page)
    fetched = traffic.visit(page, "/")

    total = sum(r["bytes"] for r in fetched)
    assert total <= FIRST_VISIT_BUDGET, f"the first visit of / moved {total:,} bytes"
    document = next(r for r in fetched if r["type"] == "Document")
    assert document["encoding"] in ("br", "gzip")
    for request in fetched:
        if request["url"].endswith((".css", ".js", ".svg")):
            assert request["encoding"] in ("br", "gzip"), request["url"]
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert '"Plus Jakarta Sans"' in loaded or "Plus Jakarta Sans" in loaded


def test_every_later_page_is_one_request_for_its_html(page):
    traffic = Traffic(page)
    traffic.visit(page, "/")
    for path in ("/kelas/", "a class"):
        if path == "a class":  # the first one the catalogue lists
            path = page.locator("main h2 a[href^='/kelas/']").first.get_attribute("href")
        fetched = traffic.visit(page, path)
        assert [r["type"] for r in fetched] == ["Document"], f"{path} fetched {[r['url'] for r in fetched]}"
        assert fetched[0]["encoding"] in ("br", "gzip")
