"""Accuracy of the question-answering engine on an evaluation set, per language.

Each case gives the question, the language the reply must be in, the moment
it is asked ("now"), optionally a "prior" (the language the bot already knows
the user by) and what a correct reply is:

- ``"expect": "answer"`` with ``"facts"``: groups of alternatives; the reply
  *body* (never the source line) must contain one alternative of every group.
  Digits are compared without their separators ("17 000" == "17,000").
- ``"expect": "unknown"``: the engine must decline (intent ``unknown``).
- ``"expect": "smalltalk"``: a short social reply (intent ``smalltalk``).

A held-out case marked ``"trained": true`` was also in the training set, word for
word (casefolded, punctuation aside), until commit 4ff2c3e: two writers had asked the
same short question ("Какво е CityNet?"), and the training copy steered the engine.
Those copies are gone from the training set (the suite keeps the sets apart); the
held-out figures are given for all cases and for those never in training.

Scoring is strict: the reply's language must match too, and a body longer
than ``MAX_BODY`` characters counts as padded (wrong). Targets: 95% overall
and 90% in every language; out of scope declined >= 90%, answerable
questions wrongly declined <= 3%.

    python bench/qa_eval.py [--verbose] [--set bench/qa_train.jsonl] [--set ...]

The training set (``qa_train.jsonl``) steers the engine; the held-out set
(``qa_holdout.jsonl``) was written before the engine was rebuilt, by someone
who had not seen it, and is never used for tuning. A second held-out set
(``qa_holdout2.jsonl``, 300 questions) was written later from the seed
documents alone, by someone who had seen neither the engine nor the other
sets; it scored 86.0% on the engine as it stood then (commit 2bbd3ce).

The last 350 questions of the training set were written the same way, from the
seed documents alone and without sight of the engine or the other sets; on the
engine as it stood then (commit 0a75079: training 92.7%,
held-out 86.4%, held-out 2 87.0%) they scored 80.0%, before they steered anything.
The 350 after them (the last 350 lines) were written the same way later; on the
engine as it stood then (commit 5cc8ea3: training 94.2%, held-out 88.2%,
held-out 2 89.0%) they scored 88.6%, before they steered anything. So did the
350 written after those (commit a0c5928: training 95.2%, held-out 90.0%,
held-out 2 89.7%): 88.6%, before they steered anything. The last 350 of all
were written after the third held-out set (commit 0e33a5d: training 96.5%,
held-out 90.3%, held-out 2 91.0%, held-out 3 88.3%): 89.4%, before they
steered anything; and 350 more after them (commit c6c9256, training 96.3%):
86.6%; and 280 more (commit fde63b1, training 96.3%): 88.2%; and the last 296
(commit b743a74, training 95.7%, held-out 90.3%, held-out 2 91.3%, held-out 3 89.4%):
84.8%; and the last 307, asked for more varied askers, moods and multi-part questions
(commit cb56c2e, training 96.3%, held-out 91.2%, held-out 2 92.7%, held-out 3 91.7%):
79.8%, with 16.7% of the answerable ones wrongly declined. Then three batches written
the same way (Bulgarian, English and Catalan; then two of Spanish, Korean and Chinese):
162 questions at commit 4447dc6 (training 96.5%): 92.6%; 150 at the same commit: 79.3%;
150 at commit b0bf95c (training 96.8%, held-out 91.2%, held-out 2 94.7%, held-out 3 94.0%):
88.7%, each before it steered anything (385 of them new, the rest already in the sets).
The 12 lines after those are out-of-scope questions written with sight of the engine, to
keep the set's share of them at 15%; they scored 75.0% when added.
The 879 lines after those are eight more batches written the same way (first 160
Bulgarian, English and Catalan, 150 Spanish, Korean and Chinese, 150 in six languages;
then 150 Bulgarian, English and Catalan and 150 Spanish, Korean and Chinese; then 150
Catalan, Spanish and English, 150 Bulgarian, Korean and Chinese and 60 out-of-scope
questions in all six), less 241 already in the sets or written twice. Before they
steered anything they scored
91.9%, 92.0% and 91.3% (commit 6c0cb2d: training 96.4%, held-out 91.2%, held-out 2 94.7%,
held-out 3 94.0%), 88.7% and 89.3% (commit a1c7782: training 96.5%, held-out 91.2%,
held-out 2 95.0%, held-out 3 94.3%), and 90.0%, 94.0% and 91.7% (commit c8e9825:
training 96.6%, held-out 92.1%, held-out 2 95.0%, held-out 3 94.3%). 24 of the 241
are held-out questions; one of them ("ㅇㅋ", Korean for "ok", in a batch and in
held-out 1) was answered in English and its fix (Hangul keeps small talk Korean) counts
in held-out 1's figure.
The last 479 lines are four more batches written the same way (150 Catalan and Spanish,
150 Bulgarian and Chinese; then 150 Catalan, Spanish, English and Bulgarian, 150 Korean,
Chinese and Latin-typed Bulgarian), less 121 already in the sets (10 of them held-out
questions). Before they steered anything they scored 88.7% and 93.3% (commit c1359a6:
training 96.4%, held-out 92.7%, held-out 2 95.0%, held-out 3 94.3%), and 93.3% and 92.0%
(commit 4715b63: training 96.4%, held-out 92.7%, held-out 2 95.3%, held-out 3 94.3%).
Then 203 more from two batches of 150 in all six languages (less 97 already in the sets,
3 of them held-out questions), which scored 92.7% (commit a345375: training 96.3%,
held-out 92.7%, held-out 2 95.7%, held-out 3 94.3%) and 95.3% (commit c11c132: the same
but held-out 2 95.3%) before they steered anything; the last 6 lines are out-of-scope
questions written with sight of the engine, to keep the set's share of them at 15% (all
6 declined when added).
At commit 4ff2c3e the 361 training lines that repeated a held-out question word for word
were removed (the figures above count them as they were then).
The last 332 lines are three more batches written the same way (150 Catalan, Spanish
and English from terse phone-typing askers; 156 Bulgarian, Latin-typed Bulgarian, Korean
and Chinese; 150 in all six languages on details checked before a meeting), less 124
already in the sets (43 of them held-out questions, none of which steered a fix). Before
they steered anything they scored 92.7% (commit 5166654: training 96.4%, held-out 92.7%,
held-out 2 96.0%, held-out 3 94.6%), 94.7% (commit c3054dd, the same) and 96.8%
(commit 48637f9, the same).
The last 157 lines are two more batches (120 Catalan, Spanish and Bulgarian from a work
chat; 120 in all six languages from askers who half-remember, confirm and ask two things
at once), less 83 already in the sets (34 of them held-out questions, none of which
steered a fix). Before they steered anything they scored 98.3% (commit 3638cbd: training
96.6%, held-out 92.7%, held-out 2 96.3%, held-out 3 94.6%) and 92.5% (commit 5d2d830, the
same).
The last 366 lines are three more batches (150 Catalan, Spanish, Bulgarian and English from
busy askers, written twice by two writers; 150 Korean, Chinese, Catalan, Spanish and
Bulgarian from askers preparing a report), less 84 already in the sets (31 of them held-out
questions, none of which steered a fix). Before they steered anything they scored 92.7%,
94.0% and 93.3% (commit d95b1e3: training 96.7%, held-out 92.7%, held-out 2 96.3%, held-out
3 94.6%).
The last 254 lines are two more batches (150 Bulgarian, Latin-typed Bulgarian, Catalan and
Spanish from newcomers who use everyday words; 150 Chinese, Korean, English and Catalan
from askers who compare, combine and quote numbers to check), less 46 already in the sets
(14 of them held-out questions, none of which steered a fix). Before they steered anything
they scored 90.0% and 88.7% (commit 565d6cc: training 96.7%, held-out 92.7%, held-out 2
96.7%, held-out 3 94.6%).
The last 253 lines are two more batches (150 Catalan, Spanish, Bulgarian and Latin-typed
Bulgarian typed as in a messaging app; 150 Chinese, Korean, Bulgarian and English from
officials who ask at length), less 47 already in the sets (16 of them held-out questions,
none of which steered a fix). Before they steered anything they scored 88.7% and 87.3%
(commit 2e5324d: training 96.6%, held-out 92.7%, held-out 2 96.7%, held-out 3 95.1%).
The last 229 lines are two more batches (150 Korean, Chinese, Bulgarian, Latin-typed
Bulgarian and Spanish typed quickly on a phone; 150 Catalan, Spanish, English and Bulgarian
checking one detail before a newsletter), less 71 already in the sets (16 of them held-out
questions). Before they steered anything they scored 97.3% (commit 8b8b827: training
96.4%, held-out 92.7%, held-out 2 97.0%, held-out 3 95.1%) and 94.7% (commit 1bf8b74, the
same). Two of the questions left out, "¿CityNet?" and "CityNet？", read like held-out 1's
"CityNet?" once punctuation is dropped (that one is asked with a Korean prior); their fixes
(a name alone is no yes/no question; full-width punctuation is Chinese) leave it as it was.
The last 233 lines are two more batches (150 Catalan, Spanish and Bulgarian, mostly one to
six words, with the asker's language as a prior where a word or two cannot show it; 150
Bulgarian, Latin-typed Bulgarian, English and Chinese asking to confirm or correct), less 67
already in the sets (23 of them held-out questions, none of which steered a fix). Before
they steered anything they scored 93.3% and 92.0% (commit c1519d1: training 96.4%,
held-out 92.7%, held-out 2 97.0%, held-out 3 95.1%).
The last 132 lines are one more batch (150 Catalan, Spanish, Korean and Chinese from all kinds
of askers, on every part of the sources), less 18 already in the sets (2 of them held-out
questions, neither of which steered a fix). Before it steered anything it scored 92.0%
(commit 69ece47: training 96.3%, the held-out sets as before).
The last 112 lines are one more batch (150 Catalan, Spanish, Bulgarian and Latin-typed
Bulgarian from staff who describe things instead of naming them), less 38 already in the
sets (11 of them held-out questions, none of which steered a fix). Before it steered
anything it scored 91.3% (commit e4a07d7: training 96.4%, held-out 92.7%, held-out 2 97.0%,
held-out 3 95.4%).
The last 271 lines are two more batches (150 Catalan, Spanish, English and Bulgarian, 150
Korean, Chinese and Bulgarian, from askers who say what they need the answer for), less 29
already in the sets (10 of them held-out questions, none of which steered a fix). Before
they steered anything they scored 91.3% (commit cdab50e: training 96.4%, held-out 92.7%,
held-out 2 97.0%, held-out 3 95.4%) and 86.0% (commit db42a27, the same).
The last 316 lines are three more batches (150 Catalan and Spanish from staff preparing a
presentation; 150 Spanish, Catalan, English and Bulgarian from newcomers asking one detail
at a time, some misremembering it; 150 in all six languages from communications officers),
less 131 already in the sets (34 of them held-out questions, none of which steered a fix)
and 3 follow-ups that mean nothing without the question before them ("i quan?"). Before
they steered anything they scored 90.0%, 93.3% and 93.3% (commit d451b8f: training 96.2%,
held-out 92.7%, held-out 2 97.0%, held-out 3 95.4%).
The last 366 lines are three more batches (150 Catalan, Spanish and Bulgarian typed in a
hurry in a spoken register; 150 Korean, Chinese, English and Spanish from officials new to
a programme; 150 Spanish, Catalan, English and Bulgarian from researchers and journalists
with precise, tricky questions), less 84 already in the sets (30 of them held-out
questions, none of which steered a fix). Before they steered anything they scored 87.3%,
92.0% and 90.0% (commit 1bc705c: training 96.3%, held-out 92.7%, held-out 2 97.0%,
held-out 3 95.4%).
The last 374 lines are three more batches (150 Catalan and Spanish from city councils that
ask as they would ask a colleague; 150 Spanish, Catalan and English typed short on a phone;
150 in all six languages from staff who say first which city or country they are with),
less 76 already in the sets (18 of them held-out questions, none of which steered a fix).
Before they steered anything they scored 90.7%, 93.3% and 79.3% (commit aba0307: training
96.2%, held-out 93.0%, held-out 2 97.0%, held-out 3 95.4%).
The last 317 lines are three more batches (150 Catalan and Spanish, 150 Bulgarian, Latin-typed
Bulgarian, English and Korean, from askers who read the items quickly and ask what a phrase
means, what an item says of something or which came first; 150 Spanish, Chinese and Catalan
checking figures before a meeting, some remembered wrongly), less 133 already in the sets
(40 of them held-out questions, none of which steered a fix). Before they steered anything
they scored 87.3%, 92.0% and 92.0% (commit 066895a: training 96.2%, held-out 93.0%,
held-out 2 97.3%, held-out 3 95.4%).
The last 376 lines are three more batches (150 Catalan, Spanish and English, 150 Korean,
Chinese, Bulgarian and Latin-typed Bulgarian, from councillors who ask indirectly,
negatively or by description; 150 Spanish and Catalan typed in a messaging-app style), less
74 already in the sets (15 of them held-out questions, none of which steered a fix). Before
they steered anything they scored 93.3%, 90.0% and 90.0% (commit c8f4eaf: training 96.1%,
held-out 93.0%, held-out 2 97.3%, held-out 3 95.4%).
The last 239 lines are two more batches (150 Catalan, 150 Spanish, each from a wide mix of
askers and registers), less 61 already in the sets (11 of them held-out questions, none of
which steered a fix). Before they steered anything they scored 85.3% and 89.3% (commit
ea17ef2: training 95.9%, held-out 93.0%, held-out 2 97.3%, held-out 3 95.7%).
The last 82 lines are one more batch (150 Catalan, Spanish and Bulgarian from staff filling
in a form field by field), less 68 already in the sets (14 of them held-out questions, none
of which steered a fix). Before it steered anything it scored 96.0% (commit dea361d:
training 95.7%, held-out 93.0%, held-out 2 97.3%, held-out 3 95.7%).

A third held-out set (``qa_holdout3.jsonl``, 350 questions) was written after
that, the same way, and is never used for tuning; it scored 88.3% on the engine
as it stood then (commit 1746eb1: training 96.3%, held-out 90.3%, held-out 2
91.0%).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from content.loader import load_content
from content.qa import Engine

HERE = Path(__file__).parent
DEFAULT_SETS = (HERE / "qa_train.jsonl", HERE / "qa_holdout.jsonl", HERE / "qa_holdout2.jsonl",
                HERE / "qa_holdout3.jsonl")
TARGET_OVERALL = 0.95
TARGET_PER_LANG = 0.90
MAX_BODY = 500
_DIGIT_SEP = re.compile(r"(?<=\d)[\s,.\u00a0\u202f'’](?=\d)")


def normalise(text: str) -> str:
    """Casefold, NFKC, and drop separators between digits."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _DIGIT_SEP.sub("", text)


def check(engine: Engine, case: dict) -> list[str]:
    """The ways the engine's reply misses the case (empty when correct)."""
    answer = engine.answer(case["question"], datetime.fromisoformat(case["now"]),
                           case.get("prior"), case.get("tz"))
    problems = []
    expect = case.get("expect", "answer")
    if answer.lang != case["lang"]:
        problems.append(f"lang {answer.lang} != {case['lang']}")
    if expect == "unknown":
        if answer.intent != "unknown":
            problems.append(f"not declined (intent {answer.intent})")
    elif expect == "smalltalk":
        if answer.intent != "smalltalk":
            problems.append(f"intent {answer.intent} != smalltalk")
    else:
        if answer.intent == "unknown":
            problems.append("wrongly declined")
        body = normalise(answer.body)
        missing = [group for group in case["facts"]
                   if not any(normalise(alt) in body for alt in group)]
        if missing:
            problems.append(f"facts missing {missing}")
        if len(answer.body) > MAX_BODY:
            problems.append(f"padded ({len(answer.body)} characters)")
    if problems:
        problems.append(f"intent {answer.intent}: " + answer.body.replace("\n", " | ")[:300])
    return problems


def evaluate(engine: Engine, path: Path, verbose: bool) -> bool:
    cases = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    total: Counter[str] = Counter()
    good: Counter[str] = Counter()
    declined = Counter[str]()
    unseen: Counter[str] = Counter()  # held-out cases never in the training set: tried, correct
    for case in cases:
        lang = case["lang"] + ("-latn" if case.get("variant") == "latin" else "")
        total[lang] += 1
        problems = check(engine, case)
        expect = case.get("expect", "answer")
        total[f"expect:{expect}"] += 1
        if any(p.startswith("wrongly declined") for p in problems):
            declined["answerable"] += 1
        if expect == "unknown" and not any(p.startswith("not declined") for p in problems):
            declined["out_of_scope"] += 1
        if not case.get("trained"):
            unseen["total"] += 1
            unseen["good"] += not problems
        if problems:
            if verbose:
                print(f"FAIL [{lang}] {case['question']}\n    " + "\n    ".join(problems))
        else:
            good[lang] += 1
    print(f"\n{path.name}")
    print(f"{'lang':<9}{'correct':>9}{'total':>7}{'accuracy':>10}")
    ok = True
    langs = sorted(k for k in total if not k.startswith("expect:"))
    for lang in langs:
        acc = good[lang] / total[lang]
        ok &= acc >= TARGET_PER_LANG
        print(f"{lang:<9}{good[lang]:>9}{total[lang]:>7}{acc:>10.1%}")
    n = sum(total[k] for k in langs)
    overall = sum(good.values()) / n
    ok &= overall >= TARGET_OVERALL
    print(f"{'all':<9}{sum(good.values()):>9}{n:>7}{overall:>10.1%}")
    if unseen["total"] < n:
        # Some questions of a held-out set were also asked, word for word, in the
        # training set (short ones two writers both thought of: "What is CityNet?") and so
        # steered the engine: the figure for the others is the one nothing steered.
        print(f"never in training: {unseen['good']}/{unseen['total']} = "
              f"{unseen['good'] / unseen['total']:.1%}")
    oos = total["expect:unknown"]
    answerable = total["expect:answer"]
    if oos:
        rate = declined["out_of_scope"] / oos
        ok &= rate >= 0.90
        print(f"out of scope declined: {declined['out_of_scope']}/{oos} = {rate:.1%}")
    if answerable:
        rate = declined["answerable"] / answerable
        ok &= rate <= 0.03
        print(f"answerable wrongly declined: {declined['answerable']}/{answerable} = {rate:.1%}")
    print(f"targets: {TARGET_OVERALL:.0%} overall, {TARGET_PER_LANG:.0%} per language: "
          + ("met" if ok else "NOT met"))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append",
                        help="evaluation set (JSON lines); repeatable")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every failure")
    args = parser.parse_args()
    engine = Engine(load_content())
    results = [evaluate(engine, path, args.verbose) for path in (args.set or DEFAULT_SETS)
               if path.exists()]
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
