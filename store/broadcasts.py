"""Broadcast persistence: one file per broadcast, rewritten atomically per batch.

``<data>/broadcasts/<id>.json`` holds the broadcast (author, texts, audience,
status, schedule) and every recipient's state, so an unfinished broadcast can
be resumed after a crash with exactly the recipients not yet sent.
"""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from store.files import atomic_write

STATUSES = ("scheduled", "sending", "done", "cancelled")


class FileBroadcastStore:
    def __init__(self, data_dir: str | Path) -> None:
        self.dir = Path(data_dir) / "broadcasts"
        self.dir.mkdir(parents=True, exist_ok=True)
        self._io = threading.Lock()
        self._docs: dict[str, dict[str, Any]] = {}
        for file in sorted(self.dir.glob("*.json")):
            with open(file, encoding="utf-8") as fh:
                doc = json.load(fh)
            doc["recipients"] = {int(k): v for k, v in doc["recipients"].items()}
            self._docs[doc["id"]] = doc

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
        self._write(broadcast_id)

    def get(self, broadcast_id: str) -> dict[str, Any] | None:
        return self._docs.get(broadcast_id)

    def all(self) -> list[dict[str, Any]]:
        return sorted(self._docs.values(), key=lambda d: d["created"], reverse=True)

    def langs(self, broadcast_id: str) -> dict[int, str]:
        return {int(k): v for k, v in self._docs[broadcast_id]["langs"].items()}

    def set_status(self, broadcast_id: str, status: str) -> None:
        """Change the status in memory at once; ``flush`` (or the next write) persists it."""
        if status not in STATUSES:
            raise ValueError(status)
        self._docs[broadcast_id]["status"] = status

    def forget_user(self, user_id: int) -> None:
        """Remove a user from every broadcast's recipient list (for /forget)."""
        for broadcast_id, doc in self._docs.items():
            if user_id in doc["recipients"]:
                del doc["recipients"][user_id]
                doc["langs"].pop(str(user_id), None)
                self._write(broadcast_id)

    # -- the runner's store protocol -------------------------------------------------

    def states(self, broadcast_id: str) -> dict[int, str]:
        return dict(self._docs[broadcast_id]["recipients"])

    def set_state(self, broadcast_id: str, user_id: int, state: str) -> None:
        self._docs[broadcast_id]["recipients"][user_id] = state

    async def flush(self, broadcast_id: str) -> None:
        payload = self._payload(broadcast_id)
        await asyncio.to_thread(self._write_payload, broadcast_id, payload)

    # -- files ---------------------------------------------------------------------

    def _payload(self, broadcast_id: str) -> bytes:
        doc = self._docs[broadcast_id]
        return json.dumps({**doc, "recipients": {str(k): v for k, v in
                                                 doc["recipients"].items()}},
                          ensure_ascii=False, separators=(",", ":")).encode()

    def _write_payload(self, broadcast_id: str, payload: bytes) -> None:
        with self._io:
            atomic_write(self.dir / f"{broadcast_id}.json", payload)

    def _write(self, broadcast_id: str) -> None:
        self._write_payload(broadcast_id, self._payload(broadcast_id))
