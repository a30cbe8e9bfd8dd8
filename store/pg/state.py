"""Users, the question journal, roles and counters in PostgreSQL.

The same repositories as ``store.state`` over the files: everything is loaded
at start and read from memory; a change is made in memory and written by the
next ``commit()``, one transaction for every change made since the last one
(group commit, as over the files). A user's change is written as the fields it
set, merged into the stored record (``data || patch``), so two instances
changing different settings of one person never undo each other.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import asyncpg

from store.group_commit import GroupCommit
from store.pg.database import Database
from store.pg.statements import Statement, Statements, run_all
from store.question_journal import KINDS, QUESTION_RETENTION
from store.users import User, UserDirectory, shared_record

# A user's write waiting for the flush: ("merge", fields set), ("replace", whole record:
# after a forget in the same flush) or ("delete", None).
UserWrite = tuple[str, dict[str, Any] | None]

_MERGE = ("INSERT INTO users (id, data) VALUES ($1, $2) "
          "ON CONFLICT (id) DO UPDATE SET data = users.data || EXCLUDED.data")
_REPLACE = ("INSERT INTO users (id, data) VALUES ($1, $2) "
            "ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data")


class PgUsers(UserDirectory):
    def __init__(self, records: dict[int, dict[str, Any]], state: PgStateStore) -> None:
        super().__init__(state.commit)
        self._raw = records
        self._pending: dict[int, UserWrite] = {}

    def _record(self, user_id: int) -> dict[str, Any] | None:
        return self._raw.get(user_id)

    def _put(self, user_id: int, merged: dict[str, Any], changes: dict[str, Any]) -> None:
        self._raw[user_id] = merged
        self._pending[user_id] = _combine(self._pending.get(user_id), ("merge", changes), merged)

    def _remove(self, user_id: int) -> bool:
        if self._raw.pop(user_id, None) is None:
            return False
        self._pending[user_id] = ("delete", None)
        return True

    def _records(self) -> Iterable[tuple[int, dict[str, Any]]]:
        return list(self._raw.items())

    def refresh(self, records: dict[int, dict[str, Any]],
                 only: Iterable[int] | None = None) -> int:
        """Take the records as another instance left them (this one's changes not yet
        written stay on top): all of them, or the users ``only`` names (absent from
        ``records``: deleted); listeners hear of each user that changed. How many did."""
        changed = 0
        for user_id in (set(records) | set(self._raw)) if only is None else set(only):
            record = records.get(user_id)
            pending = self._pending.get(user_id)
            if pending is not None:
                how, data = pending
                record = (None if how == "delete" else dict(data or {}) if how == "replace"
                          else {**(record or {}), **(data or {})})
            if record == self._raw.get(user_id):
                continue
            changed += 1
            if record is None:
                self._raw.pop(user_id, None)
                self._cache[user_id] = None
                self._changed(user_id, None)
            else:
                record = self._raw[user_id] = shared_record(record)
                user = self._cache[user_id] = User.from_record(user_id, record)
                self._changed(user_id, user)
        return changed

    def take_pending(self) -> dict[int, UserWrite]:
        taken, self._pending = self._pending, {}
        return taken

    def give_back(self, taken: dict[int, UserWrite]) -> None:
        for user_id, older in taken.items():
            newer = self._pending.get(user_id)
            self._pending[user_id] = (older if newer is None else
                                      _combine(older, newer, self._raw.get(user_id)))


def _combine(older: UserWrite | None, newer: UserWrite,
             current: dict[str, Any] | None) -> UserWrite:
    """One write with the effect of ``older`` then ``newer`` (``current``: the record now)."""
    if older is None or newer[0] != "merge":
        return newer
    if older[0] == "merge":
        return ("merge", {**(older[1] or {}), **(newer[1] or {})})
    return ("replace", current)  # deleted or replaced, then changed: the record as it is


async def _write_users(conn: asyncpg.Connection, writes: dict[int, UserWrite]) -> None:
    merges = [(uid, data) for uid, (how, data) in writes.items() if how == "merge"]
    replaces = [(uid, data) for uid, (how, data) in writes.items() if how == "replace"]
    deletes = [uid for uid, (how, _) in writes.items() if how == "delete"]
    if deletes:
        await conn.execute("DELETE FROM users WHERE id = ANY($1::bigint[])", deletes)
    if merges:
        await conn.executemany(_MERGE, merges)
    if replaces:
        await conn.executemany(_REPLACE, replaces)


class PgQuestionJournal:
    """Unanswered questions and 👎 answers, with no user id (see store.question_journal)."""

    def __init__(self, rows: list[dict[str, Any]], statements: Statements) -> None:
        self._rows = rows  # {"kind", "text", "lang", "at": datetime, "resolved"}
        self._sql = statements

    def load(self, rows: list[dict[str, Any]]) -> None:
        """The journal as read again from the database."""
        self._rows[:] = rows

    def record(self, kind: str, text: str, lang: str, at: datetime) -> None:
        if kind not in KINDS:
            raise ValueError(kind)
        row = {"kind": kind, "text": text[:1000], "lang": lang, "at": at, "resolved": False}
        self._rows.append(row)
        self._sql.add("INSERT INTO questions (kind, text, lang, at) VALUES ($1, $2, $3, $4)",
                      row["kind"], row["text"], lang, at)

    def open(self, since: datetime | None = None) -> list[dict[str, Any]]:
        return [{"kind": r["kind"], "text": r["text"], "lang": r["lang"],
                 "at": r["at"].isoformat()} for r in self._rows
                if not r["resolved"] and (since is None or r["at"] >= since)]

    def resolve(self, texts: Iterable[str]) -> int:
        wanted = list(set(texts))
        hits = [r for r in self._rows if r["text"] in wanted and not r["resolved"]]
        for row in hits:
            row["resolved"] = True
        if hits:
            self._sql.add("UPDATE questions SET resolved = true "
                          "WHERE text = ANY($1::text[]) AND NOT resolved", wanted)
        return len(hits)

    def prune(self, now: datetime, retention: timedelta = QUESTION_RETENTION) -> int:
        cutoff = now - retention
        kept = [r for r in self._rows if r["at"] >= cutoff]
        gone = len(self._rows) - len(kept)
        if gone:
            self._rows[:] = kept
            self._sql.add("DELETE FROM questions WHERE at < $1", cutoff)
        return gone


class PgRoles:
    """Coordinators and the audit log (see store.roles)."""

    def __init__(self, coordinators: dict[int, dict[str, Any]], audit: list[dict[str, Any]],
                 statements: Statements) -> None:
        self._coordinators = coordinators
        self._audit = audit
        self._sql = statements

    def load(self, coordinators: dict[int, dict[str, Any]], audit: list[dict[str, Any]]) -> None:
        """The roles and the audit log as read again from the database."""
        self._coordinators.clear()
        self._coordinators.update(coordinators)
        self._audit[:] = audit

    def coordinators(self) -> dict[int, dict[str, Any]]:
        return {uid: dict(entry) for uid, entry in self._coordinators.items()}

    def set_coordinator(self, user_id: int, on: bool, by: int, at: datetime) -> bool:
        present = user_id in self._coordinators
        if on and not present:
            self._coordinators[user_id] = {"added_by": by, "at": at.isoformat()}
            self._sql.add("INSERT INTO coordinators (user_id, added_by, at) VALUES ($1, $2, $3) "
                          "ON CONFLICT (user_id) DO NOTHING", user_id, by, at)
            return True
        if not on and present:
            del self._coordinators[user_id]
            self._sql.add("DELETE FROM coordinators WHERE user_id = $1", user_id)
            return True
        return False

    def audit(self, who: int, what: str, at: datetime) -> None:
        entry = {"who": who, "what": what[:500], "at": at.isoformat()}
        self._audit.append(entry)
        self._sql.add("INSERT INTO audit (who, what, at) VALUES ($1, $2, $3)",
                      who, entry["what"], at)

    def log(self) -> list[dict[str, Any]]:
        return [dict(e) for e in self._audit]


class PgCounters:
    """Usage counters for /stats; the counts since the last flush are added to the
    stored ones (``n = n + delta``), so instances counting at once lose nothing."""

    def __init__(self, counts: dict[str, int], db: Database | None = None) -> None:
        self._counts = counts
        self._delta: dict[str, int] = {}
        self._db = db

    def load(self, stored: dict[str, int]) -> None:
        """The counts as stored, with this instance's not yet written on top."""
        self._counts = {name: stored.get(name, 0) + self._delta.get(name, 0)
                        for name in set(stored) | set(self._delta)}

    def add(self, name: str) -> None:
        self._counts[name] = self._counts.get(name, 0) + 1
        self._delta[name] = self._delta.get(name, 0) + 1

    def all(self) -> dict[str, int]:
        """Every instance's counts as stored, with this one's not yet written (for /stats,
        which a coordinator may ask of any instance)."""
        if self._db is not None:
            self.load({r["name"]: r["n"] for r in self._db.fetch("SELECT name, n FROM counters")})
        return dict(self._counts)

    def take(self) -> list[Statement]:
        delta, self._delta = self._delta, {}
        return [("INSERT INTO counters (name, n) VALUES ($1, $2) "
                 "ON CONFLICT (name) DO UPDATE SET n = counters.n + EXCLUDED.n", (name, n))
                for name, n in sorted(delta.items())]

    def give_back(self, taken: list[Statement]) -> None:
        for _, (name, n) in taken:
            self._delta[name] = self._delta.get(name, 0) + n


CHANNEL = "partnerbot"  # NOTIFY: what an instance changed, for the others to read again
_IDS_PER_NOTICE = 500  # (a notice holds at most 8,000 bytes)


def notices(instance: int | None, users: Iterable[int] = (), **flags: bool) -> list[str]:
    """The payloads telling other instances what changed (users by id, and ``flags``
    such as ``roles`` or ``overlay``)."""
    ids = sorted(users)
    out = [json.dumps({"from": instance, "users": ids[i:i + _IDS_PER_NOTICE]})
           for i in range(0, len(ids), _IDS_PER_NOTICE)]
    if any(flags.values()):
        out.append(json.dumps({"from": instance, **{k: v for k, v in flags.items() if v}}))
    return out


class PgStateStore:
    """The state repositories over one database; this class owns their durability."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.instance: int | None = None  # who this process is (for its notices)
        users, questions, coordinators, audit, counters = db.run(_load(db))
        self._sql = Statements()
        self._group = GroupCommit(self._flush)
        self.users = PgUsers(users, self)
        self.questions = PgQuestionJournal(questions, self._sql)
        self.roles = PgRoles(coordinators, audit, self._sql)
        self.counters = PgCounters(counters, db)

    def _take(self) -> tuple[dict[int, UserWrite], list[Statement], list[Statement]]:
        return self.users.take_pending(), self._sql.take(), self.counters.take()

    def _give_back(self, taken: tuple[dict[int, UserWrite], list[Statement],
                                      list[Statement]]) -> None:
        users, statements, counts = taken
        self.users.give_back(users)
        self._sql.give_back(statements)
        self.counters.give_back(counts)

    def _transaction(self, taken: tuple[dict[int, UserWrite], list[Statement],
                                        list[Statement]]) -> Any:
        users, statements, counts = taken

        async def body(conn: asyncpg.Connection) -> None:
            await _write_users(conn, users)
            await run_all(conn, statements + counts)
            # delivered to the others once this commits, not before
            for payload in notices(self.instance, users, state=bool(statements)):
                await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)
        return self._db.transact(body)

    async def _flush(self) -> None:
        taken = self._take()
        if not any(taken):
            return
        try:
            await self._db.call(self._transaction(taken))
        except Exception:
            self._give_back(taken)
            raise

    async def commit(self) -> None:
        """Return once every change made before this call is committed."""
        await self._group.commit()

    def commit_soon(self) -> None:
        self._group.commit_soon()

    def flush_sync(self) -> None:
        taken = self._take()
        if not any(taken):
            return
        try:
            self._db.run(self._transaction(taken))
        except Exception:
            self._give_back(taken)
            raise

    async def reload(self) -> None:
        """Read everything again, after writing what is pending (on becoming the leader:
        other instances changed things meanwhile)."""
        await self.commit()
        users, questions, coordinators, audit, counters = await self._db.call(_load(self._db))
        self.users.refresh(users)
        self.questions.load(questions)
        self.roles.load(coordinators, audit)
        self.counters.load(counters)

    async def follow(self, notice: dict[str, Any]) -> None:
        """Read again what another instance's ``notices`` say it changed."""
        if notice.get("users"):
            ids = [int(i) for i in notice["users"]]
            rows = await self._db.call(self._db.pool.fetch(
                "SELECT id, data FROM users WHERE id = ANY($1::bigint[])", ids))
            self.users.refresh({r["id"]: r["data"] for r in rows}, only=ids)
        if notice.get("state"):  # questions, roles or the audit log
            questions, coordinators, audit = await self._db.call(_load_small(self._db))
            self.questions.load(questions)
            self.roles.load(coordinators, audit)

    def close(self) -> None:
        """Write what is left; the database itself is closed by its owner."""
        self.flush_sync()


async def _load_small(db: Database) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]],
                                             list[dict[str, Any]]]:
    """The question journal, the coordinators and the audit log (not the users)."""
    async with db.pool.acquire() as conn, conn.transaction(isolation="repeatable_read",
                                                           readonly=True):
        return await _small(conn)


async def _small(conn: asyncpg.Connection) -> tuple[list[dict[str, Any]],
                                                    dict[int, dict[str, Any]],
                                                    list[dict[str, Any]]]:
    questions = [dict(r) for r in await conn.fetch(
        "SELECT kind, text, lang, at, resolved FROM questions ORDER BY id")]
    coordinators = {r["user_id"]: {"added_by": r["added_by"], "at": r["at"].isoformat()}
                    for r in await conn.fetch("SELECT * FROM coordinators")}
    audit = [{"who": r["who"], "what": r["what"], "at": r["at"].isoformat()}
             for r in await conn.fetch("SELECT who, what, at FROM audit ORDER BY id")]
    return questions, coordinators, audit


async def _load(db: Database) -> tuple[dict[int, dict[str, Any]], list[dict[str, Any]],
                                       dict[int, dict[str, Any]], list[dict[str, Any]],
                                       dict[str, int]]:
    async with db.pool.acquire() as conn, conn.transaction(isolation="repeatable_read",
                                                           readonly=True):
        # (read a few thousand at a time: 50,000 rows fetched at once stay in the process
        # as freed memory it never gives back)
        users = {r["id"]: shared_record(r["data"])
                 async for r in conn.cursor("SELECT id, data FROM users", prefetch=2000)}
        questions, coordinators, audit = await _small(conn)
        counters = {r["name"]: r["n"] for r in await conn.fetch("SELECT name, n FROM counters")}
    return users, questions, coordinators, audit, counters
