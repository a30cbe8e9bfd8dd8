"""/addevent, /editevent, /cancelevent: coordinators change the calendar from the chat.

Changes are stored as an overlay on the TOML content, validated by the same
rules (problems are shown and nothing changes), and take effect at once:
reminders are re-planned and subscribers already reminded of a moved or
cancelled event are told once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import Update
from telegram.ext import Application, CommandHandler

from content.langs import LANGS
from content.models import EVENT_KINDS, is_web_link
from content.normalize import fold
from content.overlay import (
    EDIT_SOURCE,
    event_to_overlay,
    fill_languages,
    parse_fields,
    parse_when,
)
from handlers.common import send_text, stored_user, user_lang
from handlers.coordinators import _audit, is_coordinator, restricted
from handlers.i18n import t
from handlers.services import Context
from scheduler.broadcast_delivery import choose_variant

TEXT_KEYS = ("title", "description")


def _usage(lang: str) -> str:
    return t(lang, "Write the event on the lines after the command, one “key: value” per line:\n"
                   "programme: icp\nkind: webinar (meeting, deadline, study_visit, conference, "
                   "milestone)\ntitle: … (title.bg: …, title.ko: … for other languages)\n"
                   "start: 2026-12-10 15:00, or 2026-12-10 for a whole day, or 2026-12 if only "
                   "the month is known\nend: (optional, same form)\nzone: Europe/Brussels "
                   "(optional: your zone)\nlink: (optional)")


def _body(update: Update) -> str:
    text = update.effective_message.text if update.effective_message else ""
    return (text or "").partition("\n")[2] if "\n" in (text or "") else ""


def _apply(event: dict[str, Any], fields: dict[str, str], lang: str) -> list[str]:
    """Apply key: value fields to an overlay event; return what could not be understood."""
    errors: list[str] = []
    for key, value in fields.items():
        base, _, text_lang = key.partition(".")
        if base in TEXT_KEYS:
            target = text_lang or lang
            if target not in LANGS:
                errors.append(key)
                continue
            event.setdefault(base, {})[target] = value
        elif key == "programme":
            event["programme"] = value if value.startswith("programme:") else \
                f"programme:{value.lower()}"
        elif key == "kind":
            event["kind"] = value.lower()
            if event["kind"] not in EVENT_KINDS:
                errors.append(key)
        elif key in ("start", "end"):
            parsed = parse_when(value)
            if parsed is None:
                errors.append(key)
                continue
            precision, when = parsed
            if key == "start":
                event["precision"] = precision
            event[key] = when
        elif key in ("zone", "link"):
            event[key] = value
        else:
            errors.append(key)
    return errors


def refusals(event: dict[str, Any], fields: dict[str, str], now: datetime,
              lang: str) -> list[str]:
    """What the coordinator must change, each in words (not field names)."""
    out = []
    link = fields.get("link", "").strip()
    if link and not is_web_link(link):
        out.append(t(lang, "The link must start with https:// or http://."))
    if "start" in fields and event.get("start"):
        start = str(event["start"])
        try:
            zone = ZoneInfo(str(event.get("zone") or "UTC"))
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        precision = event.get("precision")
        if precision == "exact":
            last = datetime.fromisoformat(start).replace(tzinfo=zone)
        elif precision == "day":
            last = datetime.combine(date.fromisoformat(start) + timedelta(days=1), time(), zone)
        else:
            year, month = int(start[:4]), int(start[5:7])
            last = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
        if last <= now:
            out.append(t(lang, "{date} has already passed: an event added or moved from the "
                               "chat must lie ahead.", date=fields["start"]))
    return out


def _finish(event: dict[str, Any], now: datetime) -> None:
    for key in TEXT_KEYS:
        texts = {k: v for k, v in event.get(key, {}).items() if v}
        if not texts and key == "description":
            texts = dict(event.get("title", {}))
        if texts:
            event[key] = fill_languages(texts, choose_variant)
    event["updated"] = now.date().isoformat()
    event["sources"] = [EDIT_SOURCE, *[s for s in event.get("sources", []) if s != EDIT_SOURCE]]


async def save_event(update: Update, context: Context, event: dict[str, Any], lang: str,
                done: str, *, revision: bool) -> None:
    """Complete, validate and store an event; ``revision`` raises its calendar SEQUENCE."""
    if revision:
        event["sequence"] = int(event.get("sequence", 0)) + 1
    _finish(event, context.now())
    problems = await context.services.live.edit_event(event)
    if problems:
        await send_text(update.effective_chat, t(
            lang, "Not saved; please fix:") + "\n" + "\n".join(p.say(lang) for p in problems[:20]))
        return
    await _audit(update, context, f"{done} {event['id']}")
    answer = context.engine.compose("event_when", lang, context.now(),
                                    stored_user(update, context).zone,
                                    events=[event["id"]])
    await send_text(update.effective_chat, t(lang, "Saved. Readers now see:") + "\n" +
                    answer.text)


def new_event_id(context: Context, title: dict[str, str]) -> str:
    """An id from the title's first words, not yet taken ("event:chat-energy-webinar-2")."""
    slug = "-".join(fold(title.get("en") or next(iter(title.values()), "event")).split()[:6])
    base_id = f"event:chat-{slug or 'event'}"
    event_id, n = base_id, 2
    while context.engine.content.events.get(event_id) is not None:
        event_id, n = f"{base_id}-{n}", n + 1
    return event_id


@restricted(is_coordinator)
async def add_event(update: Update, context: Context) -> None:
    """/addevent with key: value lines."""
    lang = user_lang(update, context)
    fields, bad = parse_fields(_body(update))
    if not fields:
        await send_text(update.effective_chat, _usage(lang))
        return
    zone = stored_user(update, context).zone_for(lang)
    event: dict[str, Any] = {"zone": zone, "status": "scheduled", "sequence": 0}
    errors = bad + _apply(event, fields, lang)
    if errors:
        await send_text(update.effective_chat, t(lang, "I could not read: {fields}",
                                                 fields=", ".join(errors)) + "\n\n" + _usage(lang))
        return
    refused = refusals(event, fields, context.now(), lang)
    if refused:
        await send_text(update.effective_chat, "\n".join(refused))
        return
    event["id"] = new_event_id(context, event.get("title", {}))
    await save_event(update, context, event, lang, "addevent", revision=False)


def _existing(update: Update, context: Context) -> dict[str, Any] | None:
    args = (update.effective_message.text or "").partition("\n")[0].split()[1:] \
        if update.effective_message else []
    if not args:
        return None
    slug = args[0].removeprefix("event:")
    event = context.engine.content.events.get(f"event:{slug}")
    return event_to_overlay(event) if event is not None else None


@restricted(is_coordinator)
async def edit_event(update: Update, context: Context) -> None:
    """/editevent <event id> with key: value lines for what changes."""
    lang = user_lang(update, context)
    event = _existing(update, context)
    fields, bad = parse_fields(_body(update))
    if event is None or not fields:
        await send_text(update.effective_chat, t(
            lang, "Usage: /editevent <event id>, then “key: value” lines (start, end, zone, "
                  "title, link …). Event ids are shown by /eventids."))
        return
    errors = bad + _apply(event, fields, lang)
    if errors:
        await send_text(update.effective_chat, t(lang, "I could not read: {fields}",
                                                 fields=", ".join(errors)))
        return
    refused = refusals(event, fields, context.now(), lang)
    if refused:
        await send_text(update.effective_chat, "\n".join(refused))
        return
    await save_event(update, context, event, lang, "editevent", revision=True)


@restricted(is_coordinator)
async def cancel_event(update: Update, context: Context) -> None:
    """/cancelevent <event id>."""
    lang = user_lang(update, context)
    event = _existing(update, context)
    if event is None:
        await send_text(update.effective_chat, t(lang, "Usage: /cancelevent <event id>. Event "
                                                       "ids are shown by /eventids."))
        return
    if event.get("status") == "cancelled":  # pressed twice: say so, change nothing
        await send_text(update.effective_chat, t(lang, "{id} is already cancelled.",
                                                 id=event["id"].split(":", 1)[1]))
        return
    event["status"] = "cancelled"
    await save_event(update, context, event, lang, "cancelevent", revision=True)


@restricted(is_coordinator)
async def event_ids(update: Update, context: Context) -> None:
    """/eventids: the id of every upcoming event, for /editevent and /cancelevent."""
    lang = user_lang(update, context)
    now = context.now()
    lines = [f"{o.event.id.split(':', 1)[1]} — {o.event.name[lang]}"
             for o in context.engine.upcoming(now)]
    await send_text(update.effective_chat, "\n".join(lines) if lines else t(
        lang, "There are no upcoming events."))


def register(app: Application) -> None:  # type: ignore[type-arg]
    # /addevent, /editevent and /cancelevent come through the guided flow
    # (handlers.event_wizard), which hands a command with lines after it to the
    # typed form here.
    app.add_handler(CommandHandler("eventids", event_ids))
