"""Broadcasts in PostgreSQL: the broadcast in one row, each recipient in a row of its own.

As over the files: the broadcast and its recipients are written once when it is
created; afterwards each batch writes only the deliveries that changed (one
statement per batch, ``UPDATE … FROM unnest``), so a broadcast to n people
writes O(n) rows in all, however many batches it takes.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import asyncpg

from store.broadcasts import STATUSES, BroadcastDocs
from store.pg.database import Database

_STATES = ("UPDATE deliveries AS d SET state = v.state "
           "FROM unnest($2::bigint[], $3::text[]) AS v(user_id, state) "
           "WHERE d.broadcast = $1 AND d.user_id = v.user_id")


# Up to n recipients of a broadcast that nobody alive is sending to: pending ones, and
# those in flight for an instance that is no longer alive (its batch may have gone out:
# the only messages that can arrive twice), the latter first, once a few seconds have
# passed since the claim (a message that did go out a moment ago would be sent again
# within Telegram's second per chat, and refused). Rows another instance is claiming
# at this moment are skipped, not waited for.
_CLAIM = """
WITH live AS (SELECT live_instances() AS ids),
c AS (
    SELECT d.user_id, d.state AS was FROM deliveries d, live
    WHERE d.broadcast = $1 AND (d.state = 'pending' OR (d.state = 'inflight' AND (
        d.claimed_by IS NULL OR d.claimed_by <> ALL (live.ids)) AND (
        d.claimed_at IS NULL OR d.claimed_at < clock_timestamp() - interval '5 seconds')))
    ORDER BY d.state = 'pending', d.user_id
    LIMIT $2
    FOR UPDATE OF d SKIP LOCKED)
UPDATE deliveries d SET state = 'inflight', claimed_by = $3, claimed_at = clock_timestamp()
FROM c
WHERE d.broadcast = $1 AND d.user_id = c.user_id
RETURNING d.user_id, c.was = 'inflight' AS resent"""


class PgBroadcastStore(BroadcastDocs):
    def __init__(self, db: Database) -> None:
        self._db = db
        # The instance this process is (store.pg.presence), whose claims the others leave
        # alone while it lives; None: not registered (its claims count as abandoned).
        self.claimer: int | None = None
        self._docs: dict[str, dict[str, Any]] = db.run(_load(db))
        self._states: dict[str, dict[int, str]] = {}  # broadcast -> deliveries not yet written
        self._status: dict[str, str] = {}  # broadcast -> status not yet written

    def create(self, broadcast_id: str, *, by: int, texts: dict[str, str],
               audience: dict[str, Any], recipients: dict[int, str], langs: dict[int, str],
               status: str, at: datetime, send_at: datetime | None = None) -> None:
        if status not in STATUSES:
            raise ValueError(status)
        doc = {"id": broadcast_id, "by": by, "texts": texts, "audience": audience,
               "status": status, "created": at.isoformat(),
               "send_at": send_at.isoformat() if send_at else None,
               "recipients": dict(recipients), "langs": {str(k): v for k, v in langs.items()}}

        async def body(conn: asyncpg.Connection) -> None:
            await conn.execute("DELETE FROM broadcasts WHERE id = $1", broadcast_id)
            await conn.execute(
                "INSERT INTO broadcasts (id, by_user, texts, audience, status, created, send_at)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                broadcast_id, by, texts, audience, status, at, send_at)
            await conn.copy_records_to_table(
                "deliveries", columns=["broadcast", "user_id", "lang", "state"],
                records=[(broadcast_id, uid, langs.get(uid), state)
                         for uid, state in recipients.items()])
        self._db.run(self._db.transact(body))
        self._docs[broadcast_id] = doc

    def set_status(self, broadcast_id: str, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(status)
        self._docs[broadcast_id]["status"] = status
        self._status[broadcast_id] = status

    def forget_user(self, user_id: int) -> None:
        """Remove a user from every broadcast's recipients, in the database too."""
        self._db.execute("DELETE FROM deliveries WHERE user_id = $1", user_id)
        for broadcast_id, doc in self._docs.items():
            if doc["recipients"].pop(user_id, None) is not None:
                doc["langs"].pop(str(user_id), None)
                self._states.get(broadcast_id, {}).pop(user_id, None)

    # -- the runner's store protocol -------------------------------------------------

    def set_state(self, broadcast_id: str, user_id: int, state: str) -> None:
        self._docs[broadcast_id]["recipients"][user_id] = state
        self._states.setdefault(broadcast_id, {})[user_id] = state

    async def claim(self, broadcast_id: str, n: int) -> list[tuple[int, bool]]:
        """Up to ``n`` recipients to send to next, claimed for this instance in one
        statement: ``(user, in flight before)``."""
        await self.flush(broadcast_id)
        rows = await self._db.call(self._db.pool.fetch(_CLAIM, broadcast_id, n, self.claimer))
        recipients = self._docs[broadcast_id]["recipients"]
        claimed = sorted(((r["user_id"], r["resent"]) for r in rows),
                         key=lambda c: (not c[1], c[0]))
        for user, _ in claimed:
            recipients[user] = "inflight"
        return claimed

    async def tally(self, broadcast_id: str) -> Counter[str]:
        """How many recipients are in each state, across instances (in flight: pending)."""
        rows = await self._db.call(self._db.pool.fetch(
            "SELECT state, count(*) AS n FROM deliveries WHERE broadcast = $1 GROUP BY state",
            broadcast_id))
        counts: Counter[str] = Counter()
        for row in rows:
            counts["pending" if row["state"] == "inflight" else row["state"]] += row["n"]
        return counts

    async def active(self) -> list[tuple[str, str]]:
        """``(id, status)`` of the broadcasts scheduled or going out, whichever instance
        made them (each is loaded if this process has not seen it yet); the status of
        every broadcast known here is brought up to date on the way (one cancelled on
        another instance is not sent by this one)."""
        rows = await self._db.call(self._db.pool.fetch(
            "SELECT id, status FROM broadcasts WHERE status IN ('scheduled', 'sending') "
            "OR id = ANY($1::text[])", list(self._docs)))
        for row in rows:
            if row["id"] not in self._docs:
                self._docs.update(await self._db.call(_load(self._db, row["id"])))
            elif row["id"] not in self._status:  # (not while a change of ours is unwritten)
                self._docs[row["id"]]["status"] = row["status"]
        return sorted((r["id"], r["status"]) for r in rows
                      if r["status"] in ("scheduled", "sending"))

    async def reload(self) -> None:
        """Read every broadcast again (on becoming the leader: others may have made some),
        after writing what is pending, without holding up the loop; deliveries recorded
        while they were read stay on top (the next flush writes them)."""
        for broadcast_id in sorted(set(self._states) | set(self._status)):
            await self.flush(broadcast_id)
        docs = await self._db.call(_load(self._db))
        for broadcast_id, states in self._states.items():
            if broadcast_id in docs:
                docs[broadcast_id]["recipients"].update(states)
        for broadcast_id, status in self._status.items():
            if broadcast_id in docs:
                docs[broadcast_id]["status"] = status
        self._docs = docs

    def _take(self, broadcast_id: str) -> tuple[dict[int, str], str | None]:
        return self._states.pop(broadcast_id, {}), self._status.pop(broadcast_id, None)

    def _give_back(self, broadcast_id: str, states: dict[int, str], status: str | None) -> None:
        self._states[broadcast_id] = {**states, **self._states.get(broadcast_id, {})}
        if status is not None:
            self._status.setdefault(broadcast_id, status)

    def _transaction(self, broadcast_id: str, states: dict[int, str],
                     status: str | None) -> Any:
        async def body(conn: asyncpg.Connection) -> None:
            if states:
                await conn.execute(_STATES, broadcast_id, list(states), list(states.values()))
            if status is not None:
                await conn.execute("UPDATE broadcasts SET status = $2 WHERE id = $1",
                                   broadcast_id, status)
        return self._db.transact(body)

    async def flush(self, broadcast_id: str) -> None:
        """Write what changed since the last flush, in one transaction."""
        states, status = self._take(broadcast_id)
        if not states and status is None:
            return
        try:
            await self._db.call(self._transaction(broadcast_id, states, status))
        except Exception:
            self._give_back(broadcast_id, states, status)
            raise

    def flush_sync(self) -> None:
        for broadcast_id in sorted(set(self._states) | set(self._status)):
            states, status = self._take(broadcast_id)
            try:
                self._db.run(self._transaction(broadcast_id, states, status))
            except Exception:
                self._give_back(broadcast_id, states, status)
                raise


async def _load(db: Database, only: str | None = None) -> dict[str, dict[str, Any]]:
    """Every broadcast (or ``only`` that one) with its deliveries."""
    docs: dict[str, dict[str, Any]] = {}
    where = "" if only is None else " WHERE broadcast = $1"
    args = () if only is None else (only,)
    async with db.pool.acquire() as conn, conn.transaction(isolation="repeatable_read",
                                                           readonly=True):
        for r in await conn.fetch("SELECT * FROM broadcasts" + where.replace("broadcast",
                                                                            "id"), *args):
            docs[r["id"]] = {
                "id": r["id"], "by": r["by_user"], "texts": r["texts"], "audience": r["audience"],
                "status": r["status"], "created": r["created"].isoformat(),
                "send_at": r["send_at"].isoformat() if r["send_at"] else None,
                "recipients": {}, "langs": {}}
        for r in await conn.fetch("SELECT broadcast, user_id, lang, state FROM deliveries"
                                  + where, *args):
            doc = docs[r["broadcast"]]
            doc["recipients"][r["user_id"]] = r["state"]
            if r["lang"] is not None:
                doc["langs"][str(r["user_id"])] = r["lang"]
    return docs
