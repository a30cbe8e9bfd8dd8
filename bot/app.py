"""The one place the Telegram application is wired: services, handlers, lifecycle."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

from bot.config import Config
from bot.health import HealthServer
from content.live import LiveContent
from content.qa import Engine
from handlers import (
    broadcast,
    browse,
    calendar_files,
    content_edit,
    coordinators,
    event_wizard,
    fallback,
    feeds,
    presence,
    privacy,
    questions,
    settings,
    start,
    subscriptions,
)
from handlers.commands import publish_commands
from handlers.presence import ALLOWED_UPDATES
from handlers.services import Context, Services
from runtime.broadcast_jobs import BroadcastService
from runtime.feed_jobs import FeedPoller
from runtime.idle_memory import forget_idle
from runtime.intake import ChatOrderedProcessor, JournalingQueue
from runtime.reminder_jobs import ReminderRuntime
from runtime.transport import SenderAwareRateLimiter, TelegramTransport
from scheduler.sender import RateLimitedSender
from store.backend import Stores, open_stores
from store.personal import PersonalData

if TYPE_CHECKING:
    from runtime.instances import InstanceRole

log = logging.getLogger(__name__)


class RedactToken(logging.Filter):
    """Replace the bot token wherever it would appear in a log record (URLs, errors)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        return True


def setup_logging(token: str | None, level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # logs every URL, token included
    if token:
        for handler in logging.getLogger().handlers:
            handler.addFilter(RedactToken(token))


def build_application(config: Config, engine: Engine, stores: Stores,
                      clock: Callable[[], datetime], *, request: BaseRequest | None = None,
                      publish: bool = True, rate_limited: bool = True,
                      send_rate: float = 30.0,
                      reply_spacing: float = 1.0,
                      poll_when_leading: bool = False) -> Application:  # type: ignore[type-arg]
    """Application with every handler registered, in the order they must be tried.

    ``rate_limited=False`` drops Telegram's 30 messages/s pacing, for benchmarks
    that measure processing cost with the network stubbed; ``reply_spacing`` is
    how far apart replies to one chat go (0 for a stand-in that does not enforce it).
    ``poll_when_leading``: several instances long-polling one token, as only one may
    (the leader starts polling when it takes the lead).
    """
    assert config.token is not None
    store = stores.state

    async def lead(last_alive: datetime | None,
                   taken_over: list[dict[str, Any]] | None = None) -> None:
        """What runs once per bot, in the one process that leads (over files: always)."""
        # What arrived before the last stop (or a dead instance took) and was not handled
        # goes first.
        intake.replay(app.bot, taken_over)
        runtime.replan()
        # Reminders that came due while the bot was down go out right after start.
        runtime.jobs.run_once(_catch_up, when=timedelta(seconds=1), name="reminders-catch-up",
                              data=last_alive, job_kwargs={"misfire_grace_time": None})
        runtime.jobs.run_repeating(_housekeeping, interval=timedelta(hours=12),
                                   first=timedelta(hours=12), name="housekeeping",
                                   job_kwargs={"misfire_grace_time": None})
        poller.start()

    async def every_instance(app: Application) -> None:  # type: ignore[type-arg]
        runtime.jobs.run_repeating(_let_go, interval=timedelta(minutes=30),
                                   first=timedelta(minutes=30), name="idle-memory",
                                   job_kwargs={"misfire_grace_time": None})
        if app.job_queue is not None:
            # Beat once now: an interval job added before the scheduler starts loses its
            # first run (APScheduler computes it from the start date, already past).
            _beat(config.data_dir, clock())
            app.job_queue.run_repeating(_heartbeat, interval=HEARTBEAT_SECONDS,
                                        first=HEARTBEAT_SECONDS,
                                        name="heartbeat", data=(config.data_dir, clock),
                                        job_kwargs={"misfire_grace_time": None,
                                                    "coalesce": True})
        # What start-up loaded (content, engine indexes, every user) lives as long as
        # the process: out of the collector's way, so a full collection no longer walks
        # millions of objects (a 100 ms pause in the middle of someone's click).
        gc.freeze()
        if health is not None:
            await health.start()

    async def publish_menus() -> None:
        if not publish:
            return
        try:
            staff = set(config.admin_ids) | set(store.roles.coordinators())
            await publish_commands(app.bot, {uid: store.users.of(uid).language
                                             for uid in staff})
        except TelegramError as exc:  # the menu is a convenience; answering matters more
            log.warning("could not publish the command menu: %s", exc)

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        if instances is None:
            await lead(last_alive)
            await every_instance(app)
            await publish_menus()
            return
        await every_instance(app)
        instances.start()

    async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
        if instances is not None:
            await asyncio.to_thread(instances.stop)
        if health is not None:
            await health.stop()
        stores.close()  # everything acknowledged is durable already; this writes the rest

    health = HealthServer(lambda: healthy(config.data_dir, clock()), config.webhook_listen,
                          config.health_port) if config.health_port is not None else None
    # The previous run's last heartbeat, read before this run beats: the start of the
    # time the bot was down, which is all the catch-up may cover.
    last_alive = last_heartbeat(config.data_dir)

    async def _catch_up(context: Context) -> None:
        await runtime.start(context.job.data)  # type: ignore[union-attr, arg-type]
        broadcast_service.resume_all(clock())
        await _housekeeping(context)

    async def _let_go(context: Context) -> None:
        forget_idle(app, clock())

    async def _housekeeping(context: Context) -> None:
        """Forget questions past their 180 days, as /privacy promises, and updates handled
        long ago; persist the counters."""
        store.questions.prune(clock())
        await store.commit()
        await inbox.prune()

    # Every update is journaled before Telegram is told it arrived, and handled
    # concurrently across chats, in order within one.
    inbox = stores.inbox
    intake = JournalingQueue(inbox)
    builder = (ApplicationBuilder()
               .token(config.token)
               .update_queue(intake)
               .concurrent_updates(ChatOrderedProcessor(inbox))
               .base_url(config.api_base_url)
               .base_file_url(config.api_base_url.replace("/bot", "/file/bot"))
               .context_types(ContextTypes(context=Context))
               .post_init(post_init)
               .post_shutdown(post_shutdown))
    # Replies one at a time at 95% of the overall limit, as the sender paces: PTB's
    # default bucket holds 30 at once and refills meanwhile, so up to about 60 replies
    # fell into one second under a burst of users (and Telegram answered 429).
    limiter = (SenderAwareRateLimiter(max_retries=3, per_chat=reply_spacing,
                                      overall_max_rate=1,
                                      overall_time_period=1 / (send_rate * 0.95))
               if rate_limited else None)
    if limiter is not None:
        builder = builder.rate_limiter(limiter)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    # Several instances on one database: who this process is among them, and whether it
    # leads (store.pg.presence); over files there is one process, which always leads.
    instances: InstanceRole | None = None

    def leads() -> bool:
        """This process leads: the only one, or the leader among instances."""
        return instances is None or instances.leads()

    ledger = stores.ledger
    # The one sender that reminders and broadcasts share: 30 messages/s overall (across
    # every instance, on PostgreSQL).
    sender = RateLimitedSender(TelegramTransport(app.bot), per_second=send_rate,
                               budget=_shared_budget(stores, send_rate) if rate_limited
                               else None)
    if limiter is not None:  # replies to users come out of the same budget, first
        limiter.share_with(sender.spend)
    # The one holder of the content: reloads and chat edits swap it for everyone at once,
    # from the directory the bot was started with.
    live = LiveContent(engine, config.content_dir, stores.edits)
    runtime = ReminderRuntime(app, live, store, ledger, sender, clock, leading=leads)
    live.on_change(runtime.content_changed)
    # Paid broadcasts (an operator's choice: Telegram charges Stars beyond 30/s) go
    # through a sender of their own at up to 1,000 messages/s; otherwise the shared one.
    broadcast_sender = (RateLimitedSender(TelegramTransport(app.bot, paid=True),
                                          per_second=PAID_BROADCAST_RATE)
                        if config.paid_broadcasts else sender)
    broadcast_service = BroadcastService(app, store, stores.broadcasts,
                                         broadcast_sender, clock,
                                         leading=leads)
    personal = PersonalData(store, ledger, broadcast_service.broadcasts)
    poller = FeedPoller(app, live, stores.feeds, store, clock, config.admin_ids,
                        every=timedelta(minutes=config.feed_minutes))
    services = Services(live=live, store=store, clock=clock,
                        personal=personal, admins=config.admin_ids,
                        broadcasts=broadcast_service, feeds=poller)
    app.bot_data["services"] = services
    if stores.database is not None:
        from runtime.instances import InstanceRole

        instances = InstanceRole(app, stores, intake, live, broadcast_service, lead=lead,
                                 publish=publish_menus, poll=poll_when_leading)
    app.bot_data["reminders"] = runtime
    app.bot_data["feeds"] = poller
    app.bot_data["health"] = health
    for module in (presence, start, browse, settings, subscriptions, privacy, coordinators,
                   broadcast, content_edit, event_wizard, calendar_files, feeds, questions,
                   fallback):
        module.register(app)  # fallback last: it claims whatever the others did not
    return app


def _shared_budget(stores: Stores, send_rate: float) -> Any:
    """On PostgreSQL, the send budget every instance takes its turns from; else None (the
    sender's own bucket is the whole budget)."""
    if stores.database is None:
        return None
    from store.pg.send_budget import PgSendBudget

    return PgSendBudget(stores.database, send_rate)


PAID_BROADCAST_RATE = 1000.0  # allow_paid_broadcast's limit
HEARTBEAT_SECONDS = 30
HEARTBEAT_FILE = "heartbeat"


def _beat(data_dir: Path, now: datetime) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / HEARTBEAT_FILE).write_text(now.isoformat(), "utf-8")


async def _heartbeat(context: Context) -> None:
    """Touch a file while the event loop is alive: the container health check reads its age."""
    data_dir, clock = context.job.data  # type: ignore[union-attr, misc]
    await asyncio.to_thread(_beat, data_dir, clock())


def last_heartbeat(data_dir: Path) -> datetime | None:
    """When a running bot last touched its heartbeat, if it ever did."""
    try:
        return datetime.fromisoformat((data_dir / HEARTBEAT_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def healthy(data_dir: Path, now: datetime, max_age_seconds: float = 4 * HEARTBEAT_SECONDS) -> bool:
    """Whether a running bot touched its heartbeat recently."""
    beat = last_heartbeat(data_dir)
    return beat is not None and (now - beat).total_seconds() <= max_age_seconds


def webhook_path(url: str) -> str:
    """The path of the public webhook address, as the webhook server must listen on it."""
    return urlsplit(url).path.strip("/")


def run(config: Config, engine: Engine, clock: Callable[[], datetime], *, webhook: bool) -> int:
    """Long polling, or a webhook server that rejects requests without the secret; the
    exit status (``FENCED``: an instance that lost its place and must be started again)."""
    stores = open_stores(config.data_dir, config.database_url)
    edits = stores.edits
    if edits.data.get("events") or edits.data.get("phrasings"):  # chat edits over the files
        engine = LiveContent.start(config.content_dir, edits).engine
    if webhook:
        config.require_webhook()
    app = build_application(config, engine, stores, clock, send_rate=config.send_rate,
                            poll_when_leading=stores.database is not None and not webhook)
    # Listen on the path Telegram is told to post to: behind a proxy that keeps the path
    # (https://host/tg/hook), the server must answer /tg/hook, not /.
    hook = {"listen": config.webhook_listen, "port": config.webhook_port,
            "url_path": webhook_path(config.webhook_url or ""),
            "secret_token": config.webhook_secret, "webhook_url": config.webhook_url,
            "allowed_updates": ALLOWED_UPDATES}
    if stores.database is not None:
        serve_as_instance(app, hook if webhook else None)
    elif webhook:
        app.run_webhook(**hook)
    else:
        app.run_polling(allowed_updates=ALLOWED_UPDATES)
    return FENCED if app.bot_data.get("fenced") else 0


FENCED = 75  # EX_TEMPFAIL: start me again


def serve_as_instance(app: Application, hook: dict[str, Any] | None) -> None:  # type: ignore[type-arg]
    """Run as one of several instances: PTB's run_polling/run_webhook, except that long
    polling starts only once this instance leads (``poll_when_leading``), since only one
    process may poll a token; webhooks are served by every instance."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGABRT):
        loop.add_signal_handler(sig, loop.stop)
    try:
        loop.run_until_complete(app.initialize())
        if app.post_init:
            loop.run_until_complete(app.post_init(app))
        if hook is not None and app.updater is not None:
            loop.run_until_complete(app.updater.start_webhook(**hook))
        loop.run_until_complete(app.start())
        loop.run_forever()
    finally:
        try:
            if app.updater is not None and app.updater.running:
                loop.run_until_complete(app.updater.stop())
            if app.running:
                loop.run_until_complete(app.stop())
            loop.run_until_complete(app.shutdown())
            if app.post_shutdown:
                loop.run_until_complete(app.post_shutdown(app))
        finally:
            loop.close()
