"""Event sentences rendered for every kind, precision and moment, in every language.

Titles are noun phrases or whole clauses; the sentence must read well with
either (the title is a label before a colon), with every placeholder filled,
Korean particles resolved and Catalan articles elided.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from content.langs import LANGS
from content.models import EVENT_KINDS, Content, Event
from content.qa import Engine
from content.timing import occurrences, relevant_occurrence

UTC = ZoneInfo("UTC")
CLAUSE = {"en": "Council approves the strategy", "bg": "Съветът одобрява стратегията",
          "ca": "El Consell aprova l'estratègia", "es": "El Consejo aprueba la estrategia",
          "ko": "시의회가 전략을 승인하다", "zh": "市议会批准战略"}
# An exact event's start is local to its zone (naive by design, as the content stores it).
STARTS = {"exact": datetime(2026, 4, 11, 10, 0), "day": date(2026, 4, 11),  # noqa: DTZ001
          "month": date(2026, 4, 1)}
MOMENTS = {"before": datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
           "during": datetime(2026, 4, 11, 10, 30, tzinfo=UTC),
           "after": datetime(2026, 9, 1, 9, 0, tzinfo=UTC)}
ENGLISH_LEFTOVERS = re.compile(r"\b(took place|will take place|planned for|has been|left|"
                               r"closed on|open until|today)\b")


def _event(content: Content, kind: str, precision: str, status: str = "scheduled") -> Event:
    base = content.events["event:citynet-webinar-climate"]
    return replace(base, id=f"event:test-{kind}-{precision}", kind=kind, precision=precision,
                   start=STARTS[precision], end=None, name=dict(CLAUSE), status=status,
                   recurrence=None, known_until=None)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", EVENT_KINDS)
@pytest.mark.parametrize("precision", ["exact", "day", "month"])
def test_every_event_sentence_reads_well(engine: Engine, content: Content, lang: str, kind: str,
                                         precision: str) -> None:
    event = _event(content, kind, precision)
    for moment, now in MOMENTS.items():
        text = engine.describe(relevant_occurrence(event, now), lang, now, "Europe/Sofia")
        where = f"{lang} {kind} {precision} {moment}: {text}"
        assert text.startswith(CLAUSE[lang] + (": " if lang != "zh" else "：")), where
        assert "{" not in text and "}" not in text, where
        assert not re.search(r"\((은|는|이|가|을|를|과|와|으)\)", text), where
        assert "  " not in text and not text.endswith(" ") and ".." not in text, where
        if lang == "ca":
            assert not re.search(r"\b(el|de|del|al) (?=[aeiouàèéíòóú]|1\b|11\b)", text), where
        if lang != "en":
            assert not ENGLISH_LEFTOVERS.search(text), where
        if precision == "month" and kind != "deadline":
            after_label = re.split("[:：]", text, maxsplit=1)[1]
            assert "11" not in re.split("[(（]", after_label)[0], where  # no invented day


@pytest.mark.parametrize("lang", LANGS)
def test_cancelled_and_recurring_sentences(engine: Engine, content: Content, lang: str) -> None:
    now = MOMENTS["before"]
    cancelled = _event(content, "webinar", "day", status="cancelled")
    text = engine.describe(occurrences(cancelled)[0], lang, now, "Europe/Sofia")
    assert text.startswith(CLAUSE[lang]) and "{" not in text
    monthly = content.events["event:sofia-sejong-monthly"]
    sentence = engine._event_sentence(lang, monthly, now, "Europe/Sofia")
    # the series stops at its last known date, and the sentence says so
    assert "2021" in sentence and "2026" not in sentence, sentence
