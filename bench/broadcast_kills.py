"""A broadcast through the real `python -m bot run`, killed with SIGKILL while it goes out.

``--recipients`` users are known to the bot; a coordinator sends an announcement
to everyone through the chat, as a person would (/broadcast, the text, the
audience, the preview, Send now). While it goes out (30 messages/s, the stand-in
answering as Telegram does, 429 beyond), the process is killed ``--kills`` times,
each time once the deliveries have grown by a random amount since the last
start, and started again on the same data directory; after the last start the
broadcast is left to finish and the process is stopped. Counted per recipient:
lost (no announcement) and duplicates (more than one), against the in-flight
bound (the batch of 50 marked in flight but not yet recorded as sent at each
kill); the 429s the stand-in answered; whether the broadcast ended as done; and
whether every data file still reads.

    python bench/broadcast_kills.py [--recipients 1500] [--kills 5] [--runs 3]

``--clean`` restarts it with an orderly stop (SIGTERM) instead, at the same
random moments: a clean restart may repeat no more than a kill does.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import sending_rate, spread, stop  # noqa: E402
from bench.interactive import (  # noqa: E402
    ADMIN,
    ANNOUNCEMENT,
    FIRST_RECIPIENT,
    _known_users,
    _send_to_everyone,
)
from bench.kills import _reached, _restart, _start, _tally, _unreadable, kill_parser  # noqa: E402
from store.broadcasts import FileBroadcastStore  # noqa: E402
from tests.botapi import StandIn  # noqa: E402

BATCH = 50  # the broadcast runtime's batch (BroadcastRunner's): what a kill can leave in flight
RATE = 30  # Telegram's messages per second, as the stand-in enforces it


@dataclass
class Outcome:
    delivered: int
    lost: int
    duplicates: int
    kills: int
    too_many: int
    status: str  # the broadcast's as the next start reads it: "done" once finished
    unreadable: list[str]
    rate: float  # messages per second while sending (restarts left out)
    refused: str  # what the 429s were answered to: method and whose chat


def _status(data_dir: Path) -> str:
    docs = FileBroadcastStore(data_dir).all()  # as the next start reads them
    return ",".join(doc["status"] for doc in docs) or "none"


async def one_run(recipients: int, kills: int, seed: int, clean: bool = False) -> Outcome:
    rng = random.Random(seed)
    stand_in = StandIn(global_rate=RATE, per_chat_rate=1)
    await stand_in.start()
    chats = range(FIRST_RECIPIENT, FIRST_RECIPIENT + recipients)

    def announcements() -> Counter[int]:
        return Counter(int(c.params["chat_id"]) for c in stand_in.sent()
                       if int(c.params["chat_id"]) in chats
                       and c.params.get("text") == ANNOUNCEMENT)

    def sent() -> int:
        return sum(announcements().values())

    with tempfile.TemporaryDirectory() as tmp:
        await _known_users(tmp, recipients)
        proc = await _start(stand_in, tmp, admin=ADMIN)
        done = 0
        try:
            await _send_to_everyone(stand_in, ANNOUNCEMENT)
            # each kill once a random number more went out since the last start: the
            # broadcast cut at random, the last kill before 90% of it
            gaps = [rng.random() for _ in range(kills + 1)]
            scale = 0.9 * recipients / sum(gaps)
            while done < kills:
                by = max(1, round(gaps[done] * scale))
                if not await _reached(sent, sent() + by, within=60 + by / RATE):
                    break  # no longer under way: what is missing counts as lost
                proc = await _restart(proc, stand_in, tmp, admin=ADMIN, clean=clean)
                done += 1
            await _reached(lambda: len(announcements()), recipients,
                           within=2 * recipients / RATE + 60)
            await asyncio.sleep(3)  # a second copy still on its way arrives
        finally:
            await stop(proc)
        got = announcements()
        times = [c.at for c in stand_in.sent() if c.params.get("text") == ANNOUNCEMENT]
        unreadable = _unreadable(Path(tmp))
        status = _status(Path(tmp))
    await stand_in.stop()
    lost, duplicates = _tally(got, chats)
    refused = Counter(f"{c.method} to " + ("the sender" if int(c.params["chat_id"]) == ADMIN
                                           else "a recipient")
                      for c in stand_in.calls if c.status == 429)
    return Outcome(len(got), lost, duplicates, done, stand_in.too_many, status, unreadable,
                   sending_rate(times), ", ".join(f"{n} x {k}" for k, n in refused.items()))


async def main() -> int:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # 429s are counted below
    args = kill_parser(__doc__, "recipients", 1500).parse_args()
    runs = []
    for i in range(args.runs):
        out = await one_run(args.recipients, args.kills, seed=i, clean=args.clean)
        runs.append(out)
        print(f"  run {i + 1}: {args.recipients} recipients, {out.kills} kills: delivered "
              f"{out.delivered}, lost {out.lost}, duplicates {out.duplicates} (bound "
              f"{out.kills} x {BATCH} = {out.kills * BATCH}), 429: {out.too_many}, "
              f"broadcast {out.status}, unreadable files {out.unreadable or 0}; "
              f"{out.rate:.1f} msg/s while sending ({out.rate / RATE:.0%} of {RATE}/s)"
              + (f"; refused: {out.refused}" if out.refused else ""))

    how = "stopped" if args.clean else "killed"
    print(f"broadcast {how} {args.kills} times (min/median/max of {args.runs}): lost "
          f"{spread([r.lost for r in runs])}, duplicates {spread([r.duplicates for r in runs])}"
          f", 429s {spread([r.too_many for r in runs])}, unreadable files "
          f"{spread([len(r.unreadable) for r in runs])}, msg/s while sending "
          f"{spread([r.rate for r in runs], 1)}")
    ok = all(r.lost == 0 and not r.unreadable and r.duplicates <= BATCH * r.kills
             and r.kills == args.kills and r.status == "done" for r in runs)
    if args.kills == 0:  # uninterrupted: the broadcast's own pace counts too
        ok = ok and all(r.rate >= 0.9 * RATE and r.too_many == 0 for r in runs)
    print("target (0 lost, duplicates within the in-flight bound, every kill resumed, "
          "0 unreadable):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
