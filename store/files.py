"""A TinyDB storage that serves reads from memory and writes files atomically.

TinyDB's JSON storage rewrites its file in place on every call, so a crash
can leave a file TinyDB refuses to open, and it re-reads the whole file on
every query. This storage keeps the document tree in memory (reads are
dictionary lookups) and makes it durable only when asked, by writing a
temporary file in the same directory, fsyncing it, ``os.replace``-ing it over
the old one and fsyncing the directory: after a crash the file is either the
old or the new version, never a mix.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves old or new, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_journal(path: Path) -> bytes:
    """An append-only journal's contents, with the tail of a write a kill cut short
    removed from the file: the next append would otherwise be glued to it and be
    lost with it when read back."""
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with open(path, "r+b") as fh:
            fh.truncate(data.rfind(b"\n") + 1)
        data = data[:data.rfind(b"\n") + 1]
    return data


class MemoryFirstStorage(Storage):
    """TinyDB storage: the file is read once; writes stay in memory until ``snapshot``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.dirty = False
        self._data: dict[str, Any] | None = None
        if self.path.exists():
            with open(self.path, encoding="utf-8") as fh:
                self._data = json.load(fh)
        # A temporary file left by a kill mid-write is garbage: the real file is intact.
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def read(self) -> dict[str, Any] | None:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self.dirty = True

    def snapshot(self) -> bytes | None:
        """Serialise pending changes (call on the thread that mutates); None if clean."""
        if not self.dirty:
            return None
        self.dirty = False
        return json.dumps(self._data or {}, ensure_ascii=False, separators=(",", ":")).encode()

    def close(self) -> None:
        """Nothing to release: durability is the store's job (see StateStore.flush)."""
