"""The smallest bot on the same library, run the same way, for bench/process.py's ratio.

python-telegram-bot with the same rate limiter (AIORateLimiter) and long polling,
one handler that echoes the text: what any bot on this stack costs per update.

    TELEGRAM_BOT_TOKEN=... TELEGRAM_API_BASE_URL=... python bench/echo_bot.py
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_chat is not None and update.effective_message is not None:
        await update.effective_chat.send_message(update.effective_message.text or "")


def main() -> None:
    base_url = os.environ["TELEGRAM_API_BASE_URL"]
    app = (ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"])
           .base_url(base_url).base_file_url(base_url.replace("/bot", "/file/bot"))
           .rate_limiter(AIORateLimiter(max_retries=3)).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(allowed_updates=["message"])


if __name__ == "__main__":
    main()
