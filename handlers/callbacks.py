"""Callback data: one codec for every button, and Telegram's 64-byte limit checked here.

Telegram refuses a whole message if one button's data is over 64 bytes
(400 BUTTON_DATA_INVALID), so a reminder for an event with a long id would
reach nobody. Buttons therefore never carry item ids: they carry an 8-letter
short id (a hash of the item id, stable across restarts and content
reloads), and ``pack`` refuses anything longer than the limit when the
button is made, not when Telegram answers.

Data is ``prefix:field:field``; ``unpack`` returns the fields, and
``item_of`` turns a short id back into the item it names (or None when the
item is gone: the caller answers with its stale-button reply).
"""

from __future__ import annotations

import base64
import hashlib
import re

from content.models import Content

MAX_BYTES = 64
SEPARATOR = ":"
# Every kind of button, by the prefix its data starts with: made by ``pack``, routed
# by ``pattern``; nothing else builds or matches callback data.
PREFIXES: dict[str, str] = {
    "m": "main menu", "p": "programme card", "pc": "a programme's cities",
    "pt": "a programme's timeline", "pf": "a programme fact", "c": "city card",
    "u": "upcoming events", "d": "deadlines", "l": "language choice", "s": "settings",
    "sub": "subscribe or unsubscribe", "unsuball": "stop all reminders",
    "lead": "reminder lead time", "quiet": "quiet hours", "ics": "calendar file",
    "mute": "mute an event", "done": "a deadline dealt with", "fb": "answer feedback",
    "fg": "confirm /forget", "ua": "the unanswered-questions inbox", "bc": "broadcast draft",
    "tz": "a suggested time zone", "bcx": "cancel a scheduled broadcast",
    "ci": "a calendar file sent to the bot", "fd": "a calendar feed",
    "ew": "the guided event editor",
}


class CallbackDataTooLong(ValueError):
    """A button would carry more than Telegram's 64 bytes."""


def pattern(*prefixes: str, fields: str = "") -> str:
    """The regular expression a handler claims its buttons by (``fields``: what may
    follow the prefix, a regex; anything by default)."""
    unknown = [p for p in prefixes if p not in PREFIXES]
    if unknown:
        raise KeyError(f"unregistered callback prefixes: {unknown}")
    return rf"^(?:{'|'.join(map(re.escape, prefixes))}){re.escape(SEPARATOR)}{fields}"


def pack(prefix: str, *fields: str | int) -> str:
    """Callback data for a button; raises CallbackDataTooLong over 64 bytes."""
    if prefix not in PREFIXES:
        raise KeyError(f"unregistered callback prefix: {prefix!r}")
    data = SEPARATOR.join((prefix, *map(str, fields)))
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackDataTooLong(f"{len(data.encode('utf-8'))} bytes: {data!r}")
    return data


def checked(data: str) -> str:
    """Data made elsewhere by ``pack``, checked again where buttons are sent: a
    registered prefix and at most 64 bytes, or an error before Telegram refuses it."""
    prefix, _, rest = data.partition(SEPARATOR)
    return pack(prefix, *([rest] if rest else []))


def unpack(data: str) -> tuple[str, list[str]]:
    """The prefix and the fields of callback data."""
    prefix, *fields = data.split(SEPARATOR)
    return prefix, fields


def short_id(item_id: str) -> str:
    """8 letters that stand for an item id in a button (base32 of a BLAKE2 digest)."""
    digest = hashlib.blake2b(item_id.encode("utf-8"), digest_size=5).digest()
    return base64.b32encode(digest).decode("ascii").lower()


# Short id -> item id, for the content store in use (rebuilt when it is swapped in).
_INDEX: dict[str, object] = {"content": None, "codes": {}}


def item_of(content: Content, code: str) -> str | None:
    """The id of the event, programme, city or fact a short id stands for, if it exists."""
    if _INDEX["content"] is not content:
        ids = (*content.events, *content.programmes, *content.cities, *content.facts)
        _INDEX["codes"] = {short_id(item_id): item_id for item_id in ids}
        _INDEX["content"] = content
    codes: dict[str, str] = _INDEX["codes"]  # type: ignore[assignment]
    return codes.get(code)
