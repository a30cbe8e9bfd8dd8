"""Broadcast audiences, language variants and durable, resumable delivery."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from content.qa import Engine
from scheduler.broadcast_delivery import (
    BLOCKED,
    PENDING,
    SENT,
    Audience,
    BroadcastRunner,
    Recipient,
    choose_variant,
    preview,
    select,
)
from store.broadcasts import FileBroadcastStore
from tests.test_reminders import FakeTransport, Killed, fast_sender

NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("UTC"))
PEOPLE = [Recipient(1, "bg", frozenset({"programme:iurc"})),
          Recipient(2, "ca", frozenset({"city:sofia"})),
          Recipient(3, "ko", frozenset()),
          Recipient(4, "en", frozenset({"programme:icp"}))]


def test_audiences_combine_topics_and_languages() -> None:
    assert [r.user_id for r in select(PEOPLE, Audience(everyone=True))] == [1, 2, 3, 4]
    iurc_or_sofia = Audience(topics=frozenset({"programme:iurc", "city:sofia"}))
    assert [r.user_id for r in select(PEOPLE, iurc_or_sofia)] == [1, 2]
    bulgarian = Audience(topics=frozenset({"programme:iurc", "city:sofia"}),
                         languages=frozenset({"bg"}))
    assert [r.user_id for r in select(PEOPLE, bulgarian)] == [1]


def test_variants_fall_back_to_the_closest_language() -> None:
    texts = {"en": "Meeting moved", "es": "Reunión aplazada"}
    assert choose_variant(texts, "es") == "Reunión aplazada"
    assert choose_variant(texts, "ca") == "Reunión aplazada"  # Catalan readers get Spanish
    assert choose_variant(texts, "bg") == "Meeting moved"
    assert choose_variant({"zh": "会议改期"}, "ko") == "会议改期"
    counts, missing = preview(PEOPLE, texts)
    assert counts == {"bg": 1, "ca": 1, "ko": 1, "en": 1} and missing == ["bg", "ca", "ko"]


async def test_crash_mid_broadcast_resumes_without_loss(tmp_path: Path) -> None:
    n = 120
    store = FileBroadcastStore(tmp_path)
    store.create("b1", by=9, texts={"en": "Hello"}, audience={"everyone": True},
                 recipients=dict.fromkeys(range(1, n + 1), PENDING),
                 langs=dict.fromkeys(range(1, n + 1), "en"), status="sending", at=NOW)
    first = FakeTransport(crash_after=57, blocked={7})
    runner = BroadcastRunner(store, fast_sender(first), batch_size=20)
    with pytest.raises(Killed):
        await runner.run("b1", {"en": "Hello"}, store.langs("b1"))
    # a new process: the file says who is still pending
    reopened = FileBroadcastStore(tmp_path)
    states = reopened.states("b1")
    assert list(states.values()).count(SENT) == 39 and states[7] == BLOCKED  # 2 batches flushed
    assert list(states.values()).count("inflight") == 20  # batch 3 was on its way
    second = FakeTransport()
    progress = await BroadcastRunner(reopened, fast_sender(second), batch_size=20).run(
        "b1", {"en": "Hello"}, reopened.langs("b1"))
    delivered = [m.chat_id for m in first.sent + second.sent]
    assert set(delivered) == set(range(1, n + 1)) - {7}  # nobody lost, the blocked one skipped
    duplicates = len(delivered) - len(set(delivered))
    assert duplicates == 18 <= 20  # batch 3 was in flight and unflushed: bound = batch size
    assert progress.counts[SENT] == n - 1 and progress.pending == 0
    assert progress.resent == 20  # reported: those who may have had it twice


def test_forget_removes_a_user_from_broadcast_records(tmp_path: Path) -> None:
    store = FileBroadcastStore(tmp_path)
    store.create("b2", by=9, texts={"en": "Hi"}, audience={"everyone": True},
                 recipients={1: SENT, 2: PENDING}, langs={1: "en", 2: "bg"}, status="done",
                 at=NOW)
    store.forget_user(2)
    assert FileBroadcastStore(tmp_path).states("b2") == {1: SENT}
    assert "\"2\"" not in (tmp_path / "broadcasts" / "b2.json").read_text("utf-8")


async def test_transport_sends_text_photo_and_maps_errors() -> None:
    """The Telegram transport against the stand-in: formats, attachments, blocked users."""
    from telegram import Bot

    from runtime.transport import TelegramTransport
    from scheduler.sender import Message, Status
    from tests.botapi import StandIn

    stand_in = StandIn(blocked_chats={3})
    await stand_in.start()
    bot = Bot(stand_in.token, base_url=stand_in.base_url)
    await bot.initialize()
    transport = TelegramTransport(bot)
    try:
        sent = await transport(Message(1, "A & B <C>", ((("OK", "ics:abcdefgh"),),)))
        photo = await transport(Message(2, "Poster", attachment=("photo", "AgADphoto")))
        blocked = await transport(Message(3, "hello"))
    finally:
        await bot.shutdown()
        await stand_in.stop()
    assert (sent.status, photo.status, blocked.status) == (Status.SENT, Status.SENT,
                                                            Status.BLOCKED)
    [text] = stand_in.sent()
    assert text.params["text"] == "A &amp; B &lt;C&gt;" and text.params["parse_mode"] == "HTML"
    [poster] = stand_in.sent("sendPhoto")
    assert poster.params["photo"] == "AgADphoto" and poster.params["caption"] == "Poster"
    assert not stand_in.violations, stand_in.violations


async def test_a_caption_over_1024_characters_follows_the_photo_whole() -> None:
    from telegram import Bot

    from runtime.transport import TelegramTransport
    from scheduler.sender import Message, Status
    from tests.botapi import StandIn

    stand_in = StandIn()
    await stand_in.start()
    bot = Bot(stand_in.token, base_url=stand_in.base_url)
    await bot.initialize()
    long_text = "Programme of the study visit. " * 60  # 1,800 characters
    try:
        outcome = await TelegramTransport(bot)(
            Message(7, long_text, attachment=("photo", "AgADphoto")))
    finally:
        await bot.shutdown()
        await stand_in.stop()
    assert outcome.status == Status.SENT
    [photo] = stand_in.sent("sendPhoto")
    assert "caption" not in photo.params  # no caption cut at 1,024
    [text] = stand_in.sent()
    assert text.params["text"] == long_text.strip()  # the whole text, after the photo
    assert photo.at < text.at and not stand_in.violations


async def test_paid_broadcasts_are_sent_as_such_only_when_enabled(
        engine: Engine, tmp_path: Path) -> None:
    """BOT_PAID_BROADCASTS=on: broadcasts carry allow_paid_broadcast (and are paced for
    1,000/s); replies and reminders never do. Off by default."""
    from bot.config import Config, load_config
    from scheduler.broadcast_delivery import Audience
    from tests.botapi import StandIn, message
    from tests.harness import polling_bot

    assert load_config({}, dotenv=None).paid_broadcasts is False
    assert load_config({"BOT_PAID_BROADCASTS": "on"}, dotenv=None).paid_broadcasts is True
    stand_in = StandIn()
    await stand_in.start()
    config = Config(token=stand_in.token, data_dir=tmp_path, api_base_url=stand_in.base_url,
                    admin_ids=frozenset({900}), paid_broadcasts=True)
    now = datetime(2021, 11, 5, 8, 0, tzinfo=ZoneInfo("UTC"))
    async with polling_bot(stand_in, engine, config, lambda: now, post_init=False) as app:
        services = app.bot_data["services"]
        for user in (801, 802):
            services.store.users.update(user, lang="en")
        broadcast_id = await services.broadcasts.create(
            by=900, chat_id=900, texts={"en": "Agenda is out"}, audience=Audience(everyone=True),
            attachment=None, send_at=None)
        await services.broadcasts.deliver(broadcast_id)
        stand_in.push(message("/start", user_id=803))
        await stand_in.wait_for(1, chat_id=803)
    await stand_in.stop()
    assert not stand_in.violations, stand_in.violations
    paid = {int(c.params["chat_id"]) for c in stand_in.sent()
            if c.params.get("allow_paid_broadcast") in ("true", "True", True)}
    assert paid == {801, 802}
