"""What the PostgreSQL store promises beyond the contract: migrations, several writers
on one database, and a flush that failed being written by the next one."""

from __future__ import annotations

import asyncio
import itertools
import signal
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from scheduler.broadcast_delivery import PENDING, SENT
from scheduler.sender import Delivery, Message, RateLimitedSender, Status
from store.pg.broadcasts import PgBroadcastStore
from store.pg.database import Database
from store.pg.inbox import PgInbox
from store.pg.ledger import PgLedger
from store.pg.migrations import INSTANCE_LOCKS, LATEST, SchemaTooNew, migrate
from store.pg.presence import Presence
from store.pg.send_budget import PgSendBudget
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
    assert b.counters.all() == {"answered": 4, "unknown": 1}  # a's written, b's not yet
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


async def _until(condition: Callable[[], bool], seconds: float = 15.0) -> float:
    """Waits (on the loop, in small steps) until ``condition`` holds; how long it took."""
    loop = asyncio.get_running_loop()
    began = loop.time()
    while not condition():
        assert loop.time() - began < seconds, "did not happen in time"
        await asyncio.sleep(0.05)
    return loop.time() - began


async def test_one_instance_leads_and_another_takes_over_when_it_is_killed(
        database: Callable[[], Database], postgres: ThrowawayPostgres) -> None:
    db = database()
    seen: list[tuple[int | None, bool]] = []
    here = Presence(db, lambda who, leading: seen.append((who, leading)), every=0.2)
    # the first instance: another process, which leads, then is killed with SIGKILL
    other = await asyncio.create_subprocess_exec(sys.executable, "-c", _LEADER_SCRIPT, db.url,
                                                 stdout=asyncio.subprocess.PIPE)
    try:
        assert other.stdout is not None
        assert (await other.stdout.readline()).strip() == b"leading"
        here.start()
        await _until(lambda: here.instance_id is not None)
        await asyncio.sleep(1.0)
        assert not here.leading  # the other one leads
        other.send_signal(signal.SIGKILL)
        await other.wait()
        took = await _until(lambda: here.leading)
        assert took < 5.0, took  # within seconds of the kill
        # (the flag flips on the presence thread; the callback follows on this loop)
        await _until(lambda: bool(seen) and seen[-1] == (here.instance_id, True), 2.0)
    finally:
        here.stop()
        if other.returncode is None:
            other.kill()
            await other.wait()


_LEADER_SCRIPT = """
import asyncio, sys, time
from scheduler.broadcast_delivery import PENDING, SENT
from scheduler.sender import Delivery, Message, RateLimitedSender, Status
from store.pg.broadcasts import PgBroadcastStore
from store.pg.database import Database
from store.pg.inbox import PgInbox
from store.pg.ledger import PgLedger
from store.pg.presence import Presence
from store.pg.send_budget import PgSendBudget

async def main():
    db = Database(sys.argv[1])
    presence = Presence(db, lambda who, leading: None, every=0.1)
    presence.start()
    while not presence.leading:
        await asyncio.sleep(0.05)
    print("leading", flush=True)
    await asyncio.sleep(60)

asyncio.run(main())
"""


async def test_instances_claim_disjoint_batches_and_take_over_a_dead_ones(
        database: Callable[[], Database]) -> None:
    db = database()
    creator = PgBroadcastStore(db)
    creator.create("b1", by=1, texts={"en": "Hi"}, audience={"everyone": True},
                   recipients=dict.fromkeys(range(1000, 1300), PENDING),
                   langs=dict.fromkeys(range(1000, 1300), "en"), status="sending", at=NOW)
    locks = [await asyncpg.connect(db.url) for _ in range(2)]  # "alive" = holding the lock
    stores = []
    for instance, conn in enumerate(locks, start=1):
        await conn.execute("SELECT pg_advisory_lock($1, $2)", INSTANCE_LOCKS, instance)
        store = PgBroadcastStore(database())
        store.claimer = instance
        stores.append(store)
    a, b = stores
    claims = await asyncio.gather(*(s.claim("b1", 25) for _ in range(5) for s in (a, b)))
    users = [u for batch in claims for u, _ in batch]
    assert len(users) == 250 == len(set(users))  # nobody claimed twice
    assert not any(resent for batch in claims for _, resent in batch)
    for batch in claims[1::2]:  # b sends its batches; a is killed with its own in flight
        for user, _ in batch:
            b.set_state("b1", user, SENT)
    await b.flush("b1")
    await locks[0].close()
    orphaned = {u for batch in claims[0::2] for u, _ in batch}
    # a's batch may have gone out a moment ago: not sent again within seconds (Telegram
    # would refuse a second message to the chat within its second)
    fresh = await b.claim("b1", 500)
    assert len(fresh) == 50 and not any(resent for _, resent in fresh)
    db.execute("UPDATE deliveries SET claimed_at = claimed_at - interval '6 seconds'")
    took = await b.claim("b1", 500)
    assert {u for u, resent in took} == orphaned and all(r for _, r in took)  # resent
    assert await b.claim("b1", 10) == []  # nothing left that nobody alive is sending
    await locks[1].close()


async def test_two_senders_share_one_overall_budget(database: Callable[[], Database]) -> None:
    """Two processes' senders on one budget send at the overall rate together, not each."""
    rate, n = 200.0, 60
    sent_at: list[float] = []
    loop = asyncio.get_running_loop()

    async def transport(message: Message) -> Delivery:
        sent_at.append(loop.time())
        return Delivery(Status.SENT)

    senders = [RateLimitedSender(transport, per_second=rate,
                                 budget=PgSendBudget(database(), rate)) for _ in range(2)]
    began = loop.time()
    await asyncio.gather(*(s.send(Message(chat, "hi")) for i, s in enumerate(senders)
                           for chat in range(i * n, (i + 1) * n)))
    took = loop.time() - began
    interval = 1 / (rate * 0.95)
    assert took >= (2 * n - 1) * interval * 0.97, took  # the two together, one budget
    sent_at.sort()
    window = 0.1  # no tenth of a second holds more than its share, give or take one
    assert max(sum(1 for t in sent_at if start <= t < start + window)
               for start in sent_at) <= rate * window + 1


async def test_a_change_on_one_instance_reaches_the_others_memory(
        database: Callable[[], Database]) -> None:
    """Webhooks give any instance any user's next update: what one instance wrote must be
    what the others read, down to the reminder index their listeners keep."""
    a, b = PgStateStore(database()), PgStateStore(database())
    b.users.update(8, lang="en")  # b's own change, not yet written: kept over a's
    heard: list[tuple[int, object]] = []
    b.users.listen(lambda uid, user: heard.append((uid, user)))
    tasks: list[asyncio.Task[None]] = []
    listening = Presence(database(), lambda who, leading: None, every=0.1,
                         on_notice=lambda n: tasks.append(asyncio.create_task(b.follow(n))))
    listening.start()
    await _until(lambda: listening.instance_id is not None)
    a.instance = 999  # another instance's notices
    a.users.update(7, lang="ko", subs=["programme:icp"])
    a.users.update(8, zone="Asia/Seoul")
    a.roles.set_coordinator(7, True, by=1, at=NOW)
    await a.commit()
    await _until(lambda: b.users.get(7) is not None and 7 in b.roles.coordinators())
    await asyncio.gather(*tasks)
    assert b.users.get(7).subs == ("programme:icp",) and (7, b.users.get(7)) in heard
    assert (b.users.get(8).lang, b.users.get(8).zone) == ("en", "Asia/Seoul")
    a.users.forget(7)
    await a.commit()
    await _until(lambda: b.users.get(7) is None)
    listening.stop()


async def test_a_reminder_is_claimed_by_one_instance_and_a_dead_ones_claims_resumed(
        database: Callable[[], Database]) -> None:
    key = "event:x@2026-12-01|2026-12-01T09:00:00+00:00|1h"
    expires = NOW + timedelta(days=9)
    locks, ledgers = [], []
    for instance in (1, 2):
        conn = await asyncpg.connect(database().url)
        await conn.execute("SELECT pg_advisory_lock($1, $2)", INSTANCE_LOCKS, instance)
        locks.append(conn)
        ledger = PgLedger(database())
        ledger.claimer = instance
        ledgers.append(ledger)
    a, b = ledgers
    users = list(range(100, 160))
    got_a, got_b = await asyncio.gather(a.claim(key, users, expires), b.claim(key, users, expires))
    assert not got_a & got_b and got_a | got_b == set(users)  # each user claimed once
    winner, loser = (a, b) if got_a else (b, a)
    sent = sorted(got_a | got_b)[:20]
    for user in sent:
        winner.record(key, user, expires)  # sent: 20 of them; the rest still in flight
    await winner.flush()
    assert await loser.claim(key, users, expires) == set()  # the winner is alive
    await locks[0 if winner is a else 1].close()  # the winner dies with 40 in flight
    resumed = await loser.claim(key, users, expires)
    assert resumed == set(users) - set(sent)
    assert PgLedger(database()).sent(key, sent[0])  # sent stays sent
    await locks[1 if winner is a else 0].close()


async def test_the_shared_inbox_drops_an_update_twice_and_forgets_handled_ones_later(
        database: Callable[[], Database]) -> None:
    a, b = PgInbox(database()), PgInbox(database())
    a.owner, b.owner = 1, 2
    update = {"update_id": 5, "message": {"text": "/start"}}
    assert await asyncio.to_thread(a.journal, update) is True
    assert await asyncio.to_thread(b.journal, update) is False  # sent again, elsewhere
    db = database()
    # a holds no instance lock: to b it is an instance that died with the update unhandled
    assert await b.take_over() == [update]
    assert await b.take_over() == []  # now b's own
    b.done(5)
    await _until(lambda: db.fetch("SELECT done FROM inbox")[0]["done"])
    await a.prune()
    assert db.fetch("SELECT count(*) AS n FROM inbox")[0]["n"] == 1  # kept: recent
    db.execute("UPDATE inbox SET at = now() - interval '3 days'")
    await a.prune()
    assert db.fetch("SELECT count(*) AS n FROM inbox")[0]["n"] == 0


async def test_a_new_leader_reads_the_ledger_and_broadcasts_again_keeping_its_own(
        database: Callable[[], Database]) -> None:
    key = "event:x@2026-12-01|2026-12-01T09:00:00+00:00|1h"
    expires = NOW + timedelta(days=9)
    old, new = PgLedger(database()), PgLedger(database())
    old.record(key, 1, expires)
    await old.flush()  # the old leader's send
    new.record(key, 2, expires)  # one of this instance's, not yet written
    await new.reload()
    assert new.sent(key, 1) and new.sent(key, 2)
    assert PgLedger(database()).sent(key, 2)  # written on the way
    made, follower = PgBroadcastStore(database()), PgBroadcastStore(database())
    made.create("b9", by=1, texts={"en": "Hi"}, audience={"everyone": True},
                recipients={5: PENDING}, langs={5: "en"}, status="sending", at=NOW)
    assert follower.get("b9") is None
    await follower.reload()
    assert follower.states("b9") == {5: PENDING}
