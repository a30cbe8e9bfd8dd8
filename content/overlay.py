"""Events edited from the chat, in the overlay shape the loader reads (JSON-friendly)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from content.langs import LANGS
from content.models import Event

EDIT_SOURCE = "source:coordinator-edits"
_EXACT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def event_to_overlay(event: Event) -> dict[str, Any]:
    """An event as an overlay entry (dates as ISO strings)."""
    def when(value: date | datetime | None) -> str | None:
        if value is None:
            return None
        if event.precision == "month":
            return value.strftime("%Y-%m")
        return value.isoformat()

    out: dict[str, Any] = {
        "id": event.id, "programme": event.programme, "kind": event.kind,
        "precision": event.precision, "start": when(event.start), "zone": event.zone,
        "title": dict(event.name), "description": dict(event.description),
        "sources": list(event.sources), "updated": event.updated.isoformat(),
        "sequence": event.sequence, "status": event.status,
    }
    for key, value in (("end", when(event.end)), ("recurrence", event.recurrence),
                       ("link", event.link)):
        if value is not None:
            out[key] = value
    if event.cities:
        out["cities"] = list(event.cities)
    if event.organisers:
        out["organisers"] = list(event.organisers)
    if event.keywords:
        out["aliases"] = {k: list(v) for k, v in event.keywords.items()}
    return out


def parse_when(text: str) -> tuple[str, str] | None:
    """'2026-12-10 15:00' -> exact, '2026-12-10' -> day, '2026-12' -> month; else None."""
    text = text.strip()
    if _EXACT.match(text):
        try:
            return "exact", datetime.fromisoformat(text.replace(" ", "T")).isoformat()
        except ValueError:
            return None
    if _DAY.match(text):
        try:
            return "day", date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    if _MONTH.match(text) and 1 <= int(text[5:7]) <= 12:
        return "month", text
    return None


def fill_languages(texts: dict[str, str], closest: Any) -> dict[str, str]:
    """Every language present: missing ones take the closest given text."""
    return {lang: texts.get(lang) or closest(texts, lang) for lang in LANGS}


def parse_fields(text: str) -> tuple[dict[str, str], list[str]]:
    """'key: value' lines -> fields, and the lines that could not be read."""
    fields: dict[str, str] = {}
    bad: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or not key or not value.strip():
            bad.append(line.strip())
            continue
        fields[key] = value.strip()
    return fields, bad

