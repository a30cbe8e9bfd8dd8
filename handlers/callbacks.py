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

from content.models import Content

MAX_BYTES = 64
SEPARATOR = ":"


class CallbackDataTooLong(ValueError):
    """A button would carry more than Telegram's 64 bytes."""


def pack(prefix: str, *fields: str) -> str:
    """Callback data for a button; raises CallbackDataTooLong over 64 bytes."""
    data = SEPARATOR.join((prefix, *fields))
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackDataTooLong(f"{len(data.encode('utf-8'))} bytes: {data!r}")
    return data


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
