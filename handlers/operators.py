"""Operators are told: an unexpected error reaches the admins, trimmed and rate-limited.

A log nobody reads is where errors go to be forgotten. Each admin (BOT_ADMIN_IDS)
gets one short message per kind of error (its type and where it was raised),
at most once per ``QUIET_FOR``, and at most ``MAX_PER_HOUR`` reports in all per
hour, with what caused it: the kind of update, the chat, the command or button,
and the first words of the text. Time is the bot's clock, never read ad hoc.
"""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timedelta
from pathlib import Path

from telegram import Update
from telegram.error import TelegramError

from handlers.common import user_lang_of
from handlers.i18n import t
from handlers.services import Context

log = logging.getLogger(__name__)

QUIET_FOR = timedelta(minutes=10)  # the same error again within this: not reported again
MAX_PER_HOUR = 10
TEXT_SHOWN = 80
ROOT = Path(__file__).resolve().parent.parent


def _where(error: BaseException) -> str:
    """The last frame in the project's own code: "handlers/questions.py:64"."""
    frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
    for frame in reversed(frames):
        path = Path(frame.filename)
        if ROOT in path.parents and ".venv" not in path.parts:
            return f"{path.relative_to(ROOT)}:{frame.lineno}"
    return frames[-1].name if frames else "?"


def _cause(lang: str, update: object) -> str:
    """What was being handled, in the admin's language (ids and data as they are)."""
    if not isinstance(update, Update):
        return t(lang, "a background job")
    chat = update.effective_chat
    parts = [t(lang, "update {id}", id=update.update_id)]
    if chat is not None:
        parts.append(t(lang, "chat {id} ({type})", id=chat.id, type=chat.type))
    if update.callback_query is not None:
        parts.append(t(lang, "button {data}", data=repr(update.callback_query.data)))
    message = update.effective_message
    if message is not None and message.text:
        text = message.text
        parts.append(repr(text[:TEXT_SHOWN] + ("…" if len(text) > TEXT_SHOWN else "")))
    return ", ".join(parts)


def _admit(context: Context, key: str, now: datetime) -> bool:
    """Whether this report goes out now (rate limits), noting it if so."""
    seen: dict[str, datetime] = context.bot_data.setdefault("error_reports", {})
    sent: list[datetime] = context.bot_data.setdefault("error_report_times", [])
    sent[:] = [at for at in sent if now - at < timedelta(hours=1)]
    last = seen.get(key)
    if (last is not None and now - last < QUIET_FOR) or len(sent) >= MAX_PER_HOUR:
        return False
    seen[key] = now
    sent.append(now)
    return True


async def report_error(update: object, context: Context, error: BaseException) -> None:
    """Tell every admin about an unexpected error (after it was logged)."""
    admins = context.services.admins
    if not admins:
        return
    where = _where(error)
    if not _admit(context, f"{type(error).__name__}@{where}", context.now()):
        return
    detail = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    for admin in sorted(admins):
        lang = user_lang_of(context, admin)
        text = t(lang, "⚠️ Unexpected error: {error} at {where}, while handling {cause}.",
                 error=f"{type(error).__name__}: {detail}" if detail else type(error).__name__,
                 where=where, cause=_cause(lang, update))
        try:
            await context.bot.send_message(admin, text)
        except TelegramError as exc:  # an admin who never started the bot, say
            log.warning("could not report an error to admin %s: %s", admin, exc)
