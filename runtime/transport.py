"""Telegram as a transport for the shared sender: one message, one outcome.

Maps python-telegram-bot's errors to the sender's outcomes. Order matters:
BadRequest is a subclass of NetworkError and must never be retried blindly.

The sender paces its messages and handles RetryAfter itself, so its requests
pass PTB's rate limiter untouched (``SENDER_PACED``): one pacer and one retry
loop per request, never two. Replies to users keep PTB's AIORateLimiter.
"""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter, ExtBot

from handlers.callbacks import checked
from handlers.common import split_text
from scheduler.sender import Delivery, Message, Status

# rate_limit_args of requests the shared sender has paced already.
SENDER_PACED = -1
CAPTION_LIMIT = 1024  # characters Telegram keeps of a photo's or file's caption
FOLLOW_UP_ATTEMPTS = 3


# Requests that count against Telegram's limits, overall and per chat (edits too).
MESSAGE_ENDPOINTS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "copyMessage",
                               "forwardMessage", "sendMediaGroup"})
SPACED_ENDPOINTS = MESSAGE_ENDPOINTS | {"editMessageText", "editMessageReplyMarkup",
                                        "editMessageCaption"}


class SenderAwareRateLimiter(AIORateLimiter):
    """PTB's limiter for replies; a pass-through for requests the sender paced.

    Replies and the shared sender spend one overall budget: each reply is charged
    to the sender (``share_with``), which then waits that much longer, so a reply
    never queues behind a broadcast and the two together keep to the limit.

    PTB's limiter spaces messages to groups only; Telegram also answers 429 to more
    than about one message a second to one private chat, and a 429 pauses every
    reply. So messages to one chat are spaced ``per_chat`` seconds apart here (only
    that chat waits), as the sender does for its own.
    """

    def __init__(self, *args: Any, per_chat: float = 1.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # 5% over the interval, as the overall pacing keeps 5% under the limit: two
        # replies spaced exactly a second apart here arrived 0.99 s apart now and then
        self.per_chat = per_chat * 1.05
        self._last_in_chat: dict[object, float] = {}
        self._spend: Callable[[float, object], None] | None = None

    def share_with(self, spend: Callable[[float, object], None]) -> None:
        self._spend = spend

    async def _space(self, chat_id: object) -> None:
        if self.per_chat <= 0:
            return
        last_in = self._last_in_chat
        now = asyncio.get_running_loop().time()
        ready = last_in.get(chat_id, now - self.per_chat) + self.per_chat
        last_in[chat_id] = max(now, ready)  # claimed before waiting: the next one queues
        if len(last_in) > 10_000:
            for chat in [c for c, at in last_in.items() if at < now - self.per_chat]:
                del last_in[chat]
        if ready > now:
            await asyncio.sleep(ready - now)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        chat_id = data.get("chat_id")
        if rate_limit_args == SENDER_PACED:
            if chat_id is not None:  # a reply to this chat now waits its turn after it
                self._last_in_chat[chat_id] = asyncio.get_running_loop().time()
            return await callback(*args, **kwargs)
        if chat_id is not None and endpoint in SPACED_ENDPOINTS:
            await self._space(chat_id)
        if self._spend is not None and endpoint in SPACED_ENDPOINTS:  # edits count too
            self._spend(1.0, chat_id)
        return await super().process_request(callback, args, kwargs, endpoint, data,
                                             rate_limit_args)


PACED: dict[str, Any] = {"rate_limit_args": SENDER_PACED}


class TelegramTransport:
    def __init__(self, bot: Bot, *, paid: bool = False) -> None:
        """``paid``: messages sent with ``allow_paid_broadcast`` (up to 1,000 a second,
        paid in Stars beyond the free 30), for broadcasts when the operator enables it."""
        self.bot = bot
        # Only the application's ExtBot takes rate_limit_args (a bare Bot has no limiter).
        self._paced: dict[str, Any] = dict(PACED) if isinstance(bot, ExtBot) else {}
        if paid:
            self._paced["allow_paid_broadcast"] = True

    async def __call__(self, message: Message) -> Delivery:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=checked(data)) for label, data in row]
             for row in message.buttons]) if message.buttons else None
        try:
            if message.attachment is not None:
                kind, file_id = message.attachment
                # Telegram cuts a caption at 1,024 characters: a longer text follows the
                # photo or file as messages of its own, never cut.
                long_text = len(message.text) > CAPTION_LIMIT
                caption = None if long_text else html.escape(message.text, quote=False) or None
                if kind == "photo":
                    await self.bot.send_photo(message.chat_id, file_id, caption=caption,
                                              parse_mode=ParseMode.HTML, **self._paced)
                else:
                    await self.bot.send_document(message.chat_id, file_id, caption=caption,
                                                 parse_mode=ParseMode.HTML, **self._paced)
                if long_text and not await self._follow_up(message.chat_id, message.text):
                    return Delivery(Status.FAILED, detail="the text after the photo was "
                                                          "refused by flood control")
            elif message.document is not None:
                name, content = message.document
                await self.bot.send_document(message.chat_id, InputFile(content, filename=name),
                                             caption=message.text[:1024] or None, **self._paced)
            else:
                await self.bot.send_message(message.chat_id, html.escape(message.text,
                                                                         quote=False),
                                            parse_mode=ParseMode.HTML, reply_markup=markup,
                                            **self._paced)
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return Delivery(Status.RETRY_AFTER, retry_after=seconds, detail=str(exc))
        except Forbidden as exc:
            return Delivery(Status.BLOCKED, detail=str(exc))
        except ChatMigrated as exc:
            return Delivery(Status.FAILED, detail=f"group moved to {exc.new_chat_id}")
        except BadRequest as exc:
            if "chat not found" in str(exc).lower():
                return Delivery(Status.NOT_FOUND, detail=str(exc))
            return Delivery(Status.FAILED, detail=str(exc))
        except NetworkError as exc:
            return Delivery(Status.NETWORK, detail=str(exc))
        return Delivery(Status.SENT)

    async def _follow_up(self, chat_id: int, text: str) -> bool:
        """The text after its photo: the photo is out, so a flood wait is waited out here
        (sending the whole message again would send the photo twice). False when flood
        control refused it every time."""
        for piece in split_text(text):
            for attempt in range(FOLLOW_UP_ATTEMPTS):
                try:
                    await self.bot.send_message(chat_id, html.escape(piece, quote=False),
                                                parse_mode=ParseMode.HTML, **self._paced)
                    break
                except RetryAfter as exc:
                    if attempt == FOLLOW_UP_ATTEMPTS - 1:
                        return False
                    wait = exc.retry_after
                    await asyncio.sleep(wait.total_seconds() if isinstance(wait, timedelta)
                                        else float(wait))
        return True
