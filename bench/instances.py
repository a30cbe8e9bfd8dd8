"""Two instances of the real `python -m bot run` on one PostgreSQL database and one
stand-in: a broadcast and a reminder fan-out sent by both, the leader killed midway.

Both processes run with ``DATABASE_URL`` set to one throwaway PostgreSQL server
(durable: fsync on) and their own data directories; the stand-in answers as
Telegram does (``--rate`` messages/s overall, one per chat per second, 429 beyond).

- broadcast: ``--recipients`` users are known; a coordinator sends an announcement
  to everyone through the chat (to the leader, the one instance long-polling).
  Both instances claim its batches. With ``--kill``, the leader is killed with
  SIGKILL once a random 30-70% went out; the other takes the lead (the time it
  took is reported) and finishes. Counted per recipient: lost, duplicates
  (bound: the killed instance's batch in flight, 50), 429s, the rate while
  sending against the overall limit, and whether the broadcast ended as done.
- reminders (``--reminders``): as many subscribers; an event's "1 h before"
  reminder comes due shortly after the start and the leader sends it; with
  ``--kill`` the leader is killed midway and the new leader resumes the fan-out.

    python bench/instances.py [--recipients 5000] [--kill] [--reminders] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import sending_rate, spread, stop  # noqa: E402
from bench.interactive import ADMIN, ANNOUNCEMENT, FIRST_RECIPIENT, _send_to_everyone  # noqa: E402
from bench.kills import _reached, _tally, push_action  # noqa: E402
from content.langs import LANGS  # noqa: E402
from content.overlay import EDIT_SOURCE  # noqa: E402
from store.pg.chat_edits import PgOverlayStore  # noqa: E402
from store.pg.database import Database  # noqa: E402
from store.pg.state import PgStateStore  # noqa: E402
from tests.botapi import StandIn  # noqa: E402
from tests.postgres import ThrowawayPostgres  # noqa: E402

BATCH = 50  # what an instance has in flight at most (a broadcast's or a fan-out's batch)


@dataclass
class Outcome:
    delivered: int
    lost: int
    duplicates: int
    killed: bool
    takeover: float | None  # seconds from the kill until the other instance led
    too_many: int  # 429s the stand-in answered
    rate: float  # messages per second while sending
    status: str  # the broadcast's, as stored ("done" once finished); "-" for reminders
    refused: str = ""  # what the 429s were answered to: method and whose chat


def start_instance(stand_in: StandIn, data_dir: str, url: str, rate: float,
                   admin: int | None = ADMIN, webhook: tuple[str, int] | None = None
                   ) -> asyncio.subprocess.Process:
    """One instance; ``webhook``: (the public URL, this instance's port) to serve it on."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": stand_in.token, "PYTHONPATH": str(ROOT),
           "TELEGRAM_API_BASE_URL": stand_in.base_url, "BOT_DATA_DIR": data_dir,
           "DATABASE_URL": url, "BOT_SEND_RATE": str(rate)}
    if admin is not None:
        env["BOT_ADMIN_IDS"] = str(admin)
    args = ["run"]
    if webhook is not None:
        env.update(TELEGRAM_WEBHOOK_URL=webhook[0], TELEGRAM_WEBHOOK_PORT=str(webhook[1]),
                   TELEGRAM_WEBHOOK_LISTEN="127.0.0.1", TELEGRAM_WEBHOOK_SECRET=SECRET)
        args.append("--webhook")
    return asyncio.create_subprocess_exec(  # type: ignore[return-value]
        sys.executable, "-m", "bot", *args, cwd=data_dir, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


SECRET = "bench-webhook-secret"


def leader_pid(db: Database) -> int | None:
    """The process that leads now: the instance whose lead is freshest (within 3 s)."""
    return db.run(db.pool.fetchval(
        "SELECT pid FROM instances WHERE led > now() - interval '3 seconds' "
        "ORDER BY led DESC LIMIT 1"))


async def led_by(db: Database, pids: set[int], within: float) -> int | None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        pid = await asyncio.to_thread(leader_pid, db)
        if pid in pids:
            return pid
        await asyncio.sleep(0.05)
    return None


def _prepare(db: Database, people: int, event_start: datetime | None) -> None:
    state = PgStateStore(db)
    for i in range(people):
        # (no quiet hours: the run sends at whatever time of day it is started)
        state.users.update(FIRST_RECIPIENT + i, lang="en", zone="UTC",
                           subs=["all"] if event_start else [], quiet=("00:00", "00:00"))
    state.flush_sync()
    if event_start is not None:
        event = {"id": "event:chat-partner-call", "programme": "programme:icp",
                 "kind": "meeting", "precision": "exact",
                 "start": event_start.strftime("%Y-%m-%dT%H:%M"), "zone": "UTC",
                 "title": dict.fromkeys(LANGS, "Partner call"),
                 "description": dict.fromkeys(LANGS, "Partner call"),
                 "sources": [EDIT_SOURCE], "updated": event_start.date().isoformat(),
                 "sequence": 0, "status": "scheduled"}
        PgOverlayStore(db).save({"events": [event]})
        # a bot that led until a moment ago: what came due before is not caught up now
        # (the event's reminders a day and a week ahead)
        db.execute("INSERT INTO instances (host, pid, led) VALUES ('earlier', 0, "
                   "now() - interval '10 seconds')")


async def one_run(people: int, *, kill: bool, reminders: bool, rate: float, seed: int,
                  server: ThrowawayPostgres, min_wait: int = 20) -> Outcome:
    rng = random.Random(seed)
    stand_in = StandIn(global_rate=rate, per_chat_rate=1)
    await stand_in.start()
    url = server.create_database(f"instances_{os.getpid()}_{seed}_{int(kill)}_{int(reminders)}")
    db = Database(url)
    chats = range(FIRST_RECIPIENT, FIRST_RECIPIENT + people)
    now = datetime.now(UTC)
    # the 1 h lead falls at least ``min_wait`` s ahead (the instances start meanwhile), on
    # the next whole minute, as the event's start does
    starts = (now + timedelta(hours=1, seconds=min_wait + 59)).replace(second=0,
                                                                         microsecond=0)
    await asyncio.to_thread(_prepare, db, people, starts if reminders else None)

    def wanted(call: object) -> bool:
        text = str(call.params.get("text", ""))  # type: ignore[attr-defined]
        return text.startswith("⏰") if reminders else text == ANNOUNCEMENT

    def got() -> Counter[int]:
        return Counter(int(c.params["chat_id"]) for c in stand_in.sent()
                       if int(c.params["chat_id"]) in chats and wanted(c))

    def sent() -> int:
        return sum(got().values())

    takeover: float | None = None
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        procs = [await start_instance(stand_in, d, url, rate) for d in (one, two)]
        by_pid = {p.pid: p for p in procs}
        try:
            first = await led_by(db, set(by_pid), within=30)
            assert first is not None, "no instance took the lead"
            if reminders:
                due = starts - timedelta(hours=1)
                await asyncio.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()))
            else:
                await _send_to_everyone(stand_in, ANNOUNCEMENT)
            if kill:
                await _reached(sent, round(people * rng.uniform(0.3, 0.7)), within=120 + people
                               / rate)
                loop = asyncio.get_running_loop()
                killed_at = loop.time()
                by_pid[first].kill()
                await by_pid[first].wait()
                survivor = await led_by(db, set(by_pid) - {first}, within=30)
                takeover = loop.time() - killed_at if survivor is not None else None
            await _reached(lambda: len(got()), people, within=2 * people / rate + 60)
            await asyncio.sleep(3)  # a second copy still on its way arrives
        finally:
            for proc in procs:
                if proc.returncode is None:
                    await stop(proc)
    counted = got()
    times = [c.at for c in stand_in.sent() if wanted(c)]
    status = "-" if reminders else ",".join(
        r["status"] for r in db.fetch("SELECT status FROM broadcasts")) or "none"
    db.close()
    await stand_in.stop()
    lost, duplicates = _tally(counted, chats)
    refused = Counter(f"{c.method} to " + ("a recipient" if int(c.params["chat_id"]) in chats
                                           else "the coordinator")
                      for c in stand_in.calls if c.status == 429)
    return Outcome(len(counted), lost, duplicates, kill, takeover, stand_in.too_many,
                   sending_rate(times), status,
                   ", ".join(f"{n} x {k}" for k, n in refused.items()))


@dataclass
class Clicks:
    users: int
    lost: int  # a /start or a button never answered, or a language never stored
    twice: int  # a /start answered with two menus, or a button answered twice
    per_instance: list[int]  # updates each instance answered (through the balancer)
    resent: int  # webhook POSTs not answered 200 (the stand-in sent the update again)
    takeover: float | None


async def webhook_run(users: int, *, rate: float, seed: int, server: ThrowawayPostgres,
                      kill: bool = True, victim: str = "either") -> Clicks:
    """Two instances behind a load balancer, webhooks only: each user presses /start, then
    a language button, while (``kill``) one instance (``victim``: "either", chosen at
    random, "leader" or "follower") is killed with SIGKILL and started again 3 s later,
    as a supervisor would."""
    from tests.balancer import Balancer
    from tests.postgres import _free_port

    rng = random.Random(seed)
    stand_in = StandIn(global_rate=30, per_chat_rate=1)
    await stand_in.start()
    url = server.create_database(f"webhooks_{os.getpid()}_{seed}")
    db = Database(url)
    ports = [_free_port(), _free_port()]
    balancer = Balancer([f"http://127.0.0.1:{p}" for p in ports])
    await balancer.start()
    hook = balancer.url + "/tg/hook"
    first = FIRST_RECIPIENT
    callbacks: dict[int, str] = {}
    takeover: float | None = None
    loop = asyncio.get_running_loop()
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        dirs = [one, two]
        procs = [await start_instance(stand_in, d, url, rate, webhook=(hook, p))
                 for d, p in zip(dirs, ports, strict=True)]
        try:
            leader = await led_by(db, {p.pid for p in procs}, within=30)
            assert leader is not None, "no instance took the lead"
            await _reached(lambda: stand_in.webhook_url is not None, 1, within=30)
            actions = ([(u, "start") for u in range(first, first + users)]
                       + [(u, "language") for u in range(first, first + users)])
            kill_at = rng.uniform(0.2, 0.8) * len(actions) if kill else -1
            for n, (user, step) in enumerate(actions):
                push_action(stand_in, user, step, callbacks)
                await asyncio.sleep(1 / rate)
                if n == int(kill_at):
                    leading = [p.pid for p in procs].index(leader)
                    victim_at = {"leader": leading, "follower": 1 - leading}.get(
                        victim, rng.randrange(2))
                    was_leader = victim_at == leading
                    procs[victim_at].kill()
                    await procs[victim_at].wait()
                    killed_at = loop.time()
                    if was_leader:
                        survivor = await led_by(db, {procs[1 - victim_at].pid}, within=30)
                        takeover = loop.time() - killed_at if survivor else None
                    await asyncio.sleep(max(0.0, 3 - (loop.time() - killed_at)))
                    procs[victim_at] = await start_instance(
                        stand_in, dirs[victim_at], url, rate, webhook=(hook, ports[victim_at]))

            def answered() -> tuple[Counter[int], Counter[str]]:
                menus = Counter(int(c.params["chat_id"]) for c in stand_in.sent()
                                if int(c.params.get("chat_id", 0)) >= first)
                answers = Counter(str(c.params.get("callback_query_id"))
                                  for c in stand_in.sent("answerCallbackQuery"))
                return menus, answers

            def complete() -> int:
                menus, answers = answered()
                return int(len(menus) >= users and all(answers[i] for i in callbacks.values()))
            await _reached(complete, 1, within=60 + users / 5)
            await asyncio.sleep(3)  # a second copy still on its way arrives
        finally:
            for proc in procs:
                if proc.returncode is None:
                    await stop(proc)
    menus, answers = answered()
    stored = PgStateStore(db)
    langs = [getattr(stored.users.get(u), "lang", None) for u in range(first, first + users)]
    db.close()
    await balancer.stop()
    await stand_in.stop()
    lost = (sum(1 for u in range(first, first + users) if not menus[u])
            + sum(1 for i in callbacks.values() if not answers[i])
            + sum(1 for lang in langs if lang != "bg"))
    twice = (sum(n - 1 for n in menus.values() if n > 1)
             + sum(answers[i] - 1 for i in callbacks.values() if answers[i] > 1))
    return Clicks(users, lost, twice, list(balancer.sent.values()), stand_in.webhook_failures,
                  takeover)


def report(outcomes: list[Outcome], rate: float, what: str) -> bool:
    for i, out in enumerate(outcomes, 1):
        print(f"  run {i}: delivered {out.delivered}, lost {out.lost}, duplicates "
              f"{out.duplicates}" + (f" (bound {BATCH})" if out.killed else "")
              + (f", lead taken over in {out.takeover:.1f} s" if out.takeover is not None
                 else "") + f", 429: {out.too_many}, {out.rate:.1f} msg/s while sending "
              f"({out.rate / rate:.0%} of {rate:g}/s), status {out.status}"
              + (f"; refused: {out.refused}" if out.refused else ""))
    print(f"{what} (min/median/max of {len(outcomes)}): lost "
          f"{spread([o.lost for o in outcomes])}, duplicates "
          f"{spread([o.duplicates for o in outcomes])}, 429s "
          f"{spread([o.too_many for o in outcomes])}, msg/s while sending "
          f"{spread([o.rate for o in outcomes], 1)}"
          + (f", takeover s {spread([o.takeover or 0 for o in outcomes], 1)}"
             if outcomes[0].killed else ""))
    ok = all(o.lost == 0 and o.duplicates <= (BATCH if o.killed else 0)
             and o.status in ("done", "-") for o in outcomes)
    if outcomes[0].killed:
        ok = ok and all(o.takeover is not None and o.takeover < 10 for o in outcomes)
    else:
        ok = ok and all(o.rate >= 0.9 * rate and o.too_many == 0 for o in outcomes)
    return ok


async def main() -> int:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--kill", action="store_true", help="kill the leader midway")
    parser.add_argument("--reminders", action="store_true",
                        help="a reminder fan-out instead of a broadcast")
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--webhooks", action="store_true",
                        help="users' clicks through a load balancer to both instances "
                             "(webhooks), one instance killed and restarted midway")
    args = parser.parse_args()
    if args.webhooks:
        with ThrowawayPostgres(durable=True) as server:
            clicks = [await webhook_run(args.recipients, rate=args.rate, seed=i, server=server,
                                        victim=("leader", "follower", "either")[i % 3])
                      for i in range(args.runs)]
        for i, c in enumerate(clicks, 1):
            print(f"  run {i}: {c.users} users x 2 actions: lost {c.lost}, handled twice "
                  f"{c.twice}, answered per instance {c.per_instance}, webhook posts sent "
                  f"again {c.resent}" + (f", lead taken over in {c.takeover:.1f} s"
                                         if c.takeover is not None else ""))
        print(f"clicks through two instances behind a load balancer, one killed midway "
              f"(min/median/max of {len(clicks)}): lost {spread([c.lost for c in clicks])}, "
              f"handled twice {spread([c.twice for c in clicks])}")
        ok = all(c.lost == 0 and min(c.per_instance) > 0 for c in clicks)
        print("target (0 lost, both instances answering):", "met" if ok else "NOT met")
        return 0 if ok else 1
    with ThrowawayPostgres(durable=True) as server:
        outcomes = [await one_run(args.recipients, kill=args.kill, reminders=args.reminders,
                                  rate=args.rate, seed=i, server=server)
                    for i in range(args.runs)]
    what = ("reminder fan-out" if args.reminders else "broadcast") + " by two instances" + (
        ", the leader killed midway" if args.kill else "")
    ok = report(outcomes, args.rate, what)
    print("target (0 lost; " + ("duplicates within the in-flight bound, lead taken over "
                                "within 10 s" if args.kill else "at least 90% of the "
                                "overall rate and 0 x 429") + "):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
