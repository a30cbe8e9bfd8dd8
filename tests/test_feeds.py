"""Calendars kept elsewhere: a feed on a real HTTP server on 127.0.0.1 that changes, breaks
and restores its calendar, polled as the bot polls Google or Outlook; and the same export
sent to the bot as a file, then sent again after a change."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.config import Config
from content.calendar_import import event_id
from content.loader import DATA_DIR
from content.qa import Engine
from store.feeds import FeedStore
from tests.botapi import StandIn, callback, message
from tests.harness import polling_bot
from tests.test_calendar_import import GOOGLE

ADMIN, COORDINATOR = 900, 901
UTC = ZoneInfo("UTC")
MOVED = event_id("weekly-webinar@google.com", date(2027, 1, 19))


@dataclass
class Calendar:
    """What the calendar server serves, and what it was asked."""

    body: str = GOOGLE
    status: int = 200
    version: int = 1
    requests: list[dict[str, str]] = field(default_factory=list)

    def change(self, body: str) -> None:
        self.body, self.version = body, self.version + 1


class _Serve(RequestHandler):
    def initialize(self, calendar: Calendar) -> None:
        self.calendar = calendar

    def get(self) -> None:
        cal = self.calendar
        cal.requests.append(dict(self.request.headers))
        if cal.status != 200:
            self.set_status(cal.status)
            self.finish("unavailable")
            return
        etag = f'"v{cal.version}"'
        if self.request.headers.get("If-None-Match") == etag:
            self.set_status(304)
            self.finish()
            return
        self.set_header("Content-Type", "text/calendar; charset=utf-8")
        self.set_header("ETag", etag)
        self.finish(cal.body.encode())


@pytest.fixture
async def served() -> AsyncIterator[tuple[Calendar, str]]:
    calendar = Calendar()
    sockets = bind_sockets(0, "127.0.0.1")
    server = HTTPServer(Application([(r"/icp\.ics", _Serve, {"calendar": calendar})]))
    server.add_sockets(sockets)
    port = sockets[0].getsockname()[1]
    yield calendar, f"http://127.0.0.1:{port}/icp.ics"
    server.stop()
    await server.close_all_connections()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def bot(engine: Engine, tmp_path: Path) -> AsyncIterator[tuple[StandIn, Any, Clock]]:
    content_dir = tmp_path / "content"
    shutil.copytree(DATA_DIR, content_dir)
    stand_in = StandIn()
    await stand_in.start()
    clock = Clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    config = Config(token=stand_in.token, data_dir=tmp_path / "state",
                    api_base_url=stand_in.base_url, content_dir=content_dir,
                    admin_ids=frozenset({ADMIN}))
    async with polling_bot(stand_in, engine, config, clock, post_init=False) as app:
        yield stand_in, app, clock
    await stand_in.stop()
    assert not stand_in.violations, stand_in.violations


def texts(stand_in: StandIn, chat: int) -> list[str]:
    return [c.params["text"] for c in stand_in.sent(chat_id=chat) if "text" in c.params]


async def _add_feed(stand_in: StandIn, url: str) -> str:
    before = len(stand_in.sent(chat_id=ADMIN)), len(stand_in.sent("editMessageText",
                                                                  chat_id=ADMIN))
    stand_in.push(message(f"/feeds {url}", user_id=ADMIN))
    question = (await stand_in.wait_for(before[0] + 1, chat_id=ADMIN))[-1]
    assert question.params["text"] == "Which programme is this calendar for?"
    buttons = [b for row in json.loads(question.params["reply_markup"])["inline_keyboard"]
               for b in row]
    icp = next(b["callback_data"] for b in buttons if b["text"] == "ICP")
    stand_in.push(callback(icp, 1000, user_id=ADMIN,
                           reply_markup=question.params["reply_markup"]))
    edits = await stand_in.wait_for(before[1] + 2, "editMessageText", chat_id=ADMIN)
    return str(edits[-1].params["text"])


async def test_a_feed_is_read_conditionally_follows_moves_and_survives_an_outage(
        bot: tuple, served: tuple) -> None:
    stand_in, app, clock = bot
    calendar, url = served
    store = app.bot_data["services"].store
    store.roles.set_coordinator(COORDINATOR, True, ADMIN, clock())
    store.users.update(COORDINATOR, lang="bg")
    store.users.update(801, lang="en", subs=["programme:icp"], zone="Europe/Sofia")
    poller = app.bot_data["feeds"]

    added = await _add_feed(stand_in, url)
    assert added.startswith("Added: the calendar feed of ICP is read now and every 15 minutes.")
    assert "7 new events; 1 event cancelled." in added
    events = app.bot_data["services"].engine.content.events
    assert events[MOVED].start == datetime(2027, 1, 20, 17, 0)  # noqa: DTZ001 - local

    # the next poll asks with the ETag and is told nothing changed
    [outcome] = await poller.poll_all()
    assert outcome.status == "unchanged"
    assert calendar.requests[-1].get("If-None-Match") == '"v1"'

    # 801 is reminded of the moved webinar; then the calendar moves it once more
    service = app.bot_data["reminders"].service
    due = next(d for d in sorted(service._plan) if any(
        s.occurrence.event.id == MOVED for s in service._plan[d]))
    clock.now = due
    await service.run_due(due, due)
    assert len([t for t in texts(stand_in, 801) if t.startswith("⏰")]) == 1
    calendar.change(GOOGLE.replace("20270120T170000", "20270121T170000")
                    .replace("20270120T180000", "20270121T180000"))
    [outcome] = await poller.poll_all()
    assert outcome.status == "applied" and outcome.counts() == {"changed": 1}
    [again] = await poller.poll_all()  # the same copy again: nothing new
    assert again.status == "unchanged"
    moved = [t for t in texts(stand_in, 801) if t.startswith("📅")]
    assert len(moved) == 1 and "January 21" in moved[0]

    # the server fails for an hour: four polls, the coordinators told once, events kept
    calendar.status = 503
    told_before = len(texts(stand_in, ADMIN)), len(texts(stand_in, COORDINATOR))
    for _ in range(4):
        clock.now += timedelta(minutes=15)
        [outcome] = await poller.poll_all()
        assert outcome.status == "failed"
    alerts = texts(stand_in, ADMIN)[told_before[0]:]
    assert alerts == ["⚠️ The calendar feed of ICP cannot be used: the server answered with "
                      "HTTP status 503\n\nIts events stay as they were. I try again every 15 "
                      "minutes and will tell you when it works again."]
    bulgarian = texts(stand_in, COORDINATOR)[told_before[1]:]
    assert len(bulgarian) == 1 and "ICP" in bulgarian[0] and "503" in bulgarian[0]
    assert app.bot_data["services"].engine.content.events[MOVED].start.day == 21
    state = FeedStore(poller.feeds.data_dir).get("programme:icp")  # as a restart reads it
    assert state is not None and state.told and state.failing_since is not None

    # a broken file is a failure too, not a reason to drop events
    calendar.status = 200
    calendar.change("BEGIN:VCALENDAR\nthis is not")
    [outcome] = await poller.poll_all()
    assert outcome.status == "failed"
    assert len(texts(stand_in, ADMIN)) == told_before[0] + 1  # still the same outage

    # restored, with one event deleted in the calendar: told once it works again
    restored = re.sub(r"BEGIN:VEVENT\nDTSTART:20270401T090000Z.*?END:VEVENT\n", "",
                      GOOGLE, flags=re.S)
    calendar.change(restored.replace("20270120T170000", "20270121T170000").replace(
        "20270120T180000", "20270121T180000"))
    [outcome] = await poller.poll_all()
    assert outcome.status == "applied" and outcome.recovered
    assert outcome.counts() == {"cancelled": 1}
    assert texts(stand_in, ADMIN)[-1] == ("✅ The calendar feed of ICP works again. "
                                          "1 event cancelled.")
    gone = app.bot_data["services"].engine.content.events[event_id("no-end@google.com")]
    assert gone.status == "cancelled"
    assert len([t for t in texts(stand_in, 801) if t.startswith("📅")]) == 1  # no duplicate


async def test_feeds_are_listed_and_a_wrong_address_is_refused(bot: tuple,
                                                               served: tuple) -> None:
    stand_in, app, _ = bot
    calendar, url = served
    calendar.status = 404
    refused = await _add_feed(stand_in, url)
    assert refused == "Not added: the server answered with HTTP status 404"
    stand_in.push(message("/feeds", user_id=ADMIN))
    await stand_in.wait_for(2, chat_id=ADMIN)
    assert texts(stand_in, ADMIN)[-1].startswith("No calendar feeds yet.")
    calendar.status = 200
    await _add_feed(stand_in, url)
    stand_in.push(message("/feeds", user_id=ADMIN, language_code="es"))
    await stand_in.wait_for(4, chat_id=ADMIN)
    listing = stand_in.sent(chat_id=ADMIN)[-1]
    assert url in listing.params["text"]
    remove = next(b["callback_data"] for row in json.loads(
        listing.params["reply_markup"])["inline_keyboard"] for b in row
        if b["callback_data"].startswith("fd:x:"))
    stand_in.push(callback(remove, 1001, user_id=ADMIN,
                           reply_markup=listing.params["reply_markup"]))
    edits = await stand_in.wait_for(5, "editMessageText", chat_id=ADMIN)
    assert edits[-1].params["text"].startswith("No calendar feeds yet.")
    assert app.bot_data["feeds"].active() == []


def test_the_files_name_feeds_and_the_chat_overrides_or_removes_them(tmp_path: Path) -> None:
    files = {"programme:icp": "webcal://example.org/icp.ics",
             "programme:iurc": "https://example.org/iurc.ics"}
    feeds = FeedStore(tmp_path)
    assert [f.url for f in feeds.active(files)] == list(files.values())
    feeds.register("programme:icp", "https://example.org/other.ics", by=ADMIN)
    feeds.remove("programme:iurc", by=ADMIN)
    again = FeedStore(tmp_path)  # as after a restart
    assert [(f.programme, f.url) for f in again.active(files)] == [
        ("programme:icp", "https://example.org/other.ics")]
    assert again.remove("programme:iurc", by=ADMIN) is False  # already removed


def test_a_feed_in_the_content_files_must_be_a_web_address(tmp_path: Path) -> None:
    from content.loader import ContentError, load_content

    content_dir = tmp_path / "content"
    shutil.copytree(DATA_DIR, content_dir)
    icp = next(p for p in content_dir.glob("*.toml") if 'id = "programme:icp"' in
               p.read_text("utf-8"))
    text = icp.read_text("utf-8")
    icp.write_text(text.replace('id = "programme:icp"', 'id = "programme:icp"\n'
                                'calendar_feed = "javascript:alert(1)"', 1), "utf-8")
    with pytest.raises(ContentError) as refused:
        load_content(content_dir)
    assert "calendar_feed: must start with https://, http:// or webcal://" in str(refused.value)
    icp.write_text(text.replace('id = "programme:icp"', 'id = "programme:icp"\n'
                                'calendar_feed = "webcal://example.org/icp.ics"', 1), "utf-8")
    content = load_content(content_dir)
    assert content.programmes["programme:icp"].calendar_feed == "webcal://example.org/icp.ics"


async def _import_file(stand_in: StandIn, text: str, name: str) -> str:
    """Send a calendar file as the admin, choose ICP, press Apply; the preview's text."""
    from tests.test_telegram import buttons

    file_id = f"f{len(stand_in.files)}"
    stand_in.files[file_id] = text.encode()
    edits = len(stand_in.sent("editMessageText", chat_id=ADMIN))
    asked = len(stand_in.sent(chat_id=ADMIN))
    stand_in.push(message(None, user_id=ADMIN, document={
        "file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
        "mime_type": "text/calendar", "file_size": len(text.encode())}))
    ask = (await stand_in.wait_for(asked + 1, chat_id=ADMIN))[-1]
    stand_in.push(callback(next(d for label, d in buttons(ask) if label == "ICP"), 1,
                           user_id=ADMIN))
    preview = (await stand_in.wait_for(edits + 1, "editMessageText", chat_id=ADMIN))[-1]
    stand_in.push(callback(next(d for label, d in buttons(preview) if label == "Apply"), 1,
                           user_id=ADMIN))
    done = (await stand_in.wait_for(edits + 2, "editMessageText", chat_id=ADMIN))[-1]
    assert done.params["text"].startswith("Imported."), done.params["text"]
    return str(preview.params["text"])


async def test_a_reimported_export_moves_what_moved_and_tells_the_reminded_once(
        bot: tuple) -> None:
    """A Google export with a weekly series, one occurrence deleted and one moved; imported
    from the chat, then again with the moved occurrence moved once more: whoever was
    reminded of it gets one move notice, nobody a duplicate."""
    stand_in, app, clock = bot
    store = app.bot_data["services"].store
    store.users.update(801, lang="en", subs=["programme:icp"], zone="Europe/Sofia")
    store.users.update(802, lang="bg", subs=["programme:icp"], zone="Europe/Sofia")
    first = await _import_file(stand_in, GOOGLE, "icp.ics")
    assert "New: 7" in first and "Cancelled: 1" in first
    events = app.bot_data["services"].engine.content.events
    assert event_id("weekly-webinar@google.com", date(2027, 1, 12)) not in events  # deleted
    service = app.bot_data["reminders"].service
    due = next(d for d in sorted(service._plan) if any(
        s.occurrence.event.id == MOVED for s in service._plan[d]))
    clock.now = due
    await service.run_due(due, due)  # both are reminded of the moved webinar
    reminded = {int(c.params["chat_id"]) for c in stand_in.sent()
                if c.params["text"][0] == "⏰"}
    assert reminded == {801, 802}
    moved_again = GOOGLE.replace("20270120T170000", "20270121T170000").replace(
        "20270120T180000", "20270121T180000")
    second = await _import_file(stand_in, moved_again, "icp.ics")
    assert "Changed: 1" in second and "Unchanged: 7" in second
    await _import_file(stand_in, moved_again, "icp.ics")  # the same file once more
    notices = [c for c in stand_in.sent() if c.params["text"][0] == "📅"]
    assert sorted(int(c.params["chat_id"]) for c in notices) == [801, 802]
    bulgarian = next(c.params["text"] for c in notices if int(c.params["chat_id"]) == 802)
    assert "21 януари 2027" in bulgarian
    assert len([c for c in stand_in.sent() if c.params["text"][0] == "⏰"]) == 2
