"""Copying the files' store into PostgreSQL (``python -m bot migrate-store``).

Every record is copied in one transaction, then counted on both sides (the
updates journaled and not handled are carried over too, for the first instance to
lead; they are not counted, as instances cross them off). The copy
can be run again (after an interruption, or to take the files' newest state
before switching over): each record replaces its copy by its key, and records
with no key of their own (questions, the audit log) are inserted only where an
equal one is not there yet, so a second run changes nothing and duplicates
nothing. Stop the bot first: the files must not change while they are copied.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg

from store.broadcasts import FileBroadcastStore
from store.chat_edits import OverlayStore
from store.feeds import FeedStore
from store.inbox import Inbox
from store.ledger import FileLedger
from store.pg.database import Database
from store.state import StateStore


@dataclass(frozen=True)
class Copied:
    what: str  # the table
    source: int  # records in the files
    target: int  # rows in the database afterwards

    @property
    def ok(self) -> bool:
        return self.source == self.target


def _source(data_dir: Path) -> dict[str, Any]:
    """Everything the files hold, read as the bot reads it (the users' log replayed)."""
    state = StateStore(data_dir)  # (read only: never closed, so nothing is rewritten)
    ledger = FileLedger(data_dir)
    broadcasts = FileBroadcastStore(data_dir)
    return {
        "users": list(state.users.records()),
        "questions": state.questions.entries(),
        "coordinators": state.roles.coordinators(),
        "audit": state.roles.log(),
        "counters": state.counters.all(),
        "ledger": ledger.rows(),
        "open_slots": ledger.open_slots(),
        "broadcasts": broadcasts.all(),
        "overlay": OverlayStore(data_dir).data,
        "feeds": [(p, asdict(f)) for p, f in FeedStore(data_dir).feeds.items()],
        "feed_copies": [(path.stem, path.read_bytes())
                        for path in sorted((data_dir / "feeds").glob("*.ics"))],
        # updates journaled and not handled when the bot was stopped: handled by the
        # first instance to lead
        "inbox": sorted(Inbox(data_dir).pending.items()) if (data_dir / "inbox.jsonl").exists()
        else [],
    }


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def _copy(conn: asyncpg.Connection, src: dict[str, Any]) -> None:
    await conn.executemany(
        "INSERT INTO users (id, data) VALUES ($1, $2) "
        "ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data", src["users"])
    await conn.executemany(
        "INSERT INTO questions (kind, text, lang, at, resolved) "
        "SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM questions "
        "WHERE kind = $1 AND text = $2 AND lang = $3 AND at = $4)",
        [(q["kind"], q["text"], q["lang"], _at(q["at"]), q["resolved"])
         for q in src["questions"]])
    await conn.executemany(
        "UPDATE questions SET resolved = true WHERE kind = $1 AND text = $2 AND lang = $3 "
        "AND at = $4", [(q["kind"], q["text"], q["lang"], _at(q["at"]))
                        for q in src["questions"] if q["resolved"]])
    await conn.executemany(
        "INSERT INTO coordinators (user_id, added_by, at) VALUES ($1, $2, $3) "
        "ON CONFLICT (user_id) DO UPDATE SET added_by = EXCLUDED.added_by, at = EXCLUDED.at",
        [(uid, c["added_by"], _at(c["at"])) for uid, c in src["coordinators"].items()])
    await conn.executemany(
        "INSERT INTO audit (who, what, at) SELECT $1, $2, $3 WHERE NOT EXISTS "
        "(SELECT 1 FROM audit WHERE who = $1 AND what = $2 AND at = $3)",
        [(a["who"], a["what"], _at(a["at"])) for a in src["audit"]])
    await conn.executemany(
        "INSERT INTO counters (name, n) VALUES ($1, $2) "
        "ON CONFLICT (name) DO UPDATE SET n = EXCLUDED.n", list(src["counters"].items()))
    await conn.executemany(
        "INSERT INTO ledger (slot, user_id, occurrence, expires) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (slot, user_id) DO UPDATE SET expires = EXCLUDED.expires", src["ledger"])
    await conn.executemany(
        "INSERT INTO open_slots (slot, expires) VALUES ($1, $2) "
        "ON CONFLICT (slot) DO UPDATE SET expires = EXCLUDED.expires",
        list(src["open_slots"].items()))
    for doc in src["broadcasts"]:
        await conn.execute(
            "INSERT INTO broadcasts (id, by_user, texts, audience, status, created, send_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET "
            "status = EXCLUDED.status, texts = EXCLUDED.texts, audience = EXCLUDED.audience",
            doc["id"], doc["by"], doc["texts"], doc["audience"], doc["status"],
            _at(doc["created"]), _at(doc["send_at"]) if doc.get("send_at") else None)
        await conn.executemany(
            "INSERT INTO deliveries (broadcast, user_id, lang, state) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (broadcast, user_id) DO UPDATE SET state = EXCLUDED.state, "
            "lang = EXCLUDED.lang",
            [(doc["id"], uid, doc["langs"].get(str(uid)), state)
             for uid, state in doc["recipients"].items()])
    await conn.execute("INSERT INTO overlay (id, data) VALUES (1, $1) "
                       "ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data", src["overlay"])
    await conn.executemany("INSERT INTO feeds (programme, data) VALUES ($1, $2) "
                           "ON CONFLICT (programme) DO UPDATE SET data = EXCLUDED.data",
                           src["feeds"])
    # (a copy's file name is its programme id with ":" written "_")
    await conn.executemany("INSERT INTO feed_copies (programme, body) VALUES ($1, $2) "
                           "ON CONFLICT (programme) DO UPDATE SET body = EXCLUDED.body",
                           [(name.replace("_", ":", 1), body)
                            for name, body in src["feed_copies"]])
    await conn.executemany("INSERT INTO inbox (update_id, body) VALUES ($1, $2) "
                           "ON CONFLICT (update_id) DO NOTHING", src["inbox"])


def _expected(src: dict[str, Any]) -> dict[str, int]:
    return {
        "users": len(src["users"]), "questions": len(src["questions"]),
        "coordinators": len(src["coordinators"]), "audit": len(src["audit"]),
        "counters": len(src["counters"]), "ledger": len(src["ledger"]),
        "open_slots": len(src["open_slots"]), "broadcasts": len(src["broadcasts"]),
        "deliveries": sum(len(d["recipients"]) for d in src["broadcasts"]), "overlay": 1,
        "feeds": len(src["feeds"]), "feed_copies": len(src["feed_copies"]),
    }


def copy_store(data_dir: Path, database_url: str) -> list[Copied]:
    """Copy the files under ``data_dir`` into the database; what each table holds after."""
    if not data_dir.is_dir():
        raise FileNotFoundError(f"{data_dir} is not a directory")
    src = _source(data_dir)
    db = Database(database_url)
    try:
        async def body(conn: asyncpg.Connection) -> dict[str, int]:
            await _copy(conn, src)
            return {table: await conn.fetchval(f"SELECT count(*) FROM {table}")
                    for table in _expected(src)}
        counted = db.run(db.transact(body))
    finally:
        db.close()
    return [Copied(table, n, counted[table]) for table, n in _expected(src).items()]
