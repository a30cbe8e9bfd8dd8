"""A guided /addevent, /editevent and /cancelevent: buttons and one question at a time.

Typing "key: value" blocks is for those who know the format (and still works:
a command with lines after it goes to ``content_edit``). Everyone else gets
buttons for the programme, the kind and how precise the date is, the date
asked in their own time zone, the title language by language (each but the
first may be skipped), an optional link, a preview, and Save. To change or
cancel an event they pick it from a list instead of copying its id. Every
refusal says, in their language, what to change, and the same checks as the
typed form apply (no past dates, only http(s) links, the content rules).

The draft sits in the coordinator's own user data; the buttons carry a token of
that draft, so a button from an older draft is refused instead of acting on
the new one; a draft left alone for ``TIMEOUT`` is put aside with a notice.
"""

from __future__ import annotations

import secrets
import warnings
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from telegram import Update
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

from content.calendar_import import kind_label
from content.langs import LANGS, babel_locale
from content.models import EVENT_KINDS, PRECISIONS
from content.overlay import event_to_overlay, parse_when
from handlers import content_edit
from handlers.callbacks import item_of, pack, pattern, short_id, unpack
from handlers.common import edit_or_send, keyboard, send_text, stored_user, user_lang
from handlers.coordinators import is_coordinator, restricted
from handlers.i18n import language_name, t, tn
from handlers.services import Context

TIMEOUT = timedelta(minutes=20)
LISTED = 20  # events offered to choose from
CHOOSE, WHEN, END, TITLE, LINK = range(5)


def _draft(context: Context) -> dict[str, Any]:
    return context.user_data.setdefault("event_draft", {})  # type: ignore[union-attr]


def _button(draft: dict[str, Any], *fields: str) -> str:
    return pack("ew", draft["token"], *fields)


def _cancel_row(draft: dict[str, Any]) -> list[tuple[str, str]]:
    return [(t(draft["lang"], "Cancel"), _button(draft, "quit"))]


def _has_body(update: Update) -> bool:
    text = update.effective_message.text if update.effective_message else ""
    return "\n" in (text or "") or len((text or "").split()) > 1


# -- entry points --------------------------------------------------------------------

@restricted(is_coordinator)
async def start_add(update: Update, context: Context) -> int:
    if _has_body(update):  # the typed form
        await content_edit.add_event(update, context)
        return ConversationHandler.END
    lang = user_lang(update, context)
    zone = stored_user(update, context).zone_for(lang)
    draft = _draft(context)
    draft.clear()
    draft.update(token=secrets.token_hex(3), lang=lang, mode="add", zone=zone,
                 event={"zone": zone, "status": "scheduled", "sequence": 0, "title": {}})
    content = context.engine.content
    rows = [[(p.acronym, _button(draft, "p", p.id.split(":", 1)[1]))]
            for p in content.programmes.values()]
    rows.append(_cancel_row(draft))
    await send_text(update.effective_chat, t(lang, "New event. Which programme is it part of?"),
                    keyboard=keyboard(rows))
    return CHOOSE


@restricted(is_coordinator)
async def start_edit(update: Update, context: Context) -> int:
    return await _start_choice(update, context, "edit")


@restricted(is_coordinator)
async def start_cancel(update: Update, context: Context) -> int:
    return await _start_choice(update, context, "cancel")


async def _start_choice(update: Update, context: Context, mode: str) -> int:
    if _has_body(update):
        typed = content_edit.edit_event if mode == "edit" else content_edit.cancel_event
        await typed(update, context)
        return ConversationHandler.END
    lang = user_lang(update, context)
    draft = _draft(context)
    draft.clear()
    draft.update(token=secrets.token_hex(3), lang=lang, mode=mode,
                 zone=stored_user(update, context).zone_for(lang))
    now = context.now()
    occurrences = context.engine.upcoming(now)[:LISTED]
    if not occurrences:
        await send_text(update.effective_chat, t(lang, "There are no upcoming events."))
        return ConversationHandler.END
    rows = []
    for occ in occurrences:
        label = f"{_short_day(occ.begins, lang, draft['zone'])} · {occ.event.name[lang]}"
        rows.append([(label[:60], _button(draft, "e", short_id(occ.event.id)))])
    rows.append(_cancel_row(draft))
    question = t(lang, "Which event do you want to change?") if mode == "edit" else t(
        lang, "Which event do you want to cancel?")
    await send_text(update.effective_chat, question, keyboard=keyboard(rows))
    return CHOOSE


def _short_day(moment: datetime, lang: str, zone: str) -> str:
    return format_date(moment.astimezone(ZoneInfo(zone)), "medium", locale=babel_locale(lang))


# -- buttons -------------------------------------------------------------------------

async def on_button(update: Update, context: Context) -> int | None:
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = _draft(context)
    _, fields = unpack(query.data)
    if not fields or fields[0] != draft.get("token"):
        await query.answer(t(user_lang(update, context), "This button is no longer valid. "
                                                         "Send /start for a fresh menu."))
        return None
    lang = draft["lang"]
    if not is_coordinator(update, context):  # the role was revoked while the draft was open
        draft.clear()
        await query.answer(t(lang, "This command is for programme coordinators only."))
        return ConversationHandler.END
    await query.answer()
    action, args = fields[1], fields[2:]
    event = draft.get("event", {})
    if action == "quit":
        draft.clear()
        await edit_or_send(update, t(lang, "Nothing was changed."))
        return ConversationHandler.END
    if action == "p" and args:
        event["programme"] = f"programme:{args[0]}"
        rows = [[(kind_label(lang, kind), _button(draft, "k", kind))] for kind in EVENT_KINDS]
        await edit_or_send(update, t(lang, "What kind of event is it?"),
                           keyboard=keyboard([*rows, _cancel_row(draft)]))
        return CHOOSE
    if action == "k" and args and args[0] in EVENT_KINDS:
        event["kind"] = args[0]
        await _ask_precision(update, draft)
        return CHOOSE
    if action == "pr" and args and args[0] in PRECISIONS:
        draft["precision"] = args[0]
        await edit_or_send(update, _when_question(draft, context.now()),
                           keyboard=keyboard([_cancel_row(draft)]))
        return WHEN
    if action == "e" and args:
        return await _chosen(update, context, draft, args[0])
    if action == "f" and args:
        return await _field(update, context, draft, args[0])
    if action == "skip":
        return await _skip(update, context, draft)
    if action == "nolink":
        event.pop("link", None)
        return await _preview(update, context, draft)
    if action == "save":
        return await _save(update, context, draft)
    if action == "yes" and draft["mode"] == "cancel":
        event["status"] = "cancelled"
        return await _save(update, context, draft)
    return None


async def _ask_precision(update: Update, draft: dict[str, Any]) -> None:
    lang = draft["lang"]
    rows = [[(t(lang, "A date and a time"), _button(draft, "pr", "exact"))],
            [(t(lang, "A whole day"), _button(draft, "pr", "day"))],
            [(t(lang, "Only the month is known"), _button(draft, "pr", "month"))],
            _cancel_row(draft)]
    await edit_or_send(update, t(lang, "How precisely is the date known?"), keyboard=keyboard(rows))


def _example(precision: str, now: datetime, zone: str) -> str:
    ahead = now.astimezone(ZoneInfo(zone)) + timedelta(days=14)
    if precision == "exact":
        return f"{ahead:%Y-%m-%d} 15:00"
    if precision == "day":
        return f"{ahead:%Y-%m-%d}"
    return f"{ahead:%Y-%m}"


def _when_question(draft: dict[str, Any], now: datetime) -> str:
    lang, precision, zone = draft["lang"], draft["precision"], draft["zone"]
    example = _example(precision, now, zone)
    if precision == "exact":
        return t(lang, "Send the date and the start time in your time zone ({zone}), for "
                       "example {example}.", zone=zone, example=example)
    if precision == "day":
        return t(lang, "Send the date, for example {example}.", example=example)
    return t(lang, "Send the month, for example {example}.", example=example)


async def _chosen(update: Update, context: Context, draft: dict[str, Any], code: str) -> int:
    lang = draft["lang"]
    content = context.engine.content
    event_id = item_of(content, code)
    if event_id is None or event_id not in content.events:
        await edit_or_send(update, t(lang, "This event is no longer in the calendar."))
        draft.clear()
        return ConversationHandler.END
    found = content.events[event_id]
    draft["event"] = event_to_overlay(found)
    name = found.name[lang]
    if draft["mode"] == "cancel":
        if found.status == "cancelled":
            await edit_or_send(update, t(lang, "{title} is already cancelled.", title=name))
            draft.clear()
            return ConversationHandler.END
        await edit_or_send(update, t(lang, "Cancel “{title}”? Everyone already reminded of it "
                                           "is told.", title=name),
                           keyboard=keyboard([[(t(lang, "Yes, cancel it"), _button(draft, "yes")),
                                               (t(lang, "No"), _button(draft, "quit"))]]))
        return CHOOSE
    rows = [[(t(lang, "Date and time"), _button(draft, "f", "when"))],
            [(t(lang, "Title"), _button(draft, "f", "title"))],
            [(t(lang, "Link"), _button(draft, "f", "link"))],
            _cancel_row(draft)]
    await edit_or_send(update, t(lang, "What should change in “{title}”?", title=name),
                       keyboard=keyboard(rows))
    return CHOOSE


async def _field(update: Update, context: Context, draft: dict[str, Any], which: str) -> int:
    if which == "when":
        await _ask_precision(update, draft)
        return CHOOSE
    if which == "title":
        draft["titles"] = _title_order(draft["lang"])
        draft["keep_titles"] = True
        await _ask_title(update, draft)
        return TITLE
    await _ask_link(update, draft)
    return LINK


# -- typed answers -------------------------------------------------------------------

def _text(update: Update) -> str:
    message = update.effective_message
    return (message.text or "").strip() if message is not None else ""


def _open_draft(context: Context) -> dict[str, Any] | None:
    """The draft a typed answer belongs to; None once it was saved, put aside or quit."""
    draft = _draft(context)
    return draft if "lang" in draft else None


async def got_when(update: Update, context: Context) -> int:
    draft = _open_draft(context)
    if draft is None:
        return ConversationHandler.END
    lang, event = draft["lang"], draft["event"]
    text = _text(update)
    parsed = parse_when(text)
    if parsed is None or parsed[0] != draft["precision"]:
        await send_text(update.effective_chat, t(lang, "I could not read “{text}” as a date.",
                                                 text=text[:40]) + " " +
                        _when_question(draft, context.now()))
        return WHEN
    trial = {**event, "precision": parsed[0], "start": parsed[1], "zone": draft["zone"]}
    trial.pop("end", None)
    refused = content_edit.refusals(trial, {"start": text}, context.now(), lang)
    if refused:
        await send_text(update.effective_chat, "\n".join(refused) + " " +
                        _when_question(draft, context.now()))
        return WHEN
    event.clear()
    event.update(trial)
    if parsed[0] == "month":
        return await _after_when(update, context, draft)
    question = (t(lang, "Until when? Send the end time (17:00), or a date and time, or press "
                        "Skip.") if parsed[0] == "exact"
                else t(lang, "Does it last several days? Send the last day, or press Skip."))
    draft["step"] = END
    await send_text(update.effective_chat, question, keyboard=keyboard([
        [(t(lang, "Skip"), _button(draft, "skip"))], _cancel_row(draft)]))
    return END


async def got_end(update: Update, context: Context) -> int:
    draft = _open_draft(context)
    if draft is None:
        return ConversationHandler.END
    lang, event = draft["lang"], draft["event"]
    text = _text(update)
    start = str(event["start"])
    if event["precision"] == "exact" and len(text) <= 5 and ":" in text:
        text = f"{start[:10]} {text.zfill(5)}"
    parsed = parse_when(text)
    if parsed is None or parsed[0] != event["precision"] or parsed[1] <= start:
        await send_text(update.effective_chat, t(
            lang, "The end must be written like the start and come after it ({start}).",
            start=start.replace("T", " ")), keyboard=keyboard([
                [(t(lang, "Skip"), _button(draft, "skip"))], _cancel_row(draft)]))
        return END
    event["end"] = parsed[1]
    return await _after_when(update, context, draft)


async def _after_when(update: Update, context: Context, draft: dict[str, Any]) -> int:
    if draft["mode"] == "add":
        draft["titles"] = _title_order(draft["lang"])
        draft["keep_titles"] = False
        await _ask_title(update, draft)
        return TITLE
    return await _preview(update, context, draft)


def _title_order(lang: str) -> list[str]:
    """The coordinator's language first (required when adding), then the others."""
    return [lang, *[code for code in LANGS if code != lang]]


async def _ask_title(update: Update, draft: dict[str, Any]) -> None:
    lang = draft["lang"]
    draft["step"] = TITLE
    code = draft["titles"][0]
    current = draft["event"].get("title", {}).get(code) if draft["keep_titles"] else None
    question = t(lang, "Send the title in {language}.", language=language_name(lang, code))
    if current:
        question += "\n" + t(lang, "Now: “{title}”.", title=current)
    first = code == lang and not draft["keep_titles"]
    rows = [] if first else [[(t(lang, "Skip"), _button(draft, "skip"))]]
    if not first:
        question += "\n" + (t(lang, "Skip keeps it as it is.") if draft["keep_titles"] else t(
            lang, "If you skip it, readers of {language} see the title you wrote first.",
            language=language_name(lang, code)))
    await send_text(update.effective_chat, question,
                    keyboard=keyboard([*rows, _cancel_row(draft)]))


async def got_title(update: Update, context: Context) -> int:
    draft = _open_draft(context)
    if draft is None:
        return ConversationHandler.END
    text = _text(update)
    if not text or len(text) > 200:
        await send_text(update.effective_chat, t(draft["lang"], "A title is one line of up to "
                                                                "200 characters."))
        return TITLE
    draft["event"].setdefault("title", {})[draft["titles"].pop(0)] = text
    return await _next_title(update, context, draft)


async def _next_title(update: Update, context: Context, draft: dict[str, Any]) -> int:
    if draft["titles"]:
        await _ask_title(update, draft)
        return TITLE
    if draft["mode"] == "add":
        await _ask_link(update, draft)
        return LINK
    return await _preview(update, context, draft)


async def _ask_link(update: Update, draft: dict[str, Any]) -> None:
    lang = draft["lang"]
    draft["step"] = LINK
    rows = [[(t(lang, "Skip"), _button(draft, "skip"))]]
    if draft["event"].get("link"):
        rows.append([(t(lang, "Remove the link"), _button(draft, "nolink"))])
    await send_text(update.effective_chat, t(lang, "Send a link where readers find more "
                                                   "(https://…), or press Skip."),
                    keyboard=keyboard([*rows, _cancel_row(draft)]))


async def got_link(update: Update, context: Context) -> int:
    draft = _open_draft(context)
    if draft is None:
        return ConversationHandler.END
    text = _text(update)
    refused = content_edit.refusals(draft["event"], {"link": text}, context.now(), draft["lang"])
    if refused:
        await send_text(update.effective_chat, "\n".join(refused))
        return LINK
    draft["event"]["link"] = text
    return await _preview(update, context, draft)


async def _skip(update: Update, context: Context, draft: dict[str, Any]) -> int:
    """Skip: no end, this title language, or no link — whichever was being asked."""
    step = draft.get("step")
    if step == TITLE and draft.get("titles"):
        draft["titles"].pop(0)
        return await _next_title(update, context, draft)
    if step == LINK:
        return await _preview(update, context, draft)
    if step == END:
        return await _after_when(update, context, draft)
    return CHOOSE


# -- preview and save ----------------------------------------------------------------

def _when_text(event: dict[str, Any], lang: str) -> str:
    loc = babel_locale(lang)
    start = str(event["start"])
    if event["precision"] == "exact":
        moment = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo(event["zone"]))
        text = format_datetime(moment, "full", locale=loc)
        if event.get("end"):
            end = datetime.fromisoformat(str(event["end"])).replace(tzinfo=moment.tzinfo)
            text += " – " + format_datetime(end, "short", locale=loc)
        return text
    if event["precision"] == "day":
        text = format_date(date.fromisoformat(start), "full", locale=loc)
        if event.get("end"):
            text += " – " + format_date(date.fromisoformat(str(event["end"])), "full", locale=loc)
        return text
    return format_date(date.fromisoformat(f"{start}-01"), "LLLL y", locale=loc)


async def _preview(update: Update, context: Context, draft: dict[str, Any]) -> int:
    lang, event = draft["lang"], draft["event"]
    draft["step"] = None
    content = context.engine.content
    programme = content.programmes.get(event.get("programme", ""))
    titles = event.get("title", {})
    lines = [t(lang, "Check the event before saving:"),
             t(lang, "Programme: {programme}", programme=programme.acronym if programme else "?"),
             t(lang, "Kind: {kind}", kind=kind_label(lang, event["kind"])),
             t(lang, "When: {when}", when=_when_text(event, lang))]
    for code in LANGS:
        if titles.get(code):
            lines.append(f"{language_name(lang, code)}: {titles[code]}")
    missing = [language_name(lang, code) for code in LANGS if not titles.get(code)]
    if missing:
        lines.append(t(lang, "No title in: {languages} (they see the first title).",
                       languages=", ".join(missing)))
    if event.get("link"):
        lines.append(t(lang, "Link: {link}", link=event["link"]))
    await send_text(update.effective_chat, "\n".join(lines), keyboard=keyboard([
        [(t(lang, "Save"), _button(draft, "save"))], _cancel_row(draft)]))
    return CHOOSE


async def _save(update: Update, context: Context, draft: dict[str, Any]) -> int:
    lang, event, mode = draft["lang"], draft["event"], draft["mode"]
    if mode == "add":
        event["id"] = content_edit.new_event_id(context, event.get("title", {}))
    done = {"add": "addevent", "edit": "editevent", "cancel": "cancelevent"}[mode]
    draft.clear()  # a second tap on Save finds no draft: nothing is saved twice
    await content_edit.save_event(update, context, event, lang, done, revision=mode != "add")
    return ConversationHandler.END


async def timed_out(update: Update, context: Context) -> None:
    draft = (context.user_data or {}).pop("event_draft", None)
    if draft and update.effective_chat is not None:
        minutes = int(TIMEOUT.total_seconds() // 60)
        await send_text(update.effective_chat, tn(
            draft["lang"], "The event draft was put aside after {n} minute without an answer; "
                           "nothing was saved.",
            "The event draft was put aside after {n} minutes without an answer; nothing was "
            "saved.", minutes))


async def quit_draft(update: Update, context: Context) -> int:
    draft = _draft(context)
    lang = draft.get("lang") or user_lang(update, context)
    draft.clear()
    await send_text(update.effective_chat, t(lang, "Nothing was changed."))
    return ConversationHandler.END


def register(app: Application) -> None:  # type: ignore[type-arg]
    typed = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    buttons = CallbackQueryHandler(on_button, pattern=pattern("ew"))
    commands = filters.UpdateType.MESSAGE  # an edited command message starts nothing
    with warnings.catch_warnings():
        # One draft per coordinator and chat, whatever message its buttons are on.
        warnings.filterwarnings("ignore", message="If 'per_message=False'",
                                category=PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CommandHandler("addevent", start_add, filters=commands),
                          CommandHandler("editevent", start_edit, filters=commands),
                          CommandHandler("cancelevent", start_cancel, filters=commands)],
            states={
                CHOOSE: [buttons],
                WHEN: [MessageHandler(typed, got_when), buttons],
                END: [MessageHandler(typed, got_end), buttons],
                TITLE: [MessageHandler(typed, got_title), buttons],
                LINK: [MessageHandler(typed, got_link), buttons],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
            },
            fallbacks=[CommandHandler("cancel", quit_draft)],
            conversation_timeout=TIMEOUT,
            per_chat=True, per_user=True, allow_reentry=True, name="event_wizard")
    app.add_handler(conversation)
    app.add_handler(buttons)  # a button of a finished or timed-out draft: said to be stale
