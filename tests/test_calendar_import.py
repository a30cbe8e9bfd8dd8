"""Calendars as coordinators export them (Google, Outlook, a spreadsheet) become events."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.cli import main
from content.calendar_import import event_id, merge, read_csv, read_ics
from content.loader import load_content

TODAY = date(2026, 12, 1)

GOOGLE = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
X-WR-CALNAME:ICP webinars
X-WR-TIMEZONE:Europe/Sofia
BEGIN:VTIMEZONE
TZID:Europe/Sofia
X-LIC-LOCATION:Europe/Sofia
BEGIN:STANDARD
TZOFFSETFROM:+0300
TZOFFSETTO:+0200
TZNAME:EET
DTSTART:19701025T040000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
TZOFFSETFROM:+0200
TZOFFSETTO:+0300
TZNAME:EEST
DTSTART:19700329T030000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=Europe/Sofia:20270105T150000
DTEND;TZID=Europe/Sofia:20270105T160000
RRULE:FREQ=WEEKLY;COUNT=6
EXDATE;TZID=Europe/Sofia:20270112T150000
UID:weekly-webinar@google.com
SUMMARY:ICP weekly webinar
URL:javascript:alert(1)
END:VEVENT
BEGIN:VEVENT
RECURRENCE-ID;TZID=Europe/Sofia:20270119T150000
DTSTART;TZID=Europe/Sofia:20270120T170000
DTEND;TZID=Europe/Sofia:20270120T180000
UID:weekly-webinar@google.com
SUMMARY:ICP weekly webinar (moved)
SEQUENCE:1
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20270301
DTEND;VALUE=DATE:20270304
UID:study-visit@google.com
SUMMARY:ICP study visit in Valencia
URL:https://example.org/visit
END:VEVENT
BEGIN:VEVENT
DTSTART:20270401T090000Z
UID:no-end@google.com
SUMMARY:ICP cluster call
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20270210
UID:cancelled@google.com
SUMMARY:ICP info day
STATUS:CANCELLED
END:VEVENT
END:VCALENDAR
"""

OUTLOOK = """BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID="W. Europe Standard Time":20270501T100000
DTEND;TZID="W. Europe Standard Time":20270501T113000
UID:040000008200E00074C5B7101A82E00800000000
SUMMARY:Closing conference rehearsal
END:VEVENT
END:VCALENDAR
"""


def _by_id(events: list[dict]) -> dict[str, dict]:
    return {e["id"]: e for e in events}


def test_a_google_export_with_exceptions_becomes_one_event_per_occurrence() -> None:
    imported = read_ics(GOOGLE.encode(), "icp.ics", "programme:icp", "webinar", TODAY)
    assert imported.problems == []
    events = _by_id(imported.events)
    weekly = sorted(e["start"] for i, e in events.items() if i.startswith(
        event_id("weekly-webinar@google.com") + "-"))
    # six weeks, one deleted (EXDATE), one moved to the next day at 17:00
    assert weekly == ["2027-01-05T15:00", "2027-01-20T17:00", "2027-01-26T15:00",
                      "2027-02-02T15:00", "2027-02-09T15:00"]
    moved = events[event_id("weekly-webinar@google.com", date(2027, 1, 19))]
    assert moved["title"]["en"] == "ICP weekly webinar (moved)"
    # other readers: the kind in their language, the untranslated title quoted
    assert moved["title"]["bg"] == "Уебинар „ICP weekly webinar (moved)“"
    assert moved["title"]["ko"] == "웨비나 “ICP weekly webinar (moved)”"
    assert moved["end"] == "2027-01-20T18:00" and moved["zone"] == "Europe/Sofia"
    assert "link" not in moved  # javascript: is no link
    visit = events[event_id("study-visit@google.com")]
    assert (visit["precision"], visit["start"], visit["end"]) == ("day", "2027-03-01",
                                                                  "2027-03-03")
    assert visit["link"] == "https://example.org/visit"
    call = events[event_id("no-end@google.com")]
    assert (call["start"], call["zone"]) == ("2027-04-01T09:00", "UTC")
    assert "end" not in call  # no end invented
    assert events[event_id("cancelled@google.com")]["status"] == "cancelled"
    # every imported event passes the loader's own rules
    content = load_content(None, {"events": imported.events})
    assert content.events[moved["id"]].start.isoformat() == "2027-01-20T17:00:00"  # local


def test_an_outlook_export_with_a_windows_zone_name() -> None:
    imported = read_ics(OUTLOOK.encode(), "outlook.ics", "programme:icp", "meeting", TODAY)
    [event] = imported.events
    assert event["zone"] == "Europe/Berlin" and event["start"] == "2027-05-01T10:00"
    assert event["end"] == "2027-05-01T11:30"
    start = datetime(2027, 5, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert start.utcoffset().total_seconds() == 7200  # summer time, as Outlook meant


def test_a_spreadsheet_row_per_event_and_its_problems_named_by_line() -> None:
    sheet = ("uid,start,end,zone,kind,title_en,title_bg,link\n"
             "kickoff-2027,2027-02-03 10:00,2027-02-03 12:00,Europe/Sofia,meeting,"
             "Kick-off 2027,Старт 2027,https://example.org\n"
             ",2027-13-01,,UTC,meeting,Bad date,,\n"
             "x,2027-02-05,,UTC,party,Wrong kind,,\n")
    imported = read_csv(sheet.encode(), "plan.csv", "programme:icp", "meeting", TODAY)
    [event] = imported.events
    assert event["title"]["bg"] == "Старт 2027" and event["title"]["ko"] == \
        "회의 “Kick-off 2027”"
    assert any(p.startswith("plan.csv: line 3: start") for p in map(str, imported.problems))
    assert any(p.startswith("plan.csv: line 4: kind 'party'") for p in map(str, imported.problems))


def test_import_calendar_previews_then_applies_and_a_reimport_is_a_move(tmp_path: Path,
                                                                        monkeypatch) -> None:
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    ics = tmp_path / "icp.ics"
    ics.write_text(GOOGLE, "utf-8")
    clock = lambda: datetime(2026, 12, 1, 9, tzinfo=ZoneInfo("UTC"))  # noqa: E731
    out, err = io.StringIO(), io.StringIO()
    args = ["import-calendar", str(ics), "--programme", "programme:icp", "--kind", "webinar"]
    assert main([*args, "--dry-run"], out=out, err=err, clock=clock) == 0, err.getvalue()
    assert "1 cancelled, 7 new" in out.getvalue() and "Dry run" in out.getvalue()
    assert not (tmp_path / "state" / "overlay.json").exists()
    assert main(args, out=io.StringIO(), err=err, clock=clock) == 0, err.getvalue()
    # the moved occurrence moves again in the calendar; everything else is unchanged
    ics.write_text(GOOGLE.replace("20270120T170000", "20270121T170000").replace(
        "20270120T180000", "20270121T180000"), "utf-8")
    out = io.StringIO()
    assert main(args, out=out, err=err, clock=clock) == 0, err.getvalue()
    assert "1 changed, 7 unchanged" in out.getvalue()
    saved = json.loads((tmp_path / "state" / "overlay.json").read_text("utf-8"))["events"]
    moved = _by_id(saved)[event_id("weekly-webinar@google.com", date(2027, 1, 19))]
    assert moved["start"] == "2027-01-21T17:00" and moved["sequence"] == 2  # was 1
    # a broken calendar changes nothing and says why
    ics.write_text("not a calendar", "utf-8")
    err = io.StringIO()
    assert main(args, out=io.StringIO(), err=err, clock=clock) == 1
    assert "icp.ics: not an iCalendar file" in err.getvalue()


def test_merge_keeps_unchanged_events_exactly() -> None:
    imported = read_ics(GOOGLE.encode(), "icp.ics", "programme:icp", "webinar", TODAY).events
    first, _ = merge({"events": []}, imported)
    again, changes = merge(first, imported)
    assert again == first and {c.what for c in changes} == {"unchanged"}


def test_the_calendar_command_agrees_with_an_imported_calendar(tmp_path: Path,
                                                                monkeypatch) -> None:
    """Occurrence by occurrence, `bot calendar --json` gives back what was imported."""
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    for name, text in (("google.ics", GOOGLE), ("outlook.ics", OUTLOOK)):
        (tmp_path / name).write_text(text, "utf-8")
        assert main(["import-calendar", str(tmp_path / name), "--programme", "programme:icp"],
                    out=io.StringIO(), err=io.StringIO()) == 0
    out = io.StringIO()
    assert main(["calendar", "--from", "2027-01-01T00:00+00:00", "--to", "2027-06-01T00:00+00:00",
                 "--json"], out=out, err=io.StringIO()) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    imported = [r for r in rows if r["event"].startswith("event:cal-")]
    assert [r["start"] for r in imported] == [
        "2027-01-05T15:00:00+02:00", "2027-01-20T17:00:00+02:00", "2027-01-26T15:00:00+02:00",
        "2027-02-02T15:00:00+02:00", "2027-02-09T15:00:00+02:00", "2027-02-10",
        "2027-03-01", "2027-04-01T09:00:00+00:00", "2027-05-01T10:00:00+02:00"]
    by_start = {r["start"]: r for r in imported}
    assert by_start["2027-01-20T17:00:00+02:00"]["end"] == "2027-01-20T18:00:00+02:00"
    assert by_start["2027-03-01"]["end"] == "2027-03-03"
    assert by_start["2027-04-01T09:00:00+00:00"]["end"] is None  # none invented
    assert by_start["2027-02-10"]["status"] == "cancelled"
    assert by_start["2027-05-01T10:00:00+02:00"]["title"] == "Closing conference rehearsal"
    assert imported[0]["title"] == "ICP weekly webinar"  # English, as written


APPLE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Apple Inc.//macOS 15.1//EN
CALSCALE:GREGORIAN
X-WR-CALNAME:IURC Barcelona
X-APPLE-CALENDAR-COLOR:#1BADF8
BEGIN:VTIMEZONE
TZID:Europe/Madrid
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
DTSTART:19810329T020000
TZNAME:CEST
TZOFFSETTO:+0200
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
DTSTART:19961027T030000
TZNAME:CET
TZOFFSETTO:+0100
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
CREATED:20261120T101500Z
DTEND;TZID=Europe/Madrid:20270302T103000
DTSTAMP:20261120T101600Z
DTSTART;TZID=Europe/Madrid:20270302T093000
LAST-MODIFIED:20261120T101600Z
RRULE:FREQ=MONTHLY;UNTIL=20270504T075959Z;BYDAY=1TU
SEQUENCE:0
SUMMARY:Reunió mensual IURC Barcelona–Busan
TRANSP:OPAQUE
UID:7C3F6A0E-1F2B-4B8E-9C1D-0E5A2B3C4D5E
X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
END:VEVENT
BEGIN:VEVENT
CREATED:20261120T102000Z
DTSTAMP:20261120T102000Z
DTSTART;VALUE=DATE:20270415
DTEND;VALUE=DATE:20270416
SEQUENCE:0
SUMMARY:Termini de sol·licituds
UID:2B9D4C1A-7E6F-4A3B-8D2C-1F0E9A8B7C6D
END:VEVENT
BEGIN:VEVENT
DTSTAMP:20261120T102500Z
DTSTART;TZID=Europe/Madrid:20270610T160000
DURATION:PT1H30M
SUMMARY:Webinar on circular economy
UID:5E4D3C2B-1A09-4F8E-7D6C-5B4A39281706
END:VEVENT
END:VCALENDAR
"""


def test_an_apple_export_reads_back_occurrence_by_occurrence(tmp_path: Path,
                                                             monkeypatch) -> None:
    """Apple Calendar: a monthly series ending with a UTC UNTIL, an all-day day, a DURATION."""
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "apple.ics").write_text(APPLE, "utf-8")
    assert main(["import-calendar", str(tmp_path / "apple.ics"), "--programme",
                 "programme:iurc"], out=io.StringIO(), err=io.StringIO()) == 0
    out = io.StringIO()
    assert main(["calendar", "--from", "2027-01-01T00:00+00:00", "--to",
                 "2027-07-01T00:00+00:00", "--json"], out=out, err=io.StringIO()) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    imported = [r for r in rows if r["event"].startswith("event:cal-")]
    assert [(r["start"], r["end"]) for r in imported] == [
        ("2027-03-02T09:30:00+01:00", "2027-03-02T10:30:00+01:00"),
        ("2027-04-06T09:30:00+02:00", "2027-04-06T10:30:00+02:00"),  # summer time
        ("2027-04-15", None),
        ("2027-05-04T09:30:00+02:00", "2027-05-04T10:30:00+02:00"),  # UNTIL is inclusive
        ("2027-06-10T16:00:00+02:00", "2027-06-10T17:30:00+02:00")]
    # titles in Catalan only: an English reader sees the kind, then the title quoted
    assert imported[0]["title"] == "Meeting “Reunió mensual IURC Barcelona–Busan”"
    assert imported[2]["title"] == "Deadline “Termini de sol·licituds”"


def test_the_calendar_command_lists_the_reminders_it_would_send(tmp_path: Path,
                                                                monkeypatch) -> None:
    """--reminders: what is due in the window, per lead and reader zone, with how many
    subscribers (from the same store the bot uses) each reminder would reach."""
    import asyncio

    from store.state import StateStore

    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "google.ics").write_text(GOOGLE, "utf-8")
    assert main(["import-calendar", str(tmp_path / "google.ics"), "--programme",
                 "programme:icp"], out=io.StringIO(), err=io.StringIO()) == 0
    store = StateStore(tmp_path / "state")
    for user, zone in ((1, "Europe/Sofia"), (2, "Europe/Sofia"), (3, "Asia/Seoul")):
        store.users.update(user, subs=["programme:icp"], zone=zone, lang="en")
    store.users.update(4, subs=["programme:iurc"], zone="Europe/Sofia", lang="en")
    asyncio.run(store.commit())
    store.close()
    out = io.StringIO()
    assert main(["calendar", "--from", "2027-01-04T00:00+00:00", "--to",
                 "2027-01-06T00:00+00:00", "--json", "--reminders"], out=out,
                err=io.StringIO()) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    reminders = [r for r in rows if "lead" in r]
    webinar = [r for r in reminders if r["title"] == "ICP weekly webinar"]
    assert {(r["lead"], r["zone"], r["recipients"]) for r in webinar} == {
        ("1d", "*", 3), ("1h", "*", 3)}
    assert webinar[0]["due"] == "2027-01-04T13:00:00+00:00"  # a day before 15:00 Sofia
    occurrence = next(r for r in rows if "lead" not in r and r["title"] == "ICP weekly webinar")
    assert occurrence["start"] == "2027-01-05T15:00:00+02:00"
