"""Grammar that depends on the words put into a template, applied after filling it.

A template cannot know the title or name it will hold, so two rules of the
languages are resolved once the text is complete:

- Korean particles depend on whether the preceding word ends in a consonant:
  templates write both forms, ``{title}은(는)``, and the right one is chosen
  here ("회의는", "세종은", "ICC는").
- Catalan elides the articles and the preposition before a vowel sound:
  "el 11 de juny" is "l'11 de juny", "de octubre" is "d'octubre".
"""

from __future__ import annotations

import re

# Both forms as templates write them -> (after a consonant, after a vowel).
_PARTICLES = {
    "은(는)": ("은", "는"),
    "이(가)": ("이", "가"),
    "을(를)": ("을", "를"),
    "과(와)": ("과", "와"),
    "이(라)": ("이라", "라"),
    "(으)로": ("으로", "로"),
    "(이)다": ("이다", "다"),
    "(이)에요": ("이에요", "예요"),
}
_PARTICLE_RE = re.compile("|".join(re.escape(p) for p in _PARTICLES))
# How the last letter of a Latin word or a digit is read: does it end in a consonant?
# Acronyms are read letter by letter (L "엘", M "엠", N "엔", R "알" end in one).
_ACRONYM_FINAL = set("LMNR")
_DIGIT_FINAL = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False,
                "6": True, "7": True, "8": True, "9": False}
_RIEUL = 8  # the final consonant ㄹ, which takes 로 rather than 으로


def _final(text: str) -> tuple[bool, bool] | None:
    """(ends in a consonant, that consonant is ㄹ) for the word before a particle."""
    i = len(text) - 1
    # Look through closing brackets and quotes: "인텔리전트 시티 챌린지 (ICC)" is read
    # ending in its last word before the bracket.
    depth = 0
    while i >= 0:
        ch = text[i]
        if ch in ")）」』”\"'’":
            depth += ch in ")）"
            i -= 1
            continue
        if depth:
            if ch in "(（":
                depth -= 1
            i -= 1
            continue
        if ch.isspace():
            i -= 1
            continue
        break
    if i < 0:
        return None
    ch = text[i]
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7A3:
        final = (code - 0xAC00) % 28
        return final != 0, final == _RIEUL
    if ch.isdigit():
        return _DIGIT_FINAL.get(ch, False), ch in "178"
    if ch.isascii() and ch.isalpha():
        word = re.findall(r"[A-Za-z]+$", text[: i + 1])[0]
        if word.isupper():
            return ch in _ACRONYM_FINAL, ch in "LR"
        return ch.lower() not in "aeiouy", ch.lower() == "l"
    return None


def korean_particles(text: str) -> str:
    """Choose every "은(는)"-style particle by the syllable before it."""
    if "(" not in text:
        return text
    out: list[str] = []
    last = 0
    for m in _PARTICLE_RE.finditer(text):
        before = text[:m.start()]
        consonant_form, vowel_form = _PARTICLES[m.group()]
        final = _final(before)
        if final is None:
            chosen = m.group()
        elif m.group() == "(으)로":
            chosen = "으로" if final[0] and not final[1] else "로"
        else:
            chosen = consonant_form if final[0] else vowel_form
        out.append(text[last:m.start()])
        out.append(chosen)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


# "el"/"de"/"del" before a vowel, a silent h + vowel, or the numbers read with a
# vowel ("1", "11", "8" is "vuit": no). Foreign names with a sounded h are left alone.
_CA_ELISION = re.compile(
    r"\b(el|El|de|De|del|Del|al|Al) (?=(?:[aeiouàèéíïòóúAEIOUÀÈÉÍÒÓÚ]|1\b|11\b|1 |11 ))")


def catalan_elision(text: str) -> str:
    """Elide Catalan articles and "de" before a vowel: "l'11 de juny", "d'octubre"."""
    def repl(m: re.Match[str]) -> str:
        word = m.group(1)
        lower = word.lower()
        if lower == "el":
            return "L'" if word[0].isupper() else "l'"
        if lower == "de":
            return "D'" if word[0].isupper() else "d'"
        if lower == "al":
            return ("A" if word[0].isupper() else "a") + " l'"
        return ("De" if word[0].isupper() else "de") + " l'"
    return _CA_ELISION.sub(repl, text)


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def finish(lang: str, text: str) -> str:
    """Apply the language's rules that depend on the filled-in words.

    In every language a value that ends in a full stop ("11 април 2026 г.") put
    before a template's own full stop leaves one stop, not two.
    """
    text = _DOUBLE_STOP.sub(".", text)
    if lang == "ko":
        return korean_particles(text)
    if lang == "ca":
        return catalan_elision(text)
    return text
