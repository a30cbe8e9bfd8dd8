"""The command line: ask (text, JSON, batch), chat, check-content, run without a token."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXED = datetime(2021, 11, 5, 8, 0, tzinfo=ZoneInfo("UTC"))


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out=out, err=err, stdin=io.StringIO(stdin), clock=lambda: FIXED)
    return code, out.getvalue(), err.getvalue()


def test_ask_json() -> None:
    code, out, _ = run(["ask", "--json", "--now", "2021-11-05T09:00+01:00",
                        "Кога е следващият краен срок?"])
    assert code == 0
    reply = json.loads(out)
    assert set(reply) == {"lang", "intent", "answer", "refs"}
    assert reply["lang"] == "bg" and reply["intent"] == "next_deadline"
    assert reply["refs"] == ["event:icp-application-deadline", "programme:icp"]
    assert "след 10 дни" in reply["answer"]


def test_ask_uses_the_injected_clock_and_lang_prior() -> None:
    code, out, _ = run(["ask", "--lang", "es", "ICP"])
    assert code == 0 and out.startswith("International City Partnerships: actuando")
    code, out, _ = run(["ask", "next deadline"])
    assert "in 10 days" in out  # FIXED is ten days before the cut-off


def test_batch_mode_keeps_order_and_reports_bad_lines() -> None:
    lines = "\n".join([
        json.dumps({"question": "부산의 파트너 도시는?"}),
        "not json",
        json.dumps({"question": "next deadline", "now": "2021-12-01T08:00:00Z", "lang": "en"}),
        json.dumps({"question": "Qui finança l'ICP?", "now": "yesterday"}),
    ])
    code, out, _ = run(["ask"], stdin=lines)
    replies = [json.loads(x) for x in out.splitlines()]
    assert code == 1 and len(replies) == 4
    assert "city:rotterdam" in replies[0]["refs"] and replies[0]["lang"] == "ko"
    assert replies[1]["error"].startswith("line 2:")
    assert "16 days ago" in replies[2]["answer"]
    assert "--now expects an ISO 8601" in replies[3]["error"]


def test_bad_arguments_exit_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run(["ask", "--now", "soon", "hi"])
    assert info.value.code == 2
    assert "--now expects an ISO 8601" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(["ask", "--lang", "fr", "hi"])
    assert "--lang expects one of en, bg, ca, es, ko, zh" in capsys.readouterr().err


def test_chat_follows_the_question_language() -> None:
    code, out, _ = run(["chat"], stdin="Hola\n세종 파트너\n\n")
    assert code == 0
    assert "¡Hola!" in out and "세종의 파트너 도시는 소피아" in out


def test_run_without_token_opens_the_terminal_chat(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    code, out, _ = run(["run"], stdin="ICC\n")
    assert code == 0
    assert "TELEGRAM_BOT_TOKEN" in out and "Intelligent Cities Challenge" in out


def test_check_content_ok_and_broken(tmp_path: Path) -> None:
    code, out, _ = run(["check-content"])
    assert code == 0 and out.startswith("Content OK: 4 programmes")
    (tmp_path / "bad.toml").write_text('[[people]]\nid = "person:x"\n', encoding="utf-8")
    code, _, err = run(["check-content", str(tmp_path)])
    assert code == 1
    assert "bad.toml: people[0].name: missing" in err and "problem(s) found" in err


def test_ask_refuses_invalid_content(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("= nonsense", encoding="utf-8")
    code, _, err = run(["ask", "--content", str(tmp_path), "hi"])
    assert code == 1 and "bad.toml: invalid TOML" in err


def test_module_entry_point_cold() -> None:
    """`python -m bot ask` works as a real process, as users and scripts call it."""
    proc = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "--now",
                           "2026-11-22T12:00Z", "Who funds ICP?"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["refs"][0] == "programme:icp"


def test_content_dir_survives_chat_edits_and_reloads(tmp_path: Path) -> None:
    """--content is the directory the bot reloads and edits over, not the bundled one."""
    import asyncio
    import shutil

    from bot.cli import with_content_dir
    from bot.config import Config
    from content.live import LiveContent
    from content.loader import DATA_DIR
    from store.chat_edits import OverlayStore

    mine = tmp_path / "content"
    shutil.copytree(DATA_DIR, mine)
    programme = mine / "programme_icp.toml"
    programme.write_text(programme.read_text("utf-8").replace(
        "start = 2021-11-15", "start = 2021-11-30"), "utf-8")
    config = with_content_dir(Config(token=None, data_dir=tmp_path / "state"), str(mine))
    assert config.content_dir == mine
    edits = OverlayStore(config.data_dir)
    live = LiveContent.start(config.content_dir, edits)
    seen: list[object] = []

    async def listener(content: object) -> None:
        seen.append(content)

    live.on_change(listener)
    event = dict(next(e for e in live.engine.content.events.values()
                      if e.id == "event:icp-application-deadline").__dict__)
    assert str(event["start"]) == "2021-11-30"
    problems = asyncio.run(live.teach("fact:icp-funder", "who pays for icp", "en"))
    assert problems == [] and len(seen) == 1
    assert asyncio.run(live.reload()) == []
    deadline = live.engine.content.events["event:icp-application-deadline"]
    assert str(deadline.start) == "2021-11-30"  # still the chosen directory's files
    assert live.engine.content.phrasings  # and the chat edits over them
