"""Seats, waiting list and promotion, including the invariants under concurrent requests; attendance and
closing by the rule."""
from datetime import datetime, timedelta

import pytest

from portal.registrations import services as registering
from portal.registrations.models import Attendance, Registration
from portal.classes.models import Class, ClassSession
from portal.errors import RuleError
from portal.notify.models import OutboxMessage
from tests.classes.conftest import person
from tests.concurrency import race

pytestmark = pytest.mark.engines
ROUNDS = 3


def counts(klass):
    rows = Registration.select(Registration.status).where(Registration.klass == klass.id)
    statuses = [r.status for r in rows]
    return {s: statuses.count(s) for s in set(statuses)}


def test_seats_then_waiting_list_in_order(create_class, register):
    klass = create_class(capacity=2)
    made = [register(klass, person(n))[0] for n in range(4)]
    assert [r.status for r in made] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.waitlist_position() for r in made[2:]] == [1, 2]
    assert made[0].code.startswith("KLS-") and len(made[0].token) >= 43


def test_confirmation_goes_to_the_outbox_with_a_calendar(create_class, register, sends_email):
    klass = create_class()
    registration, _ = register(klass, person(1, email="warga@contoh.id"))
    messages = list(OutboxMessage.about(registration))
    assert {m.channel for m in messages} == {"whatsapp", "email"}
    assert registration.token in messages[0].body and messages[0].attachment.startswith("BEGIN:VCALENDAR")


def test_same_phone_or_nik_returns_the_first_registration(create_class, register):
    klass = create_class()
    first, created = register(klass, person(1, nik="7371014501900001"))
    again, created_again = register(klass, person(1))
    by_nik, created_nik = register(klass, person(2, nik="7371014501900001"))
    assert created and not created_again and not created_nik
    assert again.id == first.id == by_nik.id


def test_cancelling_frees_the_seat_for_the_first_waiting(app, create_class, register):
    klass = create_class(capacity=1)
    holder, _ = register(klass, person(1))
    first, _ = register(klass, person(2))
    second, _ = register(klass, person(3))
    with app.test_request_context():
        registering.cancel(holder.id)
    assert Registration.get_by_id(first.id).status == "confirmed"
    assert Registration.get_by_id(second.id).waitlist_position() == 1
    assert OutboxMessage.about(first).where(OutboxMessage.topic == "registration.promoted").count() == 1


def test_leaving_the_waiting_list_promotes_nobody(app, create_class, register):
    klass = create_class(capacity=1)
    register(klass, person(1))
    waiting, _ = register(klass, person(2))
    later, _ = register(klass, person(3))
    with app.test_request_context():
        registering.cancel(waiting.id)
    assert Registration.get_by_id(later.id).status == "waitlisted"
    assert Registration.get_by_id(later.id).waitlist_position() == 1


def test_capacity_cannot_drop_below_confirmed_and_raising_it_promotes(app, create_class, register, dummy_staff):
    klass = create_class(capacity=1)
    register(klass, person(1))
    waiting = [register(klass, person(n))[0] for n in (2, 3)]
    with app.test_request_context():
        with pytest.raises(RuleError):
            registering.set_capacity(dummy_staff, klass.id, 0)
        promoted = registering.set_capacity(dummy_staff, klass.id, 2)
    assert [r.id for r in promoted] == [waiting[0].id]
    assert counts(klass) == {"confirmed": 2, "waitlisted": 1}


def test_a_draft_class_takes_no_registration(create_class, register):
    with pytest.raises(RuleError):
        register(create_class(status="draft"), person(1))


@pytest.mark.parametrize("source, refusal", [("online", "tidak dibuka"), ("desk", "sudah dimulai")])
@pytest.mark.parametrize("after_start, taken", [(timedelta(minutes=-1), True), (timedelta(0), False),
                                                (timedelta(days=1), False)])
def test_a_class_takes_registrations_until_its_first_session_starts(clock, create_class, register, dummy_staff,
                                                                    source, refusal, after_start, taken):
    clock.at(datetime(2027, 3, 1, 2, 0))
    klass = create_class(capacity=5)
    at, actor = klass.starts_at + after_start, dummy_staff if source == "desk" else None
    if taken:
        assert register(klass, person(1), now=at, source=source, actor=actor)[0].status == "confirmed"
    else:
        with pytest.raises(RuleError, match=refusal):
            register(klass, person(1), now=at, source=source, actor=actor)
    assert Registration.select().where(Registration.klass == klass.id).count() == int(taken)
    assert OutboxMessage.select().where(OutboxMessage.object_type == "registration").exists() == taken


def test_many_people_racing_for_the_last_seats_never_overbook(app, create_class):
    """Invariant 1: confirmed never exceeds capacity; everyone else waits."""
    for _ in range(ROUNDS):
        klass = create_class(capacity=5)
        results = race(app, [lambda n=n: registering.register(klass.id, person(n)) for n in range(16)])
        assert not [r for r in results if isinstance(r, Exception)]
        assert counts(klass) == {"confirmed": 5, "waitlisted": 11}


def test_a_double_submit_makes_one_row(app, create_class):
    """Invariant 2: the same person submitting many times at once holds one registration."""
    for _ in range(ROUNDS):
        klass = create_class(capacity=5)
        results = race(app, [lambda: registering.register(klass.id, person(7)) for _ in range(10)])
        assert not [r for r in results if isinstance(r, Exception)]
        assert len({registration.id for registration, _ in results}) == 1
        assert sum(created for _, created in results) == 1
        assert Registration.select().where(Registration.klass == klass.id).count() == 1


def told_places(klass):
    """{registration id: the waiting-list place its WhatsApp message told} for a class."""
    return {registration.id: message.parameters["position"]
            for registration in Registration.select().where(Registration.klass == klass.id)
            for message in OutboxMessage.about(registration).where(OutboxMessage.topic == "registration.waitlisted",
                                                                    OutboxMessage.channel == "whatsapp")}


def test_each_of_many_joining_the_waiting_list_at_once_is_told_a_place_of_their_own(app, create_class):
    """Invariant 4's list: the places told are 1…n once each, and the list keeps the order they were told in."""
    for _ in range(ROUNDS):
        klass = create_class(capacity=2)
        results = race(app, [lambda n=n: registering.register(klass.id, person(n)) for n in range(16)])
        assert not [r for r in results if isinstance(r, Exception)]
        told = told_places(klass)
        assert sorted(told.values()) == list(range(1, 15))
        assert Registration.waitlist_positions(klass.id) == told


def test_freed_seats_go_to_the_first_waiting_exactly_once(app, create_class, register):
    """Invariant 4: concurrent cancellations promote the head of the queue, once each."""
    for _ in range(ROUNDS):
        klass = create_class(capacity=3)
        holders = [register(klass, person(n))[0] for n in range(3)]
        waiting = [register(klass, person(n))[0] for n in range(3, 9)]
        jobs = [lambda r=r: registering.cancel(r.id) for r in holders]
        jobs += [lambda r=holders[0]: registering.cancel(r.id)]  # a double cancel on top
        jobs += [lambda n=n: registering.register(klass.id, person(n)) for n in range(20, 23)]
        results = race(app, jobs)
        assert not [r for r in results if isinstance(r, Exception)]
        assert counts(klass) == {"cancelled": 3, "confirmed": 3, "waitlisted": 6}
        confirmed = Registration.select().where(Registration.klass == klass.id, Registration.status == "confirmed")
        assert {r.id for r in confirmed} == {r.id for r in waiting[:3]}
        promotions = OutboxMessage.select().where(OutboxMessage.topic == "registration.promoted",
                                                 OutboxMessage.object_id.in_([str(r.id) for r in waiting]))
        assert promotions.count() == 3


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
                registering.mark_attendance(dummy_staff, registration, session, True)
        registering.mark_attendance(dummy_staff, people[2], sessions[1], False)
        registering.close_class(dummy_staff, klass.id)
    assert [Registration.get_by_id(r.id).status for r in people] == expected
    assert Class.get_by_id(klass.id).status == "closed"


def test_attendance_is_taken_only_once_a_session_has_begun(app, create_class, register, dummy_staff):
    klass = create_class(sessions=2)
    registration, _ = register(klass, person(1))
    first, second = ClassSession.of(klass.id)
    with app.test_request_context():
        with pytest.raises(RuleError, match="setelah sesi dimulai"):
            registering.mark_attendance(dummy_staff, registration, first, True, now=first.starts_at - timedelta(minutes=1))
        registering.mark_attendance(dummy_staff, registration, first, True, now=first.starts_at)
        with pytest.raises(RuleError, match="setelah sesi dimulai"):
            registering.mark_attendance(dummy_staff, registration, second, True, now=first.ends_at)
    assert [a.session_id for a in Attendance.select()] == [first.id]


def test_a_class_closes_only_after_its_last_session_and_tells_who_did_not_complete(app, create_class, register,
                                                                                  dummy_staff):
    klass = create_class(sessions=2)
    done, missed = register(klass, person(1))[0], register(klass, person(2))[0]
    first, last = ClassSession.of(klass.id)
    with app.test_request_context():
        for session in (first, last):
            registering.mark_attendance(dummy_staff, done, session, True, now=session.starts_at)
        with pytest.raises(RuleError, match="sesi terakhirnya selesai"):
            registering.close_class(dummy_staff, klass.id, now=last.ends_at - timedelta(minutes=1))
        assert Class.get_by_id(klass.id).status == "published"
        registering.close_class(dummy_staff, klass.id, now=last.ends_at)
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
        registering.mark_attendance(dummy_staff, waiting, session, True)
