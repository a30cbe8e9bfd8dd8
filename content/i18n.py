"""Answer templates in the reader's language, from gettext catalogs.

Templates are English msgids in the ``content`` domain under
``content/locale/<lang>/LC_MESSAGES/content.po``; ``make`` compiles them to
``.mo``. A missing or stale ``.mo`` is compiled in memory from the ``.po``,
so a fresh checkout answers correctly before ``make`` has run.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from content.grammar import finish

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "content"


def _catalog_bytes(po: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


@lru_cache(maxsize=16)
def translations(lang: str, locale_dir: Path = LOCALE_DIR,
                 domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalog of one language (English msgids need none)."""
    po = locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        return gettext.GNUTranslations(io.BytesIO(_catalog_bytes(po)))
    return gettext.NullTranslations()


def N_(msgid: str) -> str:
    """Mark a template for extraction where it is chosen before it is translated."""
    return msgid


def T(lang: str, msgid: str, /, **values: object) -> str:
    """Translate ``msgid`` into ``lang`` and fill its ``{placeholders}``."""
    text = translations(lang).gettext(msgid)
    return finish(lang, text.format(**values)) if values else text


def NT(lang: str, singular: str, plural: str, n: int, /, **values: object) -> str:
    """The plural form of ``lang`` for ``n`` (``{n}`` is filled in too)."""
    text = translations(lang).ngettext(singular, plural, n)
    return finish(lang, text.format(n=n, **values))
