"""Coordinator tools: roles, /reload, /unanswered, /stats — each refused to anyone else."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from rapidfuzz import fuzz
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from content.normalize import fold
from content.qa import OUT_OF_SCOPE
from handlers.callbacks import pack, pattern
from handlers.commands import is_staff, publish_chat_commands
from handlers.common import keyboard, send_text, user_lang
from handlers.i18n import LANGUAGE_NAMES, t, tn
from handlers.services import Context
from handlers.subscriptions import topic_label_for

Handler = Callable[[Update, Context], Awaitable[Any]]
UNANSWERED_DAYS = 30
log = logging.getLogger(__name__)
INBOX_SIZE = 10  # questions listed, each with a button
SIMILAR = 80  # token-set similarity (0-100) at which two questions count as one


def is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.services.admins


def is_coordinator(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and (user.id in context.services.admins
                                 or user.id in context.store.roles.coordinators())


def restricted(check: Callable[[Update, Context], bool]) -> Callable[[Handler], Handler]:
    """Refuse, with a localized message, anyone the check does not admit."""
    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def guarded(update: Update, context: Context) -> Any:
            if not check(update, context):
                lang = user_lang(update, context)
                await send_text(update.effective_chat, t(
                    lang, "This command is for programme coordinators only."))
                return None  # a refused conversation entry starts nothing
            return await handler(update, context)  # a conversation's next state, if any
        return guarded
    return decorate


async def _audit(update: Update, context: Context, what: str) -> None:
    assert update.effective_user is not None
    context.store.roles.audit(update.effective_user.id, what, context.now())
    await context.store.commit()


def _target(update: Update, context: Context) -> int | None:
    """The user id in the arguments, or the author of the message replied to or forwarded."""
    args = context.args or []
    if len(args) >= 2 and args[1].lstrip("-").isdigit():
        return int(args[1])
    message = update.effective_message
    replied = message.reply_to_message if message else None
    if replied is None:
        return None
    origin = replied.forward_origin
    sender = getattr(origin, "sender_user", None)
    if sender is not None:
        return sender.id
    return replied.from_user.id if replied.from_user else None


@restricted(is_admin)
async def coordinators(update: Update, context: Context) -> None:
    """/coordinators [add|remove <user id>] — or reply to a message of that user."""
    lang = user_lang(update, context)
    args = context.args or []
    action = args[0].lower() if args else ""
    if action in ("add", "remove"):
        target = _target(update, context)
        if target is None:
            await send_text(update.effective_chat, t(
                lang, "Give a user id (/coordinators add 123456) or reply to one of their "
                      "messages with /coordinators add."))
            return
        assert update.effective_user is not None
        changed = context.store.roles.set_coordinator(target, action == "add",
                                                update.effective_user.id, context.now())
        await _audit(update, context, f"coordinators {action} {target}")
        if changed:
            try:  # their own menu gains or loses the coordinator commands
                await publish_chat_commands(context.bot, target,
                                            context.store.users.of(target).language,
                                            coordinator=is_staff(context, target))
            except TelegramError as exc:  # a user who never wrote to the bot has no chat
                log.info("could not set the menu of %s: %s", target, exc)
        if action == "add":
            text = t(lang, "{user} is now a coordinator.", user=target) if changed else \
                t(lang, "{user} was already a coordinator.", user=target)
        else:
            text = t(lang, "{user} is no longer a coordinator.", user=target) if changed else \
                t(lang, "{user} was not a coordinator.", user=target)
        await send_text(update.effective_chat, text)
        return
    ids = sorted(context.store.roles.coordinators())
    listed = ", ".join(str(i) for i in ids) if ids else t(lang, "none yet")
    await send_text(update.effective_chat, t(
        lang, "Coordinators: {ids}. Add or remove one with /coordinators add <user id> or "
              "/coordinators remove <user id>, or by replying to their message.", ids=listed))


@restricted(is_coordinator)
async def reload(update: Update, context: Context) -> None:
    """/reload: re-read the TOML content; on problems the old content stays live."""
    lang = user_lang(update, context)
    problems = await context.services.live.reload()
    await _audit(update, context, "reload" + (" (refused)" if problems else ""))
    if problems:
        shown = "\n".join(p.say(lang) for p in problems[:30])
        more = len(problems) - 30
        text = t(lang, "The content has problems; the old content stays live:") + "\n" + shown
        if more > 0:
            text += "\n" + tn(lang, "… and {n} more.", "… and {n} more.", more)
        await send_text(update.effective_chat, text)
        return
    content = context.engine.content
    await send_text(update.effective_chat, t(
        lang, "Content reloaded (programmes: {programmes}, events: {events}, cities: "
              "{cities}, facts: {facts}). Reminders were re-planned.",
        programmes=len(content.programmes), events=len(content.events),
        cities=len(content.cities), facts=len(content.facts)))


def group_questions(questions: list[dict]) -> list[tuple[int, str, str, Counter[str]]]:
    """Cluster similar questions per language: (count, language, example, kinds), largest first."""
    groups: list[tuple[str, str, list[dict]]] = []  # (lang, folded head, members)
    for q in questions:
        key = fold(q["text"])
        for lang, head, members in groups:
            if lang == q["lang"] and fuzz.token_set_ratio(key, head) >= SIMILAR:
                members.append(q)
                break
        else:
            groups.append((q["lang"], key, [q]))
    out = [(len(members), lang, members[0]["text"], Counter(m["kind"] for m in members))
           for lang, _, members in groups]
    return sorted(out, key=lambda g: (-g[0], g[1], g[2]))


def _inbox(context: Context) -> list[dict]:
    """The unanswered questions grouped as listed to coordinators, with their members."""
    since = context.now() - timedelta(days=UNANSWERED_DAYS)
    questions = context.store.questions.open(since)
    groups = []
    for count, qlang, example, kinds in group_questions(questions)[:INBOX_SIZE]:
        folded = fold(example)
        members = [q["text"] for q in questions if q["lang"] == qlang
                   and fuzz.token_set_ratio(fold(q["text"]), folded) >= SIMILAR]
        groups.append({"count": count, "lang": qlang, "question": example, "kinds": kinds,
                       "members": members})
    return groups


def _inbox_text(lang: str, groups: list[dict]) -> str:
    lines = [t(lang, "Most frequent unanswered and 👎 questions, last 30 days. Tap a number "
                     "to attach the question to an answer or mark it out of scope:")]
    for i, g in enumerate(groups, 1):
        kinds = g["kinds"]
        lines.append(f"{i}. " + t(lang, "{count}× [{language}] {question} (unanswered "
                                        "{unanswered}, 👎 {disliked})", count=g["count"],
                                  language=g["lang"], question=g["question"],
                                  unanswered=kinds.get("unanswered", 0),
                                  disliked=kinds.get("disliked", 0)))
    return "\n".join(lines)


def _inbox_keyboard(groups: list[dict]) -> list[list[tuple[str, str]]]:
    buttons = [(str(i), pack("ua", "o", i - 1)) for i in range(1, len(groups) + 1)]
    return [buttons[i:i + 5] for i in range(0, len(buttons), 5)]


@restricted(is_coordinator)
async def unanswered(update: Update, context: Context) -> None:
    """/unanswered: what people asked in the last 30 days that the bot could not answer well."""
    lang = user_lang(update, context)
    groups = _inbox(context)
    if not groups:
        await send_text(update.effective_chat, t(lang, "No unanswered or 👎 questions in the "
                                                       "last 30 days."))
        return
    assert context.chat_data is not None
    context.chat_data["inbox"] = groups
    await send_text(update.effective_chat, _inbox_text(lang, groups),
                    keyboard=keyboard(_inbox_keyboard(groups)))


async def on_inbox(update: Update, context: Context) -> None:
    """Buttons under /unanswered: open a question, attach it to an answer, or decline it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    lang = user_lang(update, context)
    if not is_coordinator(update, context):
        await query.answer(t(lang, "This command is for programme coordinators only."))
        return
    parts = query.data.split(":")
    groups = (context.chat_data or {}).get("inbox")
    index = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else -1
    if parts[1] == "b" and groups:
        await query.answer()
        await query.edit_message_text(_inbox_text(lang, groups),
                                      reply_markup=keyboard(_inbox_keyboard(groups)))
        return
    if not groups or not 0 <= index < len(groups):
        await query.answer(t(lang, "This list is out of date; send /unanswered again."),
                           show_alert=True)
        return
    group = groups[index]
    if parts[1] == "o":
        suggestions = context.engine.suggest(group["question"], context.now(), lang)
        group["suggestions"] = [key for key, _ in suggestions]
        rows = [[(label, pack("ua", "a", index, j))] for j, (_, label) in enumerate(suggestions)]
        rows.append([(t(lang, "🚫 Out of scope"), pack("ua", "x", index)),
                     (t(lang, "⬅ Back"), pack("ua", "b"))])
        await query.answer()
        await query.edit_message_text(
            t(lang, "“{question}” — which answer should it get? Questions like it will get "
                    "that answer from now on.", question=group["question"]),
            reply_markup=keyboard(rows))
        return
    if parts[1] == "a":
        choice = int(parts[3]) if len(parts) > 3 and parts[3].isdigit() else -1
        keys = group.get("suggestions") or []
        if not 0 <= choice < len(keys):
            await query.answer(t(lang, "This list is out of date; send /unanswered again."),
                               show_alert=True)
            return
        key = keys[choice]
    else:
        key = OUT_OF_SCOPE
    problems = await context.services.live.teach(key, group["question"], group["lang"])
    if problems:
        await query.answer()
        await query.edit_message_text(t(lang, "Not saved:") + "\n" + "\n".join(
            p.say(lang) for p in problems[:10]))
        return
    context.store.questions.resolve(group["members"])
    await _audit(update, context, f"teach {key} {group['question'][:100]}")
    groups.pop(index)
    await query.answer(t(lang, "Saved."))
    if key == OUT_OF_SCOPE:
        done = t(lang, "Marked out of scope: questions like “{question}” get “my sources don't "
                       "say”.", question=group["question"])
    else:
        reply = context.engine.answer(group["question"], context.now(), group["lang"])
        done = t(lang, "Attached. “{question}” is now answered:", question=group["question"]) \
            + "\n\n" + reply.body
    rows = [[(t(lang, "⬅ Back"), pack("ua", "b"))]] if groups else []
    await query.edit_message_text(done, reply_markup=keyboard(rows) if rows else None)


@restricted(is_coordinator)
async def stats(update: Update, context: Context) -> None:
    """/stats: users by language, subscribers per topic, questions and feedback."""
    lang = user_lang(update, context)
    store = context.store
    languages: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    for user in store.users.all():
        languages[user.lang or "?"] += 1
        if user.reachable:
            topics.update(user.subs)
    # (off the loop: with several instances the counts are read from the database)
    counts = await asyncio.to_thread(store.counters.all)
    by_lang = ", ".join(f"{LANGUAGE_NAMES.get(k, k)} {v}" for k, v in languages.most_common())
    content = context.engine.content
    by_topic = ", ".join(f"{topic_label_for(lang, k, content)} {v}"
                         for k, v in topics.most_common()) or t(lang, "none yet")
    await send_text(update.effective_chat, "\n".join([
        t(lang, "Users by language: {list}", list=by_lang or t(lang, "none yet")),
        t(lang, "Active subscribers per topic: {list}", list=by_topic),
        t(lang, "Questions answered: {answered}; not answered: {unknown}",
          answered=counts.get("answered", 0), unknown=counts.get("unknown", 0)),
        t(lang, "Feedback: 👍 {liked}, 👎 {disliked}", liked=counts.get("liked", 0),
          disliked=counts.get("disliked", 0)),
    ]))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("coordinators", coordinators))
    app.add_handler(CommandHandler("reload", reload))
    app.add_handler(CommandHandler("unanswered", unanswered))
    app.add_handler(CallbackQueryHandler(on_inbox, pattern=pattern("ua", fields="[oaxb]")))
    app.add_handler(CommandHandler("stats", stats))
