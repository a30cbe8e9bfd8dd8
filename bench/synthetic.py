"""Generate synthetic content 100x the real store: 1,000 cities, 5,000 events, 10,000 facts.

The files use the same TOML format as content/data and are loaded by the
same loader, beside a copy of the real files, so benchmarks measure the real
code path at scale.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from content.langs import LANGS
from content.loader import DATA_DIR

_SYLLABLES = ["ka", "lo", "mi", "ra", "ven", "tor", "sa", "del", "bur", "gan", "ni", "po", "rek",
              "sta", "lin", "mar", "ob", "zu", "che", "ham", "vik", "dor", "an", "el", "ost"]
_CYR = {"a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "g": "г", "h": "х", "i": "и",
        "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
        "t": "т", "u": "у", "v": "в", "z": "з"}
_KINDS = ["meeting", "webinar", "deadline", "study_visit", "conference", "milestone"]
_TOPICS = ["mobility", "energy", "water", "housing", "data", "health", "culture", "waste",
           "tourism", "education", "climate", "ports", "parks", "safety", "finance"]


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        if name not in used:
            used.add(name)
            return name


def _cyrillic(name: str) -> str:
    return "".join(_CYR.get(ch, ch) for ch in name.lower()).capitalize()


def _text(value: str) -> str:
    return "{ " + ", ".join(f'{lang} = "{value}"' for lang in LANGS) + " }"


def write_synthetic(target: Path, cities: int = 1000, events: int = 5000,
                    seed: int = 7, first_day: date | None = None, days: int = 0,
                    facts: int = 10000) -> Path:
    """Write the real content plus synthetic cities, events and facts into ``target``.

    Event dates are spread over 2020-2028, or over ``days`` days from ``first_day``.
    """
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for file in DATA_DIR.glob("*.toml"):
        shutil.copy(file, target / file.name)
    used: set[str] = set()
    city_ids = []
    lines = ['[countries.XS]\nname = ' + _text("Synthland")]
    for i in range(cities):
        name = _name(rng, used)
        cid = f"city:syn-{i}"
        city_ids.append(cid)
        lines.append(
            f'[[cities]]\nid = "{cid}"\ncountry = "XS"\nzone = "Europe/Berlin"\n'
            f'aliases = ["{name}", "{_cyrillic(name)}", "{name.lower()}grad"]\n'
            f'roles = [{{ programme = "programme:iurc", role = "participant" }}]\n'
            f'sources = ["source:sofia-iurc-kickoff-en"]\nupdated = 2026-11-22\n'
            f'name = {_text(name)}\nsummary = {_text(name + " is a synthetic city.")}\n')
    (target / "zz_synthetic_cities.toml").write_text("\n".join(lines), encoding="utf-8")

    lines = []
    progs = ["programme:iurc", "programme:icc", "programme:icp", "programme:dcc"]
    for i in range(events):
        topic = rng.choice(_TOPICS)
        word = _name(rng, used)
        kind = rng.choice(_KINDS)
        if first_day is not None:
            when = first_day + timedelta(days=rng.randrange(max(days, 1)))
            year, month, day = when.year, when.month, when.day
        else:
            year, month, day = rng.randint(2020, 2028), rng.randint(1, 12), rng.randint(1, 28)
        cities_of = ", ".join(f'"{c}"' for c in rng.sample(city_ids, 2))
        lines.append(
            f'[[events]]\nid = "event:syn-{i}"\nprogramme = "{rng.choice(progs)}"\n'
            f'kind = "{kind}"\nprecision = "day"\nstart = {year}-{month:02d}-{day:02d}\n'
            f'zone = "Europe/Brussels"\ncities = [{cities_of}]\n'
            f'sources = ["source:icp-programme-ca"]\nupdated = 2026-11-22\n'
            f'title = {_text(f"{word} {topic} {kind}")}\n'
            f'description = {_text(f"Synthetic {kind} on {topic}.")}\n'
            f'aliases = {{ en = ["{word} {topic}", "{word}"] }}\n')
    (target / "zz_synthetic_events.toml").write_text("\n".join(lines), encoding="utf-8")

    lines = []
    answers = ["count", "role", "list", "date", "description", "topic"]
    for i in range(facts):
        topic = rng.choice(_TOPICS)
        word = _name(rng, used).lower()
        about = f'"{rng.choice(city_ids)}", "{rng.choice(progs)}"'
        cues = "{ " + ", ".join(f'{lang} = ["{word}", "{topic}*"]' for lang in LANGS) + " }"
        lines.append(
            f'[[facts]]\nid = "fact:syn-{i}"\nabout = [{about}]\n'
            f'answers = "{rng.choice(answers)}"\nsources = ["source:icp-programme-ca"]\n'
            f'updated = 2026-11-22\ncues = {cues}\n'
            f'text = {_text(f"The {word} figure for {topic} is {rng.randint(2, 900)}.")}\n')
    (target / "zz_synthetic_facts.toml").write_text("\n".join(lines), encoding="utf-8")
    return target
