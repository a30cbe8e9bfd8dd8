"""This process as one of several instances of the bot on one PostgreSQL database.

Presence (store.pg.presence) says who this instance is and whether it leads; this
class turns that into what the running bot does: its claims and notices carry its
instance number; taking the lead, it reads what the others changed, takes over the
updates a dead instance left, and starts what only the leader runs (``lead``);
losing its place, it stops the bot so that its supervisor starts it again as a new
instance. What other instances say they changed is read again here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from telegram.ext import Application

from content.live import LiveContent
from handlers.presence import ALLOWED_UPDATES
from handlers.services import Context
from runtime.broadcast_jobs import BroadcastService
from runtime.intake import JournalingQueue
from store.backend import Stores
from store.pg.presence import Presence

log = logging.getLogger(__name__)

TICK = timedelta(seconds=2)  # how often an instance looks for work the instances share

Lead = Callable[[datetime | None, list[dict[str, Any]] | None], Awaitable[None]]


class InstanceRole:
    def __init__(self, app: Application, stores: Stores,  # type: ignore[type-arg]
                 intake: JournalingQueue, live: LiveContent, broadcasts: BroadcastService,
                 *, lead: Lead,
                 publish: Callable[[], Awaitable[None]], poll: bool) -> None:
        self.app = app
        self.stores = stores
        self.intake = intake
        self.live = live
        self.broadcasts = broadcasts
        self._lead = lead  # what only the leader runs, from when the bot was last led
        self._publish = publish
        self._poll = poll  # long polling: only the leader may poll the token
        self.instance: int | None = None
        self.leading = False
        self.presence = Presence(stores.database, self._changed,
                                 on_notice=lambda notice: app.create_task(self._follow(notice)))

    def leads(self) -> bool:
        """This process leads (or, in a test that never starts presence, is alone)."""
        return not self.presence.started or self.leading

    def start(self) -> None:
        """Register among the instances, and join the broadcasts going out every ``TICK``
        (the leader also to report on them and to schedule those others were asked for)."""
        self.presence.start()
        self._every_tick(self.broadcasts.tick, "broadcasts-tick")

    def _every_tick(self, job: Callable[[Context], Awaitable[None]], name: str) -> None:
        assert self.app.job_queue is not None
        self.app.job_queue.run_repeating(job, interval=TICK, first=TICK, name=name,
                                         job_kwargs={"misfire_grace_time": None,
                                                     "coalesce": True})

    def stop(self) -> None:
        self.presence.stop()

    def _changed(self, instance_id: int | None, leading: bool) -> None:
        stores = self.stores
        stores.broadcasts.claimer = stores.ledger.claimer = stores.inbox.owner = instance_id
        stores.state.instance = stores.edits.instance = instance_id
        was_instance, was_leading = self.instance, self.leading
        self.instance, self.leading = instance_id, leading
        if was_instance is not None and (instance_id != was_instance
                                         or (was_leading and not leading)):
            # The others may already have taken this instance's claims or the lead: it
            # can no longer be sure it is alone in what it does. Stop; the supervisor
            # starts it again as a new instance.
            log.error("instance %s lost its place among the instances; stopping",
                      was_instance)
            self.app.bot_data["fenced"] = True
            self.app.stop_running()
            return
        if leading and not was_leading:
            self.app.create_task(self._become_leader(), name="become leader")

    async def _become_leader(self) -> None:
        """This instance took the lead: read what the others changed, then lead."""
        stores = self.stores
        await stores.state.reload()
        await stores.ledger.reload()
        await stores.broadcasts.reload()
        await self._lead(await self.presence.last_led(), await stores.inbox.take_over())
        await self._publish()
        self._every_tick(self._take_over_updates, "inbox-take-over")
        if self._poll and self.app.updater is not None:
            await self.app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        self.app.bot_data["leading"] = True  # (and everything a leader does is under way)

    async def _take_over_updates(self, context: Context) -> None:
        """Updates an instance that died had journaled and not handled: handled here."""
        taken = await self.stores.inbox.take_over()
        if taken:
            self.intake.replay(self.app.bot, taken)

    async def _follow(self, notice: dict[str, Any]) -> None:
        """Another instance changed users, roles or the chat edits: read them again (the
        reminder index follows each user; new chat edits swap the content)."""
        await self.stores.state.follow(notice)
        if notice.get("overlay"):
            await asyncio.to_thread(self.stores.edits.read_again)
            await self.live.reload()
