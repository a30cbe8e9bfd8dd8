"""The guided /addevent, /editevent and /cancelevent, tapped through as a coordinator would."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import Config
from content.loader import DATA_DIR
from content.qa import Engine
from tests.botapi import Call, StandIn, callback, message
from tests.harness import polling_bot

ADMIN = 900
NOW = datetime(2021, 11, 5, 8, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
async def bot(engine: Engine, tmp_path: Path) -> AsyncIterator[tuple[StandIn, Any]]:
    content_dir = tmp_path / "content"
    shutil.copytree(DATA_DIR, content_dir)
    stand_in = StandIn()
    await stand_in.start()
    config = Config(token=stand_in.token, data_dir=tmp_path / "state",
                    api_base_url=stand_in.base_url, content_dir=content_dir,
                    admin_ids=frozenset({ADMIN}))
    async with polling_bot(stand_in, engine, config, lambda: NOW, post_init=False) as app:
        app.bot_data["services"].store.users.update(ADMIN, lang="en", zone="Europe/Sofia")
        yield stand_in, app
    await stand_in.stop()
    assert not stand_in.violations, stand_in.violations


class Coordinator:
    """Types and taps in the admin's chat, and reads what the bot showed last."""

    def __init__(self, stand_in: StandIn) -> None:
        self.stand_in = stand_in
        self.seen = 0

    def _shown(self) -> list[Call]:
        return [c for c in self.stand_in.calls if c.method in ("sendMessage", "editMessageText")
                and str(c.params.get("chat_id")) == str(ADMIN)]

    async def _next(self) -> str:
        """The first thing shown after what was already read (the bot's reply)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while len(self._shown()) <= self.seen:
            assert loop.time() < deadline, self.stand_in.calls[-3:]
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # a reply in several messages: take them all
        calls = self._shown()
        text = "\n".join(str(c.params["text"]) for c in calls[self.seen:])
        self.seen = len(calls)
        return text

    async def send(self, text: str, language_code: str = "en") -> str:
        self.stand_in.push(message(text, user_id=ADMIN, language_code=language_code))
        return await self._next()

    def buttons(self) -> dict[str, str]:
        last = next(c for c in reversed(self._shown()) if c.params.get("reply_markup"))
        markup = json.loads(last.params["reply_markup"])
        return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row}

    async def tap(self, label: str) -> str:
        data = self.buttons()[label]
        self.stand_in.push(callback(data, 1000, user_id=ADMIN))
        return await self._next()

    async def tap_data(self, data: str) -> None:
        self.stand_in.push(callback(data, 1000, user_id=ADMIN))
        await self.stand_in.wait_for(len(self.stand_in.sent("answerCallbackQuery")) + 1,
                                     "answerCallbackQuery")


async def test_an_event_added_step_by_step_with_buttons(bot: tuple) -> None:
    stand_in, app = bot
    me = Coordinator(stand_in)
    assert await me.send("/addevent") == "New event. Which programme is it part of?"
    assert await me.tap("ICP") == "What kind of event is it?"
    assert await me.tap("Webinar") == "How precisely is the date known?"
    asked = await me.tap("A date and a time")
    assert "in your time zone (Europe/Sofia), for example 2021-11-19 15:00" in asked
    refused = await me.send("2021-10-01 10:00")  # past
    assert "has already passed" in refused and "for example" in refused
    assert "could not read" in await me.send("next Tuesday")
    assert "Until when?" in await me.send("2021-11-20 15:00")
    assert await me.send("16:30") == "Send the title in English."
    assert "Send the title in Bulgarian." in await me.send("Energy transition webinar")
    assert "Send the title in Catalan." in await me.send("Уебинар за енергийния преход")
    for _ in range(4):  # Catalan, Spanish, Korean, Chinese: skipped
        asked = await me.tap("Skip")
    assert asked.startswith("Send a link")
    assert "https://" in await me.send("javascript:alert(1)")
    preview = await me.send("https://iurc.eu/energy")
    assert "Kind: Webinar" in preview and "Programme: ICP" in preview
    assert "Saturday, November 20, 2021" in preview and "4:30" in preview
    assert "No title in: Catalan, Spanish, Korean, Chinese" in preview
    save = me.buttons()["Save"]
    saved = await me.tap("Save")
    assert saved.startswith("Saved. Readers now see:")
    events = app.bot_data["services"].engine.content.events
    added = events["event:chat-energy-transition-webinar"]
    assert added.name["bg"] == "Уебинар за енергийния преход"
    assert added.start == datetime(2021, 11, 20, 15, 0) and added.zone == "Europe/Sofia"  # noqa: DTZ001
    assert added.link == "https://iurc.eu/energy"
    await me.tap_data(save)  # Save pressed again on the old preview: nothing twice
    assert "no longer valid" in stand_in.sent("answerCallbackQuery")[-1].params["text"]
    assert len([e for e in app.bot_data["services"].engine.content.events
                if e.startswith("event:chat-energy")]) == 1


async def test_an_event_chosen_from_a_list_is_moved_then_cancelled(bot: tuple) -> None:
    stand_in, app = bot
    store = app.bot_data["services"].store
    store.users.update(801, lang="en", subs=["programme:icp"], zone="Europe/Sofia")
    me = Coordinator(stand_in)
    await me.send("/addevent\nprogramme: icp\nkind: webinar\ntitle: Cluster call\n"
                  "start: 2021-11-20 15:00\nzone: Europe/Sofia")
    service = app.bot_data["reminders"].service
    due = next(d for d in sorted(service._plan) if any(
        s.occurrence.event.id == "event:chat-cluster-call" for s in service._plan[d]))
    await service.run_due(due, due)  # 801 is reminded of it
    assert await me.send("/editevent") == "Which event do you want to change?"
    label = next(b for b in me.buttons() if "Cluster call" in b)
    assert label.startswith("Nov 20, 2021")
    assert await me.tap(label) == "What should change in “Cluster call”?"
    await me.tap("Date and time")
    await me.tap("A date and a time")
    await me.send("2021-11-22 10:00")
    preview = await me.tap("Skip")
    assert "Monday, November 22, 2021" in preview
    assert (await me.tap("Save")).startswith("Saved.")
    moved = [c.params["text"] for c in stand_in.sent(chat_id=801) if c.params["text"][0] == "📅"]
    assert len(moved) == 1
    assert await me.send("/cancelevent") == "Which event do you want to cancel?"
    label = next(b for b in me.buttons() if "Cluster call" in b)
    assert "Everyone already reminded of it is told." in await me.tap(label)
    assert "cancelled" in await me.tap("Yes, cancel it")
    assert app.bot_data["services"].engine.content.events[
        "event:chat-cluster-call"].status == "cancelled"
    assert len([c for c in stand_in.sent(chat_id=801) if c.params["text"][0] == "❌"]) == 1
    log = [e["what"] for e in store.roles.log()]
    assert log == ["addevent event:chat-cluster-call", "editevent event:chat-cluster-call",
                   "cancelevent event:chat-cluster-call"]


async def test_the_guided_flow_speaks_the_coordinators_language(bot: tuple) -> None:
    stand_in, app = bot
    app.bot_data["services"].store.users.update(ADMIN, lang="bg")
    me = Coordinator(stand_in)
    assert await me.send("/addevent") == "Ново събитие. Към коя програма е?"
    await me.tap("ICP")
    assert "Уебинар" in me.buttons()
    await me.tap("Уебинар")
    await me.tap("Цял ден")
    assert "has already passed" not in (refused := await me.send("2020-05-01"))
    assert "2020-05-01" in refused
    assert await me.send("/cancel") == "Нищо не беше променено."


async def test_an_edited_addevent_message_creates_nothing(bot: tuple) -> None:
    stand_in, app = bot
    me = Coordinator(stand_in)
    typed = message("/addevent\nprogramme: icp\nkind: webinar\ntitle: Once only\n"
                    "start: 2021-11-20 15:00", user_id=ADMIN)
    assert (await me.send(typed["message"]["text"])).startswith("Saved.")
    edited = dict(typed["message"], edit_date=typed["message"]["date"],
                  text=typed["message"]["text"].replace("15:00", "16:00"))
    stand_in.push({"edited_message": edited})
    stand_in.push(message("/start", user_id=ADMIN))  # a marker: the edit was dealt with
    await me._next()
    events = app.bot_data["services"].engine.content.events
    assert [e for e in events if e.startswith("event:chat-once-only")] == [
        "event:chat-once-only"]
    assert events["event:chat-once-only"].start.hour == 15
