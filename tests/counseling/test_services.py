"""Booking, moving and cancelling appointments against the database, and invariant 3 under concurrent requests."""
from datetime import date, datetime, timedelta

import peewee as pw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.audit.models import AuditLog
from portal.counseling import services
from portal.availability.models import ClosedDay, CounsellorService, DateException, Service
from portal.counseling.models import Appointment, AppointmentChange
from portal.db import database
from portal.errors import RuleError
from portal.notify.models import OutboxMessage
from tests.concurrency import race
from tests.counseling.conftest import NOW, person

pytestmark = pytest.mark.engines
ROUNDS = 3
WEDNESDAY = date(2026, 11, 25)


def wita(day, hour, minute=0):
    """A local Makassar time as stored (naive UTC)."""
    return datetime(day.year, day.month, day.day, hour, minute) - timedelta(hours=8)


def hours_of(starts):
    return [(s + timedelta(hours=8)).strftime("%H.%M") for s in starts]


def test_free_slots_keep_to_hours_breaks_and_other_bookings(app_context, service, create_counsellor):
    create_counsellor(service)
    day = services.free_slots(service, "offline", WEDNESDAY, NOW)
    assert hours_of(day) == ["08.00", "08.30", "09.00", "09.30", "10.00", "10.30", "11.00",
                             "13.00", "13.30", "14.00", "14.30", "15.00"]
    services.book(service, "offline", wita(WEDNESDAY, 9), person(), NOW)
    # 09.00–10.00 plus a 15-minute rest: nothing may start before 10.15 or end after 09.00.
    assert hours_of(services.free_slots(service, "offline", WEDNESDAY, NOW))[:3] == ["10.30", "11.00", "13.00"]


def test_notice_horizon_closed_days_and_leave(app_context, service, create_counsellor):
    counsellor = create_counsellor(service)
    assert services.free_slots(service, "offline", date(2026, 11, 23), NOW) == {}  # today: under 24 hours' notice
    assert services.free_slots(service, "offline", date(2027, 1, 5), NOW) == {}  # past the 30-day horizon
    ClosedDay.create(unit=service.unit, day=WEDNESDAY, reason="Libur")
    DateException.create(counsellor=counsellor, day=date(2026, 11, 26), kind="off", note="Cuti")
    days = services.open_days(service, "offline", NOW)
    assert WEDNESDAY not in days and date(2026, 11, 26) not in days and date(2026, 11, 24) in days
    assert days[-1] == date(2026, 12, 23)


def test_any_counsellor_means_the_least_booked_that_week(app_context, service, create_counsellor):
    busy, free = create_counsellor(service, name="Sibuk"), create_counsellor(service, name="Lowong")
    services.book(service, "offline", wita(WEDNESDAY, 8), person(1), NOW, counsellor_id=busy.id)
    appointment = services.book(service, "offline", wita(WEDNESDAY, 14), person(2), NOW)
    assert appointment.counsellor_id == free.id


def test_a_service_that_needs_confirmation_starts_pending(app_context, create_service, create_counsellor):
    service = create_service(name="Konsultasi Hukum Keluarga", needs_confirmation=True)
    create_counsellor(service)
    appointment = services.book(service, "video", wita(WEDNESDAY, 10), person(), NOW)
    assert (appointment.status, appointment.confirmed_at) == ("pending", None)
    assert appointment.code.startswith("KNS-") and len(appointment.token) >= 43
    assert Appointment.get_by_id(appointment.id).concern == person()["concern"]
    stored = database.execute_sql("SELECT concern FROM appointment").fetchone()[0]
    assert "bertengkar" not in stored  # encrypted at rest
    assert [c.action for c in AppointmentChange.select()] == ["booked"]
    assert AuditLog.select().where(AuditLog.action == "appointment.book").count() == 1


def test_a_mode_or_service_not_offered_is_refused(app_context, create_service, create_counsellor):
    service = create_service(modes="offline")
    create_counsellor(service)
    with pytest.raises(RuleError):
        services.book(service, "video", wita(WEDNESDAY, 10), person(), NOW)
    service.active = False
    service.save()
    with pytest.raises(RuleError):
        services.book(service, "offline", wita(WEDNESDAY, 10), person(), NOW)
    assert Appointment.select().count() == 0


def test_citizens_change_only_until_the_cutoff(app_context, service, create_counsellor, dummy_staff):
    create_counsellor(service)
    appointment = services.book(service, "offline", wita(WEDNESDAY, 9), person(), NOW)
    late = wita(WEDNESDAY, 9) - timedelta(hours=11)
    with pytest.raises(RuleError, match="12 jam"):
        services.cancel(appointment, late)
    with pytest.raises(RuleError, match="12 jam"):
        services.reschedule(appointment, wita(WEDNESDAY, 14), late)
    moved = services.reschedule(appointment, wita(WEDNESDAY, 14), NOW)
    assert moved.starts_at == wita(WEDNESDAY, 14) and moved.blocked_until == wita(WEDNESDAY, 15, 15)
    assert services.free_slots(service, "offline", WEDNESDAY, NOW).get(wita(WEDNESDAY, 9))  # freed
    cancelled = services.cancel(moved, late, actor=dummy_staff)  # staff may, after the cutoff
    assert cancelled.status == "cancelled"
    assert [c.action for c in AppointmentChange.select().order_by(AppointmentChange.id)] == \
        ["booked", "rescheduled", "cancelled"]


def test_staff_confirm_decline_complete_and_mark_no_shows(app_context, create_service, create_counsellor,
                                                          dummy_staff):
    service = create_service(needs_confirmation=True)
    create_counsellor(service)
    first = services.book(service, "offline", wita(WEDNESDAY, 9), person(1), NOW)
    second = services.book(service, "offline", wita(WEDNESDAY, 13), person(2), NOW)
    assert services.staff_step(dummy_staff, first, "confirm", NOW).status == "confirmed"
    with pytest.raises(RuleError):
        services.staff_step(dummy_staff, first, "complete", NOW)  # not started yet
    after = wita(WEDNESDAY, 11)
    assert services.staff_step(dummy_staff, first, "no_show", after).status == "no_show"
    assert services.staff_step(dummy_staff, second, "decline", NOW).status == "cancelled"
    with pytest.raises(RuleError):
        services.staff_step(dummy_staff, second, "confirm", NOW)


def test_reassigning_needs_a_free_counsellor_of_the_service(app_context, service, create_service,
                                                             create_counsellor, dummy_staff):
    one, two = create_counsellor(service, name="Satu"), create_counsellor(service, name="Dua")
    other = create_counsellor(create_service(name="Konseling Anak & Remaja"), name="Lain")
    appointment = services.book(service, "offline", wita(WEDNESDAY, 9), person(1), NOW, counsellor_id=one.id)
    services.book(service, "offline", wita(WEDNESDAY, 9, 30), person(2), NOW, counsellor_id=two.id)
    with pytest.raises(RuleError, match="sudah punya"):
        services.reassign(dummy_staff, appointment, two.id, NOW)
    with pytest.raises(RuleError, match="tidak memberikan"):
        services.reassign(dummy_staff, appointment, other.id, NOW)
    three = create_counsellor(service, name="Tiga")
    assert services.reassign(dummy_staff, appointment, three.id, NOW).counsellor_id == three.id


def test_the_database_refuses_two_active_appointments_at_one_start(app_context, service, create_counsellor):
    counsellor = create_counsellor(service)
    appointment = services.book(service, "offline", wita(WEDNESDAY, 9), person(), NOW)
    copy = {f: getattr(appointment, f) for f in ("unit", "service", "mode", "starts_at", "ends_at", "blocked_until",
                                                  "name", "phone", "for_whom", "gender", "age_group",
                                                  "consent_version", "consent_at")}
    with pytest.raises(pw.IntegrityError), database.atomic():
        Appointment.create(**copy, counsellor=counsellor, status="pending", code="KNS-X", token="x")


def no_overlaps():
    """Invariant 3 read back: no counsellor's active appointments overlap (buffer included)."""
    active = list(Appointment.select().where(Appointment.status.in_(("pending", "confirmed")))
                  .order_by(Appointment.counsellor, Appointment.starts_at))
    return all(a.counsellor_id != b.counsellor_id or a.blocked_until <= b.starts_at
               for a, b in zip(active, active[1:]))


def test_many_people_racing_for_one_slot_get_it_once(app, service, create_counsellor):
    """Invariant 3: one counsellor, one start, many bookings at the same moment; repeated."""
    with app.test_request_context():
        create_counsellor(service)
    for round_ in range(ROUNDS):
        start = wita(WEDNESDAY, (8, 10, 14)[round_])  # apart by more than an hour and its rest, off the break
        results = race(app, [lambda n=n: services.book(service, "offline", start, person(n), NOW) for n in range(8)])
        assert [type(r) for r in results].count(Appointment) == 1, results
        assert all(isinstance(r, (Appointment, services.SlotTaken)) for r in results), results
    with app.test_request_context():
        assert Appointment.select().count() == ROUNDS and no_overlaps()


def test_overlapping_slots_of_different_services_never_double_book(app, service, create_service,
                                                                    create_counsellor):
    """Invariant 3 across services: an hour at 09.00 and half-hours at 09.30 and 10.00, one counsellor."""
    with app.test_request_context():
        short = create_service(name="Konseling Pranikah", duration_minutes=30, buffer_minutes=0)
        create_counsellor(service, short)
    for round_ in range(ROUNDS):
        day = WEDNESDAY + timedelta(round_)
        jobs = [lambda: services.book(service, "offline", wita(day, 9), person(1), NOW),
                lambda: services.book(short, "offline", wita(day, 9, 30), person(2), NOW),
                lambda: services.book(short, "offline", wita(day, 10), person(3), NOW)] * 3
        results = race(app, jobs)
        won = [r for r in results if isinstance(r, Appointment)]
        assert all(isinstance(r, (Appointment, services.SlotTaken)) for r in results), results
        assert len(won) in (1, 2) and len({(w.service_id, w.starts_at) for w in won}) == len(won)
        with app.test_request_context():
            assert no_overlaps()


def test_reschedules_racing_for_one_slot_move_only_one(app, service, create_counsellor):
    """Invariant 3 for moves: several appointments rescheduled onto the same start at once."""
    with app.test_request_context():
        create_counsellor(service)
        booked = [services.book(service, "offline", wita(WEDNESDAY + timedelta(n), 9), person(n), NOW)
                  for n in range(1, 6)]
    results = race(app, [lambda a=a: services.reschedule(a, wita(WEDNESDAY, 14), NOW) for a in booked])
    assert [type(r) for r in results].count(Appointment) == 1, results
    assert all(isinstance(r, (Appointment, services.SlotTaken)) for r in results), results
    with app.test_request_context():
        assert no_overlaps()
        assert Appointment.select().where(Appointment.starts_at == wita(WEDNESDAY, 14)).count() == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.tuples(st.booleans(), st.integers(0, 6), st.integers(0, 60)), min_size=1, max_size=5))
def test_every_slot_offered_can_be_booked(app_context, service, create_service, create_counsellor, picks):
    """Whatever is already booked, any start the engine offers books, with the counsellor it named."""
    short = Service.get_or_none(Service.name == "Konseling Pranikah") or create_service(
        name="Konseling Pranikah", duration_minutes=45, buffer_minutes=10)
    if not CounsellorService.select().exists():
        create_counsellor(service, short, name="Satu")
        create_counsellor(service, short, name="Dua")
    for use_short, day_offset, index in picks:
        chosen = short if use_short else service
        day = WEDNESDAY + timedelta(day_offset)
        free = services.free_slots(chosen, "video", day, NOW)
        if not free:
            continue
        start = sorted(free)[index % len(free)]
        appointment = services.book(chosen, "video", start, person(index), NOW)
        assert appointment.counsellor_id == free[start]
        assert start not in services.free_slots(chosen, "video", day, NOW, counsellor_id=free[start])
    assert no_overlaps()


def test_every_change_is_told_in_the_outbox_with_the_calendar_and_never_the_concern(
        app_context, create_service, create_counsellor, dummy_staff, sends_email):
    service = create_service(needs_confirmation=True)
    create_counsellor(service)
    appointment = services.book(service, "video", wita(WEDNESDAY, 9), person(email="warga@contoh.id"), NOW)
    services.staff_step(dummy_staff, appointment, "confirm", NOW)
    services.reschedule(appointment, wita(WEDNESDAY, 14), NOW)
    services.cancel(appointment, NOW)
    sent = list(OutboxMessage.select().where(OutboxMessage.channel == "whatsapp").order_by(OutboxMessage.id))
    assert [m.topic for m in sent] == ["appointment.requested", "appointment.confirmed", "appointment.rescheduled",
                                       "appointment.cancelled"]
    assert [bool(m.attachment) for m in sent] == [False, True, True, True]
    assert "DTSTART:20261125T060000Z" in sent[2].attachment and "14.00–15.00 WITA" in sent[2].body
    assert "SEQUENCE:3" in sent[2].attachment  # booked, confirmed, moved: the calendar app updates its copy
    assert "METHOD:CANCEL" in sent[3].attachment and "STATUS:CANCELLED" in sent[3].attachment
    assert all(appointment.token in m.body or m.topic == "appointment.cancelled" for m in sent)
    assert not [m for m in OutboxMessage.select() if "bertengkar" in m.body + m.attachment]
    assert OutboxMessage.select().where(OutboxMessage.channel == "email").count() == 4
