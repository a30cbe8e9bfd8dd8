"""Every message is translated into every language, placeholders intact, templates current.

Two gettext domains: ``content`` (answer templates, content/locale) and
``bot`` (the Telegram interface, handlers/locale).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from content.i18n import LOCALE_DIR, T, translations
from content.langs import LANGS
from handlers.i18n import LOCALE_DIR as UI_LOCALE_DIR
from handlers.i18n import t

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{(\w*)\}")
TRANSLATED = [lang for lang in LANGS if lang != "en"]  # English is the msgid itself
# (domain, catalog directory, extraction keywords, source folders)
DOMAINS = [("content", LOCALE_DIR, ["-k", "T:2", "-k", "NT:2,3", "-k", "N_"], ["content", "bot"]),
           ("bot", UI_LOCALE_DIR, ["--no-default-keywords", "-k", "t:2", "-k", "tn:2,3"],
            ["handlers", "runtime"])]


def _catalog(locale_dir: Path, domain: str, lang: str):
    with (locale_dir / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
        return read_po(fh)


def _template_ids(locale_dir: Path, domain: str) -> set[str]:
    with (locale_dir / f"{domain}.pot").open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


@pytest.mark.parametrize(("domain", "locale_dir", "keywords", "sources"), DOMAINS)
def test_template_is_current(tmp_path: Path, domain: str, locale_dir: Path, keywords: list[str],
                             sources: list[str]) -> None:
    """The .pot holds exactly the messages the code uses (run `make i18n-update`)."""
    out = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(ROOT / "babel.cfg"), *keywords, "--no-location", "--omit-header",
                    "-o", str(out), *(str(ROOT / s) for s in sources)],
                   check=True, capture_output=True, cwd=ROOT)
    with out.open("rb") as fh:
        fresh = {m.id for m in read_po(fh) if m.id}
    expected = _template_ids(locale_dir, domain)
    assert fresh == expected, (f"new: {sorted(fresh - expected, key=str)}, "
                               f"gone: {sorted(expected - fresh, key=str)}")


@pytest.mark.parametrize(("domain", "locale_dir"), [(d[0], d[1]) for d in DOMAINS])
@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_complete_with_same_placeholders(lang: str, domain: str,
                                                 locale_dir: Path) -> None:
    catalog = _catalog(locale_dir, domain, lang)
    ids = _template_ids(locale_dir, domain)
    found = {m.id: m for m in catalog if m.id}
    assert ids <= set(found), f"{lang}: untranslated {sorted(ids - set(found))}"
    for msgid in ids:
        message = found[msgid]
        assert not message.fuzzy, f"{lang}: fuzzy translation of {msgid!r}"
        if isinstance(message.id, tuple):  # plural: every form of the language, {n} in each
            forms = message.string
            assert len(forms) == catalog.num_plurals and all(forms), \
                f"{lang}: plural forms missing in {msgid!r}"
            source = message.id[1]
        else:
            forms, source = (message.string,), msgid
        for text in forms:
            assert text, f"{lang}: empty translation of {msgid!r}"
            assert sorted(set(PLACEHOLDER.findall(text))) == sorted(set(
                PLACEHOLDER.findall(source))), f"{lang}: placeholders differ in {msgid!r}"
            assert text == text.strip(), f"{lang}: stray spaces in {msgid!r}"
            assert "<" not in text or "<" in source, f"{lang}: markup in {msgid!r}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_are_used_at_run_time(lang: str) -> None:
    assert T(lang, "today") != "today"
    assert T(lang, "Upcoming meetings:") != "Upcoming meetings:"
    assert t(lang, "Settings") != "Settings"


def test_catalog_compiles_in_memory_without_mo(tmp_path: Path) -> None:
    """A fresh checkout (no compiled .mo yet) still answers in every language."""
    target = tmp_path / "bg" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "content.po").write_bytes((LOCALE_DIR / "bg" / "LC_MESSAGES" /
                                         "content.po").read_bytes())
    assert translations("bg", tmp_path).gettext("today") == "днес"
