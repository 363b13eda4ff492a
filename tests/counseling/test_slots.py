"""The slot engine: properties that hold for any hours, breaks, bookings, notice and horizon."""
from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.counseling.slots import Calendar, Hours, Rules, Span, any_counsellor, free_slots, to_utc

TZ = "Asia/Makassar"
MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 1, 0, 0)


def test_a_booking_blocks_its_time_and_buffer_on_both_sides():
    rules = Rules(duration=timedelta(minutes=60), buffer=timedelta(minutes=15), step=timedelta(minutes=15))
    hours = (Hours(0, time(9), time(13)),)
    at = [to_utc(MONDAY, time(h, m), TZ) for h, m in ((9, 0), (9, 15), (9, 30), (9, 45), (10, 0), (10, 15),
                                                       (10, 30), (10, 45), (11, 0), (11, 15), (11, 30), (11, 45), (12, 0))]
    assert free_slots(Calendar(hours=hours), MONDAY, TZ, rules, NOW) == at
    booked = to_utc(MONDAY, time(10), TZ)
    calendar = Calendar(hours=hours, busy=(Span(booked, booked + timedelta(minutes=75)),))
    # A new session and its buffer (75 minutes) must end by 10.00 and may start from 11.15 WITA.
    assert free_slots(calendar, MONDAY, TZ, rules, NOW) == at[9:]
    assert at[0] == datetime(2026, 12, 7, 1, 0)  # 09.00 WITA is 01.00 UTC


def test_breaks_days_off_and_closed_days_give_no_slots():
    calendar = Calendar(hours=(Hours(0, time(9), time(12)),), breaks=(Hours(0, time(10), time(11)),),
                        days_off=frozenset({MONDAY + timedelta(7)}))
    rules = Rules(duration=timedelta(minutes=60), step=timedelta(minutes=60), closed_days=frozenset({MONDAY + timedelta(14)}))
    assert free_slots(calendar, MONDAY, TZ, rules, NOW) == [to_utc(MONDAY, time(9), TZ), to_utc(MONDAY, time(11), TZ)]
    assert free_slots(calendar, MONDAY + timedelta(7), TZ, rules, NOW) == []
    assert free_slots(calendar, MONDAY + timedelta(14), TZ, rules, NOW) == []


def test_any_counsellor_picks_the_least_booked_that_week():
    hours = (Hours(0, time(9), time(10)),)
    busy_one = Calendar(hours=hours, appointments_this_week=5, key="busy")
    quiet_one = Calendar(hours=hours, appointments_this_week=1, key="quiet")
    rules = Rules(duration=timedelta(minutes=60), step=timedelta(minutes=60))
    assert any_counsellor([busy_one, quiet_one], MONDAY, TZ, rules, NOW) == {to_utc(MONDAY, time(9), TZ): "quiet"}


minutes = st.integers(min_value=0, max_value=23 * 60 + 59)


def local(m):
    return time(m // 60, m % 60)


@st.composite
def scenarios(draw):
    day = MONDAY + timedelta(days=draw(st.integers(0, 6)))
    hours = tuple(Hours(day.weekday(), local(a), local(max(a, b))) for a, b in draw(st.lists(st.tuples(minutes, minutes), max_size=3)))
    breaks = tuple(Hours(day.weekday(), local(a), local(max(a, b))) for a, b in draw(st.lists(st.tuples(minutes, minutes), max_size=2)))
    busy = []
    for start_minute, length in draw(st.lists(st.tuples(minutes, st.integers(15, 180)), max_size=4)):
        start = to_utc(day, local(start_minute), TZ)
        busy.append(Span(start, start + timedelta(minutes=length)))
    rules = Rules(duration=timedelta(minutes=draw(st.sampled_from([30, 45, 60, 90]))),
                  buffer=timedelta(minutes=draw(st.sampled_from([0, 10, 15, 30]))),
                  notice=timedelta(hours=draw(st.integers(0, 240))),
                  horizon=timedelta(days=draw(st.integers(1, 30))),
                  step=timedelta(minutes=draw(st.sampled_from([15, 30, 60]))),
                  closed_days=frozenset({day}) if draw(st.booleans()) and draw(st.booleans()) else frozenset())
    now = NOW + timedelta(hours=draw(st.integers(0, 200)))
    return day, Calendar(hours=hours, breaks=breaks, busy=tuple(busy)), rules, now


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_every_slot_keeps_every_rule(scenario):
    day, calendar, rules, now = scenario
    breaks = [Span(to_utc(day, b.start, TZ), to_utc(day, b.end, TZ)) for b in calendar.breaks]
    hours = [Span(to_utc(day, h.start, TZ), to_utc(day, h.end, TZ)) for h in calendar.hours]
    for start in free_slots(calendar, day, TZ, rules, now):
        session = Span(start, start + rules.duration)
        blocked = Span(start, start + rules.duration + rules.buffer)
        assert day not in rules.closed_days
        assert not any(blocked.overlaps(b) for b in calendar.busy), "overlaps an appointment"
        assert not any(session.overlaps(b) for b in breaks), "overlaps a break"
        assert any(h.start <= session.start and session.end <= h.end for h in hours), "outside working hours"
        assert now + rules.notice <= start <= now + rules.horizon, "outside notice or horizon"


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_every_offered_slot_can_be_booked_and_then_is_gone(scenario):
    day, calendar, rules, now = scenario
    for start in free_slots(calendar, day, TZ, rules, now)[:3]:
        booked = Calendar(hours=calendar.hours, breaks=calendar.breaks,
                          busy=calendar.busy + (Span(start, start + rules.duration + rules.buffer),))
        after = free_slots(booked, day, TZ, rules, now)
        assert start not in after
        assert not any(Span(s, s + rules.duration + rules.buffer).overlaps(Span(start, start + rules.duration + rules.buffer))
                       for s in after)
