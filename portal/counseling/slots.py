"""The slot engine: which counselling times are free on a day. Pure functions, no database.

Times people set (working hours, breaks, leave) are local to the unit;
appointments and the answer are naive UTC, as everything is stored.
An appointment blocks [start, start + duration + buffer).
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from pytz import timezone as zone


@dataclass(frozen=True)
class Span:
    """A half-open stretch of time [start, end)."""

    start: datetime
    end: datetime

    def overlaps(self, other):
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Hours:
    """A weekly stretch in local time: weekday 0 is Monday."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class Calendar:
    """One counsellor's time: weekly hours and breaks, dates off, extra days, busy spans (UTC)."""

    hours: tuple = ()
    breaks: tuple = ()
    days_off: frozenset = frozenset()
    extra: tuple = ()  # (date, start, end) worked outside the weekly hours
    busy: tuple = ()  # Spans of existing appointments, buffer included
    appointments_this_week: int = 0
    key: object = None


@dataclass(frozen=True)
class Rules:
    """The service and unit settings that shape every slot."""

    duration: timedelta
    buffer: timedelta = timedelta(0)
    notice: timedelta = timedelta(hours=24)
    horizon: timedelta = timedelta(days=30)
    step: timedelta = timedelta(minutes=30)
    closed_days: frozenset = field(default_factory=frozenset)


def slot_key(start):
    """A start (naive UTC) as pages and links carry it: ISO 8601 in UTC, '2026-11-25T01:00:00Z'."""
    return start.isoformat() + "Z"


def from_slot_key(text):
    """A start as `slot_key` writes it (or any ISO 8601 time) back in naive UTC; None if the text is not one."""
    try:
        start = datetime.fromisoformat(text[:40])
    except ValueError:
        return None
    return start.astimezone(timezone.utc).replace(tzinfo=None) if start.tzinfo else start


def date_from(text):
    """A date typed or linked as YYYY-MM-DD; None if the text is not one."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def to_utc(day, moment, tz_name):
    """A local date and time of a unit's zone as naive UTC."""
    local = zone(tz_name).localize(datetime.combine(day, moment))
    return local.astimezone(zone("UTC")).replace(tzinfo=None)


def working_spans(calendar, day, tz_name):
    """The day's working time in UTC, breaks already taken out."""
    if day in calendar.days_off:
        return []
    stretches = [(h.start, h.end) for h in calendar.hours if h.weekday == day.weekday()]
    stretches += [(start, end) for extra_day, start, end in calendar.extra if extra_day == day]
    spans = [Span(to_utc(day, s, tz_name), to_utc(day, e, tz_name)) for s, e in stretches if s < e]
    pauses = [Span(to_utc(day, b.start, tz_name), to_utc(day, b.end, tz_name))
              for b in calendar.breaks if b.weekday == day.weekday()]
    return [piece for span in spans for piece in subtract(span, pauses)]


def subtract(span, holes):
    """What is left of a span after cutting out the holes."""
    pieces = [span]
    for hole in holes:
        left = []
        for piece in pieces:
            if not hole.overlaps(piece):
                left.append(piece)
                continue
            if piece.start < hole.start:
                left.append(Span(piece.start, hole.start))
            if hole.end < piece.end:
                left.append(Span(hole.end, piece.end))
        pieces = left
    return pieces


def free_slots(calendar, day, tz_name, rules, now):
    """Start times (UTC) on a local day where the service fits the counsellor's free time; with `now` None,
    whatever the notice and horizon (`bookable` applies them later)."""
    if day in rules.closed_days:
        return []
    slots = []
    for span in working_spans(calendar, day, tz_name):
        start = span.start
        while start + rules.duration <= span.end:
            blocked = Span(start, start + rules.duration + rules.buffer)
            if not any(blocked.overlaps(b) for b in calendar.busy):
                slots.append(start)
            start += rules.step
    return slots if now is None else bookable(slots, now, rules)


def bookable(starts, now, rules):
    """The starts far enough ahead for the notice and not past the horizon."""
    earliest, latest = now + rules.notice, now + rules.horizon
    return [start for start in starts if earliest <= start <= latest]


def any_counsellor(calendars, day, tz_name, rules, now):
    """Every free start with the counsellor who gets it: the least booked that week, then the first."""
    chosen = {}
    for calendar in sorted(calendars, key=lambda c: c.appointments_this_week):
        for start in free_slots(calendar, day, tz_name, rules, now):
            chosen.setdefault(start, calendar.key)
    return dict(sorted(chosen.items()))


def days_with_slots(calendars, first_day, days, tz_name, rules, now):
    """The local dates from `first_day` on that have at least one free slot (for the date picker)."""
    return [first_day + timedelta(n) for n in range(days)
            if any_counsellor(calendars, first_day + timedelta(n), tz_name, rules, now)]

