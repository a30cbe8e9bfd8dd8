"""iCalendar (.ics) files for events, made with the icalendar library.

UIDs are stable per event and SEQUENCE follows the event's ``sequence``, so a
moved event replaces the entry already in the reader's calendar instead of
adding a second one. One occurrence of a recurring series carries the
series' UID and its RECURRENCE-ID, so importing it beside the whole series
does not duplicate it. Nothing is invented: an event without an end gets no
DTEND; an event known only to the month is an all-day entry on the month's
first day, titled as date to be announced, not a month-long block; a
cancelled event is kept, marked CANCELLED. Only http(s) links are written.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import relativedelta
from dateutil.rrule import YEARLY, rrule
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar import Event as VEvent

from content.models import Event, is_web_link
from content.timing import Occurrence, zone

PRODID = "-//Partnerbot//City cooperation programmes//EN"


def occurrence_stamp(occ: Occurrence) -> str:
    """A short name of one occurrence of a series ("20211201", "20211201T1000")."""
    start = occ.start
    return start.strftime("%Y%m%dT%H%M") if isinstance(start, datetime) else \
        start.strftime("%Y%m%d")


def _start_value(occ: Occurrence) -> date | datetime:
    """DTSTART (and RECURRENCE-ID) of an occurrence at the event's precision."""
    if occ.event.precision == "exact":
        assert isinstance(occ.start, datetime)
        return occ.start.replace(tzinfo=zone(occ.event.zone))
    return occ.start if not isinstance(occ.start, datetime) else occ.start.date()


def _vevent(occ: Occurrence, lang: str, stamp: datetime, *, whole_series: bool,
            month_note: str, tba: str) -> VEvent:
    event: Event = occ.event
    vevent = VEvent()
    vevent.add("uid", f"{event.id.replace(':', '-')}@partnerbot")
    if event.recurrence and not whole_series:
        vevent.add("recurrence-id", _start_value(occ))  # this one of the series
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", stamp)
    month = event.precision == "month"
    vevent.add("summary", f"{event.name[lang]} ({tba})" if month and tba else event.name[lang])
    description = event.description[lang]
    if month and month_note:
        description += "\n" + month_note
    vevent.add("description", description)
    if event.link and is_web_link(event.link):
        vevent.add("url", event.link)
    if event.status == "cancelled":
        vevent.add("status", "CANCELLED")
    start = _start_value(occ)
    vevent.add("dtstart", start)
    if event.precision == "exact":
        if isinstance(occ.end, datetime):
            vevent.add("dtend", occ.end.replace(tzinfo=zone(event.zone)))
    elif event.precision == "day":
        last = occ.end if occ.end is not None else start
        assert isinstance(last, date)
        vevent.add("dtend", last + timedelta(days=1))
    else:
        # Only the month is known: one all-day entry on its first day, not a month-long
        # block that would fill every day of the reader's calendar.
        assert isinstance(start, date)
        vevent.add("dtend", start + timedelta(days=1))
    if whole_series and event.recurrence:
        vevent.add("rrule", dict(part.split("=", 1) for part in event.recurrence.split(";")))
        if event.known_until is not None:
            vevent["rrule"]["UNTIL"] = event.known_until if not isinstance(
                event.known_until, datetime) else event.known_until.replace(
                    tzinfo=zone(event.zone))
    return vevent


def calendar(occurrences: Iterable[Occurrence], lang: str, stamp: datetime,
             *, whole_series: bool = False, month_note: str = "", tba: str = "") -> bytes:
    """An .ics file with one entry per occurrence (or per series with its RRULE).

    ``month_note`` and ``tba`` (in the reader's language) describe and title entries
    known only to the month.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    zones: set[str] = set()
    for occ in occurrences:
        cal.add_component(_vevent(occ, lang, stamp, whole_series=whole_series,
                                  month_note=month_note, tba=tba))
        if occ.event.precision == "exact":
            zones.add(occ.event.zone)
    for tzid in sorted(zones):
        cal.add_component(vtimezone(tzid, stamp.year))
    return cal.to_ical()


def vtimezone(tzid: str, year: int) -> Timezone:
    """A VTIMEZONE made of today's rules (a yearly RRULE per change), not a list of dates.

    Long RDATE lists, as generated from the tz database, are read an hour off in
    summer by some readers; the rules of the year of export hold for every year
    our events lie in (the EU's and Korea's rules have not changed since).
    """
    tz = zone(tzid)
    utc = ZoneInfo("UTC")
    moment = datetime(year, 1, 1, tzinfo=utc)
    before = moment.astimezone(tz).utcoffset() or timedelta(0)
    changes: list[tuple[datetime, timedelta, timedelta, str]] = []
    while moment.year == year:
        moment += timedelta(hours=1)
        local = moment.astimezone(tz)
        offset = local.utcoffset() or timedelta(0)
        if offset != before:
            changes.append(((moment + before).replace(tzinfo=None), before, offset,
                            local.tzname() or ""))
            before = offset
    out = Timezone()
    out.add("tzid", tzid)
    if not changes:
        fixed = TimezoneStandard()
        fixed.add("dtstart", datetime(1970, 1, 1))  # noqa: DTZ001 - local time, by definition
        fixed.add("tzoffsetfrom", before)
        fixed.add("tzoffsetto", before)
        fixed.add("tzname", datetime(year, 1, 1, tzinfo=tz).tzname() or tzid)
        out.add_component(fixed)
        return out
    for wall, old, new, name in changes:
        part = TimezoneDaylight() if new > old else TimezoneStandard()
        last_week = wall.day + 7 > monthrange(wall.year, wall.month)[1]
        nth = -1 if last_week else (wall.day - 1) // 7 + 1
        weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[wall.weekday()]
        rule = {"FREQ": "YEARLY", "BYMONTH": wall.month, "BYDAY": f"{nth}{weekday}"}
        first = rrule(YEARLY, dtstart=wall.replace(year=1970, month=1, day=1), bymonth=wall.month,
                      byweekday=getattr(relativedelta, weekday)(nth))[0]
        part.add("dtstart", first)
        part.add("rrule", rule)
        part.add("tzoffsetfrom", old)
        part.add("tzoffsetto", new)
        part.add("tzname", name)
        out.add_component(part)
    return out
