"""Broadcast persistence: the broadcast written once, every delivery appended.

``<data>/broadcasts/<id>.json`` holds the broadcast as created (author, texts,
audience, schedule, every recipient with their language and first state); it is
written atomically once, and again only when /forget removes someone from it.
``<id>.log`` is a journal of what changed since: one JSON line per recipient
state (``[user id, state]``) or status (``{"status": …}``), appended and fsynced
once per batch. A broadcast to n people therefore writes O(n) bytes in all,
however many batches it takes; after a crash the journal is replayed over the
file (a line cut short by the crash was never acknowledged, and is skipped), so
an unfinished broadcast resumes with exactly the recipients not yet sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from store.files import atomic_write, read_journal

STATUSES = ("scheduled", "sending", "done", "cancelled")
PENDING, INFLIGHT = "pending", "inflight"  # (the delivery states: scheduler.broadcast_delivery)


class BroadcastDocs:
    """The broadcasts as read into memory, and what is read from them: the same over
    files and over PostgreSQL (each store keeps ``_docs`` current its own way)."""

    _docs: dict[str, dict[str, Any]]

    def get(self, broadcast_id: str) -> dict[str, Any] | None:
        return self._docs.get(broadcast_id)

    def all(self) -> list[dict[str, Any]]:
        return sorted(self._docs.values(), key=lambda d: d["created"], reverse=True)

    def langs(self, broadcast_id: str) -> dict[int, str]:
        return {int(k): v for k, v in self._docs[broadcast_id]["langs"].items()}

    def deliveries_of(self, user_id: int) -> list[dict[str, Any]]:
        """Every broadcast addressed to the user and how far it got (for /mydata)."""
        return [{"broadcast": doc["id"], "created": doc["created"],
                 "state": doc["recipients"][user_id]}
                for doc in self.all() if user_id in doc["recipients"]]

    def states(self, broadcast_id: str) -> dict[int, str]:
        return dict(self._docs[broadcast_id]["recipients"])


class FileBroadcastStore(BroadcastDocs):
    def __init__(self, data_dir: str | Path) -> None:
        self.dir = Path(data_dir) / "broadcasts"
        self.dir.mkdir(parents=True, exist_ok=True)
        self._io = threading.Lock()
        self._docs: dict[str, dict[str, Any]] = {}
        self._pending: dict[str, list[bytes]] = {}  # journal lines not yet on disk
        # Per broadcast, the recipients this process may still claim, in claiming order
        # (built at the first claim): in flight when the last process stopped, then pending.
        self._queue: dict[str, list[int]] = {}
        self._claimed: dict[str, set[int]] = {}  # claimed by this process: not orphans
        for file in sorted(self.dir.glob("*.json")):
            with open(file, encoding="utf-8") as fh:
                doc = json.load(fh)
            doc["recipients"] = {int(k): v for k, v in doc["recipients"].items()}
            self._replay(doc, file.with_suffix(".log"))
            self._docs[doc["id"]] = doc
        for stale in self.dir.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    @staticmethod
    def _replay(doc: dict[str, Any], journal: Path) -> None:
        if not journal.exists():
            return
        recipients = doc["recipients"]
        for line in read_journal(journal).splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # the tail of a write the crash cut short
            if isinstance(entry, dict):
                doc["status"] = entry.get("status", doc["status"])
            elif isinstance(entry, list) and len(entry) == 2 and entry[0] in recipients:
                # (someone /forget removed from the file stays removed)
                recipients[entry[0]] = entry[1]

    def create(self, broadcast_id: str, *, by: int, texts: dict[str, str],
               audience: dict[str, Any], recipients: dict[int, str], langs: dict[int, str],
               status: str, at: datetime, send_at: datetime | None = None) -> None:
        """A new broadcast with every recipient pending (``recipients``: id -> state)."""
        if status not in STATUSES:
            raise ValueError(status)
        self._docs[broadcast_id] = {
            "id": broadcast_id, "by": by, "texts": texts, "audience": audience,
            "status": status, "created": at.isoformat(),
            "send_at": send_at.isoformat() if send_at else None,
            "recipients": dict(recipients), "langs": {str(k): v for k, v in langs.items()},
        }
        self._rewrite(broadcast_id)

    def set_status(self, broadcast_id: str, status: str) -> None:
        """Change the status in memory at once; ``flush`` persists it."""
        if status not in STATUSES:
            raise ValueError(status)
        self._docs[broadcast_id]["status"] = status
        self._pending.setdefault(broadcast_id, []).append(
            json.dumps({"status": status}).encode() + b"\n")

    def forget_user(self, user_id: int) -> None:
        """Remove a user from every broadcast's recipients, on disk too (for /forget)."""
        for broadcast_id, doc in self._docs.items():
            if user_id in doc["recipients"]:
                del doc["recipients"][user_id]
                doc["langs"].pop(str(user_id), None)
                self._pending.pop(broadcast_id, None)  # folded into the file below
                self._rewrite(broadcast_id)

    # -- the runner's store protocol -------------------------------------------------

    def set_state(self, broadcast_id: str, user_id: int, state: str) -> None:
        self._docs[broadcast_id]["recipients"][user_id] = state
        self._pending.setdefault(broadcast_id, []).append(
            f"[{int(user_id)},{json.dumps(state)}]\n".encode())

    async def claim(self, broadcast_id: str, n: int) -> list[tuple[int, bool]]:
        """Up to ``n`` recipients to send to next, marked in flight durably before any of
        them is sent: ``(user, in flight before)``, the latter True for those a stopped
        process may have sent to already. One process owns the files, so what is in
        flight and not claimed by this process was left by the last one."""
        recipients = self._docs[broadcast_id]["recipients"]
        mine = self._claimed.setdefault(broadcast_id, set())
        queue = self._queue.get(broadcast_id)
        if queue is None:
            orphans = sorted(u for u, s in recipients.items() if s == INFLIGHT and u not in mine)
            pending = sorted(u for u, s in recipients.items() if s == PENDING)
            queue = self._queue[broadcast_id] = (orphans + pending)[::-1]  # popped from the end
        claimed: list[tuple[int, bool]] = []
        while queue and len(claimed) < n:
            user = queue.pop()
            state = recipients.get(user)
            if state == PENDING or (state == INFLIGHT and user not in mine):
                claimed.append((user, state == INFLIGHT))
                mine.add(user)
                self.set_state(broadcast_id, user, INFLIGHT)
        if claimed:
            await self.flush(broadcast_id)
        return claimed

    async def active(self) -> list[tuple[str, str]]:
        """``(id, status)`` of the broadcasts scheduled or going out."""
        return sorted((d["id"], d["status"]) for d in self._docs.values()
                      if d["status"] in ("scheduled", "sending"))

    async def tally(self, broadcast_id: str) -> Counter[str]:
        """How many recipients are in each state (those in flight counted as pending)."""
        return Counter(PENDING if s == INFLIGHT else s
                       for s in self._docs[broadcast_id]["recipients"].values())

    async def flush(self, broadcast_id: str) -> None:
        """Append what changed since the last flush to the journal, durably."""
        lines = self._pending.pop(broadcast_id, None)
        if not lines:
            return
        try:
            await asyncio.to_thread(self._append, broadcast_id, b"".join(lines))
        except OSError:
            self._pending.setdefault(broadcast_id, [])[:0] = lines  # retried next flush
            raise

    def flush_sync(self) -> None:
        for broadcast_id in list(self._pending):
            self._append(broadcast_id, b"".join(self._pending.pop(broadcast_id)))

    # -- files ---------------------------------------------------------------------

    def _append(self, broadcast_id: str, payload: bytes) -> None:
        with self._io, open(self.dir / f"{broadcast_id}.log", "ab") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())

    def _rewrite(self, broadcast_id: str) -> None:
        """The whole broadcast as it is now, atomically; its journal is then folded in."""
        doc = self._docs[broadcast_id]
        payload = json.dumps({**doc, "recipients": {str(k): v for k, v in
                                                    doc["recipients"].items()}},
                             ensure_ascii=False, separators=(",", ":")).encode()
        with self._io:
            atomic_write(self.dir / f"{broadcast_id}.json", payload)
            with contextlib.suppress(FileNotFoundError):
                (self.dir / f"{broadcast_id}.log").unlink()
