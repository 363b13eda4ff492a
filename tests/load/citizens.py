"""Citizens on their phones: each a browser of its own (cookie jar, address), all pressing the button at once."""
import re
import threading
import time
from dataclasses import dataclass, field

import requests

TIMEOUT = 60
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Citizen:
    """One person's browser: its own session cookie and CSRF token, coming from its own address."""

    def __init__(self, base_url, address, number):
        self.base_url, self.number = base_url, number  # the number makes its name and phone its own
        self.browser = requests.Session()
        self.browser.headers["X-Forwarded-For"] = address  # the proxy the server trusts says who this is

    def get(self, path):
        """GET a page (redirects followed)."""
        return self.browser.get(self.base_url + path, timeout=TIMEOUT)

    def open_form(self, path):
        """GET the page with the form and keep its CSRF token, as a browser keeps the hidden field."""
        page = self.get(path)
        page.raise_for_status()
        self.token = CSRF.search(page.text).group(1)
        return page

    def submit(self, path, data):
        """POST the form with its token; the answer as it comes, without following a redirect."""
        return self.browser.post(self.base_url + path, data={**data, "csrf_token": self.token},
                                 allow_redirects=False, timeout=TIMEOUT)

    def follow(self, answer):
        """The page a 303 leads to."""
        return self.get(answer.headers["Location"])


@dataclass
class Outcome:
    """What one citizen got: a kind (a page's status, `taken`, `5xx`, `dropped`, …), how long it took, and the
    answer itself for the test to look at."""

    kind: str
    seconds: float
    status: int = 0
    page: str = ""
    detail: dict = field(default_factory=dict)


def crowd(citizens, prepare, act, while_running=None):
    """Each citizen `prepare`s (opens the form), then all `act` at the same moment, each in its own thread.

    `act(citizen, state)` returns an Outcome; a connection that dies (its worker was killed) is a `dropped`
    outcome, one that hangs a `timeout`. `while_running(outcomes)` runs beside them (to kill a worker
    mid-load). Returns the outcomes in the citizens' order and the seconds from the start signal to the last
    answer.
    """
    states = [prepare(citizen) for citizen in citizens]
    outcomes = [None] * len(citizens)
    barrier = threading.Barrier(len(citizens) + 1)

    def run(i):
        barrier.wait()
        began = time.monotonic()
        try:
            outcomes[i] = act(citizens[i], states[i])
        except requests.Timeout as error:
            outcomes[i] = Outcome("timeout", 0, detail={"error": repr(error)})
        except requests.RequestException as error:  # reset, or cut off mid-answer
            outcomes[i] = Outcome("dropped", 0, detail={"error": repr(error)})
        except Exception as error:  # noqa: BLE001 - a page the test could not read: the test reports it
            outcomes[i] = Outcome("unreadable", 0, detail={"error": repr(error)})
        outcomes[i].seconds = time.monotonic() - began

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(citizens))]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.monotonic()
    if while_running:
        while_running(outcomes)
    for thread in threads:
        thread.join(TIMEOUT * 3)
    return outcomes, time.monotonic() - began


def unexpected(answer):
    """The Outcome of an answer the test did not expect: `5xx` (which no load may cause) or `http <status>`."""
    kind = "5xx" if answer.status_code >= 500 else f"http {answer.status_code}"
    return Outcome(kind, 0, answer.status_code, answer.text[:2000])


def proper_page(answer, status=200):
    """A whole HTML page with this status (not a bare error, not a fragment)."""
    return answer.status_code == status and answer.text.rstrip().endswith("</html>")


def surprises(outcomes, expected):
    """The outcomes of a kind not in `expected`, readable in an assertion message."""
    return [(o.kind, o.status, o.detail, o.page[:300]) for o in outcomes if o.kind not in expected]
