"""What the bot keeps in memory per chat and user, let go of once it is no longer needed.

python-telegram-bot keeps ``chat_data`` and ``user_data`` for every chat and user
it ever saw, for as long as the process lives: the recent answers a 👎 may refer
to (about 2 KB per chat), a calendar file waiting for its programme (up to 2 MB),
a feed address waiting for one. Without this, memory grows with every person
who ever wrote. What is dropped: a chat's recent answers a day after its last
question, a pending file or address after an hour, and entries left empty.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from telegram.ext import Application

ANSWERS_KEPT = timedelta(days=1)
PENDING_KEPT = timedelta(hours=1)
PENDING_KEYS = ("calendar_file", "feed")  # user_data entries waiting for a button


def forget_idle(app: Application, now: datetime) -> int:  # type: ignore[type-arg]
    """Drop what has outlived its use; the number of chats and users let go of."""
    dropped = 0
    for chat_id, data in list(app.chat_data.items()):
        at = data.get("at")
        if not data or (isinstance(at, datetime) and now - at > ANSWERS_KEPT):
            app.drop_chat_data(chat_id)
            dropped += 1
    for user_id, data in list(app.user_data.items()):
        for key in PENDING_KEYS:
            pending: dict[str, Any] = data.get(key) or {}
            at = pending.get("at")
            if not pending or (isinstance(at, datetime) and now - at > PENDING_KEPT):
                data.pop(key, None)
        if not data:
            app.drop_user_data(user_id)
            dropped += 1
    return dropped
