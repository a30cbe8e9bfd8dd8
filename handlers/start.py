"""/start (with deep links), /help and the main menu buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from handlers import browse, settings, subscriptions
from handlers.callbacks import pattern
from handlers.common import menu, send_text, user_lang, user_zone
from handlers.i18n import t
from handlers.services import Context


async def start(update: Update, context: Context) -> None:
    """Greet in the user's language; ``start=iurc`` / ``start=city_sejong`` open a card."""
    lang = user_lang(update, context)
    content = context.engine.content
    arg = (context.args or [""])[0].lower()
    if arg:
        if f"programme:{arg}" in content.programmes:
            await browse.send_programme(update, context, lang, f"programme:{arg}", "overview")
            return
        if arg.startswith("sub_") and f"programme:{arg[4:]}" in content.programmes:
            topic = f"programme:{arg[4:]}"
            await subscriptions.set_subscribed(update, context, topic, True)
            await send_text(update.effective_chat, t(
                lang, "Subscribed: {topic}", topic=content.programmes[topic].acronym) + "\n" +
                t(lang, "Send /reminders to choose when, /subscriptions to review."))
            return
        if arg.startswith("city_") and f"city:{arg[5:]}" in content.cities:
            await browse.send_city(update, context, lang, f"city:{arg[5:]}")
            return
    await send_greeting(update, context, lang)


async def send_greeting(update: Update, context: Context, lang: str) -> None:
    greeting = context.engine.compose("greeting", lang, context.now(),
                                      user_zone(update, context, lang))
    await send_text(update.effective_chat, greeting.text,
                    keyboard=menu(lang, private=_private(update)))


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is None or chat.type == "private"


async def help_command(update: Update, context: Context) -> None:
    """/help: what the bot answers, with examples and the menu."""
    lang = user_lang(update, context)
    answer = context.engine.compose("help", lang, context.now(), user_zone(update, context, lang))
    commands = t(lang, "Commands: /programmes /cities /upcoming /deadlines /subscribe "
                       "/subscriptions /reminders /calendar /language /timezone /mydata /forget "
                       "/privacy")
    await send_text(update.effective_chat, f"{answer.text}\n\n{commands}",
                    keyboard=menu(lang, private=_private(update)))


async def on_menu(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    choice = query.data.partition(":")[2]
    lang = user_lang(update, context)
    actions = {
        "programmes": browse.show_programmes,
        "cities": browse.show_cities,
        "upcoming": browse.upcoming,
        "deadlines": browse.deadlines,
        "settings": settings.show_settings,
        "subscribe": subscriptions.subscribe,
        "reminders": subscriptions.reminders,
        "calendar": subscriptions.calendar_command,
    }
    if choice == "ask":
        await query.answer()
        await send_text(update.effective_chat, t(
            lang, "Type your question in any of the six languages, for example: "
                  "“Who is Sofia's partner city?” or “Quan acaba el termini?”"))
    elif choice in actions:
        await query.answer()
        await actions[choice](update, context)
    else:
        await browse.expired(update, context)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
    app.add_handler(CallbackQueryHandler(on_menu, pattern=pattern("m")))
