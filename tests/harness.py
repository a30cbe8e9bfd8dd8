"""The real Application long-polling the Bot API stand-in, for end-to-end tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from telegram.ext import Application

from bot.app import build_application
from bot.config import Config
from content.qa import Engine
from store.backend import Stores, open_stores
from tests.botapi import StandIn

_T = TypeVar("_T")


@asynccontextmanager
async def polling_bot(stand_in: StandIn, engine: Engine, config: Config,
                      clock: Callable[[], datetime], *, post_init: bool = True,
                      publish: bool = False) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Start the bot as run_polling would, with its JobQueue paused.

    The scheduler would run on the wall clock, years away from the tests' fixed
    dates: tests run jobs themselves, each at its own instant on the test clock.
    """
    # The suite's stand-in does not enforce one message a second per chat: replies are
    # not spaced here (the spacing has its own test), or every test would wait for it.
    stores = open_stores(config.data_dir, config.database_url)
    app = build_application(config, engine, stores, clock, publish=publish, reply_spacing=0.0)
    await app.initialize()
    if post_init:
        await app.post_init(app)
    await app.start()
    assert app.job_queue is not None and app.updater is not None
    app.job_queue.scheduler.pause()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown:  # (run_polling's last step: the stores are closed)
            await app.post_shutdown(app)


@contextmanager
def reread(data_dir: Path, database_url: str | None) -> Iterator[Stores]:
    """The store as a restart would read it: a second reader beside the running bot,
    which writes nothing (it is not closed, only let go)."""
    stores = open_stores(data_dir, database_url)
    try:
        yield stores
    finally:
        if stores.database is not None:
            stores.database.close()


async def until(condition: Callable[[], _T], seconds: float = 15.0) -> _T:
    """Waits, on the loop in small steps, for something another task or process does
    (an instance taking the lead, say); its first true value."""
    loop = asyncio.get_running_loop()
    began = loop.time()
    while not (value := condition()):
        assert loop.time() - began < seconds, "did not happen in time"
        await asyncio.sleep(0.02)
    return value
