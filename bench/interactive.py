"""Replies while a broadcast runs: through the real `python -m bot run` process.

A coordinator sends an announcement to everyone (``--recipients`` users known to
the bot) through the chat, as a person would (/broadcast, text, audience, preview,
Send now); while it goes out, ``--questions`` new users ask one question each,
paced at ``--rate`` per second. The stand-in enforces Telegram's limits (30
messages/s overall, 1/s per chat, 429 with retry_after beyond). Reported per run
and as min/median/max: reply latency p50/p99 (target p99 under 1 s), the
broadcast's rate against 30/s, and 429s (target 0).

    python bench/interactive.py [--recipients 1500] [--questions 40] [--rate 1] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import chat_of, first_replies, latencies, pct, sending_rate, spread, stop  # noqa: E402
from bench.kills import _start  # noqa: E402
from store.state import StateStore  # noqa: E402
from tests.botapi import StandIn, callback, message  # noqa: E402

ADMIN = 42
FIRST_RECIPIENT = 300_000
FIRST_ASKER = 900_000
ANNOUNCEMENT = "The partner meeting moves to Thursday."
QUESTIONS = [json.loads(line)["question"] for line in
             (Path(__file__).with_name("qa_train.jsonl")).read_text("utf-8").splitlines()
             if line.strip()]


@dataclass
class Figures:
    p50: float
    p99: float
    broadcast_rate: float
    too_many: int
    delivered: int



def _button(call: object, prefix: str) -> str:
    markup = json.loads(call.params["reply_markup"])  # type: ignore[attr-defined]
    return next(b["callback_data"] for row in markup["inline_keyboard"] for b in row
                if b["callback_data"].startswith(prefix))


async def _admin_step(stand_in: StandIn, update: dict, count: int) -> None:
    """One step of the coordinator's, at a person's pace (a second or so apart: faster
    than one message a second to one chat, Telegram answers 429)."""
    stand_in.push(update)
    await stand_in.wait_for(count, chat_id=ADMIN, within=30)
    await asyncio.sleep(1.2)


async def _known_users(data_dir: str, recipients: int) -> None:
    """``recipients`` people who once pressed /start (from FIRST_RECIPIENT on), in English."""
    store = StateStore(data_dir)
    for i in range(recipients):
        store.users.update(FIRST_RECIPIENT + i, lang="en")
    await store.commit()
    store.close()


async def _send_to_everyone(stand_in: StandIn, text: str) -> None:
    """The coordinator's broadcast of ``text`` to everyone, as a person sends it in the chat
    (/broadcast, the text, the audience, the preview), up to pressing Send now."""
    await _admin_step(stand_in, message("/broadcast", user_id=ADMIN), 1)
    await _admin_step(stand_in, message(text, user_id=ADMIN), 2)
    await _admin_step(stand_in, callback("bc:audience", 1, user_id=ADMIN), 3)
    stand_in.push(callback("bc:all", 2, user_id=ADMIN))
    await stand_in.wait_for(1, "editMessageReplyMarkup", chat_id=ADMIN, within=30)
    await asyncio.sleep(1.2)
    await _admin_step(stand_in, callback("bc:preview", 3, user_id=ADMIN), 4)
    send_now = _button(stand_in.sent(chat_id=ADMIN)[-1], "bc:now:")
    stand_in.push(callback(send_now, 4, user_id=ADMIN))


async def one_run(recipients: int, questions: int, rate: float) -> Figures:
    stand_in = StandIn(global_rate=30, per_chat_rate=1)
    await stand_in.start()
    with tempfile.TemporaryDirectory() as tmp:
        await _known_users(tmp, recipients)
        proc = await _start(stand_in, tmp, admin=ADMIN)
        loop = asyncio.get_running_loop()
        try:
            await _send_to_everyone(stand_in, ANNOUNCEMENT)

            def delivered() -> list:
                return [c for c in stand_in.sent()
                        if FIRST_RECIPIENT <= int(c.params.get("chat_id", 0)) < FIRST_ASKER]

            while len(delivered()) < 60:  # the broadcast is under way  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            offered: dict[int, float] = {}
            for i in range(questions):
                user = FIRST_ASKER + i
                offered[user] = loop.time()
                stand_in.push(message(QUESTIONS[i % len(QUESTIONS)], user_id=user,
                                      language_code="en"))
                await asyncio.sleep(1 / rate)
            deadline = loop.time() + 60 + recipients / 20
            answered: dict[int, float] = {}
            while loop.time() < deadline and (len(answered) < questions
                                               or len(delivered()) < recipients):
                answered = first_replies(stand_in.sent(), offered, chat_of)
                await asyncio.sleep(0.1)
            sent = delivered()
        finally:
            await stop(proc)
            await stand_in.stop()
    waited = latencies(offered, answered, "questions")
    return Figures(pct(waited, 50), pct(waited, 99), sending_rate([c.at for c in sent]),
                   stand_in.too_many, len(sent))



async def main() -> int:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1500)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--rate", type=float, default=1.0, help="questions per second")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = []
    for i in range(args.runs):
        f = await one_run(args.recipients, args.questions, args.rate)
        runs.append(f)
        print(f"  run {i + 1}: replies p50 {f.p50 * 1000:.0f} ms, p99 {f.p99 * 1000:.0f} ms; "
              f"broadcast {f.delivered} delivered at {f.broadcast_rate:.1f} msg/s "
              f"({f.broadcast_rate / 30:.0%} of 30/s); 429: {f.too_many}")
    print(f"replies during a {args.recipients}-recipient broadcast (min/median/max of "
          f"{args.runs}): p50 {spread([f.p50 * 1000 for f in runs])} ms, p99 "
          f"{spread([f.p99 * 1000 for f in runs])} ms; broadcast "
          f"{spread([f.broadcast_rate for f in runs], 1)} msg/s; 429s "
          f"{spread([float(f.too_many) for f in runs])}")
    ok = all(f.p99 < 1.0 and f.too_many == 0 for f in runs)
    print("targets (reply p99 < 1 s, 0 x 429):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
