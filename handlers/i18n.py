"""Interface strings in the user's language (gettext domain ``bot``).

Catalogs: ``handlers/locale/<lang>/LC_MESSAGES/bot.po``, compiled by make;
a missing ``.mo`` is compiled in memory, as for the answer templates.
"""

from __future__ import annotations

from pathlib import Path

from content.grammar import finish
from content.i18n import translations
from content.langs import babel_locale

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "bot"

# Each language's own name, shown on the language buttons (not translated).
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "bg": "Български",
    "ca": "Català",
    "es": "Español",
    "ko": "한국어",
    "zh": "中文",
}


def language_name(lang: str, code: str) -> str:
    """A language's name as the reader says it ("английски" for a Bulgarian reader);
    ``LANGUAGE_NAMES`` gives each in its own language instead."""
    return babel_locale(lang).languages.get(code, code)


def t(lang: str, msgid: str, /, **values: object) -> str:
    """Translate an interface string into ``lang`` and fill its placeholders."""
    text = translations(lang, LOCALE_DIR, DOMAIN).gettext(msgid)
    return finish(lang, text.format(**values)) if values else text


def tn(lang: str, singular: str, plural: str, n: int, /, **values: object) -> str:
    """An interface string in the plural form of ``lang`` for ``n`` ({n} filled in)."""
    text = translations(lang, LOCALE_DIR, DOMAIN).ngettext(singular, plural, n)
    return finish(lang, text.format(n=n, **values))
