"""Running a class: publishing, sessions, cancelling, attendance and closing by the rule."""
from datetime import timedelta

import pytest

from portal.classes import services
from portal.classes.models import Attendance, Class, ClassSession, Registration
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


@pytest.mark.parametrize("minimum, expected", [(None, ["completed", "not_completed", "not_completed"]),
                                               (2, ["completed", "completed", "not_completed"])])
def test_closing_applies_the_attendance_rule(app, create_class, register, held, dummy_staff, minimum, expected):
    klass = create_class(capacity=5, sessions=3, attendance_minimum=minimum)
    people = [register(klass, person(n))[0] for n in range(3)]
    held(klass)
    sessions = list(ClassSession.of(klass.id))
    with app.test_request_context():
        for registration, attended in zip(people, (3, 2, 1)):
            for session in sessions[:attended]:
                services.mark_attendance(dummy_staff, registration, session, True)
        services.mark_attendance(dummy_staff, people[2], sessions[1], False)
        services.close_class(dummy_staff, klass.id)
    assert [Registration.get_by_id(r.id).status for r in people] == expected
    assert Class.get_by_id(klass.id).status == "closed"


def test_attendance_is_taken_only_once_a_session_has_begun(app, create_class, register, dummy_staff):
    klass = create_class(sessions=2)
    registration, _ = register(klass, person(1))
    first, second = ClassSession.of(klass.id)
    with app.test_request_context():
        with pytest.raises(RuleError, match="setelah sesi dimulai"):
            services.mark_attendance(dummy_staff, registration, first, True, now=first.starts_at - timedelta(minutes=1))
        services.mark_attendance(dummy_staff, registration, first, True, now=first.starts_at)
        with pytest.raises(RuleError, match="setelah sesi dimulai"):
            services.mark_attendance(dummy_staff, registration, second, True, now=first.ends_at)
    assert [a.session_id for a in Attendance.select()] == [first.id]


def test_a_class_closes_only_after_its_last_session_and_tells_who_did_not_complete(app, create_class, register,
                                                                                  dummy_staff):
    klass = create_class(sessions=2)
    done, missed = register(klass, person(1))[0], register(klass, person(2))[0]
    first, last = ClassSession.of(klass.id)
    with app.test_request_context():
        for session in (first, last):
            services.mark_attendance(dummy_staff, done, session, True, now=session.starts_at)
        with pytest.raises(RuleError, match="sesi terakhirnya selesai"):
            services.close_class(dummy_staff, klass.id, now=last.ends_at - timedelta(minutes=1))
        assert Class.get_by_id(klass.id).status == "published"
        services.close_class(dummy_staff, klass.id, now=last.ends_at)
    assert Registration.get_by_id(done.id).status == "completed"
    told = OutboxMessage.select().where(OutboxMessage.topic == "registration.not_completed")
    assert [m.object_id for m in told] == [str(missed.id)] and "syarat lulus" in told.get().body


def test_attendance_only_for_confirmed_registrants_of_the_class(app, create_class, register, held, dummy_staff):
    klass = create_class(capacity=1)
    register(klass, person(1))
    waiting, _ = register(klass, person(2))
    held(klass)
    session = ClassSession.of(klass.id).first()
    with app.test_request_context(), pytest.raises(RuleError):
        services.mark_attendance(dummy_staff, waiting, session, True)


def test_a_session_with_attendance_cannot_be_removed(app, create_class, register, clock, dummy_staff):
    klass = create_class()
    registration, _ = register(klass, person(1))
    session = ClassSession.of(klass.id).first()
    clock.at(session.ends_at)
    with app.test_request_context():
        services.mark_attendance(dummy_staff, registration, session, True)
        with pytest.raises(RuleError):
            services.remove_session(dummy_staff, klass, session.id)
