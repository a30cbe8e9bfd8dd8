"""The six languages of the bot and what each implies by default."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

LANGS: tuple[str, ...] = ("en", "bg", "ca", "es", "ko", "zh")
DEFAULT_LANG = "en"

# A reader's zone when they have not set one: the zone most speakers of the
# language in these programmes live in. English is read in every partner city,
# so it gets UTC rather than one city's zone (Dublin's would mislabel Seoul's
# readers). Users can always set theirs with /timezone.
DEFAULT_ZONES: dict[str, str] = {
    "en": "UTC",
    "bg": "Europe/Sofia",
    "ca": "Europe/Madrid",
    "es": "Europe/Madrid",
    "ko": "Asia/Seoul",
    "zh": "Asia/Shanghai",
}

# Babel has no script for bare "zh"; our Chinese is Simplified.
_BABEL_LOCALES: dict[str, str] = {"zh": "zh_Hans"}


@lru_cache(maxsize=16)
def babel_locale(lang: str) -> Locale:
    """The babel Locale used to format dates for one of our languages."""
    return Locale.parse(_BABEL_LOCALES.get(lang, lang))


def normalize_lang(code: str | None) -> str | None:
    """Map a language tag such as ``zh-TW``, ``es_419`` or ``BG`` to one of LANGS.

    Returns None for empty, unknown or unsupported tags, so callers can fall
    back to their next source of truth.
    """
    if not code:
        return None
    lang = code.strip().replace("_", "-").split("-")[0].lower()
    return lang if lang in LANGS else None
