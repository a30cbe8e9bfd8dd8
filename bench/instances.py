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
from bench.kills import _reached, _tally  # noqa: E402
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


def start_instance(stand_in: StandIn, data_dir: str, url: str, rate: float,
                   admin: int | None = ADMIN) -> asyncio.subprocess.Process:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": stand_in.token, "PYTHONPATH": str(ROOT),
           "TELEGRAM_API_BASE_URL": stand_in.base_url, "BOT_DATA_DIR": data_dir,
           "DATABASE_URL": url, "BOT_SEND_RATE": str(rate)}
    if admin is not None:
        env["BOT_ADMIN_IDS"] = str(admin)
    return asyncio.create_subprocess_exec(  # type: ignore[return-value]
        sys.executable, "-m", "bot", "run", cwd=data_dir, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


def leader_pid(db: Database) -> int | None:
    """The process that leads now: the instance whose lead is freshest (within 3 s)."""
    return db.run(db.pool.fetchval(
        "SELECT pid FROM instances WHERE led > now() - interval '3 seconds' "
        "ORDER BY led DESC LIMIT 1"))


async def _led_by(db: Database, pids: set[int], within: float) -> int | None:
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
        state.users.update(FIRST_RECIPIENT + i, lang="en", zone="UTC",
                           subs=["all"] if event_start else [])
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
            first = await _led_by(db, set(by_pid), within=30)
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
                survivor = await _led_by(db, set(by_pid) - {first}, within=30)
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
    return Outcome(len(counted), lost, duplicates, kill, takeover, stand_in.too_many,
                   sending_rate(times), status)


def report(outcomes: list[Outcome], rate: float, what: str) -> bool:
    for i, out in enumerate(outcomes, 1):
        print(f"  run {i}: delivered {out.delivered}, lost {out.lost}, duplicates "
              f"{out.duplicates}" + (f" (bound {BATCH})" if out.killed else "")
              + (f", lead taken over in {out.takeover:.1f} s" if out.takeover is not None
                 else "") + f", 429: {out.too_many}, {out.rate:.1f} msg/s while sending "
              f"({out.rate / rate:.0%} of {rate:g}/s), status {out.status}")
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
    args = parser.parse_args()
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
