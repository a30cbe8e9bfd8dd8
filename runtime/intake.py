"""How updates enter the bot: journaled before they are confirmed, bounded, and handled
concurrently across chats but in order within each chat.

``JournalingQueue`` is the Application's update queue. python-telegram-bot's
poller and its webhook server both ``await queue.put(update)`` before they
confirm the update to Telegram (the next ``getUpdates`` offset, the webhook's
200), so writing the update to the inbox inside ``put`` is what makes a kill at
any moment lose nothing. ``put`` also waits while ``bound`` updates are in hand:
a burst stays on Telegram's side instead of in memory.

``ChatOrderedProcessor`` lets updates of different chats run at the same time
(one slow fsync or reply no longer holds everyone up, and their settings
writes share one group commit) while one chat's updates run one after the
other, as its user sent them; it crosses each update off in the inbox when
handled, and drops the per-chat lock once nothing of that chat is waiting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from telegram import Bot, Update
from telegram.ext import BaseUpdateProcessor

from store.inbox import Inbox

if TYPE_CHECKING:
    from store.pg.inbox import PgInbox

log = logging.getLogger(__name__)

IN_HAND = 256  # updates queued or being handled before fetching waits
CONCURRENT = 32  # updates handled at the same time (across different chats)


class JournalingQueue(asyncio.Queue):  # type: ignore[type-arg]
    def __init__(self, inbox: Inbox | PgInbox, bound: int = IN_HAND) -> None:
        super().__init__()
        self.inbox = inbox
        self.bound = bound
        self.held = 0
        self._room = asyncio.Event()
        self._room.set()
        self.dropped_repeats = 0

    async def put(self, item: Any) -> None:
        if isinstance(item, Update):
            if self.inbox.seen(item.update_id):  # journaled before a restart, sent again
                self.dropped_repeats += 1
                return
            if not await asyncio.to_thread(self.inbox.journal, item.to_dict()):
                self.dropped_repeats += 1  # another instance has it
                return
            while self.held >= self.bound:
                self._room.clear()
                await self._room.wait()
        self.held += 1
        await super().put(item)

    def task_done(self) -> None:
        super().task_done()
        self.held = max(0, self.held - 1)
        if self.held < self.bound:
            self._room.set()

    def replay(self, bot: Bot, taken_over: list[dict[str, Any]] | None = None) -> int:
        """Queue the updates journaled but not handled before the last stop, oldest first
        (or ``taken_over``: those an instance that died left)."""
        pending = (sorted(self.inbox.pending.items()) if taken_over is None
                   else [(int(d["update_id"]), d) for d in taken_over])
        for _, data in pending:
            update = Update.de_json(data, bot)
            if update is not None:
                self.held += 1
                super().put_nowait(update)
        if pending:
            log.info("handling %d updates received before the last stop", len(pending))
        return len(pending)


def _chat_of(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


class ChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(self, inbox: Inbox | PgInbox,
                 max_concurrent_updates: int = CONCURRENT) -> None:
        super().__init__(max_concurrent_updates)
        self.inbox = inbox
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = _chat_of(update)
        try:
            if chat is None:
                await coroutine
                return
            lock = self._locks.setdefault(chat, asyncio.Lock())
            self._waiting[chat] = self._waiting.get(chat, 0) + 1
            try:
                async with lock:
                    await coroutine
            finally:
                self._waiting[chat] -= 1
                if not self._waiting[chat]:  # bounded: only chats with updates in hand
                    del self._waiting[chat], self._locks[chat]
        finally:
            if isinstance(update, Update):
                self.inbox.done(update.update_id)

    async def initialize(self) -> None:
        """Nothing to set up: the locks come and go with the chats' updates."""

    async def shutdown(self) -> None:
        """Nothing to release; what was not handled stays pending in the inbox."""
