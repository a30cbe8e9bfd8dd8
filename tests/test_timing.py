"""Event spans, recurrence, relative times and date rendering in all six locales."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from content.models import Content, Event
from content.timing import (
    format_when,
    next_occurrence,
    occurrences,
    relative,
    relevant_occurrence,
)

UTC = ZoneInfo("UTC")


def _exact(content: Content, start: datetime, zone: str = "Europe/Sofia") -> Event:
    base = content.events["event:citynet-webinar-climate"]
    return replace(base, precision="exact", start=start, end=None, zone=zone)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "November 15, 2021"), ("bg", "15 ноември 2021\u202fг."),
    ("ca", "15 de novembre del 2021"),
    ("es", "15 de noviembre de 2021"), ("ko", "2021년 11월 15일"), ("zh", "2021年11月15日"),
])
def test_day_in_every_locale(content: Content, lang: str, expected: str) -> None:
    occ = relevant_occurrence(content.events["event:icp-application-deadline"],
                              datetime(2021, 11, 1, tzinfo=UTC))
    assert format_when(occ, lang, "UTC") == expected


@pytest.mark.parametrize(("lang", "expected"), [
    # English CLDR has no interval with the months written out: they are spelled here, as
    # for a single day, not "Sep 28 – Oct 2, 2020"
    ("en", "September 28\u2009–\u2009October 2, 2020"),
    ("bg", "28 септември – 2 октомври 2020\u202fг."),
    ("es", "28 de septiembre\u2009–\u20092 de octubre de 2020"),
    ("ko", "2020년 9월 28일 ~ 10월 2일"),
    ("zh", "2020年9月28日至10月2日"),
])
def test_days_in_every_locale_with_the_months_written_out(content: Content, lang: str,
                                                          expected: str) -> None:
    occ = relevant_occurrence(content.events["event:icc-launch-week"],
                              datetime(2020, 9, 1, tzinfo=UTC))
    assert format_when(occ, lang, "UTC") == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "April 2022"), ("bg", "април 2022\u202fг."), ("ca", "abril del 2022"),
    ("es", "abril de 2022"), ("ko", "2022년 4월"), ("zh", "2022年4月"),
])
def test_month_in_every_locale(content: Content, lang: str, expected: str) -> None:
    occ = relevant_occurrence(content.events["event:icp-first-study-visit"],
                              datetime(2021, 11, 1, tzinfo=UTC))
    assert format_when(occ, lang, "UTC") == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "in 6 days"), ("bg", "след 6 дни"), ("ca", "d’aquí a 6 dies"),
    ("es", "dentro de 6 días"), ("ko", "6일 후"), ("zh", "6天后"),
])
def test_six_days_is_not_one_week(content: Content, lang: str, expected: str) -> None:
    ev = content.events["event:icp-application-deadline"]
    now = datetime(2021, 11, 9, 12, tzinfo=UTC)
    assert relative(relevant_occurrence(ev, now), now, lang, "Europe/Brussels") == expected


def test_ninety_minutes_and_past(content: Content) -> None:
    ev = _exact(content, datetime(2022, 3, 1, 12, 0))  # noqa: DTZ001 - local to the event zone
    now = datetime(2022, 3, 1, 8, 30, tzinfo=UTC)  # 10:30 in Sofia (UTC+2)
    assert relative(relevant_occurrence(ev, now), now, "en", "UTC") == "in 90 minutes"
    later = now + timedelta(days=16)
    assert relative(relevant_occurrence(ev, later), later, "en", "UTC") == "16 days ago"


def test_deadline_lasts_the_whole_day(content: Content) -> None:
    ev = content.events["event:icp-application-deadline"]
    late_on_the_day = datetime(2021, 11, 15, 22, 30, tzinfo=UTC)  # 23:30 in Brussels
    assert next_occurrence(ev, late_on_the_day) is not None
    assert next_occurrence(ev, late_on_the_day + timedelta(hours=1)) is None


def test_exact_time_in_reader_zone_across_dst(content: Content) -> None:
    # 10:00 in Sofia is 16:00 in Seoul in summer (UTC+3 vs +9) and 17:00 in winter (UTC+2).
    summer = _exact(content, datetime(2021, 10, 20, 10, 0))  # noqa: DTZ001
    winter = _exact(content, datetime(2021, 11, 3, 10, 0))  # noqa: DTZ001
    now = datetime(2021, 10, 1, tzinfo=UTC)
    assert format_when(relevant_occurrence(summer, now), "en", "Asia/Seoul") == (
        "Wednesday, October 20, 2021, 4:00\u202fPM (South Korea Time)")
    assert "17:00" in format_when(relevant_occurrence(winter, now), "bg", "Asia/Seoul")
    assert "오후 5:00" in format_when(relevant_occurrence(winter, now), "ko", "Asia/Seoul")
    assert "10:00" in format_when(relevant_occurrence(winter, now), "es", "Europe/Sofia")


def test_zone_labels_are_right_for_the_date_shown() -> None:
    from content.timing import zone_label

    winter = datetime(2026, 11, 15, 12, tzinfo=ZoneInfo("Europe/Dublin"))
    summer = datetime(2026, 7, 15, 12, tzinfo=ZoneInfo("Europe/Dublin"))
    assert zone_label(winter, "en") == zone_label(summer, "en") == "Ireland Time"
    assert "Irish Standard" not in zone_label(winter, "en")
    assert zone_label(datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")), "en") == \
        "Coordinated Universal Time"


def test_monthly_recurrence_has_month_occurrences(content: Content) -> None:
    # The bundled monthly meetings stop where the sources do; the rule itself runs on.
    ev = replace(content.events["event:sofia-sejong-monthly"], known_until=None)
    first_three = [o.start for o, _ in zip(occurrences(ev), range(3), strict=False)]
    assert first_three == [date(2021, 10, 1), date(2021, 11, 1), date(2021, 12, 1)]
    occ = next_occurrence(ev, datetime(2022, 2, 10, tzinfo=UTC))
    assert occ is not None and occ.id == "event:sofia-sejong-monthly@2022-02"
    assert format_when(occ, "en", "UTC") == "February 2022"


def test_recurrence_stops_at_the_last_date_the_sources_give(content: Content) -> None:
    ev = content.events["event:sofia-sejong-monthly"]
    assert [o.start for o in occurrences(ev)] == [date(2021, 10, 1)]
    assert next_occurrence(ev, datetime(2026, 11, 22, tzinfo=UTC)) is None
