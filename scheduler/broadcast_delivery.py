"""Durable broadcasts: audience selection, language variants, resumable delivery.

A broadcast and every recipient's state (pending, sent, blocked, failed) are
kept by a *store* the caller provides. Delivery goes through the shared
rate-limited sender in batches. Before a batch goes out its recipients are
claimed, marked in flight for this process (one durable write); after it
their outcomes are written (one more). A kill therefore can repeat only the
sends of the batch in flight (at most ``batch_size`` messages, the sender's
concurrency for broadcasts), loses none, and a resumed run reports how many
such recipients there were. Several processes can send one broadcast: each
claims its own batches (store.pg.broadcasts).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from scheduler.sender import Message, RateLimitedSender, Status

PENDING, SENT, BLOCKED, FAILED = "pending", "sent", "blocked", "failed"
# Written before a batch is sent: after a kill, these are the only recipients who may
# get the message twice, and the report counts them.
INFLIGHT = "inflight"

# When a recipient's language has no variant, the closest one that exists.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "ca": ("es", "en"), "es": ("ca", "en"), "bg": ("en",), "ko": ("en", "zh"),
    "zh": ("en", "ko"), "en": (),
}


@dataclass(frozen=True)
class Audience:
    """Everyone, or subscribers of any listed topic; optionally only some languages."""

    everyone: bool = False
    topics: frozenset[str] = frozenset()  # programme:…, city:… (subscription topics)
    languages: frozenset[str] = frozenset()  # empty: every language

    def admits(self, lang: str, subscriptions: Iterable[str]) -> bool:
        if self.languages and lang not in self.languages:
            return False
        return self.everyone or bool(self.topics & set(subscriptions))


@dataclass(frozen=True)
class Recipient:
    user_id: int
    lang: str
    subscriptions: frozenset[str] = frozenset()


def choose_variant(texts: dict[str, str], lang: str) -> str:
    """The variant in the reader's language, else the closest available."""
    for candidate in (lang, *FALLBACKS.get(lang, ("en",)), "en"):
        if candidate in texts:
            return texts[candidate]
    return texts[sorted(texts)[0]]


def select(recipients: Iterable[Recipient], audience: Audience) -> list[Recipient]:
    return [r for r in recipients if audience.admits(r.lang, r.subscriptions)]


def preview(recipients: list[Recipient], texts: dict[str, str]) -> tuple[Counter[str], list[str]]:
    """Recipient count per language, and the languages that will get a fallback variant."""
    counts = Counter(r.lang for r in recipients)
    missing = sorted(lang for lang in counts if lang not in texts)
    return counts, missing


class BroadcastStore(Protocol):
    async def claim(self, broadcast_id: str, n: int) -> list[tuple[int, bool]]:
        """Up to ``n`` recipients nobody alive is sending to, marked in flight (durably)
        for this process: ``(user, in flight before)``."""
    async def tally(self, broadcast_id: str) -> Counter[str]: ...
    def set_state(self, broadcast_id: str, user_id: int, state: str) -> None: ...
    async def flush(self, broadcast_id: str) -> None: ...


@dataclass
class Progress:
    total: int
    counts: Counter[str] = field(default_factory=Counter)
    resent: int = 0  # in flight when a previous run was killed: may have it twice

    @property
    def pending(self) -> int:
        return self.counts[PENDING]


class BroadcastRunner:
    """Sends one broadcast to its pending recipients; safe to run again after a crash, and
    beside other processes sending the same broadcast (each claims its own batches)."""

    def __init__(self, store: BroadcastStore, sender: RateLimitedSender, *,
                 batch_size: int = 50, progress_every: float = 3.0,
                 on_blocked: Callable[[int], Awaitable[None]] | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        self.store = store
        self.sender = sender
        self.batch_size = batch_size
        self.progress_every = progress_every
        self.on_blocked = on_blocked
        self.monotonic = monotonic
        self.sleep = sleep

    async def run(self, broadcast_id: str, texts: dict[str, str], langs: dict[int, str],
                  on_progress: Callable[[Progress], Awaitable[None]] | None = None,
                  attachment: tuple[str, str] | None = None, *,
                  until_done: bool = True) -> Progress:
        """Deliver to every recipient still pending; ``langs`` maps recipients to languages.

        Each batch is claimed before it is sent, so a kill can repeat at most the batch in
        flight. ``until_done`` (the run that reports): once nothing is left to claim, wait
        for the batches other processes still have in flight, taking over those of a
        process that died, so the report it ends with is final.
        """
        counts = await self.store.tally(broadcast_id)
        progress = Progress(total=sum(counts.values()), counts=counts)
        last_report = self.monotonic()

        def message_of(user: int) -> Message:
            text = choose_variant(texts, langs.get(user, "en"))
            return Message(user, text, attachment=attachment)

        while True:
            claimed = await self.store.claim(broadcast_id, self.batch_size)
            if not claimed:
                progress.counts = await self.store.tally(broadcast_id)
                if not until_done or progress.pending == 0:
                    break
                await self.sleep(1.0)  # others' batches in flight: done soon, or orphaned
                continue
            progress.resent += sum(1 for _, before in claimed if before)
            users = [user for user, _ in claimed]
            results = await asyncio.gather(*(self.sender.send(message_of(u)) for u in users))
            for user, delivery in zip(users, results, strict=True):
                if delivery.status is Status.SENT:
                    state = SENT
                elif delivery.recipient_gone:
                    state = BLOCKED
                    if self.on_blocked is not None:
                        await self.on_blocked(user)
                else:
                    state = FAILED
                self.store.set_state(broadcast_id, user, state)
            await self.store.flush(broadcast_id)  # one durable write per batch
            now = self.monotonic()
            if on_progress is not None and now - last_report >= self.progress_every:
                last_report = now
                progress.counts = await self.store.tally(broadcast_id)
                await on_progress(progress)
        if on_progress is not None:
            await on_progress(progress)
        return progress
