"""Reminder planning and fan-out at scale: 10,000 subscribers, 500 events.

Prints the time and memory to build the plan (targets: under 2 s, under
200 MB RSS), the number of scheduler jobs (target: bounded by events x lead
times x zones, not by subscribers), and a fan-out of one reminder to 10,000
subscribers through the real Telegram transport against the HTTP Bot API
stand-in enforcing 30 messages/s overall and 1 per chat per second
(targets: achieved rate at least 90% of the limit, zero 429 responses, zero
duplicates, zero lost). ``--scale`` multiplies the stand-in's limits and the
sender's rate alike, so the run takes under a minute.

    python bench/reminders.py [--subscribers 10000] [--events 500] [--scale 10]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Bot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bench.synthetic import write_synthetic  # noqa: E402
from content.loader import load_content  # noqa: E402
from content.qa import Engine  # noqa: E402
from runtime.reminder_wording import ReminderTexts  # noqa: E402
from runtime.transport import TelegramTransport  # noqa: E402
from scheduler.plan import LEADS  # noqa: E402
from scheduler.reminders import ReminderService, Subscriber  # noqa: E402
from scheduler.sender import RateLimitedSender  # noqa: E402
from scheduler.subscriber_index import SubscriberIndex  # noqa: E402
from store.ledger import FileLedger  # noqa: E402
from tests.botapi import StandIn  # noqa: E402

UTC = ZoneInfo("UTC")
ZONES = ["Europe/Sofia", "Asia/Seoul", "Europe/Madrid", "Asia/Shanghai", "Europe/Dublin"]
TOPICS = ["all", "programme:iurc", "programme:icc", "programme:icp", "kind:deadline",
          "kind:webinar", "kind:meeting"]
NOW = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def subscribers(n: int, rng: random.Random) -> list[Subscriber]:
    return [Subscriber(user_id=100_000 + i, lang=rng.choice(["en", "bg", "es", "ko"]),
                       zone=rng.choice(ZONES),
                       topics=frozenset(rng.sample(TOPICS, rng.randint(1, 3))))
            for i in range(n)]


async def fan_out(n: int, scale: float, engine: Engine, ledger_dir: Path) -> bool:
    limit = 30 * scale
    stand_in = StandIn(global_rate=limit, per_chat_rate=1 * scale)
    await stand_in.start()
    bot = Bot(stand_in.token, base_url=stand_in.base_url,
              request=HTTPXRequest(connection_pool_size=64))
    await bot.initialize()
    # Everyone follows everything in one zone: one slot reaches all n subscribers.
    subs = [Subscriber(user_id=200_000 + i, lang="en", zone="Europe/Sofia",
                       topics=frozenset({"all"})) for i in range(n)]
    sender = RateLimitedSender(TelegramTransport(bot), per_second=limit,
                               per_chat_interval=1 / scale)
    texts = ReminderTexts(engine)
    service = ReminderService(engine.content, lambda: subs, FileLedger(ledger_dir), sender,
                              texts.render, texts.render_cancel, batch_size=100)
    event = engine.content.events["event:icp-application-deadline"]
    service.replan(datetime(2021, 11, 1, tzinfo=UTC))
    slot = next(s for group in service._plan.values() for s in group
                if s.occurrence.event is event and s.zone == "Europe/Sofia")
    t0 = time.perf_counter()
    report = await service.fan_out(slot, slot.due)
    elapsed = time.perf_counter() - t0
    await bot.shutdown()
    await stand_in.stop()
    chats = Counter(int(c.params["chat_id"]) for c in stand_in.sent())
    duplicates = sum(v - 1 for v in chats.values() if v > 1)
    lost = n - len(chats)
    rate = len(chats) / elapsed
    ok = rate >= 0.9 * limit and stand_in.too_many == 0 and duplicates == 0 and lost == 0 \
        and not stand_in.violations
    print(f"fan-out: {report.sent} sent to {n} subscribers in {elapsed:.1f} s = {rate:.1f} msg/s "
          f"({rate / limit:.0%} of the {limit:g}/s limit, scale {scale:g}); "
          f"429 responses: {stand_in.too_many}; duplicates: {duplicates}; lost: {lost}; "
          f"spec violations: {len(stand_in.violations)}")
    return ok


async def main_async(args: argparse.Namespace) -> bool:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        # the synthetic events all fall in the next 60 days: every one is in the plan
        content = load_content(write_synthetic(Path(tmp) / "content", cities=100,
                                               events=args.events - 16, seed=11,
                                               first_day=NOW.date(), days=60))
        subs = subscribers(args.subscribers, rng)
        before = rss_mb()
        t0 = time.perf_counter()
        index = SubscriberIndex(subs)  # as the bot builds it at start, from the users
        index_s = time.perf_counter() - t0
        ledger = FileLedger(Path(tmp) / "ledger")
        service = ReminderService(content, lambda: iter(index), ledger,
                                  RateLimitedSender(_never), _never_render, _never_render,
                                  index=index)
        t0 = time.perf_counter()
        wakeups = service.replan(NOW)
        plan_s = time.perf_counter() - t0
        after = rss_mb()
        # The busiest wake-up: choosing its recipients (index lookup, wants, ledger).
        busiest = max(service._plan.values(), key=lambda group: sum(
            len(index.of_event(s.occurrence.event)) for s in group))
        t0 = time.perf_counter()
        recipients = sum(1 for slot in busiest for sub in index.for_slot(slot)
                         if not ledger.sent(slot.key, sub.user_id))
        select_s = time.perf_counter() - t0
        # A settings click: one user's entry replaced, re-planning only for a new zone/lead.
        clicks = []
        for _ in range(1000):
            sub = subs[rng.randrange(len(subs))]
            changed = Subscriber(sub.user_id, sub.lang, sub.zone,
                                 frozenset(rng.sample(TOPICS, 2)), leads=sub.leads)
            t0 = time.perf_counter()
            if index.put(sub.user_id, changed):
                service.replan(NOW)
            clicks.append(time.perf_counter() - t0)
        clicks.sort()
        print(f"index of {len(subs)} subscribers built in {index_s:.2f} s; busiest wake-up: "
              f"{recipients} recipients chosen in {select_s:.2f} s; a settings click: p50 "
              f"{clicks[500] * 1e3:.3f} ms, p99 {clicks[989] * 1e3:.3f} ms")
        plan_ok = select_s < 1 and clicks[989] < 0.020
        jobs = service.job_count()
        bound = len(content.events) * (len(LEADS) + 2) * len(ZONES)
        plan_ok = plan_ok and plan_s < 2 and after < 200 and jobs <= bound
        print(f"plan: {len(content.events)} events, {len(subs)} subscribers: {plan_s:.2f} s, "
              f"RSS {after:.0f} MB (+{after - before:.0f} MB); {jobs} scheduler jobs "
              f"({len(wakeups)} ahead), bound events x leads x zones = {bound}")
        with_more = subscribers(args.subscribers * 2, rng)
        service.index = SubscriberIndex(with_more)
        service.replan(NOW)
        print(f"plan with {len(with_more)} subscribers: {service.job_count()} jobs "
              f"(independent of the number of subscribers)")
        engine = Engine(load_content())
        fan_ok = args.plan_only or await fan_out(args.subscribers, args.scale, engine,
                                                 Path(tmp) / "fan")
    ok = plan_ok and fan_ok
    print("targets (plan < 2 s and < 200 MB, jobs bounded, busiest wake-up's recipients < 1 s, "
          "a settings click p99 < 20 ms, fan-out >= 90% of the limit with no 429, duplicate or "
          "loss): " + ("met" if ok else "NOT met"))
    return ok


async def _never(message: object) -> object:
    raise AssertionError("the planning part sends nothing")


def _never_render(*args: object) -> object:
    raise AssertionError("the planning part renders nothing")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--plan-only", action="store_true", help="skip the fan-out")
    args = parser.parse_args()
    return 0 if asyncio.run(main_async(args)) else 1


if __name__ == "__main__":
    sys.exit(main())

