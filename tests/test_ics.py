"""Calendar files that import cleanly: read back by a strict second parser (ical, RFC 5545),
and, for time zones, by vobject too (the reader that resolved RDATE lists an hour off)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from content.models import Content, Event
from content.timing import occurrences
from scheduler.ics import calendar, occurrence_stamp

UTC = ZoneInfo("UTC")
STAMP = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _strict(data: bytes) -> list:
    """Every VEVENT as the strict parser reads it (it raises on anything non-conformant)."""
    return list(IcsCalendarStream.calendar_from_ics(data.decode()).events)


def _entries(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def _series(content: Content) -> Event:
    monthly = content.events["event:sofia-sejong-monthly"]
    return replace(monthly, known_until=date(2022, 3, 1))


def test_every_bundled_event_exports_and_parses_strictly(content: Content) -> None:
    events = list(content.events.values())
    whole = calendar([occurrences(e)[0] for e in events], "bg", STAMP, whole_series=True,
                     month_note="Само месецът е известен.", tba="датата предстои")
    assert len(_strict(whole)) == len(events)
    for event in events:
        for occ in occurrences(event)[:3]:
            assert len(_strict(calendar([occ], "ko", STAMP, tba="날짜 미정"))) == 1


def test_one_occurrence_of_a_series_carries_the_series_uid(content: Content) -> None:
    series = _series(content)
    december = occurrences(series)[2]
    [entry] = _entries(calendar([december], "en", STAMP))
    [whole] = _entries(calendar([occurrences(series)[0]], "en", STAMP, whole_series=True))
    assert entry["UID"] == whole["UID"]  # imported beside the series, it replaces one of it
    assert entry["RECURRENCE-ID"].dt == date(2021, 12, 1)
    assert entry["DTSTART"].dt == date(2021, 12, 1)
    assert occurrence_stamp(december) == "20211201"
    assert whole["RRULE"]["UNTIL"] == [date(2022, 3, 1)]  # no month after the last known one
    [strict] = _strict(calendar([december], "en", STAMP))
    assert strict.recurrence_id is not None


def test_month_only_events_are_one_all_day_entry_titled_to_be_announced(
        content: Content) -> None:
    visit = content.events["event:icp-first-study-visit"]  # April 2022, no day given
    [entry] = _entries(calendar(occurrences(visit), "en", STAMP, tba="date to be announced"))
    assert entry["DTEND"].dt - entry["DTSTART"].dt == timedelta(days=1)
    assert str(entry["SUMMARY"]).endswith("(date to be announced)")


def test_nothing_invented_and_nothing_unsafe(content: Content) -> None:
    base = content.events["event:citynet-webinar-climate"]
    exact = replace(base, precision="exact", start=datetime(2021, 10, 5, 10, 0),  # noqa: DTZ001
                    end=None, link="javascript:alert(1)")
    [entry] = _entries(calendar(occurrences(exact), "en", STAMP))
    assert "DTEND" not in entry  # no invented one-hour end
    assert "URL" not in entry
    linked = replace(exact, link="https://www.iurc.eu/")
    assert str(_entries(calendar(occurrences(linked), "en", STAMP))[0]["URL"]) == \
        "https://www.iurc.eu/"
    cancelled = replace(base, status="cancelled", sequence=2)
    [gone] = _entries(calendar(occurrences(cancelled), "en", STAMP))
    assert gone["STATUS"] == "CANCELLED" and gone["SEQUENCE"] == 2
    assert _strict(calendar(occurrences(cancelled), "en", STAMP))[0].status == "CANCELLED"


@pytest.mark.parametrize("lang", ["en", "bg", "ca", "es", "ko", "zh"])
def test_texts_in_every_language_survive_the_round_trip(content: Content, lang: str) -> None:
    event = content.events["event:icp-application-deadline"]
    [strict] = _strict(calendar(occurrences(event), lang, STAMP))
    assert strict.summary == event.name[lang]


@pytest.mark.parametrize(("tzid", "summer", "winter"), [
    ("Europe/Sofia", "+03:00", "+02:00"), ("Europe/Dublin", "+01:00", "+00:00"),
    ("Asia/Seoul", "+09:00", "+09:00")])
def test_time_zones_are_rules_every_reader_resolves_alike(content: Content, tzid: str,
                                                          summer: str, winter: str) -> None:
    """VTIMEZONE as yearly rules (no RDATE lists), read the same by all three parsers in
    summer and in winter: 10:00 local stays 10:00 local."""
    base = content.events["event:iurc-eu-korea-kickoff"]
    events = [replace(base, id=f"event:t{month}", precision="exact", zone=tzid,
                      start=datetime(2027, month, 15, 10, 0),  # noqa: DTZ001 - local
                      end=datetime(2027, month, 15, 11, 30))  # noqa: DTZ001 - local
              for month in (1, 7)]
    data = calendar([occurrences(e)[0] for e in events], "en", STAMP)
    text = data.decode()
    assert "RDATE" not in text
    assert ("RRULE:FREQ=YEARLY" in text) == (tzid != "Asia/Seoul")  # Korea keeps no DST
    assert text.count("BEGIN:VTIMEZONE") == 1
    by_vobject = [e.dtstart.value for e in vobject.readOne(text).vevent_list]
    for parsed in (_strict(data), [e.decoded("DTSTART") for e in _entries(data)], by_vobject):
        starts = sorted((e.dtstart if hasattr(e, "dtstart") else e) for e in parsed)
        assert [s.strftime("%H:%M") for s in starts] == ["10:00", "10:00"]
        offsets = [s.isoformat()[-6:] for s in starts]
        assert offsets == [winter, summer], (tzid, offsets)
