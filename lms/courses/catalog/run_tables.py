"""A course file's ``[[runs]]``: each run's window, time zone and release rule, checked so that
every module gets a date inside the window."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lms.core.i18n import gettext
from lms.courses.catalog.checker import CHECKED_ELSEWHERE, Checker
from lms.courses.catalog.specs import RunSpec
from lms.courses.releases import ReleaseRule, opening_times

RUN_KEYS = {
    "slug": str, "title": str, "timezone": str,
    "starts": CHECKED_ELSEWHERE, "ends": CHECKED_ELSEWHERE, "release": dict,
    "enrolment_opens": CHECKED_ELSEWHERE, "enrolment_closes": CHECKED_ELSEWHERE, "pace_days": int,
}
RELEASE_KEYS = {
    "mode": CHECKED_ELSEWHERE, "initial": CHECKED_ELSEWHERE, "batch": CHECKED_ELSEWHERE,
    "every_days": CHECKED_ELSEWHERE, "overrides": dict,
}
OPTIONAL = {"ends", "release", "enrolment_opens", "enrolment_closes", "pace_days"}


def read_runs(entries, module_slugs: list[str], check: Checker) -> list[RunSpec]:
    if not isinstance(entries, list):
        return []
    if not entries:
        check.add(("runs",), gettext("the course has no runs"))
    runs, seen = [], set()
    for index, entry in enumerate(entries):
        where = ("runs", index)
        if not isinstance(entry, dict):
            check.add(where, gettext("each run must be a [[runs]] table"))
            continue
        run = _run(entry, where, module_slugs, seen, check)
        if run is not None:
            runs.append(run)
    return runs


def _run(entry: dict, where: tuple, module_slugs: list[str], seen: set, check: Checker) -> RunSpec | None:
    check.table(entry, RUN_KEYS, where, optional=OPTIONAL)
    slug = check.slug(entry, where)
    if slug in seen:
        check.add(where + ("slug",), gettext("duplicate run slug '%(slug)s'", slug=slug))
    seen.add(slug)
    tz = _zone(entry.get("timezone"), where, check)
    starts = _instant(entry.get("starts"), tz, where + ("starts",), check)
    ends = _instant(entry.get("ends"), tz, where + ("ends",), check)
    if starts and ends and ends <= starts:
        check.add(where + ("ends",), gettext("the run ends before it starts"))
        ends = None  # said once: not again as "module X would open after the window closes"
    enrolment_opens = _instant(entry.get("enrolment_opens"), tz, where + ("enrolment_opens",), check)
    enrolment_closes = _instant(entry.get("enrolment_closes"), tz, where + ("enrolment_closes",), check)
    if enrolment_opens and enrolment_closes and enrolment_closes <= enrolment_opens:
        check.add(where + ("enrolment_closes",), gettext("enrolment closes before it opens"))
    pace_days = entry.get("pace_days")
    if isinstance(pace_days, int) and not isinstance(pace_days, bool) and pace_days < 1:
        check.add(where + ("pace_days",), gettext("'%(key)s' must be a whole number of at least %(low)d", key="pace_days", low=1))
    rule = _release(entry.get("release", {}), tz, where + ("release",), module_slugs, check)
    if not (slug and tz and starts and rule and isinstance(entry.get("title"), str)):
        return None
    _check_dates(rule, starts, ends, str(tz), module_slugs, where, check)
    return RunSpec(
        slug, entry["title"].strip(), str(tz), starts, ends, rule,
        enrolment_opens_at=enrolment_opens, enrolment_closes_at=enrolment_closes,
        pace_days=pace_days if isinstance(pace_days, int) else None,
    )


def _zone(name, where: tuple, check: Checker) -> ZoneInfo | None:
    if not isinstance(name, str):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        check.add(where + ("timezone",),
                  gettext("unknown time zone '%(zone)s' (use an IANA name such as 'Europe/Brussels')", zone=name))
        return None


def _instant(value, tz: ZoneInfo | None, where: tuple, check: Checker) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        example = value.isoformat() + "T09:00:00"
        check.add(where, gettext("'%(key)s' needs a time too, e.g. %(example)s", key=where[-1], example=example))
        return None
    if not isinstance(value, datetime):
        check.add(where, gettext("'%(key)s' must be a date-time such as 2017-09-25T09:00:00", key=where[-1]))
        return None
    if value.tzinfo is None:
        if tz is None:
            return None
        value = value.replace(tzinfo=tz)
    return value.astimezone(timezone.utc)


def _release(data, tz, where: tuple, module_slugs: list[str], check: Checker) -> ReleaseRule | None:
    if not isinstance(data, dict):
        return None
    check.table(data, RELEASE_KEYS, where, optional=set(RELEASE_KEYS))
    valid = True
    mode = data.get("mode", "scheduled")
    if mode not in ("scheduled", "on_enrolment"):
        check.add(where + ("mode",), gettext("release mode '%(mode)s' is not 'scheduled' or 'on_enrolment'", mode=mode))
        valid = False
    numbers = {}
    for key, default, low in (("initial", 1, 1), ("batch", 1, 0), ("every_days", 7, 1)):
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            check.add(where + (key,), gettext("'%(key)s' must be a whole number of at least %(low)d", key=key, low=low))
            valid = False
        numbers[key] = value
    overrides = {}
    given = data.get("overrides", {})
    for module, when in given.items() if isinstance(given, dict) else ():
        if module not in module_slugs:
            check.add(where + ("overrides", module), gettext("override for unknown module '%(module)s'", module=module))
            continue
        instant = _instant(when, tz, where + ("overrides", module), check)
        if instant:
            overrides[module] = instant
    return ReleaseRule(mode=mode, overrides=overrides, **numbers) if valid else None


def _check_dates(rule: ReleaseRule, starts, ends, zone: str, module_slugs, where, check: Checker) -> None:
    times = opening_times(rule, starts, module_slugs, zone=zone, enrolled_at=starts)
    previous = None
    for slug, opens in times.items():
        if opens is None:
            check.add(where + ("release",), gettext(
                "the release rule leaves module '%(module)s' without a date (add 'batch' or an override)", module=slug))
            continue
        if ends and opens >= ends:
            check.add(where + ("release",),
                      gettext("module '%(module)s' would open after the course window closes", module=slug))
        if previous and opens < previous:
            check.add(where + ("release", "overrides", slug),
                      gettext("module '%(module)s' would open before the module above it", module=slug))
        previous = opens
