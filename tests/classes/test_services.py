"""Running a class: publishing, sessions, cancelling, attendance and closing by the rule."""
import pytest

from portal.classes import services
from portal.registrations import services as registering
from portal.registrations.models import Registration
from portal.classes.models import Class, ClassSession
from portal.errors import RuleError
from portal.notify.models import OutboxMessage
from tests.classes.conftest import person

pytestmark = pytest.mark.engines


def test_publishing_needs_a_session(app, create_class, dummy_staff):
    klass = create_class(status="draft", sessions=0)
    with app.test_request_context(), pytest.raises(RuleError):
        services.publish(dummy_staff, klass)
    assert Class.get_by_id(klass.id).status == "draft"


def test_sessions_keep_the_class_dates(app, create_class, dummy_staff):
    klass = create_class(sessions=3)
    sessions = list(ClassSession.of(klass.id))
    assert (klass.starts_at, klass.ends_at) == (sessions[0].starts_at, sessions[-1].ends_at)
    with app.test_request_context():
        services.remove_session(dummy_staff, klass, sessions[0].id)
    assert Class.get_by_id(klass.id).starts_at == sessions[1].starts_at


def test_cancelling_a_class_cancels_and_tells_everyone(app, create_class, register, dummy_staff):
    klass = create_class(capacity=1)
    people = [register(klass, person(n))[0] for n in range(3)]
    with app.test_request_context():
        services.cancel_class(dummy_staff, klass.id)
    assert {Registration.get_by_id(r.id).status for r in people} == {"cancelled"}
    told = OutboxMessage.select().where(OutboxMessage.topic == "registration.class_cancelled")
    assert told.count() == 3


def test_a_session_with_attendance_cannot_be_removed(app, create_class, register, clock, dummy_staff):
    klass = create_class()
    registration, _ = register(klass, person(1))
    session = ClassSession.of(klass.id).first()
    clock.at(session.ends_at)
    with app.test_request_context():
        registering.mark_attendance(dummy_staff, registration, session, True)
        with pytest.raises(RuleError):
            services.remove_session(dummy_staff, klass, session.id)
