"""/broadcast: a guided conversation for coordinators; /broadcasts lists recent ones.

Text (and optionally a photo or document) -> variants in other languages ->
audience (everyone, programmes, cities, languages, combined) -> preview with
the exact recipient count per language and a warning for every language
without a variant -> Send now / Schedule (a local date and time) / Cancel.
"""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from content.langs import LANGS
from handlers.callbacks import pack, pattern, short_id
from handlers.common import edit_or_send, keyboard, send_text, stored_user, user_lang
from handlers.coordinators import is_coordinator, restricted
from handlers.i18n import LANGUAGE_NAMES, t
from handlers.services import Context
from scheduler.broadcast_delivery import BLOCKED, FAILED, PENDING, SENT, Audience, Progress

CAPTION_LIMIT = 1024  # characters Telegram keeps of a caption (the transport sends more apart)
DRAFT_TIMEOUT = timedelta(minutes=20)  # an untouched draft is put aside after this

TEXT, VARIANT, AUDIENCE, WHEN = range(4)


def progress_text(lang: str, broadcast_id: str, progress: Progress) -> str:
    c = progress.counts
    text = t(lang, "Broadcast {id}: sent {sent}, pending {pending}, blocked {blocked}, failed "
                   "{failed} (of {total}).", id=broadcast_id, sent=c[SENT], pending=c[PENDING],
             blocked=c[BLOCKED], failed=c[FAILED], total=progress.total)
    if progress.resent:
        text += "\n" + t(lang, "Resumed after a restart: {count} recipients were being sent "
                               "to at that moment and may have it twice.", count=progress.resent)
    return text


def _draft(context: Context) -> dict:
    return context.user_data.setdefault("draft", {})  # type: ignore[union-attr]


@restricted(is_coordinator)
async def start_broadcast(update: Update, context: Context) -> int:
    lang = user_lang(update, context)
    context.user_data["draft"] = {  # type: ignore[index]
        "lang": lang, "texts": {}, "attachment": None, "everyone": False,
        "topics": [], "languages": []}
    await send_text(update.effective_chat, t(
        lang, "Send the announcement in {language} (text, or a photo or document with a "
              "caption). /cancel stops.", language=LANGUAGE_NAMES[lang]))
    return TEXT


async def got_text(update: Update, context: Context) -> int:
    draft = _draft(context)
    message = update.effective_message
    assert message is not None
    lang = draft.get("variant_lang") or draft["lang"]
    if message.photo:
        draft["attachment"] = ["photo", message.photo[-1].file_id]
    elif message.document:
        draft["attachment"] = ["document", message.document.file_id]
    text = (message.text or message.caption or "").strip()
    if not text:
        await send_text(update.effective_chat, t(draft["lang"], "Please send some text."))
        return VARIANT if draft.get("variant_lang") else TEXT
    draft["texts"][lang] = text[:4000]
    draft.pop("variant_lang", None)
    await _variants_menu(update, context)
    return AUDIENCE


async def _variants_menu(update: Update, context: Context) -> None:
    draft = _draft(context)
    lang = draft["lang"]
    missing = [code for code in LANGS if code not in draft["texts"]]
    buttons = [(LANGUAGE_NAMES[code], pack("bc", "var", code)) for code in missing]
    rows = [buttons[i:i + 3] for i in range(0, len(buttons), 3)]
    rows.append([(t(lang, "Next: choose the audience"), pack("bc", "audience"))])
    have = ", ".join(LANGUAGE_NAMES[c] for c in draft["texts"])
    await send_text(update.effective_chat, t(
        lang, "Texts so far: {languages}. Add a variant in another language, or go on.",
        languages=have), keyboard=keyboard(rows))


def _audience(draft: dict) -> Audience:
    return Audience(everyone=draft["everyone"], topics=frozenset(draft["topics"]),
                    languages=frozenset(draft["languages"]))


async def _audience_menu(update: Update, context: Context) -> None:
    draft = _draft(context)
    lang = draft["lang"]
    content = context.engine.content

    def mark(on: bool, label: str) -> str:
        return ("✅ " if on else "") + label

    rows = [[(mark(draft["everyone"], t(lang, "Everyone")), pack("bc", "all"))],
            [(mark(p in draft["topics"], content.programmes[p].acronym), pack("bc", "t", p))
             for p in content.programmes]]
    cities = [(mark(c in draft["topics"], content.cities[c].name[lang]), pack("bc", "t", c))
              for c in content.cities]
    rows += [cities[i:i + 4] for i in range(0, len(cities), 4)]
    names = [(mark(code in draft["languages"], LANGUAGE_NAMES[code]), pack("bc", "l", code))
             for code in LANGS]
    rows += [names[:3], names[3:]]
    rows.append([(t(lang, "Preview"), pack("bc", "preview")),
                 (t(lang, "Cancel"), pack("bc", "cancel"))])
    text = t(lang, "Who should get it? Everyone, or subscribers of the programmes and cities "
                   "you tick; ticking languages keeps only readers of those languages.")
    query = update.callback_query
    if query is not None and query.data != "bc:audience":
        # A tick changes the menu it was pressed on, in place, instead of sending it again.
        try:
            await query.edit_message_reply_markup(keyboard(rows))
            return
        except BadRequest:  # the menu is gone (or unchanged): send it anew
            pass
    await send_text(update.effective_chat, text, keyboard=keyboard(rows))


async def on_button(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = _draft(context)
    if "lang" not in draft:
        await query.answer(t(user_lang(update, context), "This button is no longer valid. "
                                                         "Send /start for a fresh menu."))
        return ConversationHandler.END
    lang = draft["lang"]
    if not is_coordinator(update, context):
        # The role was revoked while the draft was open: nothing more of it happens.
        context.user_data.pop("draft", None)  # type: ignore[union-attr]
        await query.answer(t(lang, "This command is for programme coordinators only."),
                           show_alert=True)
        return ConversationHandler.END
    parts = query.data.split(":", 2)
    action = parts[1]
    if action in ("now", "schedule") and (len(parts) < 3 or parts[2] != _fingerprint(draft)):
        # A button under an older preview: the draft changed since. Show what would go now.
        await query.answer(t(lang, "The draft changed since this preview; here is the "
                                   "current one."), show_alert=True)
        return await _preview(update, context)
    await query.answer()
    if action == "var" and parts[2] in LANGS:
        draft["variant_lang"] = parts[2]
        await send_text(update.effective_chat, t(lang, "Send the text in {language}.",
                                                 language=LANGUAGE_NAMES[parts[2]]))
        return VARIANT
    if action == "audience":
        await _audience_menu(update, context)
        return AUDIENCE
    if action == "all":
        draft["everyone"] = not draft["everyone"]
    elif action == "t" and context.engine.content.item(parts[2]) is not None:
        topics = draft["topics"]
        topics.remove(parts[2]) if parts[2] in topics else topics.append(parts[2])
    elif action == "l" and parts[2] in LANGS:
        langs = draft["languages"]
        langs.remove(parts[2]) if parts[2] in langs else langs.append(parts[2])
    elif action == "preview":
        return await _preview(update, context)
    elif action == "now":
        return await _create(update, context, None)
    elif action == "schedule":
        zone = _zone(update, context)
        await send_text(update.effective_chat, t(
            lang, "Send the date and time to send it, in your time zone ({zone}), as "
                  "YYYY-MM-DD HH:MM.", zone=zone))
        return WHEN
    elif action == "cancel":
        context.user_data.pop("draft", None)  # type: ignore[union-attr]
        await send_text(update.effective_chat, t(lang, "Broadcast cancelled; nothing was sent."))
        return ConversationHandler.END
    await _audience_menu(update, context)
    return AUDIENCE


async def _preview(update: Update, context: Context) -> int:
    draft = _draft(context)
    lang = draft["lang"]
    audience = _audience(draft)
    if not audience.everyone and not audience.topics:
        await send_text(update.effective_chat, t(lang, "Choose everyone or at least one "
                                                       "programme or city."))
        await _audience_menu(update, context)
        return AUDIENCE
    counts, missing = context.broadcasts.preview(audience, draft["texts"])
    total = sum(counts.values())
    by_lang = ", ".join(f"{LANGUAGE_NAMES.get(code, code)} {n}"
                        for code, n in sorted(counts.items())) or "—"
    attachment = draft.get("attachment")
    if attachment and update.effective_chat is not None:
        # the photo or file exactly as recipients get it, before the words
        kind, file_id = attachment
        send = (update.effective_chat.send_photo if kind == "photo"
                else update.effective_chat.send_document)
        await send(file_id, caption=t(lang, "Preview of the attachment."))
    lines = [t(lang, "Preview:")]
    for code, text in draft["texts"].items():  # every variant, each under its language
        lines += ["", f"— {LANGUAGE_NAMES.get(code, code)}:", text]
    if attachment and any(len(text) > CAPTION_LIMIT for text in draft["texts"].values()):
        lines += ["", t(lang, "The text is longer than a caption (1,024 characters): it will "
                              "follow the attachment as a message of its own.")]
    lines += ["", t(lang, "Recipients: {total} ({by_language}).", total=total,
                    by_language=by_lang)]
    for code in missing:
        lines.append(t(lang, "⚠ No variant in {language}: those readers get the closest "
                             "available text.", language=LANGUAGE_NAMES[code]))
    stamp = _fingerprint(draft)
    await send_text(update.effective_chat, "\n".join(lines), keyboard=keyboard([[
        (t(lang, "Send now"), pack("bc", "now", stamp)),
        (t(lang, "Schedule"), pack("bc", "schedule", stamp)),
        (t(lang, "Cancel"), pack("bc", "cancel"))]]))
    return AUDIENCE


async def timed_out(update: Update, context: Context) -> None:
    """The draft was left alone too long: say so, so the next message is a question again."""
    draft = (context.user_data or {}).pop("draft", None)
    if draft and update.effective_chat is not None:
        await send_text(update.effective_chat, t(
            draft["lang"], "The draft announcement was put aside after {minutes} minutes without "
                           "an answer; nothing was sent. Send /broadcast to start again.",
            minutes=int(DRAFT_TIMEOUT.total_seconds() // 60)))


def _fingerprint(draft: dict) -> str:
    """8 letters that change whenever the texts, attachment or audience of a draft do."""
    parts = [sorted(draft["texts"].items()), draft.get("attachment"), draft["everyone"],
             sorted(draft["topics"]), sorted(draft["languages"])]
    return short_id(repr(parts))


def _zone(update: Update, context: Context) -> str:
    return stored_user(update, context).zone_for(user_lang(update, context))


async def got_when(update: Update, context: Context) -> int:
    draft = _draft(context)
    lang = draft["lang"]
    text = (update.effective_message.text or "").strip() if update.effective_message else ""
    try:
        local = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(
            tzinfo=ZoneInfo(_zone(update, context)))
    except ValueError:
        await send_text(update.effective_chat, t(lang, "I could not read “{value}”. Use "
                                                       "YYYY-MM-DD HH:MM, e.g. 2026-12-01 10:00.",
                                                 value=text[:40]))
        return WHEN
    if local <= context.now():
        await send_text(update.effective_chat, t(lang, "That moment has passed; give a time "
                                                       "in the future."))
        return WHEN
    return await _create(update, context, local)


async def _create(update: Update, context: Context, send_at: datetime | None) -> int:
    draft = _draft(context)
    lang = draft["lang"]
    assert update.effective_user is not None and update.effective_chat is not None
    attachment = tuple(draft["attachment"]) if draft["attachment"] else None
    broadcast_id = await context.broadcasts.create(
        by=update.effective_user.id, chat_id=update.effective_chat.id, texts=draft["texts"],
        audience=_audience(draft), attachment=attachment, send_at=send_at, lang=lang)
    context.store.roles.audit(update.effective_user.id, f"broadcast {broadcast_id} "
                        f"{'scheduled ' + send_at.isoformat() if send_at else 'sent'}",
                        context.now())
    await context.store.commit()
    context.user_data.pop("draft", None)  # type: ignore[union-attr]
    if send_at is None:
        text = t(lang, "Sending broadcast {id}; progress follows.", id=broadcast_id)
    else:
        text = t(lang, "Broadcast {id} scheduled for {when}.", id=broadcast_id,
                 when=send_at.strftime("%Y-%m-%d %H:%M %Z"))
    await send_text(update.effective_chat, text)
    return ConversationHandler.END


async def cancel(update: Update, context: Context) -> int:
    lang = _draft(context).get("lang") or user_lang(update, context)
    context.user_data.pop("draft", None)  # type: ignore[union-attr]
    await send_text(update.effective_chat, t(lang, "Broadcast cancelled; nothing was sent."))
    return ConversationHandler.END


def _status_label(lang: str, status: str) -> str:
    labels = {"scheduled": t(lang, "scheduled"), "sending": t(lang, "sending"),
              "done": t(lang, "done"), "cancelled": t(lang, "cancelled")}
    return labels.get(status, status)


@restricted(is_coordinator)
async def list_broadcasts(update: Update, context: Context) -> None:
    """/broadcasts: the ten most recent, with their figures; scheduled ones can be
    cancelled from here."""
    lang = user_lang(update, context)
    docs = context.broadcasts.history()[:10]
    if not docs:
        await edit_or_send(update, t(lang, "No broadcasts yet."))
        return
    lines = []
    for doc in docs:
        counts = {s: list(doc["recipients"].values()).count(s)
                  for s in (SENT, PENDING, BLOCKED, FAILED)}
        lines.append(t(lang, "{id} — {status}: sent {sent}, pending {pending}, blocked "
                             "{blocked}, failed {failed}", id=doc["id"],
                       status=_status_label(lang, doc["status"]),
                       sent=counts[SENT], pending=counts[PENDING], blocked=counts[BLOCKED],
                       failed=counts[FAILED]))
    rows = [[(t(lang, "Cancel {id}", id=doc["id"]), pack("bcx", doc["id"]))]
            for doc in docs if doc["status"] == "scheduled"]
    await edit_or_send(update, "\n".join(lines), keyboard=keyboard(rows) if rows else None)


@restricted(is_coordinator)
async def on_cancel_scheduled(update: Update, context: Context) -> None:
    """A scheduled broadcast cancelled from /broadcasts: the list is updated in place."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    lang = user_lang(update, context)
    broadcast_id = query.data.partition(":")[2]
    if await context.broadcasts.cancel(broadcast_id):
        context.store.roles.audit(update.effective_user.id,
                                  f"broadcast {broadcast_id} cancelled", context.now())
        await context.store.commit()
        await query.answer(t(lang, "Broadcast {id} cancelled; nothing was sent.",
                             id=broadcast_id))
    else:
        await query.answer(t(lang, "Broadcast {id} is no longer scheduled.", id=broadcast_id))
    await list_broadcasts(update, context)


def register(app: Application) -> None:  # type: ignore[type-arg]
    content_message = (filters.TEXT & ~filters.COMMAND) | filters.PHOTO | filters.Document.ALL
    with warnings.catch_warnings():
        # Buttons are tracked per chat and user on purpose: a coordinator has one draft.
        warnings.filterwarnings("ignore", message="If 'per_message=False'",
                                category=PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CommandHandler("broadcast", start_broadcast)],
            states={
                TEXT: [MessageHandler(content_message, got_text)],
                VARIANT: [MessageHandler(content_message, got_text)],
                AUDIENCE: [CallbackQueryHandler(on_button, pattern=pattern("bc"))],
                WHEN: [MessageHandler(filters.TEXT & ~filters.COMMAND, got_when),
                       CallbackQueryHandler(on_button, pattern=pattern("bc"))],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
            },
            fallbacks=[CommandHandler("cancel", cancel)],
            # An abandoned draft must not swallow the coordinator's next question.
            conversation_timeout=DRAFT_TIMEOUT,
            per_chat=True, per_user=True, allow_reentry=True, name="broadcast")
    app.add_handler(conversation)
    app.add_handler(CommandHandler("broadcasts", list_broadcasts))
    app.add_handler(CallbackQueryHandler(on_cancel_scheduled, pattern=pattern("bcx")))
