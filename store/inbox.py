"""Updates written down before Telegram is told they arrived, and crossed off once handled.

Telegram forgets an update once the bot confirms it (the next ``getUpdates``
offset, or a webhook's 200), and python-telegram-bot confirms as soon as an
update is queued, not when it is handled: a kill in between lost every queued
user action. So each update is appended here, flushed and fsynced, before it
is queued (and so before it can be confirmed), and ``done`` is appended once it
was handled. After a crash the updates without ``done`` are handled again, in
their order; an update Telegram sends again (journaled, never confirmed) is
recognised by its ``update_id``, which only grows, and dropped.

One append-only file of JSON lines (``BOT_DATA_DIR/inbox.jsonl``):
``{"u": <update>}``, ``{"d": <update_id>}``, and after a compaction one
``{"h": <highest id>}``. A line cut short by a kill is skipped. When nothing
is pending and the file has grown past ``COMPACT_AT`` bytes, it is replaced
(atomically) by the high-water mark alone.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from store.files import atomic_write, read_journal

COMPACT_AT = 1_000_000


class Inbox:
    def __init__(self, data_dir: str | Path) -> None:
        self.path = Path(data_dir) / "inbox.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.pending: dict[int, dict[str, Any]] = {}  # journaled, not yet handled, in order
        self.highest = 0
        self._lock = threading.Lock()  # journal() runs on a worker thread, done() on the loop
        if self.path.exists():
            self._read()
        self._file = open(self.path, "ab")  # noqa: SIM115 - kept open for appends

    def _read(self) -> None:
        for raw in read_journal(self.path).splitlines():
            try:
                entry = json.loads(raw)
            except ValueError:  # not ours to guess at: skipped
                continue
            if "u" in entry:
                update_id = int(entry["u"]["update_id"])
                self.pending[update_id] = entry["u"]
                self.highest = max(self.highest, update_id)
            elif "d" in entry:
                self.pending.pop(int(entry["d"]), None)
            elif "h" in entry:
                self.highest = max(self.highest, int(entry["h"]))

    def seen(self, update_id: int) -> bool:
        """Journaled before (Telegram sends an unconfirmed update again after a restart)."""
        return update_id <= self.highest

    def journal(self, update: dict[str, Any]) -> bool:
        """Append and fsync one update (call off the event loop: it waits for the disk);
        True: it is new (one process owns the files, and ``seen`` filtered repeats)."""
        update_id = int(update["update_id"])
        self._append({"u": update}, sync=True)
        self.pending[update_id] = update
        self.highest = max(self.highest, update_id)
        return True

    def done(self, update_id: int) -> None:
        """Handled. Not fsynced on its own: losing the mark to a power cut only means the
        update is handled once more; a kill -9 cannot lose it (the kernel has it)."""
        if self.pending.pop(update_id, None) is None:
            return
        self._append({"d": update_id}, sync=False)
        if not self.pending and self._file.tell() > COMPACT_AT:
            self._compact()

    def _append(self, entry: dict[str, Any], *, sync: bool) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        with self._lock:
            self._file.write(line)
            self._file.flush()
            if sync:
                os.fsync(self._file.fileno())

    def _compact(self) -> None:
        with self._lock:
            self._file.close()
            atomic_write(self.path, json.dumps({"h": self.highest}).encode() + b"\n")
            self._file = open(self.path, "ab")  # noqa: SIM115

    async def prune(self) -> None:
        """Nothing to do: the file is compacted as updates are crossed off (see done)."""

    def close(self) -> None:
        with self._lock:
            self._file.close()
