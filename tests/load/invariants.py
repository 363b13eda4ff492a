"""DESIGN.md §3 read back from the database after a load: each function returns what breaks a rule (empty
when the rule holds), so a failing assertion shows the offending rows."""
from collections import Counter

import peewee as pw

from portal.audit.models import AuditLog
from portal.classes.models import Class
from portal.counseling.models import Appointment, AppointmentChange
from portal.notify.models import OutboxMessage
from portal.registrations.models import ACTIVE, Registration

FIRST_NEWS = {"confirmed": "registration.confirmed", "waitlisted": "registration.waitlisted"}


def overbooked_classes():
    """Invariant 1: (class, capacity, confirmed) where more are confirmed than there are seats."""
    confirmed = pw.fn.COUNT(Registration.id)
    query = (Registration.select(Registration.klass, Class.capacity, confirmed).join(Class)
             .where(Registration.status == "confirmed").group_by(Registration.klass, Class.capacity)
             .having(confirmed > Class.capacity))
    return list(query.tuples())


def people_registered_twice():
    """Invariant 2: (class, phone, count) of a person holding more than one active registration in a class."""
    count = pw.fn.COUNT(Registration.id)
    query = (Registration.select(Registration.klass, Registration.phone, count)
             .where(Registration.status.in_(ACTIVE)).group_by(Registration.klass, Registration.phone)
             .having(count > 1))
    return list(query.tuples())


def registrations_without_class():
    """Registrations whose class row is missing."""
    query = (Registration.select(Registration.id).join(Class, pw.JOIN.LEFT_OUTER)
             .where(Class.id.is_null()))
    return [registration_id for (registration_id,) in query.tuples()]


def half_written_registrations():
    """Registrations whose columns disagree with their status, or that lack what every one is made with."""
    return [r.id for r in Registration.select()
            if not (r.code and r.token and r.name and r.phone and r.consent_version and r.consent_at)
            or (r.status == "confirmed") != (r.confirmed_at is not None)]


def registration_messages():
    """{registration id: [(topic, parameters)]} of the outbox."""
    messages = {}
    query = OutboxMessage.select().where(OutboxMessage.object_type == Registration._meta.table_name,
                                         OutboxMessage.channel == "whatsapp")
    for message in query:
        messages.setdefault(int(message.object_id), []).append((message.topic, message.parameters))
    return messages


def registrations_without_first_news():
    """Registrations without the message their own transaction queues (confirmation or waiting-list place)."""
    messages = registration_messages()
    return [r.id for r in Registration.select() if r.status in FIRST_NEWS
            and FIRST_NEWS[r.status] not in {topic for topic, _ in messages.get(r.id, [])}]


def messages_without_registration():
    """Outbox messages about a registration that does not exist."""
    known = {registration_id for (registration_id,) in Registration.select(Registration.id).tuples()}
    return sorted(set(registration_messages()) - known)


def waiting_places_told_twice():
    """(class, place, how many) where several people were told the same place on the waiting list."""
    told = Counter()
    klass_of = dict(Registration.select(Registration.id, Registration.klass).tuples())
    for registration_id, messages in registration_messages().items():
        for topic, parameters in messages:
            if topic == "registration.waitlisted":
                told[klass_of.get(registration_id), parameters["position"]] += 1
    return [(klass, place, n) for (klass, place), n in sorted(told.items()) if n > 1]


def torn_registrations():
    """Every rule about registrations at once, by name: what a killed request could have left behind."""
    return {name: found for name, found in {
        "overbooked": overbooked_classes(),
        "registered twice": people_registered_twice(),
        "without class": registrations_without_class(),
        "half written": half_written_registrations(),
        "without first news": registrations_without_first_news(),
        "news without registration": messages_without_registration(),
    }.items() if found}


def overlapping_appointments():
    """Invariant 3: pairs of one counsellor's active appointments whose times (rest included) overlap."""
    active = list(Appointment.select().where(Appointment.status.in_(("pending", "confirmed")))
                  .order_by(Appointment.counsellor, Appointment.starts_at))
    return [(a.id, b.id) for a, b in zip(active, active[1:])
            if a.counsellor_id == b.counsellor_id and a.blocked_until > b.starts_at]


def appointments_without_trail():
    """Appointments missing what booking writes in the same transaction: the history row, the audit row and
    the confirmation message."""
    ids = {str(appointment_id) for (appointment_id,) in Appointment.select(Appointment.id).tuples()}
    booked = {str(a) for (a,) in AppointmentChange.select(AppointmentChange.appointment)
              .where(AppointmentChange.action == "booked").tuples()}
    audited = {o for (o,) in AuditLog.select(AuditLog.object_id).where(AuditLog.action == "appointment.book").tuples()}
    told = {o for (o,) in OutboxMessage.select(OutboxMessage.object_id)
            .where(OutboxMessage.object_type == Appointment._meta.table_name).tuples()}
    return {name: sorted(ids - found) for name, found in
            {"history": booked, "audit": audited, "message": told}.items() if ids - found}
