"""The state store: memory reads, atomic durable writes, coalesced commits, kill -9 safety."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from store.state import SHARDS, StateStore
from store.users import User

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("UTC"))


def test_settings_survive_reopen(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.users.update(42, lang="bg", zone="Europe/Sofia")
    store.users.update(42, zone="Asia/Seoul")
    store.flush_sync()
    again = StateStore(tmp_path)
    assert again.users.get(42) == User(42, lang="bg", zone="Asia/Seoul")
    assert again.users.get(7) is None


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown user fields"):
        StateStore(tmp_path).users.update(1, colour="red")


def test_forget_removes_everything_about_the_user(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.users.update(5, lang="ko")
    assert store.users.forget(5) and not store.users.forget(5)
    store.flush_sync()
    assert StateStore(tmp_path).users.get(5) is None
    assert "5" not in (tmp_path / f"users-{5 % SHARDS:02d}.json").read_text()


def test_questions_have_no_user_id_and_expire(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.questions.record("unanswered", "¿Dónde aparco?", "es", NOW - timedelta(days=200))
    store.questions.record("disliked", "Who funds ICP?", "en", NOW)
    assert store.questions.prune(NOW) == 1
    assert [q["text"] for q in store.questions.open()] == ["Who funds ICP?"]
    assert set(store.questions.open()[0]) == {"kind", "text", "lang", "at"}


async def test_concurrent_commits_share_flushes(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    writes = 0
    real_write = store._write

    def counting(*args):
        nonlocal writes
        writes += 1
        real_write(*args)

    store._write = counting  # type: ignore[method-assign]

    async def one(i: int) -> None:
        store.users.update(i, lang="en")
        await store.commit()

    await asyncio.gather(*(one(i) for i in range(200)))
    assert writes <= 3  # 200 acknowledged writes, at most a few flushes
    reopened = StateStore(tmp_path)
    assert all(reopened.users.get(i) == User(i, lang="en") for i in range(200))


async def test_failed_flush_is_reported_and_retried(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    store = StateStore(tmp_path)
    store.users.update(1, lang="ca")
    import store.state as state_module

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    # (the users' change log and the documents are both fsynced before acknowledging)
    monkeypatch.setattr(state_module.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        await store.commit()
    monkeypatch.undo()
    await store.commit()
    assert StateStore(tmp_path).users.get(1) == User(1, lang="ca")


WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime
    from store.state import StateStore
    store = StateStore(sys.argv[1])
    start = int(sys.argv[2])
    for i in range(start, start + 100000):
        store.users.update(i, lang="bg", zone="Europe/Sofia")
        if i % 7 == 0:
            store.questions.record("unanswered", "q" * 50, "bg", datetime(2026, 1, 1))
        store.flush_sync()
        print(i, flush=True)
""")


def test_kill_9_mid_write_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """Kill the writer at random moments 20 times; every acknowledged write must survive."""
    rng = random.Random(20261122)
    acked: list[int] = []
    start = 0
    for _ in range(20):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(start)],
                                cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        wanted = rng.randint(5, 60)
        for got, line in enumerate(proc.stdout, 1):
            acked.append(int(line))
            if got >= wanted:
                break
        os.kill(proc.pid, signal.SIGKILL)  # mid-write: the loop never pauses
        proc.wait()
        proc.stdout.close()
        store = StateStore(tmp_path)  # must load: no half-written file
        missing = [i for i in acked if store.users.get(i) is None]
        assert not missing, f"acknowledged but lost: {missing[:5]}"
        start = acked[-1] + 1000
    for file in tmp_path.glob("*.json"):
        json.loads(file.read_text("utf-8"))
    assert not list(tmp_path.glob(".*.tmp"))


def test_counting_does_not_rewrite_the_question_journal(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.questions.record("unanswered", "x", "en", NOW)
    store.flush_sync()
    journal = (tmp_path / "questions.json").stat().st_mtime_ns
    store.counters.add("answered")
    store.flush_sync()
    assert (tmp_path / "questions.json").stat().st_mtime_ns == journal
    assert StateStore(tmp_path).counters.all() == {"answered": 1}


def _mtimes(data_dir: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in data_dir.glob("users-*.json")}


def _mention(data_dir: Path, text: bytes) -> list[str]:
    return [p.name for p in data_dir.iterdir() if p.is_file() and text in p.read_bytes()]


async def test_a_settings_change_appends_to_the_log_and_rewrites_no_shard(
        tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    for i in range(SHARDS * 50):
        store.users.update(i, lang="en")
    store.close()  # compacted: the shards hold everyone, the log is empty
    assert (tmp_path / "users.log").stat().st_size == 0
    store = StateStore(tmp_path)
    shards = _mtimes(tmp_path)
    store.users.update(7, lang="ko", leads=("1h",))
    await store.commit()
    assert _mtimes(tmp_path) == shards
    line = (tmp_path / "users.log").read_bytes()
    assert line.count(b"\n") == 1 and len(line) < 200
    assert StateStore(tmp_path).users.get(7) == User(7, lang="ko", leads=("1h",))


async def test_the_log_is_compacted_into_the_shards_once_it_is_large(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import store.state as state_module
    monkeypatch.setattr(state_module, "COMPACT_BYTES", 2_000)
    store = StateStore(tmp_path)
    for i in range(100):
        store.users.update(i, lang="bg", zone="Europe/Sofia")
        await store.commit()
    assert (tmp_path / "users.log").stat().st_size < 2_000
    shard = json.loads((tmp_path / f"users-{5 % SHARDS:02d}.json").read_text("utf-8"))
    assert shard["users"]["5"]["lang"] == "bg"
    reopened = StateStore(tmp_path)
    assert all(reopened.users.get(i) == User(i, lang="bg", zone="Europe/Sofia")
               for i in range(100))


async def test_a_forgotten_user_leaves_no_line_in_the_log(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.users.update(424242, lang="es")
    await store.commit()
    assert b"424242" in (tmp_path / "users.log").read_bytes()
    store.users.forget(424242)
    await store.commit()
    assert not _mention(tmp_path, b"424242")
    assert StateStore(tmp_path).users.get(424242) is None
