"""Survey fixtures: a completed counselling appointment with its survey link, and answers as a citizen gives them."""
from datetime import timedelta

import pytest

from portal.counseling import services as counseling
from portal.surveys.models import ELEMENT_KEYS
from portal.surveys.models import SurveyInvitation
from tests.counseling.conftest import NOW, create_counsellor, create_service, person, service  # noqa: F401


def answers(value=4, **changes):
    """A whole answer: every element at `value` (changes by element), no suggestion or profile."""
    values = {key: value for key in ELEMENT_KEYS}
    values.update(changes)
    return values


def posted(value=4, **changes):
    """The survey form as a browser posts it."""
    return {key: str(v) for key, v in answers(value, **changes).items() if v is not None}


@pytest.fixture
def took_place(app, service, create_counsellor, dummy_staff):
    """`took_place(outcome)`: an appointment that was held and then marked `outcome` by staff; returns it with its
    survey invitation (None when it has none)."""

    def make(outcome):
        with app.test_request_context():
            create_counsellor(service)
            day = counseling.open_days(service, "offline", NOW)[0]
            start = min(counseling.free_slots(service, "offline", day, NOW))
            appointment = counseling.book(service, "offline", start, person(1), NOW)
            counseling.staff_step(dummy_staff, appointment, outcome, start + timedelta(hours=1))
            return appointment, SurveyInvitation.of(appointment)

    return make


@pytest.fixture
def completed(took_place):
    """An appointment that took place and was marked completed: (appointment, its survey invitation)."""
    return took_place("complete")
