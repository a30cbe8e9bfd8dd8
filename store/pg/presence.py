"""This process among the bot's instances on one database: its number, whether it leads.

Each instance keeps one connection of its own (not from the pool) holding an
advisory lock on its instance number; the instance that also holds the leader
lock runs what must run once (the reminder planner, scheduled broadcasts, feed
polling, housekeeping, long polling). PostgreSQL releases both locks the moment
that connection ends: a killed process's at once, a vanished machine's after
the TCP keepalives below give up (about 10 s). The others try the leader lock
every ``every`` seconds, so one of them takes over within seconds.

An instance whose presence connection breaks while it keeps running is, to the
others, dead: its claims may be taken. It therefore steps down at once and comes
back, once it can reach the database again, as a new instance.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime
from typing import Any

import asyncpg

from store.pg.database import Database
from store.pg.migrations import INSTANCE_LOCKS, LEADER_LOCK
from store.pg.state import CHANNEL

log = logging.getLogger(__name__)

# A silent peer (a machine gone, a cable pulled) is noticed by the server after
# idle + interval × count seconds, and its locks are released.
KEEPALIVES = {"tcp_keepalives_idle": "4", "tcp_keepalives_interval": "2",
              "tcp_keepalives_count": "3"}


class Presence:
    """``on_change(instance_id, leading)`` runs on the caller's loop whenever either changes
    (``instance_id`` None: not registered right now)."""

    def __init__(self, db: Database, on_change: Callable[[int | None, bool], None], *,
                 every: float = 1.0,
                 on_notice: Callable[[dict[str, Any]], None] | None = None) -> None:
        self._db = db
        self._on_change = on_change
        # What other instances say they changed (store.pg.state.notices), on the caller's
        # loop; heard on the same connection, so only while this instance is registered.
        self._on_notice = on_notice
        self.every = every
        self.instance_id: int | None = None
        self.leading = False
        self._task: concurrent.futures.Future[None] | None = None
        self._caller: asyncio.AbstractEventLoop | None = None
        self._stopping = False
        self._wake = asyncio.Event()  # set by stop(): (waited on the database's loop)

    @property
    def started(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        """Begin (from the bot's event loop): register, then try to lead, over and over."""
        self._caller = asyncio.get_running_loop()
        self._task = asyncio.run_coroutine_threadsafe(self._run(), self._db.loop)

    def stop(self) -> None:
        """Step down and leave (the locks go with the connection), once the connection is
        closed: the database's loop must not be left with a half-closed one."""
        self._stopping = True
        if self._task is not None:
            self._db.loop.call_soon_threadsafe(self._wake.set)
            with contextlib.suppress(BaseException):
                self._task.result(timeout=10)
        self._task = None

    async def _pause(self) -> None:
        """``every`` seconds, or less if ``stop`` is called meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), self.every)

    async def last_led(self) -> datetime | None:
        """When an instance other than this one last led: the end of the time no leader
        ran the reminders (the files' heartbeat, for several instances)."""
        return await self._db.call(self._db.pool.fetchval(
            "SELECT max(led) FROM instances WHERE id IS DISTINCT FROM $1", self.instance_id))

    def _heard(self, conn: object, pid: int, channel: str, payload: str) -> None:
        try:
            notice = json.loads(payload)
        except ValueError:
            return
        if notice.get("from") == self.instance_id or self._on_notice is None:
            return  # (this instance's own)
        if self._caller is not None and not self._caller.is_closed():
            self._caller.call_soon_threadsafe(self._on_notice, notice)

    def _tell(self) -> None:
        if self._caller is not None and not self._caller.is_closed():
            self._caller.call_soon_threadsafe(self._on_change, self.instance_id, self.leading)

    async def _run(self) -> None:
        while not self._stopping:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(self._db.url, server_settings=KEEPALIVES)
                if self._on_notice is not None:
                    await conn.add_listener(CHANNEL, self._heard)
                self.instance_id = await conn.fetchval(
                    "INSERT INTO instances (host, pid) VALUES ($1, $2) RETURNING id",
                    socket.gethostname(), os.getpid())
                await conn.execute("SELECT pg_advisory_lock($1, $2)", INSTANCE_LOCKS,
                                   self.instance_id)
                log.info("instance %d registered", self.instance_id)
                self._tell()
                while not self._stopping:
                    if not self.leading:
                        if await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)",
                                               *LEADER_LOCK):
                            self.leading = True
                            await conn.execute("UPDATE instances SET led = now() WHERE id = $1",
                                               self.instance_id)
                            log.info("instance %d leads", self.instance_id)
                            self._tell()
                    else:  # still connected, so still leading; when, for the next leader
                        await conn.execute("UPDATE instances SET led = now() WHERE id = $1",
                                           self.instance_id)
                    await self._pause()
            except asyncio.CancelledError:
                raise
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("instance %s lost the database (%s); stepping down",
                            self.instance_id, exc)
            finally:
                was = (self.instance_id, self.leading)
                self.instance_id, self.leading = None, False
                if was != (None, False) and not self._stopping:  # (an orderly stop: no news)
                    self._tell()
                if conn is not None:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(conn.close(), 2)
            if not self._stopping:
                await self._pause()
