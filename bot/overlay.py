"""Events added or edited from the chat, kept beside the TOML files (BOT_DATA_DIR/overlay.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.storage import atomic_write


class OverlayStore:
    def __init__(self, data_dir: str | Path) -> None:
        self.path = Path(data_dir) / "overlay.json"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.data: dict[str, Any] = {"events": []}
        if self.path.exists():
            self.data = json.loads(self.path.read_text("utf-8"))

    def with_event(self, event: dict[str, Any]) -> dict[str, Any]:
        """The overlay as it would be with ``event`` added or replaced (not yet saved)."""
        events = [e for e in self.data["events"] if e.get("id") != event["id"]]
        return {"events": [*events, event]}

    def save(self, data: dict[str, Any]) -> None:
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode())
        self.data = data
