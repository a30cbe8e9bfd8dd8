"""Programme and city cards, the calendar and deadlines, browsed with buttons."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from content.models import PROGRAMME_FACTS
from handlers.callbacks import pack, pattern
from handlers.common import edit_or_send, keyboard, user_lang, user_zone
from handlers.i18n import t
from handlers.services import Context
from handlers.subscriptions import subscribe_button, subscriptions_of

PAGE_SIZE = 5


def _slug(item_id: str) -> str:
    return item_id.split(":", 1)[1]


def programme_buttons(context: Context, lang: str, prog_id: str,
                      subscribed: bool) -> InlineKeyboardMarkup:
    slug = _slug(prog_id)
    return keyboard([
        [(t(lang, "Overview"), pack("p", slug)), (t(lang, "Cities"), pack("pc", slug))],
        [(t(lang, "Timeline"), pack("pt", slug)),
         (t(lang, "How to apply"), pack("pf", slug, "how_to_apply"))],
        [subscribe_button(lang, prog_id, subscribed),
         (t(lang, "« Programmes"), pack("m", "programmes"))],
    ])


def city_buttons(context: Context, lang: str, city_id: str,
                 subscribed: bool) -> InlineKeyboardMarkup:
    city = context.engine.content.cities[city_id]
    rows = [[(context.engine.content.programmes[r.programme].acronym, pack("p", _slug(r.programme)))
             for r in city.roles]]
    partners = [c for p in context.engine.content.pairs_of(city_id) for c in p.cities
                if c != city_id]
    if partners:
        rows.append([(context.engine.content.cities[c].name[lang], pack("c", _slug(c)))
                     for c in partners])
    rows.append([subscribe_button(lang, city_id, subscribed),
                 (t(lang, "« Cities"), pack("m", "cities"))])
    return keyboard(rows)


async def show_programmes(update: Update, context: Context) -> None:
    """/programmes: one button per programme."""
    lang = user_lang(update, context)
    progs = context.engine.content.programmes.values()
    await edit_or_send(update, t(lang, "Choose a programme:"), keyboard=keyboard(
        [[(p.name[lang], pack("p", _slug(p.id)))] for p in progs]))


async def show_cities(update: Update, context: Context) -> None:
    """/cities: one button per city, two per row."""
    lang = user_lang(update, context)
    cities = sorted(context.engine.content.cities.values(), key=lambda c: c.name[lang])
    buttons = [(c.name[lang], pack("c", _slug(c.id))) for c in cities]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    await edit_or_send(update, t(lang, "Choose a city:"), keyboard=keyboard(rows))


async def send_programme(update: Update, context: Context, lang: str, prog_id: str,
                         view: str, fact: str | None = None) -> None:
    engine = context.engine
    now, zone = context.now(), user_zone(update, context, lang)
    if view == "overview":
        text = engine.compose("programme_overview", lang, now, zone, programmes=[prog_id]).text
    elif view == "fact":
        text = engine.compose("programme_fact", lang, now, zone, programmes=[prog_id],
                              facts=[fact or "how_to_apply"]).text
    elif view == "cities":
        text = engine.compose("pairs_list", lang, now, zone, programmes=[prog_id]).text
        members = [c.name[lang] for c in engine.content.cities.values()
                   if any(r.programme == prog_id for r in c.roles)]
        if members:
            text = t(lang, "Cities in my sources: {cities}", cities=", ".join(members)) + \
                "\n\n" + text
    else:
        text = engine.timeline(prog_id, lang, now, zone)
    subscribed = prog_id in subscriptions_of(update, context)
    await edit_or_send(update, text,
                    keyboard=programme_buttons(context, lang, prog_id, subscribed))


async def send_city(update: Update, context: Context, lang: str, city_id: str) -> None:
    engine = context.engine
    now, zone = context.now(), user_zone(update, context, lang)
    card = engine.compose("city_card", lang, now, zone, cities=[city_id]).text
    partners = engine.compose("city_partner", lang, now, zone, cities=[city_id]).text
    body = card.split("\n\n")[0] + "\n\n" + partners
    subscribed = city_id in subscriptions_of(update, context)
    await edit_or_send(update, body,
                    keyboard=city_buttons(context, lang, city_id, subscribed))


async def send_calendar(update: Update, context: Context, kind: str | None, page: int) -> None:
    """A page of upcoming events (or deadlines), with previous/next buttons."""
    lang = user_lang(update, context)
    engine = context.engine
    now, zone = context.now(), user_zone(update, context, lang)
    occurrences = engine.upcoming(now, kind=kind)
    prefix = "d" if kind == "deadline" else "u"
    if not occurrences:
        intent = "next_deadline" if kind == "deadline" else "next_event"
        await edit_or_send(update, engine.compose(intent, lang, now, zone).text)
        return
    pages = (len(occurrences) + PAGE_SIZE - 1) // PAGE_SIZE
    page = max(0, min(page, pages - 1))
    shown = occurrences[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    title = t(lang, "Deadlines") if kind == "deadline" else t(lang, "Upcoming")
    lines = [f"• {engine.describe(o, lang, now, zone)}" for o in shown]
    text = t(lang, "{title} (page {page} of {pages})", title=title, page=page + 1,
             pages=pages) + "\n" + "\n".join(lines)
    nav = []
    if page > 0:
        nav.append((t(lang, "« Previous"), pack(prefix, page - 1)))
    if page < pages - 1:
        nav.append((t(lang, "Next »"), pack(prefix, page + 1)))
    await edit_or_send(update, text, keyboard=keyboard([nav]) if nav else None)


async def upcoming(update: Update, context: Context) -> None:
    """/upcoming: the next events, paged."""
    await send_calendar(update, context, None, 0)


async def deadlines(update: Update, context: Context) -> None:
    """/deadlines: application cut-offs still open, paged."""
    await send_calendar(update, context, "deadline", 0)


async def on_button(update: Update, context: Context) -> None:
    """Programme, city and calendar buttons; unknown ids are answered as expired."""
    query = update.callback_query
    assert query is not None and query.data is not None
    lang = user_lang(update, context)
    content = context.engine.content
    head, _, rest = query.data.partition(":")
    if head in ("p", "pc", "pt", "pf"):
        slug, _, fact = rest.partition(":")
        prog_id = f"programme:{slug}"
        if prog_id not in content.programmes or (head == "pf" and fact not in PROGRAMME_FACTS):
            await expired(update, context)
            return
        await query.answer()
        view = {"p": "overview", "pc": "cities", "pt": "timeline", "pf": "fact"}[head]
        await send_programme(update, context, lang, prog_id, view, fact or None)
    elif head == "c":
        city_id = f"city:{rest}"
        if city_id not in content.cities:
            await expired(update, context)
            return
        await query.answer()
        await send_city(update, context, lang, city_id)
    elif head in ("u", "d") and rest.isdigit():
        await query.answer()
        await send_calendar(update, context, "deadline" if head == "d" else None, int(rest))
    else:
        await expired(update, context)


async def expired(update: Update, context: Context) -> None:
    """A button from an old message, or data we do not know: say so, change nothing."""
    query = update.callback_query
    if query is None:
        return
    lang = user_lang(update, context)
    await query.answer(t(lang, "This button is no longer valid. Send /start for a fresh menu."),
                       show_alert=False)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("programmes", show_programmes))
    app.add_handler(CommandHandler("cities", show_cities))
    app.add_handler(CommandHandler("upcoming", upcoming))
    app.add_handler(CommandHandler("deadlines", deadlines))
    app.add_handler(CallbackQueryHandler(
        on_button, pattern=pattern("p", "pc", "pt", "pf", "c", "u", "d")))
