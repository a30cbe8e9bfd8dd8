"""The command menu each user sees, in their language (setMyCommands per language)."""

from __future__ import annotations

from telegram import Bot, BotCommand

from content.langs import LANGS
from handlers.i18n import t


def command_list(lang: str) -> list[BotCommand]:
    return [
        BotCommand("start", t(lang, "Main menu")),
        BotCommand("help", t(lang, "What I can answer")),
        BotCommand("programmes", t(lang, "Programmes")),
        BotCommand("cities", t(lang, "Partner cities")),
        BotCommand("upcoming", t(lang, "Upcoming meetings and webinars")),
        BotCommand("deadlines", t(lang, "Application deadlines")),
        BotCommand("subscribe", t(lang, "Get reminders")),
        BotCommand("subscriptions", t(lang, "My subscriptions")),
        BotCommand("reminders", t(lang, "When to remind me")),
        BotCommand("calendar", t(lang, "My events as a calendar file")),
        BotCommand("unsubscribe", t(lang, "Stop all reminders")),
        BotCommand("language", t(lang, "Change language")),
        BotCommand("timezone", t(lang, "Change time zone")),
        BotCommand("mydata", t(lang, "Download my data")),
        BotCommand("forget", t(lang, "Delete my data")),
        BotCommand("privacy", t(lang, "What is stored and why")),
    ]


async def publish_commands(bot: Bot) -> None:
    """English as the default menu, then one per language for users with that language_code."""
    await bot.set_my_commands(command_list("en"))
    for lang in LANGS:
        await bot.set_my_commands(command_list(lang), language_code=lang)
