"""Booking counselling: free slots read from the database, and every change of an appointment made under the
lock of the counsellors it could land on, so no counsellor is ever booked twice (DESIGN.md invariant 3)."""
from contextlib import contextmanager
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.cache import Store, bump, version
from portal.counseling import messages, slots
from portal.availability.models import ClosedDay, CounsellorService
from portal.counseling.models import ACTIVE, Appointment, AppointmentChange, Time, booked_that_week, changes_of
from portal.db import utcnow, write_lock
from portal.surveys import services as surveys
from portal.errors import RuleError
from portal.i18n import local_from_utc
from portal.notify.services import withdraw
from portal.privacy import PRIVACY_VERSION
from portal.staff.models import Staff
from portal.tokens import new_code, new_token

STEP = timedelta(minutes=30)
TAKEN = _l("Waktu ini baru saja dipesan orang lain. Silakan pilih waktu lain.")
CHANGED = _l("Janji temu ini sudah berubah; muat ulang halaman.")
NOT_ACTIVE = _l("Janji temu ini sudah tidak aktif.")


class SlotTaken(RuleError):
    """The chosen time is no longer free; the page offers the fresh slots."""

    def __init__(self):
        super().__init__("start", TAKEN)


def rules_for(service, closed=None):
    """The service's and its unit's settings as the slot engine takes them (the unit's closed days read unless
    given)."""
    unit = service.unit
    if closed is None:
        closed = [c.day for c in ClosedDay.select(ClosedDay.day).where(ClosedDay.unit == unit.id)]
    return slots.Rules(duration=service.duration, buffer=service.buffer,
                       notice=timedelta(hours=unit.booking_notice_hours),
                       horizon=timedelta(days=unit.booking_horizon_days), step=STEP, closed_days=frozenset(closed))


def free_slots(service, mode, day, now=None, counsellor_id=None, skip=None):
    """{start (naive UTC): counsellor id} of a local day; "any counsellor" gives each start to the least booked."""
    now = now or utcnow()
    ids = CounsellorService.ids_giving(service, mode, counsellor_id)
    if not ids:
        return {}
    tz = service.unit.timezone
    calendars = Time(ids, day, day, tz, skip).of_day(day, booked_that_week(ids, day, tz))
    return slots.any_counsellor(calendars, day, tz, rules_for(service), now)


def open_days(service, mode, now=None, counsellor_id=None, skip=None):
    """The local dates from today to the horizon that still have a free slot (the date picker's enabled days)."""
    now = now or utcnow()
    ids = CounsellorService.ids_giving(service, mode, counsellor_id)
    if not ids:
        return []
    tz, rules = service.unit.timezone, rules_for(service)
    today = local_from_utc(now, tz).date()
    last = today + timedelta(service.unit.booking_horizon_days)
    time_ = Time(ids, today, last, tz, skip)
    return [day for day in (today + timedelta(n) for n in range((last - today).days + 1))
            if any(slots.free_slots(calendar, day, tz, rules, now) for calendar in time_.of_day(day))]


_tables = Store(512)


def open_times(service, mode, now=None, today=None):
    """{local date: free starts (UTC)} to the horizon, as `open_days` and `free_slots` give them; kept until the
    unit's counselling data changes or the day turns, with the notice and horizon applied at each call."""
    now = now or utcnow()
    unit, ids = service.unit, CounsellorService.ids_giving(service, mode)
    today = today or local_from_utc(now, unit.timezone).date()
    key = (service.id, service.updated_at, unit.updated_at, mode, tuple(ids), today, version(changes_of(unit.id)))
    table, rules = _tables.get(key, lambda: free_table(service, ids, today)), rules_for(service, closed=())
    return {day: kept for day, starts in table.items() if (kept := slots.bookable(starts, now, rules))}


def free_table(service, ids, today):
    """Every free start of each day from today to the horizon, notice and horizon not yet applied."""
    if not ids:
        return {}
    tz, rules = service.unit.timezone, rules_for(service)
    last = today + timedelta(service.unit.booking_horizon_days)
    time_ = Time(ids, today, last, tz)
    days = (today + timedelta(n) for n in range((last - today).days + 1))
    table = {day: sorted({s for c in time_.of_day(day) for s in slots.free_slots(c, day, tz, rules, None)})
             for day in days}
    return {day: starts for day, starts in table.items() if starts}


def locked_counsellors(ids):
    """The lock every booking change takes: the rows of the counsellors it could land on, in id order."""
    return write_lock(Staff.select(Staff.id).where(Staff.id.in_(sorted(ids))).order_by(Staff.id))


def take_slot(service, mode, starts_at, now, counsellor_id=None, skip=None):
    """Under the lock: the counsellor who gets `starts_at`, or SlotTaken."""
    day = local_from_utc(starts_at, service.unit.timezone).date()
    counsellor = free_slots(service, mode, day, now, counsellor_id, skip).get(starts_at)
    if counsellor is None:
        raise SlotTaken()
    return counsellor


def check_choice(service, mode):
    if not service.active or not service.unit.active:
        raise RuleError("service", _l("Layanan ini sedang tidak tersedia."))
    if mode not in service.mode_list:
        raise RuleError("mode", _l("Layanan ini tidak tersedia dengan cara tersebut."))


def book(service, mode, starts_at, person, now=None, counsellor_id=None, actor=None):
    """Book a free slot for a person (a dict of the details form), online or by staff for a walk-in or phone call.

    Raises SlotTaken when someone else got the time first.
    """
    now = now or utcnow()
    check_choice(service, mode)
    with locked_counsellors(CounsellorService.ids_giving(service, mode, counsellor_id)):
        counsellor = take_slot(service, mode, starts_at, now, counsellor_id)
        appointment = Appointment.create(
            unit=service.unit_id, service=service, counsellor=counsellor, mode=mode, starts_at=starts_at,
            ends_at=starts_at + service.duration, blocked_until=starts_at + service.duration + service.buffer,
            status="pending" if service.needs_confirmation else "confirmed",
            confirmed_at=None if service.needs_confirmation else now,
            code=new_code("KNS"), token=new_token(), source="staff" if actor else "online", booked_by=actor,
            consent_version=PRIVACY_VERSION, consent_at=now, created_at=now, **person,
        )
        AppointmentChange.create(appointment=appointment, action="booked", at=now, actor=actor,
                                 starts_at=starts_at, counsellor=counsellor)
        record("appointment.book", actor, appointment, unit_id=service.unit_id)
        bump(changes_of(service.unit_id))
        messages.booked(appointment)
    return appointment


@contextmanager
def locked_appointment(appointment, extra_ids=()):
    """The lock for changing an appointment: its counsellor's row and any it may move to; yields it re-read."""
    ids = {appointment.counsellor_id, *extra_ids}
    with locked_counsellors(ids):
        current = Appointment.get_by_id(appointment.id)
        if current.counsellor_id not in ids:  # moved to someone else since this page was read
            raise RuleError(None, CHANGED)
        yield current


def reschedule(appointment, starts_at, now=None, actor=None):
    """Move an appointment to another free start, with the same counsellor when free, else any who gives it."""
    now = now or utcnow()
    service, mode = appointment.service, appointment.mode
    if actor is None:
        check_citizen_may_change(appointment, now)
    candidates = CounsellorService.ids_giving(service, mode)
    with locked_appointment(appointment, candidates) as current:
        if current.status not in ACTIVE:
            raise RuleError(None, NOT_ACTIVE)
        day = local_from_utc(starts_at, service.unit.timezone).date()
        mine = free_slots(service, mode, day, now, current.counsellor_id, skip=current.id)
        counsellor = current.counsellor_id if starts_at in mine else take_slot(service, mode, starts_at, now,
                                                                                 skip=current.id)
        current.starts_at, current.counsellor = starts_at, counsellor
        current.ends_at = starts_at + service.duration
        current.blocked_until = current.ends_at + service.buffer
        current.save()
        AppointmentChange.create(appointment=current, action="rescheduled", at=now, actor=actor,
                                 starts_at=starts_at, counsellor=counsellor)
        record("appointment.reschedule", actor, current, unit_id=current.unit_id)
        bump(changes_of(current.unit_id))
        withdraw(current)  # the old time's confirmation and reminders; the next scheduler run reminds the new time
        messages.rescheduled(current)
    return current


def citizen_change_refused(appointment, now):
    """Why a citizen may no longer move or cancel: it is not active, or the unit's cutoff before it has passed.
    None while they still may."""
    if appointment.status not in ACTIVE:
        return NOT_ACTIVE
    if now > appointment.starts_at - timedelta(hours=appointment.unit.cancel_cutoff_hours):
        return _l("Perubahan hanya bisa dilakukan paling lambat %(hours)s jam sebelum jadwal. "
                  "Silakan hubungi unit.", hours=appointment.unit.cancel_cutoff_hours)
    return None


def check_citizen_may_change(appointment, now):
    if refusal := citizen_change_refused(appointment, now):
        raise RuleError(None, refusal)


def cancel(appointment, now=None, actor=None):
    """Cancel an appointment; its time is free again at once."""
    now = now or utcnow()
    if actor is None:
        check_citizen_may_change(appointment, now)
    with locked_appointment(appointment) as current:
        if current.status not in ACTIVE:
            return current
        current.status, current.cancelled_at, current.cancelled_by = "cancelled", now, actor
        current.save()
        AppointmentChange.create(appointment=current, action="cancelled", at=now, actor=actor)
        withdraw(current)
        record("appointment.cancel", actor, current, unit_id=current.unit_id)
        bump(changes_of(current.unit_id))
        messages.cancelled(current)
    return current


STAFF_STEPS = {  # action: (statuses it applies to, new status)
    "confirm": (("pending",), "confirmed"), "decline": (("pending",), "cancelled"),
    "complete": (("confirmed",), "completed"), "no_show": (("confirmed",), "no_show"),
}


def staff_step(actor, appointment, action, now=None):
    """Confirm or decline a pending request; mark a confirmed appointment completed or no-show."""
    now = now or utcnow()
    allowed, status = STAFF_STEPS[action]
    with locked_appointment(appointment) as current:
        if current.status not in allowed:
            raise RuleError(None, CHANGED)
        if action in ("complete", "no_show") and current.starts_at > now:
            raise RuleError(None, _l("Janji temu yang belum dimulai belum bisa ditandai."))
        current.status = status
        if action == "confirm":
            current.confirmed_at = now
        elif action == "decline":
            current.cancelled_at, current.cancelled_by = now, actor
        else:
            current.finished_at = now
        current.save()
        AppointmentChange.create(appointment=current, action=action, at=now, actor=actor)
        record(f"appointment.{action}", actor, current, unit_id=current.unit_id)
        bump(changes_of(current.unit_id))
        if action == "confirm":
            messages.confirmed(current)
        elif action == "decline":
            withdraw(current)
            messages.cancelled(current)
        elif action == "complete":
            surveys.invite(current, current.unit, "konseling", now)
    return current


def reassign(actor, appointment, counsellor_id, now=None):
    """Give an appointment to another counsellor of the service who is free at that time."""
    now = now or utcnow()
    with locked_appointment(appointment, [counsellor_id]) as current:
        if current.status not in ACTIVE:
            raise RuleError(None, NOT_ACTIVE)
        if counsellor_id not in CounsellorService.ids_giving(current.service, current.mode, counsellor_id):
            raise RuleError("counsellor", _l("Konselor ini tidak memberikan layanan tersebut."))
        blocked = slots.Span(current.starts_at, current.blocked_until)
        clash = Appointment.busy([counsellor_id], blocked.start, blocked.end).where(Appointment.id != current.id)
        if clash.exists():
            raise RuleError("counsellor", _l("Konselor ini sudah punya janji temu pada waktu tersebut."))
        current.counsellor = counsellor_id
        current.save()
        AppointmentChange.create(appointment=current, action="reassigned", at=now, actor=actor,
                                 counsellor=counsellor_id)
        record("appointment.reassign", actor, current, unit_id=current.unit_id)
        bump(changes_of(current.unit_id))
    return current


def set_video_link(actor, appointment, link, now=None):
    """Give a video appointment the link the citizen opens from their page."""
    with locked_appointment(appointment) as current:
        if current.status not in ACTIVE:
            raise RuleError(None, NOT_ACTIVE)
        current.video_link = link
        current.save(only=[Appointment.video_link])
        AppointmentChange.create(appointment=current, action="video_link", at=now or utcnow(), actor=actor)
        record("appointment.video_link", actor, current, unit_id=current.unit_id)
    return current


REMIND_AHEAD = timedelta(hours=26)  # reminders are queued this long before an appointment, so none is missed


def queue_reminders(now=None):
    """Queue the day-before and two-hours reminders of the confirmed appointments coming up; each once, however
    often and from however many workers this runs. A cancelled appointment has none; a moved one, its new time's."""
    now = now or utcnow()
    coming = list(Appointment.coming(now, now + REMIND_AHEAD))
    for appointment in coming:
        try:  # under the lock a cancellation or move takes, so neither slips between reading and queueing
            with locked_appointment(appointment) as current:
                if current.status == "confirmed" and current.starts_at == appointment.starts_at:
                    messages.remind(current, now)
        except RuleError:  # given to another counsellor meanwhile: the next round reminds it
            continue
    return len(coming)
