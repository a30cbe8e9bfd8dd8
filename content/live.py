"""The one holder of the content a running bot answers, reminds and broadcasts from.

Everything that needs the content asks this holder at the moment it needs it
(``live.engine``, ``live.engine.content``), so a reload or a chat edit swaps it
for all of them at once; listeners (the reminder runtime) hear what changed.
It reloads from the directory the bot was started with (``--content`` or
``BOT_CONTENT_DIR``) with the chat edits over it, never from the bundled files
behind the operator's back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

from content.i18n import N_
from content.loader import ContentError, Problem, load_content
from content.models import Content
from content.qa import Engine

NO_EDITS = Problem("", "", N_("this bot was started without a place to store edits"))
NO_FILES = Problem("", "", N_("this bot was started without content files to reload"))


class Edits(Protocol):
    """Where chat edits are kept (store.chat_edits.OverlayStore in the bot)."""

    data: dict[str, Any]

    def with_event(self, event: dict[str, Any]) -> dict[str, Any]: ...
    def with_phrasing(self, key: str, question: str, lang: str) -> dict[str, Any]: ...
    def save(self, data: dict[str, Any]) -> None: ...


class LiveContent:
    def __init__(self, engine: Engine, content_dir: Path | None = None,
                 edits: Edits | None = None, *, reloadable: bool = True) -> None:
        self._engine = engine
        self.content_dir = content_dir
        self.edits = edits
        self.reloadable = reloadable
        self._listeners: list[Callable[[Content], Awaitable[object]]] = []
        # One change at a time: a feed poll and a chat edit that both start from the
        # same overlay must not overwrite each other.
        self._lock = asyncio.Lock()

    @classmethod
    def start(cls, content_dir: Path | None, edits: Edits | None) -> LiveContent:
        """The content of ``content_dir`` (bundled when None) with the chat edits over it."""
        overlay = edits.data if edits is not None else None
        return cls(Engine(load_content(content_dir, overlay)), content_dir, edits)

    @property
    def engine(self) -> Engine:
        return self._engine

    def on_change(self, listener: Callable[[Content], Awaitable[object]]) -> None:
        self._listeners.append(listener)

    async def reload(self) -> list[Problem]:
        """Re-read the files (with the chat edits); swapped in only if valid."""
        if not self.reloadable:
            return [NO_FILES]
        async with self._lock:
            overlay = self.edits.data if self.edits is not None else None
            return await self._apply(overlay, save=False)

    async def edit_event(self, event: dict[str, Any]) -> list[Problem]:
        """An event added or changed from the chat: problems, or [] once it is live."""
        if self.edits is None:
            return [NO_EDITS]
        async with self._lock:
            return await self._apply(self.edits.with_event(event), save=True)

    async def teach(self, key: str, question: str, lang: str) -> list[Problem]:
        """A question attached to an answer (or declined) by a coordinator."""
        if self.edits is None:
            return [NO_EDITS]
        async with self._lock:
            return await self._apply(self.edits.with_phrasing(key, question, lang), save=True)

    async def replace_edits(self, overlay: dict[str, Any]) -> list[Problem]:
        """A whole new set of chat edits (an imported calendar merged in): problems, or
        [] once saved and live."""
        if self.edits is None:
            return [NO_EDITS]
        async with self._lock:
            return await self._apply(overlay, save=True)

    async def update_edits(self, change: Callable[[dict[str, Any]], dict[str, Any] | None]
                           ) -> list[Problem]:
        """Apply ``change`` to the chat edits as they are at that moment (a feed merges its
        events into them); ``change`` returns None when there is nothing to do."""
        if self.edits is None:
            return [NO_EDITS]
        async with self._lock:
            overlay = change(self.edits.data)
            return [] if overlay is None else await self._apply(overlay, save=True)

    async def _apply(self, overlay: dict[str, Any] | None, *, save: bool) -> list[Problem]:
        try:
            content = await asyncio.to_thread(load_content, self.content_dir, overlay)
        except ContentError as exc:
            return list(exc.problems)
        # building the indexes takes a while: off the event loop, like the reading
        engine = await asyncio.to_thread(Engine, content)
        if save and self.edits is not None and overlay is not None:
            await asyncio.to_thread(self.edits.save, overlay)
        self._engine = engine
        for listener in self._listeners:
            await listener(content)
        return []
