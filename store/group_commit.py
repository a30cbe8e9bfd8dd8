"""Group commit: many writers waiting on one flush instead of one flush each.

A write changes memory at once and is acknowledged when ``commit()`` returns,
after a flush that began after the write. Callers arriving while a flush runs
share the next one, so a burst of clicks costs one fsync (files) or one
transaction (PostgreSQL), not one per click.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable


class GroupCommit:
    def __init__(self, flush: Callable[[], Awaitable[None]]) -> None:
        self._flush = flush  # writes everything changed so far; raises if it could not
        self._next: asyncio.Future[None] | None = None
        self._flusher: asyncio.Task[None] | None = None

    async def commit(self) -> None:
        """Return once every change made before this call is durable."""
        await asyncio.shield(self._request())

    def commit_soon(self) -> None:
        """Schedule a flush without waiting for it (for data nobody is waiting on)."""
        if self._next is None:
            self._request().add_done_callback(_log_failure)

    def _request(self) -> asyncio.Future[None]:
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
            if self._flusher is None:
                self._flusher = asyncio.get_running_loop().create_task(self._loop())
        return self._next

    async def _loop(self) -> None:
        try:
            while self._next is not None:
                waiter, self._next = self._next, None
                try:
                    await self._flush()
                except Exception as exc:  # the waiters get it: their write is not durable
                    waiter.set_exception(exc)
                else:
                    waiter.set_result(None)
        finally:
            self._flusher = None


def _log_failure(future: asyncio.Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        logging.getLogger(__name__).error("state flush failed; it will be retried",
                                          exc_info=future.exception())
