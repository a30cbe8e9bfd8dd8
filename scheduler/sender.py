"""The one rate-limited sender that reminders and broadcasts share.

Telegram allows about 30 messages per second overall and one per second per
chat. The sender paces every message under both limits, waits out a
RetryAfter (pausing everyone, as Telegram asks), retries network errors with
backoff, and reports blocked users, so callers can stop writing to them.
What actually talks to Telegram is a *transport* passed in: this module
never imports ``telegram``.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol


class Status(enum.Enum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"  # flood control: wait and send again
    BLOCKED = "blocked"  # Forbidden: blocked, kicked, deactivated
    NOT_FOUND = "not_found"  # chat not found: treat like blocked
    NETWORK = "network"  # timeouts, connection errors: retry with backoff
    FAILED = "failed"  # bad request and the like: retrying will not help


@dataclass(frozen=True)
class Delivery:
    status: Status
    retry_after: float = 0.0
    detail: str = ""

    @property
    def recipient_gone(self) -> bool:
        """Blocked, left or never existed: stop writing to this chat."""
        return self.status in (Status.BLOCKED, Status.NOT_FOUND)


@dataclass(frozen=True)
class Message:
    chat_id: int
    text: str
    buttons: tuple[tuple[tuple[str, str], ...], ...] = ()  # rows of (label, callback data)
    document: tuple[str, bytes] | None = None  # (file name, content)
    attachment: tuple[str, str] | None = None  # ("photo" or "document", Telegram file id)


Transport = Callable[[Message], Awaitable[Delivery]]


class SharedBudget(Protocol):
    """The overall budget when several processes send for one bot (store.pg.send_budget)."""

    async def take(self) -> float:
        """Reserve one message's turn: seconds to wait for it."""

    def spend(self, messages: float = 1.0) -> None:
        """Messages sent outside the sender, counted without waiting."""

    async def pause(self, seconds: float) -> None:
        """Nobody sends for ``seconds`` (Telegram's flood control)."""


class RateLimitedSender:
    """Paces messages under a global and a per-chat rate; retries what can be retried."""

    def __init__(self, transport: Transport, *, per_second: float = 30.0,
                 per_chat_interval: float = 1.0, max_attempts: int = 5,
                 backoff: float = 0.5,
                 clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 budget: SharedBudget | None = None) -> None:
        self.transport = transport
        # Shared with other processes: their turns come from it instead of the bucket below.
        self.budget = budget
        self.per_second = per_second
        self.per_chat_interval = per_chat_interval
        self.max_attempts = max_attempts
        self.backoff = backoff
        self._clock = clock
        self._sleep = sleep
        # Token bucket: refills at 95% of the limit and holds at most 2% of it, so no
        # one-second window (wherever it falls) sees more than 97% of the limit, with room
        # for network jitter, and a late wake-up from sleep is caught up instead of lost.
        self._rate = per_second * 0.95
        self._capacity = max(1.0, per_second * 0.02)
        self._tokens = self._capacity
        self._refilled_at: float | None = None
        self._last_in_chat: dict[int, float] = {}
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self.retry_after_seen = 0

    def _now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    def spend(self, messages: float = 1.0, chat_id: object = None) -> None:
        """A message someone else sent (a reply to a user) out of the same overall
        budget: replies go first, never waiting, and reminders and broadcasts slow down
        by as much, so the two together stay under Telegram's limit; the sender's next
        message to that chat waits its per-chat interval after it."""
        now = self._now()
        if isinstance(chat_id, int):
            self._last_in_chat[chat_id] = now
        if self.budget is not None:
            self.budget.spend(messages)
            return
        if self._refilled_at is None:
            self._refilled_at = now
        self._tokens = min(self._capacity,
                           self._tokens + (now - self._refilled_at) * self._rate) - messages
        self._refilled_at = now
        # a long burst of replies may not starve the sender beyond a second's worth
        self._tokens = max(self._tokens, -self.per_second)

    async def _wait_turn(self, chat_id: int) -> None:
        """Block until sending to ``chat_id`` keeps both limits (and any pause) intact."""
        async with self._lock:
            while True:
                now = self._now()
                if self._refilled_at is None:
                    self._refilled_at = now
                self._tokens = min(self._capacity,
                                   self._tokens + (now - self._refilled_at) * self._rate)
                self._refilled_at = now
                waits = [self._paused_until - now]
                if self.budget is None:
                    waits.append((1.0 - self._tokens) / self._rate)
                last = self._last_in_chat.get(chat_id)
                if last is not None:
                    waits.append(self.per_chat_interval - (now - last))
                wait = max(waits)
                if wait <= 1e-6 and self.budget is not None:
                    # this chat may have one now: take the next overall turn, wait for it
                    turn = await self.budget.take()
                    self._last_in_chat[chat_id] = now + turn
                    if turn > 1e-6:
                        await self._sleep(turn)
                    return
                if wait <= 1e-6:  # float dust: a wait this short would never move a clock
                    self._tokens = max(self._tokens - 1.0, -1e-6)
                    self._last_in_chat[chat_id] = now
                    if len(self._last_in_chat) > 100_000:
                        self._forget_old_chats(now)
                    return
                await self._sleep(wait)

    def _forget_old_chats(self, now: float) -> None:
        stale = [c for c, t in self._last_in_chat.items() if now - t > self.per_chat_interval]
        for chat in stale:
            del self._last_in_chat[chat]

    async def send(self, message: Message) -> Delivery:
        """Deliver one message; returns the final outcome after any retries."""
        delivery = Delivery(Status.FAILED, detail="not attempted")
        for attempt in range(self.max_attempts):
            await self._wait_turn(message.chat_id)
            delivery = await self.transport(message)
            if delivery.status is Status.RETRY_AFTER:
                self.retry_after_seen += 1
                # Telegram asks everyone to wait: pause the whole sender, then retry this one.
                self._paused_until = max(self._paused_until, self._now() + delivery.retry_after)
                if self.budget is not None:
                    await self.budget.pause(delivery.retry_after)
                continue
            if delivery.status is Status.NETWORK:
                await self._sleep(self.backoff * (2 ** attempt))
                continue
            return delivery
        return delivery
