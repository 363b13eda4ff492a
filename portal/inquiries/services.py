"""A request's life: received, taken up, answered, turned into a case, closed (DESIGN.md §4).

Each step writes an event (the history the citizen follows) and, where the citizen should hear of it, a message
to the outbox. The message text of a request is never written to a log, the audit log or a message.
"""
from contextlib import contextmanager
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.db import utcnow, write_lock
from portal.errors import RuleError
from portal.inquiries import messages
from portal.inquiries.models import OPEN, Inquiry, InquiryEvent, normalise_place
from portal.privacy import PRIVACY_VERSION
from portal.staff.models import Staff
from portal.tokens import new_code
from portal.units.models import Unit

CODE_PREFIX = "ADU"
DOUBLE_SUBMIT = timedelta(minutes=10)
NOT_OPEN = _l("Pengaduan ini sudah dijawab atau ditutup.")


def step(inquiry, action, status, actor=None, answer=None, now=None):
    """Move a request to `status` and write the step in its history."""
    now = now or utcnow()
    inquiry.status, inquiry.updated_at = status, now
    inquiry.save(only=[Inquiry.status, Inquiry.updated_at, Inquiry.assigned_to])
    return InquiryEvent.create(inquiry=inquiry, at=now, action=action, status=status, actor=actor, answer=answer)


def resent(details, now):
    """The request this same person sent a moment ago with the same words, if any (a double submit)."""
    recent = Inquiry.select().where(Inquiry.phone == details["phone"], Inquiry.unit == details["unit_id"],
                                    Inquiry.created_at >= now - DOUBLE_SUBMIT)
    return next((i for i in recent if i.message == details["message"]), None)


def send(details, now=None):
    """Receive a request from the public form; returns it (the earlier one for a double submit)."""
    now = now or utcnow()
    # The unit's row is the lock, so a double tap on a slow phone finds the first request instead of racing it.
    with write_lock(Unit.select().where(Unit.id == details["unit_id"])):
        earlier = resent(details, now)
        if earlier:
            return earlier
        inquiry = Inquiry.create(
            unit=details["unit_id"], code=new_code(CODE_PREFIX), category=details["category"],
            message=details["message"], name=details["name"], phone=details["phone"],
            kecamatan=normalise_place(details["kecamatan"]), urgent=details["urgent"],
            language=details.get("language", "id"), consent_version=PRIVACY_VERSION, consent_at=now, created_at=now, updated_at=now)
        InquiryEvent.create(inquiry=inquiry, at=now, action="received", status="new")
        messages.received(inquiry)
    return inquiry


def check_open(inquiry):
    if inquiry.status not in OPEN:
        raise RuleError(None, NOT_OPEN)


@contextmanager
def locked(inquiry):
    """Hold a request's row for one step and yield it as read under the lock (opening a case holds it too)."""
    with write_lock(Inquiry.select().where(Inquiry.id == inquiry.id)) as (fresh,):
        if fresh.anonymised_at is not None:
            raise RuleError(None, NOT_OPEN)
        yield fresh


def assignable(inquiry):
    """Staff of the request's unit who may follow it up: its koordinators and counsellors."""
    return list(Staff.select().where(Staff.unit == inquiry.unit_id, Staff.active == True,  # noqa: E712
                                     Staff.role.in_(("koordinator", "konselor"))).order_by(Staff.name))


def assign(actor, inquiry, staff_id, now=None):
    staff = next((s for s in assignable(inquiry) if s.id == staff_id), None)
    if staff is None:
        raise RuleError("assignee", _l("Pilih petugas unit ini."))
    with locked(inquiry) as inquiry:
        check_open(inquiry)
        inquiry.assigned_to = staff
        step(inquiry, "assigned", "in_review", actor, now=now)
        record("inquiry.assign", actor, inquiry, f"to staff {staff.id}")


def answer(actor, inquiry, text, now=None):
    with locked(inquiry) as inquiry:
        check_open(inquiry)
        step(inquiry, "answered", "answered", actor, answer=text, now=now)
        messages.answered(inquiry)
        record("inquiry.answer", actor, inquiry, inquiry.code)


def close(actor, inquiry, text=None, now=None):
    with locked(inquiry) as inquiry:
        if inquiry.status == "closed":
            raise RuleError(None, _l("Pengaduan ini sudah ditutup."))
        step(inquiry, "closed", "closed", actor, answer=text or None, now=now)
        if text:
            messages.closed(inquiry)
        record("inquiry.close", actor, inquiry, inquiry.code)


def case_opened(actor, inquiry, now=None):
    """Called inside the transaction that opens a case from this request."""
    step(inquiry, "case_opened", "case_opened", actor, now=now)
    messages.case_opened(inquiry)
