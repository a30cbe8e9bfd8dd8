"""Who can be reached: a user blocked in their private chat is skipped, and back when they return.

A 403 from a user's private chat means they blocked the bot; a 403 from a
group means only that the bot left that group. A user is reachable again as
soon as they write or press anything, or when Telegram reports (my_chat_member)
that they unblocked the bot.
"""

from __future__ import annotations

from telegram import Chat, ChatMember, Update
from telegram.ext import Application, ChatMemberHandler, TypeHandler

from handlers.services import Context

# The update types the bot handles; nothing else is requested from Telegram.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


def private_with_user(update: Update) -> bool:
    """Whether the update comes from the user's own private chat with the bot."""
    chat, user = update.effective_chat, update.effective_user
    return chat is not None and user is not None and chat.type == Chat.PRIVATE \
        and chat.id == user.id


async def mark_reachable(update: Update, context: Context) -> None:
    """Runs before every handler: a user who writes to the bot can be written to.

    A first contact is recorded too (the user id, nothing else), so that an
    announcement to everyone reaches people who only pressed /start or asked a
    question; /privacy says so and /forget removes it.
    """
    if update.my_chat_member is None and private_with_user(update):
        assert update.effective_user is not None
        user_id = update.effective_user.id
        if context.store.users.get(user_id) is None:
            context.store.users.update(user_id, reachable=True)
            context.store.commit_soon()
        else:
            await context.store.users.mark_reachable(user_id)


async def on_my_chat_member(update: Update, context: Context) -> None:
    """Blocked or unblocked in a private chat; the bot added to or removed from a group."""
    change = update.my_chat_member
    if change is None or change.chat.type != Chat.PRIVATE:
        return  # a group the bot left says nothing about its members' private chats
    user_id = change.chat.id
    if change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT):
        await context.store.users.mark_unreachable(user_id)
    elif change.new_chat_member.status == ChatMember.MEMBER:
        await context.store.users.mark_reachable(user_id)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(TypeHandler(Update, mark_reachable), group=-1)
    app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
