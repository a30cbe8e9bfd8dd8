"""Events added or edited from the chat, kept beside the TOML files (BOT_DATA_DIR/overlay.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from store.files import atomic_write


class OverlayStore:
    def __init__(self, data_dir: str | Path) -> None:
        self.path = Path(data_dir) / "overlay.json"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.data: dict[str, Any] = {"events": []}
        if self.path.exists():
            self.data = json.loads(self.path.read_text("utf-8"))

    def with_event(self, event: dict[str, Any]) -> dict[str, Any]:
        """The overlay as it would be with ``event`` added or replaced (not yet saved)."""
        events = [e for e in self.data.get("events", []) if e.get("id") != event["id"]]
        return {**self.data, "events": [*events, event]}

    def with_phrasing(self, key: str, question: str, lang: str) -> dict[str, Any]:
        """The overlay with ``question`` attached to the answer ``key`` (not yet saved).

        A question is attached to one answer at a time: teaching it again moves it.
        """
        phrasings = [p for p in self.data.get("phrasings", []) if p.get("question") != question]
        entry = {"key": key, "question": question, "lang": lang}
        return {**self.data, "phrasings": [*phrasings, entry]}

    def save(self, data: dict[str, Any]) -> None:
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode())
        self.data = data
