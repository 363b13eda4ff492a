"""The demo tells the same story whatever day it is seeded: each booking on the working day and with the
counsellor it names, classes on their weekdays, the past already held. Seeded at every moment the CI clock
runs at, and at the run's own "now"."""
from datetime import timedelta

import pytest

from portal import demo
from portal.certificates.models import Certificate
from portal.classes.demo import AWAITING_CLOSE, CLASSES, PAST_CLASSES
from portal.registrations.models import Registration
from portal.classes.models import Class, ClassSession
from portal.counseling.demo import BOOKINGS, HELD
from portal.availability.models import ClosedDay
from portal.counseling.models import Appointment
from portal.db import utcnow
from portal.i18n import local_from_utc
from portal.staff.models import Staff
from tests.clock import MOMENTS, moment


@pytest.mark.parametrize("at", ["now", *MOMENTS])
def test_the_demo_tells_the_same_story_on_any_day(app, clock, at):
    if at != "now":
        clock.at(moment(at))
    seeded_at = utcnow()
    with app.test_request_context():
        demo.seed(now=seeded_at)
    bookings_land_on_coming_working_days_with_their_own_counsellor(seeded_at)
    the_urgent_booking_is_budis_and_pending_ones_wait_in_both_units()
    held_appointments_lie_in_the_past_with_their_outcome(seeded_at)
    classes_keep_their_weekdays_and_the_past_ones_are_held_and_certified(seeded_at)


def local_day(appointment):
    return local_from_utc(appointment.starts_at, appointment.unit.timezone).date()


def bookings_land_on_coming_working_days_with_their_own_counsellor(seeded_at):
    coming = Appointment.select().where(Appointment.starts_at > seeded_at).order_by(Appointment.starts_at)
    assert coming.count() == len(BOOKINGS)
    closed = {(c.unit_id, c.day) for c in ClosedDay.select()}
    for row in BOOKINGS:
        code, _, email, mode, _, hour, name = row[:7]
        booked = coming.where(Appointment.name == name).get()
        assert booked.counsellor_id == Staff.by_email(email).id and booked.mode == mode and booked.unit.code == code
        assert local_from_utc(booked.starts_at, booked.unit.timezone).hour == hour
        assert local_day(booked).weekday() < 5 and (booked.unit_id, local_day(booked)) not in closed
        assert booked.starts_at - seeded_at > timedelta(hours=24)  # past every notice rule


def the_urgent_booking_is_budis_and_pending_ones_wait_in_both_units():
    urgent = Appointment.get(Appointment.urgent == True)  # noqa: E712
    assert urgent.counsellor.email == "konselor@puspaga.test" and urgent.status == "confirmed"
    pending = Appointment.select().where(Appointment.status == "pending")
    assert {a.unit.code for a in pending} == {"MKS", "SLM"}


def held_appointments_lie_in_the_past_with_their_outcome(seeded_at):
    outcomes = {"complete": "completed", "no_show": "no_show"}
    for code, _, email, _, _, name, _, outcome in HELD:
        held = Appointment.get(Appointment.name == name)
        assert held.ends_at < seeded_at and held.status == outcomes[outcome]
        assert held.counsellor.email == email and local_day(held).weekday() < 5


def classes_keep_their_weekdays_and_the_past_ones_are_held_and_certified(seeded_at):
    weekdays = {row[2]: row[5] for row in CLASSES} | {row[2]: row[3] for row in PAST_CLASSES + AWAITING_CLOSE}
    for klass in Class.select():
        weekday = weekdays[klass.title]
        days = {local_from_utc(s.starts_at, klass.unit.timezone).date() for s in ClassSession.of(klass.id)}
        assert {d.weekday() for d in days} == {weekday}
        if klass.status == "closed":
            assert klass.ends_at < seeded_at
            assert Certificate.select().where(Certificate.klass == klass.id).exists()
        elif klass.title in {row[2] for row in AWAITING_CLOSE}:
            assert klass.status == "published" and klass.ends_at < seeded_at
        else:
            assert klass.status == "published" and klass.starts_at > seeded_at
    assert Class.select().where(Class.status == "closed").count() == len(PAST_CLASSES)
    assert Registration.select().where(Registration.status == "waitlisted").exists()
    for certificate in Certificate.select():
        assert certificate.issued_at >= certificate.klass.ends_at
