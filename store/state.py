"""Durable state: user settings, the question journal, roles, counters.

Layout under ``BOT_DATA_DIR``:

- ``users-00.json`` .. ``users-15.json``: hot per-user settings, sharded by
  user id so one write serialises a sixteenth of the users, not all of them;
- ``questions.json``: cold data for coordinators (unanswered questions and
  answers marked 👎), stored without any user id;
- ``counters.json``: usage counters for /stats;
- ``roles.json``: coordinators and the audit log.

Reads are served from memory. A write changes memory at once and is
*acknowledged* only when ``commit()`` returns, after the files holding it
were atomically replaced. Writes that arrive while a flush is running are
coalesced into the next flush, so many concurrent writers share one fsync.
All mutation happens on the caller's thread (the event loop); only the file
writes run in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

from tinydb import TinyDB

from store.counters import Counters
from store.files import MemoryFirstStorage, atomic_write
from store.question_journal import QuestionJournal
from store.roles import Roles
from store.users import Users

SHARDS = 16


class StateStore:
    """The documents under ``BOT_DATA_DIR`` and their durability (``commit``); read and
    change them through the repositories ``users``, ``questions``, ``roles``, ``counters``."""

    def __init__(self, data_dir: str | Path) -> None:
        self.dir = Path(data_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._users = [self._open(f"users-{i:02d}.json") for i in range(SHARDS)]
        self._questions = self._open("questions.json")
        self._roles = self._open("roles.json")
        # Counted on every question: a small file of its own, so counting never rewrites
        # the question journal.
        self._counters = self._open("counters.json")
        self._io_lock = threading.Lock()  # one writer of files at a time
        self._next: asyncio.Future[None] | None = None
        self._flusher: asyncio.Task[None] | None = None
        # The repositories over these documents; this class owns only their durability.
        self.users = Users(self._users, self.commit)
        self.questions = QuestionJournal(self._questions)
        self.roles = Roles(self._roles)
        self.counters = Counters(self._counters)

    def _open(self, name: str) -> TinyDB:
        return TinyDB(self.dir / name, storage=MemoryFirstStorage)

    # -- durability -------------------------------------------------------------

    def _snapshots(self) -> list[tuple[MemoryFirstStorage, bytes]]:
        out = []
        for db in (*self._users, self._questions, self._roles, self._counters):
            storage: MemoryFirstStorage = db.storage  # type: ignore[assignment]
            payload = storage.snapshot()
            if payload is not None:
                out.append((storage, payload))
        return out

    def _write(self, snapshots: list[tuple[MemoryFirstStorage, bytes]]) -> None:
        with self._io_lock:
            try:
                for storage, payload in snapshots:
                    atomic_write(storage.path, payload)
            except OSError:
                for storage, _ in snapshots:  # not durable: the next flush writes them again
                    storage.dirty = True
                raise

    def flush_sync(self) -> None:
        """Make every change so far durable (for scripts, tests and shutdown)."""
        self._write(self._snapshots())

    async def commit(self) -> None:
        """Return once every change made before this call is on disk.

        Callers arriving during a flush join the next one: one fsync serves
        them all.
        """
        loop = asyncio.get_running_loop()
        if self._next is None:
            self._next = loop.create_future()
            if self._flusher is None:
                self._flusher = loop.create_task(self._flush_loop())
        await asyncio.shield(self._next)

    def commit_soon(self) -> None:
        """Schedule a flush without waiting for it (for data nobody is waiting on)."""
        loop = asyncio.get_running_loop()
        if self._next is None:
            self._next = loop.create_future()
            self._next.add_done_callback(_log_failure)
            if self._flusher is None:
                self._flusher = loop.create_task(self._flush_loop())

    async def _flush_loop(self) -> None:
        try:
            while self._next is not None:
                waiter, self._next = self._next, None
                try:
                    await asyncio.to_thread(self._write, self._snapshots())
                except Exception as exc:  # the waiters get it: their write is not durable
                    waiter.set_exception(exc)
                else:
                    waiter.set_result(None)
        finally:
            self._flusher = None

    def close(self) -> None:
        """Flush what is left (pending background flushes included) and release the files."""
        self.flush_sync()
        for db in (*self._users, self._questions, self._roles, self._counters):
            db.close()


def _log_failure(future: asyncio.Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        logging.getLogger(__name__).error("state flush failed; it will be retried",
                                          exc_info=future.exception())
