"""A user as the bot keeps them: typed settings and whether they can be written to.

The stored record keeps the field names the data files have always used
(``active`` for reachability), so existing files load unchanged; everything
else reads a ``User``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any, TypeVar

from tinydb import TinyDB

from content.langs import DEFAULT_LANG, DEFAULT_ZONES


@dataclass(frozen=True, slots=True)
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
        lang, zone = record.get("lang"), record.get("zone")
        return cls(id=user_id, lang=lang and sys.intern(lang), zone=zone and sys.intern(zone),
                   reachable=record.get("active") is not False,
                   subs=shared(tuple(record.get("subs") or ())),
                   leads=shared(tuple(record.get("leads") or ())),
                   quiet=shared((str(quiet[0]), str(quiet[1]))) if quiet else None,
                   muted=tuple(record.get("muted") or ()),
                   done=tuple(record.get("done") or ()))

    def settings(self) -> dict[str, Any]:
        """Everything stored about the user, as /mydata shows it."""
        out = asdict(self)
        out.pop("id")
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}


_T = TypeVar("_T")
_SHARED: dict[Any, Any] = {}
_SHARED_MAX = 10_000


def shared(value: _T) -> _T:
    """One object for equal settings: 50,000 users choose among a few dozen
    subscription, lead and quiet-hour combinations, so each is kept once (the
    table stops growing at ``_SHARED_MAX`` distinct values)."""
    found = _SHARED.get(value)
    if found is not None:
        return found  # type: ignore[no-any-return]
    if len(_SHARED) < _SHARED_MAX:
        _SHARED[value] = value
    return value


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


class UserDirectory:
    """What every users repository does, whatever holds the records: a cache of typed
    users, listeners told of each change, reachability and forgetting. Subclasses say
    where a record lives (``_record``, ``_put``, ``_remove``, ``_records``)."""

    def __init__(self, commit: Callable[[], Awaitable[None]]) -> None:
        self._commit = commit
        # Users as read, by id: every change goes through this repository, which keeps
        # it current, so a lookup is one dictionary access (no record parsed per read).
        self._cache: dict[int, User | None] = {}
        self._listeners: list[Callable[[int, User | None], None]] = []

    # -- where the records live (per implementation) ---------------------------------

    def _record(self, user_id: int) -> dict[str, Any] | None:
        raise NotImplementedError

    def _put(self, user_id: int, merged: dict[str, Any], changes: dict[str, Any]) -> None:
        """Keep ``merged`` as the user's record (``changes``: the fields just set)."""
        raise NotImplementedError

    def _remove(self, user_id: int) -> bool:
        """Delete the user's record; whether there was one."""
        raise NotImplementedError

    def _records(self) -> Iterable[tuple[int, dict[str, Any]]]:
        raise NotImplementedError

    # -- the repository ----------------------------------------------------------------

    def get(self, user_id: int) -> User | None:
        try:
            return self._cache[user_id]
        except KeyError:
            doc = self._record(user_id)
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
        merged = {**(self._record(user_id) or {}), **stored}
        self._put(user_id, merged, stored)
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
        self._cache.pop(user_id, None)
        if not self._remove(user_id):
            return False
        self._changed(user_id, None)
        return True

    def records(self) -> Iterable[tuple[int, dict[str, Any]]]:
        """Every user's stored record as it is kept (for copying a store)."""
        return self._records()

    def all(self) -> Iterable[User]:
        """Every user the bot knows, reachable or not."""
        for user_id, doc in self._records():
            user = self._cache.get(user_id)
            if user is None:  # read once, then kept current by update()
                user = self._cache[user_id] = User.from_record(user_id, doc)
            yield user


class Users(UserDirectory):
    """The users repository of the files: settings sharded by user id over the state's
    documents.

    A change is made in memory and written down as one line (the user's whole
    record) for the state's change log; the shards themselves are rewritten only
    when the log is compacted. So a settings click costs one short append,
    however many users the bot has, not the serialisation of a shard (13 ms at
    50,000 users). The records are the TinyDB documents' own dictionaries,
    changed in place: TinyDB's ``update`` rebuilds the whole table per call.
    """

    def __init__(self, shards: list[TinyDB], commit: Callable[[], Awaitable[None]]) -> None:
        super().__init__(commit)
        self._shards = shards
        self._pending: list[bytes] = []  # log lines not yet handed to a flush
        # Set by forget(): the log still holds the person's old records, so the next
        # flush compacts it away ("deleted" means off the disk).
        self.compact_soon = False

    def _table(self, user_id: int) -> Any:
        return self._shards[user_id % len(self._shards)].table("users")

    def _records_to_change(self, user_id: int) -> dict[str, Any]:
        """The raw documents of the user's shard (TinyDB's own, by doc id as text), for
        a change: the shard is marked for the next compaction."""
        storage = self._shards[user_id % len(self._shards)].storage
        data = storage.read() or {}
        storage.write(data)  # (the same dictionary: only marks the shard changed)
        return data.setdefault("users", {})

    def _log(self, entry: dict[str, Any]) -> None:
        self._pending.append(json.dumps(entry, ensure_ascii=False,
                                        separators=(",", ":")).encode() + b"\n")

    def _record(self, user_id: int) -> dict[str, Any] | None:
        doc = self._table(user_id).get(doc_id=user_id)
        return None if doc is None else dict(doc)

    def _put(self, user_id: int, merged: dict[str, Any], changes: dict[str, Any]) -> None:
        self._records_to_change(user_id)[str(user_id)] = merged
        self._log({"id": user_id, "user": merged})

    def _remove(self, user_id: int) -> bool:
        if self._table(user_id).get(doc_id=user_id) is None:
            return False
        self._records_to_change(user_id).pop(str(user_id))
        self._log({"id": user_id, "forget": True})
        self.compact_soon = True
        return True

    def _records(self) -> Iterable[tuple[int, dict[str, Any]]]:
        for shard in self._shards:
            for doc in shard.table("users").all():
                yield doc.doc_id, doc

    # -- the change log ---------------------------------------------------------

    def take_pending(self) -> list[bytes]:
        """The log lines of the changes since the last call, for a flush to append."""
        lines, self._pending = self._pending, []
        return lines

    def give_back(self, lines: list[bytes]) -> None:
        """A flush failed: its lines go out with the next one, before newer ones."""
        self._pending[:0] = lines

    def share_texts(self) -> None:
        """Keep each distinct text of the records once (50,000 users have a handful of
        languages, zones and topics: one string object each, not one per user)."""
        for shard in self._shards:
            data = shard.storage.read() or {}
            for record in data.get("users", {}).values():
                share_record_texts(record)

    def replay(self, lines: Iterable[bytes]) -> None:
        """Apply logged records over the shards as read at start-up (in order; each
        line holds a whole record, so applying one twice changes nothing)."""
        for line in lines:
            entry = json.loads(line)
            user_id = int(entry["id"])
            records = self._records_to_change(user_id)
            if entry.get("forget"):
                records.pop(str(user_id), None)
            else:
                records[str(user_id)] = entry["user"]


def shared_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its field names, and every text in it, kept once per distinct
    text: a record decoded on its own (a database row) has field names of its own,
    six strings per user that 50,000 users need only once."""
    out = {sys.intern(key): value for key, value in record.items()}
    share_record_texts(out)
    return out


def share_record_texts(record: dict[str, Any]) -> None:
    """One string object per distinct text in a stored record (see ``share_texts``)."""
    for key, value in record.items():
        if isinstance(value, str):
            record[key] = sys.intern(value)
        elif isinstance(value, list):
            record[key] = [sys.intern(v) if isinstance(v, str) else v for v in value]
