"""Fifty citizens register for a class of three seats at the same moment, over HTTP, on gunicorn's four
workers (invariants 1, 2 and 4's waiting list); once more while a worker is killed mid-load, after which
nothing is left half-written."""
import re
import time
from collections import Counter
from datetime import timedelta

import pytest

from portal.db import utcnow
from portal.registrations.models import Registration
from tests.load.citizens import Outcome, crowd, proper_page, surprises, unexpected
from tests.load.invariants import torn_registrations, waiting_places_told_twice

pytestmark = [pytest.mark.engines, pytest.mark.timeless]  # the server keeps the real clock
SEATS, CITIZENS, ROUNDS, KILL_ROUNDS = 3, 50, 5, 3
SEATED = {"confirmed", "waitlisted"}
STATUS = re.compile(r'<article class="registration" data-status="(\w+)"')
PLACE = re.compile(r"nomor (\d+) di daftar tunggu")


def registration_form(citizen):
    """The pre-marriage class's form as this citizen fills it in: their own name and phone."""
    return {"name": f"Warga Beban {citizen.number}", "phone": f"0813{citizen.number:07d}", "email": "",
            "gender": "perempuan", "partner_name": "Calon Pasangan",
            "wedding_date": (utcnow().date() + timedelta(days=90)).isoformat(), "consent": "y"}


def register(citizen, path):
    """Send the form (its page opened before); the registrant's own page it leads to, read."""
    answer = citizen.submit(path, registration_form(citizen))
    if answer.status_code == 200 and "data-already" in answer.text:
        return Outcome("already", 0, 200)  # a repeat: someone with this phone is registered
    if answer.status_code != 303:
        return unexpected(answer)
    page = citizen.follow(answer)
    status = STATUS.search(page.text)
    if not (proper_page(page) and status):
        return unexpected(page)
    return Outcome(status.group(1), 0, 200, page.text, {"page": answer.headers["Location"]})


def read_place(citizen, outcome):
    """Open one's own page again once everyone is in: the waiting-list place it tells."""
    page = citizen.get(outcome.detail["page"])
    place = PLACE.search(page.text)
    if not (proper_page(page) and place):
        return unexpected(page)
    return Outcome("place", 0, 200, detail={"place": int(place.group(1))})


def race_for_seats(portal, klass, while_running=None):
    """Every citizen opens the class page, then all send the form at once: (citizens, outcomes, seconds)."""
    path = f"/kelas/{klass.id}"
    citizens = portal.citizens(CITIZENS)
    outcomes, seconds = crowd(citizens, lambda c: c.open_form(path), lambda c, _: register(c, path), while_running)
    return citizens, outcomes, seconds


def test_fifty_citizens_racing_for_three_seats_over_http(figures, portal, create_class):
    """Per round: exactly three confirmed, the others waiting with the places 1…47 once each, no 5xx, each
    answer a whole page; afterwards nothing torn."""
    for _ in range(ROUNDS):
        klass = create_class(capacity=SEATS, sessions=1)
        citizens, outcomes, seconds = race_for_seats(portal, klass)
        figures.add_round(outcomes, seconds)
        kinds = Counter(o.kind for o in outcomes)
        assert kinds == {"confirmed": SEATS, "waitlisted": CITIZENS - SEATS}, (
            surprises(outcomes, SEATED), portal.server.log_tail())
        waiting = [(c, o) for c, o in zip(citizens, outcomes) if o.kind == "waitlisted"]
        places, _ = crowd([c for c, _ in waiting], lambda c: None,
                          lambda c, _, by={id(c): o for c, o in waiting}: read_place(c, by[id(c)]))
        assert sorted(p.detail.get("place", 0) for p in places) == list(range(1, CITIZENS - SEATS + 1)), (
            surprises(places, {"place"}))
        assert Registration.select().where(Registration.klass == klass.id).count() == CITIZENS
    assert torn_registrations() == {}
    portal.assert_no_traceback()


def kill_a_worker_mid_load(portal, killed, after=10):
    """While the crowd runs: once `after` citizens have their answer, SIGKILL a worker; note its pid and how many
    had answers by then."""

    def run(outcomes):
        deadline = time.monotonic() + 30
        while sum(o is not None for o in outcomes) < after and time.monotonic() < deadline:
            time.sleep(0.002)
        killed.append((portal.server.kill_worker(), sum(o is not None for o in outcomes)))

    return run


def test_a_worker_killed_mid_load_leaves_nothing_torn(figures, portal, create_class):
    """Per round a worker dies while fifty citizens register; those cut off try once more. Every citizen then
    holds exactly one registration, three are confirmed, nothing is half-written, and gunicorn's new worker
    answers."""
    for _ in range(KILL_ROUNDS):
        klass = create_class(capacity=SEATS, sessions=1)
        killed = []
        citizens, outcomes, seconds = race_for_seats(portal, klass, kill_a_worker_mid_load(portal, killed))
        figures.add_round(outcomes, seconds)
        (pid, answered), = killed
        assert answered < CITIZENS, "the worker was killed after the load, not during it"
        assert surprises(outcomes, SEATED | {"dropped"}) == [], portal.server.log_tail()
        portal.server.wait_for_replacement(pid)
        figures.count("workers killed")
        for citizen, outcome in zip(citizens, outcomes):
            if outcome.kind == "dropped":  # its answer never came: the citizen opens the page and sends again
                citizen.open_form(f"/kelas/{klass.id}")
                again = register(citizen, f"/kelas/{klass.id}")
                assert again.kind in SEATED | {"already"}, (again, portal.server.log_tail())
                figures.count(f"retried: {again.kind}")
        held = Counter(r.status for r in Registration.select().where(Registration.klass == klass.id))
        assert held == {"confirmed": SEATS, "waitlisted": CITIZENS - SEATS}
    assert torn_registrations() == {}
    portal.assert_no_traceback()


def test_each_waiting_citizen_is_told_a_place_of_their_own(figures, portal, create_class):
    """The waiting-list place in each citizen's message is theirs alone."""
    for _ in range(2):  # two rounds keep the run short
        klass = create_class(capacity=SEATS, sessions=1)
        _, outcomes, seconds = race_for_seats(portal, klass)
        figures.add_round(outcomes, seconds)
        assert surprises(outcomes, SEATED) == []
    assert waiting_places_told_twice() == [], "(class, place, told to how many)"
