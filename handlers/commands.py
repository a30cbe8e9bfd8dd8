"""The command menu each user sees, in their language (setMyCommands per language and scope).

Private chats get every command; groups only the public ones (no /mydata,
/forget or personal settings in front of the group); a user who chose a
language with /language gets the menu in it in their own chat, and
coordinators and admins get theirs with the coordinator commands.
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
from handlers.services import Context


def is_staff(context: Context, user_id: int) -> bool:
    """Admins and coordinators: they see the coordinator commands in their menu."""
    return user_id in context.services.admins or user_id in context.store.roles.coordinators()

# Commands that make sense in front of a group: nothing personal.
GROUP_COMMANDS = frozenset({"start", "help", "programmes", "cities", "upcoming", "deadlines",
                            "privacy"})


def coordinator_commands(lang: str) -> list[BotCommand]:
    """What coordinators and admins add to their own menu."""
    return [
        BotCommand("broadcast", t(lang, "Send an announcement")),
        BotCommand("broadcasts", t(lang, "Recent announcements")),
        BotCommand("unanswered", t(lang, "Questions I could not answer")),
        BotCommand("stats", t(lang, "Usage figures")),
        BotCommand("addevent", t(lang, "Add an event")),
        BotCommand("editevent", t(lang, "Change an event")),
        BotCommand("cancelevent", t(lang, "Cancel an event")),
        BotCommand("eventids", t(lang, "Event ids")),
        BotCommand("feeds", t(lang, "Calendar feeds")),
        BotCommand("reload", t(lang, "Reload the content files")),
        BotCommand("coordinators", t(lang, "Grant or revoke the coordinator role")),
    ]


def command_list(lang: str, *, group: bool = False,
                 coordinator: bool = False) -> list[BotCommand]:
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
    if group:
        return [c for c in commands if c.command in GROUP_COMMANDS]
    return commands + coordinator_commands(lang) if coordinator else commands


async def publish_commands(bot: Bot, coordinators: dict[int, str] | None = None) -> None:
    """English as the default menu, then one per language for users with that language_code;
    the same for all private chats, and the public commands for all groups; then each
    coordinator's own chat (``coordinators``: user id -> language) gets theirs."""
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
    for user_id, lang in sorted((coordinators or {}).items()):
        await publish_chat_commands(bot, user_id, lang, coordinator=True)


async def publish_chat_commands(bot: Bot, chat_id: int, lang: str, *,
                                coordinator: bool = False) -> None:
    """The menu of one private chat: in the language its user chose (after /language),
    with the coordinator commands for coordinators and admins."""
    await bot.set_my_commands(command_list(lang, coordinator=coordinator),
                              scope=BotCommandScopeChat(chat_id))
