"""A user as the bot keeps them: typed settings and whether they can be written to.

The stored record keeps the field names the data files have always used
(``active`` for reachability), so existing files load unchanged; everything
else reads a ``User``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from content.langs import DEFAULT_LANG, DEFAULT_ZONES


@dataclass(frozen=True)
class User:
    """One person's settings.

    ``lang`` and ``zone`` are None until chosen (the Telegram language and the
    language's default zone stand in); ``leads`` and ``quiet`` are empty/None for
    the defaults of the reminder planner; ``reachable`` is False after they blocked
    the bot in their private chat, and True again once they write or unblock it.
    """

    id: int
    lang: str | None = None
    zone: str | None = None
    reachable: bool = True
    subs: tuple[str, ...] = ()  # subscription topics
    leads: tuple[str, ...] = ()  # reminder lead times ("7d", "1h"); () = defaults
    quiet: tuple[str, str] | None = None  # local quiet hours; None = default
    muted: tuple[str, ...] = ()  # event ids muted
    done: tuple[str, ...] = ()  # deadlines dealt with

    @property
    def language(self) -> str:
        return self.lang or DEFAULT_LANG

    def zone_for(self, lang: str | None = None) -> str:
        """The reader's zone: theirs if chosen, else the default of ``lang`` (or theirs)."""
        return self.zone or DEFAULT_ZONES[lang or self.language]

    @classmethod
    def from_record(cls, user_id: int, record: dict[str, Any]) -> User:
        quiet = record.get("quiet")
        return cls(id=user_id, lang=record.get("lang"), zone=record.get("zone"),
                   reachable=record.get("active") is not False,
                   subs=tuple(record.get("subs") or ()), leads=tuple(record.get("leads") or ()),
                   quiet=(str(quiet[0]), str(quiet[1])) if quiet else None,
                   muted=tuple(record.get("muted") or ()), done=tuple(record.get("done") or ()))

    def settings(self) -> dict[str, Any]:
        """Everything stored about the user, as /mydata shows it."""
        out = asdict(self)
        out.pop("id")
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}


USER_ATTRIBUTES = frozenset(f.name for f in fields(User)) - {"id"}


def record_update(**changes: Any) -> dict[str, Any]:
    """Stored record fields for attribute changes (``reachable`` is stored as ``active``)."""
    unknown = set(changes) - USER_ATTRIBUTES
    if unknown:
        raise ValueError(f"unknown user fields: {sorted(unknown)}")
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "reachable":
            name = "active"
        out[name] = list(value) if isinstance(value, tuple | frozenset | set) else value
    return out


class Users:
    """The users repository: settings sharded by user id over the state's documents
    (one write serialises a sixteenth of the users, not all of them)."""

    def __init__(self, shards: list[TinyDB], commit: Callable[[], Awaitable[None]]) -> None:
        self._shards = shards
        self._commit = commit
        # Users as read, by id: every change goes through this repository, which keeps
        # it current, so a lookup is one dictionary access (no record parsed per read).
        self._cache: dict[int, User | None] = {}
        self._listeners: list[Callable[[int, User | None], None]] = []

    def _table(self, user_id: int) -> Any:
        return self._shards[user_id % len(self._shards)].table("users")

    def get(self, user_id: int) -> User | None:
        try:
            return self._cache[user_id]
        except KeyError:
            doc = self._table(user_id).get(doc_id=user_id)
            user = User.from_record(user_id, doc) if doc is not None else None
            self._cache[user_id] = user
            return user

    def of(self, user_id: int) -> User:
        """The user's settings, the defaults for someone never seen."""
        return self.get(user_id) or User(user_id)

    def listen(self, listener: Callable[[int, User | None], None]) -> None:
        """``listener(user_id, user)`` after every change (``None``: forgotten), so what is
        derived from the users (the reminder index) follows one user at a time."""
        self._listeners.append(listener)

    def _changed(self, user_id: int, user: User | None) -> None:
        for listener in self._listeners:
            listener(user_id, user)

    def update(self, user_id: int, **changes: Any) -> User:
        """Change settings in memory; the state's ``commit()`` makes them durable."""
        stored = record_update(**changes)
        table = self._table(user_id)
        current = table.get(doc_id=user_id)
        merged = {**(dict(current) if current else {}), **stored}
        if current is None:
            table.insert(Document(merged, doc_id=user_id))
        else:
            table.update(stored, doc_ids=[user_id])
        user = self._cache[user_id] = User.from_record(user_id, merged)
        self._changed(user_id, user)
        return user

    async def mark_unreachable(self, user_id: int) -> None:
        """The user blocked the bot in their private chat: no reminders or broadcasts to
        them until they are reachable again (the only place that decides it)."""
        self.update(user_id, reachable=False)
        await self._commit()

    async def mark_reachable(self, user_id: int) -> bool:
        """The user is reachable again (wrote, pressed a button, unblocked): whether they
        were marked unreachable before."""
        user = self.get(user_id)
        if user is None or user.reachable:
            return False
        self.update(user_id, reachable=True)
        await self._commit()
        return True

    def forget(self, user_id: int) -> bool:
        table = self._table(user_id)
        self._cache.pop(user_id, None)
        if table.get(doc_id=user_id) is None:
            return False
        table.remove(doc_ids=[user_id])
        self._changed(user_id, None)
        return True

    def all(self) -> Iterable[User]:
        """Every user the bot knows, reachable or not."""
        for shard in self._shards:
            for doc in shard.table("users").all():
                user = self._cache.get(doc.doc_id)
                if user is None:  # read once, then kept current by update()
                    user = self._cache[doc.doc_id] = User.from_record(doc.doc_id, doc)
                yield user
