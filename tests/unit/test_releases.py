"""When each module of a run opens (lms.releases): what a learner sees as "opens on ..."."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from lms.courses.releases import ReleaseRule, is_open, opening_times

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = timezone.utc
REFERENCE_MODULES = ["intro", "m1", "m2", "m3", "m4", "m5", "m6", "m7"]
REFERENCE_RULE = ReleaseRule(mode="scheduled", initial=3, batch=2, every_days=7)


def brussels(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def test_reference_run_opens_three_then_two_a_week_when_started_25_september_2017():
    starts = brussels(2017, 9, 25, 9, 0)

    times = opening_times(REFERENCE_RULE, starts, REFERENCE_MODULES, zone="Europe/Brussels", enrolled_at=starts)

    assert list(times) == REFERENCE_MODULES
    assert times == {
        "intro": brussels(2017, 9, 25, 9, 0),
        "m1": brussels(2017, 9, 25, 9, 0),
        "m2": brussels(2017, 9, 25, 9, 0),
        "m3": brussels(2017, 10, 2, 9, 0),
        "m4": brussels(2017, 10, 2, 9, 0),
        "m5": brussels(2017, 10, 9, 9, 0),
        "m6": brussels(2017, 10, 9, 9, 0),
        "m7": brussels(2017, 10, 16, 9, 0),
    }
    local = [t.astimezone(BRUSSELS).strftime("%a %d %b %H:%M") for t in times.values()]
    assert local[-1] == "Mon 16 Oct 09:00"
    assert {t.strftime("%H:%M") for t in times.values()} == {"07:00"}  # 09:00 CEST is 07:00 UTC


def test_opening_times_are_utc_when_start_is_given_in_local_time():
    starts = brussels(2017, 9, 25, 9, 0)

    times = opening_times(REFERENCE_RULE, starts, REFERENCE_MODULES, zone="Europe/Brussels", enrolled_at=starts)

    assert all(t.utcoffset() == timedelta(0) for t in times.values())
    assert times["intro"] == datetime(2017, 9, 25, 7, 0, tzinfo=UTC)


def test_weekly_rule_stays_at_nine_local_when_summer_time_ends_in_between():
    # Brussels leaves summer time on Sunday 29 October 2017: CEST (UTC+2) -> CET (UTC+1).
    starts = datetime(2017, 10, 23, 7, 0, tzinfo=UTC)  # Monday 09:00 CEST
    rule = ReleaseRule(initial=1, batch=1, every_days=7)

    times = opening_times(rule, starts, ["a", "b", "c"], zone="Europe/Brussels")

    assert times["a"] == datetime(2017, 10, 23, 7, 0, tzinfo=UTC)
    assert times["b"] == datetime(2017, 10, 30, 8, 0, tzinfo=UTC)  # 09:00 CET, not 08:00 CET
    assert times["b"].astimezone(BRUSSELS).strftime("%d %b %H:%M %Z") == "30 Oct 09:00 CET"
    assert times["c"].astimezone(BRUSSELS).strftime("%d %b %H:%M") == "06 Nov 09:00"


def test_weekly_rule_drifts_one_hour_in_utc_when_zone_is_utc():
    # The contrast to the test above: the same start counted on a UTC clock keeps 07:00 UTC.
    starts = datetime(2017, 10, 23, 7, 0, tzinfo=UTC)

    times = opening_times(ReleaseRule(), starts, ["a", "b"], zone="UTC")

    assert times["b"] == datetime(2017, 10, 30, 7, 0, tzinfo=UTC)


def test_override_wins_when_module_would_otherwise_open_by_the_rule():
    starts = brussels(2017, 9, 25, 9, 0)
    early = datetime(2017, 9, 26, 12, 0, tzinfo=UTC)
    late = datetime(2017, 12, 1, 8, 0, tzinfo=UTC)
    rule = ReleaseRule(initial=3, batch=2, every_days=7, overrides={"m1": late, "m7": early})

    times = opening_times(rule, starts, REFERENCE_MODULES, zone="Europe/Brussels")

    assert times["m1"] == late  # an initial module held back
    assert times["m7"] == early  # a late module brought forward
    assert times["m3"] == brussels(2017, 10, 2, 9, 0)  # the others keep the rule's dates


def test_override_gives_a_date_when_batch_is_zero():
    starts = brussels(2017, 9, 25, 9, 0)
    when = brussels(2017, 10, 20, 9, 0)
    rule = ReleaseRule(initial=1, batch=0, overrides={"c": when})

    times = opening_times(rule, starts, ["a", "b", "c"], zone="Europe/Brussels")

    assert times == {"a": starts, "b": None, "c": when}


def test_later_modules_have_no_date_when_batch_is_zero():
    starts = brussels(2017, 9, 25, 9, 0)
    rule = ReleaseRule(initial=2, batch=0)

    times = opening_times(rule, starts, ["a", "b", "c", "d"], zone="Europe/Brussels")

    assert times == {"a": starts, "b": starts, "c": None, "d": None}


def test_self_paced_run_opens_everything_at_enrolment_when_learner_enrols_after_start():
    starts = brussels(2024, 1, 8, 9, 0)
    enrolled = datetime(2024, 3, 5, 14, 30, tzinfo=UTC)
    rule = ReleaseRule(mode="on_enrolment")

    times = opening_times(rule, starts, ["a", "b", "c"], zone="Europe/Brussels", enrolled_at=enrolled)

    assert times == {"a": enrolled, "b": enrolled, "c": enrolled}


def test_self_paced_run_opens_at_start_when_learner_enrols_before_start():
    starts = brussels(2024, 1, 8, 9, 0)
    enrolled = datetime(2023, 12, 20, 10, 0, tzinfo=UTC)

    times = opening_times(ReleaseRule(mode="on_enrolment"), starts, ["a", "b"], zone="Europe/Brussels",
                          enrolled_at=enrolled)

    assert times == {"a": starts, "b": starts}


def test_self_paced_run_gives_no_date_when_viewer_is_not_enrolled():
    starts = brussels(2024, 1, 8, 9, 0)

    times = opening_times(ReleaseRule(mode="on_enrolment"), starts, ["a", "b"], zone="Europe/Brussels",
                          enrolled_at=None)

    assert times == {"a": None, "b": None}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2017, 10, 2, 6, 59, 59, 999999, tzinfo=UTC), False),
        (datetime(2017, 10, 2, 7, 0, tzinfo=UTC), True),
        (datetime(2017, 10, 2, 9, 0, tzinfo=BRUSSELS), True),  # the same instant, written in local time
        (datetime(2017, 10, 2, 7, 0, 1, tzinfo=UTC), True),
    ],
    ids=["a microsecond before", "exactly at opening", "exactly at opening, local", "a second after"],
)
def test_module_is_open_from_its_opening_instant_when_compared_with_now(now, expected):
    opens_at = datetime(2017, 10, 2, 7, 0, tzinfo=UTC)

    assert is_open(opens_at, now) is expected


def test_module_is_never_open_when_it_has_no_date():
    assert is_open(None, datetime(2100, 1, 1, tzinfo=UTC)) is False
