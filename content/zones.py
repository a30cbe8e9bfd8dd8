"""Time zones by the names people give them: IANA names, UTC offsets, cities in six languages.

City names come from CLDR through babel (its exemplar city of every zone, in each
of our languages: "Мадрид", "Nueva York", "서울", "上海"), the last part of each
IANA name ("Madrid"), the content's own cities, and a few more cities our
participants live in that CLDR does not name (Barcelona, Beijing, Plovdiv).
Names are compared folded (transliterated, casefolded), so "Plovdiv" and
"Пловдив" are one; a miss gets the closest names as suggestions.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from rapidfuzz import fuzz, process

from content.langs import LANGS, babel_locale
from content.models import Content
from content.normalize import fold

MAX_INPUT = 64
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
# Cities of the programmes' participants that CLDR has no exemplar for.
MORE_CITIES: dict[str, tuple[str, ...]] = {
    "Europe/Madrid": ("Barcelona", "Барселона", "바르셀로나", "巴塞罗那", "Valencia", "València",
                      "Sevilla", "Girona", "Tarragona", "Lleida", "Bilbao", "Zaragoza"),
    "Asia/Shanghai": ("Beijing", "Pekín", "Pequín", "Пекин", "베이징", "北京", "Guangzhou", "广州",
                      "Shenzhen", "深圳", "Chengdu", "成都", "Wuhan", "武汉"),
    "Europe/Sofia": ("Plovdiv", "Пловдив", "Varna", "Варна", "Burgas", "Бургас", "Vratsa",
                     "Враца", "Haskovo", "Хасково", "Ruse", "Русе"),
    "Asia/Seoul": ("Incheon", "인천", "Daegu", "대구", "Gwangju", "광주", "Daejeon", "대전",
                   "Ulsan", "울산"),
    "Europe/Dublin": ("Cork", "Galway", "Limerick"),
    "Europe/Amsterdam": ("Rotterdam", "Роттердам", "로테르담", "鹿特丹", "The Hague", "Utrecht"),
}


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """Old IANA names -> the zones they now link to ("Asia/Calcutta" -> "Asia/Kolkata"),
    from the tzdata package's own table."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        return {}
    links = {}
    for line in text.splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()[:3]
            links[alias] = target
    return links


def canonical(zone: str) -> str:
    return _links().get(zone, zone)


@lru_cache(maxsize=1)
def _cldr_names() -> dict[str, str]:
    """Folded city name -> IANA zone, from CLDR in our six languages."""
    names: dict[str, str] = {}
    zones = sorted(available_timezones())
    for zone in zones:
        if zone.startswith(("Etc/", "SystemV/")) or "/" not in zone:
            continue
        names.setdefault(fold(zone.rsplit("/", 1)[1].replace("_", " ")), canonical(zone))
    for lang in LANGS:
        time_zones = Locale.parse(babel_locale(lang)).time_zones
        for zone in zones:
            city = time_zones.get(zone, {}).get("city")
            if city:
                names.setdefault(fold(city), canonical(zone))
    for zone, cities in MORE_CITIES.items():
        for city in cities:
            names.setdefault(fold(city), zone)
    return names


def _fixed_zone(minutes: int) -> str | None:
    """A zone without daylight saving at this UTC offset (for "UTC+5:30")."""
    if minutes % 60 == 0 and abs(minutes) <= 14 * 60:
        hours = minutes // 60
        # POSIX: Etc/GMT-2 is two hours *ahead* of UTC.
        return "UTC" if hours == 0 else f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
    want = timedelta(minutes=minutes)
    winter, summer = datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 7, 15, tzinfo=UTC)
    for zone in sorted(available_timezones()):
        if zone.startswith(("Etc/", "SystemV/")) or "/" not in zone or zone in _links():
            continue
        tz = ZoneInfo(zone)
        if winter.astimezone(tz).utcoffset() == want == summer.astimezone(tz).utcoffset():
            return zone
    return None


class ZoneFinder:
    """Resolves what a reader typed after /timezone to an IANA zone."""

    def __init__(self, content: Content) -> None:
        self.names = dict(_cldr_names())
        for city in content.cities.values():
            for name in (*city.name.values(), *city.aliases):
                self.names[fold(name)] = city.zone
        self._keys = sorted(self.names)

    def resolve(self, value: str) -> str | None:
        value = value.strip()
        if not value or len(value) > MAX_INPUT:
            return None
        if value.upper() in ("UTC", "GMT", "Z"):
            return "UTC"
        if "/" in value:
            try:
                ZoneInfo(value)
                return canonical(value)
            except (ZoneInfoNotFoundError, ValueError):
                # "Европа/София": a localised IANA name; its city part decides
                value = value.rsplit("/", 1)[1]
        match = _OFFSET.match(value)
        if match:
            sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
            if minutes >= 60:
                return None
            total = (hours * 60 + minutes) * (1 if sign == "+" else -1)
            return _fixed_zone(total)
        return self.names.get(fold(value))

    def suggest(self, value: str, limit: int = 3) -> list[str]:
        """The zones of the names closest to ``value``, best first, each once."""
        folded = fold(value[:MAX_INPUT])
        if not folded:
            return []
        out: list[str] = []
        for _, _, index in process.extract(folded, self._keys, scorer=fuzz.WRatio,
                                           limit=limit * 3, score_cutoff=75):
            zone = self.names[self._keys[index]]
            if zone not in out:
                out.append(zone)
            if len(out) == limit:
                break
        return out
