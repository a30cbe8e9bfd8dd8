"""What the PostgreSQL store promises beyond the contract: migrations, several writers
on one database, and a flush that failed being written by the next one."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from store.pg.database import Database
from store.pg.migrations import LATEST, SchemaTooNew, migrate
from store.pg.state import PgStateStore
from tests.postgres import ThrowawayPostgres

NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("UTC"))
_NAMES = itertools.count()


@pytest.fixture
def database(postgres: ThrowawayPostgres) -> Iterator[Callable[[], Database]]:
    """Opens a connection pool on one new database, as each instance of the bot would."""
    url = postgres.create_database(f"pg_store_{next(_NAMES)}")
    opened: list[Database] = []

    def open_one() -> Database:
        opened.append(Database(url))
        return opened[-1]
    yield open_one
    for db in opened:
        db.close()


def test_migrations_run_once_and_a_newer_schema_is_refused(
        database: Callable[[], Database]) -> None:
    db = database()
    versions = [r["version"] for r in db.fetch("SELECT version FROM schema_migrations")]
    assert versions == list(range(1, LATEST + 1))

    async def again() -> list[int]:
        async with db.pool.acquire() as conn:
            return await migrate(conn)
    assert db.run(again()) == []  # already current: nothing applied twice
    database()  # a second instance starting on the same database changes nothing
    db.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')",
               LATEST + 1)
    with pytest.raises(SchemaTooNew, match=f"version {LATEST + 1}"):
        database()


async def test_two_instances_changing_one_person_keep_both_changes(
        database: Callable[[], Database]) -> None:
    a, b = PgStateStore(database()), PgStateStore(database())
    a.users.update(42, lang="ko")
    b.users.update(42, zone="Europe/Sofia")  # b has not seen a's change
    await a.commit()
    await b.commit()
    user = PgStateStore(database()).users.get(42)
    assert user is not None and (user.lang, user.zone) == ("ko", "Europe/Sofia")


async def test_counts_from_several_instances_add_up(database: Callable[[], Database]) -> None:
    a, b = PgStateStore(database()), PgStateStore(database())
    for _ in range(3):
        a.counters.add("answered")
    b.counters.add("answered")
    b.counters.add("unknown")
    await a.commit()
    await b.commit()
    assert PgStateStore(database()).counters.all() == {"answered": 4, "unknown": 1}


async def test_a_failed_flush_is_written_by_the_next_one(
        database: Callable[[], Database]) -> None:
    db = database()
    state = PgStateStore(db)
    state.users.update(7, lang="bg")
    state.questions.record("unanswered", "Where is the kick-off?", "en", NOW)
    state.counters.add("unknown")
    db.execute("ALTER TABLE users RENAME TO users_away")  # the transaction will fail
    with pytest.raises(Exception, match="users"):
        await state.commit()
    db.execute("ALTER TABLE users_away RENAME TO users")
    state.users.update(7, subs=["programme:icp"])  # a newer change to the same person
    await state.commit()
    again = PgStateStore(database())
    assert again.users.get(7) is not None and again.users.get(7).lang == "bg"
    assert again.users.get(7).subs == ("programme:icp",)
    assert [q["text"] for q in again.questions.open()] == ["Where is the kick-off?"]
    assert again.counters.all() == {"unknown": 1}  # counted once, not once per attempt


async def test_forgotten_then_back_in_one_flush(database: Callable[[], Database]) -> None:
    state = PgStateStore(database())
    state.users.update(5, lang="ca", subs=["kind:webinar"])
    await state.commit()
    state.users.forget(5)
    state.users.update(5, lang="es")  # wrote again before the flush
    await state.commit()
    user = PgStateStore(database()).users.get(5)
    assert user is not None and (user.lang, user.subs) == ("es", ())  # nothing old kept
