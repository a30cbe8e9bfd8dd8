"""Configuration, token hygiene, webhook secret, and `python -m bot run` end to end."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bot.app import RedactToken, build_application
from bot.cli import main
from bot.config import Config, ConfigError, load_config
from content.qa import Engine
from store.backend import open_stores
from store.broadcasts import FileBroadcastStore
from store.state import StateStore
from store.users import User
from tests.botapi import StandIn, message
from tests.test_telegram import NOW

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:TESTtokenTESTtokenTESTtokenTESTtoken"


def test_config_defaults_and_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"# local\nexport TELEGRAM_BOT_TOKEN='{TOKEN}'\nBOT_DATA_DIR=/srv/pb\n",
                      encoding="utf-8")
    config = load_config({"BOT_DATA_DIR": "/data"}, dotenv)
    assert config.token == TOKEN and config.data_dir == Path("/data")  # env wins over .env


def test_dotenv_inline_comments_and_quoting(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(f'TELEGRAM_BOT_TOKEN={TOKEN}  # from @BotFather\n'
                      'BOT_DATA_DIR="/srv/partner bot"\n'
                      "BOT_ADMIN_IDS='12, 34' # admins\n", encoding="utf-8")
    config = load_config({}, dotenv)
    assert config.token == TOKEN
    assert config.data_dir == Path("/srv/partner bot")
    assert config.admin_ids == frozenset({12, 34})
    assert config.api_base_url == "https://api.telegram.org/bot"
    assert TOKEN not in repr(config)


@pytest.mark.parametrize(("env", "says"), [
    ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN is malformed"),
    ({"TELEGRAM_WEBHOOK_SECRET": "has spaces"}, "TELEGRAM_WEBHOOK_SECRET may only use"),
    ({"TELEGRAM_WEBHOOK_PORT": "http"}, "TELEGRAM_WEBHOOK_PORT must be a port number"),
    ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL must start with"),
])
def test_bad_config_is_one_clear_line(env: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(env, None)
    assert says in str(info.value) and "\n" not in str(info.value)
    assert "not-a-token" not in str(info.value)


def test_webhook_needs_url_and_secret() -> None:
    config = load_config({"TELEGRAM_BOT_TOKEN": TOKEN}, None)
    with pytest.raises(ConfigError, match="TELEGRAM_WEBHOOK_URL"):
        config.require_webhook()


def test_run_refuses_malformed_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "12345:short")
    monkeypatch.chdir(ROOT / "tests")  # no .env here
    err = io.StringIO()
    assert main(["run"], out=io.StringIO(), err=err, stdin=io.StringIO()) == 2
    assert err.getvalue().startswith("TELEGRAM_BOT_TOKEN is malformed")
    assert "12345:short" not in err.getvalue()


def test_token_is_redacted_from_logs(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redact")
    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(RedactToken(TOKEN))
    logger.addHandler(handler)
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe failed", TOKEN)
    finally:
        logger.removeHandler(handler)
    written = handler.stream.getvalue()  # type: ignore[attr-defined]
    assert TOKEN not in written and "bot<token>/getMe" in written


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_webhook_listens_on_the_path_of_its_public_address() -> None:
    from bot.app import webhook_path

    assert webhook_path("https://bots.example.org/tg/hook") == "tg/hook"
    assert webhook_path("https://bots.example.org/tg/hook/") == "tg/hook"
    assert webhook_path("https://bots.example.org") == ""


@asynccontextmanager
async def webhook_bot(engine: Engine, tmp_path: Path,
                      url: str) -> AsyncIterator[tuple[StandIn, int]]:
    """The Application serving a webhook on 127.0.0.1 at the path of ``url``."""
    from bot.app import webhook_path

    stand_in = StandIn()
    await stand_in.start()
    config = Config(token=stand_in.token, data_dir=tmp_path, api_base_url=stand_in.base_url)
    app = build_application(config, engine, open_stores(tmp_path), clock=lambda: NOW,
                            publish=False)
    port = _free_port()
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path=webhook_path(url),
                                    secret_token="s3cret_Value", webhook_url=url)
    try:
        yield stand_in, port
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await stand_in.stop()
    assert not stand_in.violations, stand_in.violations


async def test_webhook_behind_a_path_preserving_proxy(engine: Engine, tmp_path: Path) -> None:
    async with webhook_bot(engine, tmp_path, "https://bots.example.org/tg/hook") as (
            stand_in, port):
        update = {"update_id": 1, **message("/start")}
        secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret_Value"}
        async with httpx.AsyncClient() as client:
            root = await client.post(f"http://127.0.0.1:{port}/", json=update, headers=secret)
            hook = await client.post(f"http://127.0.0.1:{port}/tg/hook", json=update,
                                     headers=secret)
        assert (root.status_code, hook.status_code) == (404, 200)
        await stand_in.wait_for(1)


async def test_a_webhook_update_is_on_disk_before_telegram_hears_200(engine: Engine,
                                                                      tmp_path: Path) -> None:
    """Telegram forgets an update once the webhook answers 200: by then it is journaled;
    sent again (Telegram retries when it got no answer), it is handled once."""
    async with webhook_bot(engine, tmp_path, "https://example.invalid/hook") as (stand_in, port):
        update = {"update_id": 77, **message("/start")}
        secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret_Value"}
        async with httpx.AsyncClient() as client:
            first = await client.post(f"http://127.0.0.1:{port}/hook", json=update,
                                      headers=secret)
            journal = (tmp_path / "inbox.jsonl").read_text("utf-8")
            again = await client.post(f"http://127.0.0.1:{port}/hook", json=update,
                                      headers=secret)
            marker = {"update_id": 78, **message("/help")}  # everything before it is handled
            await client.post(f"http://127.0.0.1:{port}/hook", json=marker, headers=secret)
        assert (first.status_code, again.status_code) == (200, 200)
        assert '"update_id":77' in journal
        await stand_in.wait_for(2)
        assert len([c for c in stand_in.sent() if c.params["text"].startswith("Hello!")]) == 1


async def test_webhook_rejects_requests_without_the_secret(engine: Engine, tmp_path: Path) -> None:
    async with webhook_bot(engine, tmp_path, "https://example.invalid/hook") as (stand_in, port):
        update = {"update_id": 1, **message("/start")}
        async with httpx.AsyncClient() as client:
            denied = await client.post(f"http://127.0.0.1:{port}/hook", json=update)
            wrong = await client.post(f"http://127.0.0.1:{port}/hook", json=update,
                                      headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
            ok = await client.post(f"http://127.0.0.1:{port}/hook", json=update,
                                   headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret_Value"})
        assert (denied.status_code, wrong.status_code, ok.status_code) == (403, 403, 200)
        [reply] = await stand_in.wait_for(1)
        assert reply.params["text"].startswith("Hello!")
        [hook] = stand_in.sent("setWebhook")
        assert hook.params["secret_token"] == "s3cret_Value"


async def test_python_m_bot_run_polls_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    """The real entry point, as `make run` starts it: answers, then SIGTERM flushes and exits."""
    stand_in = StandIn()
    await stand_in.start()
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": stand_in.token,
           "TELEGRAM_API_BASE_URL": stand_in.base_url, "BOT_DATA_DIR": str(tmp_path)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        stand_in.push(message("/timezone Busan", language_code="bg"))
        [reply] = await stand_in.wait_for(1, within=30)
        assert "Asia/Seoul" in reply.params["text"]
        proc.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
        await stand_in.stop()
    assert proc.returncode == 0, stderr.decode()[-2000:]
    assert stand_in.token not in stderr.decode()
    from bot.app import healthy

    beat = datetime.fromisoformat((tmp_path / "heartbeat").read_text("utf-8"))
    assert healthy(tmp_path, beat) and not healthy(tmp_path, beat + timedelta(minutes=5))
    # the first contact recorded the user (reachable), then the zone they chose
    assert StateStore(tmp_path).users.get(501) == User(501, zone="Asia/Seoul")
    assert not stand_in.violations, stand_in.violations


async def test_broadcast_survives_kill_9_and_completes_on_restart(tmp_path: Path) -> None:
    """A real `python -m bot run` killed mid-broadcast; the restart finishes it."""
    from collections import Counter

    from tests.botapi import callback

    n, admin = 240, 900
    seed = StateStore(tmp_path)
    for i in range(n):
        seed.users.update(10_000 + i, lang=("en", "bg", "ko")[i % 3], subs=["programme:iurc"])
    seed.flush_sync()
    stand_in = StandIn()
    await stand_in.start()
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": stand_in.token, "PYTHONPATH": str(ROOT),
           "TELEGRAM_API_BASE_URL": stand_in.base_url, "BOT_DATA_DIR": str(tmp_path),
           "BOT_ADMIN_IDS": str(admin)}

    async def start_bot() -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)

    def delivered() -> Counter[int]:
        """Broadcast messages per recipient (reminders of IURC events also go to them)."""
        return Counter(int(c.params["chat_id"]) for c in stand_in.sent()
                       if c.params.get("text", "").startswith("IURC meeting moved"))

    proc = await start_bot()
    try:
        steps = [message("/broadcast", user_id=admin),
                 message("IURC meeting moved to Thursday.", user_id=admin),
                 callback("bc:audience", 1, user_id=admin)]
        for i, step in enumerate(steps, 1):
            stand_in.push(step)
            await stand_in.wait_for(i, chat_id=admin, within=30)
        stand_in.push(callback("bc:all", 1, user_id=admin))
        await stand_in.wait_for(1, "editMessageReplyMarkup", within=30)
        stand_in.push(callback("bc:preview", 1, user_id=admin))
        await stand_in.wait_for(4, chat_id=admin, within=30)
        preview = stand_in.sent(chat_id=admin)[-1]
        markup = json.loads(preview.params["reply_markup"])
        send_now = next(b["callback_data"] for row in markup["inline_keyboard"] for b in row
                        if b["callback_data"].startswith("bc:now:"))
        stand_in.push(callback(send_now, 1, user_id=admin))
        while len(delivered()) < n // 2:  # half-way: kill the process outright
            await stand_in.wait_for(len(stand_in.sent()) + 1, within=30)
        proc.kill()
        await proc.wait()
        at_kill = sum(delivered().values())
        [on_disk] = FileBroadcastStore(tmp_path).all()
        states_at_kill = Counter(on_disk["recipients"].values())
        proc = await start_bot()
        while len(delivered()) < n + 1:
            await stand_in.wait_for(len(stand_in.sent()) + 1, within=60)
        reports: list[str] = []
        for _ in range(600):  # the final report follows the last send
            reports = [c.params["text"] for c in stand_in.calls
                       if "may have it twice" in c.params.get("text", "")]
            if any("pending 0" in r for r in reports):
                break
            await asyncio.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
        await stand_in.stop()
    counts = delivered()
    duplicates = sum(v - 1 for v in counts.values())
    # nobody lost: the seeded users, and the admin, who wrote to the bot (everyone is everyone)
    assert len(counts) == n + 1 and admin in counts
    assert duplicates <= 50, (states_at_kill, at_kill)  # at most the batch in flight at the kill
    assert at_kill < n
    assert any("pending 0" in r for r in reports), reports[-3:]
    assert not stand_in.violations, stand_in.violations


async def test_health_endpoint_answers_from_the_heartbeat(engine: Engine, tmp_path: Path) -> None:
    import httpx

    from bot.app import _beat

    stand_in = StandIn()
    await stand_in.start()
    config = Config(token=stand_in.token, data_dir=tmp_path, api_base_url=stand_in.base_url,
                    webhook_listen="127.0.0.1", health_port=_free_port())
    app = build_application(config, engine, open_stores(tmp_path), clock=lambda: NOW,
                            publish=False)
    await app.initialize()
    await app.post_init(app)  # beats once, starts the endpoint
    health = app.bot_data["health"]
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{health.port}") as client:
            ok = await client.get("/health")
            assert (ok.status_code, ok.text) == (200, "healthy\n")
            _beat(tmp_path, NOW - timedelta(hours=1))  # the loop stopped beating an hour ago
            stale = await client.get("/health")
            assert stale.status_code == 503
            assert (await client.get("/other")).status_code == 404
    finally:
        await health.stop()
        await app.shutdown()
        await stand_in.stop()
    assert load_config({}, dotenv=None).health_port is None  # off unless BOT_HEALTH_PORT is set
    with pytest.raises(ConfigError, match="BOT_HEALTH_PORT"):
        load_config({"BOT_HEALTH_PORT": "http"}, dotenv=None)
