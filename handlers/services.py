"""What handlers need from the rest of the bot, passed in rather than imported.

``bot`` wires concrete objects (the engine, the state store, the clock) into
``Application.bot_data``; handlers see them through the typed context below,
so they can be tested with any store that has these methods.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from telegram.ext import CallbackContext, ExtBot

from content.qa import Engine
from store.users import User


class UserStore(Protocol):
    def get_user(self, user_id: int) -> User | None: ...
    def user(self, user_id: int) -> User: ...
    def update_user(self, user_id: int, **changes: Any) -> User: ...
    def forget_user(self, user_id: int) -> bool: ...
    async def deactivate(self, user_id: int) -> None: ...
    async def reactivate(self, user_id: int) -> bool: ...
    def record_question(self, kind: str, text: str, lang: str, at: datetime) -> None: ...
    async def commit(self) -> None: ...
    def commit_soon(self) -> None: ...
    def user_ids(self) -> Iterable[int]: ...
    def users(self) -> Iterable[User]: ...
    def questions(self, since: datetime | None = None) -> list[dict[str, Any]]: ...
    def resolve_questions(self, texts: Iterable[str]) -> int: ...
    def count(self, name: str) -> None: ...
    def counters(self) -> dict[str, int]: ...
    def coordinators(self) -> dict[int, dict[str, Any]]: ...
    def set_coordinator(self, user_id: int, on: bool, by: int, at: datetime) -> bool: ...
    def audit(self, who: int, what: str, at: datetime) -> None: ...


def _no_replan() -> None:
    """Without a reminder runtime (tests, terminal) there is nothing to re-plan."""


class Personal(Protocol):
    """Everything stored about one person (store.personal.PersonalData in the bot)."""

    def export(self, user_id: int) -> dict[str, Any]: ...
    async def forget(self, user_id: int, now: datetime) -> None: ...


async def _no_edits(event: dict[str, Any]) -> list[str]:
    return ["this bot was started without a place to store edits"]


async def _no_teaching(key: str, question: str, lang: str) -> list[str]:
    return ["this bot was started without a place to store edits"]


async def _no_reload() -> list[str]:
    return ["this bot was started without content files to reload"]


@dataclass
class Services:
    engine: Engine
    store: UserStore
    clock: Callable[[], datetime]
    replan: Callable[[], None] = _no_replan  # call after subscriptions or content change
    personal: Personal | None = None  # /mydata and /forget; None: the store alone
    admins: frozenset[int] = frozenset()  # from BOT_ADMIN_IDS
    reload: Callable[[], Awaitable[list[str]]] = _no_reload  # problems, or [] when reloaded
    broadcasts: Any = None  # runtime.broadcast_jobs.BroadcastService in the running bot
    edit_event: Callable[[dict[str, Any]], Awaitable[list[str]]] = _no_edits  # problems or []
    # attach a question to an answer key (or "out_of_scope"): problems, or [] when live
    teach: Callable[[str, str, str], Awaitable[list[str]]] = _no_teaching


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

    def export(self, user_id: int) -> dict[str, Any]:
        """Everything stored about the user, for /mydata."""
        personal = self.services.personal
        if personal is not None:
            return personal.export(user_id)
        user = self.store.get_user(user_id)
        return {"telegram_user_id": user_id,
                "settings": user.settings() if user is not None else None}

    async def forget(self, user_id: int) -> None:
        """Delete everything about the user, for /forget."""
        if self.services.personal is not None:
            await self.services.personal.forget(user_id, self.now())
            return
        self.store.forget_user(user_id)
        await self.store.commit()

    def now(self) -> datetime:
        return self.services.clock()
