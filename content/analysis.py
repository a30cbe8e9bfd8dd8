"""Turn a question into what it mentions and what it asks: language, entities, cues, intent."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from content.langdetect import detect_language
from content.matching import INTENT_CUES, KIND_MATCHER, AliasIndex, find_mentions
from content.models import PROGRAMME_FACTS
from content.normalize import tokens

# Longer questions are analysed on their beginning only: enough for any real
# question, and it bounds the cost of a pasted document.
MAX_QUESTION_CHARS = 400


@dataclass
class Analysis:
    lang: str
    toks: list[str]
    programmes: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    cues: set[str] = field(default_factory=set)
    kinds: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    event_scores: dict[str, float] = field(default_factory=dict)
    intent: str = "unknown"

    def clone(self) -> Analysis:
        """A copy whose lists and sets can be changed without touching the cached one."""
        return replace(self, toks=list(self.toks), programmes=list(self.programmes),
                       cities=list(self.cities), organisations=list(self.organisations),
                       people=list(self.people), events=list(self.events),
                       countries=list(self.countries), cues=set(self.cues),
                       kinds=list(self.kinds), facts=list(self.facts),
                       event_scores=dict(self.event_scores))

    @property
    def names(self) -> bool:
        """Whether any entity at all was recognised."""
        return bool(self.programmes or self.cities or self.organisations or self.people
                    or self.events or self.countries)


_BUCKETS = {
    "programme": "programmes",
    "city": "cities",
    "org": "organisations",
    "person": "people",
    "event": "events",
    "country": "countries",
}


def analyse(question: str, index: AliasIndex, prior: str | None = None) -> Analysis:
    """What the question mentions and asks; a fresh copy the caller may change."""
    return _analyse(question[:MAX_QUESTION_CHARS], index, prior).clone()


@lru_cache(maxsize=4096)
def _analyse(text: str, index: AliasIndex, prior: str | None) -> Analysis:
    """Cached: the analysis depends on the text, the index and the prior, never on time."""
    lang = detect_language(text, prior)
    toks = tokens(text)
    a = Analysis(lang=lang, toks=toks)
    name_tokens: set[int] = set()
    for m in find_mentions(index, toks):
        for entity_id in m.ids:
            bucket = getattr(a, _BUCKETS[entity_id.split(":", 1)[0]])
            if entity_id not in bucket:
                bucket.append(entity_id)
            if entity_id.startswith("event:"):
                # How much of the question names this event: longer, exact spans weigh more.
                score = (m.end - m.start) - 0.5 * m.distance
                a.event_scores[entity_id] = a.event_scores.get(entity_id, 0) + score
        if not m.ids[0].startswith("event:"):
            name_tokens.update(range(m.start, m.end))

    def outside_names(spans: list[tuple[int, int]]) -> bool:
        return any(name_tokens.isdisjoint(range(s, e)) for s, e in spans)

    for cue, spans in INTENT_CUES.find(toks).items():
        if outside_names(spans):
            a.cues.add(cue)
    for kind, spans in sorted(KIND_MATCHER.find(toks).items(), key=lambda kv: kv[1][0]):
        if outside_names(spans):
            a.kinds.append(kind)
    a.facts = [f for f in PROGRAMME_FACTS if f"fact_{f}" in a.cues]
    a.intent = _classify(a)
    return a


def _classify(a: Analysis) -> str:
    """Pick the intent; the order encodes which reading wins when cues overlap."""
    cues = a.cues
    if not a.toks:
        return "help"
    if not a.names:
        if "help" in cues:
            return "help"
        if "greeting" in cues and not (a.kinds or a.facts or cues & {"when", "next", "partner",
                                                                        "pairs", "programmes"}):
            return "greeting"
        if "programmes" in cues and not a.kinds:
            return "programme_list"
    if "fact_partner_countries" in cues and a.programmes and not a.cities:
        return "programme_fact"
    if "pairs" in cues and not a.cities:
        return "pairs_list"
    if "partner" in cues and a.cities:
        return "city_partner"
    if "partner" in cues and not (a.events or a.kinds or a.organisations or a.people):
        return "pairs_list"
    if "time_left" in cues and (a.events or a.kinds or "fact_how_to_apply" in cues):
        return "time_left"
    timing = cues & {"when", "next", "time_left"}
    if "fact_how_to_apply" in cues and a.programmes and not timing and "deadline" not in a.kinds:
        return "programme_fact"
    if a.events and "next" not in cues:
        return "event_when"
    if timing or a.kinds:
        wants_deadline = a.kinds[:1] == ["deadline"] or (
            "when" in cues and "fact_how_to_apply" in cues and not a.kinds)
        if wants_deadline:
            return "next_deadline"
        if "next" in cues:
            return "next_event"
        if "when" in cues and (a.kinds or a.cities or a.organisations):
            return "event_when"
        if a.kinds:
            return "next_event"
    if a.facts and a.programmes:
        return "programme_fact"
    if a.people:
        return "person"
    if a.organisations:
        return "organisation"
    if a.facts and not (a.cities or a.countries) and set(a.facts) - {"figures", "duration"}:
        return "programme_fact"
    if a.cities:
        return "city_card"
    if a.programmes:
        return "programme_overview"
    if "programmes" in cues:
        return "programme_list"
    if "help" in cues:
        return "help"
    if "greeting" in cues and len(a.toks) <= 4:
        return "greeting"
    return "unknown"
