"""Events and phrasings added in the chat, in PostgreSQL: one document, as over the files."""

from __future__ import annotations

from typing import Any

from store.chat_edits import OverlayStore
from store.pg.database import Database


class PgOverlayStore(OverlayStore):
    """The overlay document in the ``overlay`` table (``with_event`` and
    ``with_phrasing`` are the files' own: they only build the next document)."""

    def __init__(self, db: Database) -> None:  # (no file: the parent's path is unused)
        self._db = db
        rows = db.fetch("SELECT data FROM overlay WHERE id = 1")
        self.data: dict[str, Any] = rows[0]["data"] if rows else {"events": []}

    def save(self, data: dict[str, Any]) -> None:
        self._db.execute("INSERT INTO overlay (id, data) VALUES (1, $1) "
                         "ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data", data)
        self.data = data
