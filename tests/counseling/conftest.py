"""Counselling fixtures: a unit's service and counsellors who work 08.00–16.00 WITA with a lunch break."""
from datetime import datetime, time, timedelta

import pytest

from portal.availability.models import CounsellorService, Service, WorkingHours
from portal.counseling import services

# Monday 23 November 2026, 08.00 WITA: with 24 hours' notice the first bookable day is Tuesday.
NOW = datetime(2026, 11, 23, 0, 0)


def person(n=0, **fields):
    """The details form of someone booking."""
    values = dict(name=f"Warga {n}", phone=f"081234500{n:03d}", email="", for_whom="self", gender="perempuan",
                  age_group="26-35", concern="Sering bertengkar soal pengasuhan anak.", urgent=False)
    values.update(fields)
    return values


@pytest.fixture
def at_monday(clock):
    """Pages and services read the clock: hold it at NOW, so the first open day is a whole Tuesday."""
    return clock.at(NOW)


@pytest.fixture
def create_service(dummy_unit):
    def make(unit=dummy_unit, **fields):
        values = dict(unit=unit, name="Konseling Keluarga", duration_minutes=60, buffer_minutes=15,
                      modes="offline,video,phone")
        values.update(fields)
        return Service.create(**values)

    return make


@pytest.fixture
def service(create_service):
    return create_service()


@pytest.fixture
def start(app, service, create_counsellor):
    """The first free offline time of `service` with one counsellor, as the details step's `mulai` takes it."""
    with app.test_request_context():
        create_counsellor(service)
        day = services.open_days(service, "offline")[0]
        return min(services.free_slots(service, "offline", day)).isoformat() + "Z"


@pytest.fixture
def create_counsellor(create_staff):
    """A konselor of the unit who gives these services in every mode, 08.00–16.00 every day, 12.00–13.00 off."""

    def make(*services, name=None, unit=None):
        staff = create_staff(role="konselor", unit=unit or services[0].unit, name=name or "Konselor")
        for service in services:
            CounsellorService.create(counsellor=staff, service=service, modes="offline,video,phone")
        for weekday in range(7):
            WorkingHours.create(counsellor=staff, weekday=weekday, start=time(8), end=time(16))
            WorkingHours.create(counsellor=staff, weekday=weekday, kind="break", start=time(12), end=time(13))
        return staff

    return make


@pytest.fixture
def booked(at_monday, app_context, create_service, create_counsellor, staff_by_role):
    """A service needing confirmation, two counsellors, and an urgent pending booking with the first."""
    service = create_service(needs_confirmation=True)
    first, second = create_counsellor(service, name="Konselor Satu"), create_counsellor(service, name="Konselor Dua")
    day = services.open_days(service, "video")[0]
    start = min(services.free_slots(service, "video", day, counsellor_id=first.id))
    urgent = services.book(service, "video", start, person(1, urgent=True, concern="Suami memukul saya."),
                           counsellor_id=first.id)
    later = services.book(service, "video", start + timedelta(hours=2), person(2), counsellor_id=first.id)
    return dict(service=service, first=first, second=second, day=day, urgent=urgent, later=later)
