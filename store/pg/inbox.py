"""The inbox of every instance in one table: updates journaled before they are confirmed,
recognised by ``update_id`` whichever instance Telegram (or a load balancer) gives them to.

As over the files (store.inbox): an update is written, and committed, before the
update queue accepts it (so before Telegram is told it arrived), and marked done
once handled. Two instances receiving one update (Telegram sending a webhook
again after a timeout) both try to insert it; one wins, the other drops it. An
instance that dies leaves its updates not done, owned by an instance no longer
alive: the leader takes them over (``take_over``) and handles them.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future
from datetime import timedelta
from typing import Any

from store.pg.database import Database

log = logging.getLogger(__name__)

KEEP_DONE = timedelta(days=2)  # long enough to recognise any update Telegram sends again


class PgInbox:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.owner: int | None = None  # this instance (store.pg.presence)
        self.pending: dict[int, dict[str, Any]] = {}  # (over files: the last run's; here
        # the leader takes over what dead instances left, see take_over)
        self._mine: set[int] = set()

    def seen(self, update_id: int) -> bool:
        """Journaled by this process already (the database decides for everyone else)."""
        return update_id in self._mine

    def journal(self, update: dict[str, Any]) -> bool:
        """Insert and commit one update (call off the event loop); False: some instance
        has it already, so this one must drop it."""
        update_id = int(update["update_id"])
        inserted = self._db.run(self._db.pool.fetchval(
            "INSERT INTO inbox (update_id, body, owner) VALUES ($1, $2, $3) "
            "ON CONFLICT (update_id) DO NOTHING RETURNING true", update_id, update, self.owner))
        if inserted:
            self._mine.add(update_id)
        return bool(inserted)

    def done(self, update_id: int) -> None:
        """Handled: marked without waiting (losing the mark only means handled once more)."""
        self._mine.discard(update_id)
        future = asyncio.run_coroutine_threadsafe(self._db.pool.execute(
            "UPDATE inbox SET done = true WHERE update_id = $1", update_id), self._db.loop)
        future.add_done_callback(_logged)

    async def take_over(self) -> list[dict[str, Any]]:
        """The updates instances no longer alive journaled and did not handle, now this
        instance's, oldest first."""
        rows = await self._db.call(self._db.pool.fetch(
            "UPDATE inbox SET owner = $1 WHERE NOT done AND (owner IS NULL OR "
            "owner <> ALL (live_instances())) AND owner IS DISTINCT FROM $1 "
            "RETURNING update_id, body", self.owner))
        for row in rows:
            self._mine.add(row["update_id"])
        return [row["body"] for row in sorted(rows, key=lambda r: r["update_id"])]

    async def prune(self) -> None:
        """Forget handled updates once Telegram can no longer send them again."""
        await self._db.call(self._db.pool.execute(
            "DELETE FROM inbox WHERE done AND at < now() - $1::interval", KEEP_DONE))

    def close(self) -> None:
        """Nothing to release: the pool is the database's."""


def _logged(future: Future[object]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("an update could not be marked handled: %s", future.exception())
