"""Settings clicks at scale through the real `python -m bot run`: 50,000 subscribers,
5,000 events.

The data directory holds ``--subscribers`` subscribed users and the content
``--events`` events over the next 60 days (synthetic, written beside the real
content), so every click lands on a bot whose reminder plan is as large as the
issue's target size. ``--clicks`` of those users then press reminder lead-time
buttons, paced at ``--rate`` per second, against the stand-in (Telegram's limits);
reported per run and as min/median/max: the click's latency (from the update
being offered to its button being answered; target p99 under 20 ms), the bot's
start-up time (process start to first answer) and its RSS. ``--postgres``: the
same with the state in a throwaway PostgreSQL server (fsync on) on this machine.

    python bench/clicks.py [--subscribers 50000] [--events 5000] [--clicks 300] [--runs 3]
                           [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import first_replies, latencies, pct, spread, stop  # noqa: E402
from bench.process import _rss_mb  # noqa: E402
from bench.synthetic import write_synthetic  # noqa: E402
from store.backend import open_stores  # noqa: E402
from tests.botapi import StandIn, callback, message  # noqa: E402
from tests.postgres import ThrowawayPostgres  # noqa: E402

FIRST = 1_000_000
ZONES = ["Europe/Sofia", "Asia/Seoul", "Europe/Madrid", "Asia/Shanghai", "Europe/Dublin"]
TOPICS = ["all", "programme:iurc", "programme:icc", "programme:icp", "kind:deadline",
          "kind:webinar", "kind:meeting"]
LEAD_BUTTONS = ["lead:14d", "lead:7d", "lead:1d", "lead:1h"]


@dataclass
class Figures:
    p50: float
    p99: float
    startup: float
    rss_mb: float


async def one_run(subscribers: int, events: int, clicks: int, rate: float,
                  seed: int, settle: float = 5.0, database: str | None = None) -> Figures:
    rng = random.Random(seed)
    stand_in = StandIn(global_rate=30, per_chat_rate=1)
    await stand_in.start()
    with tempfile.TemporaryDirectory() as tmp:
        content = write_synthetic(Path(tmp) / "content", cities=100, events=events - 16,
                                  seed=11, first_day=datetime.now(UTC).date(), days=60)
        stores = open_stores(Path(tmp) / "state", database)
        store = stores.state
        for i in range(subscribers):
            store.users.update(FIRST + i, lang=rng.choice(["en", "bg", "es", "ko"]),
                               zone=rng.choice(ZONES), subs=rng.sample(TOPICS, 2))
        await store.commit()
        # a bot that was running until now: no month of catch-up at this start
        if stores.database is not None:
            stores.database.execute("INSERT INTO instances (host, pid, led) VALUES "
                                    "('earlier', 0, now())")
        stores.close()
        (Path(tmp) / "state").mkdir(exist_ok=True)
        (Path(tmp) / "state" / "heartbeat").write_text(datetime.now(UTC).isoformat(), "utf-8")
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": stand_in.token, "PYTHONPATH": str(ROOT),
               "TELEGRAM_API_BASE_URL": stand_in.base_url, "BOT_DATA_DIR": f"{tmp}/state",
               "BOT_CONTENT_DIR": str(content)}
        if database is not None:
            env["DATABASE_URL"] = database
        loop = asyncio.get_running_loop()
        began = loop.time()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        try:
            stand_in.push(message("/start", user_id=FIRST - 1))
            await stand_in.wait_for(1, chat_id=FIRST - 1, within=300)
            startup = loop.time() - began
            # the start-up catch-up (a full plan and what came due while down) runs a
            # second after start: clicks are measured once it is done
            await asyncio.sleep(settle)
            offered: dict[str, float] = {}
            for _ in range(clicks):
                update = callback(rng.choice(LEAD_BUTTONS), 1,
                                  user_id=FIRST + rng.randrange(subscribers))
                offered[update["callback_query"]["id"]] = loop.time()
                stand_in.push(update)
                await asyncio.sleep(1 / rate)
            answered: dict[str, float] = {}
            deadline = loop.time() + 60
            while len(answered) < clicks and loop.time() < deadline:
                answered = first_replies(stand_in.sent("answerCallbackQuery"), offered,
                                         lambda call: call.params.get("callback_query_id"))
                await asyncio.sleep(0.05)
            rss = _rss_mb(proc.pid)
        finally:
            await stop(proc, 60)
            await stand_in.stop()
    waited = latencies(offered, answered, "clicks")
    return Figures(pct(waited, 50), pct(waited, 99), startup, rss)



async def main() -> int:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--clicks", type=int, default=300)
    parser.add_argument("--rate", type=float, default=10.0, help="clicks per second")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true",
                        help="the state in PostgreSQL (a throwaway server, fsync on)")
    args = parser.parse_args()
    server = ThrowawayPostgres(durable=True).start() if args.postgres else None
    runs = []
    for i in range(args.runs):
        url = server.create_database(f"clicks_{i}") if server is not None else None
        f = await one_run(args.subscribers, args.events, args.clicks, args.rate, seed=i,
                          database=url)
        runs.append(f)
        print(f"  run {i + 1}: click p50 {f.p50 * 1000:.1f} ms, p99 {f.p99 * 1000:.1f} ms; "
              f"start-up {f.startup:.1f} s; RSS {f.rss_mb:.0f} MB")
    if server is not None:
        server.stop()
    print(f"settings clicks at {args.subscribers} subscribers x {args.events} events"
          + (" on PostgreSQL " if server is not None else " ") +
          f"(min/median/max of {args.runs}): p50 {spread([f.p50 * 1000 for f in runs], 1)} ms,"
          f" p99 {spread([f.p99 * 1000 for f in runs], 1)} ms; start-up "
          f"{spread([f.startup for f in runs], 1)} s; RSS {spread([f.rss_mb for f in runs])} MB")
    ok = all(f.p99 < 0.020 and f.rss_mb < 200 for f in runs)
    print("targets (click p99 < 20 ms, RSS < 200 MB):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
