"""The reminder ledger: who was sent which reminder, durable and small.

One JSON file per event occurrence under ``<data>/ledger/`` maps each slot
key to the users already reminded. Recording is in memory; ``flush()``
atomically rewrites only the files that changed (one write per batch of
sends, see scheduler.reminders). Files of occurrences that have ended are
deleted by ``prune``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import threading
from datetime import datetime
from pathlib import Path

from scheduler.ledger_keys import LedgerKey
from store.files import atomic_write


def _shard_name(occurrence_id: str) -> str:
    return hashlib.sha1(occurrence_id.encode(), usedforsecurity=False).hexdigest()[:16] + ".json"


class FileLedger:
    def __init__(self, data_dir: str | Path) -> None:
        self.dir = Path(data_dir) / "ledger"
        self.dir.mkdir(parents=True, exist_ok=True)
        # occurrence id -> {"expires": iso, "keys": {slot key: [user ids]}}
        self._shards: dict[str, dict] = {}
        self._sets: dict[str, set[int]] = {}  # slot key -> users, for O(1) checks
        self._dirty: set[str] = set()
        self._io = threading.Lock()
        for file in self.dir.glob("*.json"):
            with open(file, encoding="utf-8") as fh:
                shard = json.load(fh)
            self._shards[shard["occurrence"]] = shard
            for key, users in shard["keys"].items():
                self._sets[key] = set(users)
        for stale in self.dir.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        # Fan-outs begun and not finished (slot key -> expiry): a kill in the middle of
        # one leaves it here, and the next start resumes it, whenever it came due.
        self._open_path = self.dir / "open_slots.state"
        self._open: dict[str, str] = (json.loads(self._open_path.read_text("utf-8"))
                                      if self._open_path.exists() else {})

    def begin(self, key: str, expires: datetime) -> None:
        """A fan-out for ``key`` starts: durable before its first message goes out."""
        if key not in self._open:
            self._open[key] = expires.isoformat()
            self._save_open()

    def end(self, key: str) -> None:
        """Everyone the fan-out was for is served (or gone): nothing to resume."""
        if self._open.pop(key, None) is not None:
            self._save_open()

    def open_keys(self) -> set[str]:
        return set(self._open)

    def _save_open(self) -> None:
        with self._io:
            atomic_write(self._open_path, json.dumps(self._open).encode())

    @staticmethod
    def _occurrence(key: str) -> str:
        return LedgerKey.from_key(key).occurrence

    def sent(self, key: str, user_id: int) -> bool:
        return user_id in self._sets.get(key, ())

    async def claim(self, key: str, users: list[int], expires: datetime) -> set[int]:
        """Those of ``users`` not sent ``key`` yet (one process owns the files: nobody
        else can be sending it)."""
        return {u for u in users if not self.sent(key, u)}

    def record(self, key: str, user_id: int, expires: datetime) -> None:
        occ = self._occurrence(key)
        shard = self._shards.setdefault(occ, {"occurrence": occ, "expires": expires.isoformat(),
                                              "keys": {}})
        shard["expires"] = max(shard["expires"], expires.isoformat())
        users = self._sets.setdefault(key, set())
        if user_id not in users:
            users.add(user_id)
            shard["keys"].setdefault(key, []).append(user_id)
            self._dirty.add(occ)

    def reminded(self, occurrence_id: str) -> set[int]:
        shard = self._shards.get(occurrence_id)
        if shard is None:
            return set()
        return {u for key, users in shard["keys"].items()
                if LedgerKey.from_key(key).is_reminder for u in users}

    def sent_to(self, user_id: int) -> list[str]:
        """The reminders the user was sent (slot keys), for /mydata."""
        return sorted(key for shard in self._shards.values()
                      for key, users in shard["keys"].items() if user_id in users)

    def forget_user(self, user_id: int) -> None:
        for occ, shard in self._shards.items():
            for key, users in shard["keys"].items():
                if user_id in users:
                    users.remove(user_id)
                    self._sets[key].discard(user_id)
                    self._dirty.add(occ)

    def _snapshot(self) -> list[tuple[str, bytes | None]]:
        """(occurrence id, file content or None to delete) for every changed occurrence."""
        out = []
        for occ in sorted(self._dirty):
            shard = self._shards.get(occ)
            payload = None if shard is None else json.dumps(shard, separators=(",", ":")).encode()
            out.append((occ, payload))
        self._dirty.clear()
        return out

    def _write(self, snapshot: list[tuple[str, bytes | None]]) -> None:
        with self._io:
            for occ, payload in snapshot:
                path = self.dir / _shard_name(occ)
                if payload is None:
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
                else:
                    atomic_write(path, payload)

    async def flush(self) -> None:
        """Make every recorded send durable: one atomic write per changed occurrence."""
        snapshot = self._snapshot()
        if not snapshot:
            return
        try:
            await asyncio.to_thread(self._write, snapshot)
        except OSError:
            self._dirty.update(occ for occ, _ in snapshot)  # written again by the next flush
            raise

    def flush_sync(self) -> None:
        self._write(self._snapshot())

    def prune(self, now: datetime) -> int:
        """Forget occurrences that have ended: their reminders can never be due again."""
        expired = [k for k, at in self._open.items() if datetime.fromisoformat(at) < now]
        for key in expired:
            del self._open[key]
        if expired:
            self._save_open()
        ended = [occ for occ, shard in self._shards.items()
                 if datetime.fromisoformat(shard["expires"]) < now]
        for occ in ended:
            for key in self._shards.pop(occ)["keys"]:
                self._sets.pop(key, None)
            self._dirty.add(occ)
        return len(ended)

    def rows(self) -> list[tuple[str, int, str, datetime]]:
        """(slot key, user, occurrence, expiry) for every reminder sent (for copying)."""
        return [(key, user, occ, datetime.fromisoformat(shard["expires"]))
                for occ, shard in self._shards.items()
                for key, users in shard["keys"].items() for user in users]

    def open_slots(self) -> dict[str, datetime]:
        """The fan-outs begun and not finished, with their expiries (for copying)."""
        return {key: datetime.fromisoformat(at) for key, at in self._open.items()}

    def size(self) -> int:
        return sum(len(users) for users in self._sets.values())
