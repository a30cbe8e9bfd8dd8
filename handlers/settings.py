"""/language and /timezone: the user's interface language and reading zone."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_time
from telegram import Chat, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from content.langs import LANGS, babel_locale
from content.zones import ZoneFinder
from handlers.callbacks import pack, pattern
from handlers.commands import is_staff, publish_chat_commands
from handlers.common import edit_or_send, keyboard, send_text, user_lang, user_zone
from handlers.i18n import LANGUAGE_NAMES, t
from handlers.services import Context

log = logging.getLogger(__name__)

_FINDER: dict[str, object] = {"content": None, "finder": None}


async def _finder(context: Context) -> ZoneFinder:
    """The zone finder of the live content, built off the event loop the first time
    (it reads CLDR's city names) and again only when the content is swapped."""
    content = context.engine.content
    if _FINDER["content"] is not content:
        _FINDER["finder"] = await asyncio.to_thread(ZoneFinder, content)
        _FINDER["content"] = content
    finder: ZoneFinder = _FINDER["finder"]  # type: ignore[assignment]
    return finder


async def language(update: Update, context: Context) -> None:
    """/language: six buttons, each in its own language."""
    lang = user_lang(update, context)
    buttons = [(LANGUAGE_NAMES[code], pack("l", code)) for code in LANGS]
    await send_text(update.effective_chat, t(lang, "Choose your language:"),
                    keyboard=keyboard([buttons[:3], buttons[3:]]))


async def on_language(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    code = query.data.partition(":")[2]
    if code not in LANGS:
        lang = user_lang(update, context)
        await query.answer(t(lang, "This button is no longer valid. Send /start for a fresh menu."))
        return
    context.store.users.update(update.effective_user.id, lang=code)
    await context.store.commit()
    await query.answer()
    chat = update.effective_chat
    # The chat's message was a menu: it becomes the confirmation, in the chosen language.
    await edit_or_send(update, t(code, "From now on I will speak {language}.",
                                 language=LANGUAGE_NAMES[code]))
    if chat is not None and chat.type == Chat.PRIVATE:
        try:
            await publish_chat_commands(context.bot, chat.id, code,
                                        coordinator=is_staff(context, chat.id))
        except TelegramError as exc:  # the menu is a convenience; the choice is saved
            log.warning("could not set the command menu of chat %s: %s", chat.id, exc)


async def timezone_command(update: Update, context: Context) -> None:
    """/timezone [zone]: show or set the zone dates and times are given in."""
    lang = user_lang(update, context)
    value = " ".join(context.args or [])
    if not value:
        zone = user_zone(update, context, lang)
        await send_text(update.effective_chat, _zone_line(lang, zone, context) + "\n" + t(
            lang, "To change it, send /timezone followed by a zone such as Europe/Sofia, a city "
                  "such as Seoul, or an offset such as UTC+2."))
        return
    finder = await _finder(context)
    zone = finder.resolve(value)  # an IANA name, a UTC offset, or a city in six languages
    if zone is None or update.effective_user is None:
        suggestions = finder.suggest(value)
        if suggestions:
            rows = [[(_zone_label(zone, context), pack("tz", zone))] for zone in suggestions]
            await send_text(update.effective_chat, t(
                lang, "I don't know the time zone “{value}”. Did you mean one of these?",
                value=value[:64]), keyboard=keyboard(rows))
            return
        await send_text(update.effective_chat, t(
            lang, "I don't know the time zone “{value}”. Try Europe/Sofia, Seoul or UTC+2.",
            value=value[:64]))
        return
    context.store.users.update(update.effective_user.id, zone=zone)
    await context.store.commit()
    await send_text(update.effective_chat, _zone_line(lang, zone, context))


async def on_zone(update: Update, context: Context) -> None:
    """A suggested zone pressed: set it, and the suggestion becomes the confirmation."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    lang = user_lang(update, context)
    zone = query.data.partition(":")[2]
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        await query.answer(t(lang, "This button is no longer valid. Send /start for a fresh menu."))
        return
    context.store.users.update(update.effective_user.id, zone=zone)
    await context.store.commit()
    await query.answer()
    await edit_or_send(update, _zone_line(lang, zone, context))


def _utc_label(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _zone_label(zone: str, context: Context) -> str:
    """"Europe/Madrid (UTC+01:00)" as of now; offsets alone for Etc/ zones."""
    local = context.now().astimezone(ZoneInfo(zone))
    label = _utc_label(local.utcoffset() or timedelta(0))
    return label if zone.startswith("Etc/") or zone == "UTC" else f"{zone} ({label})"


def _zone_line(lang: str, zone: str, context: Context) -> str:
    local = context.now().astimezone(ZoneInfo(zone))
    zone_name = _zone_label(zone, context)
    time_text = format_time(local, "short", locale=babel_locale(lang))
    return t(lang, "Your time zone: {zone}. It is {time} there now.", zone=zone_name,
             time=time_text)


async def show_settings(update: Update, context: Context) -> None:
    lang = user_lang(update, context)
    zone = user_zone(update, context, lang)
    text = t(lang, "Language: {language}", language=LANGUAGE_NAMES[lang]) + "\n" + \
        _zone_line(lang, zone, context)
    await send_text(update.effective_chat, text, keyboard=keyboard(
        [[(t(lang, "Change language"), pack("s", "language")), (t(lang, "Change time zone"),
                                                        pack("s", "timezone"))]]))


async def on_settings(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    if query.data == "s:language":
        await language(update, context)
    else:
        context.args = []
        await timezone_command(update, context)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("language", language))
    app.add_handler(CommandHandler("timezone", timezone_command))
    app.add_handler(CallbackQueryHandler(on_language, pattern=pattern("l")))
    app.add_handler(CallbackQueryHandler(on_zone, pattern=pattern("tz")))
    app.add_handler(CallbackQueryHandler(on_settings,
                                         pattern=pattern("s", fields="(language|timezone)$")))
