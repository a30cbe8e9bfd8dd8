"""A reminder fan-out through the real `python -m bot run`, killed with SIGKILL midway.

``--subscribers`` users follow everything; an event starts an hour and a bit from
now, so its "1 h before" reminder comes due shortly after the bot starts. While
that reminder goes out (30 messages/s, the stand-in answering as Telegram does),
the process is killed ``--kills`` times at random moments and started again on
the same data directory. Counted per subscriber: lost (no reminder) and
duplicates (more than one), against the in-flight bound (a batch of 50 not yet
in the ledger at each kill); and whether every data file still reads.

    python bench/reminder_kills.py [--subscribers 900] [--kills 5] [--runs 3]

``--clean`` restarts it with an orderly stop (SIGTERM) instead, at the same
random moments: a clean restart may repeat no more than a kill does.
"""

from __future__ import annotations

import asyncio
import json
import logging
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
from bench.kills import _reached, _restart, _start, _tally, _unreadable, kill_parser  # noqa: E402
from content.langs import LANGS  # noqa: E402
from content.overlay import EDIT_SOURCE  # noqa: E402
from store.state import StateStore  # noqa: E402
from tests.botapi import StandIn  # noqa: E402

FIRST = 500_000
BATCH = 50  # the reminder runtime's batch: what a kill can leave unrecorded


@dataclass
class Outcome:
    lost: int
    duplicates: int
    kills: int
    unreadable: list[str]
    rate: float  # messages per second while sending (restarts left out)
    too_many: int  # 429s the stand-in answered


async def _prepare(data_dir: Path, subscribers: int, starts: datetime) -> None:
    store = StateStore(data_dir)
    for i in range(subscribers):
        # (no quiet hours: the run sends at whatever time of day it is started)
        store.users.update(FIRST + i, lang="en", zone="UTC", subs=["all"],
                           quiet=("00:00", "00:00"))
    await store.commit()
    store.close()
    event = {"id": "event:chat-partner-call", "programme": "programme:icp", "kind": "meeting",
             "precision": "exact", "start": starts.strftime("%Y-%m-%dT%H:%M"), "zone": "UTC",
             "title": dict.fromkeys(LANGS, "Partner call"),
             "description": dict.fromkeys(LANGS, "Partner call"), "sources": [EDIT_SOURCE],
             "updated": starts.date().isoformat(), "sequence": 0, "status": "scheduled"}
    (data_dir / "overlay.json").write_text(json.dumps({"events": [event]}), "utf-8")
    # alive until now: nothing before this moment is caught up at the first start
    (data_dir / "heartbeat").write_text(datetime.now(UTC).isoformat(), "utf-8")


async def one_run(subscribers: int, kills: int, seed: int, clean: bool = False) -> Outcome:
    rng = random.Random(seed)
    stand_in = StandIn(global_rate=30, per_chat_rate=1)
    await stand_in.start()
    now = datetime.now(UTC)
    # the 1 h lead falls 25 s ahead, on a whole minute as the event's start does
    starts = (now + timedelta(hours=1, seconds=85)).replace(second=0, microsecond=0)
    due = starts - timedelta(hours=1)
    with tempfile.TemporaryDirectory() as tmp:
        await _prepare(Path(tmp), subscribers, starts)
        proc = await _start(stand_in, tmp)
        loop = asyncio.get_running_loop()

        def reminders() -> Counter[int]:
            return Counter(int(c.params["chat_id"]) for c in stand_in.sent()
                           if str(c.params.get("text", "")).startswith("⏰"))

        try:
            wait = (due - datetime.now(UTC)).total_seconds()
            await asyncio.sleep(max(0.0, wait))
            span = subscribers / 30
            kill_at = sorted(rng.uniform(1, span * 0.8) for _ in range(kills))
            began = loop.time()
            done = 0
            while done < kills:
                await asyncio.sleep(max(0.0, kill_at[done] - (loop.time() - began)))
                proc = await _restart(proc, stand_in, tmp, clean=clean)
                done += 1
            await _reached(lambda: len(reminders()), subscribers, within=span * 2 + 60)
            await asyncio.sleep(3)  # a second copy still on its way arrives
        finally:
            await stop(proc)
        got = reminders()
        times = [c.at for c in stand_in.sent() if str(c.params.get("text", "")).startswith("⏰")]
        unreadable = _unreadable(Path(tmp))
    await stand_in.stop()
    lost, duplicates = _tally(got, range(FIRST, FIRST + subscribers))
    return Outcome(lost, duplicates, done, unreadable, sending_rate(times), stand_in.too_many)


async def main() -> int:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    args = kill_parser(__doc__, "subscribers", 900).parse_args()
    runs = []
    for i in range(args.runs):
        out = await one_run(args.subscribers, args.kills, seed=i, clean=args.clean)
        runs.append(out)
        print(f"  run {i + 1}: {args.subscribers} subscribers, {out.kills} kills: lost "
              f"{out.lost}, duplicates {out.duplicates} (bound {BATCH} per kill), "
              f"unreadable files {out.unreadable or 0}; {out.rate:.1f} msg/s while sending "
              f"({out.rate / 30:.0%} of 30/s), 429: {out.too_many}")

    how = "stopped" if args.clean else "killed"
    print(f"reminder fan-out {how} {args.kills} times (min/median/max of {args.runs}): lost "
          f"{spread([r.lost for r in runs])}, duplicates {spread([r.duplicates for r in runs])}"
          f", unreadable files {spread([len(r.unreadable) for r in runs])}, msg/s while sending "
          f"{spread([r.rate for r in runs], 1)}, 429s {spread([r.too_many for r in runs])}")
    ok = all(r.lost == 0 and not r.unreadable and r.duplicates <= BATCH * r.kills
             for r in runs)
    if args.kills == 0:  # uninterrupted: the fan-out's own pace counts too
        ok = ok and all(r.rate >= 0.9 * 30 and r.too_many == 0 for r in runs)
    print("target (0 lost, duplicates within the in-flight bound; without kills also at least "
          "90% of 30/s and 0 x 429):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
