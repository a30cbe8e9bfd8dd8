"""Calendar feeds in PostgreSQL: the same records as ``feeds.json``, one row per feed."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import asyncpg

from store.feeds import Feed, FeedStore
from store.pg.database import Database


class PgFeedStore(FeedStore):
    """What the files' FeedStore keeps, in the ``feeds`` and ``feed_copies`` tables."""

    def __init__(self, db: Database) -> None:
        self._db = db
        super().__init__(Path("."))  # (no file is read or written: see the overrides)

    def __post_init__(self) -> None:
        self.feeds = {r["programme"]: Feed(**{**r["data"], "ids": tuple(r["data"].get("ids", ()))})
                      for r in self._db.fetch("SELECT programme, data FROM feeds")}

    def keep_copy(self, programme: str, data: bytes) -> None:
        self._db.execute("INSERT INTO feed_copies (programme, body) VALUES ($1, $2) "
                         "ON CONFLICT (programme) DO UPDATE SET body = EXCLUDED.body, "
                         "at = now()", programme, data)

    def _save(self) -> None:
        rows = [(p, asdict(f)) for p, f in self.feeds.items()]

        async def body(conn: asyncpg.Connection) -> None:
            await conn.execute("DELETE FROM feeds WHERE programme <> ALL ($1::text[])",
                               [p for p, _ in rows])
            await conn.executemany(
                "INSERT INTO feeds (programme, data) VALUES ($1, $2) "
                "ON CONFLICT (programme) DO UPDATE SET data = EXCLUDED.data", rows)
        self._db.run(self._db.transact(body))
