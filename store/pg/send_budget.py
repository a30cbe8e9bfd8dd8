"""One send budget for every instance: Telegram's 30 messages per second are the bot's,
not each process's.

The budget is a clock in one row (a generic cell rate algorithm): ``tat`` is when the
next message may go. Taking a message moves it on by one interval, from now or from
where it stood, and tells the taker how long to wait for its turn, so the instances'
messages interleave at the overall rate whoever sends them. A reply someone else sent
(``spend``) moves the clock without waiting, so reminders and broadcasts on every
instance slow down by as much; Telegram's "retry after" pauses everyone (``pause``).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future

from store.pg.database import Database

log = logging.getLogger(__name__)

_TAKE = """
UPDATE send_budget SET tat = greatest(tat, clock_timestamp()) + $1 * interval '1 second'
WHERE id = 1
RETURNING extract(epoch FROM tat - $1 * interval '1 second' - clock_timestamp())::float8"""


class PgSendBudget:
    def __init__(self, db: Database, per_second: float, *, margin: float = 0.95) -> None:
        self._db = db
        self.interval = 1.0 / (per_second * margin)

    async def take(self) -> float:
        """Reserve the next message's turn: seconds to wait for it (0 when it is now)."""
        wait = await self._db.call(self._db.pool.fetchval(_TAKE, self.interval))
        return max(0.0, float(wait))

    def spend(self, messages: float = 1.0) -> None:
        """Messages sent outside the sender (replies): on the clock, without waiting."""
        future = asyncio.run_coroutine_threadsafe(
            self._db.pool.fetchval(_TAKE, self.interval * messages), self._db.loop)
        future.add_done_callback(_logged)

    async def pause(self, seconds: float) -> None:
        """Telegram asked to wait: nobody sends for ``seconds``."""
        await self._db.call(self._db.pool.execute(
            "UPDATE send_budget SET tat = greatest(tat, clock_timestamp() + $1 * "
            "interval '1 second') WHERE id = 1", seconds))


def _logged(future: Future[object]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("a reply was not counted in the shared send budget: %s",
                    future.exception())
