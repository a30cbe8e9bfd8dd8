"""/subscribe, /subscriptions, /unsubscribe, /reminders, /calendar and reminder buttons."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InputFile, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from content.models import Content
from content.timing import next_occurrence, occurrences
from handlers.callbacks import item_of, pack, pattern, unpack
from handlers.common import edit_or_send, keyboard, send_text, stored_user, user_lang
from handlers.i18n import t, tn
from handlers.services import Context
from scheduler.ics import calendar, occurrence_stamp
from scheduler.plan import DEFAULT_LEADS, DEFAULT_QUIET, LEADS
from scheduler.reminders import TOPIC_ALL, event_topics

QUIET_PRESETS = {"22-08": ("22:00", "08:00"), "23-07": ("23:00", "07:00"),
                 "21-09": ("21:00", "09:00"), "off": ("00:00", "00:00")}

log = logging.getLogger(__name__)


def encode_topic(topic: str) -> str:
    """Topic id -> short callback code: programme:icp -> p.icp (64-byte callback limit)."""
    if topic == TOPIC_ALL:
        return "all"
    head, _, rest = topic.partition(":")
    return {"programme": "p", "city": "c", "kind": "k"}[head] + "." + rest


def decode_topic(code: str, context: Context) -> str | None:
    content = context.engine.content
    if code == "all":
        return TOPIC_ALL
    head, _, rest = code.partition(".")
    topic = {"p": f"programme:{rest}", "c": f"city:{rest}", "k": f"kind:{rest}"}.get(head)
    if topic is None:
        return None
    if topic.startswith("kind:") and rest in ("deadline", "webinar", "meeting", "study_visit"):
        return topic
    return topic if content.item(topic) is not None else None


def topic_label(lang: str, topic: str, context: Context) -> str:
    return topic_label_for(lang, topic, context.engine.content)


def topic_label_for(lang: str, topic: str, content: Content) -> str:
    """How a topic is named on buttons and in lists."""
    labels = {
        TOPIC_ALL: t(lang, "Everything"),
        "kind:deadline": t(lang, "Deadlines only"),
        "kind:webinar": t(lang, "Webinars"),
        "kind:meeting": t(lang, "Meetings"),
        "kind:study_visit": t(lang, "Study visits"),
    }
    if topic in labels:
        return labels[topic]
    if topic in content.programmes:
        return content.programmes[topic].acronym
    if topic in content.cities:
        return content.cities[topic].name[lang]
    return topic


def subscriptions_of(update: Update, context: Context) -> list[str]:
    return list(stored_user(update, context).subs)


async def set_subscribed(update: Update, context: Context, topic: str, on: bool) -> None:
    assert update.effective_user is not None
    subs = subscriptions_of(update, context)
    if on and topic not in subs:
        subs.append(topic)
    elif not on and topic in subs:
        subs.remove(topic)
    stored = stored_user(update, context)
    fields: dict = {"subs": subs}
    lang = user_lang(update, context)
    if stored.zone is None:  # remember the zone reminders will be timed in
        fields["zone"] = stored.zone_for(lang)
    if stored.lang is None:  # and the language they will be written in
        fields["lang"] = lang
    context.store.users.update(update.effective_user.id, **fields)
    await context.store.commit()  # the reminder index follows the change by itself


def subscribe_button(lang: str, topic: str, subscribed: bool) -> tuple[str, str]:
    code = encode_topic(topic)
    if subscribed:
        return (t(lang, "🔕 Unsubscribe"), pack("sub", "-", code))
    return (t(lang, "🔔 Subscribe"), pack("sub", "+", code))


async def subscribe(update: Update, context: Context) -> None:
    """/subscribe: choose what to be reminded of."""
    lang = user_lang(update, context)
    content = context.engine.content
    subs = set(subscriptions_of(update, context))

    def toggle(topic: str) -> tuple[str, str]:
        """✅ and "unsubscribe" when followed, plain and "subscribe" when not."""
        on = topic in subs
        return (("✅ " if on else "") + topic_label(lang, topic, context),
                pack("sub", "-" if on else "+", encode_topic(topic)))

    rows = [[toggle(p) for p in content.programmes],
            [toggle("kind:deadline"), toggle("kind:webinar")],
            [toggle("kind:meeting"), toggle("kind:study_visit")],
            [toggle(TOPIC_ALL), (t(lang, "Cities…"), pack("sub", "cities"))]]
    await send_text(update.effective_chat, t(
        lang, "What should I remind you of? Choose one or more topics; /subscriptions lists "
              "them and /reminders sets when."), keyboard=keyboard(rows))


async def subscriptions(update: Update, context: Context) -> None:
    """/subscriptions: what the user follows, each with a remove button."""
    lang = user_lang(update, context)
    subs = subscriptions_of(update, context)
    if not subs:
        await send_text(update.effective_chat, t(lang, "You have no subscriptions. Send "
                                                       "/subscribe to choose topics."))
        return
    rows = [[(t(lang, "✖ {topic}", topic=topic_label(lang, s, context)),
              pack("sub", "-", encode_topic(s)))] for s in subs]
    names = ", ".join(topic_label(lang, s, context) for s in subs)
    await send_text(update.effective_chat, t(lang, "You are subscribed to: {topics}",
                                             topics=names), keyboard=keyboard(rows))


async def unsubscribe(update: Update, context: Context) -> None:
    """/unsubscribe: remove every subscription, after a confirmation."""
    lang = user_lang(update, context)
    await send_text(update.effective_chat, t(lang, "Stop all reminders?"), keyboard=keyboard(
        [[(t(lang, "Yes, stop all"), pack("unsuball", "yes")),
          (t(lang, "Cancel"), pack("unsuball", "no"))]]))


async def on_unsubscribe_all(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    lang = user_lang(update, context)
    await query.answer()
    if query.data == "unsuball:yes":
        context.store.users.update(update.effective_user.id, subs=[])
        await context.store.commit()
        await query.edit_message_text(t(lang, "All reminders stopped."))
    else:
        await query.edit_message_text(t(lang, "Nothing changed."))


async def on_subscription_button(update: Update, context: Context) -> None:
    """sub:+:<topic>, sub:-:<topic> and sub:cities."""
    query = update.callback_query
    assert query is not None and query.data is not None
    lang = user_lang(update, context)
    if query.data == "sub:cities":
        await query.answer()
        cities = sorted(context.engine.content.cities.values(), key=lambda c: c.name[lang])
        buttons = [(c.name[lang], pack("sub", "+", encode_topic(c.id))) for c in cities]
        await send_text(update.effective_chat, t(lang, "Choose a city:"),
                        keyboard=keyboard([buttons[i:i + 2] for i in range(0, len(buttons), 2)]))
        return
    _, sign, code = query.data.split(":", 2)
    topic = decode_topic(code, context)
    if topic is None or sign not in "+-":
        await query.answer(t(lang, "This button is no longer valid. Send /start for a fresh "
                                   "menu."))
        return
    await set_subscribed(update, context, topic, sign == "+")
    label = topic_label(lang, topic, context)
    await query.answer(t(lang, "Subscribed: {topic}", topic=label) if sign == "+"
                       else t(lang, "Unsubscribed: {topic}", topic=label))
    await _flip_in_place(query, lang, topic, sign == "+")


async def _flip_in_place(query: CallbackQuery, lang: str, topic: str, on: bool) -> None:
    """The pressed button shows the new state, in the message it is on: a ✅ toggle flips,
    "🔔 Subscribe" becomes "🔕 Unsubscribe" and back, a one-way button (✖ in
    /subscriptions, "Unsubscribe from …" under a reminder) disappears."""
    message = query.message
    markup = getattr(message, "reply_markup", None)
    if markup is None:
        return
    code = encode_topic(topic)
    pressed = query.data
    subscribe, unsubscribe = t(lang, "🔔 Subscribe"), t(lang, "🔕 Unsubscribe")
    rows: list[list[tuple[str, str]]] = []
    for row in markup.inline_keyboard:
        out: list[tuple[str, str]] = []
        for button in row:
            label, data = button.text, button.callback_data or ""
            if data == pressed:
                if label.startswith("✅ "):  # a toggle that was on
                    label, data = label.removeprefix("✅ "), pack("sub", "+", code)
                elif label in (subscribe, unsubscribe):  # a card's button
                    label = unsubscribe if on else subscribe
                    data = pack("sub", "-" if on else "+", code)
                elif data.startswith("sub:+"):  # a toggle that was off
                    label, data = "✅ " + label, pack("sub", "-", code)
                else:
                    continue  # a one-way button has done its job
            out.append((label, data))
        if out:
            rows.append(out)
    try:
        await query.edit_message_reply_markup(reply_markup=keyboard(rows) if rows else None)
    except BadRequest as exc:  # gone, or too old to edit: the answer above said it
        log.info("could not update the buttons in place: %s", exc)


def _leads(update: Update, context: Context) -> list[str]:
    return list(stored_user(update, context).leads or DEFAULT_LEADS)


def _quiet(update: Update, context: Context) -> tuple[str, str]:
    return stored_user(update, context).quiet or DEFAULT_QUIET


async def reminders(update: Update, context: Context) -> None:
    """/reminders: lead times (toggle) and quiet hours (presets); a tap edits it in place."""
    lang = user_lang(update, context)
    leads = _leads(update, context)
    quiet = _quiet(update, context)
    lead_labels = {"14d": t(lang, "2 weeks"), "7d": t(lang, "1 week"), "3d": t(lang, "3 days"),
                   "1d": t(lang, "1 day"), "3h": t(lang, "3 hours"), "1h": t(lang, "1 hour")}
    # A button says what it switches to ("-" off, "+" on), not "toggle": the same tap
    # handled twice (after a restart, or tapped twice on a slow line) ends as meant.
    lead_row = [(("✅ " if k in leads else "") + lead_labels[k],
                 pack("lead", k, "-" if k in leads else "+")) for k in LEADS]
    quiet_row = [(("✅ " if v == quiet else "") + (t(lang, "No quiet hours") if k == "off"
                                                   else f"{v[0]}–{v[1]}"), pack("quiet", k))
                 for k, v in QUIET_PRESETS.items()]
    quiet_text = t(lang, "none") if quiet[0] == quiet[1] else f"{quiet[0]}–{quiet[1]}"
    text = t(lang, "Remind me before each event: tap to switch a lead time on or off. Events "
                   "with no time of day are reminded at 09:00 your time; those known only to "
                   "the month, on the first day of the month before and of the month itself. "
                   "Quiet hours (your time): {quiet}; a reminder due then comes when they end.",
             quiet=quiet_text)
    await edit_or_send(update, text, keyboard=keyboard([lead_row[:3], lead_row[3:],
                                                        quiet_row[:2], quiet_row[2:]]))


async def on_reminder_settings(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    lang = user_lang(update, context)
    head, fields = unpack(query.data)
    value = fields[0] if fields else ""
    if head == "lead" and value in LEADS and fields[1:] in ([], ["+"], ["-"]):
        chosen = set(_leads(update, context))
        # (a button from before the sign was added switches the lead over)
        on = fields[1] == "+" if len(fields) > 1 else value not in chosen
        chosen = chosen | {value} if on else chosen - {value}
        context.store.users.update(update.effective_user.id,
                                  leads=[k for k in LEADS if k in chosen])
    elif head == "quiet" and value in QUIET_PRESETS:
        context.store.users.update(update.effective_user.id, quiet=list(QUIET_PRESETS[value]))
    else:
        await query.answer(t(lang, "This button is no longer valid. Send /start for a fresh "
                                   "menu."))
        return
    await context.store.commit()
    await query.answer(t(lang, "Saved."))
    await reminders(update, context)


async def calendar_command(update: Update, context: Context) -> None:
    """/calendar: an .ics of every upcoming event the user is subscribed to."""
    lang = user_lang(update, context)
    subs = set(subscriptions_of(update, context))
    now = context.now()
    events = [e for e in context.engine.content.events.values()
              if subs & event_topics(e) and e.status != "cancelled"
              and next_occurrence(e, now) is not None]
    if not events or update.effective_chat is None:
        await send_text(update.effective_chat, t(lang, "None of your subscriptions has an "
                                                       "upcoming event. Send /subscribe."))
        return
    data = calendar([occurrences(e)[0] for e in events], lang, now, whole_series=True,
                    month_note=t(lang, "Only the month is known; the exact day has not been "
                                       "announced."), tba=t(lang, "date to be announced"))
    await update.effective_chat.send_document(
        InputFile(data, filename="partnerbot.ics"),
        caption=tn(lang, "{n} event for your calendar app.", "{n} events for your calendar app.",
                   len(events)))


async def on_reminder_button(update: Update, context: Context) -> None:
    """Buttons under a reminder: add to calendar, mute, done (submitted / not applying)."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    lang = user_lang(update, context)
    head, fields = unpack(query.data)
    content = context.engine.content
    code = fields[0] if fields else ""
    # Buttons made before short ids carried the event's slug: they still work.
    event_id = item_of(content, code) or f"event:{code}"
    event = content.events.get(event_id)
    if event is None:
        await query.answer(t(lang, "This event is no longer in the calendar."))
        return
    if head == "ics":
        await query.answer()
        # The occurrence the reminder was about (a monthly meeting's December, not the
        # next one after today), when the button names it.
        stamp = fields[1] if len(fields) > 1 else None
        occ = next((o for o in occurrences(event) if occurrence_stamp(o) == stamp), None) \
            or next_occurrence(event, context.now()) or occurrences(event)[-1]
        data = calendar([occ], lang, context.now(), month_note=t(
            lang, "Only the month is known; the exact day has not been announced."),
            tba=t(lang, "date to be announced"))
        assert update.effective_chat is not None
        slug = event.id.split(":", 1)[1]
        await update.effective_chat.send_document(InputFile(data, filename=f"{slug}.ics"))
        return
    stored = stored_user(update, context)
    field = "muted" if head == "mute" else "done"
    values = list(stored.muted if head == "mute" else stored.done)
    if event.id not in values:
        values.append(event.id)
    context.store.users.update(update.effective_user.id, **{field: values})
    await context.store.commit()
    await query.answer(t(lang, "No more reminders for this event.") if head == "mute"
                       else t(lang, "Noted: no more reminders for this deadline."))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("subscribe", subscribe))
    app.add_handler(CommandHandler("subscriptions", subscriptions))
    app.add_handler(CommandHandler("unsubscribe", unsubscribe))
    app.add_handler(CommandHandler("reminders", reminders))
    app.add_handler(CommandHandler("calendar", calendar_command))
    app.add_handler(CallbackQueryHandler(on_subscription_button, pattern=pattern("sub")))
    app.add_handler(CallbackQueryHandler(on_unsubscribe_all,
                                         pattern=pattern("unsuball", fields="(yes|no)$")))
    app.add_handler(CallbackQueryHandler(on_reminder_settings, pattern=pattern("lead", "quiet")))
    app.add_handler(CallbackQueryHandler(on_reminder_button,
                                         pattern=pattern("ics", "mute", "done")))
