"""The test clock: a whole run can take place at a chosen moment, and a test can fix its own.

`pytest --clock=year-end-wit` (or `PORTAL_TEST_CLOCK=year-end-wit`) moves "now" for every test — services,
the demo seed, the live server's threads — to that moment, and lets it tick from there; each test starts
at the moment again, so none drifts past the edge it is meant to stand on. A value is one of the `MOMENTS`
names or an ISO time with its offset (`2027-01-31T23:59+07:00`). The named moments lie ahead of the real
date, because the browser under test keeps the real clock and would drop cookies set for a past one.

A test that needs a fixed moment of its own asks for the `clock` fixture: `clock.at(datetime)` (naive UTC,
as stored, or aware) holds until the test ends, ticking.
"""
import os
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
LAST_MINUTE = time(23, 59)


def next_weekday(today, weekday):
    """The first date after today that falls on `weekday` (Monday 0)."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def year_end(today, zone):
    return datetime.combine(date(today.year, 12, 31), LAST_MINUTE, zone)


def month_end(today, zone):
    """The last minute of the first month ahead that ends a month but not a year (so it differs from year-end)."""
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    while first.month == 12:
        first = (first + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return datetime.combine(last, LAST_MINUTE, zone)


MOMENTS = {
    "month-end": lambda today: month_end(today, WIB),
    "year-end-wit": lambda today: year_end(today, WIT),
    "year-end-wita": lambda today: year_end(today, WITA),
    "year-end-wib": lambda today: year_end(today, WIB),
    "saturday": lambda today: datetime.combine(next_weekday(today, 5), time(10, 0), WITA),
    "sunday": lambda today: datetime.combine(next_weekday(today, 6), time(19, 30), WIB),
    "weekday-1330-wita": lambda today: datetime.combine(next_weekday(today, 2), time(13, 30), WITA),
}


def moment(text, today=None):
    """The aware datetime a `--clock` value names."""
    today = today or datetime.now(timezone.utc).date()
    if text in MOMENTS:
        return MOMENTS[text](today)
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise pytest.UsageError(f"--clock {text!r}: give an offset (e.g. +08:00) or one of {', '.join(MOMENTS)}")
    return value


def pytest_addoption(parser):
    parser.addoption("--clock", default=os.environ.get("PORTAL_TEST_CLOCK", ""),
                     help=f"run every test at this moment: {', '.join(MOMENTS)}, or an ISO time with offset")


def pytest_configure(config):
    text = config.getoption("--clock")
    config.run_moment = moment(text) if text else None
    if config.run_moment is not None:
        # Session and module fixtures (the migrated template, the live server's seed) see the moment too.
        config.run_traveller = time_machine.travel(config.run_moment, tick=True)
        config.run_traveller.start()


def pytest_collection_modifyitems(config, items):
    """The moved-clock runs skip what reads no date: processes of its own would keep the real clock anyway."""
    if config.run_moment is None:
        return
    skip = pytest.mark.skip(reason="reads no date; runs in the real-clock run")
    for item in items:
        if item.get_closest_marker("timeless"):
            item.add_marker(skip)


def pytest_unconfigure(config):
    traveller = getattr(config, "run_traveller", None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    if config.run_moment is not None:
        return f"clock: {config.run_moment.isoformat()} ({config.run_moment.astimezone(timezone.utc):%a %Y-%m-%d %H:%M} UTC)"
    return None


@pytest.fixture(autouse=True)
def run_moment(request):
    """Each test starts at the run's moment, when one is set."""
    chosen = request.config.run_moment
    if chosen is None:
        yield None
        return
    with time_machine.travel(chosen, tick=True):
        yield chosen


class Clock:
    """Hold "now" at a moment for one test."""

    def __init__(self):
        self.traveller = None

    def at(self, when):
        """From here on, now is `when` (naive means UTC, as the database stores it), ticking."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        self.stop()
        self.traveller = time_machine.travel(when, tick=True)
        self.traveller.start()
        return when.astimezone(timezone.utc).replace(tzinfo=None)

    def stop(self):
        if self.traveller is not None:
            self.traveller.stop()
            self.traveller = None


@pytest.fixture
def clock(run_moment):
    """`clock.at(moment)` fixes now for this test (after the run's own moment, so it wins)."""
    held = Clock()
    yield held
    held.stop()


if __name__ == "__main__":  # `python -m tests.clock`: the moments CI runs the suite at, for the Makefile
    print(" ".join(MOMENTS))
