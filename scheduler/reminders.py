"""Who gets which reminder, exactly once.

The reminder service turns the plan (``scheduler.plan``) into deliveries:
at each due instant one fan-out goes to every matching subscriber through
the shared rate-limited sender. A ledger records (subscriber, slot) for each
completed send and is checked before every send; its durable writes are
batched, one atomic write per batch of sends. The bound that follows: a
crash can repeat only the sends of the batch that was not yet flushed
(at most ``batch_size`` messages), and never loses a reminder, because on
start-up every slot that came due while the bot was down is fanned out again
if its event has not begun, and the ledger filters what was already sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from content.models import Content, Event
from content.timing import Occurrence, next_occurrence
from scheduler.ledger_keys import CANCELLED, MOVED, LedgerKey
from scheduler.plan import (
    DEFAULT_LEADS,
    DEFAULT_QUIET,
    LEADS,
    Slot,
    applicable_leads,
    event_slots,
    in_quiet_hours,
    slots,
)
from scheduler.sender import Message, RateLimitedSender, Status

if TYPE_CHECKING:
    from scheduler.subscriber_index import SubscriberIndex

log = logging.getLogger(__name__)

CATCH_UP = timedelta(days=31)  # how far back start-up looks for reminders missed while down
HORIZON = timedelta(days=62)  # how far ahead wake-ups are planned (re-planned daily)
TOPIC_ALL = "all"
KIND_TOPICS = ("kind:deadline", "kind:webinar", "kind:meeting", "kind:study_visit")


@dataclass(frozen=True, slots=True)
class Subscriber:
    user_id: int
    lang: str
    zone: str
    topics: frozenset[str]
    leads: tuple[str, ...] = DEFAULT_LEADS
    quiet: tuple[str, str] = DEFAULT_QUIET
    muted: frozenset[str] = frozenset()  # event ids
    done: frozenset[str] = frozenset()  # deadline event ids: submitted or not applying


def event_topics(event: Event) -> set[str]:
    """Every subscription topic an event belongs to."""
    return {TOPIC_ALL, event.programme, f"kind:{event.kind}", *event.cities}


def wants(sub: Subscriber, slot: Slot) -> bool:
    """Whether this subscriber should get this slot's reminder (ledger aside)."""
    event = slot.occurrence.event
    if not sub.topics & event_topics(event):
        return False
    if slot.zone not in ("*", sub.zone):
        return False
    if slot.lead not in applicable_leads(event, sub.leads):
        return False
    if event.id in sub.muted:
        return False
    return not (event.kind == "deadline" and event.id in sub.done)


class Ledger(Protocol):
    def sent(self, key: str, user_id: int) -> bool: ...
    async def claim(self, key: str, users: list[int], expires: datetime) -> set[int]:
        """Of ``users``, those this process may send ``key`` to now, marked in flight for
        it: not sent, and not in flight for another process that is alive."""
    def record(self, key: str, user_id: int, expires: datetime) -> None: ...
    def reminded(self, occurrence_id: str) -> set[int]: ...
    def begin(self, key: str, expires: datetime) -> None: ...
    def end(self, key: str) -> None: ...
    def open_keys(self) -> set[str]: ...
    async def flush(self) -> None: ...
    def prune(self, now: datetime) -> int: ...


Render = Callable[[Subscriber, Slot, datetime], Message]
RenderCancel = Callable[[Subscriber, Occurrence, datetime], Message]


@dataclass
class Report:
    sent: int = 0
    skipped: int = 0  # already in the ledger
    deferred: int = 0  # quiet hours: will go out when they end
    dropped: int = 0  # quiet hours last until the event begins
    blocked: list[int] = field(default_factory=list)
    failed: int = 0

    def add(self, other: Report) -> None:
        self.sent += other.sent
        self.skipped += other.skipped
        self.deferred += other.deferred
        self.dropped += other.dropped
        self.blocked.extend(other.blocked)
        self.failed += other.failed


YIELD_SECONDS = 0.001  # how long a stepwise re-plan leaves the process to others per step


class ReminderService:
    """Plans wake-ups and fans reminders out; knows nothing about Telegram."""

    def __init__(self, content: Content, subscribers: Callable[[], Iterable[Subscriber]],
                 ledger: Ledger, sender: RateLimitedSender, render: Render,
                 render_cancel: RenderCancel,
                 on_blocked: Callable[[int], Awaitable[None]] | None = None,
                 batch_size: int = 50, render_moved: RenderCancel | None = None,
                 index: SubscriberIndex | None = None) -> None:
        """``index``: subscribers by topic, kept current by the caller; with it a
        wake-up reads only its recipients, and planning only the zones and leads in
        use. Without it every subscriber is read each time (small tools, tests)."""
        self.content = content
        self.subscribers = subscribers
        self.index = index
        self.ledger = ledger
        self.sender = sender
        self.render = render
        self.render_cancel = render_cancel
        self.render_moved = render_moved
        self.on_blocked = on_blocked
        self.batch_size = batch_size
        self._plan: dict[datetime, list[Slot]] = {}
        self._deferred: dict[datetime, list[Slot]] = {}

    # -- planning -------------------------------------------------------------------

    def replan(self, now: datetime, content: Content | None = None) -> list[datetime]:
        """Rebuild the plan (after start, a reload or an edit); return future wake-ups."""
        if content is not None:
            self.content = content
        return self.install(self.compute(now, *self.coverage()), now)

    def coverage(self) -> tuple[set[str], set[str]]:
        """The reader zones and lead times in use: all a plan depends on."""
        if self.index is not None:
            zones = set(self.index.zones) or {"UTC"}
            leads = set(self.index.leads) | set(DEFAULT_LEADS)
        else:
            subs = list(self.subscribers())
            zones = {s.zone for s in subs} or {"UTC"}
            leads = {lead for s in subs for lead in s.leads} | set(DEFAULT_LEADS)
        return zones, leads

    def compute(self, now: datetime, zones: set[str], leads: set[str],
                content: Content | None = None) -> dict[datetime, list[Slot]]:
        """A plan, touching nothing shared: may run on a worker thread."""
        plan: dict[datetime, list[Slot]] = {}
        for slot in slots(content or self.content, zones, now - CATCH_UP, now + HORIZON,
                          leads & set(LEADS)):
            plan.setdefault(slot.due, []).append(slot)
        return plan

    async def compute_stepwise(self, now: datetime, zones: set[str], leads: set[str],
                               content: Content, step: int = 100
                               ) -> dict[datetime, list[Slot]]:
        """The same plan as ``compute``, built ``step`` events at a time with the event
        loop free in between: at 5,000 events a whole plan takes 0.4 s of CPU, which
        would otherwise hold up every click and reply arriving meanwhile."""
        ordered_zones = sorted(zones)
        chosen = tuple(lead for lead in LEADS if lead in leads)
        start, end = now - CATCH_UP, now + HORIZON
        plan: dict[datetime, list[Slot]] = {}
        loop = asyncio.get_running_loop()
        since_yield = loop.time()
        for n, event in enumerate(list(content.events.values()), start=1):
            for slot in event_slots(event, ordered_zones, start, end, chosen):
                plan.setdefault(slot.due, []).append(slot)
            # CPU pacing, not the bot's clock: give way every ``step`` events or 1 ms,
            # and for a moment, not just a turn of the loop: the threads that journal
            # updates and write the state need the interpreter too, and a loop that is
            # never idle kept one waiting 150 ms
            if n % step == 0 or loop.time() - since_yield > 0.001:
                await asyncio.sleep(YIELD_SECONDS)
                since_yield = loop.time()
        # (not sorted by ledger key as ``compute`` is: that alone took 0.3 s at this
        # size, in one piece; the order within a wake-up does not matter)
        return plan

    def install(self, plan: dict[datetime, list[Slot]], now: datetime) -> list[datetime]:
        """Make ``plan`` the plan; its future wake-ups."""
        self._plan = plan
        return self.wake_ups(now)

    def wake_ups(self, now: datetime) -> list[datetime]:
        """The plan's wake-ups from ``now`` on, in order."""
        return sorted(due for due in self._plan if due >= now)

    def missed(self, now: datetime, since: datetime | None = None) -> list[Slot]:
        """Slots that came due while the bot was down (after ``since``, its last sign of
        life, and before ``now``) whose event has not begun: sent once on start.

        A slot that came due while the bot was running was served then, to everyone
        subscribed at that moment; someone who subscribed later, or an event added
        after its lead had passed, must not get that lead at the next start — unless
        its fan-out never finished (killed in the middle, or waiting out someone's
        quiet hours): the ledger keeps those open, and they are taken up again.
        """
        unfinished = self.ledger.open_keys()
        return [s for due, group in sorted(self._plan.items())
                if due < now for s in group
                if (since is None or due > since or s.key in unfinished)
                and s.occurrence.begins > now]

    def job_count(self) -> int:
        return len(self._plan)

    # -- delivery --------------------------------------------------------------------

    async def run_due(self, due: datetime, now: datetime) -> Report:
        """The wake-up at ``due``: fan out its slots and any deferred for this instant."""
        report = Report()
        group = self._plan.get(due, []) + self._deferred.pop(due, [])
        for slot in group:
            report.add(await self.fan_out(slot, now))
        return report

    async def catch_up(self, now: datetime, since: datetime | None = None) -> Report:
        """Send what came due while the bot was down: per occurrence, only the latest lead.

        Someone who missed both the week-before and the day-before reminder gets
        the day-before one; the older one is marked done in the ledger, unsent.
        """
        return await self._latest_leads(self.missed(now, since), now)

    async def catch_up_changed(self, event_ids: set[str], now: datetime,
                               told: Iterable[int] = ()) -> Report:
        """Events just added or moved: a lead that is already past for their (new) time
        is sent now, the latest one per occurrence, if the event has not begun.

        Without this an event added five minutes ahead reminds nobody (its "1 h
        before" lead lies in the past) — and no restart brings it back either,
        since start-up only catches up what came due while the bot was down.
        ``told``: users who just had a move notice with the new time; they are
        marked done for these leads instead of hearing it twice.
        """
        passed = [s for due, group in sorted(self._plan.items()) if due < now
                  for s in group if s.occurrence.event.id in event_ids
                  and s.occurrence.begins > now]
        return await self._latest_leads(passed, now, set(told))

    async def _latest_leads(self, passed: list[Slot], now: datetime,
                            told: set[int] | None = None) -> Report:
        report = Report()
        by_occurrence: dict[str, list[Slot]] = {}
        for slot in passed:
            by_occurrence.setdefault(slot.occurrence.id, []).append(slot)
        for group in by_occurrence.values():
            served: set[int] = set(told or ())
            for slot in sorted(group, key=lambda s: s.due, reverse=True):
                report.add(await self.fan_out(slot, now, superseded=served))
        return report

    def deferred_instants(self) -> list[datetime]:
        return sorted(self._deferred)

    async def fan_out(self, slot: Slot, now: datetime,
                      superseded: set[int] | None = None) -> Report:
        """Send one slot's reminder to everyone who wants it and has not had it.

        ``superseded`` (catch-up only) holds users already served a later lead of the
        same occurrence: they are marked done for this slot without a message, and
        everyone this slot serves is added to it.
        """
        report = Report()
        occ = slot.occurrence
        if occ.begins <= now:
            await asyncio.to_thread(self.ledger.end, slot.key)
            return report  # too late: a reminder after the start helps nobody
        await asyncio.to_thread(self.ledger.begin, slot.key, occ.ends)  # fsyncs: off the loop
        ready: list[Subscriber] = []
        candidates = (self.index.for_slot(slot) if self.index is not None
                      else self.subscribers())
        for sub in candidates:
            if not wants(sub, slot):
                continue
            if self.ledger.sent(slot.key, sub.user_id):
                report.skipped += 1
                if superseded is not None:
                    superseded.add(sub.user_id)
                continue
            if superseded is not None and sub.user_id in superseded:
                self.ledger.record(slot.key, sub.user_id, occ.ends)
                report.skipped += 1
                continue
            if superseded is not None:
                superseded.add(sub.user_id)
            quiet_end = in_quiet_hours(now, sub.zone, sub.quiet)
            if quiet_end is not None:
                if quiet_end < occ.begins:
                    waiting = self._deferred.setdefault(quiet_end, [])
                    # one entry per slot and instant: the fan-out then re-checks everyone
                    if not any(w.key == slot.key and w.zone == slot.zone for w in waiting):
                        waiting.append(slot)
                    report.deferred += 1
                else:
                    report.dropped += 1
                continue
            ready.append(sub)
        report.add(await self._send(ready, slot.key, occ.ends,
                                    lambda sub: self.render(sub, slot, now)))
        if not report.deferred:  # someone in quiet hours keeps it open until served
            await asyncio.to_thread(self.ledger.end, slot.key)
        return report

    async def notify_cancelled(self, event: Event, now: datetime) -> Report:
        """Tell everyone already reminded of a cancelled event, once."""
        occ = next_occurrence(replace(event, status="scheduled"), now)
        if occ is None:
            return Report()
        return await self._notify(occ, LedgerKey(occ.id, CANCELLED).to_key(), occ.id,
                                  self.render_cancel, now)

    async def notify_moved(self, before: Event, after: Event, now: datetime) -> Report:
        """Tell everyone reminded of the old time about the new one, once per new time."""
        old = next_occurrence(before, now)
        new = next_occurrence(after, now)
        if old is None or new is None or self.render_moved is None:
            return Report()
        key = LedgerKey(new.id, MOVED, begins=new.begins.isoformat()).to_key()
        return await self._notify(new, key, old.id, self.render_moved, now)

    def reminded_of(self, event: Event, now: datetime) -> set[int]:
        """Who was reminded of the event's next occurrence (as it stood)."""
        occ = next_occurrence(event, now)
        return self.ledger.reminded(occ.id) if occ is not None else set()

    async def _notify(self, occ: Occurrence, key: str, reminded_of: str,
                      render: RenderCancel, now: datetime) -> Report:
        reminded = self.ledger.reminded(reminded_of)
        if self.index is not None:
            index = self.index
            among: Iterable[Subscriber] = [s for s in map(index.get, sorted(reminded))
                                           if s is not None]
        else:
            among = self.subscribers()
        # Muting an event mutes everything about it: its moves and its cancellation too.
        targets = [sub for sub in among
                   if sub.user_id in reminded and occ.event.id not in sub.muted
                   and not self.ledger.sent(key, sub.user_id)]
        return await self._send(targets, key, occ.ends, lambda sub: render(sub, occ, now))

    async def _send(self, subs: list[Subscriber], key: str, expires: datetime,
                    message_of: Callable[[Subscriber], Message]) -> Report:
        """Send, batch by batch: each batch claimed in the ledger before it goes out (so
        no two processes send one reminder), each completed send recorded, one durable
        write per batch."""
        report = Report()
        for start in range(0, len(subs), self.batch_size):
            chunk = subs[start:start + self.batch_size]
            claimed = await self.ledger.claim(key, [s.user_id for s in chunk], expires)
            batch = [s for s in chunk if s.user_id in claimed]
            report.skipped += len(chunk) - len(batch)
            results = await asyncio.gather(*(self.sender.send(message_of(s)) for s in batch))
            for sub, delivery in zip(batch, results, strict=True):
                if delivery.status is Status.SENT:
                    self.ledger.record(key, sub.user_id, expires)
                    report.sent += 1
                elif delivery.recipient_gone:
                    report.blocked.append(sub.user_id)
                    if self.on_blocked is not None:
                        await self.on_blocked(sub.user_id)
                else:
                    report.failed += 1
                    log.warning("message to %s failed: %s", sub.user_id, delivery.detail)
            await self.ledger.flush()
        return report
