"""The storage contract: what any implementation of the store must do.

Every test takes ``stores``, a factory that opens the repositories on one data
location (the same location again after a "restart"); a new implementation
(a database, say) adds its factory to ``IMPLEMENTATIONS`` and must pass the
same suite. The TinyDB-and-files implementation is the one the bot runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from scheduler.broadcast_delivery import PENDING, SENT
from store.broadcasts import FileBroadcastStore
from store.chat_edits import OverlayStore
from store.ledger import FileLedger
from store.personal import PersonalData
from store.pg.broadcasts import PgBroadcastStore
from store.pg.chat_edits import PgOverlayStore
from store.pg.database import Database
from store.pg.ledger import PgLedger
from store.pg.state import PgStateStore
from store.state import StateStore
from store.users import User
from tests.postgres import ThrowawayPostgres

NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("UTC"))


@dataclass
class Stores:
    """The repositories of one implementation, opened on one location."""

    state: Any
    ledger: Any
    broadcasts: Any
    edits: Any
    # Everything the implementation has stored, as bytes (files on disk, rows as text):
    # for the tests that look at what was kept and what was deleted.
    stored: Callable[[], bytes]
    # Bytes the implementation wrote so far (files on disk; the database's write-ahead
    # log), and how many a broadcast may cost per recipient.
    written: Callable[[], int]
    per_recipient: int

    @property
    def personal(self) -> PersonalData:
        return PersonalData(self.state, self.ledger, self.broadcasts)


def _on_disk(where: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(where.rglob("*")) if p.is_file())


def _files(where: Path) -> Stores:
    return Stores(StateStore(where), FileLedger(where), FileBroadcastStore(where),
                  OverlayStore(where), stored=lambda: _on_disk(where),
                  written=lambda: len(_on_disk(where / "broadcasts")),
                  per_recipient=60)  # (about 40 bytes each)


def _postgres(db: Database) -> Stores:
    def stored() -> bytes:
        tables = [r["tablename"] for r in db.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'schema_migrations'")]
        return b" ".join(r["t"].encode() for table in tables
                         for r in db.fetch(f"SELECT t::text AS t FROM {table} t"))

    def written() -> int:
        return int(db.fetch("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), "
                            "'0/0') AS n")[0]["n"])
    return Stores(PgStateStore(db), PgLedger(db), PgBroadcastStore(db), PgOverlayStore(db),
                  stored=stored, written=written,
                  # (the write-ahead log of each recipient's row, its two index entries and
                  # its one update: about 270 bytes; rewriting the broadcast per batch of 50
                  # would be about 200 times that)
                  per_recipient=400)


IMPLEMENTATIONS = ("tinydb-files", "postgresql")


@pytest.fixture(params=IMPLEMENTATIONS)
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Stores]]:
    """Opens (or re-opens, as after a restart) the implementation on one location."""
    if request.param == "tinydb-files":
        yield lambda: _files(tmp_path)
        return
    server: ThrowawayPostgres = request.getfixturevalue("postgres")
    url = server.create_database(f"contract_{next(_DATABASES)}")
    opened: list[Database] = []

    def open_again() -> Stores:
        opened.append(Database(url))
        return _postgres(opened[-1])
    yield open_again
    for db in opened:
        db.close()


_DATABASES = itertools.count()


# -- users -----------------------------------------------------------------------


async def test_a_user_is_typed_and_survives_a_restart(stores: Callable[[], Stores]) -> None:
    s = stores()
    assert s.state.users.get(42) is None and s.state.users.of(42) == User(42)
    s.state.users.update(42, lang="ko", subs=["programme:iurc"], quiet=("23:00", "07:00"))
    await s.state.commit()
    again = stores().state.users.get(42)
    assert again == User(42, lang="ko", subs=("programme:iurc",), quiet=("23:00", "07:00"))
    assert again.zone_for() == "Asia/Seoul"  # the language's default until one is chosen
    with pytest.raises(ValueError, match="unknown user fields"):
        s.state.users.update(42, colour="red")


async def test_reachability_has_one_owner(stores: Callable[[], Stores]) -> None:
    s = stores()
    s.state.users.update(7, lang="en")
    await s.state.users.mark_unreachable(7)
    assert stores().state.users.get(7).reachable is False  # durable at once
    assert await s.state.users.mark_reachable(7) is True
    assert await s.state.users.mark_reachable(7) is False  # already reachable: nothing to do
    assert [u.id for u in stores().state.users.all() if u.reachable] == [7]


# -- the question journal, roles, chat edits ------------------------------------------


async def test_the_question_journal_holds_no_one_and_expires(
        stores: Callable[[], Stores]) -> None:
    s = stores()
    s.state.questions.record("unanswered", "Where do I park?", "en", NOW - timedelta(days=200))
    s.state.questions.record("disliked", "Who funds ICP?", "en", NOW)
    await s.state.commit()
    journal = stores().state.questions
    assert set(journal.open()[0]) == {"kind", "text", "lang", "at"}  # no user id field
    assert journal.prune(NOW) == 1
    assert journal.resolve(["Who funds ICP?"]) == 1 and journal.open() == []


async def test_roles_and_their_audit_log_survive_a_restart(stores: Callable[[], Stores]) -> None:
    s = stores()
    assert s.state.roles.set_coordinator(9, True, by=1, at=NOW)
    assert not s.state.roles.set_coordinator(9, True, by=1, at=NOW)  # nothing changed
    s.state.roles.audit(9, "broadcast b1 sent", NOW)
    await s.state.commit()
    again = stores().state.roles
    assert 9 in again.coordinators() and again.log()[0]["what"] == "broadcast b1 sent"


def test_chat_edits_are_kept_whole_and_replaced_atomically(
        stores: Callable[[], Stores]) -> None:
    s = stores()
    data = s.edits.with_phrasing("fact:icp-funder", "who pays for icp", "en")
    s.edits.save(data)
    s.edits.save(s.edits.with_phrasing("fact:iurc-funder", "who pays for icp", "en"))
    phrasings = stores().edits.data["phrasings"]
    assert phrasings == [{"key": "fact:iurc-funder", "question": "who pays for icp",
                          "lang": "en"}]  # taught again: moved, not duplicated


# -- the reminder ledger -----------------------------------------------------------


async def test_a_recorded_reminder_is_never_due_again(stores: Callable[[], Stores]) -> None:
    s = stores()
    key = "event:x@2026-12-01|2026-12-01T09:00:00+00:00|1d"
    s.ledger.record(key, 5, expires=NOW + timedelta(days=9))
    await s.ledger.flush()
    again = stores().ledger
    assert again.sent(key, 5) and not again.sent(key, 6)
    assert again.sent_to(5) == [key]
    assert again.prune(NOW + timedelta(days=10)) == 1 and not again.sent(key, 5)


# -- broadcasts ----------------------------------------------------------------------


def _broadcast(s: Stores, n: int) -> None:
    s.broadcasts.create("b1", by=1, texts={"en": "Hello"}, audience={"everyone": True},
                        recipients=dict.fromkeys(range(1000, 1000 + n), PENDING),
                        langs=dict.fromkeys(range(1000, 1000 + n), "en"), status="sending",
                        at=NOW)


async def test_deliveries_survive_a_restart_batch_by_batch(stores: Callable[[], Stores]) -> None:
    s = stores()
    _broadcast(s, 4)
    s.broadcasts.set_state("b1", 1000, SENT)
    s.broadcasts.set_state("b1", 1001, SENT)
    await s.broadcasts.flush("b1")
    s.broadcasts.set_state("b1", 1002, SENT)  # not flushed: lost with the process
    states = stores().broadcasts.states("b1")
    assert states == {1000: SENT, 1001: SENT, 1002: PENDING, 1003: PENDING}
    s.broadcasts.set_status("b1", "done")
    await s.broadcasts.flush("b1")
    assert stores().broadcasts.get("b1")["status"] == "done"


async def test_a_broadcast_writes_bytes_in_proportion_to_its_audience(
        stores: Callable[[], Stores]) -> None:
    """10,000 recipients in batches of 50: every delivery is written once, not the whole
    broadcast per batch (which grows with the square of the audience)."""
    s = stores()
    n, batch = 10_000, 50
    before = s.written()
    _broadcast(s, n)
    for start in range(1000, 1000 + n, batch):
        for user in range(start, start + batch):
            s.broadcasts.set_state("b1", user, SENT)
        await s.broadcasts.flush("b1")
    written = s.written() - before
    assert written < s.per_recipient * n, written
    assert set(stores().broadcasts.states("b1").values()) == {SENT}


def test_a_write_cut_short_is_skipped(tmp_path: Path) -> None:
    """(The files' journal: a database's transactions are never half there.)"""
    s = _files(tmp_path)
    _broadcast(s, 2)
    s.broadcasts.set_state("b1", 1000, SENT)
    s.broadcasts.flush_sync()
    journal = next((tmp_path / "broadcasts").glob("*.log"))
    with open(journal, "ab") as fh:
        fh.write(b'[1001,"se')  # the process died mid-append
    resumed = _files(tmp_path)
    assert resumed.broadcasts.states("b1") == {1000: SENT, 1001: PENDING}
    resumed.broadcasts.set_state("b1", 1001, SENT)  # the resumed run's next append
    resumed.broadcasts.flush_sync()
    # (not glued to the tail)
    assert _files(tmp_path).broadcasts.states("b1") == {1000: SENT, 1001: SENT}


# -- everything about one person ------------------------------------------------------


async def test_export_and_forget_cover_every_repository(stores: Callable[[], Stores]) -> None:
    s = stores()
    user = 1001
    s.state.users.update(user, lang="bg", zone="Europe/Sofia", subs=["kind:deadline"])
    s.state.roles.set_coordinator(user, True, by=1, at=NOW)
    await s.state.commit()
    key = "event:x@2026-12-01|2026-12-01T09:00:00+00:00|1d"
    s.ledger.record(key, user, expires=NOW + timedelta(days=9))
    await s.ledger.flush()
    _broadcast(s, 3)
    s.broadcasts.set_state("b1", user, SENT)
    await s.broadcasts.flush("b1")

    exported = s.personal.export(user)
    assert exported["settings"]["lang"] == "bg" and exported["settings"]["subs"] == [
        "kind:deadline"]
    assert exported["reminders_sent"] == [key]
    assert exported["announcements"] == [{"broadcast": "b1", "created": NOW.isoformat(),
                                          "state": SENT}]
    assert exported["coordinator"] is not None

    await s.personal.forget(user, NOW)
    assert str(user).encode() not in s.stored().replace(b"1000", b"").replace(
        b"1002", b"")  # (the other recipients' ids share digits)
    again = stores()
    assert again.state.users.get(user) is None and user not in again.state.roles.coordinators()
    assert not again.ledger.sent(key, user)
    assert user not in again.broadcasts.states("b1")
    assert PersonalData(again.state, again.ledger, again.broadcasts).export(user) == {
        "telegram_user_id": user, "settings": None, "reminders_sent": [], "announcements": [],
        "coordinator": None}
