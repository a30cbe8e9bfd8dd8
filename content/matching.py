"""Find entities and cue words in a folded query, across scripts and typos.

Entities are matched on every span of 1..N query tokens: first exactly
against a dict of folded aliases, then, for spans still uncovered, with an
edit-distance search restricted to aliases of the same first letter and a
similar length. That keeps a query cheap even over tens of thousands of
aliases, where a full WRatio scan would cost tens of milliseconds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from content.lexicon import CUES, KIND_CUES, LATIN_VOCAB
from content.models import Content
from content.normalize import fold, is_han, is_hangul, is_syllabic
from content.vocabulary import function_words

MAX_SPAN = 12


@dataclass(frozen=True)
class Mention:
    """A span of query tokens that names one or more entities."""

    start: int
    end: int
    ids: tuple[str, ...]
    distance: int  # edits between the span and the alias; 0 is exact


def _allowed_edits(length: int) -> int:
    """Typos tolerated for a string of this many characters."""
    if length < 4:
        return 0
    if length < 8:
        return 1
    return 2


class AliasIndex:
    """Folded alias -> entity ids, with a first-letter/length index for fuzzy search."""

    def __init__(self) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        # initial -> (lengths, keys), both sorted by length, for the fuzzy search
        self._by_initial: dict[str, tuple[list[int], list[str]]] = {}
        self.first_tokens: frozenset[str] = frozenset()  # first words of multi-word aliases
        self.max_tokens = 1
        # Chinese names as written: their syllables are shared by other words ("世宗" and
        # "是从" are both "shi z/cong" to a fuzzy match), so only the characters count.
        self.han: set[str] = set()
        # names written in Hangul (folded): a misspelt Hangul span may only be one of them
        # ("시의회 통과" is not "Hongkong", though its syllables fold close to it)
        self.hangul: set[str] = set()

    def add(self, entity_id: str, alias: str) -> None:
        key = fold(alias)
        if key:
            self.exact[key].add(entity_id)
            if any(is_hangul(ch) for ch in alias):
                self.hangul.add(key)
        compact = alias.replace(" ", "").casefold()
        if compact and all(is_han(ch) for ch in compact):
            self.han.add(compact)

    def freeze(self) -> None:
        buckets: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for key in self.exact:
            buckets[key[0]].append((len(key), key))
            self.max_tokens = max(self.max_tokens, key.count(" ") + 1)
        for initial, entries in buckets.items():
            entries.sort()
            self._by_initial[initial] = ([n for n, _ in entries], [key for _, key in entries])
        self.max_tokens = min(self.max_tokens, MAX_SPAN)
        self.first_tokens = frozenset(k.split(" ", 1)[0] for k in self.exact if " " in k)
        # Names of two or three words, for a typo in each word ("inteligent citys
        # chalenge"): by word count and the initial of the first word.
        self._phrases: dict[tuple[int, str], list[tuple[str, ...]]] = defaultdict(list)
        for key in self.exact:
            words = tuple(key.split(" "))
            if 2 <= len(words) <= 3 and all(len(w) >= 4 for w in words):
                self._phrases[(len(words), key[0])].append(words)

    def fuzzy_words(self, words: list[str]) -> tuple[str, int] | None:
        """A name of the same number of words, each within its own typo allowance."""
        best: tuple[str, int] | None = None
        for alias in self._phrases.get((len(words), words[0][0]), ()):
            total = 0
            for typed, known in zip(words, alias, strict=True):
                # One edit more per word than a lone word gets ("citys" for "cities"):
                # every word of the name must still be close.
                k = _allowed_edits(len(known)) + 1
                if abs(len(typed) - len(known)) > k:
                    break
                d = OSA.distance(typed, known, score_cutoff=k)
                if d > k:
                    break
                total += d
            else:
                if 0 < total <= len(words) + 1 and (best is None or total < best[1]):
                    best = (" ".join(alias), total)
        return best

    def fuzzy(self, span: str) -> tuple[str, int] | None:
        """The closest alias within the allowed edits, or None.

        A span of several tokens (two words, or Hangul/Han syllables) gets at
        most one edit: "se jeong" finds "se jong", "jie shao yi" ("tell me
        about") must not find "jie shao hui" ("introductory meeting").
        """
        k = _allowed_edits(len(span))
        if " " in span:
            k = min(k, 1)
        if k == 0:
            return None
        bucket = self._by_initial.get(span[0])
        if not bucket:
            return None
        lengths, keys = bucket
        lo = bisect_left(lengths, len(span) - k)
        hi = bisect_right(lengths, len(span) + k)
        if lo >= hi:
            return None
        near = process.extract(span, keys[lo:hi], scorer=OSA.distance, score_cutoff=k,
                               limit=None)
        for key, distance, _ in sorted(near, key=lambda hit: (hit[1], hit[2])):
            if distance <= _allowed_edits(len(key)):
                return key, int(distance)
        return None


def build_index(content: Content) -> AliasIndex:
    """Index every name, alias and acronym of every entity, in every language."""
    index = AliasIndex()
    for table in (content.programmes, content.cities, content.organisations, content.people):
        for item in table.values():
            for alias in (*item.name.values(), *item.aliases):
                index.add(item.id, alias)
    for prog in content.programmes.values():
        index.add(prog.id, prog.acronym)
    for ev in content.events.values():
        for words in ev.keywords.values():
            for alias in words:
                index.add(ev.id, alias)
    for code, country in content.countries.items():
        for name in (*country.name.values(), *country.aliases):
            index.add(f"country:{code}", name)
    index.freeze()
    return index


def find_mentions(index: AliasIndex, toks: list[str], syllabic: list[bool] | None = None,
                  chars: list[str] | None = None,
                  starts: list[bool] | None = None) -> list[Mention]:
    """Non-overlapping entity mentions, preferring exact, then longer spans.

    Tokens that are words of the lexicon ("socia", "temps") are matched
    exactly only, so a cue word is never mistaken for a misspelt name. With
    ``syllabic`` (which tokens are one Hangul/Han syllable), a lone syllable
    is never taken for a misspelt name ("xing" is not "Xina", "yuan" not "RSA"),
    nor is a span that mixes syllables and Latin words. With ``chars`` (the
    character each token stands for), a span of Chinese characters names only
    a name written with those very characters. With ``starts`` (which tokens begin a
    written word), a mistyped Korean name begins a word ("어디서 운영" is not "서울").
    """
    vocabulary = lexicon_words()
    candidates: list[Mention] = []
    n = len(toks)

    def han_span(i: int, size: int) -> str | None:
        """The characters of a span made only of Chinese characters, else None."""
        if chars is None or len(chars) != n:
            return None
        piece = chars[i:i + size]
        return "".join(piece) if piece and all(c and is_han(c) for c in piece) else None

    for i in range(n):
        # Long exact spans only where an alias of several words can start.
        longest = min(index.max_tokens, n - i) if toks[i] in index.first_tokens else 1
        for size in range(longest, 0, -1):
            span = " ".join(toks[i:i + size]) if size > 1 else toks[i]
            ids = index.exact.get(span)
            written = han_span(i, size) if ids else None
            if written is not None and written not in index.han:
                continue  # the same syllables, other characters
            if ids:
                candidates.append(Mention(i, i + size, tuple(sorted(ids)), 0))
        for size in range(1, min(3, n - i) + 1):
            if han_span(i, size):
                break  # Chinese is mistyped by sound, never fuzzily by letters
            window = toks[i:i + size]
            # A lexicon word is read as itself, not as a misspelt name; after a word that
            # is not one, it may be part of a misspelt name ("Inteligent Cities Chalenge").
            if size == 1 and toks[i] in vocabulary:
                break
            if size == 1 and toks[i] in function_words() and not (syllabic and syllabic[i]):
                continue  # nor is a function word by itself ("също" is not "САЩ")
            if syllabic is not None:
                marks = syllabic[i:i + size]
                if any(marks) and (size == 1 or not all(marks)):
                    continue
            span = " ".join(window)
            if span in index.exact:
                continue
            hit = index.fuzzy(span)
            if hit is None and size > 1:
                hit = index.fuzzy_words(window)
            if hit is not None and syllabic is not None and any(syllabic[i:i + size]) and (
                    hit[0] not in index.hangul or hit[1] > 1):
                # Hangul mistyped is Hangul still, and a letter off at most: "hoe tong"
                # (회 통) is not "hong kong" (홍콩)
                hit = None
            if hit is not None and hit[1] and starts is not None and len(starts) == n and (
                    hit[0] in index.hangul and not starts[i]):
                hit = None
            if hit is not None:
                key, dist = hit
                candidates.append(Mention(i, i + size, tuple(sorted(index.exact[key])), dist))
    candidates.sort(key=lambda m: (m.distance, -(m.end - m.start), m.start))
    taken: set[int] = set()
    out: list[Mention] = []
    for m in candidates:
        if taken.isdisjoint(range(m.start, m.end)):
            out.append(m)
            taken.update(range(m.start, m.end))
    out.sort(key=lambda m: m.start)
    return out


@lru_cache(maxsize=1)
def lexicon_words() -> frozenset[str]:
    """Every folded word of the cue lists and the language vocabularies."""
    words: set[str] = set()
    for table in (CUES, KIND_CUES, LATIN_VOCAB):
        for phrases in table.values():
            for phrase in phrases:
                if not any(is_syllabic(ch) for ch in phrase):  # syllables build names too
                    words.update(fold(phrase.rstrip("*")).split())
    return frozenset(w for w in words if len(w) >= 3)


@dataclass(frozen=True, slots=True)
class _Cue:
    words: tuple[str, ...]  # folded tokens; a trailing "*" marks a stem
    names: tuple[str, ...]  # every cue name that lists the phrase


class CueMatcher:
    """Recognises the lexicon's cue phrases in a token list."""

    def __init__(self, cues: dict[str, tuple[str, ...]]) -> None:
        self._by_first: dict[str, list[_Cue]] = defaultdict(list)
        self._stems: dict[str, list[_Cue]] = defaultdict(list)  # by the stem itself
        # One entry per distinct phrase with the names that list it: thousands of facts
        # share "when", "date", "deadline" (400,000 entries at 5,000 events otherwise).
        named: dict[tuple[str, ...], list[str]] = {}
        for name, phrases in cues.items():
            for phrase in phrases:
                stem = phrase.endswith("*")
                words = fold(phrase.rstrip("*")).split()
                if not words:
                    continue
                if stem:
                    words[-1] += "*"
                named.setdefault(tuple(words), []).append(name)
        for words_key, names in named.items():
            cue = _Cue(words_key, tuple(names))
            if words_key[0].endswith("*"):
                self._stems[words_key[0][:-1]].append(cue)
            else:
                self._by_first[words_key[0]].append(cue)
        # First words of six letters or more tolerate typos: by initial, sorted by length.
        firsts: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for w in self._by_first:
            if len(w) >= 6:
                firsts[w[0]].append((len(w), w))
        self._fuzzy_firsts: dict[str, tuple[list[int], list[str]]] = {
            initial: ([n for n, _ in sorted(entries)], [w for _, w in sorted(entries)])
            for initial, entries in firsts.items()}
        # Words spelt as in the lexicon need no typo search.
        self._known = frozenset(self._by_first)
        # Stems of six letters or more tolerate a typo (never in the first letter):
        # grouped by initial and length for the search.
        self._long_stems: dict[str, dict[int, list[str]]] = defaultdict(
            lambda: defaultdict(list))
        for stem in self._stems:
            if len(stem) >= 6:
                self._long_stems[stem[0]][len(stem)].append(stem)
        self._stem_lengths = sorted({len(stem) for stem in self._stems})

    @staticmethod
    def _word_matches(word: str, token: str) -> bool:
        if word.endswith("*"):
            return CueMatcher._stem_matches(word[:-1], token)
        if word == token:
            return True
        k = 1 if len(word) >= 6 else 0
        if len(word) >= 9:
            k = 2
        return k > 0 and abs(len(word) - len(token)) <= k and \
            OSA.distance(word, token, score_cutoff=k) <= k

    @staticmethod
    def _stem_matches(stem: str, token: str) -> bool:
        """Prefix match, tolerating one typo in stems of six letters or more."""
        if token.startswith(stem):
            return True
        if len(stem) < 6 or len(token) < len(stem) - 1:
            return False
        # One typo inside the stem, or one letter of it missing ("mentr" for "mentor").
        return OSA.distance(stem, token[:len(stem)], score_cutoff=1) <= 1 or \
            OSA.distance(stem, token[:len(stem) - 1], score_cutoff=1) <= 1

    def _stem_cues(self, tok: str) -> list[_Cue]:
        """Cues whose first word is a stem of ``tok``: exact prefixes by lookup, then
        stems of six letters or more within one typo (or one missing letter)."""
        found: list[_Cue] = []
        seen: set[str] = set()
        for n in self._stem_lengths:
            if n > len(tok) + 1:
                break
            stem = tok[:n]
            if stem in self._stems and stem not in seen:
                seen.add(stem)
                found.extend(self._stems[stem])
        by_length = self._long_stems.get(tok[0]) if tok else None
        for n, stems in (by_length or {}).items():
            if len(tok) < n - 1:
                continue
            for piece in {tok[:n], tok[:n - 1]}:
                for stem, _, _ in process.extract(piece, stems, scorer=OSA.distance,
                                                  score_cutoff=1, limit=None):
                    if stem not in seen:
                        seen.add(stem)
                        found.extend(self._stems[stem])
        return found

    def find(self, toks: list[str]) -> dict[str, list[tuple[int, int]]]:
        """Cue name -> list of (start, end) token spans where it occurs."""
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, tok in enumerate(toks):
            cues = list(self._by_first.get(tok, ()))
            bucket = self._fuzzy_firsts.get(tok[0])
            if len(tok) >= 4 and tok not in self._known and bucket is not None:
                lengths, words = bucket
                lo, hi = bisect_left(lengths, len(tok) - 2), bisect_right(lengths, len(tok) + 2)
                near = process.extract(tok, words[lo:hi], scorer=OSA.distance,
                                       score_cutoff=2, limit=None) if lo < hi else []
                for w, _, _ in near:
                    if w != tok and self._word_matches(w, tok):
                        cues.extend(self._by_first[w])
            cues.extend(self._stem_cues(tok))
            # (each cue gathered matches this token already: only its later words are
            # checked, and a one-word cue is found as it is)
            for cue in cues:
                end = i + len(cue.words)
                if end == i + 1 or (end <= len(toks) and all(
                        self._word_matches(w, toks[j]) for j, w in
                        enumerate(cue.words[1:], i + 1))):
                    for name in cue.names:
                        found[name].append((i, end))
        return found

