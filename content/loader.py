"""Read and validate the TOML content files.

Validation and loading are one pass: every problem is collected with its file
and key path (``programme_iurc.toml: events[2].title.ko: missing``) so a
coordinator can fix them all at once, and the bot refuses to start on any.
"""

from __future__ import annotations

import contextlib
import re
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

from content.grammar import finish
from content.i18n import N_, T
from content.langs import LANGS, babel_locale
from content.lexicon import QUESTION_TYPES
from content.models import (
    CITY_ROLES,
    EVENT_KINDS,
    FACT_ANSWERS,
    PRECISIONS,
    PROGRAMME_FACTS,
    City,
    CityRole,
    Content,
    Country,
    Event,
    Fact,
    Organisation,
    Pair,
    Person,
    Programme,
    Source,
    Text,
    is_feed_link,
    is_web_link,
)

DATA_DIR = Path(__file__).parent / "data"
_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, at one key path (or line).

    ``message`` is an English template that is also a catalog msgid, filled with
    ``values``: ``str()`` gives it in English for the command line and the logs,
    ``say(lang)`` in the coordinator's language, with the field named in words
    when the problem is in a chat edit rather than a file they can open.
    """

    file: str
    key: str
    message: str
    values: tuple[tuple[str, str], ...] = ()
    line: int | None = None

    def text(self, lang: str = "en") -> str:
        template = T(lang, self.message) if lang != "en" else self.message  # not yet filled
        return finish(lang, template.format(**dict(self.values)))

    def __str__(self) -> str:
        return f"{self._where('en')}: {self.text()}"

    def say(self, lang: str) -> str:
        return f"{self._where(lang)}: {self.text(lang)}"

    def _where(self, lang: str) -> str:
        if self.file == OVERLAY_NAME and self.key:
            return field_words(self.key, lang)
        parts = [self.file]
        if self.line is not None:
            parts.append(T(lang, "line {n}", n=self.line) if lang != "en" else f"line {self.line}")
        if self.key:
            parts.append(self.key)
        return ": ".join(parts)


# What a coordinator calls the fields of an event they edit in the chat.
FIELD_WORDS = {
    "title": N_("title"), "description": N_("description"), "start": N_("start"),
    "end": N_("end"), "zone": N_("time zone"), "link": N_("link"),
    "programme": N_("programme"), "kind": N_("kind"), "precision": N_("precision"),
    "status": N_("status"), "recurrence": N_("recurrence"), "known_until": N_("known until"),
    "sequence": N_("version"), "id": N_("id"), "key": N_("answer"), "question": N_("question"),
    "lang": N_("language"), "cities": N_("cities"), "organisers": N_("organisers"),
}


def field_words(key: str, lang: str) -> str:
    """``events[0].title.ko`` as "title (Korean)" in ``lang``: the coordinator never saw
    the overlay's key paths."""
    rest = re.sub(r"^(?:events|phrasings)\[\d+\]\.?", "", key)
    if not rest:
        return T(lang, "event")
    head, _, tail = rest.partition(".")
    head = head.split("[", 1)[0]
    label = T(lang, FIELD_WORDS[head]) if head in FIELD_WORDS else head
    if tail in LANGS:
        label += f" ({babel_locale(lang).languages.get(tail, tail)})"
    return label


def _values(values: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple((name, str(value)) for name, value in values.items())


class ContentError(Exception):
    """Raised when the content has problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Checker:
    """Collects problems while reading one table entry."""

    def __init__(self, file: str, problems: list[Problem], origins: dict[str, str]) -> None:
        self.file = file
        self.problems = problems
        self.origins = origins  # id -> "file: key" where it was first defined

    def bad(self, key: str, message: str, **values: object) -> None:
        """``message``: an N_-marked template, ``values`` its placeholders."""
        self.problems.append(Problem(self.file, key, message, _values(values)))

    def keys(self, path: str, entry: dict[str, Any], allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in entry:
            if key not in allowed:
                self.bad(f"{path}.{key}", N_("unknown key (allowed: {allowed})"),
                         allowed=", ".join(sorted(allowed)))

    def required(self, path: str, entry: dict[str, Any], key: str) -> Any:
        if key not in entry:
            self.bad(f"{path}.{key}", N_("missing"))
            return None
        return entry[key]

    def string(self, path: str, value: Any, *, empty_ok: bool = False) -> str | None:
        if not isinstance(value, str):
            self.bad(path, N_("expected text, got {type}"), type=type(value).__name__)
            return None
        if not empty_ok and not value.strip():
            self.bad(path, N_("must not be empty"))
            return None
        if value != value.strip():
            self.bad(path, N_("has leading or trailing spaces"))
        # A calendar repeats its words (the same cue words, places, descriptions in
        # thousands of entries): each distinct short text is kept once.
        return sys.intern(value) if len(value) <= 200 else value

    def text(self, path: str, value: Any) -> Text | None:
        """A table with a non-empty string for every language."""
        if not isinstance(value, dict):
            self.bad(path, N_("expected a table with one entry per language: {langs}"),
                     langs=" ".join(LANGS))
            return None
        out: Text = {}
        for lang in LANGS:
            if lang not in value:
                self.bad(f"{path}.{lang}", N_("missing translation"))
                continue
            s = self.string(f"{path}.{lang}", value[lang])
            if s is not None:
                out[lang] = s
        for lang in value:
            if lang not in LANGS:
                self.bad(f"{path}.{lang}", N_("unknown language (use: {langs})"),
                         langs=" ".join(LANGS))
        return out if len(out) == len(LANGS) else None

    def strings(self, path: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.bad(path, N_("expected a list of texts"))
            return ()
        out = []
        for i, item in enumerate(value):
            s = self.string(f"{path}[{i}]", item)
            if s is not None:
                out.append(s)
        return tuple(out)

    def id(self, path: str, value: Any, prefix: str) -> str | None:
        s = self.string(path, value)
        if s is None:
            return None
        head, _, slug = s.partition(":")
        if head != prefix or not _SLUG_RE.match(slug):
            self.bad(path, N_("expected an id like '{prefix}:<lower-case-slug>', got '{value}'"),
                     prefix=prefix, value=s)
            return None
        return s

    def day(self, path: str, value: Any) -> date | None:
        if isinstance(value, datetime) or not isinstance(value, date):
            self.bad(path, N_("expected a date such as 2021-09-30, got {value}"), value=repr(value))
            return None
        return value

    def zone(self, path: str, value: Any) -> str | None:
        s = self.string(path, value)
        if s is None:
            return None
        try:
            ZoneInfo(s)
        except (ZoneInfoNotFoundError, ValueError):
            self.bad(path, N_("unknown time zone '{value}' (use an IANA name such as "
                             "Europe/Sofia)"), value=s)
            return None
        return s

    def choice(self, path: str, value: Any, allowed: Iterable[str]) -> str | None:
        allowed = tuple(allowed)
        if value not in allowed:
            self.bad(path, N_("expected one of {allowed}, got {value}"),
                     allowed=", ".join(allowed), value=repr(value))
            return None
        return value

    def item_common(self, path: str, entry: dict[str, Any], prefix: str,
                    name_key: str = "name") -> dict[str, Any] | None:
        """Fields every item has: id, name (an event's title), aliases, sources, updated."""
        item_id = self.id(f"{path}.id", self.required(path, entry, "id"), prefix)
        name = self.text(f"{path}.{name_key}", self.required(path, entry, name_key))
        aliases = () if prefix == "event" else self.strings(f"{path}.aliases",
                                                            entry.get("aliases", []))
        sources = self.strings(f"{path}.sources", self.required(path, entry, "sources") or [])
        if "sources" in entry and not sources:
            self.bad(f"{path}.sources", N_("list at least one source id"))
        updated = self.day(f"{path}.updated", self.required(path, entry, "updated"))
        if None in (item_id, name, updated):
            return None
        return {
            "id": item_id,
            "name": name,
            "aliases": aliases,
            "sources": sources,
            "updated": updated,
            "file": self.file,
        }


_COMMON = ("id", "name", "aliases", "sources", "updated")
_TOP_LEVEL = ("sources", "countries", "programme", "events", "cities", "pairs",
              "organisations", "people", "facts")


def _entries(chk: _Checker, data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    """An array of tables as (path, entry) pairs; reports anything else."""
    value = data.get(key, [])
    if isinstance(value, dict):
        value = [value]
        paths = [key]
    else:
        paths = [f"{key}[{i}]" for i in range(len(value))] if isinstance(value, list) else []
    if not isinstance(value, list):
        chk.bad(key, N_("expected a list of tables ([[{key}]])"), key=key)
        return []
    out = []
    for path, entry in zip(paths, value, strict=True):
        if isinstance(entry, dict):
            out.append((path, entry))
        else:
            chk.bad(path, N_("expected a table"))
    return out


def _read_sources(chk: _Checker, data: dict[str, Any], content: Content) -> None:
    for path, e in _entries(chk, data, "sources"):
        chk.keys(path, e, ("id", "document", "lang", "title", "published", "url", "publisher"))
        sid = chk.id(f"{path}.id", chk.required(path, e, "id"), "source")
        document = chk.string(f"{path}.document", chk.required(path, e, "document"))
        lang = chk.choice(f"{path}.lang", chk.required(path, e, "lang"), LANGS)
        title = chk.string(f"{path}.title", chk.required(path, e, "title"))
        publisher = chk.text(f"{path}.publisher", chk.required(path, e, "publisher"))
        published, precision = None, "day"
        if "published" in e:
            raw = e["published"]
            if isinstance(raw, str) and _MONTH_RE.match(raw):
                published, precision = date(int(raw[:4]), int(raw[5:7]), 1), "month"
            else:
                published = chk.day(f"{path}.published", raw)
        url = chk.string(f"{path}.url", e["url"]) if "url" in e else None
        if None in (sid, document, lang, title, publisher):
            continue
        _add(chk, content.sources, f"{path}.id", Source(sid, document, lang, title, publisher,
                                                        published, precision, url))


def _read_countries(chk: _Checker, data: dict[str, Any], content: Content) -> None:
    countries = data.get("countries", {})
    if not isinstance(countries, dict):
        chk.bad("countries", N_("expected tables such as [countries.BG.name]"))
        return
    for code, entry in countries.items():
        path = f"countries.{code}"
        if not re.fullmatch(r"[A-Z]{2}", code):
            chk.bad(path, N_("expected a two-letter ISO 3166 code such as BG"))
            continue
        if not isinstance(entry, dict):
            chk.bad(path, N_("expected a table with a name"))
            continue
        chk.keys(path, entry, ("name", "aliases"))
        name = chk.text(f"{path}.name", chk.required(path, entry, "name"))
        aliases = chk.strings(f"{path}.aliases", entry.get("aliases", []))
        if name is not None:
            if code in content.countries:
                chk.bad(path, N_("duplicate country"))
            content.countries[code] = Country(code, name, aliases)


def _read_programme(chk: _Checker, data: dict[str, Any], content: Content) -> None:
    for path, e in _entries(chk, data, "programme"):
        chk.keys(path, e, (*_COMMON, "acronym", "summary", "funder_refs", "manager_refs", "url",
                           "calendar_feed", *PROGRAMME_FACTS))
        common = chk.item_common(path, e, "programme")
        acronym = chk.string(f"{path}.acronym", chk.required(path, e, "acronym"))
        summary = chk.text(f"{path}.summary", chk.required(path, e, "summary"))
        facts = {}
        for fact in PROGRAMME_FACTS:
            if fact in e:
                text = chk.text(f"{path}.{fact}", e[fact])
                if text is not None:
                    facts[fact] = text
        funder_refs = chk.strings(f"{path}.funder_refs", e.get("funder_refs", []))
        manager_refs = chk.strings(f"{path}.manager_refs", e.get("manager_refs", []))
        url = chk.string(f"{path}.url", e["url"]) if "url" in e else None
        feed = (chk.string(f"{path}.calendar_feed", e["calendar_feed"])
                if "calendar_feed" in e else None)
        if feed is not None and not is_feed_link(feed):
            chk.bad(f"{path}.calendar_feed", N_("must start with https://, http:// or webcal://"))
            feed = None
        if common is None or acronym is None or summary is None:
            continue
        prog = Programme(**common, acronym=acronym, summary=summary, facts=facts,
                         funder_refs=funder_refs, manager_refs=manager_refs, url=url,
                         calendar_feed=feed)
        _add(chk, content.programmes, f"{path}.id", prog)


def _read_when(chk: _Checker, path: str, value: Any,
               precision: str | None) -> date | datetime | None:
    """A start or end value in the form its precision requires."""
    if precision == "exact":
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                chk.bad(path, N_("write the local time without an offset; the zone goes in `zone`"))
                return None
            return value
        chk.bad(path, N_("precision 'exact' needs a local date-time such as "
                         "2021-09-30T10:00:00, got {value}"), value=repr(value))
        return None
    if precision == "day":
        return chk.day(path, value)
    if precision == "month":
        if isinstance(value, str) and _MONTH_RE.match(value):
            return date(int(value[:4]), int(value[5:7]), 1)
        chk.bad(path, N_("precision 'month' needs a string such as \"2021-10\", got {value}"),
                value=repr(value))
    return None


def _read_events(chk: _Checker, data: dict[str, Any], content: Content) -> None:
    for path, e in _entries(chk, data, "events"):
        chk.keys(path, e, ("id", "aliases", "sources", "updated", "title", "programme", "kind",
                           "precision", "start", "end", "zone", "description", "recurrence",
                           "cities", "organisers", "link", "status", "sequence",
                           "known_until"))
        keywords = e.get("aliases", {})
        common = chk.item_common(path, e, "event", name_key="title")
        kw: dict[str, tuple[str, ...]] = {}
        if not isinstance(keywords, dict):
            chk.bad(f"{path}.aliases",
                    N_("expected a table of lists per language, e.g. en = [...]"))
        else:
            for lang, words in keywords.items():
                if lang not in LANGS:
                    chk.bad(f"{path}.aliases.{lang}", N_("unknown language (use: {langs})"),
                            langs=" ".join(LANGS))
                    continue
                kw[lang] = chk.strings(f"{path}.aliases.{lang}", words)
        programme = chk.string(f"{path}.programme", chk.required(path, e, "programme"))
        kind = chk.choice(f"{path}.kind", chk.required(path, e, "kind"), EVENT_KINDS)
        precision = chk.choice(f"{path}.precision", chk.required(path, e, "precision"), PRECISIONS)
        start = _read_when(chk, f"{path}.start", chk.required(path, e, "start"), precision)
        end = _read_when(chk, f"{path}.end", e["end"], precision) if "end" in e else None
        if start is not None and end is not None and end < start:
            chk.bad(f"{path}.end", N_("is before start"))
        zone = chk.zone(f"{path}.zone", chk.required(path, e, "zone"))
        description = chk.text(f"{path}.description", chk.required(path, e, "description"))
        recurrence = None
        if "recurrence" in e:
            recurrence = chk.string(f"{path}.recurrence", e["recurrence"])
            if recurrence is not None:
                try:
                    rrulestr(recurrence, dtstart=datetime(2000, 1, 1))  # noqa: DTZ001 - syntax only
                except (ValueError, TypeError) as exc:
                    chk.bad(f"{path}.recurrence", N_("not an iCalendar RRULE: {reason}"),
                            reason=exc)
                    recurrence = None
        known_until = None
        if "known_until" in e:
            known_until = _read_when(chk, f"{path}.known_until", e["known_until"], precision)
            if recurrence is None:
                chk.bad(f"{path}.known_until", N_("only a recurring event (with `recurrence`) "
                                                  "can say until when its dates are known"))
            elif known_until is not None and start is not None and known_until < start:
                chk.bad(f"{path}.known_until", N_("is before start"))
        cities = chk.strings(f"{path}.cities", e.get("cities", []))
        organisers = chk.strings(f"{path}.organisers", e.get("organisers", []))
        link = chk.string(f"{path}.link", e["link"]) if "link" in e else None
        if link is not None and not is_web_link(link):
            chk.bad(f"{path}.link", N_("must start with https:// or http://"))
            link = None
        status = chk.choice(f"{path}.status", e.get("status", "scheduled"),
                            ("scheduled", "cancelled"))
        sequence = e.get("sequence", 0)
        if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 0:
            chk.bad(f"{path}.sequence", N_("expected a whole number >= 0, got {value}"),
                    value=repr(sequence))
            sequence = 0
        if None in (common, programme, kind, precision, start, zone, description, status):
            continue
        event = Event(**common, programme=programme, kind=kind, precision=precision, start=start,
                      end=end, zone=zone, description=description, recurrence=recurrence,
                      cities=cities, organisers=organisers, keywords=kw, link=link, status=status,
                      sequence=sequence, known_until=known_until)
        _add(chk, content.events, f"{path}.id", event)


def _read_cities(chk: _Checker, data: dict[str, Any], content: Content) -> None:
    for path, e in _entries(chk, data, "cities"):
        chk.keys(path, e, (*_COMMON, "country", "zone", "summary", "roles"))
        common = chk.item_common(path, e, "city")
        country = chk.string(f"{path}.country", chk.required(path, e, "country"))
        zone = chk.zone(f"{path}.zone", chk.required(path, e, "zone"))
        summary = chk.text(f"{path}.summary", chk.required(path, e, "summary"))
        roles = []
        raw_roles = e.get("roles", [])
        if not isinstance(raw_roles, list):
            chk.bad(f"{path}.roles", N_("expected a list of {{ programme = ..., role = ... }}"))
            raw_roles = []
        for i, r in enumerate(raw_roles):
            rpath = f"{path}.roles[{i}]"
            if not isinstance(r, dict):
                chk.bad(rpath, N_("expected {{ programme = ..., role = ... }}"))
                continue
            chk.keys(rpath, r, ("programme", "role"))
            prog = chk.string(f"{rpath}.programme", chk.required(rpath, r, "programme"))
            role = chk.choice(f"{rpath}.role", chk.required(rpath, r, "role"), CITY_ROLES)
            if prog and role:
                roles.append(CityRole(prog, role))
        if None in (common, country, zone, summary):
            continue
        city = City(**common, country=country, zone=zone, summary=summary, roles=tuple(roles))
        _add(chk, content.cities, f"{path}.id", city)


def _read_pairs(chk: _Checker, data: dict[str, Any], content: Content) -> None:
    for path, e in _entries(chk, data, "pairs"):
        chk.keys(path, e, ("programme", "cities", "since", "status", "partner_country", "note",
                           "sources", "updated"))
        programme = chk.string(f"{path}.programme", chk.required(path, e, "programme"))
        cities = chk.strings(f"{path}.cities", chk.required(path, e, "cities") or [])
        status = chk.choice(f"{path}.status", e.get("status", "confirmed"),
                            ("confirmed", "pending"))
        partner_country = None
        if status == "pending":
            partner_country = chk.string(f"{path}.partner_country",
                                         chk.required(path, e, "partner_country"))
            if len(cities) != 1:
                chk.bad(f"{path}.cities", N_("a pending pair lists exactly one city"))
        elif len(cities) != 2:
            chk.bad(f"{path}.cities", N_("a pair lists exactly two cities"))
        since = chk.day(f"{path}.since", e["since"]) if "since" in e else None
        note = chk.text(f"{path}.note", e["note"]) if "note" in e else None
        sources = chk.strings(f"{path}.sources", chk.required(path, e, "sources") or [])
        updated = chk.day(f"{path}.updated", chk.required(path, e, "updated"))
        if None in (programme, status, updated) or not sources:
            continue
        content.pairs.append(Pair(programme, cities, sources, updated, chk.file, status,
                                  partner_country, since, note))


def _read_organisations(chk: _Checker, data: dict[str, Any], content: Content) -> None:
    for path, e in _entries(chk, data, "organisations"):
        chk.keys(path, e, (*_COMMON, "summary", "city", "programmes", "url"))
        common = chk.item_common(path, e, "org")
        summary = chk.text(f"{path}.summary", chk.required(path, e, "summary"))
        city = chk.string(f"{path}.city", e["city"]) if "city" in e else None
        programmes = chk.strings(f"{path}.programmes", e.get("programmes", []))
        url = chk.string(f"{path}.url", e["url"]) if "url" in e else None
        if common is None or summary is None:
            continue
        org = Organisation(**common, summary=summary, city=city, programmes=programmes, url=url)
        _add(chk, content.organisations, f"{path}.id", org)


def _read_people(chk: _Checker, data: dict[str, Any], content: Content) -> None:
    for path, e in _entries(chk, data, "people"):
        chk.keys(path, e, (*_COMMON, "role", "summary", "city", "organisation"))
        common = chk.item_common(path, e, "person")
        role = chk.text(f"{path}.role", chk.required(path, e, "role"))
        summary = chk.text(f"{path}.summary", chk.required(path, e, "summary"))
        city = chk.string(f"{path}.city", e["city"]) if "city" in e else None
        organisation = chk.string(f"{path}.organisation", e["organisation"]) \
            if "organisation" in e else None
        if common is None or role is None or summary is None:
            continue
        person = Person(**common, role=role, summary=summary, city=city, organisation=organisation)
        _add(chk, content.people, f"{path}.id", person)


def _read_cues(chk: _Checker, path: str, value: Any) -> dict[str, tuple[str, ...]]:
    """Question words per language: a table of lists, every language present."""
    if not isinstance(value, dict):
        chk.bad(path, N_("expected a table of word lists per language, e.g. en = [...]"))
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for lang in LANGS:
        if lang not in value:
            chk.bad(f"{path}.{lang}", N_("missing (list the words a question in this "
                                         "language would use)"))
            continue
        out[lang] = chk.strings(f"{path}.{lang}", value[lang])
    for lang in value:
        if lang not in LANGS:
            chk.bad(f"{path}.{lang}", N_("unknown language (use: {langs})"),
                    langs=" ".join(LANGS))
    return out


def _read_facts(chk: _Checker, data: dict[str, Any], content: Content) -> None:
    for path, e in _entries(chk, data, "facts"):
        chk.keys(path, e, ("id", "about", "answers", "affirms", "unsaid", "announces", "text",
                           "cues", "sources", "updated"))
        fact_id = chk.id(f"{path}.id", chk.required(path, e, "id"), "fact")
        about = chk.strings(f"{path}.about", chk.required(path, e, "about") or [])
        if "about" in e and not about:
            chk.bad(f"{path}.about", N_("name at least one programme, city, organisation, "
                                        "person, event or country"))
        answers = chk.choice(f"{path}.answers", chk.required(path, e, "answers"), FACT_ANSWERS)
        affirms = e.get("affirms", False)
        if not isinstance(affirms, bool):
            chk.bad(f"{path}.affirms", N_("expected true or false, got {value}"),
                    value=repr(affirms))
            affirms = False
        unsaid = tuple(chk.choice(f"{path}.unsaid", word, QUESTION_WORDS)
                       for word in chk.strings(f"{path}.unsaid", e.get("unsaid", [])))
        announces = tuple(chk.choice(f"{path}.announces", kind, EVENT_KINDS)
                          for kind in chk.strings(f"{path}.announces", e.get("announces", [])))
        text = chk.text(f"{path}.text", chk.required(path, e, "text"))
        cues = _read_cues(chk, f"{path}.cues", chk.required(path, e, "cues"))
        sources = chk.strings(f"{path}.sources", chk.required(path, e, "sources") or [])
        if "sources" in e and not sources:
            chk.bad(f"{path}.sources", N_("list at least one source id"))
        updated = chk.day(f"{path}.updated", chk.required(path, e, "updated"))
        if None in (fact_id, answers, text, updated) or not about or not sources:
            continue
        fact = Fact(fact_id, about, answers, text, cues, sources, updated, chk.file, affirms,
                    tuple(w for w in unsaid if w), tuple(k for k in announces if k))
        _add(chk, content.facts, f"{path}.id", fact)


QUESTION_WORDS = tuple(QUESTION_TYPES)  # what a fact's ``unsaid`` may list

_READERS: tuple[Callable[[_Checker, dict[str, Any], Content], None], ...] = (
    _read_sources, _read_countries, _read_programme, _read_events, _read_cities, _read_pairs,
    _read_organisations, _read_people, _read_facts,
)

def _add(chk: _Checker, table: dict[str, Any], key: str, item: Any) -> None:
    if item.id in chk.origins:
        chk.bad(key, N_("duplicate id '{id}' (first defined at {where})"), id=item.id,
                where=chk.origins[item.id])
        return
    chk.origins[item.id] = f"{chk.file}: {key}"
    table[item.id] = item


def _check_references(content: Content, problems: list[Problem]) -> None:
    """Every id used must exist, with the right kind."""
    known: dict[str, set[str]] = {
        "source": set(content.sources),
        "programme": set(content.programmes),
        "city": set(content.cities),
        "org": set(content.organisations),
        "person": set(content.people),
        "event": set(content.events),
    }

    def ref(file: str, key: str, value: str | None, kind: str) -> None:
        if value is not None and value not in known[kind]:
            problems.append(Problem(file, key, N_("unknown {kind} id '{value}'"),
                                    _values({"kind": kind, "value": value})))

    def refs(file: str, key: str, values: Iterable[str], kind: str) -> None:
        for i, v in enumerate(values):
            ref(file, f"{key}[{i}]", v, kind)

    for item_table in (content.programmes, content.cities, content.organisations,
                       content.people, content.events):
        for item in item_table.values():
            refs(item.file, f"{item.id}.sources", item.sources, "source")
    for p in content.programmes.values():
        refs(p.file, f"{p.id}.funder_refs", p.funder_refs, "org")
        refs(p.file, f"{p.id}.manager_refs", p.manager_refs, "org")
    for c in content.cities.values():
        if c.country not in content.countries:
            problems.append(Problem(c.file, f"{c.id}.country",
                                    N_("unknown country '{code}' (add [countries.{code}])"),
                                    _values({"code": c.country})))
        for i, role in enumerate(c.roles):
            ref(c.file, f"{c.id}.roles[{i}].programme", role.programme, "programme")
    for i, pair in enumerate(content.pairs):
        key = f"pairs[{i}]"
        ref(pair.file, f"{key}.programme", pair.programme, "programme")
        refs(pair.file, f"{key}.cities", pair.cities, "city")
        refs(pair.file, f"{key}.sources", pair.sources, "source")
        if pair.partner_country and pair.partner_country not in content.countries:
            problems.append(Problem(pair.file, f"{key}.partner_country",
                                    N_("unknown country '{code}'"),
                                    _values({"code": pair.partner_country})))
    for o in content.organisations.values():
        ref(o.file, f"{o.id}.city", o.city, "city")
        refs(o.file, f"{o.id}.programmes", o.programmes, "programme")
    for person in content.people.values():
        ref(person.file, f"{person.id}.city", person.city, "city")
        ref(person.file, f"{person.id}.organisation", person.organisation, "org")
    for fact in content.facts.values():
        refs(fact.file, f"{fact.id}.sources", fact.sources, "source")
        for i, about in enumerate(fact.about):
            kind, _, code = about.partition(":")
            if kind == "country":
                if code not in content.countries:
                    problems.append(Problem(fact.file, f"{fact.id}.about[{i}]",
                                            N_("unknown country '{code}' (add "
                                               "[countries.{code}])"), _values({"code": code})))
            elif kind in known and kind != "source":
                ref(fact.file, f"{fact.id}.about[{i}]", about, kind)
            else:
                problems.append(Problem(fact.file, f"{fact.id}.about[{i}]",
                                        N_("expected a programme, city, org, person, event or "
                                           "country id, got '{value}'"), _values({"value": about})))
    for ev in content.events.values():
        ref(ev.file, f"{ev.id}.programme", ev.programme, "programme")
        refs(ev.file, f"{ev.id}.cities", ev.cities, "city")
        refs(ev.file, f"{ev.id}.organisers", ev.organisers, "org")


OVERLAY_NAME = "chat edits"


def _overlay_value(value: Any, precision: Any) -> Any:
    """Overlay events are JSON: turn their date strings back into TOML's date types."""
    if not isinstance(value, str):
        return value
    if precision == "exact":
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(value)
    elif precision == "day":
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value)
    return value


def _read_overlay(overlay: dict[str, Any], content: Content, problems: list[Problem]) -> None:
    """Events added or edited from the chat: same rules; they replace events of the same id."""
    events = []
    for event in overlay.get("events", []):
        if isinstance(event, dict):
            event = {**event, **{k: _overlay_value(event.get(k), event.get("precision"))
                                 for k in ("start", "end") if k in event}}
            for key in ("updated",):
                if isinstance(event.get(key), str):
                    with contextlib.suppress(ValueError):
                        event[key] = date.fromisoformat(event[key])
        events.append(event)
    edits = Content(sources=content.sources)
    chk = _Checker(OVERLAY_NAME, problems, {})
    _read_events(chk, {"events": events}, edits)
    content.events.update(edits.events)
    _read_phrasings(chk, overlay.get("phrasings", []), content)


# Answers that are computed rather than stored, as a taught phrasing may name them.
COMPUTED_KEYS = ("pairs", "programmes", "upcoming", "time_left", "out_of_scope")
_KEYED_PREFIXES = {"when": "event", "partner": "city", "overview": None}


def answer_key_exists(content: Content, key: str) -> bool:
    """Whether ``key`` names an answer the engine can give (a fact or a computed one)."""
    if key in COMPUTED_KEYS or key in content.facts:
        return True
    head, _, ref = key.partition(":")
    if head not in _KEYED_PREFIXES:
        return False
    kind = _KEYED_PREFIXES[head]
    item = content.item(ref)
    return item is not None and (kind is None or ref.startswith(f"{kind}:"))


def _read_phrasings(chk: _Checker, raw: Any, content: Content) -> None:
    """Questions coordinators attached to an answer (or declined): validated, then indexed."""
    if not isinstance(raw, list):
        chk.bad("phrasings", N_("expected a list of {{key, question, lang}}"))
        return
    taught: dict[str, list[str]] = {}
    for i, entry in enumerate(raw):
        path = f"phrasings[{i}]"
        if not isinstance(entry, dict):
            chk.bad(path, N_("expected a table with key, question and lang"))
            continue
        chk.keys(path, entry, ("key", "question", "lang"))
        key = chk.string(f"{path}.key", chk.required(path, entry, "key"))
        question = chk.string(f"{path}.question", chk.required(path, entry, "question"))
        chk.choice(f"{path}.lang", chk.required(path, entry, "lang"), LANGS)
        if key is not None and not answer_key_exists(content, key):
            chk.bad(f"{path}.key", N_("no answer '{key}' in the content"), key=key)
            continue
        if key is not None and question is not None:
            taught.setdefault(key, []).append(question)
    content.phrasings = {k: tuple(v) for k, v in taught.items()}


def load_content(path: Path | str | None = None,
                 overlay: dict[str, Any] | None = None) -> Content:
    """Load and validate a content directory (or one file); raise ContentError on problems.

    ``overlay`` holds events added or edited from the chat ({"events": [...]}, the TOML
    shape with dates as ISO strings); they pass the same checks and win over the files.
    """
    root = Path(path) if path is not None else DATA_DIR
    files = sorted(root.glob("*.toml")) if root.is_dir() else [root]
    problems: list[Problem] = []
    if not files or not root.exists():
        raise ContentError([Problem(str(root), "", N_("no .toml content files found"))])
    content = Content()
    origins: dict[str, str] = {}
    for file in files:
        name = file.name
        try:
            with file.open("rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            problems.append(Problem(name, "", N_("invalid TOML: {reason}"),
                                    _values({"reason": exc})))
            continue
        except OSError as exc:
            problems.append(Problem(name, "", N_("cannot read: {reason}"),
                                    _values({"reason": exc.strerror})))
            continue
        chk = _Checker(name, problems, origins)
        for key in data:
            if key not in _TOP_LEVEL:
                chk.bad(key, N_("unknown top-level key (allowed: {allowed})"),
                        allowed=", ".join(_TOP_LEVEL))
        for reader in _READERS:
            reader(chk, data, content)
    if overlay:
        _read_overlay(overlay, content, problems)
    _check_references(content, problems)
    if not content.programmes and not problems:
        problems.append(Problem(str(root), "", N_("no programme defined")))
    if problems:
        raise ContentError(problems)
    return content
