"""The torn-state queries the load tests end with find damage planted on purpose (so a load test that finds
nothing has looked), and the database itself refuses what it can."""
from datetime import timedelta

import peewee as pw
import pytest

from portal.counseling import services
from portal.counseling.models import Appointment
from portal.db import database
from portal.notify.models import OutboxMessage
from portal.registrations.models import Registration
from tests.classes.conftest import person
from tests.counseling.conftest import person as booking_person
from tests.load.invariants import (appointments_without_trail, overlapping_appointments, torn_registrations,
                                   waiting_places_told_twice)

pytestmark = pytest.mark.engines


def test_planted_registration_damage_is_found(app_context, create_class, register):
    klass = create_class(capacity=1)
    first, _ = register(klass, person(1))
    register(klass, person(2))
    assert torn_registrations() == {} and waiting_places_told_twice() == []
    fields = {f: getattr(first, f) for f in ("name", "gender", "consent_version", "consent_at")}
    planted = Registration.create(klass=klass, code="KLS-PLANT", token="planted", status="confirmed",
                                  phone="+6281299990000", **fields)  # no confirmed_at, no message
    OutboxMessage.create(channel="whatsapp", recipient="+62", body="-", topic="registration.waitlisted",
                         object_type="registration", object_id="987654", params='{"position": 1}')
    assert torn_registrations() == {
        "overbooked": [(klass.id, 1, 2)], "half written": [planted.id],
        "without first news": [planted.id], "news without registration": [987654]}
    with pytest.raises(pw.IntegrityError), database.atomic():  # a second live registration: the index refuses
        Registration.create(**{**fields, "klass": klass, "code": "KLS-TWICE", "token": "twice",
                               "status": "waitlisted", "phone": first.phone})


def test_planted_appointment_damage_is_found(app_context, service, create_counsellor):
    create_counsellor(service)
    day = services.open_days(service, "offline")[0]
    booked = services.book(service, "offline", min(services.free_slots(service, "offline", day)),
                           booking_person(1))
    assert overlapping_appointments() == [] and appointments_without_trail() == {}
    copy = {f: getattr(booked, f) for f in ("unit", "service", "counsellor", "mode", "name", "phone", "for_whom",
                                            "gender", "age_group", "consent_version", "consent_at")}
    later = booked.starts_at + timedelta(minutes=30)  # inside the first one's hour: no index catches this
    planted = Appointment.create(**copy, starts_at=later, ends_at=later + service.duration,
                                 blocked_until=later + service.duration + service.buffer, status="confirmed",
                                 code="KNS-PLANT", token="planted")
    assert overlapping_appointments() == [(booked.id, planted.id)]
    assert appointments_without_trail() == {name: [str(planted.id)] for name in ("history", "audit", "message")}
