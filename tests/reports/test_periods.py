"""Periods: what the query string asks for, where each zone's days begin, and junk never breaking the page."""
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from portal.reports.periods import Period, parse, period_from

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("query, kind, first, last, slug", [
    ({}, "bulan", date(2026, 11, 1), date(2026, 11, 30), "2026-11"),
    ({"periode": "bulan", "bulan": "2", "tahun": "2028"}, "bulan", date(2028, 2, 1), date(2028, 2, 29), "2028-02"),
    ({"periode": "bulan", "bulan": "12", "tahun": "2026"}, "bulan", date(2026, 12, 1), date(2026, 12, 31), "2026-12"),
    ({"periode": "triwulan"}, "triwulan", date(2026, 10, 1), date(2026, 12, 31), "2026-T4"),
    ({"periode": "triwulan", "triwulan": "1", "tahun": "2027"}, "triwulan", date(2027, 1, 1), date(2027, 3, 31),
     "2027-T1"),
    ({"periode": "tahun", "tahun": "2025"}, "tahun", date(2025, 1, 1), date(2025, 12, 31), "2025"),
    ({"periode": "rentang", "dari": "2026-11-05", "sampai": "2026-11-05"}, "rentang", date(2026, 11, 5),
     date(2026, 11, 5), "2026-11-05_2026-11-05"),
])
def test_the_query_string_names_a_period(app_context, query, kind, first, last, slug):
    period = parse(MultiDict(query), TODAY)
    assert (period.kind, period.first, period.last, period.slug()) == (kind, first, last, slug)
    assert parse(MultiDict({k: str(v) for k, v in period.query().items()}), date(2000, 1, 1)) == period


def test_a_period_starts_at_local_midnight_in_each_zone():
    november = Period("bulan", date(2026, 11, 1), date(2026, 11, 30))
    assert november.bounds("Asia/Jakarta") == (datetime(2026, 10, 31, 17), datetime(2026, 11, 30, 17))
    assert november.bounds("Asia/Makassar") == (datetime(2026, 10, 31, 16), datetime(2026, 11, 30, 16))
    assert november.bounds("Asia/Jayapura") == (datetime(2026, 10, 31, 15), datetime(2026, 11, 30, 15))


def test_previous_and_next_keep_the_kind_and_its_length():
    q4 = Period("triwulan", date(2026, 10, 1), date(2026, 12, 31))
    assert q4.shifted(1) == Period("triwulan", date(2027, 1, 1), date(2027, 3, 31))
    assert q4.shifted(-1) == Period("triwulan", date(2026, 7, 1), date(2026, 9, 30))
    week = Period("rentang", date(2026, 11, 2), date(2026, 11, 8))
    assert week.shifted(-1) == Period("rentang", date(2026, 10, 26), date(2026, 11, 1))
    assert Period("tahun", date(2100, 1, 1), date(2100, 12, 31)).shifted(1) is None


def test_labels_people_read(app_context):
    assert Period("bulan", date(2026, 11, 1), date(2026, 11, 30)).label() == "November 2026"
    assert Period("triwulan", date(2026, 10, 1), date(2026, 12, 31)).label() == "Triwulan IV 2026"
    assert Period("tahun", date(2026, 1, 1), date(2026, 12, 31)).label() == "Tahun 2026"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["periode", "bulan", "triwulan", "tahun", "dari", "sampai"]),
                       st.one_of(st.text(max_size=12), st.sampled_from(["bulan", "triwulan", "tahun", "rentang",
                                                                        "2026-02-30", "0", "٣", "2026-11-01"]))))
def test_any_query_gives_a_period_or_this_month_with_a_reason(app_context, query):
    period, problem = period_from(MultiDict(query), TODAY)
    assert period.first <= period.last
    assert 2000 <= period.first.year and period.last.year <= 2100
    if problem:
        assert "Menampilkan bulan ini" in problem and period.slug() == "2026-11"
