"""The command menu each user sees, in their language (setMyCommands per language and scope).

Private chats get every command; groups only the public ones (no /mydata,
/forget or personal settings in front of the group); a user who chose a
language with /language gets the menu in it in their own chat.
"""

from __future__ import annotations

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)

from content.langs import LANGS
from handlers.i18n import t

# Commands that make sense in front of a group: nothing personal.
GROUP_COMMANDS = frozenset({"start", "help", "programmes", "cities", "upcoming", "deadlines",
                            "privacy"})


def command_list(lang: str, *, group: bool = False) -> list[BotCommand]:
    commands = [
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
    return [c for c in commands if c.command in GROUP_COMMANDS] if group else commands


async def publish_commands(bot: Bot) -> None:
    """English as the default menu, then one per language for users with that language_code;
    the same for all private chats, and the public commands for all groups."""
    await bot.set_my_commands(command_list("en"))
    await bot.set_my_commands(command_list("en"), scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands(command_list("en", group=True),
                              scope=BotCommandScopeAllGroupChats())
    for lang in LANGS:
        await bot.set_my_commands(command_list(lang), language_code=lang)
        await bot.set_my_commands(command_list(lang), language_code=lang,
                                  scope=BotCommandScopeAllPrivateChats())
        await bot.set_my_commands(command_list(lang, group=True), language_code=lang,
                                  scope=BotCommandScopeAllGroupChats())


async def publish_chat_commands(bot: Bot, chat_id: int, lang: str) -> None:
    """The menu of one private chat in the language its user chose (after /language)."""
    await bot.set_my_commands(command_list(lang), scope=BotCommandScopeChat(chat_id))
