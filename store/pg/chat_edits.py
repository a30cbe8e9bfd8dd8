"""Events and phrasings added in the chat, in PostgreSQL: one document, as over the files."""

from __future__ import annotations

from typing import Any

import asyncpg

from store.chat_edits import OverlayStore
from store.pg.database import Database
from store.pg.state import CHANNEL, notices


class PgOverlayStore(OverlayStore):
    """The overlay document in the ``overlay`` table (``with_event`` and
    ``with_phrasing`` are the files' own: they only build the next document)."""

    def __init__(self, db: Database) -> None:  # (no file: the parent's path is unused)
        self._db = db
        self.instance: int | None = None  # who this process is (for its notice)
        self.data: dict[str, Any] = self._read()

    def _read(self) -> dict[str, Any]:
        rows = self._db.fetch("SELECT data FROM overlay WHERE id = 1")
        return rows[0]["data"] if rows else {"events": []}

    def save(self, data: dict[str, Any]) -> None:
        """Saved, and the other instances told (they load it and swap their content)."""
        [notice] = notices(self.instance, overlay=True)

        async def body(conn: asyncpg.Connection) -> None:
            await conn.execute("INSERT INTO overlay (id, data) VALUES (1, $1) "
                               "ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data", data)
            await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, notice)
        self._db.run(self._db.transact(body))
        self.data = data

    def read_again(self) -> None:
        """Another instance saved the edits: this process's copy follows."""
        self.data = self._read()
