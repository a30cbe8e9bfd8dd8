"""The words of a reminder: event, date in the reader's zone, what to do, and buttons."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_time

from content.langs import babel_locale
from content.live import LiveContent
from content.qa import Engine
from content.timing import Occurrence, format_when, relative, zone
from handlers.callbacks import pack, short_id
from handlers.i18n import t
from handlers.subscriptions import encode_topic, topic_label_for
from scheduler.ics import occurrence_stamp
from scheduler.plan import Slot
from scheduler.reminders import Subscriber, event_topics
from scheduler.sender import Message


class ReminderTexts:
    """Renders reminders and cancellation notices for one content store."""

    def __init__(self, source: Engine | LiveContent) -> None:
        self.source = source

    @property
    def engine(self) -> Engine:
        """The live engine in the bot (swapped on reload), or a fixed one."""
        source = self.source
        return source.engine if isinstance(source, LiveContent) else source

    def paired_times(self, occ: Occurrence, lang: str) -> str | None:
        """'10:00 Sofia / 17:00 Sejong' for exact events between paired cities."""
        event = occ.event
        if event.precision != "exact":
            return None
        content = self.engine.content
        for pair in content.pairs:
            if pair.status == "confirmed" and set(pair.cities) <= set(event.cities):
                parts = []
                for city_id in pair.cities:
                    city = content.cities[city_id]
                    local = occ.begins.astimezone(zone(city.zone))
                    clock = format_time(local, "HH:mm", locale=babel_locale(lang))
                    parts.append(f"{clock} {city.name[lang]}")
                return " / ".join(parts)
        return None

    def render(self, sub: Subscriber, slot: Slot, now: datetime) -> Message:
        occ, lang = slot.occurrence, sub.lang
        event = occ.event
        when = format_when(occ, lang, sub.zone)
        rel = relative(occ, now, lang, sub.zone) or t(lang, "today")
        lines = [t(lang, "⏰ Reminder: {title}", title=event.name[lang]),
                 t(lang, "{date} ({relative})", date=when, relative=rel)]
        paired = self.paired_times(occ, lang)
        if paired:
            lines.append(paired)
        if event.kind == "deadline":
            how = self.engine.content.programmes[event.programme].facts.get("how_to_apply")
            if how:
                lines.append(t(lang, "How to apply: {text}", text=how[lang]))
        if event.link:
            lines.append(t(lang, "More: {link}", link=event.link))
        code = short_id(event.id)
        # A series' button names the occurrence reminded of, so its file holds that one.
        ics = pack("ics", code, occurrence_stamp(occ)) if event.recurrence else pack("ics", code)
        rows: list[tuple[tuple[str, str], ...]] = [
            ((t(lang, "📅 Add to calendar"), ics),
             (t(lang, "🔕 Mute this event"), pack("mute", code))),
        ]
        if event.kind == "deadline":
            rows.append(((t(lang, "✅ Submitted"), pack("done", code)),
                         (t(lang, "Not applying"), pack("done", code))))
        topic = next((tp for tp in sub.topics if tp in event_topics(event)), None)
        if topic is not None:
            label = topic_label_for(lang, topic, self.engine.content)
            rows.append(((t(lang, "Unsubscribe from {topic}", topic=label),
                          pack("sub", "-", encode_topic(topic))),))
        return Message(sub.user_id, "\n".join(lines), tuple(rows))

    def render_moved(self, sub: Subscriber, occ: Occurrence, now: datetime) -> Message:
        lang = sub.lang
        when = format_when(occ, lang, sub.zone)
        rel = relative(occ, now, lang, sub.zone) or t(lang, "today")
        return Message(sub.user_id, t(lang, "📅 Moved: {title} is now {date} ({relative}).",
                                      title=occ.event.name[lang], date=when, relative=rel),
                       (((t(lang, "📅 Add to calendar"), pack("ics", short_id(occ.event.id))),),))

    def render_cancel(self, sub: Subscriber, occ: Occurrence, now: datetime) -> Message:
        lang = sub.lang
        when = format_when(occ, lang, sub.zone)
        return Message(sub.user_id, t(lang, "❌ Cancelled: {title} ({date}). You had a reminder "
                                            "for it.", title=occ.event.name[lang], date=when))
