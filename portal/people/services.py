"""Erasing a person's data, on their request or by the retention rule (DESIGN.md invariant 6).

Nothing is deleted: each record is anonymised in place and keeps what the reports count (status, dates, gender,
age group, kecamatan, category, service, mode, class, unit). A registration is changed under the locks its own
feature changes it under (the class row, the unit's certificate counter), an appointment under its counsellor's,
a request or a case under its own row; and only while `anonymised_at` is still empty. So a concurrent
cancellation cannot write the old name back, and two erasures never anonymise a row twice. Only the kept
renderings of certificates go: they are a cache of a document that names the person.
"""
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from datetime import timedelta

import peewee as pw

from portal.audit.services import record
from portal.cases.models import Case, CaseNote, Referral
from portal.certificates.models import Certificate, CertificateFile, CertificateSequence
from portal.registrations.models import ACTIVE as ACTIVE_REGISTRATION
from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.counseling.models import Appointment
from portal.counseling.services import locked_counsellors
from portal.db import utcnow, write_lock
from portal.i18n import local_from_utc
from portal.inquiries.models import OPEN as OPEN_INQUIRY
from portal.inquiries.models import Inquiry, InquiryEvent
from portal.notify.models import OutboxMessage
from portal.people.holdings import about
from portal.units.models import Unit

ERASED = "(dihapus)"  # stands where a name was, so lists still read as lists
# A reassigned appointment is looked for again under its new counsellor's lock; this many times at most.
APPOINTMENT_ROUNDS = 3


@dataclass
class Counts:
    """How many rows of each kind an erasure or a retention run anonymised."""

    registrations: int = 0
    certificates: int = 0
    appointments: int = 0
    inquiries: int = 0
    cases: int = 0
    messages: int = 0

    def __add__(self, other):
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def total(self):
        return sum(asdict(self).values())

    def detail(self):
        """For the audit log and the command's output: numbers only."""
        return " ".join(f"{name}={n}" for name, n in asdict(self).items())


def redact_messages(condition):
    """Empty the address, text, parameters and attachment of outbox messages not redacted yet, and take those
    still waiting out of line; returns how many."""
    (OutboxMessage.update(status="cancelled", cancel_reason="erased", claimed_by="", claimed_until=None)
     .where(condition, OutboxMessage.status.in_(("pending", "failed", "sending"))).execute())
    return (OutboxMessage.update(recipient="", body=ERASED, params="{}", attachment="")
            .where(condition, OutboxMessage.recipient != "").execute())


# Class registrations and their certificates.

def registration_lock(klass_id, now):
    """The unit's certificate counter of this year (certificates are issued, revoked and reissued under it) and the
    class row (seats, invariants 1, 2, 4), locked in one statement in that order: issuing holds the counter first and
    then needs the class row for its new certificate's foreign key."""
    unit = Unit.select(Unit.id, Unit.timezone).join(Class).where(Class.id == klass_id).get()
    year = local_from_utc(now, unit.timezone).year
    CertificateSequence.ensure(unit.id, year)
    return write_lock(CertificateSequence.select(CertificateSequence.id)
                      .join(Class, on=(Class.unit == CertificateSequence.unit))
                      .where(CertificateSequence.unit == unit.id, CertificateSequence.year == year,
                             Class.id == klass_id))


def erased_registration(registration, now):
    """A registration's personal columns emptied. A live one keeps a phone of its own, because one live
    registration per phone and class is a unique index (invariant 2)."""
    return {
        Registration.name: ERASED,
        Registration.phone: f"dihapus-{registration.id}" if registration.status in ACTIVE_REGISTRATION else "",
        Registration.email: "", Registration.nik: None,
        Registration.partner_name: ERASED if registration.partner_name else "",
        Registration.wedding_date: None, Registration.children_age_groups: "",
        Registration.anonymised_at: now,
    }


def anonymise_registrations(klass_id, ids, now):
    """Anonymise these registrations of one class, their certificates and the messages about them."""
    with registration_lock(klass_id, now):
        rows = list(Registration.select().where(Registration.id.in_(ids), Registration.klass == klass_id,
                                                Registration.anonymised_at.is_null()))
        for registration in rows:
            Registration.update(erased_registration(registration, now)).where(
                Registration.id == registration.id).execute()
        done = [r.id for r in rows]
        certificate_ids = [c for (c,) in Certificate.select(Certificate.id)
                           .where(Certificate.registration.in_(done)).tuples()]
        (Certificate.update(holder_name=ERASED,
                            partner_name=pw.Case(None, [(Certificate.partner_name != "", ERASED)], ""))
         .where(Certificate.id.in_(certificate_ids)).execute())
        CertificateFile.forget(certificate_ids)
        messages = redact_messages(about(Registration, done) | about(Certificate, certificate_ids))
    return Counts(registrations=len(done), certificates=len(certificate_ids), messages=messages)


# Counselling appointments.

def anonymise_appointments(ids, now):
    """Anonymise these appointments under their counsellor's lock (the one every booking change takes)."""
    counts = Counts()
    for _round in range(APPOINTMENT_ROUNDS):
        by_counsellor = defaultdict(list)
        for appointment_id, counsellor_id in (Appointment.select(Appointment.id, Appointment.counsellor)
                                              .where(Appointment.id.in_(ids), Appointment.anonymised_at.is_null())
                                              .tuples()):
            by_counsellor[counsellor_id].append(appointment_id)
        if not by_counsellor:
            break
        for counsellor_id, group in sorted(by_counsellor.items()):
            with locked_counsellors([counsellor_id]):
                done = [a for (a,) in Appointment.select(Appointment.id).where(
                    Appointment.id.in_(group), Appointment.counsellor == counsellor_id,
                    Appointment.anonymised_at.is_null()).tuples()]
                Appointment.update(name=ERASED, phone="", email="", concern=None, cancel_reason="",
                                   anonymised_at=now).where(Appointment.id.in_(done)).execute()
                counts += Counts(appointments=len(done), messages=redact_messages(about(Appointment, done)))
    return counts


# Requests and cases: their own rows are the lock.

def anonymise_inquiries(ids, now):
    """Anonymise these requests: name, phone, message and every answer written to the citizen."""
    query = Inquiry.select(Inquiry.id).where(Inquiry.id.in_(ids), Inquiry.anonymised_at.is_null())
    with write_lock(query.order_by(Inquiry.id)) as rows:
        done = [row.id for row in rows]
        Inquiry.update(name=ERASED, phone="", message=None, anonymised_at=now).where(Inquiry.id.in_(done)).execute()
        InquiryEvent.update(answer=None).where(InquiryEvent.inquiry.in_(done)).execute()
        messages = redact_messages(about(Inquiry, done))
    return Counts(inquiries=len(done), messages=messages)


def anonymise_cases(ids, now):
    """Anonymise these cases: who the client is, every note's text, every referral's reason and chronology."""
    query = Case.select(Case.id).where(Case.id.in_(ids), Case.anonymised_at.is_null())
    with write_lock(query.order_by(Case.id)) as rows:
        done = [row.id for row in rows]
        Case.update(client_name=ERASED, client_phone="", client_nik=None, kelurahan="",
                    anonymised_at=now).where(Case.id.in_(done)).execute()
        CaseNote.update(body=ERASED).where(CaseNote.case.in_(done)).execute()
        Referral.update(reason=ERASED, chronology=ERASED, services_given="").where(Referral.case.in_(done)).execute()
        messages = redact_messages(about(Case, done))
    return Counts(cases=len(done), messages=messages)


def anonymise(registrations_by_class, appointment_ids, inquiry_ids, case_ids, now):
    """Anonymise the records named, kind by kind; rows already anonymised are left as they are."""
    counts = Counts()
    for klass_id, ids in sorted(registrations_by_class.items()):
        counts += anonymise_registrations(klass_id, ids, now)
    if appointment_ids:
        counts += anonymise_appointments(appointment_ids, now)
    if inquiry_ids:
        counts += anonymise_inquiries(inquiry_ids, now)
    if case_ids:
        counts += anonymise_cases(case_ids, now)
    return counts


def erase(actor, held, now=None):
    """Erase what `held` (a person's Holdings) found, and the messages sent to their number or email."""
    now = now or utcnow()
    counts = anonymise(held.registrations_by_class(), [a.id for a in held.appointments],
                       [i.id for i in held.inquiries], [c.id for c in held.cases], now)
    counts += Counts(messages=redact_messages(OutboxMessage.id.in_([m.id for m in held.messages])))
    record("person.erase", actor, None, counts.detail(), unit_id=actor.unit_id)
    return counts


# Retention: what ended before the cutoff.

class Expired:
    """The ids of every record whose life ended before `cutoff` and that is not anonymised yet (all units)."""

    def __init__(self, cutoff):
        open_cases = Case.select(Case.id).where(Case.status == "open")
        in_open_case = Case.select(Case.inquiry).where(Case.id.in_(open_cases), Case.inquiry.is_null(False))
        booked_for_open_case = Case.select(Case.appointment).where(Case.id.in_(open_cases),
                                                                  Case.appointment.is_null(False))
        self.registrations = defaultdict(list)
        for registration_id, klass_id in (
                Registration.select(Registration.id, Registration.klass).join(Class)
                .where(Registration.anonymised_at.is_null(),
                       pw.fn.COALESCE(Class.ends_at, Class.created_at) < cutoff).tuples()):
            self.registrations[klass_id].append(registration_id)
        self.appointments = ids_of(Appointment.select(Appointment.id).where(
            Appointment.anonymised_at.is_null(), Appointment.ends_at < cutoff,
            Appointment.id.not_in(booked_for_open_case)))
        self.inquiries = ids_of(Inquiry.select(Inquiry.id).where(
            Inquiry.anonymised_at.is_null(), Inquiry.updated_at < cutoff, Inquiry.status.not_in(OPEN_INQUIRY),
            Inquiry.id.not_in(in_open_case)))
        self.cases = ids_of(Case.select(Case.id).where(
            Case.anonymised_at.is_null(), Case.status == "closed", Case.closed_at < cutoff))

    def counts(self):
        """What a run would anonymise, counted without changing anything."""
        registration_ids = [i for ids in self.registrations.values() for i in ids]
        certificate_ids = ids_of(Certificate.select(Certificate.id)
                                 .where(Certificate.registration.in_(registration_ids)))
        messages = OutboxMessage.select().where(
            about(Registration, registration_ids) | about(Certificate, certificate_ids)
            | about(Appointment, self.appointments) | about(Inquiry, self.inquiries) | about(Case, self.cases),
            OutboxMessage.recipient != "").count()
        return Counts(len(registration_ids), len(certificate_ids), len(self.appointments), len(self.inquiries),
                      len(self.cases), messages)


def ids_of(query):
    return [row_id for (row_id,) in query.tuples()]


def run_retention(days, now=None, dry_run=False):
    """Anonymise, with the code of an erasure, every record that ended more than `days` ago; open cases stay."""
    now = now or utcnow()
    due = Expired(now - timedelta(days=days))
    if dry_run:
        return due.counts()
    counts = anonymise(due.registrations, due.appointments, due.inquiries, due.cases, now)
    record("retention.run", None, None, f"days={days} {counts.detail()}")
    return counts
