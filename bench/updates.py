"""Updates per second through Application.process_update, network stubbed.

Free-text questions through Partnerbot's real handlers, beside the same
harness with a handler that only echoes; prints both and the ratio. Telegram's
30 messages/s pacing (AIORateLimiter) is left out of both: it bounds sending,
not processing, and would make any handler read 30 updates/s.
Targets: at least 300 questions per second on one core, and the question
path costing no more than 3x the echo path per update. A second figure feeds
every question once (no repeated text), so the engine's analysis cache never
helps: the worst case.

    python bench/updates.py [--updates 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, MessageHandler, filters
from telegram.request import BaseRequest, RequestData

from bot.app import build_application
from bot.config import Config
from content.loader import load_content
from content.qa import Engine
from store.backend import open_stores

TOKEN = "123456789:BENCHtokenBENCHtokenBENCHtokenBENCH"
BOT = {"id": 1, "is_bot": True, "first_name": "Partnerbot", "username": "pb_bench_bot"}
NOW = datetime(2021, 11, 5, 8, tzinfo=ZoneInfo("UTC"))
QUESTIONS = [json.loads(line)["question"] for line in
             (Path(__file__).with_name("qa_train.jsonl")).read_text("utf-8").splitlines() if line]


class StubRequest(BaseRequest):
    """Answers every Bot API call at once, like a Telegram with zero latency."""

    def __init__(self) -> None:
        self.calls = 0
        self._ids = 0

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        self.calls += 1
        name = url.rsplit("/", 1)[-1]
        if name == "getMe":
            result: Any = BOT
        elif name == "sendMessage":
            self._ids += 1
            params = request_data.parameters if request_data else {}
            result = {"message_id": self._ids, "date": 0, "text": params.get("text", ""),
                      "chat": {"id": params.get("chat_id", 1), "type": "private"}}
        else:
            result = True
        return 200, json.dumps({"ok": True, "result": result}).encode()


def _updates(n: int, distinct: bool = False) -> list[dict[str, Any]]:
    """The evaluation questions in turn; ``distinct`` makes every text unique (no cache hits)."""
    return [{"update_id": i, "message": {
        "message_id": i, "date": 0,
        "text": QUESTIONS[i % len(QUESTIONS)] + (f" #{i}" if distinct else ""),
        "chat": {"id": 10_000 + i % 500, "type": "private"},
        "from": {"id": 10_000 + i % 500, "is_bot": False, "first_name": "U",
                 "language_code": "en"}}} for i in range(n)]


async def _drive(app: Application, raw: list[dict[str, Any]]) -> float:  # type: ignore[type-arg]
    await app.initialize()
    updates = [Update.de_json(u, app.bot) for u in raw]
    t0 = time.perf_counter()
    for update in updates:
        await app.process_update(update)
    elapsed = time.perf_counter() - t0
    await app.shutdown()
    return elapsed


async def echo(update: Update, context: Any) -> None:
    assert update.effective_chat is not None and update.effective_message is not None
    await update.effective_chat.send_message(update.effective_message.text or "")


async def _questions(raw: list[dict[str, Any]]) -> float:
    engine = Engine(load_content())  # a fresh engine: nothing cached from an earlier round
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(token=TOKEN, data_dir=Path(tmp))
        stores = open_stores(tmp)
        app = build_application(config, engine, stores, lambda: NOW,
                                request=StubRequest(), publish=False, rate_limited=False)
        elapsed = await _drive(app, raw)
        await stores.state.commit()
    return elapsed


async def _echo(raw: list[dict[str, Any]]) -> float:
    app = (ApplicationBuilder().token(TOKEN).request(StubRequest())
           .get_updates_request(StubRequest()).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return await _drive(app, raw)


async def run(n: int, rounds: int = 3) -> bool:
    """Median of ``rounds`` runs of each harness."""
    raw, distinct = _updates(n), _updates(n, distinct=True)
    q = sorted([await _questions(raw) for _ in range(rounds)])[rounds // 2]
    cold = sorted([await _questions(distinct) for _ in range(rounds)])[rounds // 2]
    e = sorted([await _echo(raw) for _ in range(rounds)])[rounds // 2]
    ratio = q / e
    ok = n / q >= 300 and ratio <= 3
    print(f"questions (eval set in turn): {n / q:8.0f} updates/s ({q / n * 1000:.3f} ms each)")
    print(f"questions (all distinct):     {n / cold:8.0f} updates/s ({cold / n * 1000:.3f} ms each,"
          f" {cold / e:.2f}x echo)")
    print(f"echo:                         {n / e:8.0f} updates/s ({e / n * 1000:.3f} ms each)")
    print(f"question path costs {ratio:.2f}x the echo path; targets >=300/s and <=3x: "
          + ("met" if ok else "NOT met"))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=3000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    return 0 if asyncio.run(run(args.updates)) else 1


if __name__ == "__main__":
    sys.exit(main())
