"""Callback data: one codec, Telegram's 64-byte limit enforced when a button is made."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from content.models import Content
from content.qa import Engine
from content.timing import occurrences
from handlers.callbacks import CallbackDataTooLong, item_of, pack, short_id, unpack
from handlers.common import keyboard
from runtime.reminder_wording import ReminderTexts
from scheduler.plan import Slot
from scheduler.reminders import Subscriber


def test_pack_refuses_more_than_64_bytes() -> None:
    assert pack("ics", "abcdefgh") == "ics:abcdefgh"
    assert unpack("sub:-:p.icp") == ("sub", ["-", "p.icp"])
    with pytest.raises(CallbackDataTooLong):
        pack("ics", "x" * 61)
    with pytest.raises(CallbackDataTooLong):
        keyboard([[("ok", "sub:" + "é" * 31)]])  # 66 bytes in UTF-8


def test_every_button_kind_is_registered_in_one_place() -> None:
    """Data is made by pack and claimed by pattern, both from the one prefix table."""
    import re

    from handlers.callbacks import PREFIXES, pattern

    with pytest.raises(KeyError):
        pack("nope", "x")  # an unregistered kind of button cannot be made...
    with pytest.raises(KeyError):
        keyboard([[("ok", "nope:x")]])  # ...nor sent
    with pytest.raises(KeyError):
        pattern("nope")  # ...nor routed
    assert re.match(pattern("fg", fields=r"(yes|no)$"), "fg:yes")
    assert not re.match(pattern("fg", fields=r"(yes|no)$"), "fg:maybe")
    assert not re.match(pattern("p"), "pc:icp")  # "p" does not claim "pc" buttons
    assert len(PREFIXES) == len(set(PREFIXES))


def test_short_ids_are_stable_and_resolve(content: Content) -> None:
    code = short_id("event:icp-application-deadline")
    assert len(code) == 8 and code == short_id("event:icp-application-deadline")
    assert item_of(content, code) == "event:icp-application-deadline"
    assert item_of(content, "zzzzzzzz") is None
    codes = [short_id(i) for i in (*content.events, *content.facts, *content.cities)]
    assert len(set(codes)) == len(codes)


def test_a_reminder_for_an_event_with_a_very_long_id_keeps_its_buttons(content: Content) -> None:
    base = content.events["event:icp-application-deadline"]
    long_id = "event:" + "energy-transition-webinar-for-the-partner-cities-of-the-programme" * 2
    event = replace(base, id=long_id)
    longer = replace(content, events={**content.events, long_id: event})
    texts = ReminderTexts(Engine(longer))
    occ = occurrences(event)[0]
    slot = Slot(occ, "1d", "Europe/Sofia", occ.begins)
    now = datetime(2021, 11, 10, 9, 0, tzinfo=ZoneInfo("UTC"))
    message = texts.render(Subscriber(501, "en", "Europe/Sofia", frozenset({"all"})), slot, now)
    data = [d for row in message.buttons for _, d in row]
    assert data and all(len(d.encode()) <= 64 for d in data)
    assert item_of(longer, unpack(data[0])[1][0]) == long_id


async def test_the_stand_in_refuses_what_telegram_refuses() -> None:
    """A button over 64 bytes loses the whole message (400 BUTTON_DATA_INVALID)."""
    import json as _json

    from telegram import Bot
    from telegram.error import BadRequest

    from tests.botapi import StandIn

    stand_in = StandIn()
    await stand_in.start()
    bot = Bot(stand_in.token, base_url=stand_in.base_url)
    await bot.initialize()
    markup = {"inline_keyboard": [[{"text": "x", "callback_data": "s:" + "x" * 70}]]}
    try:
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot._post("sendMessage", {"chat_id": 1, "text": "hi",
                                            "reply_markup": _json.dumps(markup)})
        with pytest.raises(BadRequest, match=r"(?i)too long"):
            await bot.send_message(1, "x" * 5000)
    finally:
        await bot.shutdown()
        await stand_in.stop()
    assert not stand_in.sent()  # nothing delivered
