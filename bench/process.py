"""Questions through the real bot process: `python -m bot run` against the Bot API stand-in.

Not a shortcut: the bot runs as `make run` starts it (its own process, long
polling over HTTP, PTB's rate limiter, the state store on disk), and the
stand-in answers as Telegram does (30 messages/s overall, 1 per chat per second,
429 with retry_after beyond that). N users each ask one distinct question from
the evaluation set, paced (``--rate`` per second) and then all at once (a burst);
the same is run against the smallest echo bot on the same library
(bench/echo_bot.py) for the ratio. Reported per run and as min/median/max over
``--runs``: reply latency p50/p99 (from the update being offered to the reply
reaching the stand-in), CPU seconds per update of the bot process, its RSS at
the end, and 429s.

    python bench/process.py [--users 200] [--rate 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import chat_of, first_replies, latencies, pct, spread, stop  # noqa: E402
from tests.botapi import StandIn, message  # noqa: E402

QUESTIONS = [json.loads(line)["question"] for line in
             (Path(__file__).with_name("qa_train.jsonl")).read_text("utf-8").splitlines()
             if line.strip()]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
FIRST_USER = 700_000


@dataclass
class Figures:
    p50: float
    p99: float
    cpu_ms: float  # CPU time of the bot process per update
    rss_mb: float
    too_many: int


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0



async def _one_run(command: list[str], users: int, rate: float | None) -> Figures:
    stand_in = StandIn(global_rate=30, per_chat_rate=1)
    await stand_in.start()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": stand_in.token, "PYTHONPATH": str(ROOT),
               "TELEGRAM_API_BASE_URL": stand_in.base_url, "BOT_DATA_DIR": tmp}
        proc = await asyncio.create_subprocess_exec(
            *command, cwd=tmp, env=env, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL)
        loop = asyncio.get_running_loop()
        try:
            # warm-up: one question answered means the process is up and polling
            stand_in.push(message("hello", user_id=FIRST_USER - 1))
            await stand_in.wait_for(1, chat_id=FIRST_USER - 1, within=60)
            cpu_before = _cpu_seconds(proc.pid)
            offered: dict[int, float] = {}
            for i in range(users):
                user = FIRST_USER + i
                offered[user] = loop.time()
                stand_in.push(message(QUESTIONS[i % len(QUESTIONS)], user_id=user,
                                      language_code=None))
                if rate:
                    await asyncio.sleep(1 / rate)
            deadline = loop.time() + 120 + users / 10
            answered: dict[int, float] = {}
            while len(answered) < users and loop.time() < deadline:
                answered = first_replies(stand_in.sent(), offered, chat_of)
                await asyncio.sleep(0.05)
            cpu = _cpu_seconds(proc.pid) - cpu_before
            rss = _rss_mb(proc.pid)
        finally:
            await stop(proc)
            await stand_in.stop()
    waited = latencies(offered, answered, "questions")
    return Figures(pct(waited, 50), pct(waited, 99), cpu / users * 1000, rss,
                   stand_in.too_many)



async def main() -> int:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # 429s are counted below
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rate", type=float, default=10.0, help="paced questions per second")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bots = {"partnerbot": [sys.executable, "-m", "bot", "run"],
            "echo bot": [sys.executable, str(ROOT / "bench" / "echo_bot.py")]}
    cpu_median: dict[str, float] = {}
    for mode, rate in (("paced", args.rate), ("burst", None)):
        for name, command in bots.items():
            runs = [await _one_run(command, args.users, rate) for _ in range(args.runs)]
            for i, f in enumerate(runs, 1):
                print(f"  {mode} {name} run {i}: p50 {f.p50 * 1000:.0f} ms, p99 "
                      f"{f.p99 * 1000:.0f} ms, CPU {f.cpu_ms:.2f} ms/update, RSS "
                      f"{f.rss_mb:.0f} MB, 429: {f.too_many}")
            print(f"{mode:5} {name:10} (min/median/max of {args.runs}, {args.users} users"
                  f"{f', {rate:g}/s' if rate else ''}): latency p50 "
                  f"{spread([f.p50 * 1000 for f in runs])} ms, p99 "
                  f"{spread([f.p99 * 1000 for f in runs])} ms; CPU per update "
                  f"{spread([f.cpu_ms for f in runs], 2)} ms; RSS "
                  f"{spread([f.rss_mb for f in runs])} MB; 429s "
                  f"{spread([float(f.too_many) for f in runs])}")
            cpu_median[f"{mode} {name}"] = statistics.median(f.cpu_ms for f in runs)
        ratio = cpu_median[f"{mode} partnerbot"] / max(cpu_median[f"{mode} echo bot"], 1e-9)
        print(f"{mode:5} CPU per update, partnerbot / echo bot (medians): {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
