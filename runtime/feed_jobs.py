"""Calendar feeds polled on the JobQueue and applied like an import.

Every ``every`` (15 minutes by default) each feed is fetched with a conditional
request; a new copy is read with the same rules as an imported file, merged
into the chat edits all or nothing, and goes live at once: the reminder
runtime hears the change, re-plans, and tells whoever was reminded of a moved
or cancelled event. An event the feed no longer lists (deleted in the
coordinators' calendar) is cancelled if it is still ahead.

When a fetch or a read fails, nothing changes: the events of the last good
copy stay in use, and the coordinators are told once per outage — when it
starts and when the feed works again — never once per poll.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import httpx
from telegram.error import TelegramError
from telegram.ext import Application

from content.calendar_import import Applied, merge, read_calendar
from content.live import LiveContent
from content.loader import Problem
from content.timing import next_occurrence
from handlers.feeds import failing_text, recovered_text
from runtime.feed_fetch import Fetched, fetch
from store.feeds import Feed, FeedStore
from store.state import StateStore

log = logging.getLogger(__name__)

JOB_NAME = "calendar-feeds"
DEFAULT_EVERY = timedelta(minutes=15)


class FeedPoller:
    def __init__(self, app: Application, live: LiveContent,  # type: ignore[type-arg]
                 feeds: FeedStore, store: StateStore, clock: Callable[[], datetime],
                 admins: frozenset[int], every: timedelta = DEFAULT_EVERY,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.app = app
        self.live = live
        self.feeds = feeds
        self.store = store
        self.clock = clock
        self.admins = admins
        self.every = every
        self._transport = transport

    def from_content(self) -> dict[str, str]:
        return {p.id: p.calendar_feed for p in self.live.engine.content.programmes.values()
                if p.calendar_feed}

    def active(self) -> list[Feed]:
        return self.feeds.active(self.from_content())

    def start(self) -> None:
        """Poll soon after start, then every ``every``."""
        jobs = self.app.job_queue
        if jobs is None or jobs.get_jobs_by_name(JOB_NAME):
            return
        jobs.run_repeating(self._job, interval=self.every, first=timedelta(seconds=5),
                           name=JOB_NAME, job_kwargs={"misfire_grace_time": None,
                                                      "coalesce": True})

    async def _job(self, context: object) -> None:
        await self.poll_all()

    async def poll_all(self) -> list[Applied]:
        async with httpx.AsyncClient(transport=self._transport) as client:
            return [await self.poll(feed, client) for feed in self.active()]

    async def remove(self, programme: str, by: int) -> bool:
        return await asyncio.to_thread(self.feeds.remove, programme, by)

    async def poll(self, feed: Feed, client: httpx.AsyncClient | None = None) -> Applied:
        """Fetch one feed; apply a new copy; on failure keep the last good one and tell
        the coordinators (once per outage)."""
        if client is None:
            async with httpx.AsyncClient(transport=self._transport) as own:
                return await self.poll(feed, own)
        now = self.clock()
        fetched = await fetch(client, feed.url, feed.etag, feed.last_modified)
        if fetched.status == "failed":
            return await self._failed(feed, _reason_of(fetched), [])
        if fetched.status == "unchanged":
            return await self._worked(feed, Applied(feed.programme, "unchanged"), now)
        outcome = await self._apply(feed, fetched, now)
        if outcome.status == "failed":
            return await self._failed(feed, outcome.reason, outcome.problems)
        return outcome

    async def add(self, programme: str, url: str, by: int, kind: str | None = None) -> Applied:
        """A feed registered from the chat: fetched and applied at once, and kept only if
        that worked (a wrong address is refused with its reason, never stored)."""
        now = self.clock()
        async with httpx.AsyncClient(transport=self._transport) as client:
            fetched = await fetch(client, url, None, None)
        if fetched.status != "new":
            return Applied(programme, "failed", reason=_reason_of(fetched))
        previous = self.feeds.get(programme)
        feed = await asyncio.to_thread(self.feeds.register, programme, url, by, kind)
        outcome = await self._apply(feed, fetched, now)
        if outcome.status == "failed":  # the feed it replaced, if any, stays as it was
            if previous is not None:
                await asyncio.to_thread(self.feeds.put, previous)
            else:
                await asyncio.to_thread(self.feeds.forget, programme)
        return outcome

    async def _apply(self, feed: Feed, fetched: Fetched, now: datetime) -> Applied:
        name = feed.url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or "feed"
        imported = read_calendar(fetched.data, name, feed.programme, feed.kind, now.date())
        if imported.problems:
            return Applied(feed.programme, "failed", problems=imported.problems,
                           reason="problems")
        ids = {e["id"] for e in imported.events}
        content = self.live.engine.content
        vanished = [i for i in feed.ids if i not in ids and i in content.events
                    and next_occurrence(content.events[i], now) is not None]
        outcome = Applied(feed.programme, "unchanged")

        def change(overlay: dict[str, Any]) -> dict[str, Any] | None:
            candidate, changes = merge(overlay, imported.events, vanished)
            outcome.changes = [c for c in changes if c.what != "unchanged"]
            return candidate if outcome.changes else None

        problems = await self.live.update_edits(change)
        if problems:
            return Applied(feed.programme, "failed", problems=problems, reason="problems")
        if outcome.changes:
            outcome.status = "applied"
            self.store.roles.audit(feed.added_by or 0, f"calendar feed {feed.programme}: " +
                                   ", ".join(f"{w} {n}" for w, n in outcome.counts().items()),
                                   now)
            await self.store.commit()
        await asyncio.to_thread(self.feeds.keep_copy, feed.programme, fetched.data)
        feed = replace(feed, etag=fetched.etag, last_modified=fetched.last_modified,
                       ids=tuple(sorted(ids)))
        return await self._worked(feed, outcome, now)

    async def _worked(self, feed: Feed, outcome: Applied, now: datetime) -> Applied:
        outcome.recovered = feed.failing_since is not None
        told = feed.told
        await asyncio.to_thread(self.feeds.put, replace(
            feed, last_ok=now.isoformat(), failing_since=None, error=None, told=False))
        if outcome.recovered and told:
            counts = outcome.counts()
            await self._tell(lambda lang: recovered_text(lang, self._acronym(feed), counts))
        return outcome

    async def _failed(self, feed: Feed, reason: str, problems: list[Problem]) -> Applied:
        now = self.clock()
        feed = replace(feed, failing_since=feed.failing_since or now.isoformat(), error=reason)
        if not feed.told:
            minutes = int(self.every.total_seconds() // 60)
            told = await self._tell(lambda lang: failing_text(
                lang, self._acronym(feed), reason, problems, minutes))
            feed = replace(feed, told=told)
        await asyncio.to_thread(self.feeds.put, feed)
        log.warning("calendar feed %s failed: %s %s", feed.programme, reason,
                    "; ".join(map(str, problems[:3])))
        return Applied(feed.programme, "failed", problems=problems)

    def _acronym(self, feed: Feed) -> str:
        programme = self.live.engine.content.programmes.get(feed.programme)
        return programme.acronym if programme is not None else feed.programme

    async def _tell(self, text_of: Callable[[str], str]) -> bool:
        """Each coordinator and admin in their language; True if anyone was reached."""
        reached = False
        for user_id in sorted(set(self.admins) | set(self.store.roles.coordinators())):
            try:
                await self.app.bot.send_message(user_id,
                                                text_of(self.store.users.of(user_id).language))
                reached = True
            except TelegramError as exc:  # one who never started the bot: the others still hear
                log.warning("could not tell %s about a calendar feed: %s", user_id, exc)
        return reached


def _reason_of(fetched: Fetched) -> str:
    return f"{fetched.reason}:{fetched.detail}"
