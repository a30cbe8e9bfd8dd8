"""``python -m bot migrate-store``: the files' store copied into PostgreSQL, whole,
counted, and the same again when run twice."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.cli import main
from scheduler.broadcast_delivery import PENDING, SENT
from store.backend import Stores, open_stores
from store.personal import PersonalData
from tests.postgres import ThrowawayPostgres

NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("UTC"))
KEY = "event:x@2026-12-01|2026-12-01T09:00:00+00:00|1d"


async def _fill(data_dir: Path) -> None:
    files = open_stores(data_dir)
    state = files.state
    state.users.update(1, lang="bg", zone="Europe/Sofia", subs=["programme:iurc"],
                       leads=["7d", "1h"], quiet=("22:00", "07:00"))
    state.users.update(2, lang="ko", muted=["event:kick-off"], done=["deadline:icp"])
    await state.users.mark_unreachable(2)
    state.questions.record("unanswered", "Where do I park?", "en", NOW - timedelta(days=3))
    state.questions.record("disliked", "Who funds ICP?", "en", NOW)
    state.questions.resolve(["Who funds ICP?"])
    state.roles.set_coordinator(1, True, by=9, at=NOW)
    state.roles.audit(9, "coordinator 1 added", NOW)
    state.counters.add("answered")
    state.counters.add("answered")
    await state.commit()
    files.ledger.record(KEY, 1, expires=NOW + timedelta(days=9))
    files.ledger.begin(KEY, NOW + timedelta(days=9))
    await files.ledger.flush()
    files.broadcasts.create("b1", by=9, texts={"en": "Hello", "bg": "Здравейте"},
                            audience={"everyone": True}, recipients={1: PENDING, 2: PENDING},
                            langs={1: "bg", 2: "ko"}, status="sending", at=NOW)
    files.broadcasts.set_state("b1", 1, SENT)
    await files.broadcasts.flush("b1")
    files.edits.save(files.edits.with_phrasing("fact:icp-funder", "who pays", "en"))
    files.feeds.register("programme:icp", "https://example.org/icp.ics", by=9)
    files.feeds.keep_copy("programme:icp", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    files.inbox.journal({"update_id": 77, "message": {"text": "/start"}})  # not handled
    files.close()


def _everything(stores: Stores) -> dict:
    personal = PersonalData(stores.state, stores.ledger, stores.broadcasts)
    return {
        "users": sorted((u.id, u) for u in stores.state.users.all()),
        "open questions": stores.state.questions.open(),
        "coordinators": stores.state.roles.coordinators(),
        "audit": stores.state.roles.log(),
        "counters": stores.state.counters.all(),
        "ledger": (stores.ledger.sent_to(1), stores.ledger.open_keys()),
        "broadcast": (stores.broadcasts.get("b1")["status"], stores.broadcasts.states("b1"),
                      stores.broadcasts.langs("b1"), stores.broadcasts.get("b1")["texts"]),
        "edits": stores.edits.data,
        "feeds": stores.feeds.feeds,
        "exports": [personal.export(uid) for uid in (1, 2, 3)],
    }


def _migrate(data_dir: Path, url: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["migrate-store", "--from", f"tinydb:{data_dir}", "--to", url], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


async def test_every_record_is_copied_and_a_second_run_changes_nothing(
        tmp_path: Path, postgres: ThrowawayPostgres) -> None:
    await _fill(tmp_path)
    url = postgres.create_database("migrate_whole")
    code, out, err = _migrate(tmp_path, url)
    assert code == 0, err
    assert "MISMATCH" not in out
    assert re.search(r"^users +2 in the files +2 in the database +ok$", out, re.M), out
    assert re.search(r"^deliveries +2 in the files +2 in the database +ok$", out, re.M), out
    files, database = open_stores(tmp_path), open_stores(tmp_path / "unused", url)
    try:
        assert _everything(database) == _everything(files)
    finally:
        database.close()
    code, again, _ = _migrate(tmp_path, url)  # run again: the same counts, nothing doubled
    assert code == 0 and again == out
    database = open_stores(tmp_path / "unused", url)
    try:
        assert database.database.fetch("SELECT body FROM feed_copies")[0]["body"].startswith(
            b"BEGIN:VCALENDAR")
        [pending] = database.database.fetch("SELECT update_id, body FROM inbox WHERE NOT done")
        assert pending["update_id"] == 77 and pending["body"]["message"]["text"] == "/start"
    finally:
        database.close()


async def test_a_database_holding_other_records_is_reported(
        tmp_path: Path, postgres: ThrowawayPostgres) -> None:
    await _fill(tmp_path)
    url = postgres.create_database("migrate_other")
    other = open_stores(tmp_path / "other", url)
    other.state.users.update(77, lang="en")
    other.close()
    code, out, err = _migrate(tmp_path, url)
    assert code == 1 and "records the files do not" in err
    assert re.search(r"^users +2 in the files +3 in the database +MISMATCH$", out, re.M), out


def test_bad_addresses_are_refused_before_anything_is_read(tmp_path: Path) -> None:
    assert _migrate(tmp_path, "mysql://x")[0] == 2
    code, _, err = _migrate(tmp_path / "missing", "postgresql://nobody@127.0.0.1:1/x")
    assert code == 1 and "is not a directory" in err
