"""Certificate fixtures: a closed class whose registrants completed it (or not), made through the services."""
import pytest

from portal.certificates import services as certificates
from portal.classes import services
from portal.registrations import services as registering
from portal.registrations.models import Registration
from portal.classes.models import Class, ClassSession
from tests.classes.conftest import create_class, held, person, register  # noqa: F401 - fixtures used here


@pytest.fixture
def closed_class(app, create_class, register, held, dummy_staff):
    """A closed class with `completed` registrants who attended everything and `absent` who attended nothing."""

    def make(completed=3, absent=0, kind="pranikah", **fields):
        klass = create_class(capacity=completed + absent + 1, kind=kind, **fields)
        registrations = [register(klass, person(n))[0] for n in range(completed + absent)]
        held(klass)
        with app.test_request_context():
            for registration in registrations[:completed]:
                for session in ClassSession.of(klass.id):
                    registering.mark_attendance(dummy_staff, registration, session, True)
            registering.close_class(dummy_staff, klass.id)
        return Class.get_by_id(klass.id)

    return make


def completed_of(klass):
    return list(Registration.select().where(Registration.klass == klass.id, Registration.status == "completed")
                .order_by(Registration.id))


@pytest.fixture
def issue(app, dummy_staff):
    """Issue certificates through the service inside a request context, as a view would."""

    def call(klass, registration_ids=None, **kwargs):
        with app.test_request_context():
            return certificates.issue_certificates(dummy_staff, klass.id, registration_ids, **kwargs)

    return call
