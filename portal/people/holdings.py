"""What the portal holds about one person, found by phone number or NIK within what a staff member may reach.

Case notes are read as "a note exists, by whom, when" and referrals without their reason or chronology: those
columns are never selected here, so nothing built from a `Holdings` (page, JSON, PDF) can show them.
"""
from collections import defaultdict
from dataclasses import dataclass, field

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.cases.models import Case, CaseNote, Referral
from portal.certificates.models import Certificate, CertificateFile
from portal.registrations.models import ACTIVE as ACTIVE_REGISTRATION
from portal.registrations.models import Registration
from portal.classes.models import Class
from portal.counseling.models import ACTIVE as ACTIVE_APPOINTMENT
from portal.availability.models import Service
from portal.counseling.models import Appointment
from portal.inquiries.models import OPEN as OPEN_INQUIRY
from portal.inquiries.models import Inquiry, InquiryEvent
from portal.learning.models import TestAttempt
from portal.notify.models import OutboxMessage
from portal.staff.models import Staff
from portal.units.models import Unit

KINDS = {
    "registrations": _l("Pendaftaran kelas"),
    "certificates": _l("Sertifikat"),
    "appointments": _l("Janji temu konseling"),
    "inquiries": _l("Pengaduan"),
    "cases": _l("Kasus"),
    "messages": _l("Pesan ke warga"),
}
MESSAGE_STATUSES = {"pending": _l("Menunggu dikirim"), "sent": _l("Terkirim"), "failed": _l("Gagal dikirim")}
# What a message says is kept; its calendar attachment is not needed to show or export it.
MESSAGE_COLUMNS = (OutboxMessage.id, OutboxMessage.unit, OutboxMessage.channel, OutboxMessage.recipient,
                   OutboxMessage.subject, OutboxMessage.body, OutboxMessage.status, OutboxMessage.created_at,
                   OutboxMessage.sent_at, OutboxMessage.object_type, OutboxMessage.object_id)


@dataclass
class Who:
    """One person as their records name them: phone numbers (E.164), NIKs and email addresses."""

    phones: set = field(default_factory=set)
    niks: set = field(default_factory=set)
    emails: set = field(default_factory=set)


def scoped(query, unit_column, staff):
    """Only the rows of the staff member's unit, unless they are an organisation admin."""
    return query if staff.is_org_admin else query.where(unit_column == staff.unit_id)


def identify(staff, phone=None, nik=None):
    """The person a phone number or NIK names, with the NIKs or numbers their own records link it to (one step)."""
    who = Who({phone} - {None}, {nik} - {None})
    registrations = scoped(Registration.select(Registration.phone, Registration.nik).join(Class), Class.unit, staff)
    cases = scoped(Case.select(Case.client_phone, Case.client_nik), Case.unit, staff)
    if phone:
        who.niks |= {n for (_, n) in registrations.where(Registration.phone == phone).tuples() if n}
        who.niks |= {n for (_, n) in cases.where(Case.client_phone == phone).tuples() if n}
    if nik:
        who.phones |= {p for (p, _) in registrations.where(Registration.nik == nik).tuples() if p.startswith("+")}
        who.phones |= {p for (p, _) in cases.where(Case.client_phone != "", Case.client_nik == nik).tuples()
                       if p.startswith("+")}
    return who


def about(model, ids):
    """Outbox messages queued about these rows of `model`."""
    return (OutboxMessage.object_type == model._meta.table_name) & OutboxMessage.object_id.in_([str(i) for i in ids])


class Holdings:
    """Everything held about one person that `staff` may reach, read in a fixed number of queries."""

    def __init__(self, staff, who):
        self.staff, self.who = staff, who
        self.registrations = list(scoped(
            Registration.select(Registration, Class, Unit).join(Class).join(Unit)
            .where(Registration.phone.in_(who.phones) | Registration.nik.in_(who.niks)), Class.unit, staff)
            .order_by(Registration.created_at, Registration.id))
        registration_ids = [r.id for r in self.registrations]
        self.certificates = list(Certificate.select(Certificate, Unit).join(Unit)
                                 .where(Certificate.registration.in_(registration_ids))
                                 .order_by(Certificate.issued_at, Certificate.id))
        self.kept = {c for (c,) in CertificateFile.select(CertificateFile.certificate)
                     .where(CertificateFile.certificate.in_([c.id for c in self.certificates])).tuples()}
        self.tests = defaultdict(list)  # a registration's pre-test and post-test, in that order
        for attempt in (TestAttempt.select().where(TestAttempt.registration.in_(registration_ids))
                        .order_by(TestAttempt.taken_at, TestAttempt.id)):
            self.tests[attempt.registration_id].append(attempt)
        self.appointments = list(scoped(
            Appointment.select(Appointment, Service, Unit).join(Service).switch(Appointment).join(Unit)
            .where(Appointment.phone.in_(who.phones)), Appointment.unit, staff)
            .order_by(Appointment.starts_at, Appointment.id))
        self.inquiries = list(scoped(Inquiry.select(Inquiry, Unit).join(Unit).where(Inquiry.phone.in_(who.phones)),
                                     Inquiry.unit, staff).order_by(Inquiry.created_at, Inquiry.id))
        self.events = defaultdict(list)
        for event in (InquiryEvent.select().where(InquiryEvent.inquiry.in_([i.id for i in self.inquiries]))
                      .order_by(InquiryEvent.at, InquiryEvent.id)):
            self.events[event.inquiry_id].append(event)
        self.read_cases(staff)
        who.emails |= {r.email for r in self.registrations if r.email} | {a.email for a in self.appointments if a.email}
        self.messages = list(scoped(OutboxMessage.select(*MESSAGE_COLUMNS, Unit.timezone)
                                    .join(Unit, pw.JOIN.LEFT_OUTER).where(
            OutboxMessage.recipient.in_(who.phones | who.emails) | self.messages_about()), OutboxMessage.unit, staff)
            .order_by(OutboxMessage.created_at, OutboxMessage.id))

    def read_cases(self, staff):
        """Cases whose client this person is (by phone or NIK), with who wrote notes when. A case opened from their
        request or booking about someone else (a neighbour reporting a child, say) is that client's, not theirs:
        it is neither exported to them nor erased at their request."""
        who = self.who
        self.cases = list(scoped(Case.select(Case, Unit).join(Unit).where(
            Case.client_phone.in_(who.phones) | Case.client_nik.in_(who.niks)),
            Case.unit, staff).order_by(Case.opened_at, Case.id))
        case_ids = [c.id for c in self.cases]
        self.notes, self.referrals = defaultdict(list), defaultdict(list)
        for note in (CaseNote.select(CaseNote.id, CaseNote.case, CaseNote.created_at, Staff.name.alias("author"))
                     .join(Staff).where(CaseNote.case.in_(case_ids)).order_by(CaseNote.created_at).namedtuples()):
            self.notes[note.case].append(note)
        for referral in (Referral.select(Referral.id, Referral.case, Referral.number, Referral.destination,
                                         Referral.institution, Referral.status, Referral.created_at)
                         .where(Referral.case.in_(case_ids)).order_by(Referral.created_at)):
            self.referrals[referral.case_id].append(referral)

    def zone_of(self, message):
        """The time zone a message's time is shown in: its unit's (messages without a unit: WIB)."""
        return getattr(message.unit, "timezone", None) or "Asia/Jakarta"

    def messages_about(self):
        """Messages about any of the person's records, whatever address they went to."""
        return (about(Registration, [r.id for r in self.registrations])
                | about(Certificate, [c.id for c in self.certificates])
                | about(Appointment, [a.id for a in self.appointments])
                | about(Inquiry, [i.id for i in self.inquiries]) | about(Case, [c.id for c in self.cases]))

    @property
    def counts(self):
        return {kind: len(getattr(self, kind)) for kind in KINDS}

    @property
    def total(self):
        return sum(self.counts.values())

    def detail(self):
        """The counts for the audit log: numbers only, never who."""
        return " ".join(f"{kind}={n}" for kind, n in self.counts.items())

    def registrations_by_class(self):
        by_class = defaultdict(list)
        for registration in self.registrations:
            by_class[registration.klass_id].append(registration.id)
        return by_class

    def still_running(self):
        """What is still going on (a seat, a booking, an open request or case), which erasing would end for staff."""
        return {
            "registrations": sum(r.status in ACTIVE_REGISTRATION for r in self.registrations),
            "appointments": sum(a.status in ACTIVE_APPOINTMENT for a in self.appointments),
            "inquiries": sum(i.status in OPEN_INQUIRY for i in self.inquiries),
            "cases": sum(c.status == "open" for c in self.cases),
        }

    def units(self):
        """The units the records belong to, by id."""
        found = [r.klass.unit for r in self.registrations] + [a.unit for a in self.appointments]
        found += [i.unit for i in self.inquiries] + [c.unit for c in self.cases]
        return {unit.id: unit for unit in found}


def find(staff, phone=None, nik=None):
    """Everything `staff` may see about the person with this phone number (E.164) or NIK."""
    return Holdings(staff, identify(staff, phone, nik))
