"""The evaluation set is well-formed and the engine meets its accuracy targets on it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bench.qa_eval import EVAL_SET, TARGET_OVERALL, TARGET_PER_LANG, check
from content.langs import LANGS
from content.models import Content
from content.qa import Engine

INTENTS = {"greeting", "help", "unknown", "programme_list", "programme_overview",
           "programme_fact", "city_partner", "city_card", "pairs_list", "event_when",
           "next_event", "next_deadline", "time_left", "organisation", "person"}


def _cases(path: Path = EVAL_SET) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def test_set_covers_languages_and_intents(content: Content) -> None:
    cases = _cases()
    per_lang = Counter(c["lang"] for c in cases)
    assert len(cases) >= 250 and set(per_lang) == set(LANGS)
    assert min(per_lang.values()) >= 40
    assert {c["intent"] for c in cases} == INTENTS
    for case in cases:
        for ref in case["refs"]:
            assert content.item(ref) is not None, ref
        assert case["facts"], case["question"]


def test_accuracy_targets(engine: Engine) -> None:
    total: Counter[str] = Counter()
    good: Counter[str] = Counter()
    for case in _cases():
        total[case["lang"]] += 1
        good[case["lang"]] += not check(engine, case)
    assert sum(good.values()) / sum(total.values()) >= TARGET_OVERALL
    for lang in total:
        assert good[lang] / total[lang] >= TARGET_PER_LANG, lang
