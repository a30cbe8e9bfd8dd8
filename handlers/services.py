"""What handlers need from the rest of the bot, passed in rather than imported.

``bot`` wires concrete objects (the engine, the state store, the clock) into
``Application.bot_data``; handlers see them through the typed context below,
so they can be tested with any store that has these methods.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from telegram.ext import CallbackContext, ExtBot

from content.calendar_import import Applied
from content.live import LiveContent
from content.qa import Engine
from scheduler.broadcast_delivery import Audience
from store.feeds import Feed
from store.users import User


class UserRepository(Protocol):
    def get(self, user_id: int) -> User | None: ...
    def of(self, user_id: int) -> User: ...
    def update(self, user_id: int, **changes: Any) -> User: ...
    def forget(self, user_id: int) -> bool: ...
    async def mark_unreachable(self, user_id: int) -> None: ...
    async def mark_reachable(self, user_id: int) -> bool: ...
    def all(self) -> Iterable[User]: ...


class QuestionRepository(Protocol):
    def record(self, kind: str, text: str, lang: str, at: datetime) -> None: ...
    def open(self, since: datetime | None = None) -> list[dict[str, Any]]: ...
    def resolve(self, texts: Iterable[str]) -> int: ...


class RoleRepository(Protocol):
    def coordinators(self) -> dict[int, dict[str, Any]]: ...
    def set_coordinator(self, user_id: int, on: bool, by: int, at: datetime) -> bool: ...
    def audit(self, who: int, what: str, at: datetime) -> None: ...
    def log(self) -> list[dict[str, Any]]: ...


class CounterRepository(Protocol):
    def add(self, name: str) -> None: ...
    def all(self) -> dict[str, int]: ...


class UserStore(Protocol):
    """The state handlers read and change (store.state.StateStore in the bot): its
    repositories, and ``commit`` that returns once their changes are on disk."""

    users: UserRepository
    questions: QuestionRepository
    roles: RoleRepository
    counters: CounterRepository

    async def commit(self) -> None: ...
    def commit_soon(self) -> None: ...


class Personal(Protocol):
    """Everything stored about one person (store.personal.PersonalData in the bot)."""

    @property
    def broadcasts(self) -> Broadcasts:
        assert self.services.broadcasts is not None, "announcements need the running bot"
        return self.services.broadcasts

    def export(self, user_id: int) -> dict[str, Any]: ...
    async def forget(self, user_id: int, now: datetime) -> None: ...


class Broadcasts(Protocol):
    """Announcements (runtime.broadcast_jobs.BroadcastService in the bot)."""

    def preview(self, audience: Audience, texts: dict[str, str]) -> tuple[Counter[str],
                                                                           list[str]]: ...
    async def create(self, *, by: int, chat_id: int, texts: dict[str, str], audience: Audience,
                     attachment: tuple[str, str] | None, send_at: datetime | None,
                     lang: str = ...) -> str: ...
    def history(self) -> list[dict[str, Any]]: ...
    async def cancel(self, broadcast_id: str) -> bool: ...


class Feeds(Protocol):
    """Calendar feeds (runtime.feed_jobs.FeedPoller in the bot)."""

    every: timedelta

    def active(self) -> list[Feed]: ...
    async def poll(self, feed: Feed) -> Applied: ...
    async def add(self, programme: str, url: str, by: int, kind: str | None = None
                  ) -> Applied: ...
    async def remove(self, programme: str, by: int) -> bool: ...


@dataclass
class Services:
    live: LiveContent  # the content answers, reminders and broadcasts are made from
    store: UserStore
    clock: Callable[[], datetime]
    personal: Personal | None = None  # /mydata and /forget; None: the store alone
    admins: frozenset[int] = frozenset()  # from BOT_ADMIN_IDS
    broadcasts: Broadcasts | None = None  # None: announcements are not available
    feeds: Feeds | None = None  # None: calendar feeds are not polled

    @property
    def engine(self) -> Engine:
        return self.live.engine


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Callback context with typed access to the services."""

    @property
    def services(self) -> Services:
        return self.bot_data["services"]

    @property
    def engine(self) -> Engine:
        return self.services.engine

    @property
    def store(self) -> UserStore:
        return self.services.store

    @property
    def broadcasts(self) -> Broadcasts:
        assert self.services.broadcasts is not None, "announcements need the running bot"
        return self.services.broadcasts

    def export(self, user_id: int) -> dict[str, Any]:
        """Everything stored about the user, for /mydata."""
        personal = self.services.personal
        if personal is not None:
            return personal.export(user_id)
        user = self.store.users.get(user_id)
        return {"telegram_user_id": user_id,
                "settings": user.settings() if user is not None else None}

    async def forget(self, user_id: int) -> None:
        """Delete everything about the user, for /forget."""
        if self.services.personal is not None:
            await self.services.personal.forget(user_id, self.now())
            return
        self.store.users.forget(user_id)
        await self.store.commit()

    def now(self) -> datetime:
        return self.services.clock()
