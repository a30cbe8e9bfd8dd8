"""Fold text in any script to comparable ASCII tokens.

rapidfuzz scores across scripts are 0 ("Sejong" vs "세종"), so names and
queries are first folded to one alphabet: Cyrillic by the Bulgarian
streamlined system (the way Bulgarians type Latin: "partnyor", "Dablin"),
Hangul and Han one syllable per token ("se jong", "suo fei ya") so that
particles and unspaced Chinese still split into matchable pieces, everything
else through anyascii.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Bulgarian streamlined transliteration (official since 2009), lower case.
_BG = dict(zip(
    "абвгдежзийклмнопрстуфхцчшщъьюяѝ",
    ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya", "i"],
    strict=True,
))
_NON_WORD = re.compile(r"[^a-z0-9]+")


def is_han(ch: str) -> bool:
    """A Chinese character (the unified ideographs and extension A)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def is_hangul(ch: str) -> bool:
    """A Hangul syllable."""
    return 0xAC00 <= ord(ch) <= 0xD7A3


def is_syllabic(ch: str) -> bool:
    """Hangul syllables, Han ideographs and kana: one token each."""
    o = ord(ch)
    return (0xAC00 <= o <= 0xD7A3 or 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF
            or 0x3040 <= o <= 0x30FF or 0xF900 <= o <= 0xFAFF)


@lru_cache(maxsize=16384)  # the words questions use; building the indexes folds far more
def fold(text: str) -> str:
    """NFKC, casefold, transliterate, keep [a-z0-9] words separated by single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for ch in text:
        if ch in _BG:
            out.append(_BG[ch])
        elif is_syllabic(ch):
            out.append(" " + anyascii(ch).lower() + " ")
        elif ch.isascii():
            out.append(ch)
        elif unicodedata.category(ch)[0] == "S":
            out.append(" ")  # an emoji or symbol is no word ("🙏" is not "pray")
        else:
            out.append(anyascii(ch).lower())
    return _NON_WORD.sub(" ", "".join(out)).strip()


def tokens(text: str) -> list[str]:
    return fold(text).split()


def syllabic_tokens(text: str) -> list[bool]:
    """For each token of ``tokens(text)``: whether it is one Hangul/Han syllable."""
    return [bool(ch) for ch in token_syllables(text)]


def token_chars(text: str) -> list[tuple[str, str]]:
    """For each token of ``tokens(text)``: the Hangul/Han character it stands for ("" for
    a Latin or Cyrillic word) and the character written before it."""
    out: list[tuple[str, str]] = []
    pending: list[str] = []
    previous = ""

    def flush() -> None:
        if pending:
            out.extend(("", "") for _ in fold("".join(pending)).split())
            pending.clear()

    for ch in unicodedata.normalize("NFKC", text).casefold():
        if is_syllabic(ch):
            flush()
            out.extend((ch, previous) for _ in fold(ch).split())
        else:
            pending.append(ch)
        previous = ch
    flush()
    return out


def word_starts(chars: list[tuple[str, str]]) -> list[bool]:
    """For each token ``token_chars`` gave: whether it starts a written word. A Hangul
    syllable right after another is inside a word ("어디서 운영": 서 is not where a
    name begins); every other token starts one."""
    return [not (ch and is_hangul(ch) and before and is_hangul(before)) for ch, before in chars]


def token_syllables(text: str) -> list[str]:
    """For each token of ``tokens(text)``: the Hangul/Han character it stands for, or ""."""
    return [ch for ch, _ in token_chars(text)]
