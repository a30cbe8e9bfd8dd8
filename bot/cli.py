"""Command-line front: ask, chat, check-content, run.

``ask`` and ``chat`` use the same engine as the Telegram bot, so anyone can
try it, and coordinators can check content, without a Telegram token.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config import Config, ConfigError, load_config
from content.i18n import T
from content.langs import LANGS, normalize_lang
from content.loader import ContentError, load_content
from content.models import EVENT_KINDS
from content.qa import Engine

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, as an aware UTC datetime (the one place that reads it)."""
    return datetime.now(ZoneInfo("UTC"))


def parse_now(value: str) -> datetime:
    """ISO 8601; a value without offset is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"--now expects an ISO 8601 date-time such as 2021-10-01T09:00+02:00, got {value!r}"
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo("UTC"))


def parse_lang(value: str) -> str:
    lang = normalize_lang(value)
    if lang is None:
        raise argparse.ArgumentTypeError(f"--lang expects one of {', '.join(LANGS)}, got {value!r}")
    return lang


def parse_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise argparse.ArgumentTypeError(
            f"--tz expects an IANA time zone such as Europe/Sofia, got {value!r}") from exc
    return value


def with_content_dir(config: Config, content: str | None) -> Config:
    """``--content`` overrides BOT_CONTENT_DIR for the whole run: the bot reloads and
    applies chat edits over that directory, not the bundled one."""
    return replace(config, content_dir=Path(content)) if content else config


def _engine(content_path: str | Path | None, err: TextIO) -> Engine | None:
    try:
        return Engine(load_content(content_path))
    except ContentError as exc:
        print("Content is invalid; fix these problems:", file=err)
        for problem in exc.problems:
            print(f"  {problem}", file=err)
        return None


def cmd_check_content(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        content = load_content(args.path)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        print(f"{len(exc.problems)} problem(s) found.", file=err)
        return 1
    print(f"Content OK: {len(content.programmes)} programmes, {len(content.cities)} cities, "
          f"{len(content.events)} events, {len(content.organisations)} organisations, "
          f"{len(content.people)} people, {len(content.facts)} facts, "
          f"{len(content.sources)} sources.", file=out)
    return 0


def cmd_import_calendar(args: argparse.Namespace, out: TextIO, err: TextIO,
                        clock: Clock) -> int:
    """Import an .ics or .csv into the live store: a preview, then all or nothing."""
    from content.calendar_import import read_csv, read_ics
    from store.backend import open_stores

    try:
        config = with_content_dir(load_config(), args.content)
    except ConfigError as exc:
        print(exc, file=err)
        return 2
    source = str(args.source)
    try:
        if source.startswith(("https://", "http://")):
            import httpx

            data = httpx.get(source, timeout=30, follow_redirects=True).raise_for_status().content
        else:
            data = Path(source).read_bytes()
    except (OSError, ValueError) as exc:  # httpx errors derive from these too
        print(f"Cannot read {source}: {exc}", file=err)
        return 1
    name = Path(source.split("?")[0]).name or source
    read = read_csv if name.lower().endswith(".csv") else read_ics
    imported = read(data, name, args.programme, args.kind, clock().date())
    for problem in imported.problems:
        print(f"problem: {problem}", file=err)
    for source, n in sorted(imported.one_language.items()):
        print(f"note: {n} title(s) only in {source}; readers of other languages see the "
              "event's kind in their language and the title quoted", file=out)
    stores = open_stores(config.data_dir, config.database_url)
    try:
        return _import_into(stores.edits, imported, config, args, out, err)
    finally:
        stores.close()


def _import_into(edits: Any, imported: Any, config: Any, args: argparse.Namespace,
                 out: TextIO, err: TextIO) -> int:
    """Preview the import against the chat edits, then save it unless told not to."""
    from content.calendar_import import merge

    candidate, changes = merge(edits.data, imported.events)
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.what] = counts.get(change.what, 0) + 1
        if change.what != "unchanged":
            print(f"{change.what:9} {change.event_id}  {change.title}", file=out)
    print(", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "nothing to import",
          file=out)
    try:
        load_content(config.content_dir, candidate)
    except ContentError as exc:
        print("Not imported; fix these problems:", file=err)
        for problem in exc.problems:
            print(f"  {problem}", file=err)
        return 1
    if imported.problems:
        print("Not imported: the problems above come first (nothing was changed).", file=err)
        return 1
    if args.dry_run:
        print("Dry run: nothing was changed.", file=out)
        return 0
    edits.save(candidate)
    where = getattr(edits, "path", None) or "the database"
    print(f"Imported into {where}; a running bot applies it with /reload.", file=out)
    return 0


def cmd_calendar(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock) -> int:
    """Every occurrence the bot knows between two moments, as the running bot sees them
    (the content files with the chat edits and imports over them)."""
    from content.live import LiveContent
    from content.timing import occurrences
    from store.backend import open_stores

    try:
        config = with_content_dir(load_config(), args.content)
        stores = open_stores(config.data_dir, config.database_url)
        try:
            live = LiveContent.start(config.content_dir, stores.edits)
            reminders = (_reminder_rows(live.engine.content, stores, args, args.lang or "en")
                         if args.reminders else [])
        finally:
            stores.close()
    except ConfigError as exc:
        print(exc, file=err)
        return 2
    except ContentError as exc:
        print("Content is invalid; fix these problems:", file=err)
        for problem in exc.problems:
            print(f"  {problem}", file=err)
        return 1
    lang = args.lang or "en"
    rows = []
    for event in live.engine.content.events.values():
        for occ in occurrences(event):
            if occ.ends <= args.since or occ.begins >= args.until:
                continue
            exact = event.precision == "exact"
            rows.append({
                "event": event.id, "title": event.name[lang],
                "start": occ.begins.astimezone(ZoneInfo(event.zone)).isoformat() if exact
                else occ.start.isoformat()[:7 if event.precision == "month" else 10],
                "end": (occ.ends.astimezone(ZoneInfo(event.zone)).isoformat() if exact
                        else occ.end.isoformat()[:7 if event.precision == "month" else 10])
                if occ.end is not None else None,
                "status": event.status, "_at": occ.begins})
    rows += reminders
    rows.sort(key=lambda r: (r["_at"], r["event"], "lead" in r))
    for row in rows:
        row.pop("_at")
        if "lead" in row:  # a reminder the bot would send
            if args.json:
                print(json.dumps(row, ensure_ascii=False), file=out)
            else:
                print(f"{row['due']}  ⏰ {row['lead']} before {row['title']}  "
                      f"({row['zone']}): {row['recipients']} recipients", file=out)
            continue
        if args.json:
            print(json.dumps(row, ensure_ascii=False), file=out)
        else:
            end = f" – {row['end']}" if row["end"] else ""
            print(f"{row['start']}{end}  {row['title']}  [{row['status']}]  {row['event']}",
                  file=out)
    return 0


def _reminder_rows(content: Any, stores: Any, args: argparse.Namespace,
                   lang: str) -> list[dict[str, Any]]:
    """The reminders due in the window, per event, lead and reader zone, with how many
    subscribers (as stored under BOT_DATA_DIR, not yet reminded) each would reach."""
    from runtime.reminder_jobs import subscribers_from
    from scheduler.plan import DEFAULT_LEADS, slots
    from scheduler.subscriber_index import SubscriberIndex

    index = SubscriberIndex(subscribers_from(stores.state))
    ledger = stores.ledger
    rows = []
    for slot in slots(content, set(index.zones) or {"UTC"}, args.since, args.until,
                      set(index.leads) | set(DEFAULT_LEADS)):
        recipients = sum(1 for sub in index.for_slot(slot)
                         if not ledger.sent(slot.key, sub.user_id))
        if not recipients:
            continue
        event = slot.occurrence.event
        rows.append({"event": event.id, "title": event.name[lang], "lead": slot.lead,
                     "due": slot.due.isoformat(), "zone": slot.zone,
                     "recipients": recipients, "_at": slot.due})
    return rows


def _batch(engine: Engine, lines: Iterable[str], args: argparse.Namespace, clock: Clock,
           out: TextIO) -> int:
    """One JSON object per input line, in order; a bad line gets an error object."""
    status = 0
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            if not isinstance(req, dict) or not isinstance(req.get("question"), str):
                raise ValueError('expected {"question": "..."}')
            now = parse_now(req["now"]) if req.get("now") else (args.now or clock())
            lang = parse_lang(req["lang"]) if req.get("lang") else args.lang
            zone = parse_zone(req["tz"]) if req.get("tz") else args.tz
            result = engine.answer(req["question"], now, lang, zone).as_json()
        except (ValueError, argparse.ArgumentTypeError) as exc:
            result = {"error": f"line {lineno}: {exc}"}
            status = 1
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return status


def cmd_ask(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock,
            stdin: TextIO) -> int:
    engine = _engine(args.content, err)
    if engine is None:
        return 1
    if not args.question:
        return _batch(engine, stdin, args, clock, out)
    question = " ".join(args.question)
    answer = engine.answer(question, args.now or clock(), args.lang, args.tz)
    if args.json:
        print(json.dumps(answer.as_json(), ensure_ascii=False), file=out)
    else:
        print(answer.text, file=out)
    return 0


def cmd_chat(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock,
             stdin: TextIO) -> int:
    """A terminal conversation; the language of each reply follows the question."""
    engine = _engine(args.content, err)
    if engine is None:
        return 1
    lang = args.lang
    greeting = engine.answer("hello", args.now or clock(), lang or "en", args.tz)
    print(greeting.text, file=out)
    print(T(greeting.lang, "(Ctrl-D or an empty line ends the conversation)"), file=out)
    interactive = stdin.isatty()
    while True:
        if interactive:
            out.write("\n> ")
            out.flush()
        line = stdin.readline()
        if not line or not line.strip():
            return 0
        answer = engine.answer(line.strip(), args.now or clock(), lang, args.tz)
        lang = answer.lang
        print(answer.text, file=out)
        out.flush()


def cmd_run(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock,
            stdin: TextIO) -> int:
    """Telegram when a token is configured, else the terminal chat on the same engine."""
    try:
        config = load_config()
        if args.webhook:
            config.require_webhook()
    except ConfigError as exc:
        print(exc, file=err)
        return 2
    if config.token is None and args.webhook:
        print("Set TELEGRAM_BOT_TOKEN (from @BotFather) to receive updates by webhook.", file=err)
        return 2
    if config.token is None:
        print("No TELEGRAM_BOT_TOKEN set: opening the terminal chat on the bundled content. "
              "To run on Telegram: TELEGRAM_BOT_TOKEN=<token from @BotFather> make run",
              file=out)
        return cmd_chat(args, out, err, clock, stdin)
    config = with_content_dir(config, args.content)
    engine = _engine(config.content_dir, err)
    if engine is None:
        return 1
    from bot.app import run, setup_logging  # telegram is imported only when it is needed

    setup_logging(config.token)
    try:
        status = run(config, engine, clock, webhook=args.webhook)
    except ContentError as exc:  # the chat edits no longer fit the files
        print("Content is invalid; fix these problems:", file=err)
        for problem in exc.problems:
            print(f"  {problem}", file=err)
        return 1
    return status


def cmd_health(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock,
               stdin: TextIO) -> int:
    """Exit 0 when the running bot's heartbeat is fresh (for Docker's HEALTHCHECK)."""
    try:
        config = load_config()
    except ConfigError as exc:
        print(exc, file=err)
        return 1
    from bot.app import healthy

    ok = healthy(config.data_dir, clock())
    print("healthy" if ok else "no recent heartbeat", file=out if ok else err)
    return 0 if ok else 1


def cmd_migrate_store(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Copy the files' store into PostgreSQL, count both sides; safe to run again."""
    source, target = str(args.source), str(args.target)
    if not source.startswith("tinydb:"):
        print(f"--from must be tinydb:PATH (the bot's data directory), got {source!r}",
              file=err)
        return 2
    if not target.startswith(("postgresql://", "postgres://")):
        print(f"--to must be a postgresql:// address, got {target!r}", file=err)
        return 2
    from store.copy import copy_store

    try:
        copied = copy_store(Path(source.removeprefix("tinydb:")), target)
    except (OSError, ValueError) as exc:
        print(f"Nothing copied: {exc}", file=err)
        return 1
    except Exception as exc:  # the database refused (asyncpg's errors share no base here)
        print(f"Nothing copied: {type(exc).__name__}: {exc}", file=err)
        return 1
    for row in copied:
        mark = "ok" if row.ok else "MISMATCH"
        print(f"{row.what:13} {row.source:9} in the files {row.target:9} in the database  "
              f"{mark}", file=out)
    if all(row.ok for row in copied):
        print("Copied and counted. Set DATABASE_URL to this database and start the bot.",
              file=out)
        return 0
    print("The database holds records the files do not (another bot's, or an earlier "
          "copy of other files): the counts above differ.", file=err)
    return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="partnerbot", description=(
        "Partnerbot: answers questions about IURC, ICC, ICP and DCC in six languages."))
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--now", type=parse_now, help="answer as of this ISO 8601 moment")
        p.add_argument("--lang", type=parse_lang, help=f"preferred language: {' '.join(LANGS)}")
        p.add_argument("--tz", type=parse_zone, help="reader's IANA time zone")
        p.add_argument("--content", help="content directory (default: bundled content)")

    ask = sub.add_parser("ask", help="answer one question, or JSON lines from stdin")
    common(ask)
    ask.add_argument("--json", action="store_true", help="print a JSON object")
    ask.add_argument("question", nargs="*", help="the question; omit to read JSON lines")

    chat = sub.add_parser("chat", help="a terminal conversation")
    common(chat)

    run = sub.add_parser("run", help="start the bot (terminal chat without a token)")
    common(run)
    run.add_argument("--webhook", action="store_true",
                     help="receive updates on a port (TELEGRAM_WEBHOOK_URL/_SECRET) "
                          "instead of long polling")

    sub.add_parser("health", help="exit 0 if the running bot's heartbeat is recent")

    cal = sub.add_parser("calendar", help="every occurrence between two moments (what the "
                                          "running bot knows), in time order")
    cal.add_argument("--from", dest="since", type=parse_now, required=True,
                     help="ISO 8601 moment, e.g. 2027-01-01T00:00+01:00")
    cal.add_argument("--to", dest="until", type=parse_now, required=True)
    cal.add_argument("--json", action="store_true", help="one JSON object per occurrence")
    cal.add_argument("--lang", type=parse_lang, help="language of the titles (default en)")
    cal.add_argument("--reminders", action="store_true",
                     help="also the reminders due in that time, with their recipient counts")
    cal.add_argument("--content", help="content directory (default: bundled content)")

    imp = sub.add_parser("import-calendar", help="import events from an .ics or .csv "
                                                 "(file or URL) into the live store")
    imp.add_argument("source", help="an .ics or .csv file, or an http(s) URL")
    imp.add_argument("--programme", required=True, help="programme id, e.g. programme:icp")
    imp.add_argument("--kind", choices=EVENT_KINDS,
                     help="kind of the imported events (default: guessed from each title; "
                          "a .csv may give one per row)")
    imp.add_argument("--dry-run", action="store_true", help="show what would change, only")
    imp.add_argument("--content", help="content directory (default: bundled content)")

    mig = sub.add_parser("migrate-store", help="copy the files' store (BOT_DATA_DIR) into "
                                               "PostgreSQL; safe to run again")
    mig.add_argument("--from", dest="source", required=True, help="tinydb:PATH")
    mig.add_argument("--to", dest="target", required=True, help="postgresql://user@host/db")

    check = sub.add_parser("check-content", help="validate the content files")
    check.add_argument("path", nargs="?", type=Path, help="directory or file (default: bundled)")
    return parser


def main(argv: list[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None,
         stdin: TextIO | None = None, clock: Clock = system_clock) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    stdin = stdin or sys.stdin
    args = build_parser().parse_args(argv)
    if args.command == "check-content":
        return cmd_check_content(args, out, err)
    if args.command == "import-calendar":
        return cmd_import_calendar(args, out, err, clock)
    if args.command == "calendar":
        return cmd_calendar(args, out, err, clock)
    if args.command == "migrate-store":
        return cmd_migrate_store(args, out, err)
    command = {"ask": cmd_ask, "chat": cmd_chat, "run": cmd_run, "health": cmd_health}[
        args.command]
    return command(args, out, err, clock, stdin)
