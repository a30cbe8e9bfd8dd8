"""A coordinator sends an .ics or .csv to the bot: which programme, a preview, Apply or Cancel.

The same import as ``python -m bot import-calendar``: nothing changes until Apply,
and then all of it or nothing (the content checks run on the merged result). The
file waits in the coordinator's own chat data, one at a time.
"""

from __future__ import annotations

import asyncio
import secrets

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from content.calendar_import import merge, read_csv, read_ics
from content.loader import ContentError, load_content
from handlers.callbacks import pack, pattern, unpack
from handlers.common import edit_or_send, keyboard, send_text, user_lang
from handlers.coordinators import _audit, is_coordinator, restricted
from handlers.i18n import language_name, t, tn
from handlers.services import Context

MAX_FILE_BYTES = 2_000_000  # a year of any programme's calendar is far below this
LISTED = 15  # changes named one by one in the preview


def _pending(context: Context) -> dict:
    return context.user_data.setdefault("calendar_file", {})  # type: ignore[union-attr]


@restricted(is_coordinator)
async def on_file(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None and message.document is not None
    lang = user_lang(update, context)
    document = message.document
    if (document.file_size or 0) > MAX_FILE_BYTES:
        await send_text(update.effective_chat, t(
            lang, "This file is too large for a calendar ({size} KB); the limit is {limit} KB.",
            size=(document.file_size or 0) // 1024, limit=MAX_FILE_BYTES // 1024))
        return
    try:
        file = await document.get_file()
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        await send_text(update.effective_chat, t(
            lang, "I could not download the file ({reason}). Please send it again.",
            reason=str(exc)[:100]))
        return
    token = secrets.token_hex(4)
    _pending(context).clear()
    _pending(context).update(token=token, data=data, name=document.file_name or "calendar",
                             at=context.now())  # let go of after an hour untouched
    content = context.engine.content
    rows = [[(p.acronym, pack("ci", "p", token, p.id.split(":", 1)[1]))]
            for p in content.programmes.values()]
    rows.append([(t(lang, "Cancel"), pack("ci", "no", token))])
    await send_text(update.effective_chat, t(
        lang, "Which programme are the events in “{name}” for?", name=_pending(context)["name"]),
        keyboard=keyboard(rows))


@restricted(is_coordinator)
async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    lang = user_lang(update, context)
    _, fields = unpack(query.data)
    pending = _pending(context)
    if len(fields) < 2 or pending.get("token") != fields[1]:
        await query.answer(t(lang, "This button is no longer valid. Send /start for a fresh menu."))
        return
    await query.answer()
    action = fields[0]
    if action == "no":
        pending.clear()
        await edit_or_send(update, t(lang, "Nothing was imported."))
        return
    if action == "p" and len(fields) == 3:
        await _preview(update, context, f"programme:{fields[2]}")
        return
    if action == "ok" and "candidate" in pending:
        problems = await context.services.live.replace_edits(pending["candidate"])
        if problems:
            await edit_or_send(update, t(lang, "Not imported; please fix:") + "\n" +
                               "\n".join(p.say(lang) for p in problems[:20]))
            return
        await _audit(update, context, f"calendar import {pending['name']}: {pending['summary']}")
        pending.clear()
        await edit_or_send(update, t(lang, "Imported. Reminders are planned from it at once, and "
                                           "anyone already reminded of a moved or cancelled "
                                           "event is told."))


async def _preview(update: Update, context: Context, programme: str) -> None:
    lang = user_lang(update, context)
    pending = _pending(context)
    name: str = pending["name"]
    read = read_csv if name.lower().endswith(".csv") else read_ics
    imported = await asyncio.to_thread(read, pending["data"], name, programme, None,
                                       context.now().date())
    live = context.services.live
    edits = live.edits.data if live.edits is not None else {}
    candidate, changes = merge(edits, imported.events)
    problems = list(imported.problems)
    if not problems:
        try:
            await asyncio.to_thread(load_content, live.content_dir, candidate)
        except ContentError as exc:
            problems = list(exc.problems)
    counts = {what: sum(1 for c in changes if c.what == what)
              for what in ("new", "changed", "cancelled", "unchanged")}
    labels = {"new": t(lang, "New"), "changed": t(lang, "Changed"),
              "cancelled": t(lang, "Cancelled"), "unchanged": t(lang, "Unchanged")}
    lines = [tn(lang, "{n} event in “{name}”:", "{n} events in “{name}”:", len(changes),
                name=name),
             ", ".join(f"{labels[w]}: {n}" for w, n in counts.items() if n)]
    shown = [c for c in changes if c.what != "unchanged"]
    lines += [f"• {labels[c.what]}: {c.title}" for c in shown[:LISTED]]
    if len(shown) > LISTED:
        lines.append("…")
    for source, n in sorted(imported.one_language.items()):
        lines.append(tn(lang, "{n} title only in {language}: other readers see the kind in "
                              "their language and the title quoted.",
                        "{n} titles only in {language}: other readers see the kind in their "
                        "language and the title quoted.", n, language=language_name(lang, source)))
    token = pending["token"]
    if problems:
        lines += ["", t(lang, "Nothing can be imported until these are fixed:")]
        lines += [f"• {p.say(lang)}" for p in problems[:15]]
        await edit_or_send(update, "\n".join(lines))
        pending.clear()
        return
    pending["candidate"] = candidate
    pending["summary"] = ", ".join(f"{w} {n}" for w, n in counts.items() if n)
    await edit_or_send(update, "\n".join(lines), keyboard=keyboard([[
        (t(lang, "Apply"), pack("ci", "ok", token)),
        (t(lang, "Cancel"), pack("ci", "no", token))]]))


def register(app: Application) -> None:  # type: ignore[type-arg]
    calendars = filters.Document.FileExtension("ics") | filters.Document.FileExtension("csv")
    app.add_handler(MessageHandler(calendars & filters.ChatType.PRIVATE, on_file))
    app.add_handler(CallbackQueryHandler(on_button, pattern=pattern("ci")))
