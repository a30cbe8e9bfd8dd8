"""Calendar feeds: which URL each programme's calendar is polled from, and how it went.

A feed comes from the content files (a programme's ``calendar_feed``) or from the
chat (``/feeds``); one registered in the chat wins, and one removed in the chat
stays removed even if the files still name it. Beside the URL the store keeps
what a polite, robust poller needs between polls and across restarts: the
validators for conditional requests (ETag, Last-Modified), the event ids the
feed produced last time (an event that vanishes from it is cancelled), the
last good copy of the file, and whether the coordinators were already told
that it is failing (they are told once per outage, not every poll).

One JSON file (``BOT_DATA_DIR/feeds.json``), replaced atomically on each change;
the last good copies sit beside it in ``feeds/``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from store.files import atomic_write


@dataclass(frozen=True)
class Feed:
    programme: str
    url: str
    kind: str | None = None  # every event's kind; None guesses it from each title
    added_by: int | None = None  # None: named by the content files
    removed: bool = False  # removed from the chat: not polled, whatever the files say
    etag: str | None = None
    last_modified: str | None = None
    ids: tuple[str, ...] = ()  # the event ids the last good copy produced
    last_ok: str | None = None  # ISO instant of the last fetch that worked (or was unchanged)
    failing_since: str | None = None
    error: str | None = None  # why the last fetch or read failed
    told: bool = False  # the coordinators know about the current failure


@dataclass
class FeedStore:
    data_dir: Path
    feeds: dict[str, Feed] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)
        self.path = self.data_dir / "feeds.json"
        self.copies = self.data_dir / "feeds"
        if self.path.exists():
            raw = json.loads(self.path.read_text("utf-8"))
            self.feeds = {p: Feed(**{**f, "ids": tuple(f.get("ids", ()))})
                          for p, f in raw.items()}

    def get(self, programme: str) -> Feed | None:
        return self.feeds.get(programme)

    def active(self, from_content: dict[str, str]) -> list[Feed]:
        """The feeds to poll: the chat's, then the files' (``programme -> url``) where the
        chat neither registered another nor removed it."""
        out = {p: f for p, f in self.feeds.items() if not f.removed and f.added_by is not None}
        for programme, url in from_content.items():
            known = self.feeds.get(programme)
            if programme in out or (known is not None and known.removed):
                continue
            if known is not None and known.url == url:
                out[programme] = known
            else:  # new in the files, or the files name another URL now
                out[programme] = Feed(programme, url)
        return sorted(out.values(), key=lambda f: f.programme)

    def register(self, programme: str, url: str, by: int, kind: str | None = None) -> Feed:
        known = self.feeds.get(programme)
        feed = (replace(known, added_by=by, removed=False, kind=kind)
                if known is not None and known.url == url
                else Feed(programme, url, kind=kind, added_by=by))
        self.put(feed)
        return feed

    def remove(self, programme: str, by: int) -> bool:
        known = self.feeds.get(programme)
        if known is not None and known.removed:
            return False
        self.put(Feed(programme, known.url if known else "", added_by=by, removed=True))
        return True

    def forget(self, programme: str) -> None:
        """Drop a feed entirely (one registered a moment ago that turned out unusable)."""
        if self.feeds.pop(programme, None) is not None:
            self._save()

    def put(self, feed: Feed) -> None:
        self.feeds[feed.programme] = feed
        self._save()

    def keep_copy(self, programme: str, data: bytes) -> None:
        """The last copy that was read without problems (for the operator to look at)."""
        self.copies.mkdir(parents=True, exist_ok=True)
        atomic_write(self.copies / f"{programme.replace(':', '_')}.ics", data)

    def _save(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        payload: dict[str, Any] = {p: asdict(f) for p, f in self.feeds.items()}
        atomic_write(self.path, json.dumps(payload, ensure_ascii=False, indent=1).encode())
