"""Seats, the waiting list and completion: register, cancel, promote, change capacity, take attendance, close
(invariants 1, 2, 4).

Every change runs under the class's lock (`Class.locked`), so the confirmed
count read is the count written against; the partial unique indexes of
migration 002 catch a double submit that slips past the first check.
"""
from datetime import timedelta

import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.registrations.models import ACTIVE, Attendance, Registration
from portal.classes.models import Class, ClassSession
from portal.db import utcnow
from portal.errors import RuleError
from portal.notify.models import OutboxMessage
from portal.notify.services import withdraw
from portal.privacy import PRIVACY_VERSION
from portal.registrations import messages
from portal.learning import services as learning
from portal.surveys import services as surveys
from portal.tokens import new_code, new_token

RESEND_AFTER = timedelta(minutes=10)

PERSON_FIELDS = ("name", "phone", "email", "gender", "nik", "partner_name", "wedding_date", "children_age_groups",
                 "language")


def register(klass_id, person, source="online", actor=None, now=None):
    """A seat while there is one, else the waiting list; a second submit returns the first.

    Returns (registration, created).
    """
    try:
        with Class.locked(klass_id) as rows:
            now = now or utcnow()  # read under the lock, so created_at follows the order the lock lets people in
            klass = rows[0] if rows else None
            check_open(klass, source, now)
            existing = Registration.active_for(klass.id, person["phone"], person.get("nik"))
            if existing:
                return existing, False
            seat = klass.confirmed_count() < klass.capacity
            registration = Registration.create(
                klass=klass, code=new_code("KLS"), token=new_token(), source=source,
                status="confirmed" if seat else "waitlisted", confirmed_at=now if seat else None,
                consent_version=PRIVACY_VERSION, consent_at=now, created_at=now,
                **{name: person[name] for name in PERSON_FIELDS if person.get(name) is not None},
            )
            messages.registered(registration, klass)
            if actor is not None:
                record("registration.desk", actor, klass, registration.code)
            return registration, True
    except pw.IntegrityError:
        existing = Registration.active_for(klass_id, person["phone"], person.get("nik"))
        if existing is None:
            raise
        return existing, False


def check_open(klass, source, now):
    """Refuse registering for a class that is not taking people."""
    if klass is None or klass.status != "published":
        raise RuleError(None, _l("Kelas ini tidak menerima pendaftaran."))
    if source == "desk":
        if klass.starts_at and now >= klass.starts_at:
            raise RuleError(None, _l("Kelas ini sudah dimulai."))
        return
    if not klass.is_open_for_registration(now):
        raise RuleError(None, _l("Pendaftaran kelas ini sedang tidak dibuka."))


def cancel(registration_id, actor=None, now=None):
    """Cancel a registration or leave the waiting list; a freed seat goes to the next in line."""
    now = now or utcnow()
    klass_id = Registration.select(Registration.klass).where(Registration.id == registration_id).scalar()
    with Class.locked(klass_id) as (klass,):
        registration = Registration.get_by_id(registration_id)
        if registration.status not in ACTIVE:
            return registration
        if actor is None and klass.starts_at and now >= klass.starts_at:
            raise RuleError(None, _l("Kelas sudah dimulai; pembatalan hanya lewat petugas."))
        was_confirmed = registration.status == "confirmed"
        registration.status, registration.cancelled_at, registration.cancelled_by = "cancelled", now, actor
        registration.save()
        withdraw(registration)
        messages.cancelled(registration, klass)
        if actor is not None:
            record("registration.cancel", actor, klass, registration.code)
        if was_confirmed:
            promote_from_waitlist(klass, now)
        return registration


def promote_from_waitlist(klass, now):
    """Give every free seat to the first in line, once each. Call under the class's lock."""
    free = klass.capacity - klass.confirmed_count()
    promoted = list(Registration.waitlist(klass.id).limit(max(free, 0)))
    for registration in promoted:
        registration.status, registration.confirmed_at = "confirmed", now
        registration.save()
        withdraw(registration)  # "you are number 3 on the list" is no longer true
        messages.promoted(registration, klass)
    return promoted


def set_capacity(actor, klass_id, capacity, now=None):
    """Change the number of seats; more seats promote from the waiting list at once."""
    now = now or utcnow()
    with Class.locked(klass_id) as (klass,):
        klass.check_running(field="capacity")
        taken = klass.confirmed_count()
        if capacity < max(taken, 1):
            raise RuleError("capacity", _l("Kapasitas tidak boleh kurang dari %(n)s peserta terdaftar.", n=taken))
        old, klass.capacity = klass.capacity, capacity
        klass.save(only=[Class.capacity])
        record("class.capacity", actor, klass, f"{old} -> {capacity}")
        return promote_from_waitlist(klass, now)


def confirm_from_waitlist(actor, registration_id, now=None):
    """Staff give a free seat to this person out of turn; a full class needs more capacity first."""
    now = now or utcnow()
    klass_id = Registration.select(Registration.klass).where(Registration.id == registration_id).scalar()
    with Class.locked(klass_id) as (klass,):
        klass.check_running()
        registration = Registration.get_by_id(registration_id)
        if registration.status != "waitlisted":
            return registration
        if klass.confirmed_count() >= klass.capacity:
            raise RuleError(None, _l("Kelas penuh. Naikkan kapasitas untuk menambah kursi."))
        registration.status, registration.confirmed_at = "confirmed", now
        registration.save()
        withdraw(registration)
        messages.promoted(registration, klass)
        record("registration.confirm", actor, klass, registration.code)
        return registration


def resend_link(registration, now=None):
    """Queue the private link again for someone who repeats their registration from another browser, at most
    every ten minutes so a stranger cannot flood their WhatsApp."""
    now = now or utcnow()
    if not OutboxMessage.sent_lately(registration, now - RESEND_AFTER):
        messages.registered(registration, registration.klass)


def cancel_with_class(actor, klass, now):
    """Under the class's lock, as it is cancelled: every live registration is cancelled and told."""
    for registration in klass.registrations.where(Registration.status.in_(ACTIVE)):
        registration.status, registration.cancelled_at, registration.cancelled_by = "cancelled", now, actor
        registration.save()
        withdraw(registration)
        messages.class_cancelled(registration, klass)


def mark_attendance(actor, registration, session, present, now=None):
    """Record whether a confirmed registrant attended one session that has begun."""
    now = now or utcnow()
    if registration.status != "confirmed" or session.klass_id != registration.klass_id:
        raise RuleError(None, _l("Kehadiran hanya dicatat untuk peserta terdaftar kelas ini."))
    if not session.has_started(now):
        raise RuleError(None, _l("Kehadiran baru dapat dicatat setelah sesi dimulai."))
    (Attendance.insert(registration=registration, session=session, present=present, marked_by=actor,
                       marked_at=now)
     .on_conflict(conflict_target=[Attendance.registration, Attendance.session],
                  update={Attendance.present: present, Attendance.marked_by: actor, Attendance.marked_at: now})
     .execute())


def sessions_needed(klass, session_count):
    """How many sessions a registrant must attend to complete the class."""
    return min(klass.attendance_minimum or session_count, session_count)


def missed_rules(klass, registration, sessions):
    """Why a registrant did not complete a closed class, as (attended, needed, post-test score or None, pass score)
    for each rule they missed: {"attendance": …, "test": …}; empty otherwise."""
    if registration.status != "not_completed":
        return {}
    needed = sessions_needed(klass, len(sessions))
    attended = Attendance.present_counts(klass.id).get(registration.id, 0)
    missed = {"attendance": (attended, needed)} if attended < needed else {}
    test = learning.PostTestRule.of(klass.id).missed(registration.id)
    return missed | ({"test": test} if test else {})


def close_class(actor, klass_id, now=None):
    """End a class after its last session: each confirmed registrant completes it or not, by the attendance rule
    and the post-test's pass score when the class has one, and is told: about attendance when they missed it
    (their page lists every rule missed), else about the post-test."""
    now = now or utcnow()
    with Class.locked(klass_id) as (klass,):
        if klass.status != "published":
            raise RuleError(None, _l("Hanya kelas yang terbit yang dapat ditutup."))
        if not klass.has_ended(now):
            raise RuleError(None, _l("Kelas baru dapat ditutup setelah sesi terakhirnya selesai."))
        needed = sessions_needed(klass, ClassSession.select().where(ClassSession.klass == klass.id).count())
        attended = Attendance.present_counts(klass.id)
        post_test = learning.PostTestRule.of(klass.id)
        for registration in klass.registrations.where(Registration.status == "confirmed"):
            came = attended.get(registration.id, 0) >= needed
            passed = post_test.passes(registration.id)
            registration.status = "completed" if came and passed else "not_completed"
            registration.completed_at = now
            registration.save()
            if not came:
                messages.not_completed(registration, klass)
            elif not passed:
                messages.not_passed(registration, klass)
            if attended.get(registration.id):  # they received the service, if not all of it
                surveys.invite(registration, klass.unit, klass.kind, now)
        klass.status = "closed"
        klass.save(only=[Class.status])
        record("class.close", actor, klass)
        return klass


def certificate_ready(registration, klass, certificate):
    """Tell a registrant their certificate can be downloaded from their page."""
    messages.certificate_ready(registration, klass, certificate)


REMIND_AHEAD = timedelta(hours=26)  # reminders are queued this long before a session, so none is missed


def queue_reminders(now=None):
    """Queue the day-before and two-hours reminders of the sessions coming up, for every confirmed seat; each
    once, however often and from however many workers this runs. Returns how many sessions it looked at."""
    now = now or utcnow()
    sessions = list(ClassSession.coming(now, now + REMIND_AHEAD))
    for session in sessions:
        with Class.locked(session.klass_id) as (klass,):  # the seats as cancelling leaves them, not as read
            if klass.status == "published":
                for registration in Registration.confirmed_in(klass.id):
                    messages.remind(session, klass, registration, now)
    return len(sessions)
