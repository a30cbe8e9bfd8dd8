"""/feeds: coordinators see, add, re-read and remove the calendar feeds the bot polls.

``/feeds`` lists every feed (from the content files or the chat) with how its
last read went, and buttons to read one now or remove it; ``/feeds <address>``
asks which programme it is for, reads it at once and keeps it only if that
worked, so a mistyped address is refused with its reason instead of failing
quietly every quarter of an hour. The words of the feed alerts the poller
sends live here too, with the rest of the interface.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from content.calendar_import import Applied
from content.langs import babel_locale
from content.loader import Problem
from content.models import is_feed_link
from handlers.callbacks import pack, pattern, unpack
from handlers.common import edit_or_send, keyboard, send_text, stored_user, user_lang
from handlers.coordinators import _audit, is_coordinator, restricted
from handlers.i18n import t, tn
from handlers.services import Context, Feeds


def reason_text(lang: str, reason: str, problems: list[Problem]) -> str:
    """Why a feed cannot be used, in words."""
    kind, _, detail = reason.partition(":")
    if kind == "http":
        return t(lang, "the server answered with HTTP status {status}", status=detail)
    if kind == "network":
        return t(lang, "the server could not be reached")
    if kind == "too_large":
        return t(lang, "the file is larger than {size} MB", size=int(detail) // 1_000_000)
    if not problems:  # only its kind is kept between polls
        return t(lang, "the file has problems; press “Read now” to see them")
    shown = "\n".join(f"• {p.say(lang)}" for p in problems[:5])
    return tn(lang, "the file has {n} problem:", "the file has {n} problems:",
              len(problems)) + "\n" + shown


def failing_text(lang: str, acronym: str, reason: str, problems: list[Problem],
                 minutes: int) -> str:
    return t(lang, "⚠️ The calendar feed of {programme} cannot be used: {reason}",
             programme=acronym, reason=reason_text(lang, reason, problems)) + "\n\n" + tn(
        lang, "Its events stay as they were. I try again every {n} minute and will tell you "
              "when it works again.",
        "Its events stay as they were. I try again every {n} minutes and will tell you when it "
        "works again.", minutes)


def recovered_text(lang: str, acronym: str, counts: dict[str, int]) -> str:
    if not counts:
        return t(lang, "✅ The calendar feed of {programme} works again; nothing in it had "
                       "changed.", programme=acronym)
    return t(lang, "✅ The calendar feed of {programme} works again.", programme=acronym) + \
        " " + change_summary(lang, counts)


def change_summary(lang: str, counts: dict[str, int]) -> str:
    parts = []
    if counts.get("new"):
        parts.append(tn(lang, "{n} new event", "{n} new events", counts["new"]))
    if counts.get("changed"):
        parts.append(tn(lang, "{n} event changed", "{n} events changed", counts["changed"]))
    if counts.get("cancelled"):
        parts.append(tn(lang, "{n} event cancelled", "{n} events cancelled",
                        counts["cancelled"]))
    return "; ".join(parts) + "." if parts else t(lang, "Nothing in it had changed.")


def _feeds(context: Context) -> Feeds:
    assert context.services.feeds is not None, "feeds need the running bot"
    return context.services.feeds


def _moment(lang: str, iso: str, zone: str) -> str:
    moment = datetime.fromisoformat(iso).astimezone(ZoneInfo(zone))
    return format_datetime(moment, "short", locale=babel_locale(lang))


def _acronym(context: Context, programme: str) -> str:
    found = context.engine.content.programmes.get(programme)
    return found.acronym if found is not None else programme


def _listing(update: Update, context: Context) -> tuple[str, list]:
    lang = user_lang(update, context)
    zone = stored_user(update, context).zone_for(lang)
    feeds = _feeds(context)
    active = feeds.active()
    minutes = int(feeds.every.total_seconds() // 60)
    if not active:
        return t(lang, "No calendar feeds yet. Send /feeds followed by the address of a "
                       "calendar (.ics or .csv) to add one; Google Calendar shows it under "
                       "Settings → Integrate calendar → “Secret address in iCal format”."), []
    lines = [tn(lang, "Calendar feeds, read every {n} minute:",
                "Calendar feeds, read every {n} minutes:", minutes)]
    rows = []
    for feed in active:
        acronym = _acronym(context, feed.programme)
        origin = t(lang, "from the content files") if feed.added_by is None else \
            t(lang, "added in the chat")
        lines.append(f"\n• {acronym} ({origin}): {feed.url}")
        if feed.failing_since is not None:
            lines.append("  " + t(lang, "⚠️ failing since {when}: {reason}",
                                  when=_moment(lang, feed.failing_since, zone),
                                  reason=reason_text(lang, feed.error or "", [])))
        elif feed.last_ok is not None:
            lines.append("  " + t(lang, "✅ last read {when}",
                                  when=_moment(lang, feed.last_ok, zone)))
        else:
            lines.append("  " + t(lang, "not read yet"))
        slug = feed.programme.split(":", 1)[1]
        rows.append([(t(lang, "🔄 Read {programme} now", programme=acronym),
                      pack("fd", "r", slug)),
                     (t(lang, "🗑 Remove {programme}", programme=acronym),
                      pack("fd", "x", slug))])
    return "\n".join(lines), rows


def _pending(context: Context) -> dict:
    return context.user_data.setdefault("feed", {})  # type: ignore[union-attr]


@restricted(is_coordinator)
async def feeds_command(update: Update, context: Context) -> None:
    """/feeds, or /feeds <address> to add one."""
    lang = user_lang(update, context)
    args = context.args or []
    if not args:
        text, rows = _listing(update, context)
        await send_text(update.effective_chat, text, keyboard=keyboard(rows) if rows else None)
        return
    url = args[0].strip()
    if not is_feed_link(url):
        await send_text(update.effective_chat, t(
            lang, "A calendar feed's address starts with https://, http:// or webcal://."))
        return
    token = secrets.token_hex(4)
    pending = _pending(context)
    pending.clear()
    pending.update(token=token, url=url, at=context.now())
    rows = [[(p.acronym, pack("fd", "p", token, p.id.split(":", 1)[1]))]
            for p in context.engine.content.programmes.values()]
    rows.append([(t(lang, "Cancel"), pack("fd", "no", token))])
    await send_text(update.effective_chat, t(lang, "Which programme is this calendar for?"),
                    keyboard=keyboard(rows))


def _added_text(lang: str, acronym: str, outcome: Applied, minutes: int) -> str:
    return tn(lang, "Added: the calendar feed of {programme} is read now and every {n} "
                    "minute.", "Added: the calendar feed of {programme} is read now and every "
                    "{n} minutes.", minutes, programme=acronym) + " " + change_summary(
        lang, outcome.counts())


@restricted(is_coordinator)
async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    lang = user_lang(update, context)
    _, fields = unpack(query.data)
    feeds = _feeds(context)
    action = fields[0] if fields else ""
    if action in ("p", "no"):
        pending = _pending(context)
        if len(fields) < 2 or pending.get("token") != fields[1]:
            await query.answer(t(lang, "This button is no longer valid. Send /start for a "
                                       "fresh menu."))
            return
        await query.answer()
        if action == "no" or len(fields) != 3:
            pending.clear()
            await edit_or_send(update, t(lang, "No feed was added."))
            return
        programme, url = f"programme:{fields[2]}", pending.pop("url")
        pending.clear()
        await edit_or_send(update, t(lang, "Reading the calendar…"))
        outcome = await feeds.add(programme, url, update.effective_user.id)
        acronym = _acronym(context, programme)
        if outcome.status == "failed":
            await edit_or_send(update, t(lang, "Not added: {reason}", reason=reason_text(
                lang, outcome.reason, outcome.problems)))
            return
        await _audit(update, context, f"feed add {programme} {url}")
        minutes = int(feeds.every.total_seconds() // 60)
        await edit_or_send(update, _added_text(lang, acronym, outcome, minutes))
        return
    known = {f.programme: f for f in feeds.active()}
    programme = f"programme:{fields[1]}" if len(fields) == 2 else ""
    feed = known.get(programme)
    if feed is None:
        await query.answer(t(lang, "This feed is no longer in the list."))
        return
    await query.answer()
    if action == "x":
        await feeds.remove(programme, update.effective_user.id)
        await _audit(update, context, f"feed remove {programme}")
    elif action == "r":
        outcome = await feeds.poll(feed)
        note = (t(lang, "Read just now.") + " " + change_summary(lang, outcome.counts())
                if outcome.status != "failed" else
                t(lang, "Could not be read: {reason}", reason=reason_text(
                    lang, outcome.reason, outcome.problems)))
        text, rows = _listing(update, context)
        await edit_or_send(update, f"{note}\n\n{text}", keyboard=keyboard(rows) if rows else None)
        return
    text, rows = _listing(update, context)
    await edit_or_send(update, text, keyboard=keyboard(rows) if rows else None)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("feeds", feeds_command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=pattern("fd")))
