"""Running a class: create and edit, publish or cancel, its sessions. Seats, attendance and closing are the
registrations' (portal.registrations.services)."""
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.registrations.models import Attendance
from portal.classes.models import Class, ClassFacilitator, ClassSession
from portal.db import database, utcnow
from portal.errors import RuleError
from portal.registrations.services import cancel_with_class, set_capacity
from portal.notify.services import withdraw_reminders_of_session

CLASS_FIELDS = (
    "unit", "kind", "title", "description", "mode", "venue", "online_link", "registration_opens_at",
    "registration_closes_at", "attendance_minimum", "gives_certificate",
)


def save_class(actor, klass, fields, facilitator_ids, capacity):
    """Create a class (as a draft) or change its details, facilitators and seats, in one transaction: a refused
    capacity leaves nothing saved."""
    creating = klass.id is None
    with database.atomic() if creating else Class.locked(klass.id):
        if not creating and capacity != klass.capacity:
            set_capacity(actor, klass.id, capacity)
        klass.capacity, klass.changed_at = capacity, utcnow()
        for name in CLASS_FIELDS:
            setattr(klass, name, fields[name])
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
    with Class.locked(klass_id) as (klass,):
        if klass.status in ("cancelled", "closed"):
            return klass
        klass.status = "cancelled"
        klass.save(only=[Class.status])
        cancel_with_class(actor, klass, now)
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
    klass.check_running()
    if ends_at <= starts_at:
        raise RuleError("end", _l("Jam selesai harus setelah jam mulai."))
    with database.atomic():
        session = ClassSession.create(klass=klass, starts_at=starts_at, ends_at=ends_at, topic=topic, speaker=speaker)
        refresh_dates(klass.id)
        record("class.session_add", actor, klass, topic[:80])
    return session


def remove_session(actor, klass, session_id):
    """Remove a session that nobody's attendance was marked for yet."""
    klass.check_running()
    session = ClassSession.get_or_none(ClassSession.id == session_id, ClassSession.klass == klass.id)
    if session is None:
        return
    if Attendance.select().where(Attendance.session == session.id, Attendance.present == True).exists():  # noqa: E712
        raise RuleError(None, _l("Sesi ini sudah memiliki catatan kehadiran dan tidak dapat dihapus."))
    with database.atomic():
        Attendance.delete().where(Attendance.session == session.id).execute()
        session.delete_instance()
        withdraw_reminders_of_session(session.id)
        refresh_dates(klass.id)
        record("class.session_remove", actor, klass, session.topic[:80])
