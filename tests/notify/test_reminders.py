"""Reminders the day before and two hours before, for class sessions and appointments: each queued once per
time however many schedulers run, none for a cancelled appointment, a moved one's for its new time only, none
whose time has passed, none a unit turned off; a reminder that waited past its use is not sent."""
from datetime import timedelta

import pytest

from portal.config import link_context
from portal.counseling import services as counseling
from portal.classes.models import ClassSession
from portal.notify.models import OutboxMessage
from portal.worker import schedule_reminders
from tests.concurrency import race
from tests.counseling.conftest import NOW, person
from tests.counseling.test_services import WEDNESDAY, wita
from tests.registrations.test_services import person as registrant

pytestmark = pytest.mark.engines
START = wita(WEDNESDAY, 9)


def reminders(**where):
    query = OutboxMessage.select().where(OutboxMessage.topic.startswith("reminder."),
                                         OutboxMessage.channel == "whatsapp")
    for name, value in where.items():
        query = query.where(getattr(OutboxMessage, name) == value)
    return list(query.order_by(OutboxMessage.due_at))


def schedule(app, now):
    with link_context(app):
        return schedule_reminders(now)


@pytest.fixture
def appointment(app, app_context, create_service, create_counsellor):
    service = create_service(modes="offline,video")
    create_counsellor(service)
    return counseling.book(service, "video", START, person(1), NOW)


def test_an_appointment_gets_both_reminders_once_however_often_the_scheduler_runs(app, appointment):
    for _ in range(3):
        schedule(app, START - timedelta(hours=25))
    day_before, two_hours = reminders(status="pending")
    assert (day_before.topic, two_hours.topic) == ("reminder.appointment_day_before",
                                                   "reminder.appointment_two_hours")
    assert (day_before.due_at, two_hours.due_at) == (START - timedelta(hours=24), START - timedelta(hours=2))
    assert "09.00–10.00 WITA" in day_before.body and "besok" in day_before.body
    assert appointment.token in two_hours.body and two_hours.body.count("http://127.0.0.1:5000/") == 1
    assert "Konseling" not in day_before.body and "bertengkar" not in day_before.body


def test_two_schedulers_at_once_queue_one_reminder_each(app, appointment):
    results = race(app, [lambda: schedule(app, START - timedelta(hours=25)) for _ in range(6)])
    assert not [r for r in results if isinstance(r, Exception)]  # each waited its turn, none gave up
    assert [m.topic for m in reminders()] == ["reminder.appointment_day_before", "reminder.appointment_two_hours"]


def test_a_cancelled_appointment_gets_none(app, appointment):
    schedule(app, START - timedelta(hours=25))
    counseling.cancel(appointment, NOW)
    schedule(app, START - timedelta(hours=23))
    assert reminders(status="pending") == [] and len(reminders(status="cancelled")) == 2


def test_a_moved_appointment_is_reminded_for_its_new_time_only(app, appointment):
    schedule(app, START - timedelta(hours=25))
    later = START + timedelta(hours=5)
    counseling.reschedule(appointment, later, NOW)
    schedule(app, later - timedelta(hours=25))
    waiting = reminders(status="pending")
    assert [m.due_at for m in waiting] == [later - timedelta(hours=24), later - timedelta(hours=2)]
    assert all("14.00–15.00 WITA" in m.body for m in waiting)


def test_a_time_already_past_is_not_reminded(app, appointment):
    schedule(app, START - timedelta(hours=1))  # both reminder times have passed
    assert reminders() == []
    schedule(app, START - timedelta(hours=3))  # the day-before time has passed, two hours has not
    assert [m.topic for m in reminders()] == ["reminder.appointment_two_hours"]


def test_a_unit_can_turn_either_reminder_off(app, appointment, dummy_unit):
    dummy_unit.remind_two_hours = False
    dummy_unit.save()
    schedule(app, START - timedelta(hours=25))
    assert [m.topic for m in reminders()] == ["reminder.appointment_day_before"]


def test_a_video_reminder_carries_the_link_once_it_is_set(app, appointment, dummy_staff):
    counseling.set_video_link(dummy_staff, appointment, "https://meet.contoh.go.id/abc")
    schedule(app, START - timedelta(hours=25))
    assert all("https://meet.contoh.go.id/abc" in m.body for m in reminders())


def test_a_reminder_that_waited_past_its_use_is_not_sent(app, appointment):
    schedule(app, START - timedelta(hours=25))
    schedule(app, START + timedelta(minutes=30))  # the worker was down: both are now too late
    assert reminders(status="pending") == [] and {m.cancel_reason for m in reminders()} == {"too_late"}


def test_a_class_session_reminds_the_confirmed_seats_only_with_the_venue_and_online_link(app, create_class,
                                                                                        register):
    klass = create_class(capacity=1, mode="hybrid", venue="Aula Kantor")
    seated, _ = register(klass, registrant(1))
    waiting, _ = register(klass, registrant(2))
    first = ClassSession.of(klass.id)[0]
    schedule(app, first.starts_at - timedelta(hours=25))
    told = reminders()
    assert {m.object_id for m in told} == {str(seated.id)} and len(told) == 2
    assert all("Aula Kantor" in m.body and "https://meet.contoh.go.id/x" in m.body for m in told)
    assert waiting.status == "waitlisted"


def test_a_session_taken_off_the_schedule_is_not_reminded(app, create_class, register, dummy_staff):
    from portal.classes import services as classes

    klass = create_class(sessions=2)
    register(klass, registrant(1))
    first, second = ClassSession.of(klass.id)
    schedule(app, first.starts_at - timedelta(hours=25))
    assert len(reminders(status="pending")) == 2
    classes.remove_session(dummy_staff, klass, first.id)
    assert reminders(status="pending") == [] and {m.cancel_reason for m in reminders()} == {"session_removed"}
