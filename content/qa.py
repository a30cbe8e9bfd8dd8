"""The question-answering engine: analyse a question, compose the reply.

Replies are built from gettext templates (``content.i18n.T``) filled with
content text in the reader's language, dates formatted with babel in the
reader's locale and zone, and end with where the facts come from. Nothing is
ever invented: a fact the content lacks is reported as unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from content.analysis import Analysis, analyse
from content.i18n import N_, T
from content.langs import DEFAULT_ZONES
from content.matching import build_index
from content.models import Content, Event, Item, Pair
from content.timing import (
    Occurrence,
    duration_left,
    format_day,
    format_when,
    next_occurrence,
    occurrences,
    relative,
    relevant_occurrence,
)

MAX_LISTED = 5


@dataclass
class Answer:
    lang: str
    intent: str
    text: str
    refs: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"lang": self.lang, "intent": self.intent, "answer": self.text, "refs": self.refs}


# Labels are looked up through T() at run time; listing them here marks them
# for extraction into the catalogs.
def _fact_label(lang: str, fact: str) -> str:
    labels = {
        "funder": T(lang, "Funding"),
        "manager": T(lang, "Management"),
        "aims": T(lang, "Aims"),
        "topics": T(lang, "Topics"),
        "figures": T(lang, "Key figures"),
        "duration": T(lang, "Duration"),
        "partner_countries": T(lang, "Partner countries"),
        "how_to_apply": T(lang, "How to apply"),
    }
    return labels[fact]


def _kind_plural(lang: str, kind: str | None) -> str:
    labels = {
        "meeting": T(lang, "meetings"),
        "webinar": T(lang, "webinars"),
        "deadline": T(lang, "deadlines"),
        "study_visit": T(lang, "study visits"),
        "conference": T(lang, "conferences"),
        "milestone": T(lang, "milestones"),
        None: T(lang, "events"),
    }
    return labels[kind]


def _recurrence_label(lang: str, rule: str) -> str:
    freq = dict(part.split("=", 1) for part in rule.split(";") if "=" in part).get("FREQ")
    labels = {
        "DAILY": T(lang, "every day"),
        "WEEKLY": T(lang, "every week"),
        "MONTHLY": T(lang, "every month"),
        "YEARLY": T(lang, "every year"),
    }
    return labels.get(freq or "", T(lang, "regularly"))


class Engine:
    """Answers questions from one validated content store."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.index = build_index(content)

    # -- entry point --------------------------------------------------------

    def answer(self, question: str, now: datetime, lang: str | None = None,
               reader_zone: str | None = None) -> Answer:
        """Answer ``question`` as of ``now`` (aware); ``lang`` is a prior, not an order."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        a = analyse(question, self.index, prior=lang)
        zone = reader_zone or DEFAULT_ZONES[a.lang]
        handler = getattr(self, f"_{a.intent}")
        text, refs = handler(a, now, zone)
        return Answer(a.lang, a.intent, text, refs)

    def compose(self, intent: str, lang: str, now: datetime, reader_zone: str | None = None,
                **entities: list[str]) -> Answer:
        """Answer a known intent about known ids, as buttons and deep links ask."""
        a = Analysis(lang=lang, toks=[], intent=intent, **entities)
        text, refs = getattr(self, f"_{intent}")(a, now, reader_zone or DEFAULT_ZONES[lang])
        return Answer(lang, intent, text, refs)

    def upcoming(self, now: datetime, kind: str | None = None,
                 programme: str | None = None) -> list[Occurrence]:
        """Current and future occurrences, soonest first (cancelled events left out)."""
        found = []
        for ev in self.content.events.values():
            if ev.status == "cancelled" or (kind and ev.kind != kind) or (
                    programme and ev.programme != programme):
                continue
            occ = next_occurrence(ev, now)
            if occ is not None:
                found.append(occ)
        return sorted(found, key=lambda o: (o.begins, o.event.id))

    def describe(self, occ: Occurrence, lang: str, now: datetime, reader_zone: str) -> str:
        """One sentence on when an occurrence is, for calendar pages."""
        return self._describe_occurrence(lang, occ, now, reader_zone)

    def timeline(self, programme: str, lang: str, now: datetime, reader_zone: str) -> str:
        """Every event of a programme in time order, past and future."""
        events = sorted((e for e in self.content.events.values() if e.programme == programme),
                        key=lambda e: occurrences(e)[0].begins)
        lines = [f"• {self._event_sentence(lang, e, now, reader_zone)}" for e in events]
        prog = self.content.programmes[programme]
        return self._with_source(lang, "\n".join(lines), prog)

    # -- shared pieces ------------------------------------------------------

    def _source_line(self, lang: str, item: Item | Pair) -> str:
        source = self.content.sources[item.sources[0]]
        publisher = source.publisher[lang]
        if source.published is None:
            cited = T(lang, "{publisher} (undated)", publisher=publisher)
        else:
            when = format_day(source.published, lang)
            cited = T(lang, "{publisher}, {date}", publisher=publisher, date=when)
        return T(lang, "Source: {source} · checked {date}", source=cited,
                 date=format_day(item.updated, lang))

    def _with_source(self, lang: str, body: str, item: Item | Pair) -> str:
        return f"{body}\n\n{self._source_line(lang, item)}"

    def _city_name(self, lang: str, city_id: str) -> str:
        return self.content.cities[city_id].name[lang]

    def _country_name(self, lang: str, code: str) -> str:
        return self.content.countries[code].name[lang]

    def _describe_occurrence(self, lang: str, occ: Occurrence, now: datetime, zone: str) -> str:
        """One sentence saying when an occurrence is or was, relative to now."""
        ev = occ.event
        title = ev.name[lang]
        if ev.status == "cancelled":
            return T(lang, "{title} has been cancelled.", title=title)
        when = format_when(occ, lang, zone)
        rel = relative(occ, now, lang, zone)
        status = occ.status(now)
        month = ev.precision == "month"
        if ev.kind == "deadline":
            if status == "past":
                return T(lang, "{title}: closed on {date} ({relative}).", title=title, date=when,
                         relative=rel or T(lang, "today"))
            if rel is None:
                return T(lang, "{title}: closes today, {date}.", title=title, date=when)
            return T(lang, "{title}: open until {date} ({relative}).", title=title, date=when,
                     relative=rel)
        if status == "ongoing" and month and occ.end in (None, occ.start):
            return T(lang, "{title}: this month ({date}); the exact date has not been announced.",
                     title=title, date=when)
        if status == "ongoing":
            return T(lang, "{title}: under way now ({date}).", title=title, date=when)
        if status == "past":
            template = (N_("{title} took place in {date} ({relative}).") if month
                        else N_("{title} took place on {date} ({relative})."))
            return T(lang, template, title=title, date=when, relative=rel or T(lang, "today"))
        if month:
            return T(lang, "{title} is planned for {date} ({relative}); the exact date has not "
                           "been announced.", title=title, date=when,
                     relative=rel or T(lang, "this month"))
        return T(lang, "{title} will take place on {date} ({relative}).", title=title, date=when,
                 relative=rel or T(lang, "today"))

    def _event_sentence(self, lang: str, ev: Event, now: datetime, zone: str) -> str:
        occ = relevant_occurrence(ev, now)
        text = self._describe_occurrence(lang, occ, now, zone)
        if ev.recurrence:
            first = occurrences(ev)[0]
            head = T(lang, "{title} recurs {rule}, since {first}.", title=ev.name[lang],
                     rule=_recurrence_label(lang, ev.recurrence),
                     first=format_when(first, lang, zone))
            text = _sentences(lang, head, text)
        return text

    def _candidate_events(self, a: Analysis) -> list[Event]:
        """Events that fit what the question names: explicit events, else filters."""
        events = self.content.events
        if a.events:
            chosen = [events[e] for e in a.events]
            narrowed = [e for e in chosen if not a.programmes or e.programme in a.programmes]
            if narrowed or not a.programmes:
                return narrowed or chosen
            # The named event belongs to another programme: look in the one asked about.
            return self._filtered(a, events.values()) or chosen
        return self._filtered(a, events.values())

    @staticmethod
    def _filtered(a: Analysis, events: Iterable[Event]) -> list[Event]:
        out = []
        for ev in events:
            if a.kinds and ev.kind not in a.kinds:
                continue
            if a.programmes and ev.programme not in a.programmes:
                continue
            if a.cities and not set(a.cities) & set(ev.cities):
                continue
            if a.organisations and not set(a.organisations) & set(ev.organisers):
                continue
            out.append(ev)
        return out

    def _rank(self, a: Analysis, events: list[Event], now: datetime) -> list[Event]:
        """Most specific first, then the upcoming one soonest, then the latest past."""
        def key(ev: Event) -> tuple[float, float, int, float]:
            named = a.event_scores.get(ev.id, 0.0)
            specificity = len(set(a.cities) & set(ev.cities)) - 0.1 * len(
                set(ev.cities) - set(a.cities)) if a.cities else 0.0
            occ = relevant_occurrence(ev, now)
            upcoming = occ.status(now) != "past"
            distance = abs((occ.due - now).total_seconds())
            return (-named, -specificity, 0 if upcoming else 1, distance)
        ranked = sorted(events, key=key)
        ordinal = 0 if "first" in a.cues else 1 if "second" in a.cues else None
        if ordinal is not None and not a.events and len(ranked) > ordinal:
            # "the second study visit": count in time order, not by relevance.
            in_time = sorted(ranked, key=lambda e: occurrences(e)[0].begins)
            ranked = [in_time[ordinal]] + [e for e in ranked if e is not in_time[ordinal]]
        return ranked

    # -- intents ------------------------------------------------------------

    def _greeting(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        body = T(lang, "Hello! I answer questions about the city-cooperation programmes "
                       "IURC, ICC, ICP and DCC: partner cities, meetings, webinars, study visits "
                       "and deadlines.")
        return body + "\n" + self._examples(lang), []

    def _examples(self, lang: str) -> str:
        lines = [
            T(lang, "Who is Sofia's partner city?"),
            T(lang, "What is IURC?"),
            T(lang, "When is the next deadline?"),
            T(lang, "Who funds ICP?"),
            T(lang, "Which city pairs are there?"),
            T(lang, "When was the CityNet webinar?"),
        ]
        return T(lang, "You can ask, for example:") + "\n" + "\n".join(f"• {x}" for x in lines)

    def _help(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        body = T(lang, "Ask me in English, Bulgarian, Catalan, Spanish, Korean or Chinese about "
                       "programmes, partner cities, meetings, webinars, study visits and "
                       "deadlines.")
        return body + "\n" + self._examples(lang), []

    def _unknown(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        body = T(lang, "I have no answer to that in my sources.")
        return body + "\n" + self._examples(lang), []

    def _programme_list(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        progs = list(self.content.programmes.values())
        lines = [f"• {p.name[lang]}" for p in progs]
        body = T(lang, "Programmes I can tell you about:") + "\n" + "\n".join(lines)
        return self._with_source(lang, body, progs[0]), [p.id for p in progs]

    def _programme_overview(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        prog = self.content.programmes[a.programmes[0]]
        body = f"{prog.name[lang]}\n{prog.summary[lang]}"
        known = [_fact_label(lang, f) for f in prog.facts]
        if known:
            body += "\n" + T(lang, "Ask me about: {topics}.", topics=", ".join(known))
        return self._with_source(lang, body, prog), [prog.id]

    def _programme_fact(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        programmes = a.programmes or list(self.content.programmes)
        facts = a.facts[:2]
        parts: list[str] = []
        refs: list[str] = []
        first_item = None
        for pid in programmes:
            prog = self.content.programmes[pid]
            for fact in facts:
                text = prog.facts.get(fact)
                label = _fact_label(lang, fact)
                if text is None:
                    if a.programmes:
                        parts.append(T(lang, "{programme} — {label}: my sources have no "
                                             "information on this.",
                                       programme=prog.acronym, label=label))
                        refs.append(prog.id)
                        first_item = first_item or prog
                    continue
                parts.append(T(lang, "{programme} — {label}: {text}", programme=prog.name[lang]
                               if a.programmes else prog.acronym, label=label, text=text[lang]))
                refs.append(prog.id)
                first_item = first_item or prog
                if fact == "funder":
                    refs.extend(prog.funder_refs)
                if fact == "manager":
                    refs.extend(prog.manager_refs)
        if first_item is None:
            return self._unknown(a, now, zone)
        return self._with_source(lang, "\n\n".join(parts), first_item), _unique(refs)

    def _city_partner(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        """Partners of the named cities; with two cities, also whether they are paired."""
        lang = a.lang
        lines: list[str] = []
        refs: list[str] = []
        first_pair: Pair | None = None
        for city_id in a.cities[:2]:
            pairs = self._city_pairs(a, city_id)
            refs.append(city_id)
            if not pairs and (city_id == a.cities[0] or len(a.cities) == 1):
                lines.append(T(lang, "My sources name no partner city for {city}.",
                               city=self._city_name(lang, city_id)))
            for pair in pairs:
                lines.append(self._pair_line(lang, pair, city_id))
                refs.extend([pair.programme, *pair.cities])
                first_pair = first_pair or pair
        if len(a.cities) >= 2:
            # "Is Seoul Sofia's partner?": the first city named is the one asked about.
            asked, owner = a.cities[0], a.cities[1]
            if not any(owner in p.cities for p in self.content.pairs_of(asked)):
                lines.append(T(lang, "{other} is not {city}'s partner city.",
                               other=self._city_name(lang, asked),
                               city=self._city_name(lang, owner)))
        item: Item | Pair = first_pair or self.content.cities[a.cities[0]]
        return self._with_source(lang, "\n".join(lines), item), _unique(refs)

    def _city_pairs(self, a: Analysis, city_id: str) -> list[Pair]:
        pairs = [p for p in self.content.pairs_of(city_id)
                 if not a.programmes or p.programme in a.programmes]
        if a.countries:
            wanted = {c.split(":", 1)[1] for c in a.countries}
            in_country = [p for p in pairs if self._partner_country(p, city_id) in wanted]
            pairs = in_country or pairs
        return pairs

    def _pair_line(self, lang: str, pair: Pair, city_id: str) -> str:
        content = self.content
        city = self._city_name(lang, city_id)
        prog = content.programmes[pair.programme].acronym
        if pair.status == "pending":
            line = T(lang, "{city}'s partner city in {country} ({programme}) has not been "
                           "announced yet.", city=city, programme=prog,
                     country=self._country_name(lang, pair.partner_country or ""))
            return _sentences(lang, line, pair.note[lang]) if pair.note else line
        partner = content.cities[next(c for c in pair.cities if c != city_id)]
        return T(lang, "{city}'s partner city in {programme} is {partner} ({country}).",
                 city=city, programme=prog, partner=partner.name[lang],
                 country=self._country_name(lang, partner.country))

    def _partner_country(self, pair: Pair, city_id: str) -> str | None:
        if pair.status == "pending":
            return pair.partner_country
        partner = next((c for c in pair.cities if c != city_id), None)
        return self.content.cities[partner].country if partner else None

    def _pairs_list(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        content = self.content
        pairs = [p for p in content.pairs if not a.programmes or p.programme in a.programmes]
        if not pairs:
            prog = content.programmes[a.programmes[0]]
            body = T(lang, "{programme} does not pair cities in my sources.",
                     programme=prog.name[lang])
            return self._with_source(lang, body, prog), [prog.id]
        lines: list[str] = []
        refs: list[str] = []
        for prog_id in _unique([p.programme for p in pairs]):
            lines.append(T(lang, "City pairs in {programme}:",
                           programme=content.programmes[prog_id].acronym))
            refs.append(prog_id)
            for pair in (p for p in pairs if p.programme == prog_id):
                refs.extend(pair.cities)
                names = [self._city_name(lang, c) for c in pair.cities]
                if pair.status == "pending":
                    lines.append("• " + T(lang, "{city} – partner in {country} not yet announced",
                                          city=names[0], country=self._country_name(
                                              lang, pair.partner_country or "")))
                else:
                    lines.append(f"• {names[0]} – {names[1]}")
        return self._with_source(lang, "\n".join(lines), pairs[0]), _unique(refs)

    def _city_card(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        city = self.content.cities[a.cities[0]]
        country = self._country_name(lang, city.country)
        body = f"{city.name[lang]} ({country})\n{city.summary[lang]}"
        programmes = [self.content.programmes[r.programme].acronym for r in city.roles]
        if programmes:
            body += "\n" + T(lang, "Programmes: {programmes}", programmes=", ".join(programmes))
        refs = [city.id, *(r.programme for r in city.roles)]
        return self._with_source(lang, body, city), _unique(refs)

    def _organisation(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        org = self.content.organisations[a.organisations[0]]
        return self._with_source(lang, f"{org.name[lang]}\n{org.summary[lang]}", org), [org.id]

    def _person(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        person = self.content.people[a.people[0]]
        body = f"{person.name[lang]} — {person.role[lang]}\n{person.summary[lang]}"
        return self._with_source(lang, body, person), [person.id]

    def _event_when(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        candidates = self._rank(a, self._candidate_events(a), now)
        if not candidates:
            return self._no_events(a, now, zone)
        ev = candidates[0]
        body = self._event_sentence(a.lang, ev, now, zone)
        return self._with_source(a.lang, body, ev), [ev.id]

    def _next_event(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        return self._upcoming(a, now, zone, a.kinds[0] if a.kinds else None)

    def _next_deadline(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        a.kinds = ["deadline"]
        return self._upcoming(a, now, zone, "deadline")

    def _upcoming(self, a: Analysis, now: datetime, zone: str,
                  kind: str | None) -> tuple[str, list[str]]:
        lang = a.lang
        events = [e for e in self._candidate_events(a) if e.status != "cancelled"]
        coming: list[Occurrence] = []
        for ev in events:
            occ = next_occurrence(ev, now)
            if occ is not None:
                coming.append(occ)
        coming.sort(key=lambda o: (o.begins, o.event.id))
        if coming:
            lines = [self._describe_occurrence(lang, o, now, zone) for o in coming[:MAX_LISTED]]
            head = T(lang, "Upcoming {kinds}:", kinds=_kind_plural(lang, kind))
            body = head + "\n" + "\n".join(f"• {x}" for x in lines)
            return self._with_source(lang, body, coming[0].event), [o.event.id for o in
                                                                    coming[:MAX_LISTED]]
        return self._no_events(a, now, zone, kind, events)

    def _no_events(self, a: Analysis, now: datetime, zone: str, kind: str | None = None,
                   events: list[Event] | None = None) -> tuple[str, list[str]]:
        lang = a.lang
        events = events if events is not None else self._candidate_events(a)
        body = T(lang, "There are no upcoming {kinds} in my calendar.",
                 kinds=_kind_plural(lang, kind))
        past = sorted((relevant_occurrence(e, now) for e in events), key=lambda o: o.due)
        if not past:
            return body, []
        last = past[-1]
        body += "\n" + _sentences(lang, T(lang, "The most recent one:"),
                                  self._describe_occurrence(lang, last, now, zone))
        return self._with_source(lang, body, last.event), [last.event.id]

    def _time_left(self, a: Analysis, now: datetime, zone: str) -> tuple[str, list[str]]:
        lang = a.lang
        if not a.kinds and not a.events:
            a.kinds = ["deadline"]
        candidates = self._rank(a, self._candidate_events(a), now)
        if not candidates:
            return self._no_events(a, now, zone, a.kinds[0] if a.kinds else None)
        ev = candidates[0]
        occ = relevant_occurrence(ev, now)
        title = ev.name[lang]
        when = format_when(occ, lang, zone)
        if occ.status(now) == "past":
            rel = relative(occ, now, lang, zone) or T(lang, "today")
            verb = (N_("{title}: closed on {date} ({relative}).") if ev.kind == "deadline"
                    else N_("{title} took place on {date} ({relative})."))
            if ev.kind != "deadline" and ev.precision == "month":
                verb = N_("{title} took place in {date} ({relative}).")
            body = T(lang, verb, title=title, date=when, relative=rel)
        else:
            left = duration_left(occ, now, lang, zone)
            if left is None:
                body = T(lang, "{title}: today, {date}.", title=title, date=when)
            else:
                body = T(lang, "{title}: {duration} left ({date}).", title=title, duration=left,
                         date=when)
        return self._with_source(lang, body, ev), [ev.id]


def _sentences(lang: str, *parts: str) -> str:
    """Join sentences the way the language does: Chinese runs them together."""
    return ("" if lang == "zh" else " ").join(parts)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
