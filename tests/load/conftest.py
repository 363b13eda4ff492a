"""Load fixtures: the portal under gunicorn on the test's database, citizens who reach it over HTTP, and the
figures each test leaves behind."""
import os

import pytest
import redis

from tests.classes.conftest import create_class, register  # noqa: F401 - the class fixtures
from tests.conftest import ENCRYPTION_KEY
from tests.counseling.conftest import create_counsellor, create_service, service  # noqa: F401 - counselling
from tests.load.citizens import Citizen
from tests.load.figures import Figures
from tests.load.server import Server

REDIS_URL = os.environ.get("TEST_REDIS_URL")
FIGURES_KEY = "load figures"


@pytest.fixture
def address_block():
    """The first two parts of this run's citizens' addresses (10.x.…): one block per test process, so the
    rate-limit counters this test leaves in Redis can be found and removed."""
    return f"10.{os.getpid() % 254 + 1}"


@pytest.fixture
def limits_storage(address_block):
    """Where the workers count rate limits together: the test Redis (memory:// without one, each worker alone);
    this run's counters removed before and after."""
    if not REDIS_URL:
        yield "memory://"
        return
    store = redis.Redis.from_url(REDIS_URL)

    def forget():
        for key in store.scan_iter(f"LIMITS:LIMITER/{address_block}.*"):
            store.delete(key)

    forget()
    yield REDIS_URL
    forget()
    store.close()


class Portal:
    """The running server, and the citizens who come to it, each from an address of its own."""

    def __init__(self, server, address_block):
        self.server, self.url = server, server.url
        self.address_block, self.visitors = address_block, 0

    def citizens(self, n):
        """`n` new citizens, each with its own browser and address."""
        first, self.visitors = self.visitors, self.visitors + n
        return [Citizen(self.url, f"{self.address_block}.{k // 250}.{k % 250 + 1}", k) for k in range(first, first + n)]

    def assert_no_traceback(self):
        """A request that failed inside the portal leaves its traceback in the log: none may."""
        text = self.server.log.read_text(errors="replace")
        assert "Traceback" not in text, self.server.log_tail(120)


@pytest.fixture
def portal(app, database_url, limits_storage, address_block, tmp_path):
    """The portal under gunicorn (four sync workers) on this test's database, as production runs it: CSRF on,
    the rate limits counted in Redis, one trusted proxy telling each citizen's address."""
    environment = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "load-test-secret-key-long-enough-for-the-server",
        "PORTAL_ENCRYPTION_KEY": ENCRYPTION_KEY,  # this process reads what the server wrote
        "RATELIMIT_STORAGE_URI": limits_storage,
        "TRUSTED_PROXIES": "1",
        "PORTAL_ENV": "development", "PORTAL_DEMO": "0", "FLASK_DEBUG": "0",
        "WHATSAPP_GATEWAY": "desk", "SMTP_HOST": "",
    }
    server = Server(environment, tmp_path / "gunicorn.log")
    try:
        server.wait_until_ready()
        yield Portal(server, address_block)
    finally:
        server.stop()


@pytest.fixture
def figures(request, engine, tmp_path_factory, record_property):
    """The test's figures: printed as one line, kept as JSON under the run's temporary folder, and shown in the
    terminal summary."""
    kept = Figures(request.node.originalname, engine)
    yield kept
    line = kept.line()
    path = kept.write(tmp_path_factory.getbasetemp() / "load-figures")
    print(f"\n{line}\n  ({path})")
    record_property(FIGURES_KEY, line)


def pytest_terminal_summary(terminalreporter):
    """The figures lines of the load tests that ran, also under pytest-xdist (which keeps their prints)."""
    lines = {}  # a test's teardown report carries its line: one per test, in the order they ended
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == FIGURES_KEY:
                    lines[value] = None
    if lines:
        terminalreporter.section("load figures")
        for line in lines:
            terminalreporter.write_line(line)
