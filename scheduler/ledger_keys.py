"""The keys of the reminder ledger: one small type that builds and reads them.

A key names what was sent for one occurrence, and the text form is what the
ledger stores (unchanged from the first version, so existing ledgers load):

- a reminder: ``<occurrence>|<begins>|<lead>`` (the start is part of it, so an
  event that moves is reminded afresh);
- a cancellation notice: ``<occurrence>|cancelled``;
- a move notice: ``<occurrence>|moved|<new begins>``.
"""

from __future__ import annotations

from dataclasses import dataclass

REMINDER, CANCELLED, MOVED = "reminder", "cancelled", "moved"


@dataclass(frozen=True)
class LedgerKey:
    occurrence: str
    kind: str = REMINDER
    begins: str = ""  # ISO start: of the reminded occurrence, or where it moved to
    lead: str = ""  # reminders only: "7d", "1h", ...

    def to_key(self) -> str:
        if self.kind == CANCELLED:
            return f"{self.occurrence}|{CANCELLED}"
        if self.kind == MOVED:
            return f"{self.occurrence}|{MOVED}|{self.begins}"
        return f"{self.occurrence}|{self.begins}|{self.lead}"

    @classmethod
    def from_key(cls, key: str) -> LedgerKey:
        occurrence, _, rest = key.partition("|")
        if rest == CANCELLED:
            return cls(occurrence, CANCELLED)
        head, _, tail = rest.partition("|")
        if head == MOVED:
            return cls(occurrence, MOVED, begins=tail)
        if not rest or not tail:
            raise ValueError(f"not a ledger key: {key!r}")
        # the start is ISO 8601 ("…T09:00:00+00:00"); the lead follows the last "|"
        begins, _, lead = rest.rpartition("|")
        return cls(occurrence, REMINDER, begins=begins, lead=lead)

    @property
    def is_reminder(self) -> bool:
        return self.kind == REMINDER
