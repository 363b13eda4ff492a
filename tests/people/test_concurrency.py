"""Invariant 6 under concurrent requests: erasures, a retention run and a cancellation at one moment."""
import time
from datetime import timedelta

import pytest

from portal.cases.models import Case
from portal.registrations import services as registering
from portal.registrations.models import Registration
from portal.counseling.models import Appointment
from portal.db import utcnow
from portal.inquiries.models import Inquiry
from portal.notify.models import OutboxMessage
from portal.people import services
from portal.people.holdings import find
from portal.people.services import ERASED, Counts
from tests.classes.conftest import create_class, person, register  # noqa: F401 - fixtures used here
from tests.concurrency import race
from tests.people.conftest import row_counts

pytestmark = pytest.mark.engines
ROUNDS = 3
ERASERS = 4


def test_erasures_and_a_retention_run_at_once_anonymise_each_row_exactly_once(app, seed_person, staff_by_role):
    admin = staff_by_role["org_admin"]
    long_ago = utcnow() - timedelta(days=3000)
    for n in range(ROUNDS):
        phone = f"+628123450{n:04d}"
        with app.app_context():
            people = [seed_person(phone=phone, nik=f"737101450190{n:04d}", tag=f"r{n}", ended=long_ago)]
            rows = row_counts()

        def erase():
            return services.erase(admin, find(admin, phone=phone))

        results = race(app, [erase] * ERASERS + [lambda: services.run_retention(1825)])

        assert [r for r in results if not isinstance(r, Counts)] == []
        total = sum(results, Counts())
        assert (total.registrations, total.certificates, total.appointments, total.inquiries, total.cases) == (
            1, 1, 1, 1, 1)
        assert total.messages == 3  # each message redacted by one racer only
        with app.app_context():
            assert row_counts() == rows
            for model, record in [(Registration, p.registration) for p in people] + [
                    (Appointment, people[0].appointment), (Inquiry, people[0].inquiry), (Case, people[0].case)]:
                assert model.get_by_id(record.id).anonymised_at is not None
            assert find(admin, phone=phone).total == 0


@pytest.mark.parametrize("cancel_pauses", [False, True], ids=["at-once", "cancel-pauses-after-reading"])
def test_erasing_while_staff_cancel_the_same_registration_keeps_the_row_with_its_status(
        app, create_class, register, staff_by_role, monkeypatch, cancel_pauses):
    """The pause holds the cancellation between reading the registration and writing it back, where an erasure
    that did not wait for the class's lock would be overwritten by the old name."""
    admin = staff_by_role["org_admin"]
    klass = create_class(capacity=ROUNDS + 1)
    if cancel_pauses:
        read = Registration.get_by_id
        monkeypatch.setattr(Registration, "get_by_id", lambda pk: (read(pk), time.sleep(0.3))[0])
    for n in range(ROUNDS):
        registration, _ = register(klass, person(n))
        phone = registration.phone
        results = race(app, [lambda: services.erase(admin, find(admin, phone=phone)),
                             lambda: registering.cancel(registration.id, actor=admin)])

        assert [r for r in results if isinstance(r, Exception)] == []
        with app.app_context():
            row = Registration.get_by_id(registration.id)
            assert row.status == "cancelled" and row.cancelled_by_id == admin.id
            assert row.anonymised_at is not None and row.name == ERASED and row.phone in ("", f"dihapus-{row.id}")
            assert not OutboxMessage.select().where(OutboxMessage.recipient == phone).exists()
