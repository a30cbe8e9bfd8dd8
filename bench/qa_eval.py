"""Accuracy of the question-answering engine on the evaluation set, per language.

Each case may give a "prior" language: what the bot knows of the user
(Telegram's language_code), needed for one-word queries such as "ICP".
A question counts as correct when the reply's language, intent, references
(a superset of the expected ones) and facts (substrings of the answer) all
match. Targets: 95% overall and 90% in every language.

    python bench/qa_eval.py [--verbose] [--set bench/qa_eval.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from content.loader import load_content
from content.qa import Engine

EVAL_SET = Path(__file__).with_name("qa_eval.jsonl")
TARGET_OVERALL = 0.95
TARGET_PER_LANG = 0.90


def check(engine: Engine, case: dict) -> list[str]:
    """The ways the engine's answer misses the case (empty when correct)."""
    answer = engine.answer(case["question"], datetime.fromisoformat(case["now"]),
                           case.get("prior"))
    problems = []
    if answer.lang != case["lang"]:
        problems.append(f"lang {answer.lang} != {case['lang']}")
    if answer.intent != case["intent"]:
        problems.append(f"intent {answer.intent} != {case['intent']}")
    missing_refs = [r for r in case["refs"] if r not in answer.refs]
    if missing_refs:
        problems.append(f"refs missing {missing_refs} (got {answer.refs})")
    text = answer.text.casefold()
    missing_facts = [f for f in case["facts"] if f.casefold() not in text]
    if missing_facts:
        problems.append(f"facts missing {missing_facts}")
    if problems:
        problems.append("answer: " + answer.text.replace("\n", " | ")[:300])
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=EVAL_SET)
    parser.add_argument("--verbose", "-v", action="store_true", help="print every failure")
    args = parser.parse_args()
    engine = Engine(load_content())
    cases = [json.loads(line) for line in args.set.read_text("utf-8").splitlines() if line]
    total: Counter[str] = Counter()
    good: Counter[str] = Counter()
    for case in cases:
        lang = case["lang"]
        total[lang] += 1
        problems = check(engine, case)
        if problems:
            if args.verbose:
                print(f"FAIL [{lang}] {case['question']}\n    " + "\n    ".join(problems))
        else:
            good[lang] += 1
    ok = True
    print(f"{'lang':<6}{'correct':>9}{'total':>7}{'accuracy':>10}")
    for lang in sorted(total):
        acc = good[lang] / total[lang]
        ok &= acc >= TARGET_PER_LANG
        print(f"{lang:<6}{good[lang]:>9}{total[lang]:>7}{acc:>10.1%}")
    overall = sum(good.values()) / sum(total.values())
    ok &= overall >= TARGET_OVERALL
    print(f"{'all':<6}{sum(good.values()):>9}{sum(total.values()):>7}{overall:>10.1%}")
    print(f"targets: {TARGET_OVERALL:.0%} overall, {TARGET_PER_LANG:.0%} per language: "
          + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
