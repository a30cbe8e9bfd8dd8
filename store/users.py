"""A user as the bot keeps them: typed settings and whether they can be written to.

The stored record keeps the field names the data files have always used
(``active`` for reachability), so existing files load unchanged; everything
else reads a ``User``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from content.langs import DEFAULT_LANG, DEFAULT_ZONES

# Names of the stored record, in the order /mydata shows them.
RECORD_FIELDS = ("lang", "zone", "active", "subs", "leads", "quiet", "muted", "done")


@dataclass(frozen=True)
class User:
    """One person's settings.

    ``lang`` and ``zone`` are None until chosen (the Telegram language and the
    language's default zone stand in); ``leads`` and ``quiet`` are empty/None for
    the defaults of the reminder planner; ``reachable`` is False after they blocked
    the bot in their private chat, and True again once they write or unblock it.
    """

    id: int
    lang: str | None = None
    zone: str | None = None
    reachable: bool = True
    subs: tuple[str, ...] = ()  # subscription topics
    leads: tuple[str, ...] = ()  # reminder lead times ("7d", "1h"); () = defaults
    quiet: tuple[str, str] | None = None  # local quiet hours; None = default
    muted: tuple[str, ...] = ()  # event ids muted
    done: tuple[str, ...] = ()  # deadlines dealt with

    @property
    def language(self) -> str:
        return self.lang or DEFAULT_LANG

    def zone_for(self, lang: str | None = None) -> str:
        """The reader's zone: theirs if chosen, else the default of ``lang`` (or theirs)."""
        return self.zone or DEFAULT_ZONES[lang or self.language]

    @classmethod
    def from_record(cls, user_id: int, record: dict[str, Any]) -> User:
        quiet = record.get("quiet")
        return cls(id=user_id, lang=record.get("lang"), zone=record.get("zone"),
                   reachable=record.get("active") is not False,
                   subs=tuple(record.get("subs") or ()), leads=tuple(record.get("leads") or ()),
                   quiet=(str(quiet[0]), str(quiet[1])) if quiet else None,
                   muted=tuple(record.get("muted") or ()), done=tuple(record.get("done") or ()))

    def settings(self) -> dict[str, Any]:
        """Everything stored about the user, as /mydata shows it."""
        out = asdict(self)
        out.pop("id")
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}


USER_ATTRIBUTES = frozenset(f.name for f in fields(User)) - {"id"}


def record_update(**changes: Any) -> dict[str, Any]:
    """Stored record fields for attribute changes (``reachable`` is stored as ``active``)."""
    unknown = set(changes) - USER_ATTRIBUTES - {"active"}
    if unknown:
        raise ValueError(f"unknown user fields: {sorted(unknown)}")
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "reachable":
            name = "active"
        out[name] = list(value) if isinstance(value, tuple | frozenset | set) else value
    return out
