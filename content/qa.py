"""The question-answering engine: analyse a question, compose the reply.

Replies are built from gettext templates (``content.i18n.T``) filled with
content text in the reader's language, dates formatted with babel in the
reader's locale and zone, and end with where the facts come from. Nothing is
ever invented: a fact the content lacks is reported as unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from itertools import pairwise

from rapidfuzz import fuzz, process

from content.analysis import Analysis
from content.i18n import N_, NT, T
from content.langs import DEFAULT_LANG, DEFAULT_ZONES
from content.lexicon import (
    AFTER_RUNS,
    AFTER_WORDS,
    BETWEEN_RUNS,
    BETWEEN_WORDS,
    CUES,
    EARLIER_RUNS,
    EARLIER_WORDS,
    NEXT_ONE_RUNS,
    NEXT_ONE_WORDS,
    NOT_YET_RUNS,
    NOT_YET_WORDS,
    SAME_DAY_RUNS,
    SAME_DAY_WORDS,
    TOO_LATE_RUNS,
    TOO_LATE_WORDS,
)
from content.matching import build_index
from content.models import Content, Event, Fact, Item, Pair
from content.normalize import fold, is_han, tokens
from content.ranking import CLASH_PENALTY, Candidate, Question, Ranked, Ranker, numbers_in
from content.timing import (
    Occurrence,
    duration_left,
    format_day,
    format_months,
    format_when,
    next_occurrence,
    occurrences,
    relative,
    relevant_occurrence,
)

MAX_LISTED = 5
_QUESTION_END = re.compile(r"(?<=[?？])(?![?？])")  # split after the marks, keeping them
# "Who organises the webinars and who presented Sofia?": "and" before a question word.
# ("y que facturación…?": Spanish typed without its accent opens a question too)
# Only the words that open a question: the lexicon's question phrases also hold words
# like "date" or "list" that follow "and" inside one question (splitting on all of them
# measured one question worse on each evaluation set).
_QUESTION_WORDS = ("who|when|where|how|what|which|quién|quien|cuándo|cuando|dónde|donde|cómo|que|"
                   "qué|qui|quan|on|com|quin|quina|quins|quines|cuánto|cuánta|cuántos|cuántas|cuanto|"
                   "cuanta|cuantos|cuantas|quant|quanta|quants|quantes|кой|коя|кои|кога|къде|как|"
                   "колко|какво|какви|koy|koi|koga|kade|kak|kolko|kakvo|kakvi")
# (a preposition may come between: "and with which city", "и с кой град", "y de qué país")
_PREPOSITIONS = "with|in|from|for|to|con|en|de|desde|para|amb|per|a|с|в|от|за|на|s|v|ot|za|na"
_AND_ASKS = re.compile(rf"(?:,\s*|\s+)(?:and|y|i|и|e)\s+(?=(?:(?:{_PREPOSITIONS})\s+)?"
                       rf"(?:{_QUESTION_WORDS})\b)",
                       re.IGNORECASE)
# "The date of the kick-off and of the first webinar?": one question word, two things.
# "the kick-off or the launch week", "启动会还是研讨会": two things, one to choose
_OR_NAMES = re.compile(r"\s+(?:or|o|ou|или|vs\.?|versus)\s+|\s*(?:还是|或者|或是)\s*"
                       r"|\s*(?:아니면|또는)\s*", re.IGNORECASE)
_AND_NAMES = re.compile(r"\s+(?:and|y|i|и|e)\s+|\s*(?:和|与|跟|以及)\s*"
                        r"|(?<=[\uac00-\ud7a3])(?:이랑|랑|하고)\s+", re.IGNORECASE)
# "How long after the strategy's approval was Sofia accepted?": what comes before the
# word is one event, what follows it the other
_AFTER_NAMES = re.compile(r"\s+(?:after|before|despu[eé]s de|antes de|despr[eé]s de|abans de|"
                          r"след|преди|sled|predi)\s+",
                          re.IGNORECASE)
_KO_WA = re.compile(r"(?<=[\uac00-\ud7a3])(?:와|과)\s+")
_VERB_PARTS = re.compile(r"\s+(?:was|were|did|came|fue|fueron|va ser|van ser|беше|бяха|"
                         r"beshe|byaha)\s+", re.IGNORECASE)
# A message this long may bury its question among other words (its sentences are read
# one by one when the whole is not answered).
LONG_MESSAGE = 20  # words
_SENTENCE = re.compile(r"(?<=[?？!！.。;；:：])\s+|\s+[—–-]+\s+|\n+|\.{3}|…")
_COMMA = re.compile(r"[,，、]\s*|\s+(?:but|però|pero|но|ama|and|i|y|и)\s+", re.IGNORECASE)
# How close a question must be to a phrasing a coordinator taught (token-sort ratio).
TAUGHT_CUTOFF = 88
OUT_OF_SCOPE = "out_of_scope"  # the answer key of phrasings coordinators declined


class Intent(StrEnum):
    """What kind of reply an answer is; ``ask --json`` reports it."""

    GREETING = "greeting"
    HELP = "help"
    SMALLTALK = "smalltalk"
    UNKNOWN = "unknown"
    FACT = "fact"
    PROGRAMME_LIST = "programme_list"
    PROGRAMME_OVERVIEW = "programme_overview"
    PROGRAMME_FACT = "programme_fact"
    CITY_PARTNER = "city_partner"
    CITY_CARD = "city_card"
    PAIRS_LIST = "pairs_list"
    EVENT_WHEN = "event_when"
    NEXT_EVENT = "next_event"
    NEXT_DEADLINE = "next_deadline"
    TIME_LEFT = "time_left"
    ORGANISATION = "organisation"
    PERSON = "person"


_CARDS = (Intent.PROGRAMME_OVERVIEW, Intent.CITY_CARD, Intent.ORGANISATION, Intent.PERSON)


class Sourced(str):
    """A reply text that knows which part is the body and which the source line."""

    body: str
    source: str

    def __new__(cls, body: str, source: str) -> Sourced:
        made = super().__new__(cls, f"{body}\n\n{source}" if source else body)
        made.body = body
        made.source = source
        return made


@dataclass
class Answer:
    lang: str
    intent: str
    body: str
    refs: list[str] = field(default_factory=list)
    source: str = ""
    key: str | None = None  # which answer this is, for coordinators teaching phrasings

    @classmethod
    def of(cls, lang: str, intent: str, text: str, refs: list[str],
           key: str | None = None) -> Answer:
        if isinstance(text, Sourced):
            return cls(lang, intent, text.body, refs, text.source, key)
        return cls(lang, intent, text, refs, "", key)

    @property
    def text(self) -> str:
        """The whole reply: the answer, then where it comes from."""
        return f"{self.body}\n\n{self.source}" if self.source else self.body

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


# One whole sentence per kind, not a template with the kind put in: the adjective
# agrees with the noun ("Propers webinars", "Properes reunions") in ca, es and bg.
_UPCOMING_HEADINGS: dict[str | None, str] = {
    "meeting": N_("Upcoming meetings:"),
    "webinar": N_("Upcoming webinars:"),
    "deadline": N_("Upcoming deadlines:"),
    "study_visit": N_("Upcoming study visits:"),
    "conference": N_("Upcoming conferences:"),
    "milestone": N_("Upcoming milestones:"),
    None: N_("Upcoming events:"),
}
_NONE_UPCOMING: dict[str | None, str] = {
    "meeting": N_("There are no upcoming meetings in my calendar."),
    "webinar": N_("There are no upcoming webinars in my calendar."),
    "deadline": N_("There are no upcoming deadlines in my calendar."),
    "study_visit": N_("There are no upcoming study visits in my calendar."),
    "conference": N_("There are no upcoming conferences in my calendar."),
    "milestone": N_("There are no upcoming milestones in my calendar."),
    None: N_("There are no upcoming events in my calendar."),
}


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
        self.ranker = Ranker(content, self.index)
        # kind of event -> the facts announcing events of that kind without dates
        self._announcing: dict[str, list[Fact]] = {}
        for fact in content.facts.values():
            for kind in fact.announces:
                self._announcing.setdefault(kind, []).append(fact)
        self._taught = [(" ".join(self.ranker.read(q, None).toks), key)
                        for key, phrasings in content.phrasings.items() for q in phrasings]
        self._taught_texts = [text for text, _ in self._taught]
        # The countries an event's cities are in: "the first meeting with Korea".
        self._event_countries = {ev.id: frozenset(
            f"country:{content.cities[c].country}" for c in ev.cities if c in content.cities)
            for ev in content.events.values()}
        self._intents = {
            Intent.GREETING: self._greeting, Intent.HELP: self._help,
            Intent.UNKNOWN: self._unknown, Intent.PROGRAMME_LIST: self._programme_list,
            Intent.PROGRAMME_OVERVIEW: self._programme_overview,
            Intent.PROGRAMME_FACT: self._programme_fact, Intent.CITY_PARTNER: self._city_partner,
            Intent.CITY_CARD: self._city_card, Intent.PAIRS_LIST: self._pairs_list,
            Intent.EVENT_WHEN: self._event_when, Intent.NEXT_EVENT: self._next_event,
            Intent.NEXT_DEADLINE: self._next_deadline, Intent.TIME_LEFT: self._time_left,
            Intent.ORGANISATION: self._organisation, Intent.PERSON: self._person,
        }

    # -- entry point --------------------------------------------------------

    def answer(self, question: str, now: datetime, lang: str | None = None,
               reader_zone: str | None = None) -> Answer:
        """Answer ``question`` as of ``now`` (aware); ``lang`` is a prior, not an order."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self.ranker.forget()
        q = self.ranker.read(question, lang)
        zone = reader_zone or DEFAULT_ZONES[q.lang]
        if not q.toks:
            return self.compose(Intent.HELP, q.lang if q.text.strip() else lang or DEFAULT_LANG,
                                now, zone)
        if q.smalltalk:
            return self._smalltalk(q, now, zone)
        taught = self._taught_answer(q, now, zone)
        if taught is not None:
            return taught
        if not q.entities and not q.hits and self._asks_help(q):
            return self.compose(Intent.HELP, q.lang, now, zone)
        follows = self._what_follows(q, now, zone)
        if follows is not None:
            return follows
        compared = self._compared(q, now, zone)
        if compared is not None:
            return compared
        apart = self._apart(q, now, zone)
        if apart is not None:
            return apart
        answer = self._best_answer(q, now, zone, whole=True)
        if answer.intent == Intent.UNKNOWN and _words(question) >= LONG_MESSAGE:
            return self._buried_question(q, now, zone) or answer
        return answer

    def _what_follows(self, q: Question, now: datetime, zone: str) -> Answer | None:
        """The event that comes after the one a question names ("What's coming up after
        the kick-off with Sejong?", "ICP 첫 방문 끝나고 그다음엔 뭐였어요?"): the programme's
        next one in the calendar, one with a city of that event first."""
        if q.yesno or q.qtypes - {"what_is", "what_noun", "which", "when", "topic"} or not (
                _says_any(q, AFTER_WORDS, AFTER_RUNS)):
            return None
        named = [self.content.events[e] for e in q.entities if e in self.content.events]
        if named:
            ev = min(named, key=lambda e: (-q.entities[e.id], e.first_day, e.id))
        else:
            # "després de la visita d'abril": the one event of that kind in that month
            kinds = {n.split(":", 1)[1] for n in q.hits if n.startswith("kind:")}
            dated = [e for e in self.content.events.values() if e.kind in kinds and any(
                e.first_day.month == m and y in (None, e.first_day.year)
                for m, y in q.months)]
            if len(dated) != 1:
                return None
            ev = dated[0]
        later = [e for e in self.content.events.values() if e.programme == ev.programme
                 and e.status != "cancelled" and e.first_day > ev.first_day]
        if not later:
            return None
        # (a city the question names first: "after the kick-off with Sejong")
        asked = {c for c in q.entities if c.startswith("city:")} or set(ev.cities)
        shared = [e for e in later if asked & set(e.cities)]
        following = min(shared or later, key=lambda e: (e.first_day, e.id))
        a = self._analysis(q)
        a.events = [following.id]
        text, refs = self._event_when(a, now, zone)
        return Answer.of(q.lang, Intent.EVENT_WHEN, text, self._with_related(refs),
                         f"when:{following.id}")

    def _compared(self, q: Question, now: datetime, zone: str) -> Answer | None:
        """Which of two events came first, or whether they fell on one day ("What came
        first, Sofia joining ICC or the kick-off with Korea?", "启动会和第一场研讨会是同一天
        吗？"): the two dates in order. Each event is the one its side of the "or" or
        "and" names; the question is left to the rest of the engine when a side names
        none, both name the same, or a date known only to the month cannot be ordered."""
        same_day = _says_any(q, SAME_DAY_WORDS, SAME_DAY_RUNS)
        if not same_day and not _says_any(q, EARLIER_WORDS, EARLIER_RUNS):
            return None
        for connector in (_OR_NAMES, _AND_NAMES):
            halves = connector.split(q.text, maxsplit=1)
            if len(halves) == 2:
                events = [self._event_named(self.ranker.read(h, q.lang), now) for h in halves]
                if None not in events:
                    break
        else:
            return None
        first, second = sorted(events, key=lambda e: (e.first_day, e.id))
        if first.id == second.id:
            return None
        if first.first_day.replace(day=1) == second.first_day.replace(day=1) and "month" in (
                first.precision, second.precision):
            return None  # "October 2022" and 5 October 2022: no order the sources give
        lang = q.lang
        if first.first_day == second.first_day:
            when = format_when(occurrences(first)[0], lang, zone)
            return self._two_events(
                lang, first, second, "compare", T(
                    lang, "On the same day, {date}: {first}; {second}.", date=when,
                    first=first.name[lang], second=second.name[lang]))
        lead = (T(lang, "No, on different days."),) if same_day else ()
        return self._two_events(lang, first, second, "compare",
                                *lead, self._in_order(lang, first, second, zone))

    def _apart(self, q: Question, now: datetime, zone: str) -> Answer | None:
        """How long one dated event came after another ("¿Cuántos días pasaron entre la
        reunión de arranque y el webinar de CityNet?", "How long after the strategy's
        approval was Sofia accepted into ICC?"): the days between them, then both dates.
        Each event is the one its side of "and" (or of "after") names; the question is
        left to the rest of the engine when a side names none, both name the same, or
        either is known only to the month."""
        between = _says_any(q, BETWEEN_WORDS, BETWEEN_RUNS)
        # ("사이에 며칠": how many days between, though 며칠 alone asks which day)
        if not (q.qtypes & {"how_long", "how_many"} or (between and "며칠" in q.text)):
            return None
        connector = _AND_NAMES if between else _AFTER_NAMES
        halves = connector.split(q.text, maxsplit=1)
        if len(halves) != 2 and between:
            halves = _KO_WA.split(q.text, maxsplit=1)  # "킥오프 회의와 첫 웨비나 사이"
        if len(halves) != 2:
            return None
        if not between and len(tokens(halves[0])) <= 4:
            # "How long after the strategy's approval was Sofia accepted?": both events
            # follow the word, parted by the verb of the second
            halves = _VERB_PARTS.split(halves[1], maxsplit=1)
            if len(halves) != 2:
                return None
        events = [self._event_named(self.ranker.read(h, q.lang), now) for h in halves]
        if None in events:
            return None
        first, second = sorted((e for e in events if e is not None),
                               key=lambda e: (e.first_day, e.id))
        if first.id == second.id or "month" in (first.precision, second.precision):
            return None
        lang = q.lang
        days = (second.first_day - first.first_day).days
        return self._two_events(lang, first, second, "apart",
                                NT(lang, "{n} day apart.", "{n} days apart.", days),
                                self._in_order(lang, first, second, zone))

    @staticmethod
    def _in_order(lang: str, first: Event, second: Event, zone: str) -> str:
        """Two events in the order they came, each with its date."""
        return T(lang, "Earlier: {first}, {first_date}. Later: {second}, {second_date}.",
                 first=first.name[lang],
                 first_date=format_when(occurrences(first)[0], lang, zone),
                 second=second.name[lang],
                 second_date=format_when(occurrences(second)[0], lang, zone))

    def _two_events(self, lang: str, first: Event, second: Event, kind: str,
                    *sentences: str) -> Answer:
        """The answer about two events at once (which came first, how far apart): its
        sentences, both events' sources and both as related."""
        sources = [self._source_line(lang, ev) for ev in (first, second)]
        return Answer(lang, Intent.EVENT_WHEN, _sentences(lang, *sentences),
                      self._with_related([first.id, second.id]),
                      "\n".join(_unique(sources)), f"{kind}:{first.id}:{second.id}")

    def _event_named(self, q: Question, now: datetime) -> Event | None:
        """The one event a part of a question names: by name, else by what it names (a
        programme, city or kind), the one whose name shares most of its words."""
        if not _named(q):
            return None
        a = self._analysis(q)
        events = self._rank(a, self._candidate_events(a), now)
        if not events:
            return None
        asked = set(q.toks) - self.ranker.function_words(q.lang)

        def shared(ev: Event) -> int:
            return len(asked & {t for name in (*ev.name.values(), *ev.aliases)
                                for t in tokens(name)})
        return max(events, key=lambda ev: (a.event_scores.get(ev.id, 0.0), shared(ev)))

    def _buried_question(self, q: Question, now: datetime, zone: str) -> Answer | None:
        """The answer to the question a long message asks among words about other things
        ("sorry, I'm typing from the airport… the ICC thing Sofia joined, what does it
        focus on? like the main pillars"): its sentences that ask something, read one by
        one (and from their question word on), each about what the whole message names
        when it names nothing itself; the first one answered."""
        sentences = [s for s in _SENTENCE.split(q.text) if len(tokens(s)) >= 2]
        for sentence in sorted(sentences, key=lambda s: not _asks(s)):
            # (a question mark ends the question, after what it is about: "the ICC thing
            # Sofia joined back in 2020, what does it focus on?" asks from its last
            # clause; without one, the longest reading comes first)
            commas = _COMMA.split(sentence)
            tails = [", ".join(commas[i:]) for i in range(1, len(commas))
                     if len(tokens(commas[i])) >= 3]
            pieces = [*reversed(tails), sentence] if _asks(sentence) else [sentence, *tails]
            # (what the sentence names, or else the message: an answer about it comes
            # first, one that leaves some of it out still answers; not the events its
            # words name: "the ICC thing Sofia joined")
            around = {e: w for e, w in (self.ranker.read(sentence, q.lang).entities
                                        or q.entities).items() if not e.startswith("event:")}
            for piece in pieces:
                part = self.ranker.read(piece, q.lang)
                if part.smalltalk or not (part.qtypes or part.yesno or _asks(piece)):
                    continue
                part.lang = q.lang
                if not part.entities:
                    part.entities = dict(around)
                    part.around = {e for e in around if not e.startswith("programme:")}
                answer = self._best_answer(part, now, zone)
                # (a card answers a bare name, not a question found in a long message)
                if answer.intent not in (Intent.UNKNOWN, *_CARDS):
                    return answer
        return None

    def _best_answer(self, q: Question, now: datetime, zone: str,
                     whole: bool = False) -> Answer:
        """The best complete answer to what was read; ``whole``: the question as asked,
        which may be two questions in one."""
        sentences = self._questions_in(q) if whole else []
        if sentences:  # "Who organised the webinar? Who presented Sofia?"
            joined = self._in_parts(q, sentences, now, zone)
            if joined is not None:
                counted = all("how_many" in part.qtypes for part in sentences)
                return (self._said_at_once(q, joined, now, zone) if counted else None) or joined
        if whole and not q.yesno and self._asks_yes_first(q, sentences):
            # "Does Taiwan take part? With how many cities?": asked yes or no first,
            # then what the yes is about; one answer, opening with the yes.
            q = replace(q, yesno=True)
        period = self._period_asked(q, now)
        in_period = self._in_period(q, period, now, zone) if period is not None else None
        if in_period is not None and in_period.intent != Intent.UNKNOWN:
            return in_period
        # (with nothing in the calendar then, the month may date what is asked: "back in
        # August 2021, which city was expected to be Sofia's partner?")
        ranked = self._ranked(q, now)
        best = next((r for r in ranked if r.complete), None)
        if best is not None and best.clash:
            # "¿Cuándo se hará la reunión de bienvenida de las 100 ciudades?": the meeting's
            # purpose covers more words, its date is what was asked; a fact that gives
            # another kind of answer ("CityNet's thematic events" for "what was the
            # first webinar's topic?") gives way to one of the kind asked
            # (not a fact saying the sources do not give what is asked: "more webinars
            # were announced, with no dates" is the honest answer to when one is)
            named = {e for e in q.entities if e.startswith("event:")}
            c = best.candidate
            if named or (c.kind == "fact" and not c.announces and not c.unsaid & q.qtypes):
                best = next((r for r in ranked if r.complete and not r.clash
                             and (r.candidate.subjects & named or not named)), best)
        if best is not None and q.lead and len(q.qtypes) > 1 and (
                q.lead not in self.ranker.fits(q, best.candidate, {q.lead})):
            # "Who was the mayor of Dublin when the pairing started?": the date of the
            # pairing answers the clause, not the question; an answer to who does
            best = next((r for r in ranked if r.complete and q.lead in self.ranker.fits(
                q, r.candidate, {q.lead})), None)
        if best is not None and best.candidate.kind == "when" and _asks_next_one(q) \
                and not q.yesno and next_occurrence(
                    self.content.events[best.candidate.item or ""], now) is None:
            # "When is the next CityNet webinar?": the one named is over; the calendar
            # says what comes next (nothing, and the most recent one), not its old date
            best = next((r for r in ranked if r.complete and r.candidate.kind == "upcoming"),
                        best)
        if in_period is not None and (best is None or q.never or not q.units
                                      or best.candidate.kind == "overview"):
            return in_period  # "what is on in ICP in March 2025?": nothing, honestly
        if whole and (conjoined := self._conjoined(q)) and (best is None or any(
                not _named(part) <= best.candidate.subjects | best.candidate.cues
                for part in conjoined)):
            # An answer about one of the two things asked answers half the question.
            joined = self._in_parts(q, conjoined, now, zone)
            if joined is not None:
                return joined
        if best is None:
            # "Is Korea in both IURC and ICP?": one question per programme or event named
            joined = self._in_parts(q, self._parts(q), now, zone) if whole else None
            if joined is not None:
                return joined
            # (the context that covers most of the question: "14 European cities" for
            # "which European cities?", though a count is not the kind asked)
            near = max((r for r in ranked if r.unnamed), default=None,
                       key=lambda r: r.score + (CLASH_PENALTY if r.clash else 0.0))
            if near is not None and near.candidate.kind == "fact" and q.names_only:
                # "ciudades canadienses ICP": no names, but how many, which is an answer
                return self.render(near.candidate, q, now, zone, affirm=False)
            if near is not None and near.candidate.kind == "fact":
                # "Which Taiwanese cities take part?": not named; what is known instead.
                return _not_said(self.render(near.candidate, q, now, zone, affirm=False),
                                 T(q.lang, "My sources don't say which."))
            return self._decline(q)
        answer = self.render(best.candidate, q, now, zone, affirm=best.full)
        if whole and (more := self._other_asks(q, best, ranked)):
            # "How many European cities will be selected for ICP, and when?": two question
            # words, two answers, when no one answer gives both.
            answer = self._joined(q.lang, [answer, *(
                self.render(r.candidate, q, now, zone, affirm=False) for r in more)])
        if q.asks_day and self._known_to_the_month(answer):
            # "On which day exactly is the EU–China meeting?": the sources give the month
            # (the reply says so); the day asked is not known.
            return replace(answer, intent=Intent.UNKNOWN)
        unsaid = best.candidate.unsaid & q.qtypes
        if unsaid and not self.ranker.fits(q, best.candidate,
                                           q.qtypes - unsaid - {"what_is"}):
            # "Which Chinese city is Sofia's partner?" and the fact that it is not named:
            # the fact says itself that the sources do not say. ("When will we know who
            # the Chinese partner is?" asks when, which the fact does say.)
            return replace(answer, intent=Intent.UNKNOWN)
        if best.clash and best.candidate.kind == "fact":
            # "How much funding does each city get?" finds the funding fact, which
            # gives no amount: say the sources don't say, then what they do say.
            return _not_said(answer, T(q.lang, "My sources don't say."))
        return answer

    def _other_asks(self, q: Question, best: Ranked, ranked: list[Ranked]) -> list[Ranked]:
        """For a question with two sharp question words ("how many… and when"), the best
        complete answers to those the best answer leaves unanswered."""
        sharp = q.qtypes & {"who", "when", "how_many", "how_long", "where", "why", "clock",
                            "how_often"}
        if len(sharp) < 2 or best.clash:
            return []
        left = sharp - self.ranker.fits(q, best.candidate, sharp)
        out: list[Ranked] = []
        for t in sorted(left):
            found = next((r for r in ranked if r.complete and r.candidate.kind == "fact"
                          and t in self.ranker.fits(q, r.candidate, {t})
                          and r.candidate.key != best.candidate.key
                          and r not in out), None)
            if found is not None:
                out.append(found)
        return out

    def _in_parts(self, q: Question, parts: list[Question], now: datetime,
                  zone: str) -> Answer | None:
        """Each part's answer, joined, when every part has its own one."""
        answers = [self._best_answer(part, now, zone) for part in parts]
        if answers and all(a.intent != Intent.UNKNOWN for a in answers) and len(
                {a.key for a in answers}) == len(answers):
            return self._joined(q.lang, answers)
        return None

    def _said_at_once(self, q: Question, joined: Answer, now: datetime,
                      zone: str) -> Answer | None:
        """One answer to a question of several "how many" that gives every number its
        parts' answers give ("how many are mentors, how many new, how many from DCC?": 88 cities, of
        them 8 mentors, 54 new and 26 from DCC), instead of a sentence per part."""
        given = numbers_in(joined.body)
        if not given:
            return None
        for r in [r for r in self._ranked(q, now) if r.complete and not r.clash][:3]:
            if r.candidate.kind == "fact":
                single = self.render(r.candidate, q, now, zone, affirm=r.full)
                if given <= numbers_in(single.body):
                    return single
        return None

    def _questions_in(self, q: Question) -> list[Question]:
        """The questions of a message that asks two or three, read one by one."""
        sentences = [part for s in _QUESTION_END.split(q.text) for part in _AND_ASKS.split(s)
                     if len(tokens(part)) >= 2]
        if len(sentences) < 2:
            return []
        parts = [self.ranker.read(s, q.lang) for s in sentences[:3]]
        for before, part in pairwise(parts):
            if not part.entities and part.units and before.entities:
                # "What topics will ICP cities work on, and who manages the programme?":
                # a question that names nothing asks about what the one before named,
                # a yes/no question too ("Does Seoul take part, and with which European
                # city?"); "quan i on?" asks nothing new, and is read with the whole question
                part.entities = dict(before.entities)
        return parts

    def _asks_yes_first(self, q: Question, sentences: list[Question]) -> bool:
        """Whether the first of a message's questions asks yes or no ("¿Entran ciudades
        de Taiwán? ¿cuántas?"), however short the ones after it are."""
        if sentences:
            return sentences[0].yesno
        parts = [s for s in _QUESTION_END.split(q.text) if tokens(s)]
        return len(parts) >= 2 and self.ranker.read(parts[0], q.lang).yesno

    def _conjoined(self, q: Question) -> list[Question]:
        """The two halves of a question that asks one thing of two named things ("when
        are the kick-off and the ICP deadline?", "启动会和第一场研讨会分别是几号"), each
        with the question word of the whole; none when a half names nothing of its own."""
        halves = _AND_NAMES.split(q.text, maxsplit=1)
        if len(halves) != 2:
            return []
        parts = [self.ranker.read(h, q.lang) for h in halves]
        named = [_named(p) for p in parts]
        if not all(named) or named[0] == named[1] or not q.qtypes:
            return []
        for part in parts:
            part.qtypes |= q.qtypes
            part.lang = q.lang
        return parts

    def _parts(self, q: Question) -> list[Question]:
        """One question naming two programmes or events ("Is Korea in both IURC and
        ICP?") as one question per programme or event, each with the other names."""
        for prefix in ("programme:", "event:"):
            named = [e for e in q.entities if e.startswith(prefix)]
            if len(named) >= 2:
                return [replace(q, entities={e: w for e, w in q.entities.items()
                                             if e == one or not e.startswith(prefix)})
                        for one in named[:3]]
        return []

    def _joined(self, lang: str, answers: list[Answer]) -> Answer:
        """One reply to a question in parts: each part's answer, each source once."""
        sources = _unique(a.source for a in answers if a.source)
        refs = _unique(r for a in answers for r in a.refs)
        # one "Yes." for the whole reply: "Do IURC and ICP share a topic?"
        yes = T(lang, "Yes.")
        bodies = [a.body for a in answers]
        bodies[1:] = [b[len(yes):].lstrip() if b.startswith(yes) and bodies[0].startswith(yes)
                      else b for b in bodies[1:]]
        return Answer(lang, answers[0].intent, "\n".join(bodies), refs,
                      "\n".join(sources), answers[0].key)

    def compose(self, intent: str, lang: str, now: datetime, reader_zone: str | None = None,
                **entities: list[str]) -> Answer:
        """Answer a known intent about known ids, as buttons and deep links ask."""
        a = Analysis(lang=lang, toks=[], intent=intent, **entities)
        text, refs = self._intents[Intent(intent)](a, now, reader_zone or DEFAULT_ZONES[lang])
        return Answer.of(lang, intent, text, refs)

    def suggest(self, question: str, now: datetime, lang: str,
                limit: int = 5) -> list[tuple[str, str]]:
        """The answers closest to a question, as (key, label in ``lang``), best first.

        For coordinators attaching an unanswered question to the right answer: the
        ranker's near misses are usually where the question belongs.
        """
        self.ranker.forget()
        q = self.ranker.read(question, lang)
        out: list[tuple[str, str]] = []
        for r in self._ranked(q, now):
            if r.score <= 0 and out:
                break
            label = self._label(r.candidate.key, lang)
            if label is not None and all(k != r.candidate.key for k, _ in out):
                out.append((r.candidate.key, label))
            if len(out) == limit:
                break
        return out

    def _label(self, key: str, lang: str) -> str | None:
        """A short name for an answer, for a button."""
        content = self.content
        head, _, ref = key.partition(":")
        if key in content.facts:
            return _shorten(content.facts[key].text[lang])
        if head == "when" and ref in content.events:
            return _shorten(T(lang, "When: {title}", title=content.events[ref].name[lang]))
        if head == "partner" and ref in content.cities:
            return T(lang, "Partners of {city}", city=content.cities[ref].name[lang])
        if head == "overview" and content.item(ref) is not None:
            return _shorten(T(lang, "About {name}", name=self._name(lang, ref)))
        return {"pairs": T(lang, "City pairs"), "programmes": T(lang, "List of programmes"),
                "upcoming": T(lang, "Upcoming events"),
                "time_left": T(lang, "Time left until a deadline")}.get(key)

    # -- the ranked path ------------------------------------------------------

    def _ranked(self, q: Question, now: datetime) -> list[Ranked]:
        """Every candidate answer to a question, best first; the events a "when" could
        be about are the three most relevant of those the question points to."""
        a = self._analysis(q)
        events = self._rank(a, self._candidate_events(a), now)[:3] if (
            a.events or a.kinds or "when" in q.qtypes or "already" in q.hits) else []
        return self.ranker.rank(q, self.ranker.candidates(q, events))

    def _analysis(self, q: Question) -> Analysis:
        """The entity lists the computed answers filter by, from what the ranker read."""
        a = Analysis(lang=q.lang, toks=q.toks)
        for entity, weight in q.entities.items():
            bucket = {"programme": a.programmes, "city": a.cities, "org": a.organisations,
                      "person": a.people, "event": a.events,
                      "country": a.countries}[entity.split(":", 1)[0]]
            bucket.append(entity)
            if entity.startswith("event:"):
                a.event_scores[entity] = weight
        # (a city named only where the asker says who they are is not asked of, when
        # another is: "세종시 보고서에… 소피아의 중국 쪽 파트너" asks Sofia's partner alone)
        a.cities = [c for c in a.cities if c not in q.around] or a.cities
        a.kinds = [name.split(":", 1)[1] for name in q.hits if name.startswith("kind:")]
        a.cues = {name for name in q.hits if not name.startswith(("kind:", "fact:"))}
        a.cues |= q.qtypes | q.ordinals
        a.yesno = q.yesno
        a.too_late = _asks_too_late(q)
        a.not_yet = a.too_late and _asks_not_yet(q)
        return a

    @staticmethod
    def _asks_help(q: Question) -> bool:
        folded = f" {' '.join(q.toks)} "
        return any(f" {fold(p)} " in folded for p in CUES["help"] if len(p) > 3) or any(
            p in q.text for p in CUES["help"] if not p.isascii() and len(p) <= 3)

    def _candidate_for_key(self, key: str) -> Candidate | None:
        content = self.content
        kind, _, ref = key.partition(":")
        if key in content.facts:
            fact = content.facts[key]
            return Candidate(key, "fact", frozenset(fact.about), frozenset(), fact.answers,
                             fact.about[0], fact.affirms)
        if kind == "when" and ref in content.events:
            return Candidate(key, "when", frozenset({ref}), frozenset(), "date", ref)
        if kind == "partner" and ref in content.cities:
            return Candidate(key, "partner", frozenset({ref}), frozenset(), "place", ref)
        if kind == "overview" and content.item(ref) is not None:
            return Candidate(key, "overview", frozenset({ref}), frozenset(), "description", ref)
        if key in ("pairs", "programmes", "upcoming", "time_left"):
            return Candidate(key, key, frozenset(), frozenset(), "list")
        return None

    def _taught_answer(self, q: Question, now: datetime, zone: str) -> Answer | None:
        """A question coordinators attached to an answer, or declined, gets that answer."""
        if not self._taught:
            return None
        folded = " ".join(q.toks)
        hit = process.extractOne(folded, self._taught_texts,
                                 scorer=fuzz.token_sort_ratio, score_cutoff=TAUGHT_CUTOFF)
        if hit is None:
            return None
        key = self._taught[hit[2]][1]
        if key == OUT_OF_SCOPE:
            return self._decline(q)
        candidate = self._candidate_for_key(key)
        return self.render(candidate, q, now, zone) if candidate is not None else None

    def render(self, c: Candidate, q: Question, now: datetime, zone: str,
               affirm: bool = True) -> Answer:
        """The reply for one chosen candidate, in the question's language.

        ``affirm``: the candidate covers all the question asks, so a yes/no question
        it affirms may be answered "Yes" ("Is Paris Sofia's partner?" may not).
        """
        lang = q.lang
        if c.kind == "fact":
            answer = self._fact_answer(self.content.facts[c.key], q, now, affirm)
            event = self._undated_event(c, q)
            if event is not None:
                # "Is there a welcome meeting for the ICC cities?": yes, and when it is.
                answer = replace(answer, body="\n".join(
                    [answer.body, self._event_sentence(lang, event, now, zone)]))
            return answer
        a = self._analysis(q)
        if c.kind == "when":
            a.events = [c.item or ""]
            intent = Intent.EVENT_WHEN
        elif c.kind == "upcoming":
            intent = Intent.NEXT_DEADLINE if a.kinds[:1] == ["deadline"] else Intent.NEXT_EVENT
        elif c.kind == "time_left":
            intent = Intent.TIME_LEFT
        elif c.kind == "partner":
            if c.item not in a.cities:
                a.cities = [c.item or ""]
            intent = Intent.CITY_PARTNER
        elif c.kind == "pairs":
            intent = Intent.PAIRS_LIST
        elif c.kind == "programmes":
            intent = Intent.PROGRAMME_LIST
        else:
            item = c.item or ""
            table = item.split(":", 1)[0]
            intent = {"programme": Intent.PROGRAMME_OVERVIEW, "city": Intent.CITY_CARD,
                      "org": Intent.ORGANISATION, "person": Intent.PERSON,
                      "event": Intent.EVENT_WHEN}[table]
            a.programmes, a.cities, a.organisations, a.people, a.events = (
                [item] if table == t else [] for t in ("programme", "city", "org", "person",
                                                       "event"))
        text, refs = self._intents[intent](a, now, zone)
        if c.kind == "when" and q.yesno and "already" in a.cues and c.item in self.content.events:
            # "Has the kick-off already happened?": its date settles it, yes or not yet.
            begun = relevant_occurrence(self.content.events[c.item], now).status(now) != "upcoming"
            text = _sentences(lang, T(lang, "Yes.") if begun else T(lang, "Not yet."), text)
        if c.kind == "partner" and q.yesno and affirm and (
                self._pending_in(a) or self._partner_named(a, c.item or "")):
            # "Does Sofia also have a Chinese partner city?": one is planned, not named;
            # "Is Dublin paired with Seoul?": the question names the partner.
            text = _sentences(lang, T(lang, "Yes."), text)
        elif self._says_nothing(c, a, now):
            # "When is the next meeting?" with none planned, "Which Chinese city is
            # Sofia's partner?" before it was named: an honest "not known", with context.
            intent = Intent.UNKNOWN
        return Answer.of(lang, intent, text, self._with_related(refs), c.key)

    def _period_asked(self, q: Question, now: datetime) -> tuple[date, date] | None:
        """The months a question asks what happens in ("what is on in ICP this month?",
        "¿qué hay entre mayo y diciembre de 2022?"): not a yes/no, not about one event,
        not asking for something other than what takes place (who, how many…)."""
        if q.yesno or q.never or q.qtypes - {"what_is", "what_noun", "which"} or any(
                e.startswith("event:") for e in q.entities):
            return None  # (a hotel in April 2022 is not what is on in April 2022)
        if q.months_from_now is not None:
            first = _month_start(now.date(), q.months_from_now)
            return first, first
        if not q.months:
            return None
        year = now.year
        days = [date(y if y is not None else year, m, 1) for m, y in q.months]
        return min(days), max(days)

    def _in_period(self, q: Question, period: tuple[date, date], now: datetime,
                   zone: str) -> Answer:
        """What the calendar holds in those months, soonest first."""
        lang = q.lang
        first, last = period
        a = self._analysis(q)
        found: list[Occurrence] = []
        for ev in self._candidate_events(a):
            if ev.status == "cancelled":
                continue
            found.extend(o for o in occurrences(ev)
                         if _months_of(o.start) <= _months_of(last)
                         and _months_of(o.end or o.start) >= _months_of(first))
        found.sort(key=lambda o: (o.begins, o.event.id))
        months = format_months(first, last, lang)
        if not found:
            body = T(lang, "My calendar has nothing in {months}.", months=months)
            return Answer(lang, Intent.UNKNOWN, body, self._with_related(list(q.entities)))
        lines = [self._describe_occurrence(lang, o, now, zone) for o in found[:MAX_LISTED]]
        body = T(lang, "In my calendar for {months}:", months=months) + "\n" + "\n".join(
            f"• {x}" for x in lines)
        refs = self._with_related([o.event.id for o in found[:MAX_LISTED]])
        return Answer.of(lang, Intent.NEXT_EVENT, self._with_source(lang, body, found[0].event),
                         refs, "period")

    def _known_to_the_month(self, answer: Answer) -> bool:
        """Whether the events an answer gives are all known only to the month."""
        events = [self.content.events[r] for r in answer.refs if r in self.content.events]
        return bool(events) and all(e.precision == "month" for e in events)

    def _undated_event(self, c: Candidate, q: Question) -> Event | None:
        """The event a yes/no question asks about, when the fact answering it is about
        that one event and gives no date of its own."""
        if not q.yesno or c.dated:
            return None
        events = [self.content.events[s] for s in self.content.facts[c.key].about
                  if s in self.content.events]
        if len(events) != 1 or events[0].kind == "milestone":
            return None
        return events[0]

    def _pending_in(self, a: Analysis) -> bool:
        """Whether the question names a city and the country of a partner it is still
        to be given ("Sofia" and "China"): such a partner exists, unnamed."""
        return len(a.cities) == 1 and any(
            p.status == "pending" and f"country:{p.partner_country}" in a.countries
            for p in self._city_pairs(a, a.cities[0]))

    def _partner_named(self, a: Analysis, city_id: str) -> bool:
        """Whether the question names, besides the city, a city it is paired with."""
        named = set(a.cities) - {city_id}
        return bool(named) and any(named & set(p.cities) for p in self._city_pairs(a, city_id))

    def _says_nothing(self, c: Candidate, a: Analysis, now: datetime) -> bool:
        """Whether a computed answer can only say that what was asked is not known."""
        if c.kind == "upcoming" and "next" in a.cues:
            # (Without "next", the most recent one may be what was asked: "the date of
            # the ICP application deadline?")
            if not ("when" in a.cues or "clock" in a.cues) and self._announced(
                    a, a.kinds[0] if a.kinds else None):
                return False  # what was announced answers "what is coming", not "when"
            return not any(next_occurrence(e, now) is not None for e in
                           self._candidate_events(a) if e.status != "cancelled")
        if c.kind == "time_left":
            # "Is there a deadline for ICC?" with none in the calendar (the time left
            # until another kind of event is that event's: "¿cuánto falta para la
            # conferencia de clausura?")
            return not any(e.kind == "deadline" or e.kind in a.kinds or e.id in a.events
                           for e in self._candidate_events(a))
        if c.kind == "partner" and len(a.cities) == 1:
            pairs = self._city_pairs(a, a.cities[0])
            return bool(pairs) and all(p.status == "pending" for p in pairs)
        return False

    def _fact_answer(self, fact: Fact, q: Question, now: datetime, affirm: bool) -> Answer:
        lang = q.lang
        body = fact.text[lang]
        # A list settles membership: "does IURC cover waste management?" is answered
        # yes by the topics that name it, when every word asked is in that fact.
        # Not for two named things: "Is Sofia a partner of Busan?" asks how they are
        # related, which a list naming both does not settle.
        named = [e for e in q.entities if not e.startswith("programme:")]
        listed = fact.answers in ("list", "topic") and bool(q.units) and len(named) <= 1
        if q.yesno and affirm and self.ranker.numbers_agree(q, fact.id) and (
                fact.affirms or listed or self.ranker.text_confirms(q, fact.id)):
            body = _sentences(lang, T(lang, "Yes."), body)
        refs = self._with_related(list(fact.about))
        return Answer(lang, Intent.FACT, body, refs, self._source_line(lang, fact), fact.id)

    def _with_related(self, refs: list[str]) -> list[str]:
        """Every item an answer names, plus what those imply: an event's programme."""
        out = list(refs)
        for ref in refs:
            ev = self.content.events.get(ref)
            if ev is not None:
                out.append(ev.programme)
        return [r for r in _unique(out) if not r.startswith("country:")]

    def _decline(self, q: Question) -> Answer:
        """Say honestly that the sources do not say; name what they do cover."""
        lang = q.lang
        named = [e for e in q.entities if not e.startswith("country:")]
        body = T(lang, "My sources don't say.")
        if named:
            names = [self._name(lang, e) for e in named[:2]]
            body = _sentences(lang, body, T(lang, "I can tell you what they say about {names}.",
                                            names=_join(lang, names)))
        return Answer(lang, Intent.UNKNOWN, body, named)

    def _name(self, lang: str, ref: str) -> str:
        item = self.content.item(ref)
        if item is None or isinstance(item, Fact):
            return ref
        if ref.startswith("programme:"):
            return self.content.programmes[ref].acronym
        return item.name[lang]

    def _smalltalk(self, q: Question, now: datetime, zone: str) -> Answer:
        lang = q.lang
        if q.smalltalk == "hello":
            text, refs = self._greeting(Analysis(lang=lang, toks=[]), now, zone)
            return Answer(lang, Intent.SMALLTALK, text, refs)
        replies = {
            "thanks": T(lang, "You're welcome! Ask me anything else about the programmes."),
            "bye": T(lang, "Goodbye! Write whenever you have a question."),
            "ok": T(lang, "Fine. Ask me whenever you need something."),
            "yes": T(lang, "What would you like to know? Ask me about a programme, a city "
                           "or a date."),
            "no": T(lang, "All right. I am here if you need anything."),
        }
        return Answer(lang, Intent.SMALLTALK, replies[q.smalltalk or "ok"], [])

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

    def _source_line(self, lang: str, item: Item | Pair | Fact) -> str:
        source = self.content.sources[item.sources[0]]
        publisher = source.publisher[lang]
        if source.published is None:
            cited = T(lang, "{publisher} (undated)", publisher=publisher)
        else:
            when = format_day(source.published, lang)
            cited = T(lang, "{publisher}, {date}", publisher=publisher, date=when)
        return T(lang, "Source: {source} · checked {date}", source=cited,
                 date=format_day(item.updated, lang))

    def _with_source(self, lang: str, body: str, item: Item | Pair | Fact) -> str:
        return Sourced(body, self._source_line(lang, item))

    def _city_name(self, lang: str, city_id: str) -> str:
        return self.content.cities[city_id].name[lang]

    def _country_name(self, lang: str, code: str) -> str:
        return self.content.countries[code].name[lang]

    def _describe_occurrence(self, lang: str, occ: Occurrence, now: datetime, zone: str) -> str:
        """One sentence saying when an occurrence is or was, relative to now.

        The title stands as a label before a colon, never as the subject of a
        verb: titles are noun phrases ("Kick-off meeting") as often as clauses
        ("Council approves the strategy"), and a label reads well with both in
        every language.
        """
        ev = occ.event
        title = ev.name[lang]
        if ev.status == "cancelled":
            return T(lang, "{title}: cancelled.", title=title)
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
        if month and status == "past":
            return T(lang, "{title}: {date} ({relative}); my sources give only the month.",
                     title=title, date=when, relative=rel or T(lang, "this month"))
        if month:
            return T(lang, "{title}: {date} ({relative}); the exact date has not been announced.",
                     title=title, date=when, relative=rel or T(lang, "this month"))
        return T(lang, "{title}: {date} ({relative}).", title=title, date=when,
                 relative=rel or T(lang, "today"))

    def _event_sentence(self, lang: str, ev: Event, now: datetime, zone: str) -> str:
        occ = relevant_occurrence(ev, now)
        text = self._describe_occurrence(lang, occ, now, zone)
        if ev.recurrence:
            first = occurrences(ev)[0]
            rule = _recurrence_label(lang, ev.recurrence)
            if ev.known_until is not None:
                head = T(lang, "{title}: {rule} from {first}; my sources give no dates after "
                               "{last}.", title=ev.name[lang], rule=rule,
                         first=format_when(first, lang, zone),
                         last=format_when(occurrences(ev)[-1], lang, zone))
                if occ.status(now) == "past":
                    return head
            else:
                head = T(lang, "{title}: {rule} from {first}.", title=ev.name[lang], rule=rule,
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
            # The named event belongs to another programme: look in the one asked about
            # ("ICC application deadline?" is not ICP's deadline, whose alias it shares).
            return self._filtered(a, events.values())
        return self._filtered(a, events.values())

    def _filtered(self, a: Analysis, events: Iterable[Event]) -> list[Event]:
        out = []
        for ev in events:
            if a.countries and self._event_countries.get(ev.id, frozenset()).isdisjoint(
                    a.countries):
                continue  # "the first meeting with Korea": one with a Korean city
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
            head = T(lang, _UPCOMING_HEADINGS[kind])
            body = head + "\n" + "\n".join(f"• {x}" for x in lines)
            return self._with_source(lang, body, coming[0].event), [o.event.id for o in
                                                                    coming[:MAX_LISTED]]
        return self._no_events(a, now, zone, kind, events)

    def _announced(self, a: Analysis, kind: str | None) -> list[Fact]:
        """Facts saying that events of ``kind`` are to come, with no dates given, about
        what the question names (all of them when it names nothing they concern)."""
        found = self._announcing.get(kind, []) if kind is not None else []
        named = {*a.programmes, *a.organisations, *a.cities}
        return [f for f in found if not named or named & set(f.about)]

    def _no_events(self, a: Analysis, now: datetime, zone: str, kind: str | None = None,
                   events: list[Event] | None = None) -> tuple[str, list[str]]:
        lang = a.lang
        events = events if events is not None else self._candidate_events(a)
        lines = [T(lang, _NONE_UPCOMING[kind])]
        past = sorted((relevant_occurrence(e, now) for e in events), key=lambda o: o.due)
        if past:
            lines.append(_sentences(lang, T(lang, "The most recent one:"),
                                    self._describe_occurrence(lang, past[-1], now, zone)))
        # "What webinars are coming?" with none dated: what was announced, undated.
        announced = self._announced(a, kind)
        lines.extend(f.text[lang] for f in announced)
        body = "\n".join(lines)
        refs = [past[-1].event.id] if past else []
        refs.extend(r for f in announced for r in f.about)
        if past:
            return self._with_source(lang, body, past[-1].event), refs
        if announced:
            return self._with_source(lang, body, announced[0]), refs
        return body, refs

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
        passed = occ.status(now) == "past"
        if passed:
            body = self._describe_occurrence(lang, occ, now, zone)
        else:
            left = duration_left(occ, now, lang, zone)
            if left is None:
                body = T(lang, "{title}: today, {date}.", title=title, date=when)
            else:
                body = T(lang, "{title}: {duration} left ({date}).", title=title, duration=left,
                         date=when)
        if a.yesno and ev.kind == "deadline":
            # "Can I still apply?" is answered yes or no first, and so is "is it too
            # late?", "has it closed?" the other way round; "isn't it closed yet?" without
            # a yes or no, which would read the wrong way round.
            if a.not_yet:
                verdict = T(lang, "That deadline has passed.") if passed else T(
                    lang, "There is still time.")
            elif a.too_late:
                verdict = T(lang, "Yes, that deadline has passed.") if passed else T(
                    lang, "No, there is still time.")
            else:
                verdict = T(lang, "No, that deadline has passed.") if passed else T(
                    lang, "Yes, there is still time.")
            body = _sentences(lang, verdict, body)
        return self._with_source(lang, body, ev), [ev.id]


def _asks(text: str) -> bool:
    """Whether a piece of a message ends with a question mark."""
    return text.rstrip().endswith(("?", "？"))


def _words(text: str) -> int:
    """How many words a message has: Chinese is written without spaces, two characters
    a word on average."""
    han = sum(1 for ch in text if is_han(ch))
    return len(text.split()) + han // 2 - (1 if han else 0)


def _not_said(answer: Answer, lead: str) -> Answer:
    """An answer turned into an honest unknown: what the sources do not say first, then
    what they do say, with its source and references."""
    return replace(answer, intent=Intent.UNKNOWN,
                   body=_sentences(answer.lang, lead, answer.body))


def _month_start(d: date, ahead: int) -> date:
    """The first day of the month ``ahead`` months after ``d``'s."""
    months = d.year * 12 + d.month - 1 + ahead
    return date(months // 12, months % 12 + 1, 1)


def _months_of(d: date) -> tuple[int, int]:
    """A local day or time as its (year, month): the calendar's months, not UTC's."""
    return d.year, d.month


def _named(q: Question) -> set[str]:
    """What a question names: its entities and the kinds of event it asks about."""
    return set(q.entities) | {n for n in q.hits if n.startswith("kind:")}


def _asks_next_one(q: Question) -> bool:
    """Whether a question asks for the next one of something ("the next webinar"), not
    when something was planned ("when was the launch scheduled?")."""
    return any(q.toks[i].startswith(NEXT_ONE_WORDS) for i in q.hits.get("next", ())) or any(
        run in q.text for run in NEXT_ONE_RUNS)


def _says_any(q: Question, words: tuple[str, ...], runs: tuple[str, ...]) -> bool:
    """Whether a question says one of ``words`` (folded, whole words or phrases) or, in
    Korean and Chinese, one of ``runs`` inside its text."""
    folded = f" {' '.join(q.toks)} "
    return any(f" {w} " in folded for w in words) or any(run in q.text for run in runs)


def _asks_too_late(q: Question) -> bool:
    """Whether a question asks if it is too late: by its folded words in the alphabetic
    languages, inside its text in Korean and Chinese."""
    return not TOO_LATE_WORDS.isdisjoint(q.toks) or any(run in q.text for run in TOO_LATE_RUNS)


def _asks_not_yet(q: Question) -> bool:
    """Whether a question about a closing asks if it is *not* over yet."""
    toks = q.toks[:-1] if q.toks and q.toks[-1] == "no" else q.toks
    return not NOT_YET_WORDS.isdisjoint(toks) or any(run in q.text for run in NOT_YET_RUNS)


def _sentences(lang: str, *parts: str) -> str:
    """Join sentences the way the language does: Chinese runs them together."""
    return ("" if lang == "zh" else " ").join(parts)


def _shorten(text: str, limit: int = 48) -> str:
    """Text for a button: whole if short, else cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def _join(lang: str, names: list[str]) -> str:
    """'A and B' in the reader's language."""
    if len(names) == 1:
        return names[0]
    return T(lang, "{first} and {second}", first=names[0], second=names[1])


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
