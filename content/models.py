"""Plain data classes for the content store.

They are built once by the loader from validated TOML and never mutated, so
the answering engine can index them freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# Text in every language, keyed by language code (see content.langs.LANGS).
Text = dict[str, str]

EVENT_KINDS: tuple[str, ...] = (
    "meeting",
    "webinar",
    "deadline",
    "study_visit",
    "conference",
    "milestone",
)
PRECISIONS: tuple[str, ...] = ("exact", "day", "month")


def is_web_link(url: str) -> bool:
    """A link a reader may open: http(s) only (no javascript:, file:, data:)."""
    return url.strip().lower().startswith(("https://", "http://"))


def is_feed_link(url: str) -> bool:
    """A calendar feed's address: http(s), or webcal:// as Outlook and Apple publish it."""
    return is_web_link(url) or url.strip().lower().startswith("webcal://")


def feed_fetch_url(url: str) -> str:
    """webcal:// is https:// by another name: the address that is actually fetched."""
    url = url.strip()
    return "https://" + url[len("webcal://"):] if url.lower().startswith("webcal://") else url


PROGRAMME_FACTS: tuple[str, ...] = (
    "funder",
    "manager",
    "aims",
    "topics",
    "figures",
    "duration",
    "partner_countries",
    "how_to_apply",
)
CITY_ROLES: tuple[str, ...] = ("participant", "mentor")
# What kind of answer a fact gives; the engine matches it to what a question asks
# ("how many" wants a count, "who" a role, "when" a date).
FACT_ANSWERS: tuple[str, ...] = (
    "count", "date", "duration", "list", "role", "place", "yesno", "description", "howto",
    "goal", "topic", "status", "frequency",
)


@dataclass(frozen=True)
class Country:
    code: str
    name: Text
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    id: str
    document: str
    lang: str
    title: str
    publisher: Text
    published: date | None = None
    published_precision: str = "day"
    url: str | None = None


@dataclass(frozen=True)
class Item:
    """Fields shared by everything a reader can ask about."""

    id: str
    name: Text
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    updated: date
    file: str


@dataclass(frozen=True)
class Programme(Item):
    acronym: str = ""
    summary: Text = field(default_factory=dict)
    facts: dict[str, Text] = field(default_factory=dict)
    funder_refs: tuple[str, ...] = ()
    manager_refs: tuple[str, ...] = ()
    url: str | None = None
    calendar_feed: str | None = None  # an .ics or .csv URL polled for its events


@dataclass(frozen=True)
class CityRole:
    programme: str
    role: str


@dataclass(frozen=True)
class City(Item):
    country: str = ""
    zone: str = "UTC"
    summary: Text = field(default_factory=dict)
    roles: tuple[CityRole, ...] = ()


@dataclass(frozen=True)
class Pair:
    programme: str
    cities: tuple[str, ...]
    sources: tuple[str, ...]
    updated: date
    file: str
    status: str = "confirmed"
    partner_country: str | None = None
    since: date | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Organisation(Item):
    summary: Text = field(default_factory=dict)
    city: str | None = None
    programmes: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class Person(Item):
    role: Text = field(default_factory=dict)
    summary: Text = field(default_factory=dict)
    city: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Event(Item):
    """A dated item. ``start``/``end`` are local to ``zone``.

    With precision "exact" they are naive local datetimes; with "day" dates;
    with "month" the first day of the month. Only what the source says is
    stored: a month-precision event has no invented day.
    """

    programme: str = ""
    kind: str = "meeting"
    precision: str = "day"
    start: date | datetime = date.min
    end: date | datetime | None = None
    zone: str = "UTC"
    description: Text = field(default_factory=dict)
    recurrence: str | None = None
    # The last occurrence the sources give dates for: a recurring series is never
    # extended past it (no reminder or answer may invent a later date).
    known_until: date | datetime | None = None
    cities: tuple[str, ...] = ()
    organisers: tuple[str, ...] = ()
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    link: str | None = None
    status: str = "scheduled"
    sequence: int = 0  # raised on every change, so calendars replace the old entry

    @property
    def first_day(self) -> date:
        """The day it starts, whatever its precision: events stored to the minute and
        by the day compare in one calendar order."""
        return self.start.date() if isinstance(self.start, datetime) else self.start


@dataclass(frozen=True)
class Fact:
    """One answerable statement, at the granularity people ask.

    ``about`` names every content item the fact concerns (its first entry is
    the main subject); ``cues`` are the words a question asking for it would
    contain besides those items' names, per language; ``affirms`` says that a
    yes/no question the fact fully covers is answered "yes"; ``unsaid`` lists the
    question words (``which``, ``where``…) the fact can only answer by saying that
    the sources do not say ("Sofia's Chinese partner is not named"): asked so, the
    reply is an honest unknown, with the fact as its context. ``announces`` lists
    the kinds of event the fact says are to come without giving their dates ("more
    webinars were announced on energy transition"): asked what is coming and with
    none of that kind in the calendar, the reply says so and gives this fact.
    """

    id: str
    about: tuple[str, ...]
    answers: str
    text: Text
    cues: dict[str, tuple[str, ...]]
    sources: tuple[str, ...]
    updated: date
    file: str
    affirms: bool = False
    unsaid: tuple[str, ...] = ()
    announces: tuple[str, ...] = ()


@dataclass
class Content:
    """Everything the loader read, indexed by id."""

    sources: dict[str, Source] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    cities: dict[str, City] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    # Questions coordinators attached to an answer: answer key -> phrasings.
    phrasings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def item(self, item_id: str) -> Item | Fact | None:
        """Look any programme, city, organisation, person, event or fact up by id."""
        for table in (self.programmes, self.cities, self.organisations, self.people, self.events,
                      self.facts):
            found = table.get(item_id)
            if found is not None:
                return found
        return None

    def pairs_of(self, city_id: str) -> list[Pair]:
        return [p for p in self.pairs if city_id in p.cities]
