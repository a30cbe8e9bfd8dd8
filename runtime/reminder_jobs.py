"""Reminders on the JobQueue: one job per due instant, rebuilt from the state on every start.

Jobs carry stable ids (``reminders@<instant>``) and ``misfire_grace_time=None``:
APScheduler's default of one second would silently drop a job that comes due
while the loop is busy. Lateness is judged inside the job instead, against
the event's own start. PTB does not persist jobs; the truth is the content,
the subscriptions and the ledger, so a restart re-plans and catches up.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from telegram.ext import Application, JobQueue

from content.live import LiveContent
from content.models import Content
from handlers.services import Context
from runtime.reminder_wording import ReminderTexts
from scheduler.plan import DEFAULT_LEADS, DEFAULT_QUIET
from scheduler.reminders import YIELD_SECONDS, ReminderService, Report, Subscriber
from scheduler.sender import RateLimitedSender
from scheduler.subscriber_index import SubscriberIndex
from store.ledger import FileLedger
from store.state import StateStore
from store.users import User, shared

log = logging.getLogger(__name__)
JOB_PREFIX = "reminders@"
_NONE: frozenset[str] = frozenset()
REPLAN_EVERY = timedelta(hours=6)


def subscriber_of(user: User | None) -> Subscriber | None:
    """A user as the reminders see them: None unless subscribed and reachable."""
    if user is None or not user.subs or not user.reachable:
        return None
    # (equal topic sets are one object, and so are the empty ones: a frozenset is
    # 216 bytes, times 50,000 subscribers)
    return Subscriber(user_id=user.id, lang=user.language, zone=user.zone_for(),
                      topics=shared(frozenset(user.subs)), leads=user.leads or DEFAULT_LEADS,
                      quiet=user.quiet or DEFAULT_QUIET,
                      muted=frozenset(user.muted) if user.muted else _NONE,
                      done=frozenset(user.done) if user.done else _NONE)


def subscribers_from(store: StateStore) -> list[Subscriber]:
    """Everyone with at least one subscription who has not blocked the bot."""
    return [s for s in map(subscriber_of, store.users.all()) if s is not None]


def _settle(full: bool = False) -> None:
    """After a new plan: its tens of thousands of slots would otherwise be scanned by
    every full collection from then on (26 ms each at 5,000 events). The young objects
    are collected, then everything alive is left out of later scans, as start-up's
    objects are; what they free later is freed by its last reference. Only a cycle
    among them would stay: ``full`` (every few hours) looks at everything once, so
    such cycles do not pile up over weeks."""
    if full:
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()


class ReminderRuntime:
    """Keeps the JobQueue in step with the reminder plan."""

    def __init__(self, app: Application, live: LiveContent,  # type: ignore[type-arg]
                 store: StateStore,
                 ledger: FileLedger, sender: RateLimitedSender,
                 clock: Callable[[], datetime],
                 leading: Callable[[], bool] = lambda: True) -> None:
        self.app = app
        # Of several instances on one database only the leader plans and sends reminders;
        # the others keep their index current and nothing else (over files: always leads).
        self.leading = leading
        self.store = store
        self.ledger = ledger
        self.clock = clock
        self.texts = texts = ReminderTexts(live)
        # Read once here, then kept current one user at a time by the users repository.
        self.index = SubscriberIndex(subscribers_from(store))
        store.users.listen(self._user_changed)
        self._replan_due = False
        self.service = ReminderService(live.engine.content, lambda: iter(self.index),
                                       ledger, sender, texts.render, texts.render_cancel,
                                       on_blocked=store.users.mark_unreachable,
                                       render_moved=texts.render_moved, index=self.index)

    def _user_changed(self, user_id: int, user: User | None) -> None:
        """One user's settings changed: their index entry follows; the plan is rebuilt
        only if they brought a zone or a lead time it does not cover (soon, once, off
        the click that caused it)."""
        if not self.index.put(user_id, subscriber_of(user)) or self._replan_due:
            return
        if not self.leading():
            return
        if self.app.job_queue is None:
            return
        self._replan_due = True
        try:
            asyncio.get_running_loop().create_task(self._replan_off_loop())
        except RuntimeError:  # no loop running (a tool, a test): at once
            self._replan_due = False
            self.replan()

    async def _replan_off_loop(self, full_collection: bool = False) -> None:
        """The plan built a hundred events at a time with the loop free in between (0.4 s
        of CPU at 5,000 events), so the click that brought a new zone or lead, and
        everyone else's, is not held up by it (a thread would hold the GIL instead)."""
        self._replan_due = False
        now = self.clock()
        zones, leads = self.service.coverage()
        content = self.service.content
        plan = await self.service.compute_stepwise(now, zones, leads, content)
        if self.service.content is content:  # else a content change re-planned meanwhile
            self.service.install(plan, now)
            for n, _ in enumerate(self._sync_steps(now), start=1):
                if n % 50 == 0:  # hundreds of jobs: let clicks through in between
                    await asyncio.sleep(YIELD_SECONDS)
            _settle(full_collection)

    @property
    def jobs(self) -> JobQueue:  # type: ignore[type-arg]
        assert self.app.job_queue is not None
        return self.app.job_queue

    def _schedule(self, due: datetime) -> None:
        name = f"{JOB_PREFIX}{due.isoformat()}"
        if self.jobs.get_jobs_by_name(name):
            return
        self._add(name, due)

    def _add(self, name: str, due: datetime) -> None:
        self.jobs.run_once(self._wake, when=due, name=name, data=due,
                           job_kwargs={"id": name, "replace_existing": True,
                                       "misfire_grace_time": None})

    def replan(self) -> None:
        """Re-plan from content and subscriptions; add and remove jobs to match."""
        if not self.leading():
            return
        now = self.clock()
        self.service.replan(now)
        self._sync_jobs(now)

    def _sync_jobs(self, now: datetime) -> None:
        """Add and remove JobQueue jobs to match the service's plan."""
        for _ in self._sync_steps(now):
            pass

    def _sync_steps(self, now: datetime) -> Iterator[None]:
        """``_sync_jobs`` one job at a time (a step per job added or removed).

        The jobs there are listed once: looking each wanted one up by name walks every
        job (thousands at 5,000 events), which made a re-plan's steps 20 ms long."""
        wanted = {f"{JOB_PREFIX}{due.isoformat()}": due for due in self.service.wake_ups(now)}
        wanted.update({f"{JOB_PREFIX}{d.isoformat()}": d
                       for d in self.service.deferred_instants()})
        existing = {job.name: job for job in self.jobs.jobs()
                    if job.name and job.name.startswith(JOB_PREFIX)}
        for name, job in existing.items():
            if name not in wanted:
                job.schedule_removal()
                yield
        for name, due in wanted.items():
            if name not in existing:
                self._add(name, due)
                yield

    async def content_changed(self, content: Content) -> Report:
        """New or edited content: tell the reminded about cancellations and moves, re-plan.

        A moved event's ledger keys include its start, so its new time is reminded
        afresh, and the old time's jobs are removed.
        """
        now = self.clock()
        old = self.service.content
        report = Report()
        if not self.leading():  # the leader tells people and re-plans
            self.service.content = content
            return report
        changed: set[str] = set()
        told: set[int] = set()
        for event in content.events.values():
            before = old.events.get(event.id)
            if event.status == "cancelled" and (before is None or before.status != "cancelled"):
                report.add(await self.service.notify_cancelled(event, now))
            elif before is None and event.status != "cancelled":
                changed.add(event.id)
            elif (before is not None and event.status != "cancelled"
                  and (before.start, before.end, before.zone) != (event.start, event.end,
                                                                  event.zone)):
                report.add(await self.service.notify_moved(before, event, now))
                changed.add(event.id)
                told |= self.service.reminded_of(before, now)
        self.service.content = content
        self.replan()
        if changed:  # added or moved inside a lead window: that lead goes out now
            report.add(await self.service.catch_up_changed(changed, now, told))
            self._after(report)
        return report

    def reminder_jobs(self) -> list[str]:
        return sorted(j.name for j in self.jobs.jobs() if j.name and j.name.startswith(JOB_PREFIX))

    async def _wake(self, context: Context) -> None:
        due: datetime = context.job.data  # type: ignore[union-attr, assignment]
        report = await self.service.run_due(due, self.clock())
        self._after(report)

    async def start(self, last_alive: datetime | None = None) -> Report:
        """On start-up: prune, plan, and send what came due while the bot was down
        (since ``last_alive``, the previous run's last heartbeat, when known)."""
        now = self.clock()
        self.ledger.prune(now)
        await self.ledger.flush()
        self.replan()
        _settle()
        report = await self.service.catch_up(now, last_alive)
        self._after(report)
        if not self.jobs.get_jobs_by_name("reminders-replan"):
            self.jobs.run_repeating(self._replan_job, interval=REPLAN_EVERY, first=REPLAN_EVERY,
                                    name="reminders-replan",
                                    job_kwargs={"misfire_grace_time": None})
        return report

    async def _replan_job(self, context: Context) -> None:
        """Every few hours, as the horizon moves: stepwise, as a click's re-plan is."""
        self.ledger.prune(self.clock())
        await self.ledger.flush()
        await self._replan_off_loop(full_collection=True)

    def _after(self, report: Report) -> None:
        for instant in self.service.deferred_instants():
            self._schedule(instant)
        if report.sent or report.blocked or report.failed:
            log.info("reminders: %d sent, %d deferred, %d blocked, %d failed", report.sent,
                     report.deferred, len(report.blocked), report.failed)
