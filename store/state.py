"""Durable user state: settings, feedback and unanswered questions.

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
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from store.files import MemoryFirstStorage, atomic_write
from store.users import User, record_update

SHARDS = 16
QUESTION_RETENTION = timedelta(days=180)


class StateStore:
    """Per-user settings and the coordinators' question journal."""

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

    def _open(self, name: str) -> TinyDB:
        return TinyDB(self.dir / name, storage=MemoryFirstStorage)

    def _shard(self, user_id: int) -> TinyDB:
        return self._users[user_id % SHARDS]

    # -- users ----------------------------------------------------------------

    def get_user(self, user_id: int) -> User | None:
        doc = self._shard(user_id).table("users").get(doc_id=user_id)
        return User.from_record(user_id, doc) if doc is not None else None

    def user(self, user_id: int) -> User:
        """The user's settings, the defaults for someone never seen."""
        return self.get_user(user_id) or User(user_id)

    def update_user(self, user_id: int, **changes: Any) -> User:
        """Change settings in memory; call ``commit()`` to make them durable."""
        fields = record_update(**changes)
        table = self._shard(user_id).table("users")
        current = table.get(doc_id=user_id)
        merged = {**(dict(current) if current else {}), **fields}
        if current is None:
            table.insert(Document(merged, doc_id=user_id))
        else:
            table.update(fields, doc_ids=[user_id])
        return User.from_record(user_id, merged)

    async def deactivate(self, user_id: int) -> None:
        """The user blocked the bot in their private chat: no reminders or broadcasts to
        them until they are reachable again (the only place that decides it)."""
        self.update_user(user_id, reachable=False)
        await self.commit()

    async def reactivate(self, user_id: int) -> bool:
        """The user is reachable again (wrote, pressed a button, unblocked): whether they
        were marked unreachable before."""
        user = self.get_user(user_id)
        if user is None or user.reachable:
            return False
        self.update_user(user_id, reachable=True)
        await self.commit()
        return True

    def forget_user(self, user_id: int) -> bool:
        table = self._shard(user_id).table("users")
        if table.get(doc_id=user_id) is None:
            return False
        table.remove(doc_ids=[user_id])
        return True

    def user_ids(self) -> Iterable[int]:
        for shard in self._users:
            for doc in shard.table("users").all():
                yield doc.doc_id

    def users(self) -> Iterable[User]:
        """Every user the bot knows, reachable or not."""
        for shard in self._users:
            for doc in shard.table("users").all():
                yield User.from_record(doc.doc_id, doc)

    # -- questions for coordinators ---------------------------------------------

    def record_question(self, kind: str, text: str, lang: str, at: datetime) -> None:
        """Store an unanswered question or a 👎 answer, with no user id."""
        if kind not in ("unanswered", "disliked"):
            raise ValueError(kind)
        self._questions.table("questions").insert(
            {"kind": kind, "text": text[:1000], "lang": lang, "at": at.isoformat()})

    def questions(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """Questions coordinators have not dealt with yet (attached or declined)."""
        docs = [dict(d) for d in self._questions.table("questions").all()
                if not d.get("resolved")]
        if since is not None:
            docs = [d for d in docs if datetime.fromisoformat(d["at"]) >= since]
        return docs

    def resolve_questions(self, texts: Iterable[str]) -> int:
        """Mark questions dealt with, so /unanswered no longer lists them."""
        wanted = set(texts)
        table = self._questions.table("questions")
        ids = [d.doc_id for d in table.all() if d["text"] in wanted and not d.get("resolved")]
        if ids:
            table.update({"resolved": True}, doc_ids=ids)
        return len(ids)

    def count(self, name: str) -> None:
        """Add one to a usage counter (answered, unknown, liked, disliked).

        In memory only: counters become durable with the next commit of anything
        (at the latest the 12-hourly housekeeping or shutdown); a crash may lose the
        counts since then, never a user's data.
        """
        table = self._counters.table("counters")
        current = table.get(doc_id=1)
        if current is None:
            table.insert(Document({name: 1}, doc_id=1))
        else:
            table.update({name: current.get(name, 0) + 1}, doc_ids=[1])

    def counters(self) -> dict[str, int]:
        doc = self._counters.table("counters").get(doc_id=1)
        return dict(doc) if doc else {}

    def prune_questions(self, now: datetime) -> int:
        cutoff = (now - QUESTION_RETENTION).isoformat()
        table = self._questions.table("questions")
        old = [d.doc_id for d in table.all() if d["at"] < cutoff]
        if old:
            table.remove(doc_ids=old)
        return len(old)

    # -- coordinators and the audit log ---------------------------------------------

    def coordinators(self) -> dict[int, dict[str, Any]]:
        return {d.doc_id: dict(d) for d in self._roles.table("coordinators").all()}

    def set_coordinator(self, user_id: int, on: bool, by: int, at: datetime) -> bool:
        """Grant or revoke the role; False when nothing changed."""
        table = self._roles.table("coordinators")
        present = table.get(doc_id=user_id) is not None
        if on and not present:
            table.insert(Document({"added_by": by, "at": at.isoformat()}, doc_id=user_id))
            return True
        if not on and present:
            table.remove(doc_ids=[user_id])
            return True
        return False

    def audit(self, who: int, what: str, at: datetime) -> None:
        """Append a coordinator action (who, what, when) to the audit log."""
        self._roles.table("audit").insert({"who": who, "what": what[:500], "at": at.isoformat()})

    def audit_log(self) -> list[dict[str, Any]]:
        return [dict(d) for d in self._roles.table("audit").all()]

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
