"""A broadcast to 10,000 recipients against the Bot API stand-in, and the same run killed.

The stand-in enforces 30 messages/s overall and 1 per chat per second
(``--scale`` multiplies both, and the sender's rate, so the run takes under a
minute). Targets: achieved rate at least 90% of the limit, zero 429
responses, zero duplicates, zero lost; and killed at 50% then resumed: total
delivered 10,000, duplicates at most the in-flight batch (the bound is the
batch size: states are written once per batch).

    python bench/broadcast.py [--recipients 10000] [--scale 10] [--batch 50]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Bot
from telegram.request import HTTPXRequest

from runtime.transport import TelegramTransport
from scheduler.broadcast_delivery import PENDING, BroadcastRunner
from scheduler.sender import RateLimitedSender
from store.broadcasts import FileBroadcastStore
from tests.botapi import StandIn

NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("UTC"))
TEXTS = {"en": "The Sofia–Sejong meeting moves to Thursday.",
         "bg": "Срещата София–Седжонг се мести в четвъртък.",
         "ko": "소피아–세종 회의가 목요일로 변경되었습니다."}


RESTART_SECONDS = 1.0


async def _setup(n: int, scale: float, data: Path) -> tuple[StandIn, Bot, FileBroadcastStore]:
    stand_in = StandIn(global_rate=30 * scale, per_chat_rate=1 * scale)
    await stand_in.start()
    bot = Bot(stand_in.token, base_url=stand_in.base_url,
              request=HTTPXRequest(connection_pool_size=64))
    await bot.initialize()
    store = FileBroadcastStore(data)
    ids = range(300_000, 300_000 + n)
    store.create("bench", by=1, texts=TEXTS, audience={"everyone": True},
                 recipients=dict.fromkeys(ids, PENDING),
                 langs={i: ("en", "bg", "ko", "ca")[i % 4] for i in ids}, status="sending",
                 at=NOW)
    return stand_in, bot, store


def _runner(bot: Bot, store: FileBroadcastStore, scale: float, batch: int) -> BroadcastRunner:
    sender = RateLimitedSender(TelegramTransport(bot), per_second=30 * scale,
                               per_chat_interval=1 / scale)
    return BroadcastRunner(store, sender, batch_size=batch)


def _tally(stand_in: StandIn, n: int) -> tuple[int, int, int]:
    chats = Counter(int(c.params["chat_id"]) for c in stand_in.sent())
    return len(chats), sum(v - 1 for v in chats.values()), n - len(chats)


async def straight(n: int, scale: float, batch: int) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        stand_in, bot, store = await _setup(n, scale, Path(tmp))
        t0 = time.perf_counter()
        await _runner(bot, store, scale, batch).run("bench", TEXTS, store.langs("bench"))
        elapsed = time.perf_counter() - t0
        await bot.shutdown()
        await stand_in.stop()
    delivered, duplicates, lost = _tally(stand_in, n)
    limit = 30 * scale
    rate = delivered / elapsed
    ok = rate >= 0.9 * limit and not stand_in.too_many and not duplicates and not lost
    print(f"broadcast: {delivered} delivered in {elapsed:.1f} s = {rate:.1f} msg/s "
          f"({rate / limit:.0%} of {limit:g}/s, scale {scale:g}); 429: {stand_in.too_many}; "
          f"duplicates: {duplicates}; lost: {lost}; spec violations: {len(stand_in.violations)}")
    return ok


async def killed_and_resumed(n: int, scale: float, batch: int) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        stand_in, bot, store = await _setup(n, scale, Path(tmp))
        task = asyncio.create_task(_runner(bot, store, scale, batch).run(
            "bench", TEXTS, store.langs("bench")))
        await stand_in.wait_for(n // 2, within=600)
        task.cancel()  # the process dies: nothing after this point is written
        with contextlib.suppress(asyncio.CancelledError):
            await task
        at_kill = len(stand_in.sent())
        # A new process needs at least a second before it sends (cold start 0.5 s, then
        # the Bot API handshake): the window of the killed run's last sends has passed.
        await asyncio.sleep(RESTART_SECONDS)
        restarted = FileBroadcastStore(Path(tmp))  # what a new process reads from disk
        pending = sum(1 for s in restarted.states("bench").values() if s == PENDING)
        resumed = await _runner(bot, restarted, scale, batch).run("bench", TEXTS,
                                                                  restarted.langs("bench"))
        await bot.shutdown()
        await stand_in.stop()
    delivered, duplicates, lost = _tally(stand_in, n)
    ok = delivered == n and lost == 0 and duplicates <= batch and not stand_in.too_many
    print(f"killed at {at_kill} sent ({pending} still pending on disk), resumed: "
          f"{delivered} delivered, {duplicates} duplicates (bound: batch of {batch}; the resumed "
          f"run reported {resumed.resent} recipients in flight at the kill), {lost} lost, "
          f"429: {stand_in.too_many}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    ok = asyncio.run(straight(args.recipients, args.scale, args.batch))
    ok &= asyncio.run(killed_and_resumed(args.recipients, args.scale, args.batch))
    print("targets: " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
