"""Guess which of our six languages a question is written in.

Statistical detectors misread short and Latin-typed Bulgarian queries (see
STACK-NOTES), so this uses what is reliable for our six languages: script
first (Hangul -> ko, Han -> zh, Cyrillic -> bg), then, for Latin script,
diacritics and a vocabulary of function words, with the caller's preferred
language as a prior that wins ties and one-word queries.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import pairwise

from content.langs import DEFAULT_LANG
from content.lexicon import LATIN_VOCAB
from content.normalize import fold

# word -> languages listing it; a word shared by k languages scores 1/k each.
_VOCAB: dict[str, tuple[str, ...]] = {}
for _lang, _words in LATIN_VOCAB.items():
    for _w in _words:
        _VOCAB[_w] = (*_VOCAB.get(_w, ()), _lang)

_ES_MARKS = set("ñ¿¡á")
_CA_MARKS = set("àèòç·ï")
# Accented words that tell Spanish from Catalan once folding has dropped accents.
_ACCENTED = {
    "qué": "es", "quién": "es", "cuándo": "es", "dónde": "es", "cuál": "es", "cómo": "es",
    "está": "es", "días": "es", "próxima": "es", "próximo": "es", "reunión": "es",
    "què": "ca", "és": "ca", "també": "ca", "pròxima": "ca", "reunió": "ca", "sòcia": "ca",
    "té": "ca", "més": "ca", "sóc": "ca", "són": "ca", "seül": "ca",
    "más": "es", "también": "es", "seúl": "es", "sofía": "es",
}
# Catalan elides an article or pronoun before a vowel ("l'ICP", "d'on", "s'adreça").
_ELISION = re.compile(r"(?<![\w'’])[ldsnm]['’][aeiouhàèéíòóú]")
# Full-width punctuation, which Chinese keyboards type ("CityNet？"); Korean ones do not.
_FULLWIDTH = frozenset("？！，。：；")
# Tie-break order among Latin-script languages when nothing else decides.
_TIE_ORDER = ("en", "es", "ca", "bg")


def _script_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    if text.isascii():  # the common case, without a per-character Unicode lookup
        counts["latin"] = sum(ch.isalpha() for ch in text)
        return counts
    for ch in text:
        o = ord(ch)
        if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            counts["ko"] += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            counts["zh"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["bg"] += 1
        elif ch.isalpha() and unicodedata.category(ch).startswith("L") and o < 0x0250:
            counts["latin"] += 1
    return counts


# Programme names are English in every language ("Sofia participa a l'Intelligent Cities
# Challenge?"): their words say nothing of the asker's language.
_NAMES = re.compile(r"\b(?:intelligent|digital) cities challenge\b|\binternational city "
                    r"partnerships\b|\binternational urban (?:and|&) regional cooperation\b",
                    re.IGNORECASE)


# What a word the content's own texts use in one language weighs, beside a function word
# of that language (1): content words are fewer per question and more often shared.
CONTENT_WORD_WEIGHT = 0.5


def content_vocabulary(texts: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """Folded words of four letters or more that the content's texts use in one language
    alone, for the words no function-word list holds: "inici oficial ICC" is Catalan by
    "inici", "cuadruple helice" Spanish by "helice". A word two languages' texts share
    says nothing: a name, or a loanword ("webinar" is Catalan and English here, and
    Spanish askers type it too)."""
    found: dict[str, set[str]] = {}
    for lang, lang_texts in texts.items():
        for text in lang_texts:
            for word in fold(text).split():
                if len(word) >= 4 and word.isalpha() and word not in _VOCAB:
                    found.setdefault(word, set()).add(lang)
    return {w: (next(iter(langs)),) for w, langs in found.items() if len(langs) == 1}


# A title or phrase quoted, often in another language than the question's (single quotes
# only between spaces: Catalan's "l'ICP" and "d'on" are no quotes).
_QUOTED = re.compile(r"[\"“«„][^\"“”«»„]{3,}[\"”»“]"
                     r"|(?:(?<=\s)|^)['‘][^'‘’]{3,}['’](?=[\s?.,!;:]|$)")


def detect_language(text: str, prior: str | None = None,
                    known: Mapping[str, tuple[str, ...]] | None = None) -> str:
    """The most likely language of ``text``; ``prior`` breaks ties. ``known``: the
    content's own words by language (see ``content_vocabulary``)."""
    if prior and _NAMES.fullmatch(text.strip(" ?¿!¡.")):
        return prior  # "International City Partnerships" alone: a name, in no language
    unquoted = _QUOTED.sub(" ", text)
    if unquoted != text and len(unquoted.split()) >= 2:
        text = unquoted  # "Fecha del webinar 'Addressing Climate Change…'": a title quoted
    text = _NAMES.sub(" ", text) if text.strip() and not _NAMES.fullmatch(text.strip()) \
        else text
    scripts = _script_counts(text)
    if scripts["ko"]:
        return "ko"
    if scripts["zh"]:
        return "zh"
    if scripts["bg"] and scripts["bg"] >= scripts["latin"]:
        return "bg"
    if not scripts["latin"]:
        return prior or DEFAULT_LANG
    if any(ch in _FULLWIDTH for ch in text):
        return "zh"  # "CityNet？": typed on a Chinese keyboard

    scores: Counter[str] = Counter()
    lowered = text.casefold()
    if any(ch in _ES_MARKS for ch in lowered):
        scores["es"] += 2
    if any(ch in _CA_MARKS for ch in lowered):
        scores["ca"] += 2
    for word in lowered.replace("¿", " ").replace("?", " ").split():
        word = word.strip(".,;:!¡\"'")
        marked = _ACCENTED.get(word)
        if marked:
            scores[marked] += 1.5
        # Catalan -ció/-cions, Spanish -ción/-ciones; unaccented "-cio" is Spanish too
        # ("precio", "inicio"), so only the written accent decides.
        if word.endswith(("ció", "cions")):
            scores["ca"] += 0.5
        elif word.endswith(("ción", "ciones")):
            scores["es"] += 0.5
    if _ELISION.search(lowered):
        scores["ca"] += 1.0  # "a l'icp", "d'on": Spanish writes no apostrophe
    folded = fold(text).split()
    for prev, tok in pairwise(folded):
        # Catalan's past is "va/van" + infinitive ("va participar", "van anunciar");
        # Spanish "va a participar" has the "a" between.
        if prev in ("va", "van", "vas", "vaig", "vam", "vau") and tok.endswith(
                ("ar", "er", "ir", "re")) and len(tok) > 3:
            scores["ca"] += 1.5
    for tok in folded:
        langs = _VOCAB.get(tok)
        if langs:
            for lang in langs:
                scores[lang] += 1 / len(langs)
        elif known and (langs := known.get(tok)):
            scores[langs[0]] += CONTENT_WORD_WEIGHT
    if prior:
        scores[prior] += 0.4
    if not scores:
        return prior or DEFAULT_LANG
    best = max(scores.values())
    winners = [lang for lang, s in scores.items() if s == best]
    for preferred in (prior, *_TIE_ORDER):
        if preferred in winners:
            return preferred
    return min(winners)
