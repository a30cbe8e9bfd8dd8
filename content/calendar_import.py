"""Calendars coordinators already keep (.ics exports, spreadsheets as .csv) as events.

The result is events in the overlay's shape (the chat edits' store under
``BOT_DATA_DIR``), checked afterwards by the same loader rules as every content
file, so an import is applied whole or not at all.

What real exports carry, and how it is read:

- an event's identity is its UID: the same UID imports to the same event id, so
  an event that moved is a move (subscribers reminded of it are told), not a
  second event;
- times with a TZID (Google's IANA names, Outlook's Windows names such as
  "W. Europe Standard Time"), UTC times, and floating times read in the
  calendar's X-WR-TIMEZONE; all-day and multi-day events (DTEND is exclusive);
  events without an end stay without one (none is invented);
- a recurring event (RRULE) with no exceptions stays one recurring event; one
  with exceptions (EXDATE, RDATE, or single occurrences moved or cancelled with
  RECURRENCE-ID) becomes one event per occurrence, each keeping the identity of
  its original date, because exceptions are what the content format does not
  hold; a series without an end is taken up to ``HORIZON`` ahead;
- STATUS:CANCELLED marks the event cancelled (it is kept: readers are told);
- only http(s) links are kept; past events are imported (they answer "when
  was…"; reminders skip them).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from content.i18n import N_, T
from content.langdetect import detect_language
from content.langs import LANGS
from content.loader import Problem
from content.models import EVENT_KINDS, is_web_link
from content.overlay import parse_when

IMPORT_SOURCE = "source:calendar-import"
HORIZON = timedelta(days=2 * 366)  # how far an endless series with exceptions is taken
MAX_OCCURRENCES = 400
CSV_COLUMNS = ("uid", "start", "end", "zone", "kind", "status", "link",
               *(f"title_{lang}" for lang in LANGS), *(f"description_{lang}" for lang in LANGS))


@dataclass
class Imported:
    events: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # events whose title came in one language only, by that language
    one_language: Counter[str] = field(default_factory=Counter)

    def note(self, given: dict[str, str], events: int = 1) -> None:
        if len(given) == 1:
            self.one_language[next(iter(given))] += events


def event_id(uid: str, occurrence: date | None = None) -> str:
    """A stable event id for a calendar UID (and, for one of its occurrences, its date)."""
    digest = hashlib.blake2b(uid.encode("utf-8"), digest_size=6).hexdigest()
    return f"event:cal-{digest}" + (f"-{occurrence:%Y%m%d}" if occurrence else "")


def _texts(by_lang: dict[str, str], fallback: str) -> dict[str, str]:
    """Every language: a text given in one language stands as is in the others."""
    first = next((v for v in by_lang.values() if v), fallback)
    return {lang: by_lang.get(lang) or first for lang in LANGS}


def kind_label(lang: str, kind: str) -> str:
    labels = {"meeting": N_("Meeting"), "webinar": N_("Webinar"), "deadline": N_("Deadline"),
              "study_visit": N_("Study visit"), "conference": N_("Conference"),
              "milestone": N_("Milestone")}
    return T(lang, labels[kind])


def _given(by_lang: dict[str, str]) -> dict[str, str]:
    """The titles given, by language; one without a language (an .ics SUMMARY, under
    "") by the language it is written in."""
    given = {lang: text for lang, text in by_lang.items() if text}
    if "" in given:
        text = given.pop("")
        given = {detect_language(text): text, **given}
    return given


def _titles(given: dict[str, str], kind: str) -> dict[str, str]:
    """Titles in every language: where none was given, the kind in the reader's language
    and the original title quoted ("Уебинар „ICP weekly webinar“"), so a reader knows
    at once what it is and that the title was not translated."""
    first = next(iter(given.values()))
    return {lang: given.get(lang) or T(lang, "{kind} “{title}”", kind=kind_label(lang, kind),
                                       title=first) for lang in LANGS}


def _link(url: str | None) -> str | None:
    """The link if it is one a reader may open (a calendar's javascript: URL is dropped)."""
    url = (url or "").strip()
    return url if is_web_link(url) else None


def _zone_name(tzinfo: Any) -> str | None:
    if isinstance(tzinfo, str):
        candidates: tuple[Any, ...] = (tzinfo,)
    else:  # zoneinfo's key, pytz's zone, dateutil's VTIMEZONE id
        candidates = (getattr(tzinfo, "key", None), getattr(tzinfo, "zone", None),
                      getattr(tzinfo, "_tzid", None), str(tzinfo))
    for name in candidates:
        if not name:
            continue
        name = WINDOWS_TO_OLSON.get(name, name)
        if name in ("Etc/UTC", "Etc/GMT", "GMT", "Etc/Zulu", "Zulu", "UCT", "Etc/UCT", "Z"):
            return "UTC"
        try:
            ZoneInfo(name)
            return name
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return None


class _When:
    """A start or end as the content format stores it: precision, ISO text, zone."""

    def __init__(self, value: date | datetime, default_zone: str | None,
                 tzid: str | None = None) -> None:
        self.value = value
        if isinstance(value, datetime):
            self.precision = "exact"
            zone = (_zone_name(tzid) if tzid else None) or (
                _zone_name(value.tzinfo) if value.tzinfo is not None else default_zone)
            self.zone = zone
            local = value.astimezone(ZoneInfo(zone)) if (zone and value.tzinfo) else value
            self.local = local.replace(tzinfo=None)
            self.text = self.local.isoformat(timespec="minutes")
        else:
            self.precision, self.zone, self.local = "day", default_zone, value
            self.text = value.isoformat()


def read_ics(data: bytes, name: str, programme: str, kind: str | None,
             today: date) -> Imported:
    """``kind``: of every event; None guesses it from each title (webinar, deadline…)."""
    out = Imported()
    try:
        cal = Calendar.from_ical(data)
    except ValueError as exc:
        out.problems.append(Problem(name, "", N_("not an iCalendar file: {reason}"),
                                    (("reason", str(exc)),)))
        return out
    calendar_zone = str(cal.get("X-WR-TIMEZONE") or "").strip() or None
    if calendar_zone is not None:
        calendar_zone = _zone_name(calendar_zone) or None
    masters: dict[str, Any] = {}
    overrides: dict[str, dict[datetime | date, Any]] = {}
    for component in cal.walk("VEVENT"):
        uid = str(component.get("UID") or "").strip()
        if not uid:
            out.problems.append(Problem(name, str(component.get("SUMMARY", "?")),
                                        N_("event without a UID")))
            continue
        if component.get("RECURRENCE-ID") is not None:
            overrides.setdefault(uid, {})[component.decoded("RECURRENCE-ID")] = component
        else:
            masters[uid] = component
    for uid, component in masters.items():
        where = str(component.get("SUMMARY", uid))
        try:
            produced = _events_of(component, overrides.get(uid, {}), uid, programme, kind,
                                  calendar_zone, today)
            out.events.extend(produced)
            out.note(_given({"": str(component.get("SUMMARY") or "")}), len(produced))
        except _Refused as exc:
            out.problems.append(Problem(name, where, exc.message, exc.values))
    return out


class _Refused(ValueError):
    """An event the import cannot take, and why (said to the coordinator): an
    N_-marked template and its values, as a Problem carries them."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message.format(**values))
        self.message = message
        self.values = tuple((k, str(v)) for k, v in values.items())


# Words in a title that say what kind of event it is, when the import names none.
KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("deadline", ("deadline", "cut-off", "closes", "краен срок", "termini", "plazo", "마감",
                  "截止")),
    ("webinar", ("webinar", "уебинар", "seminari web", "seminario web", "웨비나", "研讨会")),
    ("study_visit", ("study visit", "study tour", "учебно посещение", "visita d'estudi",
                     "visita de estudio", "연수", "考察")),
    ("conference", ("conference", "конференция", "conferència", "conferencia", "컨퍼런스",
                    "会议大会")),
)


def guess_kind(title: str) -> str:
    low = title.casefold()
    return next((kind for kind, words in KIND_WORDS if any(w in low for w in words)),
                "meeting")


def _base(component: Any, programme: str, kind: str | None, today: date) -> dict[str, Any]:
    summary = str(component.get("SUMMARY") or "").strip()
    if not summary:
        raise _Refused(N_("no title (SUMMARY)"))
    kind = kind or guess_kind(summary)
    description = str(component.get("DESCRIPTION") or "").strip()
    entry: dict[str, Any] = {
        "programme": programme, "kind": kind, "title": _titles(_given({"": summary}), kind),
        "description": _texts({}, description or summary), "sources": [IMPORT_SOURCE],
        "updated": today.isoformat(), "sequence": int(component.get("SEQUENCE", 0) or 0),
        "status": "cancelled" if str(component.get("STATUS", "")).upper() == "CANCELLED"
        else "scheduled",
    }
    link = _link(str(component.get("URL") or ""))
    if link:
        entry["link"] = link
    return entry


def _span(component: Any, zone: str | None) -> tuple[_When, _When | None]:
    if component.get("DTSTART") is None:
        raise _Refused(N_("no start (DTSTART)"))
    start = _When(component.decoded("DTSTART"), zone, _tzid(component, "DTSTART"))
    if start.precision == "exact" and start.zone is None:
        raise _Refused(N_("a floating time and no X-WR-TIMEZONE: say which zone it is in"))
    end: _When | None = None
    if component.get("DTEND") is not None:
        end = _When(component.decoded("DTEND"), start.zone, _tzid(component, "DTEND"))
    elif component.get("DURATION") is not None:
        end = _When(start.value + component.decoded("DURATION"), start.zone)
    if end is not None and start.precision == "day":
        last = end.value - timedelta(days=1)  # an all-day DTEND is the day after
        end = _When(last, start.zone) if last > start.value else None
    return start, end


def _tzid(component: Any, name: str) -> str | None:
    """The TZID a property names ("W. Europe Standard Time", "Europe/Sofia"), if any."""
    prop = component.get(name)
    params = getattr(prop, "params", {})
    value = params.get("TZID") if params else None
    return str(value).strip('"') if value else None


def _with_span(entry: dict[str, Any], start: _When, end: _When | None) -> dict[str, Any]:
    entry = {**entry, "precision": start.precision, "start": start.text,
             "zone": start.zone or "UTC"}
    if end is not None and end.local != start.local:
        entry["end"] = end.text
    return entry


def _events_of(component: Any, overrides: dict[Any, Any], uid: str, programme: str,
               kind: str | None, zone: str | None, today: date) -> list[dict[str, Any]]:
    base = _base(component, programme, kind, today)
    start, end = _span(component, zone)
    rule = component.get("RRULE")
    exdates = component.get("EXDATE")
    rdates = component.get("RDATE")
    if rule is None:
        return [{"id": event_id(uid), **_with_span(base, start, end)}]
    rule_text = _local_until(rule.to_ical().decode(), start.zone)
    if not overrides and exdates is None and rdates is None:
        return [{"id": event_id(uid), **_with_span(base, start, end),
                 "recurrence": rule_text}]
    # Exceptions: one event per occurrence, each with its original date's identity.
    local_start = start.local
    first = _naive_local(local_start, None)
    series = rruleset()
    series.rrule(rrulestr(rule_text, dtstart=first))
    for prop, add in ((exdates, series.exdate), (rdates, series.rdate)):
        for group in (prop if isinstance(prop, list) else [prop] if prop is not None else []):
            for item in group.dts:
                add(_naive_local(item.dt, start.zone))
    # A series with COUNT or UNTIL is taken whole; an endless one up to HORIZON ahead
    # of today (or of its start, if that is later).
    endless = "COUNT=" not in rule_text and "UNTIL=" not in rule_text
    limit = (max(datetime.combine(today, datetime.min.time()), first) + HORIZON
             if endless else None)
    duration = (end.local - start.local) if end is not None else None
    by_original = {_naive_local(k, start.zone): v for k, v in overrides.items()}
    out = []
    for n, moment in enumerate(series):
        if (limit is not None and moment > limit) or n >= MAX_OCCURRENCES:
            break
        original = moment if isinstance(local_start, datetime) else moment.date()
        component_here = by_original.get(moment)
        if component_here is not None:  # this occurrence was moved or cancelled alone
            entry = _base(component_here, programme, kind, today)
            s, e = _span(component_here, start.zone)
        else:  # computed from the series: naive local time (or a day) in its zone
            entry = dict(base)
            s = _When(original, start.zone)
            e = _When(original + duration, start.zone) if duration is not None else None
        day = original.date() if isinstance(original, datetime) else original
        out.append({"id": event_id(uid, day), **_with_span(entry, s, e)})
    return out


_UTC_UNTIL = re.compile(r"UNTIL=(\d{8}T\d{6})Z")


def _local_until(rule: str, zone: str | None) -> str:
    """UNTIL in the series' local time, as the content keeps series (local times in a
    zone): Apple and Google write it in UTC, which a local start cannot be compared to."""
    match = _UTC_UNTIL.search(rule)
    if match is None or zone is None:
        return rule
    until = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=ZoneInfo("UTC"))
    local = until.astimezone(ZoneInfo(zone)).strftime("%Y%m%dT%H%M%S")
    return rule[:match.start()] + f"UNTIL={local}" + rule[match.end():]


def _naive_local(value: date | datetime, zone: str | None) -> datetime:
    """A recurrence-set value as a naive local datetime in the series' zone."""
    if isinstance(value, datetime):
        if value.tzinfo is not None and zone:
            value = value.astimezone(ZoneInfo(zone))
        return value.replace(tzinfo=None)
    return datetime.combine(value, datetime.min.time())


def read_csv(data: bytes, name: str, programme: str, kind: str | None,
             today: date) -> Imported:
    """One row per event (see content/calendar_template.csv for the columns)."""
    out = Imported()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        out.problems.append(Problem(name, "", N_("not UTF-8 text; save the sheet as CSV UTF-8")))
        return out
    reader = csv.DictReader(io.StringIO(text))
    unknown = [c for c in (reader.fieldnames or []) if c not in CSV_COLUMNS]
    if unknown:
        out.problems.append(Problem(name, "", N_("unknown columns {columns} (allowed: {allowed})"),
                                    (("columns", ", ".join(unknown)),
                                     ("allowed", ", ".join(CSV_COLUMNS)))))
        return out
    for line, row in enumerate(reader, start=2):

        def bad(message: str, line: int = line, **values: object) -> None:
            out.problems.append(Problem(name, "", message,
                                        tuple((k, str(v)) for k, v in values.items()), line))
        titles = {lang: (row.get(f"title_{lang}") or "").strip() for lang in LANGS}
        if not any(titles.values()):
            bad(N_("no title in any language"))
            continue
        start_text = (row.get("start") or "").strip()
        zone = (row.get("zone") or "").strip() or "UTC"
        given = _given(titles)
        first_title = next(iter(given.values()))
        row_kind = (row.get("kind") or "").strip() or kind or guess_kind(first_title)
        if row_kind not in EVENT_KINDS:
            bad(N_("kind {kind} is not one of {kinds}"), kind=repr(row_kind),
                kinds=", ".join(EVENT_KINDS))
            continue
        parsed = parse_when(start_text)
        if parsed is None:
            bad(N_("start {value} is not a date (2026-03-10), a date and time (2026-03-10 "
                   "15:00) or a month (2026-03)"), value=repr(start_text))
            continue
        precision, start = parsed
        uid = (row.get("uid") or "").strip() or first_title
        descriptions = {lang: (row.get(f"description_{lang}") or "").strip() for lang in LANGS}
        entry: dict[str, Any] = {
            "id": event_id(uid), "programme": programme, "kind": row_kind,
            "precision": precision, "start": start, "zone": zone,
            "title": _titles(given, row_kind),
            "description": _texts(descriptions, first_title), "sources": [IMPORT_SOURCE],
            "updated": today.isoformat(), "sequence": 0,
            "status": "cancelled" if (row.get("status") or "").strip().lower() == "cancelled"
            else "scheduled",
        }
        end_text = (row.get("end") or "").strip()
        if end_text:
            parsed_end = parse_when(end_text)
            if parsed_end is None or parsed_end[0] != precision:
                bad(N_("end {value} must be written like start"), value=repr(end_text))
                continue
            entry["end"] = parsed_end[1]
        link = _link(row.get("link"))
        if (row.get("link") or "").strip() and link is None:
            bad(N_("link must start with https:// or http://"))
            continue
        if link:
            entry["link"] = link
        out.note(given)
        out.events.append(entry)
    return out


@dataclass
class Change:
    """What an import would do to one event."""

    event_id: str
    title: str
    what: str  # "new", "changed", "cancelled", "unchanged"


def read_calendar(data: bytes, name: str, programme: str, kind: str | None,
                  today: date) -> Imported:
    """An .ics or a .csv, told apart by what the file holds, then by its name (a feed's
    URL may end in neither)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if head.startswith(b"BEGIN:VCALENDAR") or not name.lower().endswith(".csv"):
        return read_ics(data, name, programme, kind, today)
    return read_csv(data, name, programme, kind, today)


def merge(overlay: dict[str, Any], imported: list[dict[str, Any]],
          vanished: Iterable[str] = ()) -> tuple[dict[str, Any], list[Change]]:
    """The overlay with the imported events in it, and what changed, event by event.

    A changed event's sequence goes up (calendars then replace their copy); an
    unchanged one is left exactly as it was. ``vanished``: events a feed gave
    before and no longer does (deleted in the coordinators' calendar): they are
    marked cancelled, so whoever was reminded of one is told.
    """
    current = {e.get("id"): e for e in overlay.get("events", [])}
    changes: list[Change] = []
    merged = dict(current)
    ignore = ("updated", "sequence")
    for gone in vanished:
        before = current.get(gone)
        if before is None or before.get("status") == "cancelled":
            continue
        merged[gone] = {**before, "status": "cancelled",
                        "sequence": int(before.get("sequence", 0)) + 1}
        changes.append(Change(gone, before.get("title", {}).get("en", gone), "cancelled"))
    for event in imported:
        before = current.get(event["id"])
        title = event["title"]["en"]
        if before is None:
            merged[event["id"]] = event
            changes.append(Change(event["id"], title, "cancelled" if event["status"] ==
                                  "cancelled" else "new"))
            continue
        same = {k: v for k, v in before.items() if k not in ignore} == {
            k: v for k, v in event.items() if k not in ignore}
        if same:
            changes.append(Change(event["id"], title, "unchanged"))
            continue
        merged[event["id"]] = {**event, "sequence": int(before.get("sequence", 0)) + 1}
        cancelled = event["status"] == "cancelled" and before.get("status") != "cancelled"
        changes.append(Change(event["id"], title, "cancelled" if cancelled else "changed"))
    return {**overlay, "events": list(merged.values())}, changes


@dataclass
class Applied:
    """What reading a calendar feed and merging it in did."""

    programme: str
    status: str  # "unchanged", "applied", "failed"
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    reason: str = ""  # why it failed: "http:404", "network:ConnectError", "problems"
    recovered: bool = False

    def counts(self) -> dict[str, int]:
        return dict(Counter(change.what for change in self.changes))
