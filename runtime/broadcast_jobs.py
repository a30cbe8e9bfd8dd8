"""Broadcasts in the running bot: create, schedule, deliver with live progress, resume."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application

from content.langs import DEFAULT_LANG
from handlers.services import Context
from scheduler.broadcast_delivery import (
    PENDING,
    Audience,
    BroadcastRunner,
    Progress,
    Recipient,
    preview,
    select,
)
from scheduler.sender import RateLimitedSender
from store.broadcasts import FileBroadcastStore
from store.state import StateStore

log = logging.getLogger(__name__)
JOB_PREFIX = "broadcast@"


class BroadcastService:
    def __init__(self, app: Application, store: StateStore,  # type: ignore[type-arg]
                 broadcasts: FileBroadcastStore, sender: RateLimitedSender,
                 clock: Callable[[], datetime],
                 leading: Callable[[], bool] = lambda: True) -> None:
        self.app = app
        self.store = store
        self.broadcasts = broadcasts
        self.clock = clock
        # Whether this process leads (one of several instances on one database): the
        # leader schedules broadcasts, reports progress and says when one is done; the
        # others help send (each claims its own batches). Over files: always.
        self.leading = leading

        self.runner = BroadcastRunner(broadcasts, sender, on_blocked=store.users.mark_unreachable)
        self._running: set[str] = set()  # reported here: one such delivery per broadcast
        self._helping: set[str] = set()  # sent here without reports (not the leader)

    def recipients(self) -> list[Recipient]:
        return [Recipient(u.id, u.language, frozenset(u.subs)) for u in self.store.users.all()
                if u.reachable]

    def history(self) -> list[dict[str, Any]]:
        """Every broadcast, newest first (for /broadcasts)."""
        return self.broadcasts.all()

    def preview(self, audience: Audience, texts: dict[str, str]) -> tuple[Counter[str], list[str]]:
        return preview(select(self.recipients(), audience), texts)

    async def create(self, *, by: int, chat_id: int, texts: dict[str, str], audience: Audience,
                     attachment: tuple[str, str] | None, send_at: datetime | None,
                     lang: str = DEFAULT_LANG) -> str:
        """Store the broadcast with its recipients fixed now; start or schedule it."""
        chosen = select(self.recipients(), audience)
        broadcast_id = self.clock().strftime("%Y%m%d%H%M%S") + "-" + secrets.token_hex(3)
        await asyncio.to_thread(
            self.broadcasts.create,
            broadcast_id, by=by, texts=texts,
            audience={"everyone": audience.everyone, "topics": sorted(audience.topics),
                      "languages": sorted(audience.languages), "chat_id": chat_id,
                      "attachment": list(attachment) if attachment else None,
                      "lang": lang},  # the coordinator's language, for the progress reports
            recipients={r.user_id: PENDING for r in chosen},
            langs={r.user_id: r.lang for r in chosen},
            status="scheduled" if send_at else "sending", at=self.clock(), send_at=send_at)
        if not self.leading():
            self.app.create_task(self.help(broadcast_id), name=f"broadcast {broadcast_id}")
        elif send_at is None:
            self.app.create_task(self.deliver(broadcast_id), name=f"broadcast {broadcast_id}")
        else:
            self._schedule(broadcast_id, send_at)
        return broadcast_id

    async def cancel(self, broadcast_id: str) -> bool:
        """Cancel a scheduled broadcast before it goes out: whether it was still scheduled."""
        doc = self.broadcasts.get(broadcast_id)
        if doc is None or doc["status"] != "scheduled":
            return False
        self.broadcasts.set_status(broadcast_id, "cancelled")
        await self.broadcasts.flush(broadcast_id)
        if self.app.job_queue is not None:
            for job in self.app.job_queue.get_jobs_by_name(f"{JOB_PREFIX}{broadcast_id}"):
                job.schedule_removal()
        return True

    def _schedule(self, broadcast_id: str, when: datetime) -> None:
        assert self.app.job_queue is not None
        name = f"{JOB_PREFIX}{broadcast_id}"
        self.app.job_queue.run_once(self._due, when=when, name=name, data=broadcast_id,
                                    job_kwargs={"id": name, "replace_existing": True,
                                                "misfire_grace_time": None})

    async def _due(self, context: Context) -> None:
        broadcast_id: str = context.job.data  # type: ignore[union-attr, assignment]
        await self.broadcasts.active()  # (cancelled on another instance meanwhile?)
        doc = self.broadcasts.get(broadcast_id)
        if doc is None or doc["status"] != "scheduled":
            return
        self.broadcasts.set_status(broadcast_id, "sending")
        await self.broadcasts.flush(broadcast_id)
        await self.deliver(broadcast_id)

    async def deliver(self, broadcast_id: str) -> Progress | None:
        """Send to everyone still pending, editing one progress message as it goes."""
        doc = self.broadcasts.get(broadcast_id)
        assert doc is not None
        if broadcast_id in self._running:
            return None  # already on its way (e.g. started just before the start-up resume)
        self._running.add(broadcast_id)
        try:
            return await self._deliver(broadcast_id, doc)
        finally:
            self._running.discard(broadcast_id)

    async def _deliver(self, broadcast_id: str, doc: dict[str, Any]) -> Progress:
        chat_id = doc["audience"]["chat_id"]
        lang = doc["audience"].get("lang") or self.store.users.of(doc["by"]).language
        from handlers.broadcast import progress_text  # the words live with the handlers

        progress_message: dict[str, Any] = {}

        async def report(progress: Progress) -> None:
            text = progress_text(lang, broadcast_id, progress)
            try:
                if "id" not in progress_message:
                    sent = await self.app.bot.send_message(chat_id, text)
                    progress_message["id"] = sent.message_id
                else:
                    await self.app.bot.edit_message_text(text, chat_id=chat_id,
                                                         message_id=progress_message["id"])
            except TelegramError as exc:  # progress is informative; delivery goes on
                log.warning("could not report broadcast progress: %s", exc)

        attachment = tuple(doc["audience"]["attachment"]) if doc["audience"].get(
            "attachment") else None
        progress = await self.runner.run(broadcast_id, doc["texts"],
                                         self.broadcasts.langs(broadcast_id), report,
                                         attachment=attachment)  # type: ignore[arg-type]
        self.broadcasts.set_status(broadcast_id, "done")  # visible at once to /broadcasts
        await self.broadcasts.flush(broadcast_id)
        return progress

    async def help(self, broadcast_id: str) -> None:
        """Send batches of a broadcast the leader reports on, until none is left to claim."""
        doc = self.broadcasts.get(broadcast_id)
        if doc is None or broadcast_id in self._helping or broadcast_id in self._running:
            return
        self._helping.add(broadcast_id)
        try:
            attachment = tuple(doc["audience"]["attachment"]) if doc["audience"].get(
                "attachment") else None
            await self.runner.run(broadcast_id, doc["texts"], self.broadcasts.langs(broadcast_id),
                                  attachment=attachment,  # type: ignore[arg-type]
                                  until_done=False)
        finally:
            self._helping.discard(broadcast_id)

    async def tick(self, context: Context | None = None) -> None:
        """Every few seconds with several instances: join the broadcasts going out (the
        leader to report on and finish them), and, leading, schedule those another
        instance was asked for."""
        jobs = self.app.job_queue
        for broadcast_id, status in await self.broadcasts.active():
            if status == "sending":
                if self.leading() and broadcast_id not in self._running:
                    self.app.create_task(self.deliver(broadcast_id),
                                         name=f"broadcast {broadcast_id}")
                elif not self.leading():
                    self.app.create_task(self.help(broadcast_id),
                                         name=f"broadcast {broadcast_id}")
            elif (self.leading() and jobs is not None
                  and not jobs.get_jobs_by_name(f"{JOB_PREFIX}{broadcast_id}")):
                doc = self.broadcasts.get(broadcast_id)
                if doc is not None and doc.get("send_at"):
                    self._schedule(broadcast_id, datetime.fromisoformat(doc["send_at"]))

    def resume_all(self, now: datetime) -> None:
        """After a restart: finish what was being sent, re-arm what was scheduled."""
        for doc in self.broadcasts.all():
            if doc["status"] == "sending" and doc["id"] not in self._running:
                self.app.create_task(self.deliver(doc["id"]), name=f"broadcast {doc['id']}")
            elif doc["status"] == "scheduled":
                self._schedule(doc["id"], datetime.fromisoformat(doc["send_at"]))
