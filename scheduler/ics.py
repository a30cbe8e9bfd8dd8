"""iCalendar (.ics) files for events, made with the icalendar library.

UIDs are stable per occurrence and SEQUENCE follows the event's ``sequence``,
so a moved event replaces the entry already in the reader's calendar instead
of adding a second one. Times are written with their time zone; whole-day
and month-precision events are all-day entries covering what is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from content.models import Event
from content.timing import Occurrence, zone

PRODID = "-//Partnerbot//City cooperation programmes//EN"


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def _vevent(occ: Occurrence, lang: str, stamp: datetime, *, whole_series: bool,
            month_note: str) -> VEvent:
    event: Event = occ.event
    vevent = VEvent()
    uid = event.id if whole_series else occ.id
    vevent.add("uid", f"{uid.replace(':', '-')}@partnerbot")
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.name[lang])
    description = event.description[lang]
    if event.precision == "month" and month_note:
        description += "\n" + month_note
    vevent.add("description", description)
    if event.link:
        vevent.add("url", event.link)
    if event.status == "cancelled":
        vevent.add("status", "CANCELLED")
    if event.precision == "exact":
        assert isinstance(occ.start, datetime)
        tz = zone(event.zone)
        start = occ.start.replace(tzinfo=tz)
        vevent.add("dtstart", start)
        end = occ.end.replace(tzinfo=tz) if isinstance(occ.end, datetime) else \
            start + timedelta(hours=1)
        vevent.add("dtend", end)
    else:
        first = occ.start if not isinstance(occ.start, datetime) else occ.start.date()
        last = occ.end if occ.end is not None else first
        assert isinstance(last, date)
        vevent.add("dtstart", first)
        if event.precision == "day":
            vevent.add("dtend", last + timedelta(days=1))
        else:
            vevent.add("dtend", _add_months(last, 1))
    if whole_series and event.recurrence:
        vevent.add("rrule", dict(part.split("=", 1) for part in event.recurrence.split(";")))
    return vevent


def calendar(occurrences: Iterable[Occurrence], lang: str, stamp: datetime,
             *, whole_series: bool = False, month_note: str = "") -> bytes:
    """An .ics file with one entry per occurrence (or per series with its RRULE).

    ``month_note`` (in the reader's language) is added to month-precision entries,
    which span the whole month because the day is not known.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    for occ in occurrences:
        cal.add_component(_vevent(occ, lang, stamp, whole_series=whole_series,
                                  month_note=month_note))
    cal.add_missing_timezones()  # VTIMEZONE blocks for every TZID used
    return cal.to_ical()
