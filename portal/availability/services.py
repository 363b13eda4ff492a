"""Setting up counselling: a unit's services and booking rules, closed days, and each counsellor's week and dates;
each change is one transaction with its audit row."""
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.availability.models import ClosedDay, CounsellorService, DateException, Service, WorkingHours
from portal.cache import bump
from portal.counseling.models import changes_of
from portal.db import database, utcnow
from portal.errors import RuleError


def save_service(actor, service, values):
    """Create or change a service; its name is unique in its unit."""
    creating = service.id is None
    for name, value in values.items():
        setattr(service, name, value)
    service.updated_at = utcnow()
    if Service.select().where(Service.unit == service.unit_id, Service.name == service.name,
                              Service.id != (service.id or 0)).exists():
        raise RuleError("name", _l("Unit ini sudah punya layanan dengan nama itu."))
    with database.atomic():
        service.save()
        record("service.create" if creating else "service.update", actor, service, service.name[:80])
        bump(changes_of(service.unit_id))
    return service


def save_settings(actor, unit, values):
    with database.atomic():
        for name, value in values.items():
            setattr(unit, name, value)
        unit.updated_at = utcnow()
        unit.save()
        record("unit.booking_settings", actor, unit)
        bump(changes_of(unit.id))


def add_closed_day(actor, unit, day, reason):
    with database.atomic():
        reason = reason or ""
        ClosedDay.insert(unit=unit, day=day, reason=reason).on_conflict(
            conflict_target=[ClosedDay.unit, ClosedDay.day], update={ClosedDay.reason: reason}).execute()
        record("unit.closed_day_add", actor, unit, day.isoformat())
        bump(changes_of(unit.id))


def remove_closed_day(actor, unit, closed_day_id):
    with database.atomic():
        ClosedDay.delete().where(ClosedDay.id == closed_day_id, ClosedDay.unit == unit.id).execute()
        record("unit.closed_day_remove", actor, unit)
        bump(changes_of(unit.id))


def save_week(actor, counsellor, week, service_ids, modes):
    """Replace a counsellor's weekly hours ({weekday: (start, end, break_start, break_end)}) and services."""
    with database.atomic():
        WorkingHours.delete().where(WorkingHours.counsellor == counsellor.id).execute()
        for weekday, (start, end, pause, resume) in sorted(week.items()):
            if start and end:
                WorkingHours.create(counsellor=counsellor, weekday=weekday, start=start, end=end)
            if pause and resume:
                WorkingHours.create(counsellor=counsellor, weekday=weekday, kind="break", start=pause, end=resume)
        CounsellorService.delete().where(CounsellorService.counsellor == counsellor.id).execute()
        for service_id in service_ids:
            CounsellorService.create(counsellor=counsellor, service=service_id, modes=",".join(modes))
        record("counsellor.week", actor, counsellor)
        bump(changes_of(counsellor.unit_id))


def add_exception(actor, counsellor, day, kind, start, end, note):
    with database.atomic():
        DateException.create(counsellor=counsellor, day=day, kind=kind, note=note or "",
                             start=start if kind == "extra" else None, end=end if kind == "extra" else None)
        record("counsellor.date_add", actor, counsellor, day.isoformat())
        bump(changes_of(counsellor.unit_id))


def remove_exception(actor, counsellor, exception_id):
    with database.atomic():
        DateException.delete().where(DateException.id == exception_id,
                                     DateException.counsellor == counsellor.id).execute()
        record("counsellor.date_remove", actor, counsellor)
        bump(changes_of(counsellor.unit_id))
