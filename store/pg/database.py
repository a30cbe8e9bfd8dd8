"""A PostgreSQL connection pool that works for both the event loop and plain threads.

The repositories keep the shape they have over files: reads from memory, changes
in memory, durability in an ``await``-able flush, plus a few synchronous writes
(opening, a fan-out's start, shutdown, scripts). asyncpg is asynchronous only, so
the pool lives on an event loop of its own, on a thread of its own: the bot's
loop awaits a database call as a future and keeps serving meanwhile; a script,
a worker thread or ``close()`` at shutdown waits for the same call synchronously.

asyncpg over psycopg 3: it is Apache-2.0 licensed (psycopg is LGPL-3.0, which
this project does not take), speaks the binary protocol, and ships a pool,
LISTEN/NOTIFY and COPY, which is all the store needs.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import asyncpg

from store.pg.migrations import migrate

_T = TypeVar("_T")


async def _init_connection(conn: asyncpg.Connection) -> None:
    for kind in ("json", "jsonb"):
        await conn.set_type_codec(kind, encoder=_dumps, decoder=json.loads, schema="pg_catalog")


async def _awaited(work: Awaitable[_T]) -> _T:
    return await work


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Database:
    """One pool on one database, for every repository of a process."""

    def __init__(self, url: str, *, max_size: int = 4) -> None:
        self.url = url
        self._loop = self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="database",
                                        daemon=True)
        self._thread.start()
        try:
            self.pool: asyncpg.Pool = self.run(self._open(max_size))
        except BaseException:
            self._stop()
            raise

    async def _open(self, max_size: int) -> asyncpg.Pool:
        # Made on the database's loop: a pool belongs to the loop it was created on.
        pool = await asyncpg.create_pool(self.url, min_size=1, max_size=max_size,
                                         init=_init_connection)
        async with pool.acquire() as conn:
            await migrate(conn)
        return pool

    def run(self, work: Awaitable[_T]) -> _T:
        """Run ``work`` on the database's loop and wait for it (never call from that loop)."""
        return asyncio.run_coroutine_threadsafe(_awaited(work), self._loop).result()

    async def call(self, work: Awaitable[_T]) -> _T:
        """Run ``work`` on the database's loop; the calling loop goes on meanwhile."""
        return await asyncio.wrap_future(
            asyncio.run_coroutine_threadsafe(_awaited(work), self._loop))

    def transact(self, body: Callable[[asyncpg.Connection], Awaitable[_T]]) -> Coroutine[
            Any, Any, _T]:
        """``body(conn)`` inside one transaction (committed when it returns), to pass to
        ``run`` or ``call``."""
        async def work() -> _T:
            async with self.pool.acquire() as conn, conn.transaction():
                return await body(conn)
        return work()

    def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        """Rows of one query, synchronously (for loading at start)."""
        return self.run(self.pool.fetch(query, *args))

    def execute(self, query: str, *args: Any) -> None:
        """One statement, committed, synchronously."""
        self.run(self.pool.execute(query, *args))

    def close(self) -> None:
        self.run(self.pool.close())
        self._stop()

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()
