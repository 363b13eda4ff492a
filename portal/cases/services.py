"""Opening and closing cases, their counsellors, confidential notes and numbered referrals.

Who may read what is decided here, once: a note's text and a referral's reason and chronology are for the note's
author and the case's counsellors only (DESIGN.md §6). Every open of a case is audited; no sensitive text ever
goes into the audit log.
"""
from contextlib import contextmanager

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.auth import MANAGERS
from portal.cases.models import REFERRAL_NUMBER_FORMAT, Case, CaseCounsellor, CaseNote, Referral
from portal.counseling.models import Appointment
from portal.db import database, utcnow, write_lock
from portal.errors import RuleError
from portal.i18n import local_from_utc
from portal.inquiries import services as inquiries
from portal.inquiries.models import Inquiry, normalise_place
from portal.staff.models import Staff
from portal.tokens import new_code
from portal.units.models import Unit
from portal.numbering import render_number

CODE_PREFIX = "KSS"
CLOSED = _l("Kasus ini sudah ditutup.")
ERASED = _l("Data kasus ini sudah dihapus atas permintaan atau karena masa simpannya habis.")


def unit_counsellors(unit_id):
    return list(Staff.select().where(Staff.unit == unit_id, Staff.role == "konselor", Staff.active == True)  # noqa: E712
                .order_by(Staff.name))


def counsellor_ids(case):
    """Who is on a case now: its assigned counsellors who are still active counsellors."""
    return {staff_id for (staff_id,) in CaseCounsellor.select(CaseCounsellor.counsellor).join(Staff)
            .where(CaseCounsellor.case == case.id, Staff.role == "konselor", Staff.active == True)  # noqa: E712
            .tuples()}


def may_read_confidential(staff, case, author_id=None, counsellors=None):
    """The one rule for notes and referral texts (DESIGN §6): an active counsellor reads them when on the case, or
    when they wrote them; nobody else does. `counsellors` saves the lookup when the caller has counsellor_ids."""
    if staff.role != "konselor" or not staff.active:
        return False
    return staff.id == author_id or staff.id in (counsellor_ids(case) if counsellors is None else counsellors)


def check_counsellor(staff, case):
    """Writing notes and referrals is for the case's counsellors."""
    if staff.id not in counsellor_ids(case):
        raise RuleError(None, _l("Hanya konselor kasus ini yang bisa menulis catatan dan rujukan."))


def check_open(case):
    if case.status != "open":
        raise RuleError(None, CLOSED)


@contextmanager
def locked_case(case):
    """Hold a case's row for one change and yield it as read under the lock; an erased case takes no change, so
    nothing written after an erasure escapes it (people.services anonymises under the same row lock)."""
    with write_lock(Case.select().where(Case.id == case.id)) as (fresh,):
        if fresh.anonymised_at is not None:
            raise RuleError(None, ERASED)
        yield fresh


def picked_counsellors(unit_id, ids):
    able = {s.id for s in unit_counsellors(unit_id)}
    if set(ids) - able:
        raise RuleError("counsellors", _l("Pilih konselor dari unit ini."))
    return list(dict.fromkeys(ids))


def open_case(actor, unit_id, client, counsellors=(), inquiry=None, appointment=None, now=None):
    """Open a case from a request, an appointment or a walk-in. A counsellor who opens one is on it."""
    ids = picked_counsellors(unit_id, counsellors)
    if actor.role == "konselor" and actor.id not in ids:
        ids.append(actor.id)
    if not ids:
        raise RuleError("counsellors", _l("Pilih minimal satu konselor."))
    source = "inquiry" if inquiry else "appointment" if appointment else "walk_in"
    client = {**client, "kecamatan": normalise_place(client["kecamatan"]),
              "kelurahan": normalise_place(client["kelurahan"])}
    # A request becomes one case, however many staff press "open case" at once: its row is the lock.
    guard = Inquiry.select().where(Inquiry.id == (inquiry.id if inquiry else 0))
    with write_lock(guard) as rows:
        now = now or utcnow()  # read under the lock, so the request's history is in the order things happened
        if inquiry is not None:
            inquiry = rows[0]
            if inquiry.status in ("case_opened", "closed"):
                raise RuleError(None, inquiries.NOT_OPEN)
        urgent = client.pop("urgent", False) or any(origin.urgent for origin in (inquiry, appointment) if origin)
        case = Case.create(unit=unit_id, code=new_code(CODE_PREFIX), source=source, inquiry=inquiry,
                           appointment=appointment, opened_by=actor, opened_at=now, urgent=urgent, **client)
        CaseCounsellor.insert_many([{"case": case.id, "counsellor": i, "assigned_at": now} for i in ids]).execute()
        if inquiry is not None:
            inquiries.case_opened(actor, inquiry, now)
        record("case.open", actor, case, f"{case.code} ({source})")
    return case


def viewed(actor, case):
    """Every open of a case leaves an audit row (who, which case, when, from where)."""
    record("case.view", actor, case, case.code)


def set_counsellors(actor, case, ids):
    ids = picked_counsellors(case.unit_id, ids)
    if not ids:
        raise RuleError("counsellors", _l("Pilih minimal satu konselor."))
    with database.atomic():
        CaseCounsellor.delete().where(CaseCounsellor.case == case.id, CaseCounsellor.counsellor.not_in(ids)).execute()
        CaseCounsellor.insert_many([{"case": case.id, "counsellor": i} for i in ids]).on_conflict_ignore().execute()
        record("case.counsellors", actor, case, "counsellors " + ",".join(map(str, sorted(ids))))


def add_note(actor, case, body, now=None):
    with locked_case(case) as case:
        check_counsellor(actor, case)
        check_open(case)
        note = CaseNote.create(case=case, author=actor, body=body, created_at=now or utcnow())
        record("case.note", actor, case, f"note {note.id}")
    return note


def set_status(actor, case, status, now=None):
    """Close an open case, or open a closed one again."""
    with locked_case(case) as case:
        if actor.role not in MANAGERS and actor.id not in counsellor_ids(case):
            raise RuleError(None, _l("Hanya koordinator atau konselor kasus ini yang bisa menutup kasus."))
        if case.status == status:
            raise RuleError(None, CLOSED if status == "closed" else _l("Kasus ini masih terbuka."))
        case.status = status
        case.closed_at, case.closed_by = (now or utcnow(), actor) if status == "closed" else (None, None)
        case.save(only=[Case.status, Case.closed_at, Case.closed_by])
        record("case.close" if status == "closed" else "case.reopen", actor, case, case.code)


def refer(actor, case, details, now=None):
    """A referral with the unit's next letter number of the year: the case's row, then the unit's, are held."""
    with locked_case(case) as case:
        check_counsellor(actor, case)
        check_open(case)
        with write_lock(Unit.select().where(Unit.id == case.unit_id)) as (unit,):
            now = now or utcnow()  # under the lock: letter numbers and their dates go up together
            local = local_from_utc(now, unit.timezone)
            last = (Referral.select(pw.fn.MAX(Referral.seq))
                    .where(Referral.unit == unit.id, Referral.year == local.year).scalar()) or 0
            referral = Referral.create(
                case=case, unit=unit, year=local.year, seq=last + 1,
                number=render_number(REFERRAL_NUMBER_FORMAT, last + 1, unit.code, local.date()),
                created_by=actor, created_at=now, updated_at=now, consent=True, **details)
            record("referral.create", actor, case, f"{referral.number} → {referral.destination}")
    return referral


def set_referral_status(actor, referral, status, now=None):
    with locked_case(referral.case) as case:
        if actor.role not in MANAGERS and actor.id not in counsellor_ids(case):
            raise RuleError(None, _l("Anda tidak menangani kasus ini."))
        referral.status, referral.updated_at = status, now or utcnow()
        referral.save(only=[Referral.status, Referral.updated_at])
        record("referral.status", actor, case, f"{referral.number}: {status}")


def related_appointments(case):
    """The appointment a case came from, and the unit's appointments booked with the client's phone."""
    query = Appointment.select().where(Appointment.unit == case.unit_id)
    match = Appointment.id == case.appointment_id
    if case.client_phone:
        match |= Appointment.phone == case.client_phone
    return list(query.where(match).order_by(Appointment.starts_at))


def timeline(case):
    """What happened on a case, oldest first: (when, kind, item) for its opening, appointments, notes, referrals,
    closing. Notes come with their author; whether their text is shown is the caller's question."""
    notes = CaseNote.select(CaseNote, Staff).join(Staff).where(CaseNote.case == case.id)
    referrals = Referral.select().where(Referral.case == case.id)
    items = [(case.opened_at, "opened", case)]
    items += [(a.starts_at, "appointment", a) for a in related_appointments(case)]
    items += [(n.created_at, "note", n) for n in notes]
    items += [(r.created_at, "referral", r) for r in referrals]
    if case.closed_at:
        items.append((case.closed_at, "closed", case))
    return sorted(items, key=lambda item: (item[0], item[1]))
