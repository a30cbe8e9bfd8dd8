"""Configuration from the environment (and an optional .env), checked at start.

Every problem is one line naming the variable to set, and the token itself is
never printed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
_TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,64}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message says what to set."""


@dataclass(frozen=True)
class Config:
    token: str | None
    data_dir: Path
    api_base_url: str = DEFAULT_API_BASE_URL
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    content_dir: Path | None = None
    admin_ids: frozenset[int] = frozenset()
    health_port: int | None = None  # BOT_HEALTH_PORT: GET /health for load balancers
    feed_minutes: int = 15  # BOT_FEED_MINUTES: how often calendar feeds are read
    paid_broadcasts: bool = False  # BOT_PAID_BROADCASTS=on: broadcasts up to 1,000/s, in Stars
    database_url: str | None = None  # DATABASE_URL: PostgreSQL instead of the files
    send_rate: float = 30.0  # BOT_SEND_RATE: messages per second overall (Telegram's: 30)

    def __repr__(self) -> str:  # never show the token, even in a traceback
        return (f"Config(token={'<set>' if self.token else None}, data_dir={self.data_dir!s}, "
                f"database={'<set>' if self.database_url else None})")

    def require_webhook(self) -> None:
        if not self.webhook_url:
            raise ConfigError("Set TELEGRAM_WEBHOOK_URL to the public https:// address Telegram "
                              "should post updates to.")
        if not self.webhook_secret:
            raise ConfigError("Set TELEGRAM_WEBHOOK_SECRET (1-256 characters: A-Z a-z 0-9 _ -); "
                              "requests without it are rejected.")


def read_dotenv(path: Path) -> dict[str, str]:
    """The settings of a .env file, read by python-dotenv (quoting, escapes, inline
    comments and `export ` prefixes as shells and other tools read them); never
    expanded into os.environ."""
    if not path.is_file():
        return {}
    return {key: value for key, value in dotenv_values(path, encoding="utf-8").items()
            if value is not None}


def load_config(env: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")) -> Config:
    """Settings from ``env`` (default: os.environ) over those in ``dotenv``."""
    merged = {**(read_dotenv(dotenv) if dotenv else {}), **(env if env is not None else os.environ)}
    token = merged.get("TELEGRAM_BOT_TOKEN", "").strip() or None
    if token is not None and not _TOKEN.match(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN is malformed: it should look like "
                          "123456789:AA... as given by @BotFather.")
    secret = merged.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or None
    if secret is not None and not _SECRET.match(secret):
        raise ConfigError("TELEGRAM_WEBHOOK_SECRET may only use A-Z a-z 0-9 _ - "
                          "(1-256 characters).")
    port_text = merged.get("TELEGRAM_WEBHOOK_PORT", "8443").strip()
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"TELEGRAM_WEBHOOK_PORT must be a port number, got {port_text!r}.")
    base_url = merged.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL
    if not base_url.startswith(("http://", "https://")):
        raise ConfigError("TELEGRAM_API_BASE_URL must start with http:// or https:// "
                          "(e.g. https://api.telegram.org/bot).")
    health_text = merged.get("BOT_HEALTH_PORT", "").strip()
    if health_text and (not health_text.isdigit() or not 0 < int(health_text) < 65536):
        raise ConfigError(f"BOT_HEALTH_PORT must be a port number, got {health_text!r}.")
    feed_text = merged.get("BOT_FEED_MINUTES", "15").strip()
    if not feed_text.isdigit() or not 1 <= int(feed_text) <= 1440:
        raise ConfigError(f"BOT_FEED_MINUTES must be a number of minutes from 1 to 1440, "
                          f"got {feed_text!r}.")
    paid_text = merged.get("BOT_PAID_BROADCASTS", "off").strip().lower()
    if paid_text not in ("on", "off", "1", "0", "yes", "no", "true", "false", ""):
        raise ConfigError(f"BOT_PAID_BROADCASTS must be on or off, got {paid_text!r}.")
    content_dir = merged.get("BOT_CONTENT_DIR", "").strip()
    admins_text = merged.get("BOT_ADMIN_IDS", "").replace(" ", "")
    admin_ids = [part for part in admins_text.split(",") if part]
    if not all(part.lstrip("-").isdigit() for part in admin_ids):
        raise ConfigError("BOT_ADMIN_IDS must be Telegram user ids separated by commas, "
                          "e.g. 123456,789012.")
    rate_text = merged.get("BOT_SEND_RATE", "30").strip()
    try:
        send_rate = float(rate_text)
    except ValueError:
        send_rate = 0.0
    if not 1 <= send_rate <= 1000:
        raise ConfigError(f"BOT_SEND_RATE must be messages per second from 1 to 1000 "
                          f"(Telegram allows 30), got {rate_text!r}.")
    database_url = merged.get("DATABASE_URL", "").strip() or None
    if database_url is not None and not database_url.startswith(("postgresql://",
                                                                  "postgres://")):
        raise ConfigError("DATABASE_URL must be a PostgreSQL address, e.g. "
                          "postgresql://partnerbot:secret@db:5432/partnerbot.")
    return Config(
        token=token,
        database_url=database_url,
        send_rate=send_rate,
        data_dir=Path(merged.get("BOT_DATA_DIR", "").strip() or "data"),
        api_base_url=base_url,
        webhook_url=merged.get("TELEGRAM_WEBHOOK_URL", "").strip() or None,
        webhook_secret=secret,
        webhook_listen=merged.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or "0.0.0.0",
        webhook_port=int(port_text),
        content_dir=Path(content_dir) if content_dir else None,
        admin_ids=frozenset(int(part) for part in admin_ids),
        health_port=int(health_text) if health_text else None,
        feed_minutes=int(feed_text),
        paid_broadcasts=paid_text in ("on", "1", "yes", "true"),
    )
