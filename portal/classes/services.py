"""Running a class: create and edit, publish or cancel, sessions, attendance, closing."""
import peewee as pw
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.classes import messages
from portal.classes.models import ACTIVE, Attendance, Class, ClassFacilitator, ClassSession, Registration
from portal.classes.registering import check_running, locked_class, set_capacity
from portal.db import database, utcnow
from portal.errors import RuleError

CLASS_FIELDS = (
    "unit", "kind", "title", "description", "mode", "venue", "online_link", "registration_opens_at",
    "registration_closes_at", "attendance_minimum", "gives_certificate",
)


def save_class(actor, klass, fields, facilitator_ids, capacity):
    """Create a class (as a draft) or change its details and facilitators."""
    creating = klass.id is None
    klass.changed_at = utcnow()
    if not creating and capacity != klass.capacity:
        set_capacity(actor, klass.id, capacity)  # first: a refused capacity must leave nothing saved
        klass.capacity = capacity
    for name in CLASS_FIELDS:
        setattr(klass, name, fields[name])
    if creating:
        klass.capacity = capacity
    with database.atomic():
        klass.save()
        ClassFacilitator.delete().where(ClassFacilitator.klass == klass.id).execute()
        for staff_id in facilitator_ids:
            ClassFacilitator.create(klass=klass, staff=staff_id)
        record("class.create" if creating else "class.update", actor, klass, klass.title[:80])
    return klass


def publish(actor, klass):
    """Open a class to the public; it needs at least one session first."""
    if not ClassSession.of(klass.id).exists():
        raise RuleError(None, _l("Tambahkan minimal satu sesi sebelum menerbitkan kelas."))
    with database.atomic():
        Class.update(status="published", changed_at=utcnow()).where(
            Class.id == klass.id, Class.status == "draft").execute()
        record("class.publish", actor, klass)


def cancel_class(actor, klass_id, now=None):
    """Cancel a class: every live registration is cancelled and told."""
    now = now or utcnow()
    with locked_class(klass_id) as (klass,):
        if klass.status in ("cancelled", "closed"):
            return klass
        klass.status = "cancelled"
        klass.save(only=[Class.status])
        for registration in klass.registrations.where(Registration.status.in_(ACTIVE)):
            registration.status, registration.cancelled_at, registration.cancelled_by = "cancelled", now, actor
            registration.save()
            messages.class_cancelled(registration, klass)
        record("class.cancel", actor, klass)
        return klass


def refresh_dates(klass_id):
    """Keep the class's first and last session times, used to list and filter classes."""
    first = ClassSession.of(klass_id).first()
    last = ClassSession.select().where(ClassSession.klass == klass_id).order_by(ClassSession.ends_at.desc()).first()
    Class.update(starts_at=first.starts_at if first else None, ends_at=last.ends_at if last else None,
                 changed_at=utcnow()).where(Class.id == klass_id).execute()


def add_session(actor, klass, starts_at, ends_at, topic, speaker):
    """Add a session (times in naive UTC)."""
    check_running(klass)
    if ends_at <= starts_at:
        raise RuleError("end", _l("Jam selesai harus setelah jam mulai."))
    with database.atomic():
        session = ClassSession.create(klass=klass, starts_at=starts_at, ends_at=ends_at, topic=topic, speaker=speaker)
        refresh_dates(klass.id)
        record("class.session_add", actor, klass, topic[:80])
    return session


def remove_session(actor, klass, session_id):
    """Remove a session that nobody's attendance was marked for yet."""
    check_running(klass)
    session = ClassSession.get_or_none(ClassSession.id == session_id, ClassSession.klass == klass.id)
    if session is None:
        return
    if Attendance.select().where(Attendance.session == session.id, Attendance.present == True).exists():  # noqa: E712
        raise RuleError(None, _l("Sesi ini sudah memiliki catatan kehadiran dan tidak dapat dihapus."))
    with database.atomic():
        Attendance.delete().where(Attendance.session == session.id).execute()
        session.delete_instance()
        refresh_dates(klass.id)
        record("class.session_remove", actor, klass, session.topic[:80])


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


def close_class(actor, klass_id, now=None):
    """End a class after its last session: each confirmed registrant completes it or not, by the attendance rule,
    and is told."""
    now = now or utcnow()
    with locked_class(klass_id) as (klass,):
        if klass.status != "published":
            raise RuleError(None, _l("Hanya kelas yang terbit yang dapat ditutup."))
        if not klass.has_ended(now):
            raise RuleError(None, _l("Kelas baru dapat ditutup setelah sesi terakhirnya selesai."))
        session_count = ClassSession.select().where(ClassSession.klass == klass.id).count()
        needed = sessions_needed(klass, session_count)
        attended = {
            reg_id: count
            for reg_id, count in Attendance.select(Attendance.registration, pw.fn.COUNT(Attendance.id))
            .join(Registration)
            .where(Registration.klass == klass.id, Attendance.present == True)  # noqa: E712
            .group_by(Attendance.registration)
            .tuples()
        }
        for registration in klass.registrations.where(Registration.status == "confirmed"):
            done = attended.get(registration.id, 0) >= needed
            registration.status = "completed" if done else "not_completed"
            registration.completed_at = now
            registration.save()
            if not done:
                messages.not_completed(registration, klass)
        klass.status = "closed"
        klass.save(only=[Class.status])
        record("class.close", actor, klass)
        return klass
