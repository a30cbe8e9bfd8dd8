"""Two instances of the real bot process on one PostgreSQL database and one stand-in,
the leader killed with SIGKILL in the middle of a 5,000-recipient broadcast and of a
reminder fan-out: nothing lost, duplicates within what the dead instance had in flight,
and the lead taken over within seconds (bench/instances.py, faster: the stand-in and
the bot at 200 messages/s)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bench.instances import BATCH, led_by, one_run, start_instance, webhook_run
from bot.app import FENCED
from store.pg.database import Database
from store.pg.migrations import INSTANCE_LOCKS
from tests.botapi import StandIn
from tests.postgres import ThrowawayPostgres

RATE = 200.0


async def test_a_broadcast_survives_its_leader_being_killed(
        postgres: ThrowawayPostgres) -> None:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    out = await one_run(5000, kill=True, reminders=False, rate=RATE, seed=1, server=postgres)
    assert out.lost == 0 and out.delivered == 5000
    assert out.duplicates <= BATCH, out.duplicates
    assert out.takeover is not None and out.takeover < 5, out.takeover
    assert out.status == "done"


async def test_a_reminder_fan_out_survives_its_leader_being_killed(
        postgres: ThrowawayPostgres) -> None:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    out = await one_run(2000, kill=True, reminders=True, rate=RATE, seed=2, server=postgres,
                        min_wait=8)
    assert out.lost == 0 and out.delivered == 2000
    assert out.duplicates <= BATCH, out.duplicates
    assert out.takeover is not None and out.takeover < 5, out.takeover


async def test_webhooks_through_a_load_balancer_lose_nothing_when_the_leader_dies(
        postgres: ThrowawayPostgres) -> None:
    """Any instance handles any update; an update the killed leader had journaled and not
    handled is taken over by the new leader; one Telegram sends again is recognised."""
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    out = await webhook_run(100, rate=20, seed=3, server=postgres, victim="leader")
    assert out.lost == 0, out
    assert min(out.per_instance) > 20, out.per_instance  # both answered their share
    assert out.takeover is not None and out.takeover < 5, out.takeover


async def test_an_instance_that_loses_the_database_stops_to_be_started_again(
        postgres: ThrowawayPostgres, tmp_path: Path) -> None:
    """Its locks went with its connection: the others may be doing its work by now, so
    it stops (exit 75) instead of going on as if it still led."""
    stand_in = StandIn()
    await stand_in.start()
    url = postgres.create_database("fenced")
    db = Database(url)
    proc = await start_instance(stand_in, str(tmp_path), url, rate=30)
    try:
        assert await led_by(db, {proc.pid}, within=30) == proc.pid
        # the database ends the instance's presence connection (a network cut, say)
        db.execute("SELECT pg_terminate_backend(l.pid) FROM pg_locks l WHERE "
                   "l.locktype = 'advisory' AND l.classid = $1", INSTANCE_LOCKS)
        assert await asyncio.wait_for(proc.wait(), 30) == FENCED
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        db.close()
        await stand_in.stop()


async def test_on_postgresql_every_sender_takes_its_turns_from_the_shared_budget(
        postgres: ThrowawayPostgres, tmp_path: Path, engine: object) -> None:
    """Reminders and broadcasts of every instance share one 30/s: the application built on
    PostgreSQL paces its sender with the database's budget, not a bucket of its own."""
    from bot.app import build_application
    from bot.config import Config
    from store.backend import open_stores
    from store.pg.send_budget import PgSendBudget

    stores = open_stores(tmp_path, postgres.create_database("budget"))
    try:
        app = build_application(Config(token=StandIn().token, data_dir=tmp_path), engine,
                                stores, lambda: None, publish=False)  # type: ignore[arg-type]
        services = app.bot_data["services"]
        assert isinstance(services.broadcasts.runner.sender.budget, PgSendBudget)
        assert app.bot_data["reminders"].service.sender is services.broadcasts.runner.sender
    finally:
        stores.close()
