"""When events happen, relative to an injected "now", and how to say so.

An event's start and end are kept at the precision its source gives. Its
span in real time is: an exact event from its start (to its end, or the same
instant); a whole-day event from midnight to midnight in its zone; a
month-precision event over the whole month(s). A deadline is reached at the
end of its span ("until 15 November" means through that day).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import (
    format_date,
    format_interval,
    format_time,
    format_timedelta,
    get_timezone_location,
    get_timezone_name,
)
from dateutil.rrule import rrulestr

from content.i18n import T
from content.langs import babel_locale
from content.models import Event

_MAX_OCCURRENCES = 1000


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


@dataclass(frozen=True)
class Occurrence:
    """One concrete happening of an event, with its span in UTC."""

    event: Event
    start: date | datetime  # local, at the event's precision
    end: date | datetime | None
    begins: datetime  # aware UTC
    ends: datetime  # aware UTC, exclusive

    @property
    def id(self) -> str:
        """Stable id of this occurrence, e.g. ``event:x@2021-10``."""
        if self.event.recurrence is None:
            return self.event.id
        stamp = {"month": "%Y-%m", "day": "%Y-%m-%d"}.get(self.event.precision, "%Y-%m-%dT%H:%M")
        return f"{self.event.id}@{self.start.strftime(stamp)}"

    @property
    def due(self) -> datetime:
        """The moment that matters: the cut-off of a deadline, the start of anything else."""
        return self.ends if self.event.kind == "deadline" else self.begins

    def status(self, now: datetime) -> str:
        """'upcoming', 'ongoing' or 'past' at ``now``."""
        if self.event.kind == "deadline":
            return "upcoming" if now < self.ends else "past"
        if now < self.begins:
            return "upcoming"
        return "ongoing" if now < self.ends else "past"


def _span(event: Event, start: date | datetime, end: date | datetime | None) -> tuple[datetime,
                                                                                       datetime]:
    tz = zone(event.zone)
    last = end if end is not None else start
    if event.precision == "exact":
        assert isinstance(start, datetime) and isinstance(last, datetime)
        begins = start.replace(tzinfo=tz)
        ends = last.replace(tzinfo=tz)
        if ends <= begins:
            ends = begins + timedelta(minutes=1)
    elif event.precision == "day":
        begins = datetime.combine(start, time(), tz)
        ends = datetime.combine(last + timedelta(days=1), time(), tz)
    else:
        begins = datetime.combine(start, time(), tz)
        ends = datetime.combine(_add_months(last, 1), time(), tz)
    return begins.astimezone(ZoneInfo("UTC")), ends.astimezone(ZoneInfo("UTC"))


def _make(event: Event, start: date | datetime, end: date | datetime | None) -> Occurrence:
    begins, ends = _span(event, start, end)
    return Occurrence(event, start, end, begins, ends)


_EXPANDED: dict[str, tuple[Event, tuple[Occurrence, ...]]] = {}


def occurrences(event: Event) -> tuple[Occurrence, ...]:
    """Every occurrence in order (capped for open-ended rules); expanded once per event."""
    cached = _EXPANDED.get(event.id)
    if cached is not None and cached[0] is event:
        return cached[1]
    expanded = tuple(_expand(event))
    _EXPANDED[event.id] = (event, expanded)
    return expanded


def _expand(event: Event) -> Iterator[Occurrence]:
    if event.recurrence is None:
        yield _make(event, event.start, event.end)
        return
    first = event.start
    dtstart = first if isinstance(first, datetime) else datetime.combine(first, time())
    rule = rrulestr(event.recurrence, dtstart=dtstart)
    length = (event.end - event.start) if event.end is not None else None
    for i, when in enumerate(rule):
        if i >= _MAX_OCCURRENCES:
            return
        start: date | datetime = when if event.precision == "exact" else when.date()
        if event.known_until is not None and start > event.known_until:
            return
        end = start + length if length is not None else None
        yield _make(event, start, end)


def relevant_occurrence(event: Event, now: datetime) -> Occurrence:
    """The occurrence a reader means: the current or next one, else the last one."""
    expanded = occurrences(event)
    # Occurrences are in time order and so are their due moments: bisect on them.
    lo, hi = 0, len(expanded)
    while lo < hi:
        mid = (lo + hi) // 2
        if expanded[mid].status(now) == "past":
            lo = mid + 1
        else:
            hi = mid
    return expanded[min(lo, len(expanded) - 1)]


def next_occurrence(event: Event, now: datetime) -> Occurrence | None:
    """The current or next occurrence, or None when all are past."""
    occ = relevant_occurrence(event, now)
    return None if occ.status(now) == "past" else occ


# --- formatting -----------------------------------------------------------


def format_when(occ: Occurrence, lang: str, reader_zone: str) -> str:
    """The occurrence's date (and time) in the reader's locale, at its own precision."""
    loc = babel_locale(lang)
    precision = occ.event.precision
    if precision == "exact":
        tz = zone(reader_zone)
        start = occ.begins.astimezone(tz)
        day = format_date(start, "full", locale=loc)
        clock = _clock(start, lang)
        if occ.end is not None:
            end = occ.ends.astimezone(tz)
            if end.date() == start.date():
                clock = f"{clock}–{_clock(end, lang)}"
            else:
                clock = f"{clock} – {format_date(end, 'full', locale=loc)}, {_clock(end, lang)}"
        return T(lang, "{date}, {time} ({zone})", date=day, time=clock,
                 zone=zone_label(start, lang))
    if precision == "day":
        if occ.end is not None and occ.end != occ.start:
            return _days_between(occ.start, occ.end, loc)
        return format_date(occ.start, "long", locale=loc)
    if occ.end is not None and occ.end != occ.start:
        return format_interval(occ.start, occ.end, "yMMMM", locale=loc)
    return format_date(occ.start, _month_pattern(lang), locale=loc)


def _days_between(start: date, end: date, loc: Locale) -> str:
    """A span of days with the months written out, as a single day is ("June 11, 2020"):
    English CLDR has no such interval, and babel falls back to abbreviated months
    ("Sep 28 – Oct 2, 2020"); its abbreviated one is taken with the months spelled."""
    if "yMMMMd" in loc.interval_formats or "yMMMd" not in loc.interval_formats:
        return format_interval(start, end, "yMMMMd", locale=loc)
    parts = loc.interval_formats["yMMMd"]
    field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    first, second = (p.replace("MMM", "MMMM") for p in parts[field])
    return format_date(start, first, locale=loc) + format_date(end, second, locale=loc)


def zone_label(moment: datetime, lang: str) -> str:
    """The reader's zone as a place ("Ireland Time", "hora de España (Madrid)"), right on
    any date: tzdata gives Europe/Dublin a negative DST, so its long names come out
    swapped ("Irish Standard Time" in November). UTC keeps its own name."""
    loc = babel_locale(lang)
    key = getattr(moment.tzinfo, "key", "")
    if key in ("UTC", "Etc/UTC", "Etc/GMT", "GMT"):
        return get_timezone_name(moment, "long", locale=loc)
    return get_timezone_location(moment, locale=loc)


def _clock(moment: datetime, lang: str) -> str:
    """Short local time; Korean spells out 오전/오후 (babel's short pattern prints AM/PM)."""
    pattern = "aaaa h:mm" if lang == "ko" else "short"
    return format_time(moment, pattern, locale=babel_locale(lang))


@lru_cache(maxsize=16)
def _month_pattern(lang: str) -> str:
    """The locale's own 'month year' pattern (e.g. 'MMMM y', 'y년 MMMM')."""
    return babel_locale(lang).datetime_skeletons["yMMMM"].pattern


def format_months(first: date, last: date, lang: str) -> str:
    """A month ("April 2022") or a span of months ("May – December 2022") in ``lang``."""
    loc = babel_locale(lang)
    if (first.year, first.month) == (last.year, last.month):
        return format_date(first, _month_pattern(lang), locale=loc)
    return format_interval(first, last, "yMMMM", locale=loc)


def format_day(d: date, lang: str) -> str:
    return format_date(d, "long", locale=babel_locale(lang))


def _unit_and_amount(occ: Occurrence, now: datetime, reader_zone: str) -> tuple[str, float]:
    """Pick the unit a reader expects: exact enough for deadlines, never '1 week' for 6 days."""
    precision = occ.event.precision
    target = occ.due
    if precision == "month":
        local_now = now.astimezone(zone(occ.event.zone)).date()
        anchor = occ.end if (occ.event.kind == "deadline" and occ.end) else occ.start
        months = (anchor.year - local_now.year) * 12 + anchor.month - local_now.month
        if abs(months) >= 24:
            return "year", months / 12
        return "month", months
    seconds = (target - now).total_seconds()
    if precision == "day":
        local_today = now.astimezone(zone(reader_zone)).date()
        anchor = occ.end if (occ.event.kind == "deadline" and occ.end) else occ.start
        days = (anchor - local_today).days
        if abs(days) < 60:
            return "day", days
        if abs(days) < 730:
            return "month", days / 30
        return "year", days / 365
    if abs(seconds) < 3 * 3600:
        return "minute", seconds / 60
    if abs(seconds) < 48 * 3600:
        return "hour", seconds / 3600
    days = seconds / 86400
    if abs(days) < 60:
        return "day", days
    if abs(days) < 730:
        return "month", days / 30
    return "year", days / 365


_UNIT_SECONDS = {"year": 365 * 86400, "month": 30 * 86400, "day": 86400, "hour": 3600,
                 "minute": 60}


def relative(occ: Occurrence, now: datetime, lang: str, reader_zone: str,
             *, direction: bool = True) -> str | None:
    """'in 10 days' / '16 days ago' (or '10 days' without direction); None for 'now'."""
    unit, amount = _unit_and_amount(occ, now, reader_zone)
    rounded = round(amount)
    if rounded == 0:
        return None
    delta = timedelta(seconds=rounded * _UNIT_SECONDS[unit])
    return format_timedelta(delta, granularity=unit, threshold=1e9, add_direction=direction,
                            format="long", locale=babel_locale(lang))


def duration_left(occ: Occurrence, now: datetime, lang: str, reader_zone: str) -> str | None:
    return relative(occ, now, lang, reader_zone, direction=False)
