"""Subscriptions and reminders end to end: real Application, JobQueue jobs, HTTP stand-in.

The JobQueue is driven by a controllable clock: each reminder job is run at
its own due instant by setting the clock and calling it, never by waiting.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Config
from content.models import Content
from content.qa import Engine
from handlers.callbacks import short_id
from handlers.i18n import t
from runtime.reminder_jobs import JOB_PREFIX, ReminderRuntime
from tests.botapi import StandIn, callback, message
from tests.harness import polling_bot

UTC = ZoneInfo("UTC")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def bot(engine: Engine, tmp_path: Path) -> AsyncIterator[tuple[StandIn, Clock, object]]:
    stand_in = StandIn()
    await stand_in.start()
    clock = Clock(datetime(2021, 10, 20, 12, 0, tzinfo=UTC))
    config = Config(token=stand_in.token, data_dir=tmp_path, api_base_url=stand_in.base_url)
    async with polling_bot(stand_in, engine, config, clock) as app:
        yield stand_in, clock, app
    await stand_in.stop()
    assert not stand_in.violations, stand_in.violations


def runtime(app: object) -> ReminderRuntime:
    return app.bot_data["reminders"]  # type: ignore[attr-defined, no-any-return]


class JobDriver:
    """Runs reminder jobs in due order, each once, moving the clock to its instant."""

    def __init__(self, app: object, clock: Clock) -> None:
        self.app = app
        self.clock = clock
        self.ran: set[str] = set()

    async def run_until(self, until: datetime) -> None:
        rt = runtime(self.app)
        while True:
            jobs = sorted((j for j in rt.jobs.jobs() if j.name and j.name.startswith(JOB_PREFIX)
                           and j.data <= until and j.name not in self.ran),
                          key=lambda j: j.data)
            if not jobs:
                return
            job = jobs[0]
            self.ran.add(job.name)
            self.clock.now = max(self.clock.now, job.data)
            await job.run(self.app)  # type: ignore[arg-type]


async def test_deep_link_subscription_and_deadline_reminders(bot: tuple) -> None:
    stand_in, clock, app = bot
    jobs = JobDriver(app, clock)
    stand_in.push(message("/start sub_icp", language_code="es"))
    sent = await stand_in.wait_for(1)
    assert len(sent) == 1, [c.params["text"][:80] for c in sent]
    confirm = sent[0]
    assert confirm.params["text"].startswith(t("es", "Subscribed: {topic}", topic="ICP"))
    rt = runtime(app)
    names = rt.reminder_jobs()
    # jobs per due instant with stable names, bounded by events x leads (one subscriber here)
    assert f"{JOB_PREFIX}2021-11-08T08:00:00+00:00" in names  # 7 days before, 09:00 Madrid
    for job in rt.jobs.jobs():
        if job.name in names:
            assert job.job.misfire_grace_time is None
    await jobs.run_until(datetime(2021, 11, 15, tzinfo=UTC))
    reminders = [c for c in stand_in.sent() if c.params["text"].startswith("⏰")]
    deadline = [c.params["text"] for c in reminders if "Cierre del formulario" in c.params["text"]]
    assert len(deadline) == 2  # 7 days and 1 day before, once each
    assert "dentro de 7 días" in deadline[0] and "dentro de 1 día" in deadline[1]
    data = [b["callback_data"] for row in json.loads(reminders[-1].params["reply_markup"])
            ["inline_keyboard"] for b in row]
    code = short_id("event:icp-application-deadline")
    assert f"done:{code}" in data and f"ics:{code}" in data
    # running the same jobs again (a restart re-plans them) sends nothing new
    jobs = JobDriver(app, clock)  # jobs already run may run again
    rt.replan()
    await rt.start()
    await jobs.run_until(datetime(2021, 11, 15, tzinfo=UTC))
    again = [c for c in stand_in.sent() if c.params["text"].startswith("⏰")]
    assert len(again) == len(reminders)


async def test_reminder_buttons_calendar_mute_and_done(bot: tuple) -> None:
    stand_in, clock, app = bot
    jobs = JobDriver(app, clock)
    stand_in.push(message("/subscribe"))
    [menu] = await stand_in.wait_for(1)
    assert "What should I remind you of?" in menu.params["text"]
    stand_in.push(callback("sub:+:k.deadline", 1000))
    await stand_in.wait_for(1, "answerCallbackQuery")
    stand_in.push(callback(f"ics:{short_id('event:icp-application-deadline')}", 1001))
    [ics] = await stand_in.wait_for(1, "sendDocument")
    assert ics.files == ["document"]
    stand_in.push(callback("done:icp-application-deadline", 1001))  # an old button still works
    stand_in.push(callback("mute:no-such-event", 1001))
    answers = await stand_in.wait_for(4, "answerCallbackQuery")
    assert "Noted" in answers[2].params["text"]
    assert "no longer in the calendar" in answers[3].params["text"]
    store = app.bot_data["services"].store
    settings = store.users.get(501)
    assert settings.subs == ("kind:deadline",)
    assert settings.done == ("event:icp-application-deadline",)
    await jobs.run_until(datetime(2021, 11, 16, tzinfo=UTC))
    assert not [c for c in stand_in.sent() if c.params["text"].startswith("⏰")]
    stand_in.push(message("/calendar"))  # the deadline is still ahead on the test clock
    docs = await stand_in.wait_for(2, "sendDocument")
    assert docs[-1].params["caption"] == "1 event for your calendar app."
    clock.now = datetime(2021, 11, 20, tzinfo=UTC)
    stand_in.push(message("/calendar"))  # now it has passed
    await stand_in.wait_for(2)
    assert stand_in.sent()[-1].params["text"].startswith("None of your subscriptions")


async def test_reminders_settings_and_blocked_user(bot: tuple) -> None:
    stand_in, clock, app = bot
    jobs = JobDriver(app, clock)
    stand_in.push(message("/reminders", language_code="ko"))
    [settings] = await stand_in.wait_for(1)
    assert "방해 금지 시간" in settings.params["text"]
    stand_in.push(callback("lead:14d", 1000, language_code="ko"))
    stand_in.push(callback("quiet:off", 1000, language_code="ko"))
    edits = await stand_in.wait_for(2, "editMessageText")  # the settings, edited in place
    marks = [label for row in json.loads(edits[-1].params["reply_markup"])["inline_keyboard"]
             for label in (b["text"] for b in row) if label.startswith("✅")]
    assert len(marks) == 5  # four lead times and the quiet-hours preset now chosen
    assert len(stand_in.sent()) == 1  # nothing re-sent
    store = app.bot_data["services"].store
    assert store.users.get(501).leads == ("14d", "7d", "1d", "1h")
    assert store.users.get(501).quiet == ("00:00", "00:00")
    stand_in.push(message("/start sub_icp", user_id=777, language_code="bg"))
    await stand_in.wait_for(1, chat_id=777)
    stand_in.blocked_chats.add(777)
    await jobs.run_until(datetime(2021, 11, 9, tzinfo=UTC))
    assert store.users.get(777).reachable is False
    blocked = [c for c in stand_in.calls if str(c.params.get("chat_id")) == "777"
               and c.params.get("text", "").startswith("⏰")]
    assert len(blocked) == 1  # tried once, then never again
    jobs = JobDriver(app, clock)  # jobs already run may run again
    clock.now += timedelta(days=1)
    await jobs.run_until(datetime(2021, 11, 16, tzinfo=UTC))
    assert len([c for c in stand_in.calls if str(c.params.get("chat_id")) == "777"
                and c.params.get("text", "").startswith("⏰")]) == 1


async def test_content_change_cancels_once_and_moves(bot: tuple) -> None:
    """A cancelled event: one notice to those already reminded; its jobs disappear."""
    from dataclasses import replace

    stand_in, clock, app = bot
    jobs = JobDriver(app, clock)
    stand_in.push(message("/start sub_icp"))
    await stand_in.wait_for(1)
    await jobs.run_until(datetime(2021, 11, 9, tzinfo=UTC))  # the 7-day reminder
    assert len([c for c in stand_in.sent() if c.params["text"].startswith("⏰")]) == 1
    rt = runtime(app)
    content = rt.service.content
    deadline = content.events["event:icp-application-deadline"]
    cancelled = replace(content, events={**content.events, deadline.id: replace(
        deadline, status="cancelled", sequence=1)})
    report = await rt.content_changed(cancelled)
    again = await rt.content_changed(cancelled)
    assert (report.sent, again.sent) == (1, 0)
    assert stand_in.sent()[-1].params["text"].startswith("❌ Cancelled: ICP application")
    assert f"{JOB_PREFIX}2021-11-14T08:00:00+00:00" not in rt.reminder_jobs()


async def test_a_new_time_zone_is_planned_for_at_once(bot: tuple) -> None:
    """The plan follows the users by itself: a subscriber who moves to Seoul gets the
    deadline reminder at 09:00 Seoul time, and Madrid's wake-up goes with the last reader
    there; a click that brings no new zone or lead re-plans nothing."""
    stand_in, _, app = bot
    stand_in.push(message("/start sub_icp", language_code="es"))
    await stand_in.wait_for(1)
    rt = runtime(app)
    madrid = f"{JOB_PREFIX}2021-11-08T08:00:00+00:00"
    seoul = f"{JOB_PREFIX}2021-11-08T00:00:00+00:00"
    assert madrid in rt.reminder_jobs() and seoul not in rt.reminder_jobs()
    stand_in.push(message("/timezone Asia/Seoul", language_code="es"))
    await stand_in.wait_for(2)
    for _ in range(300):  # planned on a worker thread, right after the click
        if seoul in rt.reminder_jobs():
            break
        await asyncio.sleep(0.01)
    assert seoul in rt.reminder_jobs()
    rt.replan()  # the six-hourly re-plan drops the wake-up nobody needs any more
    assert madrid not in rt.reminder_jobs()
    planned = rt.service._plan
    app.bot_data["services"].store.users.update(777, subs=["programme:icp"],
                                                zone="Asia/Seoul", lang="ko")
    assert rt.service._plan is planned  # nothing new to plan for


def test_the_subscriber_index_follows_one_user_at_a_time(content: Content) -> None:
    from scheduler.reminders import Subscriber
    from scheduler.subscriber_index import SubscriberIndex

    index = SubscriberIndex()
    assert index.put(1, Subscriber(1, "en", "Europe/Sofia", frozenset({"programme:icp"})))
    assert not index.put(2, Subscriber(2, "bg", "Europe/Sofia", frozenset({"kind:webinar"})))
    assert index.put(3, Subscriber(3, "ko", "Asia/Seoul", frozenset({"all"}), leads=("14d",)))
    deadline = content.events["event:icp-application-deadline"]
    assert sorted(s.user_id for s in index.of_event(deadline)) == [1, 3]
    assert [s.user_id for s in index.of_event(deadline, "Asia/Seoul")] == [3]
    index.put(3, None)
    assert set(index.zones) == {"Europe/Sofia"} and "14d" not in index.leads
    assert [s.user_id for s in index.of_event(deadline)] == [1]
    assert len(index) == 2


def test_the_index_chooses_exactly_whom_wants_chooses(content: Content) -> None:
    """The index's shortcut and the rule it stands for agree, slot by slot."""
    import random

    from scheduler.plan import slots
    from scheduler.reminders import Subscriber, wants
    from scheduler.subscriber_index import SubscriberIndex

    rng = random.Random(3)
    topics = ["all", "programme:iurc", "programme:icp", "kind:deadline", "kind:webinar",
              *list(content.cities)[:3]]
    events = list(content.events)
    subs = [Subscriber(i, "en", rng.choice(["Europe/Sofia", "Asia/Seoul"]),
                       frozenset(rng.sample(topics, 2)),
                       leads=tuple(rng.sample(["14d", "7d", "1d", "1h"], 2)),
                       muted=frozenset(rng.sample(events, 1)),
                       done=frozenset(rng.sample(events, 1))) for i in range(300)]
    index = SubscriberIndex(subs)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    checked = 0
    for slot in slots(content, {"Europe/Sofia", "Asia/Seoul"}, start, start + timedelta(
            days=700), {"14d", "7d", "1d", "1h"}):
        assert sorted(s.user_id for s in index.for_slot(slot)) == [
            s.user_id for s in subs if wants(s, slot)], slot
        checked += 1
    assert checked > 20


async def test_per_chat_memory_is_let_go_of_once_idle(bot: tuple) -> None:
    """Recent answers (for 👎) are kept a day after a chat's last question, a pending
    calendar file an hour; then nothing of that chat stays in memory."""
    from runtime.idle_memory import forget_idle

    stand_in, clock, app = bot
    for user in (601, 602):
        stand_in.push(message("Who funds IURC?", user_id=user))
    await stand_in.wait_for(2)
    await app.update_queue.join()  # both handlers done (a reply goes out before they end)
    app.user_data[601]["calendar_file"] = {"token": "x", "data": b"0" * 1000, "at": clock()}
    assert forget_idle(app, clock() + timedelta(minutes=5)) == 0
    assert set(app.chat_data) >= {601, 602} and "calendar_file" in app.user_data[601]
    clock.now += timedelta(hours=20)
    stand_in.push(message("Who manages ICC?", user_id=602))  # 602 keeps asking
    await stand_in.wait_for(3)
    for _ in range(200):  # the answer is remembered just after it is sent
        if app.chat_data.get(602, {}).get("at") == clock.now:
            break
        await asyncio.sleep(0.01)
    clock.now += timedelta(hours=6)
    forget_idle(app, clock())
    assert 601 not in app.chat_data and 601 not in app.user_data
    assert 602 in app.chat_data  # asked 6 hours ago


async def test_a_lead_button_says_what_it_switches_to_so_a_repeat_changes_nothing(
        bot: tuple) -> None:
    stand_in, _clock, app = bot
    stand_in.push(message("/reminders"))
    [menu] = await stand_in.wait_for(1)
    buttons = {b["text"]: b["callback_data"] for row in
               json.loads(menu.params["reply_markup"])["inline_keyboard"] for b in row}
    assert buttons["2 weeks"] == "lead:14d:+" and buttons["✅ 1 week"] == "lead:7d:-"
    # the same tap handled twice (a restart between its effect and its reply)
    stand_in.push(callback("lead:14d:+", 1000))
    stand_in.push(callback("lead:14d:+", 1000))
    stand_in.push(callback("lead:7d:-", 1000))
    stand_in.push(callback("lead:7d:-", 1000))
    await stand_in.wait_for(4, "answerCallbackQuery")
    leads = app.bot_data["services"].store.users.get(501).leads
    assert "14d" in leads and "7d" not in leads
