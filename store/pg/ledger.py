"""The reminder ledger in PostgreSQL: one row per reminder sent (slot key, user).

As over the files, recording is in memory and ``flush()`` (once per batch of
sends) makes the batch durable, here in one transaction; rows of occurrences
that have ended are deleted by ``prune``. A fan-out's start and end (the open
slots a restart resumes) are written at once, before its first message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from scheduler.ledger_keys import LedgerKey
from store.pg.database import Database
from store.pg.statements import Statements, run_all

_RECORD = ("INSERT INTO ledger (slot, user_id, occurrence, expires) VALUES ($1, $2, $3, $4) "
           "ON CONFLICT (slot, user_id) DO UPDATE SET state = 'sent'")
# Rows for the users of a batch, in flight for this instance, before it goes out: new
# ones, and those in flight for an instance no longer alive (it may have sent them: the
# only reminders that can arrive twice). A row sent, or in flight for a live instance,
# is left as it is, and its user not returned.
_CLAIM = """
INSERT INTO ledger (slot, user_id, occurrence, expires, state, claimed_by)
SELECT $1, u, $2, $3, 'inflight', $4 FROM unnest($5::bigint[]) AS u
ON CONFLICT (slot, user_id) DO UPDATE SET claimed_by = EXCLUDED.claimed_by
WHERE ledger.state = 'inflight' AND (ledger.claimed_by IS NULL
      OR ledger.claimed_by <> ALL (live_instances()))
RETURNING user_id"""


class PgLedger:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._sql = Statements()
        # The instance this process is (store.pg.presence), whose claims the others leave
        # alone while it lives; None: not registered (its claims count as abandoned).
        self.claimer: int | None = None
        self._apply(*db.run(_load(db)))

    async def reload(self) -> None:
        """Read the ledger again (on becoming the leader: the last one sent reminders
        meanwhile), after writing what is pending, without holding up the loop."""
        await self.flush()
        self._apply(*await self._db.call(_load(self._db)))

    def _apply(self, rows: list[asyncpg.Record], open_rows: list[asyncpg.Record]) -> None:
        self._sets: dict[str, set[int]] = {}  # slot key -> users, for O(1) checks
        self._keys: dict[str, set[str]] = {}  # occurrence -> its slot keys
        self._expires: dict[str, datetime] = {}  # occurrence -> when it has ended
        for row in rows:
            self._remember(row["slot"], row["occurrence"], row["expires"]).add(row["user_id"])
        # (sends recorded while the rows were read: written by the next flush)
        for sql, args in self._sql.waiting():
            if sql == _RECORD:
                key, user, occurrence, expires = args
                self._remember(key, occurrence, expires).add(user)
        self._open: dict[str, datetime] = {r["slot"]: r["expires"] for r in open_rows}

    def _remember(self, key: str, occurrence: str, expires: datetime) -> set[int]:
        self._keys.setdefault(occurrence, set()).add(key)
        known = self._expires.get(occurrence)
        self._expires[occurrence] = expires if known is None else max(known, expires)
        return self._sets.setdefault(key, set())

    def begin(self, key: str, expires: datetime) -> None:
        """A fan-out for ``key`` starts: durable before its first message goes out."""
        if key not in self._open:
            self._db.execute("INSERT INTO open_slots (slot, expires) VALUES ($1, $2) "
                             "ON CONFLICT (slot) DO NOTHING", key, expires)
            self._open[key] = expires

    def end(self, key: str) -> None:
        if self._open.pop(key, None) is not None:
            self._db.execute("DELETE FROM open_slots WHERE slot = $1", key)

    def open_keys(self) -> set[str]:
        return set(self._open)

    def sent(self, key: str, user_id: int) -> bool:
        return user_id in self._sets.get(key, ())

    async def claim(self, key: str, users: list[int], expires: datetime) -> set[int]:
        """Those of ``users`` this instance may send ``key`` to now, claimed row by row
        (see _CLAIM); what was recorded before is written first."""
        await self.flush()
        wanted = [u for u in users if not self.sent(key, u)]
        if not wanted:
            return set()
        rows = await self._db.call(self._db.pool.fetch(
            _CLAIM, key, LedgerKey.from_key(key).occurrence, expires, self.claimer, wanted))
        return {r["user_id"] for r in rows}

    def record(self, key: str, user_id: int, expires: datetime) -> None:
        occurrence = LedgerKey.from_key(key).occurrence
        users = self._remember(key, occurrence, expires)
        if user_id not in users:
            users.add(user_id)
            self._sql.add(_RECORD, key, user_id, occurrence, expires)

    def reminded(self, occurrence_id: str) -> set[int]:
        return {u for key in self._keys.get(occurrence_id, ())
                if LedgerKey.from_key(key).is_reminder for u in self._sets.get(key, ())}

    def sent_to(self, user_id: int) -> list[str]:
        return sorted(key for key, users in self._sets.items() if user_id in users)

    def forget_user(self, user_id: int) -> None:
        for users in self._sets.values():
            users.discard(user_id)
        self._sql.add("DELETE FROM ledger WHERE user_id = $1", user_id)

    def _transaction(self, statements: list[Any]) -> Any:
        async def body(conn: asyncpg.Connection) -> None:
            await run_all(conn, statements)
        return self._db.transact(body)

    async def flush(self) -> None:
        """Make every recorded send durable: one transaction."""
        statements = self._sql.take()
        if not statements:
            return
        try:
            await self._db.call(self._transaction(statements))
        except Exception:
            self._sql.give_back(statements)
            raise

    def flush_sync(self) -> None:
        statements = self._sql.take()
        if statements:
            try:
                self._db.run(self._transaction(statements))
            except Exception:
                self._sql.give_back(statements)
                raise

    def prune(self, now: datetime) -> int:
        """Forget occurrences that have ended: their reminders can never be due again."""
        expired = [k for k, at in self._open.items() if at < now]
        for key in expired:
            del self._open[key]
        if expired:
            self._db.execute("DELETE FROM open_slots WHERE slot = ANY($1::text[])", expired)
        ended = [occ for occ, at in self._expires.items() if at < now]
        for occ in ended:
            del self._expires[occ]
            for key in self._keys.pop(occ, ()):
                self._sets.pop(key, None)
        if ended:
            self._sql.add("DELETE FROM ledger WHERE occurrence = ANY($1::text[])", ended)
        return len(ended)

    def size(self) -> int:
        return sum(len(users) for users in self._sets.values())


async def _load(db: Database) -> tuple[list[asyncpg.Record], list[asyncpg.Record]]:
    async with db.pool.acquire() as conn:
        return (await conn.fetch("SELECT slot, user_id, occurrence, expires FROM ledger "
                                 "WHERE state = 'sent'"),
                await conn.fetch("SELECT slot, expires FROM open_slots"))
