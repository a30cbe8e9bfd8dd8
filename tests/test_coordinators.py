"""Coordinator tools over the HTTP stand-in: roles, refusals, /reload, /unanswered, /stats."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Config
from content.loader import DATA_DIR
from content.qa import Engine
from handlers.coordinators import group_questions
from tests.botapi import StandIn, callback, message
from tests.harness import polling_bot, reread, until

ADMIN, COORDINATOR, PARTICIPANT = 900, 901, 902
NOW = datetime(2021, 11, 5, 8, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
async def bot(engine: Engine, tmp_path: Path,
              database_url: str | None) -> AsyncIterator[tuple[StandIn, object, Path]]:
    content_dir = tmp_path / "content"
    shutil.copytree(DATA_DIR, content_dir)
    stand_in = StandIn()
    await stand_in.start()
    config = Config(token=stand_in.token, data_dir=tmp_path / "state",
                    api_base_url=stand_in.base_url, content_dir=content_dir,
                    admin_ids=frozenset({ADMIN}), database_url=database_url)
    async with polling_bot(stand_in, engine, config, lambda: NOW, post_init=False) as app:
        yield stand_in, app, content_dir
    await stand_in.stop()
    assert not stand_in.violations, stand_in.violations


def last_text(stand_in: StandIn, chat: int) -> str:
    return stand_in.sent(chat_id=chat)[-1].params["text"]


async def test_everyone_else_is_refused_every_coordinator_command(bot: tuple) -> None:
    stand_in, app, _ = bot
    commands = ["/coordinators", "/coordinators add 5", "/reload", "/unanswered", "/stats",
                "/broadcast", "/broadcasts", "/addevent\nkind: webinar", "/editevent x",
                "/cancelevent icp-application-deadline", "/eventids"]
    for command in commands:
        stand_in.push(message(command, user_id=PARTICIPANT, language_code="ca"))
    replies = await stand_in.wait_for(len(commands), chat_id=PARTICIPANT)
    assert all(r.params["text"] == "Aquesta ordre és només per als coordinadors dels programes."
               for r in replies)
    # a coordinator may use the tools, but granting roles stays with admins
    store = app.bot_data["services"].store
    store.roles.set_coordinator(COORDINATOR, True, ADMIN, NOW)
    stand_in.push(message("/coordinators add 5", user_id=COORDINATOR))
    stand_in.push(message("/stats", user_id=COORDINATOR))
    await stand_in.wait_for(2, chat_id=COORDINATOR)
    texts = [c.params["text"] for c in stand_in.sent(chat_id=COORDINATOR)]
    assert texts[0].startswith("This command is for programme coordinators")
    assert texts[1].startswith("Users by language:")
    assert 5 not in store.roles.coordinators()


async def test_admin_grants_by_id_and_by_reply_and_actions_are_audited(bot: tuple) -> None:
    stand_in, app, _ = bot
    stand_in.push(message("/coordinators add 901", user_id=ADMIN))
    await stand_in.wait_for(1, chat_id=ADMIN)
    assert last_text(stand_in, ADMIN) == "901 is now a coordinator."
    replied = message("hello", user_id=903)["message"]
    stand_in.push(message("/coordinators add", user_id=ADMIN, reply_to_message=replied))
    await stand_in.wait_for(2, chat_id=ADMIN)
    assert last_text(stand_in, ADMIN) == "903 is now a coordinator."
    stand_in.push(message("/coordinators remove 903", user_id=ADMIN))
    await stand_in.wait_for(3, chat_id=ADMIN)
    store = app.bot_data["services"].store
    assert set(store.roles.coordinators()) == {901}
    log = store.roles.log()
    assert [(e["who"], e["what"]) for e in log] == [
        (ADMIN, "coordinators add 901"), (ADMIN, "coordinators add 903"),
        (ADMIN, "coordinators remove 903")]


async def test_reload_keeps_old_content_on_problems(bot: tuple) -> None:
    stand_in, _, content_dir = bot
    programme = content_dir / "programme_icp.toml"
    good = programme.read_text("utf-8")
    programme.write_text(good.replace('start = 2021-11-15', 'start = "soon"'), "utf-8")
    stand_in.push(message("/reload", user_id=ADMIN))
    await stand_in.wait_for(1, chat_id=ADMIN)
    text = last_text(stand_in, ADMIN)
    assert text.startswith("The content has problems; the old content stays live:")
    assert "programme_icp.toml: events[0].start: expected a date" in text
    stand_in.push(message("next deadline", user_id=PARTICIPANT))
    await stand_in.wait_for(1, chat_id=PARTICIPANT)
    assert "November 15, 2021" in last_text(stand_in, PARTICIPANT)
    # fixed, and the deadline moved: the new content is live at once
    programme.write_text(good.replace("start = 2021-11-15", "start = 2021-11-30"), "utf-8")
    stand_in.push(message("/reload", user_id=ADMIN))
    await stand_in.wait_for(2, chat_id=ADMIN)
    assert last_text(stand_in, ADMIN).startswith("Content reloaded (programmes: 4, events: 16")
    stand_in.push(message("next deadline", user_id=PARTICIPANT))
    await stand_in.wait_for(2, chat_id=PARTICIPANT)
    assert "November 30, 2021" in last_text(stand_in, PARTICIPANT)


async def test_unanswered_grouped_and_stats(bot: tuple) -> None:
    stand_in, app, _ = bot
    app.bot_data["services"].store.users.update(950, lang="ko", subs=["city:sejong"])
    for text in ["Where can I park my car?", "where can i park the car", "¿Dónde aparco?",
                 "Who is Sofia's partner city?"]:
        stand_in.push(message(text, user_id=PARTICIPANT, language_code="en"))
    await stand_in.wait_for(4, chat_id=PARTICIPANT)
    stand_in.push(message("/unanswered", user_id=ADMIN))
    stand_in.push(message("/stats", user_id=ADMIN))
    await stand_in.wait_for(2, chat_id=ADMIN)
    unanswered, stats = [c.params["text"] for c in stand_in.sent(chat_id=ADMIN)]
    assert "2× [en] Where can I park my car? (unanswered 2, 👎 0)" in unanswered
    assert "1× [es] ¿Dónde aparco?" in unanswered
    assert "Questions answered: 1; not answered: 3" in stats
    assert "Active subscribers per topic: Sejong 1" in stats  # names, not ids


async def test_unanswered_questions_are_taught_an_answer_or_declined(
        bot: tuple, tmp_path: Path, database_url: str | None) -> None:
    """A coordinator attaches an unanswered question to an answer, live at once, and marks
    another out of scope; variants with typos and another word order follow."""
    from tests.test_telegram import buttons

    stand_in, app, _ = bot
    engine_before = app.bot_data["services"].engine
    asked = "Who looks after the kids during the study visit?"
    assert engine_before.answer(asked, NOW).intent == "unknown"
    for text in [asked, "Can I bring my dog to the webinar?"]:
        stand_in.push(message(text, user_id=PARTICIPANT))
    await stand_in.wait_for(2, chat_id=PARTICIPANT)
    stand_in.push(message("/unanswered", user_id=ADMIN))
    [inbox] = await stand_in.wait_for(1, chat_id=ADMIN)
    numbers = buttons(inbox)
    assert [label for label, _ in numbers] == ["1", "2"]
    listed = inbox.params["text"].splitlines()[1:]
    first = next(data for (label, data), line in zip(numbers, listed, strict=True)
                 if asked in line)
    inbox_id = 5000  # the stand-in echoes whichever message is edited
    stand_in.push(callback(first, inbox_id, user_id=ADMIN))
    [choices] = await stand_in.wait_for(1, "editMessageText")
    options = buttons(choices)
    assert options[-2][1].startswith("ua:x:") and options[-1] == ("⬅ Back", "ua:b")
    assert all(len(data.encode()) <= 64 for _, data in options)
    # attach it to the first suggested answer
    _, chosen = options[0]
    stand_in.push(callback(chosen, inbox_id, user_id=ADMIN))
    edits = await stand_in.wait_for(2, "editMessageText")
    assert edits[-1].params["text"].startswith("Attached.")
    services = app.bot_data["services"]
    taught = services.engine.answer(asked, NOW)
    assert taught.intent != "unknown"
    for variant in ["who looks after the kids during the study visti",
                    "During the study visit, who looks after the kids?"]:
        assert services.engine.answer(variant, NOW).key == taught.key, variant
    # the attached question is gone from the inbox; the other one is declined for good
    stand_in.push(message("/unanswered", user_id=ADMIN))
    inboxes = await stand_in.wait_for(2, chat_id=ADMIN)
    assert asked not in inboxes[-1].params["text"]
    [(_, only)] = buttons(inboxes[-1])
    stand_in.push(callback(only, inbox_id, user_id=ADMIN))
    await stand_in.wait_for(3, "editMessageText")
    out = buttons(stand_in.sent("editMessageText")[-1])
    stand_in.push(callback(out[-2][1], inbox_id, user_id=ADMIN))
    edits = await stand_in.wait_for(4, "editMessageText")
    assert edits[-1].params["text"].startswith("Marked out of scope")
    assert services.engine.answer("Can I bring my dog to the webinar, please?", NOW).intent \
        == "unknown"
    # stored as phrasings in the overlay beside the state, and audited
    with reread(tmp_path / "state", database_url) as stored:
        overlay = stored.edits.data
    assert {p["key"] for p in overlay["phrasings"]} == {taught.key, "out_of_scope"}
    audit = [e["what"] for e in services.store.roles.log()]
    assert sum(what.startswith("teach ") for what in audit) == 2
    # a stale button (the list changed) gets a clear refusal, not an error
    answered = len(stand_in.sent("answerCallbackQuery"))
    stand_in.push(callback("ua:o:7", inbox_id, user_id=ADMIN))
    alerts = await stand_in.wait_for(answered + 1, "answerCallbackQuery")
    assert "out of date" in alerts[-1].params["text"]


def _button(call: object, prefix: str) -> str:
    """The callback data of the button starting with ``prefix`` under a sent message."""
    markup = json.loads(call.params["reply_markup"])  # type: ignore[attr-defined]
    return next(b["callback_data"] for row in markup["inline_keyboard"] for b in row
                if b.get("callback_data", "").startswith(prefix))


async def test_stale_or_revoked_send_now_sends_nothing(bot: tuple) -> None:

    stand_in, app, _ = bot
    store = app.bot_data["services"].store
    store.users.update(821, lang="en", subs=["programme:iurc"])
    store.roles.set_coordinator(COORDINATOR, True, ADMIN, NOW)
    for step, data in enumerate(["/broadcast", "Draft one.", "bc:audience"], 1):
        if data.startswith("bc:"):
            stand_in.push(callback(data, 2000 + step, user_id=COORDINATOR))
        else:
            stand_in.push(message(data, user_id=COORDINATOR))
        await stand_in.wait_for(step, chat_id=COORDINATOR)
    stand_in.push(callback("bc:all", 2004, user_id=COORDINATOR))
    await stand_in.wait_for(1, "editMessageReplyMarkup")
    stand_in.push(callback("bc:preview", 2005, user_id=COORDINATOR))
    await stand_in.wait_for(4, chat_id=COORDINATOR)
    old_preview = stand_in.sent(chat_id=COORDINATOR)[-1]
    stale = _button(old_preview, "bc:now:")
    # the audience changes after the preview: the old "Send now" shows the new preview
    stand_in.push(callback("bc:t:programme:icc", 2010, user_id=COORDINATOR))
    await stand_in.wait_for(2, "editMessageReplyMarkup")
    stand_in.push(callback(stale, 2011, user_id=COORDINATOR))
    await stand_in.wait_for(5, chat_id=COORDINATOR)
    assert last_text(stand_in, COORDINATOR).startswith("Preview:")
    assert not stand_in.sent(chat_id=821)
    fresh = _button(stand_in.sent(chat_id=COORDINATOR)[-1], "bc:now:")
    assert fresh != stale
    # the role is revoked before "Send now": nothing is sent
    store.roles.set_coordinator(COORDINATOR, False, ADMIN, NOW)
    answered = len(stand_in.sent("answerCallbackQuery"))
    stand_in.push(callback(fresh, 2012, user_id=COORDINATOR))
    alerts = await stand_in.wait_for(answered + 1, "answerCallbackQuery")
    assert "coordinators only" in alerts[-1].params["text"]
    assert not stand_in.sent(chat_id=821)
    assert app.bot_data["services"].broadcasts.broadcasts.all() == []


async def test_progress_reaches_the_coordinator_in_their_language(bot: tuple) -> None:
    from handlers.i18n import t

    stand_in, app, _ = bot
    app.bot_data["services"].store.users.update(831, lang="en", subs=["programme:iurc"])
    steps = [message("/broadcast", user_id=ADMIN, language_code="bg"),
             message("Срещата се мести.", user_id=ADMIN, language_code="bg"),
             callback("bc:audience", 3001, user_id=ADMIN, language_code="bg"),
             callback("bc:t:programme:iurc", 3002, user_id=ADMIN, language_code="bg"),
             callback("bc:preview", 3003, user_id=ADMIN, language_code="bg")]
    for step, waits in zip(steps, [(1, None), (2, None), (3, None), (1, "edit"), (4, None)],
                           strict=True):
        stand_in.push(step)
        count, kind = waits
        await (stand_in.wait_for(count, "editMessageReplyMarkup") if kind
               else stand_in.wait_for(count, chat_id=ADMIN))
    send_now = _button(stand_in.sent(chat_id=ADMIN)[-1], "bc:now:")
    stand_in.push(callback(send_now, 3004, user_id=ADMIN, language_code="bg"))
    await stand_in.wait_for(1, chat_id=831)
    # "Sending…" and the progress report are sent by two tasks: in either order
    await stand_in.wait_for(6, chat_id=ADMIN)
    head = t("bg", "Broadcast {id}: sent {sent}, pending {pending}, blocked {blocked}, failed "
                   "{failed} (of {total}).", id="X", sent=1, pending=0, blocked=0, failed=0,
             total=1).split("X")[0]
    reports = [c.params["text"] for c in stand_in.calls
               if c.method in ("sendMessage", "editMessageText") and c.status == 200
               and str(c.params.get("chat_id")) == str(ADMIN)
               and c.params["text"].startswith(head)]
    assert reports and not any(r.startswith("Broadcast") for r in reports), reports


def test_grouping_is_per_language_and_by_similarity() -> None:
    at = NOW.isoformat()
    groups = group_questions([
        {"text": "When is the webinar about energy?", "lang": "en", "kind": "unanswered",
         "at": at},
        {"text": "when is the energy webinar", "lang": "en", "kind": "disliked", "at": at},
        {"text": "Кога е уебинарът за енергия?", "lang": "bg", "kind": "unanswered", "at": at},
    ])
    assert [(g[0], g[1]) for g in groups] == [(2, "en"), (1, "bg")]
    assert groups[0][3] == {"unanswered": 1, "disliked": 1}


async def test_everyone_includes_people_who_only_started_or_asked(bot: tuple) -> None:

    stand_in, _, _ = bot
    for user_id, text in ((811, "/start"), (812, "Who is Sofia's partner city?"),
                          (813, "/help")):
        stand_in.push(message(text, user_id=user_id))
        await stand_in.wait_for(1, chat_id=user_id)
    stand_in.push(message("/broadcast", user_id=ADMIN))
    await stand_in.wait_for(1, chat_id=ADMIN)
    stand_in.push(message("Office closed on Friday.", user_id=ADMIN))
    await stand_in.wait_for(2, chat_id=ADMIN)
    stand_in.push(callback("bc:audience", 1001, user_id=ADMIN))
    await stand_in.wait_for(3, chat_id=ADMIN)
    stand_in.push(callback("bc:all", 1002, user_id=ADMIN))
    await stand_in.wait_for(1, "editMessageReplyMarkup")  # the tick edits the menu in place
    stand_in.push(callback("bc:preview", 1003, user_id=ADMIN))
    await stand_in.wait_for(4, chat_id=ADMIN)
    # the three of them and the admin, who wrote too
    assert "Recipients: 4 (English 4)." in last_text(stand_in, ADMIN)


async def test_broadcast_to_mixed_languages_with_a_blocked_user(bot: tuple) -> None:

    stand_in, app, _ = bot
    store = app.bot_data["services"].store
    for user_id, lang in ((801, "en"), (802, "bg"), (803, "ca"), (804, "ko")):
        store.users.update(user_id, lang=lang, subs=["programme:iurc"])
    store.users.update(805, lang="es", subs=["programme:icc"])  # not in the audience
    stand_in.blocked_chats.add(804)
    stand_in.push(message("/broadcast", user_id=ADMIN))
    await stand_in.wait_for(1, chat_id=ADMIN)
    stand_in.push(message("The Sofia–Sejong meeting moves to Thursday.", user_id=ADMIN))
    await stand_in.wait_for(2, chat_id=ADMIN)
    stand_in.push(callback("bc:var:bg", 1001, user_id=ADMIN))
    await stand_in.wait_for(3, chat_id=ADMIN)
    stand_in.push(message("Срещата София–Седжонг се мести в четвъртък.", user_id=ADMIN))
    await stand_in.wait_for(4, chat_id=ADMIN)
    stand_in.push(callback("bc:audience", 1003, user_id=ADMIN))
    await stand_in.wait_for(5, chat_id=ADMIN)
    stand_in.push(callback("bc:t:programme:iurc", 1004, user_id=ADMIN))
    [tick] = await stand_in.wait_for(1, "editMessageReplyMarkup")
    assert ("✅ IURC", "bc:t:programme:iurc") in [
        (b["text"], b["callback_data"]) for row in
        json.loads(tick.params["reply_markup"])["inline_keyboard"] for b in row]
    stand_in.push(callback("bc:preview", 1005, user_id=ADMIN))
    await stand_in.wait_for(6, chat_id=ADMIN)
    preview = last_text(stand_in, ADMIN)
    assert "Recipients: 4 (Български 1, Català 1, English 1, 한국어 1)." in preview
    assert "— English:\nThe Sofia" in preview and "— Български:\nСрещата" in preview  # each
    assert "⚠ No variant in Català" in preview and "⚠ No variant in 한국어" in preview
    send_now = _button(stand_in.sent(chat_id=ADMIN)[-1], "bc:now:")
    stand_in.push(callback(send_now, 1006, user_id=ADMIN))
    for chat in (801, 802, 803):
        await stand_in.wait_for(1, chat_id=chat)
    texts = {chat: last_text(stand_in, chat) for chat in (801, 802, 803)}
    assert texts[802].startswith("Срещата") and texts[801].startswith("The Sofia")
    assert texts[803].startswith("The Sofia")  # no Catalan or Spanish variant: English
    assert not stand_in.sent(chat_id=805)
    # the final progress report reaches the coordinator
    await stand_in.wait_for(8, chat_id=ADMIN)
    assert "sent 3, pending 0, blocked 1, failed 0 (of 4)" in last_text(stand_in, ADMIN)
    assert store.users.get(804).reachable is False
    stand_in.push(message("/broadcasts", user_id=ADMIN))
    await stand_in.wait_for(len(stand_in.sent(chat_id=ADMIN)) + 1, chat_id=ADMIN)
    assert "done: sent 3, pending 0, blocked 1, failed 0" in last_text(stand_in, ADMIN)


async def test_add_move_and_cancel_events_from_the_chat(bot: tuple) -> None:
    stand_in, app, _ = bot
    store = app.bot_data["services"].store
    store.users.update(801, lang="en", subs=["programme:icp"], zone="Europe/Sofia")
    store.users.update(802, lang="bg", subs=["kind:webinar"], zone="Europe/Sofia")
    runtime = app.bot_data["reminders"]
    stand_in.push(message("/addevent\nprogramme: icp\nkind: webinar\ntitle: Energy transition "
                          "webinar\ntitle.bg: Уебинар за енергийния преход\nstart: 2021-11-20 "
                          "15:00\nzone: Europe/Brussels", user_id=ADMIN))
    await stand_in.wait_for(1, chat_id=ADMIN)
    saved = last_text(stand_in, ADMIN)
    assert saved.startswith("Saved. Readers now see:")
    assert "Energy transition webinar: Saturday, November 20, 2021" in saved
    events = app.bot_data["services"].engine.content.events
    added = events["event:chat-energy-transition-webinar"]
    assert added.name["bg"] == "Уебинар за енергийния преход" and added.name["ca"] == \
        "Energy transition webinar"  # missing languages take the closest text
    assert any("2021-11-20" in job for job in runtime.reminder_jobs())
    # a participant asking in Bulgarian sees it at once
    stand_in.push(message("Кога е следващият уебинар?", user_id=PARTICIPANT,
                          language_code="bg"))
    await stand_in.wait_for(1, chat_id=PARTICIPANT)
    assert "Уебинар за енергийния преход" in last_text(stand_in, PARTICIPANT)
    # invalid edits are refused with the problem, nothing changes
    stand_in.push(message("/editevent chat-energy-transition-webinar\nzone: Mars/Base",
                          user_id=ADMIN))
    await stand_in.wait_for(2, chat_id=ADMIN)
    assert "\ntime zone: unknown time zone 'Mars/Base'" in \
        last_text(stand_in, ADMIN)
    # remind 801 and 802 of it, then move it: each gets one "moved" notice
    service = runtime.service
    due = next(d for d in sorted(service._plan) if any(
        s.occurrence.event.id == added.id for s in service._plan[d]))
    await service.run_due(due, due)
    stand_in.push(message("/editevent chat-energy-transition-webinar\nstart: 2021-11-22 "
                          "15:00", user_id=ADMIN))
    await stand_in.wait_for(3, chat_id=ADMIN)
    assert "November 22, 2021" in last_text(stand_in, ADMIN)
    assert events is not app.bot_data["services"].engine.content.events
    moved = [c for c in stand_in.sent() if c.params["text"].startswith(("📅 Moved", "📅"))]
    assert sorted(int(c.params["chat_id"]) for c in moved) == [801, 802]
    stand_in.push(message("/cancelevent chat-energy-transition-webinar", user_id=ADMIN))
    await stand_in.wait_for(4, chat_id=ADMIN)
    assert "webinar: cancelled." in last_text(stand_in, ADMIN)
    cancelled = [c for c in stand_in.sent() if c.params["text"].startswith("❌")]
    assert sorted(int(c.params["chat_id"]) for c in cancelled) == [801, 802]
    log = [e["what"] for e in store.roles.log()]
    assert log == ["addevent event:chat-energy-transition-webinar",
                   "editevent event:chat-energy-transition-webinar",
                   "cancelevent event:chat-energy-transition-webinar"]
    # cancelling twice says so; a past date or an unsafe link is refused, in words
    stand_in.push(message("/cancelevent chat-energy-transition-webinar", user_id=ADMIN))
    await stand_in.wait_for(5, chat_id=ADMIN)
    assert "is already cancelled" in last_text(stand_in, ADMIN)
    stand_in.push(message("/addevent\nprogramme: icp\nkind: webinar\ntitle: Old one\n"
                          "start: 2020-05-01", user_id=ADMIN, language_code="bg"))
    await stand_in.wait_for(6, chat_id=ADMIN)
    assert "2020-05-01" in last_text(stand_in, ADMIN) and "chat" not in last_text(
        stand_in, ADMIN).split(":")[0]
    stand_in.push(message("/addevent\nprogramme: icp\nkind: webinar\ntitle: Link\n"
                          "start: 2021-12-01\nlink: javascript:alert(1)", user_id=ADMIN))
    await stand_in.wait_for(7, chat_id=ADMIN)
    assert "https://" in last_text(stand_in, ADMIN)
    assert "event:chat-old-one" not in app.bot_data["services"].engine.content.events
    assert len(store.roles.log()) == 3  # nothing saved


async def test_an_event_added_inside_a_lead_window_is_reminded_at_once(bot: tuple) -> None:
    """Added 30 minutes ahead: its "1 h before" lead lies in the past, so that reminder
    goes out now, once; a restart afterwards sends nothing more."""
    stand_in, app, _ = bot
    store = app.bot_data["services"].store
    store.users.update(801, lang="en", subs=["programme:icp"], zone="Europe/Sofia")
    store.users.update(802, lang="en", subs=["programme:iurc"], zone="Europe/Sofia")
    stand_in.push(message("/addevent\nprogramme: icp\nkind: meeting\ntitle: Quick call\n"
                          "start: 2021-11-05 10:30\nzone: Europe/Sofia", user_id=ADMIN))
    await stand_in.wait_for(1, chat_id=ADMIN)
    assert last_text(stand_in, ADMIN).startswith("Saved.")
    reminders = [c for c in stand_in.sent() if c.params["text"].startswith("⏰")]
    assert [int(c.params["chat_id"]) for c in reminders] == [801]
    assert "Quick call" in reminders[0].params["text"]
    assert "30 minutes" in reminders[0].params["text"]
    await app.bot_data["reminders"].start(last_alive=NOW)
    assert len([c for c in stand_in.sent() if c.params["text"].startswith("⏰")]) == 1


async def test_an_event_moved_inside_a_lead_window_tells_each_reader_once(bot: tuple) -> None:
    """Moved to 30 minutes ahead: who was reminded of the old time gets the move notice
    only; who was not gets the reminder for the new time."""
    stand_in, app, _ = bot
    store = app.bot_data["services"].store
    store.users.update(801, lang="en", subs=["programme:icp"], zone="Europe/Sofia")
    stand_in.push(message("/addevent\nprogramme: icp\nkind: meeting\ntitle: Planning call\n"
                          "start: 2021-11-20 10:00\nzone: Europe/Sofia", user_id=ADMIN))
    await stand_in.wait_for(1, chat_id=ADMIN)
    service = app.bot_data["reminders"].service
    due = next(d for d in sorted(service._plan) if any(
        s.occurrence.event.id == "event:chat-planning-call" for s in service._plan[d]))
    await service.run_due(due, due)  # 801 has had the week-before reminder
    store.users.update(803, lang="en", subs=["programme:icp"], zone="Europe/Sofia")
    app.bot_data["reminders"].replan()
    stand_in.push(message("/editevent chat-planning-call\nstart: 2021-11-05 10:30",
                          user_id=ADMIN))
    await stand_in.wait_for(2, chat_id=ADMIN)
    by_chat = {chat: [c.params["text"][:1] for c in stand_in.sent(chat_id=chat)]
               for chat in (801, 803)}
    assert by_chat == {801: ["⏰", "📅"], 803: ["⏰"]}, by_chat


async def test_scheduled_broadcast_survives_a_restart(bot: tuple, tmp_path: Path,
                                                       database_url: str | None) -> None:
    from runtime.broadcast_jobs import JOB_PREFIX, BroadcastService
    from scheduler.broadcast_delivery import Audience

    _, app, _ = bot
    service = app.bot_data["services"].broadcasts
    store = app.bot_data["services"].store
    store.users.update(801, lang="en", subs=["programme:iurc"])
    when = datetime(2021, 11, 6, 9, 0, tzinfo=ZoneInfo("Europe/Sofia"))
    broadcast_id = await service.create(by=ADMIN, chat_id=ADMIN, texts={"en": "Tomorrow: webinar"},
                                  audience=Audience(everyone=True), attachment=None,
                                  send_at=when)
    assert app.job_queue.get_jobs_by_name(f"{JOB_PREFIX}{broadcast_id}")
    # a new process: the broadcast file is read back and its job re-armed
    for job in app.job_queue.get_jobs_by_name(f"{JOB_PREFIX}{broadcast_id}"):
        job.schedule_removal()
    with reread(tmp_path / "state", database_url) as reopened:
        again = BroadcastService(app, store, reopened.broadcasts, service.runner.sender,
                                 lambda: NOW)
        again.resume_all(NOW)
        [job] = app.job_queue.get_jobs_by_name(f"{JOB_PREFIX}{broadcast_id}")
        assert job.next_t == when and job.job.misfire_grace_time is None
        assert again.broadcasts.get(broadcast_id)["status"] == "scheduled"


async def test_start_up_housekeeping_forgets_old_questions(bot: tuple) -> None:
    from datetime import timedelta

    _, app, _ = bot
    store = app.bot_data["services"].store
    store.questions.record("unanswered", "old question", "en", NOW - timedelta(days=200))
    store.questions.record("unanswered", "new question", "en", NOW - timedelta(days=2))
    await app.post_init(app)  # what run_polling does before polling (on PostgreSQL, the
    # instance then takes the lead, the only one among instances to run this)
    [job] = await until(lambda: app.job_queue.get_jobs_by_name("reminders-catch-up"))
    await job.run(app)
    assert [q["text"] for q in store.questions.open()] == ["new question"]
    assert app.job_queue.get_jobs_by_name("housekeeping")


async def test_coordinators_get_their_commands_in_their_own_menu(bot: tuple) -> None:
    stand_in, app, _ = bot
    app.bot_data["services"].store.users.update(COORDINATOR, lang="bg")
    stand_in.push(message(f"/coordinators add {COORDINATOR}", user_id=ADMIN))
    await stand_in.wait_for(1, chat_id=ADMIN)
    [menu] = await stand_in.wait_for(1, "setMyCommands")
    assert json.loads(menu.params["scope"]) == {"type": "chat", "chat_id": COORDINATOR}
    names = {c["command"]: c["description"] for c in json.loads(menu.params["commands"])}
    assert names["broadcast"] == "Изпращане на съобщение"  # in their language
    assert "unanswered" in names and "mydata" in names
    stand_in.push(message(f"/coordinators remove {COORDINATOR}", user_id=ADMIN))
    [_, gone] = await stand_in.wait_for(2, "setMyCommands")
    assert "broadcast" not in {c["command"] for c in json.loads(gone.params["commands"])}


async def test_unexpected_errors_reach_the_admins_once(bot: tuple,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in, app, _ = bot
    engine = app.bot_data["services"].engine

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index out of step")

    monkeypatch.setattr(engine, "answer", broken)
    stand_in.push(message("Who funds ICP?", user_id=PARTICIPANT))
    await stand_in.wait_for(1, chat_id=PARTICIPANT)  # the participant is told something failed
    [report] = await stand_in.wait_for(1, chat_id=ADMIN)
    text = report.params["text"]
    assert "RuntimeError: index out of step" in text and "tests/test_coordinators.py:" in text
    assert "'Who funds ICP?'" in text and f"chat {PARTICIPANT} (private)" in text
    stand_in.push(message("Who funds IURC?", user_id=PARTICIPANT))
    await stand_in.wait_for(2, chat_id=PARTICIPANT)
    assert len(stand_in.sent(chat_id=ADMIN)) == 1  # the same error again: not reported again


async def test_a_scheduled_broadcast_is_cancelled_from_the_list(
        bot: tuple, tmp_path: Path, database_url: str | None) -> None:
    from runtime.broadcast_jobs import JOB_PREFIX
    from scheduler.broadcast_delivery import Audience
    from tests.test_telegram import buttons

    stand_in, app, _ = bot
    service = app.bot_data["services"].broadcasts
    app.bot_data["services"].store.users.update(801, lang="en")
    when = datetime(2021, 11, 6, 9, 0, tzinfo=ZoneInfo("Europe/Sofia"))
    broadcast_id = await service.create(by=ADMIN, chat_id=ADMIN, texts={"en": "Tomorrow"},
                                        audience=Audience(everyone=True), attachment=None,
                                        send_at=when)
    stand_in.push(message("/broadcasts", user_id=ADMIN))
    [listing] = await stand_in.wait_for(1, chat_id=ADMIN)
    [(label, data)] = buttons(listing)
    assert broadcast_id in label and data == f"bcx:{broadcast_id}"
    stand_in.push(callback(data, 1, user_id=COORDINATOR))  # not a coordinator: refused
    await stand_in.wait_for(1, chat_id=COORDINATOR)
    assert service.broadcasts.get(broadcast_id)["status"] == "scheduled"
    stand_in.push(callback(data, 1, user_id=ADMIN))
    [edit] = await stand_in.wait_for(1, "editMessageText")
    assert "cancelled" in edit.params["text"] and "reply_markup" not in edit.params
    assert not app.job_queue.get_jobs_by_name(f"{JOB_PREFIX}{broadcast_id}")
    with reread(tmp_path / "state", database_url) as again:  # as a restart reads it
        assert again.broadcasts.get(broadcast_id)["status"] == "cancelled"
    stand_in.push(callback(data, 1, user_id=ADMIN))  # pressed twice: said, nothing changes
    [_, twice] = await stand_in.wait_for(2, "answerCallbackQuery")
    assert "no longer scheduled" in twice.params["text"]


async def test_the_preview_shows_the_photo_and_warns_of_a_long_text(bot: tuple) -> None:
    stand_in, app, _ = bot
    app.bot_data["services"].store.users.update(801, lang="en")
    long_text = "The study visit programme, day by day. " * 40  # 1,560 characters
    stand_in.push(message("/broadcast", user_id=ADMIN))
    await stand_in.wait_for(1, chat_id=ADMIN)
    photo = [{"file_id": "AgADposter", "file_unique_id": "p1", "width": 800, "height": 600}]
    stand_in.push(message(None, user_id=ADMIN, photo=photo, caption=long_text))
    await stand_in.wait_for(2, chat_id=ADMIN)
    stand_in.push(callback("bc:audience", 1, user_id=ADMIN))
    await stand_in.wait_for(3, chat_id=ADMIN)
    stand_in.push(callback("bc:all", 1, user_id=ADMIN))
    await stand_in.wait_for(1, "editMessageReplyMarkup")
    stand_in.push(callback("bc:preview", 1, user_id=ADMIN))
    [shown] = await stand_in.wait_for(1, "sendPhoto", chat_id=ADMIN)
    assert shown.params["photo"] == "AgADposter"
    await stand_in.wait_for(4, chat_id=ADMIN)
    preview = last_text(stand_in, ADMIN)
    assert "longer than a caption" in preview and "Recipients: " in preview


async def test_a_calendar_file_sent_to_the_bot_is_previewed_then_applied(bot: tuple) -> None:
    from tests.test_calendar_import import GOOGLE
    from tests.test_telegram import buttons

    stand_in, app, _ = bot
    stand_in.files["ics1"] = GOOGLE.encode()
    document = {"file_id": "ics1", "file_unique_id": "uics1", "file_name": "icp-webinars.ics",
                "mime_type": "text/calendar", "file_size": len(GOOGLE)}
    stand_in.push(message(None, user_id=PARTICIPANT, document=document))  # not a coordinator
    [refused] = await stand_in.wait_for(1, chat_id=PARTICIPANT)
    assert "coordinators only" in refused.params["text"]
    stand_in.push(message(None, user_id=ADMIN, document=document))
    [ask] = await stand_in.wait_for(1, chat_id=ADMIN)
    assert "icp-webinars.ics" in ask.params["text"]
    icp = next(data for label, data in buttons(ask) if label == "ICP")
    stand_in.push(callback(icp, 1, user_id=ADMIN))
    [preview] = await stand_in.wait_for(1, "editMessageText")
    assert "8 events" in preview.params["text"] and "New: 7" in preview.params["text"]
    assert "ICP weekly webinar (moved)" in preview.params["text"]
    assert "8 titles only in English" in preview.params["text"]
    services = app.bot_data["services"]
    assert not any(e.startswith("event:cal-") for e in services.engine.content.events)
    apply = next(data for label, data in buttons(preview) if label == "Apply")
    stand_in.push(callback(apply, 1, user_id=ADMIN))
    [_, done] = await stand_in.wait_for(2, "editMessageText")
    assert done.params["text"].startswith("Imported.")
    imported = [e for e in services.engine.content.events.values()
                if e.id.startswith("event:cal-")]
    assert len(imported) == 8 and {e.kind for e in imported} >= {"webinar"}  # from titles
    assert "calendar import icp-webinars.ics" in services.store.roles.log()[-1]["what"]
    stand_in.push(callback(apply, 1, user_id=ADMIN))  # the same button again: stale
    [*_, stale] = await stand_in.wait_for(3, "answerCallbackQuery")
    assert "no longer valid" in stale.params["text"]
