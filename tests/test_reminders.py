"""Reminder planning and delivery with a controllable clock: exactly once, never lost."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from content.models import Content
from content.timing import occurrences
from handlers.callbacks import short_id
from runtime.reminder_wording import ReminderTexts
from scheduler.plan import due_at, in_quiet_hours, slots
from scheduler.reminders import ReminderService, Subscriber
from scheduler.sender import Delivery, Message, RateLimitedSender, Status
from store.ledger import FileLedger

UTC = ZoneInfo("UTC")
SOFIA, SEOUL = "Europe/Sofia", "Asia/Seoul"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.fixture
def content(content: Content) -> Content:
    """The real content plus an exact-time Sofia–Sejong call after the EU DST change."""
    base = content.events["event:citynet-webinar-climate"]
    call = replace(base, id="event:sofia-sejong-call", kind="meeting", precision="exact",
                   start=datetime(2022, 3, 28, 10, 0), end=None, zone=SOFIA,  # noqa: DTZ001
                   cities=("city:sofia", "city:sejong"), keywords={}, organisers=())
    events = {**content.events, call.id: call}
    return replace(content, events=events)


class Killed(Exception):
    """Stands for the process dying in the middle of a send."""


class FakeTransport:
    """Records deliveries; can block users or crash after a number of sends."""

    def __init__(self, blocked: set[int] = frozenset(), crash_after: int | None = None) -> None:
        self.sent: list[Message] = []
        self.blocked = set(blocked)
        self.crash_after = crash_after

    async def __call__(self, message: Message) -> Delivery:
        if self.crash_after is not None and len(self.sent) >= self.crash_after:
            raise Killed("killed mid fan-out")
        if message.chat_id in self.blocked:
            return Delivery(Status.BLOCKED, detail="Forbidden: bot was blocked by the user")
        self.sent.append(message)
        return Delivery(Status.SENT)


async def _no_sleep(seconds: float) -> None:
    return None


def fast_sender(transport: FakeTransport) -> RateLimitedSender:
    clock = iter(range(10**9))
    return RateLimitedSender(transport, per_second=10**6, per_chat_interval=0.0,
                             clock=lambda: next(clock) * 1e-6, sleep=_no_sleep)


def service(content: Content, subs: list[Subscriber], ledger: FileLedger,
            transport: FakeTransport, engine_content: Content | None = None,
            batch_size: int = 10) -> ReminderService:
    from content.qa import Engine

    texts = ReminderTexts(Engine(engine_content or content))
    blocked: list[int] = []

    async def on_blocked(user_id: int) -> None:
        blocked.append(user_id)

    svc = ReminderService(content, lambda: subs, ledger, fast_sender(transport), texts.render,
                          texts.render_cancel, on_blocked=on_blocked, batch_size=batch_size,
                          render_moved=texts.render_moved)
    svc.blocked_users = blocked  # type: ignore[attr-defined]
    return svc


def sub(user_id: int, *, zone: str = SOFIA, topics: tuple[str, ...] = ("all",),
        lang: str = "en", **extra: object) -> Subscriber:
    return Subscriber(user_id=user_id, lang=lang, zone=zone, topics=frozenset(topics),
                      **extra)  # type: ignore[arg-type]


# -- planning -------------------------------------------------------------------------


def test_lead_times_per_precision(content: Content) -> None:
    call = occurrences(content.events["event:sofia-sejong-call"])[0]
    assert due_at(call, "1h", SEOUL) == at("2022-03-28T09:00+03:00")  # Sofia is UTC+3 by then
    assert due_at(call, "7d", SEOUL) == at("2022-03-21T10:00+02:00")  # before DST: UTC+2
    deadline = occurrences(content.events["event:icp-application-deadline"])[0]
    # whole-day events: 09:00 in the reader's zone, 7 and 1 days before
    assert due_at(deadline, "7d", SOFIA) == at("2021-11-08T09:00+02:00")
    assert due_at(deadline, "1d", SEOUL) == at("2021-11-14T09:00+09:00")
    visit = occurrences(content.events["event:icp-first-study-visit"])[0]
    # month precision: the first day of the month before and of the month itself
    assert due_at(visit, "month_before", SOFIA) == at("2022-03-01T09:00+02:00")
    assert due_at(visit, "month_of", SOFIA) == at("2022-04-01T09:00+03:00")


def test_slots_are_bounded_by_events_and_leads_not_subscribers(content: Content) -> None:
    window = (at("2021-09-01T00:00Z"), at("2023-03-01T00:00Z"))
    few = slots(content, [SOFIA], *window)
    many_zones = slots(content, [SOFIA, SEOUL], *window)
    assert 0 < len(few) < len(many_zones) <= 2 * len(few)
    hour_leads = [s for s in few if s.lead == "1h"]
    assert {s.occurrence.event.precision for s in hour_leads} == {"exact"}


def test_monthly_recurrence_is_reminded_per_occurrence(content: Content) -> None:
    open_ended = replace(content.events["event:sofia-sejong-monthly"], known_until=None)
    series = replace(content, events={**content.events, open_ended.id: open_ended})
    found = [s for s in slots(series, [SOFIA], at("2022-01-01T00:00Z"), at("2022-04-01T00:00Z"))
             if s.occurrence.event.id == "event:sofia-sejong-monthly"]
    months = sorted({s.occurrence.id for s in found})
    assert months == ["event:sofia-sejong-monthly@2022-02", "event:sofia-sejong-monthly@2022-03",
                      "event:sofia-sejong-monthly@2022-04"]
    assert len({s.key for s in found}) == len(found)


def test_no_reminder_after_the_last_known_meeting(content: Content) -> None:
    later = slots(content, [SOFIA], at("2021-11-02T00:00Z"), at("2027-01-01T00:00Z"))
    assert not [s for s in later if s.occurrence.event.id == "event:sofia-sejong-monthly"]


def test_quiet_hours() -> None:
    # 23:30 in Sofia is inside 22:00–08:00: deliver at 08:00 the next morning
    assert in_quiet_hours(at("2022-03-27T23:30+03:00"), SOFIA, ("22:00", "08:00")) == \
        at("2022-03-28T08:00+03:00")
    assert in_quiet_hours(at("2022-03-28T12:00+03:00"), SOFIA, ("22:00", "08:00")) is None
    assert in_quiet_hours(at("2022-03-28T03:00+03:00"), SOFIA, ("00:00", "00:00")) is None


# -- delivery ---------------------------------------------------------------------------


async def test_reminder_text_in_reader_language_with_both_cities_times(
        content: Content, tmp_path: Path) -> None:
    transport = FakeTransport()
    svc = service(content, [sub(1, lang="bg", zone=SEOUL)], FileLedger(tmp_path), transport)
    svc.replan(at("2022-03-01T00:00Z"))
    [slot] = [s for s in svc._plan[at("2022-03-28T09:00+03:00")]
              if s.occurrence.event.id == "event:sofia-sejong-call"]
    report = await svc.fan_out(slot, at("2022-03-28T09:00+03:00"))
    assert report.sent == 1
    [message] = transport.sent
    assert message.text.startswith("⏰ Напомняне:")
    assert "10:00 София / 16:00 Седжонг" in message.text  # after the EU change: +3 vs +9
    assert "след 60 минути" in message.text
    data = [d for row in message.buttons for _, d in row]
    code = short_id("event:sofia-sejong-call")
    assert f"ics:{code}" in data and f"mute:{code}" in data


async def test_deadline_reminders_carry_done_buttons_and_respect_them(
        content: Content, tmp_path: Path) -> None:
    transport = FakeTransport()
    subs = [sub(1, topics=("kind:deadline",)), sub(2, done=frozenset(
        {"event:icp-application-deadline"}))]
    svc = service(content, subs, FileLedger(tmp_path), transport)
    now = at("2021-11-08T09:00+02:00")
    svc.replan(now - timedelta(minutes=1))
    await svc.run_due(now, now)
    assert [m.chat_id for m in transport.sent] == [1]
    assert ("✅ Submitted", f"done:{short_id('event:icp-application-deadline')}") \
        in transport.sent[0].buttons[1]
    assert "How to apply:" in transport.sent[0].text


async def test_quiet_hours_defer_and_drop(content: Content, tmp_path: Path) -> None:
    transport = FakeTransport()
    night_owl = sub(1, zone=SEOUL)  # the 1h reminder at 15:00 Seoul time: not quiet
    sleeper = sub(2, zone=SEOUL, quiet=("14:00", "15:30"))  # quiet then: deferred to 15:30
    late = sub(3, zone=SEOUL, quiet=("14:00", "17:00"))  # quiet until after the start: dropped
    svc = service(content, [night_owl, sleeper, late], FileLedger(tmp_path), transport)
    due = at("2022-03-28T09:00+03:00")
    svc.replan(due - timedelta(hours=1))
    report = await svc.run_due(due, due)
    assert (report.sent, report.deferred, report.dropped) >= (1, 1, 1)
    assert svc.deferred_instants() == [at("2022-03-28T15:30+09:00")]
    later = await svc.run_due(at("2022-03-28T15:30+09:00"), at("2022-03-28T15:30+09:00"))
    assert later.sent == 1
    call_messages = [m.chat_id for m in transport.sent if "16:00" in m.text]
    assert sorted(call_messages) == [1, 2]


async def test_a_reminder_waiting_out_quiet_hours_survives_a_restart(
        content: Content, tmp_path: Path) -> None:
    """Deferred to the end of someone's quiet hours, then the bot restarts before then:
    the fan-out is still open in the ledger, so the reminder goes out after all, once."""
    sleeper = sub(2, zone=SEOUL, quiet=("14:00", "15:30"))
    first = FakeTransport()
    svc = service(content, [sub(1, zone=SEOUL), sleeper], FileLedger(tmp_path), first)
    due = at("2022-03-28T09:00+03:00")
    svc.replan(due - timedelta(hours=1))
    assert (await svc.run_due(due, due)).deferred == 1
    back = at("2022-03-28T15:35+09:00")  # restarted after the quiet hours, before 16:00
    second = FakeTransport()
    restarted = service(content, [sub(1, zone=SEOUL), sleeper], FileLedger(tmp_path), second)
    restarted.replan(back)
    await restarted.catch_up(back, since=due + timedelta(minutes=30))
    await restarted.catch_up(back + timedelta(minutes=1), since=back)
    calls = [m.chat_id for m in first.sent + second.sent if "16:00" in m.text]
    assert sorted(calls) == [1, 2]
    assert not FileLedger(tmp_path).open_keys()  # served: nothing left to resume


async def test_restart_in_the_middle_of_a_fan_out(content: Content, tmp_path: Path) -> None:
    """Killed after 25 sends with batches of 10: 20 are in the ledger; the rest go out once."""
    subs = [sub(i) for i in range(1, 101)]
    now = at("2021-11-14T09:00+02:00")  # the 1d reminder of the ICP deadline
    first = FakeTransport(crash_after=25)
    svc = service(content, subs, FileLedger(tmp_path), first, batch_size=10)
    svc.replan(now - timedelta(minutes=5))
    with pytest.raises(Killed):
        await svc.run_due(now, now)
    # restart: a new process reads the ledger from disk and catches up
    second = FakeTransport()
    restarted = service(content, subs, FileLedger(tmp_path), second, batch_size=10)
    restarted.replan(now + timedelta(minutes=1))
    # the killed run was alive after the slot came due (its heartbeat): only the ledger
    # knows the fan-out was left unfinished
    await restarted.catch_up(now + timedelta(minutes=1), since=now + timedelta(seconds=20))
    deadline_msgs = [m.chat_id for m in first.sent + second.sent
                     if "ICP application form closes" in m.text and "in 1 day" in m.text]
    assert set(deadline_msgs) == set(range(1, 101))  # nobody lost
    duplicates = len(deadline_msgs) - 100
    assert duplicates <= 10  # at most the unflushed batch
    assert duplicates == 5  # the 5 sends of batch 3 that were not yet in the ledger


async def test_downtime_across_a_due_reminder(content: Content, tmp_path: Path) -> None:
    subs = [sub(1)]
    down_from = at("2021-11-13T12:00Z")
    transport = FakeTransport()
    svc = service(content, subs, FileLedger(tmp_path), transport)
    svc.replan(down_from)
    # back up two hours after the 1d reminder came due, before the deadline day: sent once
    back = at("2021-11-14T09:00+02:00") + timedelta(hours=2)
    restarted = service(content, subs, FileLedger(tmp_path), transport)
    restarted.replan(back)
    await restarted.catch_up(back)
    await restarted.catch_up(back + timedelta(minutes=1))
    assert len([m for m in transport.sent if "ICP application" in m.text]) == 1
    # back up only after the event began: nothing is sent
    late = FakeTransport()
    too_late = service(content, [sub(2)], FileLedger(tmp_path / "x"), late)
    too_late.replan(at("2021-11-16T12:00Z"))
    await too_late.catch_up(at("2021-11-16T12:00Z"))
    assert not [m for m in late.sent if "ICP application" in m.text]


async def test_moved_event_rearms_and_cancelled_event_notifies_once(
        content: Content, tmp_path: Path) -> None:
    transport = FakeTransport()
    ledger = FileLedger(tmp_path)
    subs = [sub(1), sub(2)]
    svc = service(content, subs, ledger, transport)
    due = at("2022-03-27T10:00+03:00")  # 1 day before the call
    svc.replan(due - timedelta(minutes=1))
    await svc.run_due(due, due)
    assert len([m for m in transport.sent if "Reminder" in m.text]) == 2
    # the call moves two days later: the 1d reminder is due again, for the new date
    call = content.events["event:sofia-sejong-call"]
    moved = replace(call, start=datetime(2022, 3, 30, 10, 0), sequence=1)  # noqa: DTZ001
    moved_content = replace(content, events={**content.events, call.id: moved})
    svc.replan(due, moved_content)
    new_due = at("2022-03-29T10:00+03:00")
    await svc.run_due(new_due, new_due)
    assert len([m for m in transport.sent if "Reminder" in m.text]) == 4
    await svc.run_due(new_due, new_due)  # the same wake-up again: ledger says done
    assert len([m for m in transport.sent if "Reminder" in m.text]) == 4
    # then it is cancelled: one notice to each reminded user, never twice
    cancelled = replace(moved, status="cancelled", sequence=2)
    svc.replan(new_due, replace(content, events={**content.events, call.id: cancelled}))
    report = await svc.notify_cancelled(cancelled, new_due)
    again = await svc.notify_cancelled(cancelled, new_due)
    assert (report.sent, again.sent) == (2, 0)
    assert all(m.text.startswith("❌ Cancelled") for m in transport.sent[-2:])


async def test_catch_up_covers_only_the_time_the_bot_was_down(
        content: Content, tmp_path: Path) -> None:
    """A lead that came due while the bot was running is not sent at the next start to
    someone who subscribed after it (or for an event added after it)."""
    transport = FakeTransport()
    subs = [sub(1)]
    week_before = at("2021-11-08T09:00+02:00")  # the 7d lead of the ICP deadline
    now = at("2021-11-10T12:00+02:00")
    svc = service(content, subs, FileLedger(tmp_path), transport)
    svc.replan(now)
    # the bot was up until a minute ago: the 7d lead was due while it ran
    await svc.catch_up(now, since=now - timedelta(minutes=1))
    assert not transport.sent
    # down since before that lead: it came due while down, so it is sent once
    await svc.catch_up(now, since=week_before - timedelta(hours=1))
    await svc.catch_up(now, since=week_before - timedelta(hours=1))
    assert len([m for m in transport.sent if "ICP application" in m.text]) == 1


async def test_muting_an_event_mutes_its_move_and_cancel_notices(
        content: Content, tmp_path: Path) -> None:
    transport = FakeTransport()
    subs = [sub(1), sub(2)]
    svc = service(content, subs, FileLedger(tmp_path), transport)
    due = at("2022-03-27T10:00+03:00")
    svc.replan(due - timedelta(minutes=1))
    await svc.run_due(due, due)
    call = content.events["event:sofia-sejong-call"]
    subs[1] = replace(subs[1], muted=frozenset({call.id}))  # user 2 mutes it afterwards
    moved = replace(call, start=datetime(2022, 3, 30, 10, 0), sequence=1)  # noqa: DTZ001
    moved_report = await svc.notify_moved(call, moved, due)
    cancelled = replace(moved, status="cancelled", sequence=2)
    cancel_report = await svc.notify_cancelled(cancelled, due)
    assert (moved_report.sent, cancel_report.sent) == (1, 1)
    notices = [m for m in transport.sent if not m.text.startswith("⏰")]
    assert {m.chat_id for m in notices} == {1}


async def test_blocked_user_is_reported(content: Content, tmp_path: Path) -> None:
    transport = FakeTransport(blocked={2})
    svc = service(content, [sub(1), sub(2)], FileLedger(tmp_path), transport)
    now = at("2021-11-14T09:00+02:00")
    svc.replan(now - timedelta(minutes=1))
    report = await svc.run_due(now, now)
    assert report.blocked == [2] and svc.blocked_users == [2]  # type: ignore[attr-defined]
    assert [m.chat_id for m in transport.sent] == [1]


# -- the sender ---------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)


async def test_sender_keeps_both_rate_limits() -> None:
    clock = FakeClock()
    stamps: list[tuple[float, int]] = []

    async def transport(message: Message) -> Delivery:
        stamps.append((clock.now, message.chat_id))
        return Delivery(Status.SENT)

    sender = RateLimitedSender(transport, per_second=30, per_chat_interval=1.0, clock=clock,
                               sleep=clock.sleep)
    for i in range(90):
        await sender.send(Message(chat_id=i % 45, text="x"))
    times = [t for t, _ in stamps]
    assert all(sum(1 for u in times if s <= u < s + 1.0) <= 30 for s in times)
    per_chat: dict[int, list[float]] = {}
    for t, chat in stamps:
        per_chat.setdefault(chat, []).append(t)
    assert all(b - a >= 1.0 for ts in per_chat.values() for a, b in pairwise(ts))
    assert times[-1] >= 2.0  # 90 messages at 30/s take at least 2 seconds


async def test_sender_waits_out_retry_after_and_retries_network_errors() -> None:
    clock = FakeClock()
    answers = [Delivery(Status.RETRY_AFTER, retry_after=5), Delivery(Status.NETWORK),
               Delivery(Status.SENT)]

    async def transport(message: Message) -> Delivery:
        return answers.pop(0)

    sender = RateLimitedSender(transport, clock=clock, sleep=clock.sleep, backoff=0.5)
    result = await sender.send(Message(chat_id=1, text="x"))
    assert result.status is Status.SENT and clock.now >= 5.0 and sender.retry_after_seen == 1


def test_ics_uid_sequence_and_zone(content: Content) -> None:
    from scheduler.ics import calendar

    call = content.events["event:sofia-sejong-call"]
    occ = occurrences(call)[0]
    first = calendar([occ], "en", at("2022-03-01T00:00Z")).decode()
    moved = replace(call, start=datetime(2022, 3, 30, 10, 0), sequence=1)  # noqa: DTZ001
    second = calendar([occurrences(moved)[0]], "en", at("2022-03-02T00:00Z")).decode()
    uid = "UID:event-sofia-sejong-call@partnerbot"
    assert uid in first and uid in second  # same entry, updated in place
    assert "SEQUENCE:0" in first and "SEQUENCE:1" in second
    assert "DTSTART;TZID=Europe/Sofia:20220328T100000" in first
    assert "BEGIN:VTIMEZONE" in first and "TZID:Europe/Sofia" in first
    monthly = calendar(occurrences(content.events["event:sofia-sejong-monthly"])[:1], "en",
                       at("2022-03-01T00:00Z"), whole_series=True, month_note="Month only.")
    [entry] = Calendar.from_ical(monthly).walk("VEVENT")
    assert entry["RRULE"]["FREQ"] == ["MONTHLY"]
    assert str(entry["DESCRIPTION"]).endswith("Month only.")


def test_ledger_survives_restart_and_is_pruned(tmp_path: Path) -> None:
    ledger = FileLedger(tmp_path)
    ledger.record("event:a|2022-03-28T07:00:00+00:00|1d", 1, at("2022-03-28T08:00Z"))
    ledger.record("event:b|2022-05-01T07:00:00+00:00|1d", 2, at("2022-05-01T08:00Z"))
    ledger.flush_sync()
    again = FileLedger(tmp_path)
    assert again.sent("event:a|2022-03-28T07:00:00+00:00|1d", 1)
    assert again.reminded("event:b") == {2}
    assert again.prune(at("2022-04-01T00:00Z")) == 1
    again.flush_sync()
    third = FileLedger(tmp_path)
    assert not third.sent("event:a|2022-03-28T07:00:00+00:00|1d", 1)
    assert third.size() == 1 and len(list(tmp_path.glob("ledger/*.json"))) == 1


def test_ledger_keys_are_one_type_read_back_as_written() -> None:
    from scheduler.ledger_keys import CANCELLED, MOVED, LedgerKey

    occ = "event:icp-application-deadline@2021-11-15"
    for key in (LedgerKey(occ, begins="2021-11-15T00:00:00+01:00", lead="7d"),
                LedgerKey(occ, CANCELLED), LedgerKey(occ, MOVED, begins="2021-11-30")):
        assert LedgerKey.from_key(key.to_key()) == key
    # the text form is the one existing ledgers hold
    assert LedgerKey(occ, begins="2021-11-15T00:00:00+01:00", lead="1d").to_key() == \
        f"{occ}|2021-11-15T00:00:00+01:00|1d"
    assert not LedgerKey.from_key(f"{occ}|cancelled").is_reminder
    with pytest.raises(ValueError):
        LedgerKey.from_key("no-pipes-here")


async def test_a_plan_built_step_by_step_is_the_whole_plan(content: Content,
                                                           tmp_path: Path) -> None:
    svc = service(content, [sub(1), sub(2, zone=SEOUL, leads=("14d", "1h"))],
                  FileLedger(tmp_path), FakeTransport())
    now = at("2021-10-01T00:00Z")
    zones, leads = svc.coverage()
    whole = svc.compute(now, zones, leads)
    stepwise = await svc.compute_stepwise(now, zones, leads, content, step=3)
    assert {due: {(s.key, s.zone) for s in group} for due, group in stepwise.items()} == {
        due: {(s.key, s.zone) for s in group} for due, group in whole.items()}
    assert sum(map(len, whole.values())) > 20
