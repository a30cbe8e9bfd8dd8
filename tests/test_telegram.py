"""Whole conversations through the real Application, over HTTP, against the Bot API stand-in."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Config
from content.qa import Engine
from handlers.i18n import t
from tests.botapi import StandIn, callback, message
from tests.harness import polling_bot, until

NOW = datetime(2021, 11, 5, 8, 0, tzinfo=ZoneInfo("UTC"))  # ten days before the ICP cut-off


@pytest.fixture
async def stand_in() -> AsyncIterator[StandIn]:
    server = StandIn()
    await server.start()
    yield server
    await server.stop()
    assert not server.violations, server.violations


@pytest.fixture
async def running(stand_in: StandIn, engine: Engine, tmp_path: Path,
                  database_url: str | None) -> AsyncIterator[StandIn]:
    """The real Application, long-polling the stand-in, on each store."""
    config = Config(token=stand_in.token, data_dir=tmp_path, api_base_url=stand_in.base_url,
                    database_url=database_url)
    async with polling_bot(stand_in, engine, config, lambda: NOW, publish=True) as app:
        if database_url is not None:  # one instance of possibly several: it takes the lead
            await until(lambda: app.bot_data.get("leading"))
        stand_in.app = app  # type: ignore[attr-defined]
        stand_in.store = app.bot_data["services"].store  # type: ignore[attr-defined]
        yield stand_in


def texts(calls: list) -> list[str]:
    return [c.params.get("text", "") for c in calls]


def buttons(call) -> list[tuple[str, str]]:
    markup = json.loads(call.params.get("reply_markup", "{}"))
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", [])
            for b in row]


async def test_commands_are_published_per_language(running: StandIn) -> None:
    calls = running.sent("setMyCommands")
    languages = {c.params.get("language_code") for c in calls}
    assert languages == {None, "en", "bg", "ca", "es", "ko", "zh"}
    bg = next(c for c in calls if c.params.get("language_code") == "bg")
    commands = json.loads(bg.params["commands"])
    assert {"command": "programmes", "description": "Програми"} in commands
    assert len(commands) == 16
    # groups see only the public commands: nothing personal in front of the group
    groups = [c for c in calls if json.loads(c.params.get("scope", "{}")).get("type")
              == "all_group_chats"]
    assert len(groups) == 7
    for call in groups:
        names = {c["command"] for c in json.loads(call.params["commands"])}
        assert "programmes" in names and not names & {"mydata", "forget", "timezone"}


async def test_start_greets_in_telegram_language_with_menu(running: StandIn) -> None:
    running.push(message("/start", language_code="ko"))
    [reply] = await running.wait_for(1)
    assert reply.params["text"].startswith("안녕하세요!")
    assert reply.params["parse_mode"] == "HTML"
    labels = [label for label, _ in buttons(reply)]
    assert "프로그램" in labels and len(labels) == 9
    assert {"🔔 구독", "⏰ 알림 설정", "📅 캘린더"} <= set(labels)  # reminders are one tap away
    running.push(message("/start", chat_id=-100555, chat_type="supergroup"))
    [group] = await running.wait_for(1, chat_id=-100555)
    data = [d for _, d in buttons(group)]
    assert not {"m:subscribe", "m:reminders", "m:calendar", "m:settings"} & set(data)
    running.push(callback("m:reminders", 1))  # from the private menu: the view replaces it
    [edited] = await running.wait_for(1, "editMessageText")
    assert "quiet" in edited.params["text"].casefold() or "방해" in edited.params["text"]


async def test_deep_links_open_cards(running: StandIn) -> None:
    running.push(message("/start iurc"))
    running.push(message("/start city_sejong", user_id=502, language_code="bg"))
    running.push(message("/start nonsense", user_id=503))
    await running.wait_for(3)
    assert running.sent(chat_id=501)[0].params["text"].startswith(
        "International Urban and Regional Cooperation (IURC)")
    assert running.sent(chat_id=502)[0].params["text"].startswith("Седжонг (Южна Корея)")
    assert running.sent(chat_id=503)[0].params["text"].startswith("Hello!")


async def test_language_button_changes_the_interface(running: StandIn) -> None:
    running.push(message("/language"))
    [menu] = await running.wait_for(1)
    assert ("Català", "l:ca") in buttons(menu)
    running.push(callback("l:ca", 1001))
    [edited] = await running.wait_for(1, "editMessageText")  # the menu becomes the answer
    assert edited.params["text"] == t("ca", "From now on I will speak {language}.",
                                      language="Català")
    assert running.store.users.get(501).lang == "ca"  # type: ignore[attr-defined]
    # this chat's command menu is now Catalan (after the 3 scopes x 7 languages at start)
    await running.wait_for(22, "setMyCommands")
    [menu_call] = [c for c in running.sent("setMyCommands") if "scope" in c.params
                   and json.loads(c.params["scope"]).get("type") == "chat"]
    assert json.loads(menu_call.params["scope"])["chat_id"] == 501
    assert {"command": "mydata", "description": t("ca", "Download my data")} in json.loads(
        menu_call.params["commands"])
    running.push(message("/help"))
    await running.wait_for(2)
    assert "Pregunta'm" in running.sent()[-1].params["text"]


@pytest.mark.parametrize(("question", "lang", "expected"), [
    ("Who is Sofia's partner city?", "en", "Sejong"),
    ("Кога е следващият краен срок?", "bg", "след 10 дни"),
    ("Quan acaba el termini?", "ca", "d’aquí a 10 dies"),
    ("¿Quién financia el ICP?", "es", "Unión Europea"),
    ("부산의 파트너 도시는?", "ko", "로테르담"),
    ("索非亚的合作城市是哪个？", "zh", "世宗"),
])
async def test_question_in_each_language(running: StandIn, question: str, lang: str,
                                         expected: str) -> None:
    # The user's Telegram language is English: the reply follows the question.
    running.push(message(question, language_code="en"))
    [reply] = await running.wait_for(1)
    assert expected in reply.params["text"]
    data = [d for _, d in buttons(reply)]
    assert "fb:1" in data and "fb:0" in data


async def test_unknown_question_and_thumbs_down_are_stored_without_user(
        running: StandIn) -> None:
    running.push(message("What's the weather in Paris tomorrow?"))
    running.push(message("Who funds ICP?"))
    replies = await running.wait_for(2)
    running.push(callback("fb:0", int(replies[1].params.get("message_id") or 1001)))
    # the stand-in numbers messages from 1000: the second reply is 1001
    await running.wait_for(1, "answerCallbackQuery")
    store = running.store  # type: ignore[attr-defined]
    kinds = sorted((q["kind"], q["text"]) for q in store.questions.open())
    assert kinds == [("disliked", "Who funds ICP?"),
                     ("unanswered", "What's the weather in Paris tomorrow?")]
    assert "501" not in json.dumps(store.questions.open())


async def test_group_chat_only_when_addressed(running: StandIn) -> None:
    group = -100123
    running.push(message("Who is Sofia's partner?", chat_id=group, chat_type="supergroup"))
    running.push(message("@partnerbot_test_bot Who is Sofia's partner?", chat_id=group,
                         chat_type="supergroup",
                         entities=[{"type": "mention", "offset": 0, "length": 20}]))
    [reply] = await running.wait_for(1, chat_id=group)
    assert "Sejong" in reply.params["text"]
    assert json.loads(reply.params["reply_parameters"])["message_id"] > 0
    # a later unaddressed message still gets nothing
    running.push(message("thanks all", chat_id=group, chat_type="supergroup"))
    running.push(message("/start", user_id=900))  # a marker to know the queue was processed
    await running.wait_for(1, chat_id=900)
    assert len(running.sent(chat_id=group)) == 1


async def test_sticker_photo_edit_and_stale_button(running: StandIn) -> None:
    running.push(message(sticker={"file_id": "s", "file_unique_id": "su", "type": "regular",
                                  "width": 1, "height": 1, "is_animated": False,
                                  "is_video": False}, language_code="es"))
    await running.wait_for(1)
    assert "Solo puedo leer texto" in running.sent()[-1].params["text"]
    edited = message("Who funds IURC?")["message"]
    edited["edit_date"] = edited["date"]
    running.push({"edited_message": edited})
    await running.wait_for(2)
    assert "Partnership Instrument" in running.sent()[-1].params["text"]
    running.push(callback("c:atlantis", 1000))
    running.push(callback("zzz", 1000))
    answers = await running.wait_for(2, "answerCallbackQuery")
    assert all("no longer valid" in a.params.get("text", "") for a in answers)


async def test_buttons_browse_programmes_cities_and_calendar(running: StandIn) -> None:
    """Each view replaces the message its button was on (no new message per tap)."""
    running.push(callback("pf:icp:how_to_apply", 1000))
    running.push(callback("c:busan", 1000))
    running.push(callback("u:0", 1000))
    edits = await running.wait_for(3, "editMessageText")
    first, second, third = texts(edits)
    assert "15 November 2021" in first
    assert "Rotterdam" in second
    assert third.startswith("Upcoming (page 1 of 2)")
    assert ("Next »", "u:1") in buttons(edits[2])
    assert not running.sent()  # nothing re-sent


async def test_timezone_is_validated_and_shown_back(running: StandIn) -> None:
    running.push(message("/timezone Seoul"))
    running.push(message("/timezone Mars/Olympus"))
    running.push(message("/timezone UTC+2"))
    await running.wait_for(3)
    seoul, bad, offset = texts(running.sent())
    assert "Asia/Seoul (UTC+09:00)" in seoul and "5:00" in seoul
    assert "Mars/Olympus" in bad and "I don" in bad
    assert "UTC+02:00" in offset
    assert running.store.users.get(501).zone == "Etc/GMT-2"  # type: ignore[attr-defined]


async def test_timezone_by_any_city_in_six_languages_or_a_suggestion(running: StandIn) -> None:
    for value in ("Madrid", "Европа/София", "UTC+5:30", "서울", "Barcelona"):
        running.push(message(f"/timezone {value}"))
    await running.wait_for(5)
    madrid, sofia, india, seoul, barcelona = texts(running.sent())
    assert "Europe/Madrid" in madrid and "Europe/Sofia" in sofia and "UTC+05:30" in india
    assert "Asia/Seoul" in seoul and "Europe/Madrid" in barcelona
    running.push(message("/timezone Madird"))  # a slip: suggestions, as buttons
    miss = (await running.wait_for(6))[-1]
    assert "Did you mean" in miss.params["text"]
    choice = next(data for label, data in buttons(miss) if "Europe/Madrid" in label)
    running.push(callback(choice, 1))
    [edit] = await running.wait_for(1, "editMessageText")
    assert "Europe/Madrid" in edit.params["text"]
    assert running.store.users.get(501).zone == "Europe/Madrid"  # type: ignore[attr-defined]


async def test_mydata_and_forget(running: StandIn) -> None:
    running.push(message("/timezone Sofia"))
    running.push(message("/mydata"))
    [doc] = await running.wait_for(1, "sendDocument")
    assert doc.files == ["document"]
    running.push(message("/forget"))
    await running.wait_for(2)
    confirm = running.sent()[-1]
    assert ("Yes, delete", "fg:yes:501") in buttons(confirm)
    running.push(callback("fg:yes:501", 1002, user_id=777))  # someone else's button
    [refused] = await running.wait_for(1, "answerCallbackQuery")
    assert "Only the person who asked" in refused.params["text"]
    assert running.store.users.get(501) is not None  # type: ignore[attr-defined]
    running.push(callback("fg:yes:501", 1002))
    [edit] = await running.wait_for(1, "editMessageText")
    assert "deleted" in edit.params["text"]
    assert running.store.users.get(501) is None  # type: ignore[attr-defined]


async def test_private_data_never_goes_to_a_group(running: StandIn) -> None:
    group = -100123
    running.push(message("/timezone Sofia"))
    await running.wait_for(1, chat_id=501)
    for command in ("/mydata", "/forget"):
        running.push(message(command, chat_id=group, chat_type="supergroup"))
    replies = await running.wait_for(2, chat_id=group)
    assert not running.sent("sendDocument")
    for reply in replies:
        assert "private chat" in reply.params["text"]
        assert len(buttons(reply)) == 1
        markup = json.loads(reply.params["reply_markup"])
        assert markup["inline_keyboard"][0][0]["url"].startswith("https://t.me/")
    assert running.store.users.get(501) is not None  # type: ignore[attr-defined]


async def test_long_answers_are_split(running: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    from content.qa import Answer

    long_text = ("Sofia & Sejong <partners>. " * 400).strip()
    monkeypatch.setattr(Engine, "answer",
                        lambda self, *a, **k: Answer("en", "city_card", long_text, []))
    running.push(message("anything"))
    parts = await running.wait_for(3)
    assert all(len(p.params["text"]) <= 4096 for p in parts)
    assert "&amp;" in parts[0].params["text"] and "&lt;partners&gt;" in parts[0].params["text"]


async def test_blocked_then_back_is_reachable_again(running: StandIn) -> None:
    from tests.botapi import my_chat_member

    store = running.store  # type: ignore[attr-defined]
    running.push(message("/timezone Sofia"))
    await running.wait_for(1)
    running.push(my_chat_member("kicked"))
    await _until(lambda: store.users.get(501).reachable is False)
    # unblocking comes as a my_chat_member update: reachable again at once
    running.push(my_chat_member("member", old="kicked"))
    await _until(lambda: store.users.get(501).reachable is True)
    # blocked again, then the user simply writes: reachable again too
    running.push(my_chat_member("kicked"))
    await _until(lambda: store.users.get(501).reachable is False)
    running.push(message("Who is Sofia's partner city?"))
    await running.wait_for(2)
    assert store.users.get(501).reachable is True
    # the bot removed from a group says nothing about the member's private chat
    running.push(my_chat_member("left", chat_id=-100123, chat_type="supergroup"))
    running.push(message("/help"))
    await running.wait_for(3)
    assert store.users.get(501).reachable is True


async def _until(condition: object, within: float = 5.0) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():  # type: ignore[operator]
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_subscription_toggles_show_their_state_and_flip_in_place(running: StandIn) -> None:
    running.push(message("/subscribe"))
    [menu] = await running.wait_for(1)
    off = next((label, data) for label, data in buttons(menu) if label == "IURC")
    assert off[1].startswith("sub:+:")
    running.push(callback(off[1], 1, reply_markup=menu.params["reply_markup"]))
    [flip] = await running.wait_for(1, "editMessageReplyMarkup")
    on = next((label, data) for label, data in buttons(flip) if label.endswith("IURC"))
    assert on[0] == "✅ IURC" and on[1].startswith("sub:-:")  # pressing again unsubscribes
    assert running.store.users.get(501).subs == ("programme:iurc",)  # type: ignore[attr-defined]
    running.push(callback(on[1], 1, reply_markup=flip.params["reply_markup"]))
    [_, back] = await running.wait_for(2, "editMessageReplyMarkup")
    assert ("IURC", off[1]) in buttons(back)
    assert running.store.users.get(501).subs == ()  # type: ignore[attr-defined]
