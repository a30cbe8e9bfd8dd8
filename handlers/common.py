"""Helpers every handler uses: the reader's language and zone, safe replies, buttons."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import (
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest

from content.langdetect import detect_language
from content.langs import DEFAULT_LANG, normalize_lang
from handlers.callbacks import checked, pack
from handlers.i18n import t
from handlers.services import Context, User

TEXT_LIMIT = MessageLimit.MAX_TEXT_LENGTH  # 4096


def stored_user(update: Update, context: Context) -> User:
    """The sender's stored settings (the defaults for someone never seen)."""
    user = update.effective_user
    return context.store.users.of(user.id) if user else User(0)


def user_lang(update: Update, context: Context, text: str | None = None) -> str:
    """The user's stored choice, then Telegram's language_code, then the text's language."""
    stored = stored_user(update, context)
    if stored.lang:
        return stored.lang
    user = update.effective_user
    code = normalize_lang(user.language_code) if user else None
    if code:
        return code
    return detect_language(text) if text else DEFAULT_LANG


def user_lang_of(context: Context, user_id: int) -> str:
    """Someone else's language (an admin's, for a report): stored, else the default."""
    return context.store.users.of(user_id).language


def user_zone(update: Update, context: Context, lang: str) -> str:
    return stored_user(update, context).zone_for(lang)


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split plain text into pieces that stay under ``limit`` once HTML-escaped.

    Cuts at paragraph, then line, then word boundaries; a single word longer
    than the limit is cut hard.
    """
    rest = text.strip()
    if len(rest) * 5 <= limit:  # even if every character were escaped to 5, it fits
        return [rest] if rest else [""]
    pieces: list[str] = []
    while rest:
        if len(html.escape(rest, quote=False)) <= limit:
            pieces.append(rest)
            break
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return pieces or [""]


def _cut_point(text: str, limit: int) -> int:
    # Find the longest prefix whose escaped form fits, then back off to a boundary.
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(html.escape(text[:mid], quote=False)) <= limit:
            lo = mid
        else:
            hi = mid - 1
    for sep in ("\n\n", "\n", " "):
        at = text.rfind(sep, 0, lo)
        if at > lo // 2:
            return at + len(sep)
    return lo


async def send_text(chat: Chat | None, text: str, *, keyboard: InlineKeyboardMarkup | None = None,
                    quote: Message | None = None) -> Message | None:
    """Send plain text as escaped HTML, split under Telegram's limit; buttons on the last part."""
    if chat is None:
        return None
    pieces = split_text(text)
    sent = None
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        sent = await chat.send_message(
            html.escape(piece, quote=False), parse_mode=ParseMode.HTML,
            reply_markup=keyboard if last else None,
            reply_to_message_id=quote.message_id if (quote is not None and i == 0) else None,
        )
    return sent


async def edit_or_send(update: Update, text: str, *,
                       keyboard: InlineKeyboardMarkup | None = None) -> None:
    """A view opened by a button replaces the message the button was on, as a native
    app's menus do; opened by a command (or too long for one message), it is sent."""
    query = update.callback_query
    if query is not None and query.message is not None and len(split_text(text)) == 1:
        try:
            await query.edit_message_text(html.escape(text, quote=False),
                                          parse_mode=ParseMode.HTML, reply_markup=keyboard)
            return
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return  # the same view again: nothing to change
            # too old to edit, or gone: the view comes as a new message
    await send_text(update.effective_chat, text, keyboard=keyboard)


def keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Buttons from (label, callback data) rows; data over 64 bytes is refused here.

    Telegram would refuse the whole message (BUTTON_DATA_INVALID): failing when the
    button is made names the button instead of losing the message.
    """
    for row in rows:
        for _, data in row:
            checked(data)  # raises CallbackDataTooLong over Telegram's limit
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows])


def is_addressed(update: Update, context: Context) -> bool:
    """In a group, the bot speaks only when mentioned or replied to; always in private."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return False
    if chat.type == Chat.PRIVATE:
        return True
    me = context.bot.username
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and \
            replied.from_user.id == context.bot.id:
        return True
    mentions = message.parse_entities([MessageEntity.MENTION]).values()
    return bool(me) and any(m.lower() == f"@{me.lower()}" for m in mentions)


def strip_mention(text: str, username: str | None) -> str:
    if username:
        text = text.replace(f"@{username}", " ")
    return text.strip()


def menu(lang: str, *, private: bool = True) -> InlineKeyboardMarkup:
    """The main menu under /start and /help; a group's has nothing personal."""
    rows = [
        [(t(lang, "Programmes"), pack("m", "programmes")),
         (t(lang, "Partner cities"), pack("m", "cities"))],
        [(t(lang, "Upcoming"), pack("m", "upcoming")),
         (t(lang, "Deadlines"), pack("m", "deadlines"))],
    ]
    if private:
        rows += [
            [(t(lang, "🔔 Subscribe"), pack("m", "subscribe")),
             (t(lang, "⏰ Reminders"), pack("m", "reminders")),
             (t(lang, "📅 Calendar"), pack("m", "calendar"))],
            [(t(lang, "Ask a question"), pack("m", "ask")),
             (t(lang, "Settings"), pack("m", "settings"))],
        ]
    else:
        rows.append([(t(lang, "Ask a question"), pack("m", "ask"))])
    return keyboard(rows)
