"""Browser tests: the demo portal on a real server, driven by Debian's Chromium through Playwright.

CSRF stays ON here (unlike the unit tests): htmx requests and forms must carry
the token the way a real browser sends them.
"""
import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal import create_app, demo
from portal.db import database
from tests.conftest import test_config as make_config

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
HERE = Path(__file__).resolve().parent

# Chromium reports CSP violations itself; this also catches report-only ones
# and says which directive was hit. Init scripts are not subject to the CSP.
REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""
# Every htmx step must swap a fragment: after each settle the page still has one header and one footer, so a
# whole page swapped into a part of another fails the test that did it (through the console watch).
ONE_PAGE = """
document.addEventListener("htmx:afterSettle", (e) => {
  const headers = document.querySelectorAll("header").length, footers = document.querySelectorAll("footer").length;
  const path = e.detail && e.detail.pathInfo ? e.detail.pathInfo.requestPath : "?";
  if (headers !== 1 || footers !== 1) {
    console.error(`page inside the page after htmx swap of ${path}: ${headers} headers, ${footers} footers`);
  }
});
"""


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser is a browser test."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so `page` can screenshot a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def serve_demo(sqlite_template, directory, **settings):
    """Start the demo portal (with these settings changed) on a free port; return (base_url, stop)."""
    path = Path(directory) / "portal.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app(make_config(f"sqlite:///{path}", DEMO=True, WTF_CSRF_ENABLED=True, **settings))
    with app.app_context(), database.connection_context():
        demo.seed()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return f"http://127.0.0.1:{server.server_port}", stop


@pytest.fixture(scope="module")
def live_server(sqlite_template, tmp_path_factory):
    """The demo portal (two units, demo staff) on a fresh database, one per test module."""
    base_url, stop = serve_demo(sqlite_template, tmp_path_factory.mktemp("live"))
    yield base_url
    stop()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def viewport():
    """The window size of `page`; a phone unless a test overrides this fixture."""
    return dict(PHONE)


class ConsoleWatch:
    """Console errors, uncaught exceptions and CSP violations seen by one page."""

    def __init__(self):
        self.problems = []
        self.allowed = []

    def allow(self, pattern):
        """Accept console errors matching `pattern` (a regex) in this test."""
        self.allowed.append(re.compile(pattern))

    def on_console(self, message):
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.problems.append(f"console.error: {message.text} ({where})")

    def on_page_error(self, error):
        self.problems.append(f"uncaught: {error}")

    def unexpected(self):
        return [p for p in self.problems if not any(a.search(p) for a in self.allowed)]


@pytest.fixture
def console():
    """What went wrong in the page's console; `console.allow(regex)` for expected errors."""
    return ConsoleWatch()


@pytest.fixture
def new_page(browser, live_server, viewport, console):
    """`new_page(**context options)`: a tab in a fresh browser context (no cookies) on the live server, watched
    for console errors, CSP violations and pages swapped inside pages; every one is closed with the test."""
    contexts = []

    def open_tab(**options):
        settings = dict(base_url=live_server, viewport=viewport, locale="id-ID", timezone_id="Asia/Makassar")
        context = browser.new_context(**{**settings, **options})
        context.set_default_timeout(5_000)
        context.add_init_script(REPORT_CSP)
        context.add_init_script(ONE_PAGE)
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", console.on_console)
        tab.on("pageerror", console.on_page_error)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page, console, request, tmp_path):
    """A fresh tab on the live server; fails on console errors."""
    tab = new_page()
    yield tab
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        shot = tmp_path / "failure.png"
        try:
            tab.screenshot(path=str(shot), full_page=True)
            print(f"\nScreenshot of the failing page: {shot} (at {tab.url})")
        except Exception as error:  # noqa: BLE001 - a screenshot is a bonus, never the failure
            print(f"\nNo screenshot: {error}")
    tab.context.close()
    problems = console.unexpected()
    if problems:
        pytest.fail("The browser reported errors:\n" + "\n".join(problems), pytrace=False)
