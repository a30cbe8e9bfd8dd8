"""Durable state: user settings, the question journal, roles, counters.

Layout under ``BOT_DATA_DIR``:

- ``users-00.json`` .. ``users-15.json``: per-user settings, sharded by user
  id, as of the last compaction;
- ``users.log``: every settings change since then, one line per change holding
  the user's whole record, appended and fsynced by the flush that acknowledges
  it and applied over the shards at start-up. A click costs one short append
  however many users there are; the shards are rewritten (and the log emptied)
  once it passes ``COMPACT_BYTES``, after a /forget, and on close;
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
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from tinydb import TinyDB

from store.counters import Counters
from store.files import MemoryFirstStorage, atomic_write, read_journal
from store.group_commit import GroupCommit
from store.question_journal import QuestionJournal
from store.roles import Roles
from store.users import Users

SHARDS = 16
COMPACT_BYTES = 8 * 1024 * 1024  # about 50,000 settings changes
USERS_LOG = "users.log"


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
        self._group = GroupCommit(self._flush)
        # The repositories over these documents; this class owns only their durability.
        self.users = Users(self._users, self.commit)
        self.questions = QuestionJournal(self._questions)
        self.roles = Roles(self._roles)
        self.counters = Counters(self._counters)
        self._log = self.dir / USERS_LOG
        self._log_bytes = 0
        if self._log.exists():
            logged = read_journal(self._log)
            self._log_bytes = len(logged)
            self.users.replay(logged.splitlines())
        self.users.share_texts()

    def _open(self, name: str) -> TinyDB:
        return TinyDB(self.dir / name, storage=MemoryFirstStorage)

    # -- durability -------------------------------------------------------------

    @staticmethod
    def _snapshot(db: TinyDB) -> tuple[MemoryFirstStorage, bytes] | None:
        storage: MemoryFirstStorage = db.storage  # type: ignore[assignment]
        payload = storage.snapshot()
        return None if payload is None else (storage, payload)

    def _small_snapshots(self) -> list[tuple[MemoryFirstStorage, bytes]]:
        """The documents rewritten whole on every flush: small ones."""
        return [snap for db in (self._questions, self._roles, self._counters)
                if (snap := self._snapshot(db)) is not None]

    def _compact_due(self) -> bool:
        return self.users.compact_soon or self._log_bytes >= COMPACT_BYTES

    def _write(self, lines: list[bytes], snapshots: list[tuple[MemoryFirstStorage, bytes]],
               compact: bool) -> None:
        """Append the users' changes, replace the documents; after a compaction (the
        shards are among ``snapshots``), empty the log they now hold."""
        with self._io_lock:
            if lines:
                with open(self._log, "ab") as fh:
                    fh.write(b"".join(lines))
                    fh.flush()
                    os.fsync(fh.fileno())
                self._log_bytes += sum(len(line) for line in lines)
            for storage, payload in snapshots:
                atomic_write(storage.path, payload)
            if compact:
                with open(self._log, "wb") as fh:
                    os.fsync(fh.fileno())
                self._log_bytes = 0

    def _failed(self, lines: list[bytes],
                snapshots: list[tuple[MemoryFirstStorage, bytes]]) -> None:
        """Not durable: the next flush writes all of it again."""
        self.users.give_back(lines)
        for storage, _ in snapshots:
            storage.dirty = True

    def _take(self, compact: bool) -> tuple[list[bytes], list[tuple[MemoryFirstStorage, bytes]]]:
        """What a flush writes besides the shards: the users' new lines, the small
        documents."""
        if compact:
            self.users.compact_soon = False
        return self.users.take_pending(), self._small_snapshots()

    def _shard_snapshots(self) -> Iterator[tuple[MemoryFirstStorage, bytes]]:
        """The changed shards, serialised one at a time (for a compaction)."""
        for db in self._users:
            snap = self._snapshot(db)
            if snap is not None:
                yield snap

    def _flush_now(self, compact: bool) -> None:
        lines, snapshots = self._take(compact)
        if compact:
            snapshots.extend(self._shard_snapshots())
        try:
            self._write(lines, snapshots, compact)
        except OSError:
            self._failed(lines, snapshots)
            raise

    def flush_sync(self) -> None:
        """Make every change so far durable (for scripts, tests and shutdown)."""
        self._flush_now(self._compact_due())

    async def commit(self) -> None:
        """Return once every change made before this call is on disk (one fsync serves
        every caller that arrived during the previous flush)."""
        await self._group.commit()

    def commit_soon(self) -> None:
        """Schedule a flush without waiting for it (for data nobody is waiting on)."""
        self._group.commit_soon()

    async def _flush(self) -> None:
        compact = self._compact_due()
        lines, snapshots = self._take(compact)
        if compact:
            # Serialised on the loop (where the records change), one shard at a
            # time with the loop free in between: a few ms each, not 200 ms in
            # one piece. Changes made meanwhile are in both the shards and the
            # next flush's lines, which is harmless: a line is a whole record.
            for snap in self._shard_snapshots():
                snapshots.append(snap)
                await asyncio.sleep(0)
        try:
            await asyncio.to_thread(self._write, lines, snapshots, compact)
        except Exception:
            self._failed(lines, snapshots)
            raise

    def close(self) -> None:
        """Flush what is left (pending background flushes included), compacted, and release
        the files."""
        self._flush_now(compact=True)
        for db in (*self._users, self._questions, self._roles, self._counters):
            db.close()

