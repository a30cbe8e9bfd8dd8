"""When reminders are due: per event occurrence and lead time, never per subscriber.

A *slot* is one (occurrence, lead, reader zone) with its due instant. Exact
events are reminded a chosen time before they start; whole-day and
month-precision events at 09:00 in the reader's zone, on a chosen number of
days before (day precision) or on the first day of the month before and of
the month itself (month precision) — a time the source never gave is never
invented. The number of slots is bounded by occurrences x leads x zones in
use, however many people subscribe.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from content.models import Content, Event
from content.timing import Occurrence, occurrences, zone
from scheduler.ledger_keys import LedgerKey

# The fixed menu of lead times a subscriber can choose from.
LEADS: dict[str, timedelta] = {
    "14d": timedelta(days=14),
    "7d": timedelta(days=7),
    "3d": timedelta(days=3),
    "1d": timedelta(days=1),
    "3h": timedelta(hours=3),
    "1h": timedelta(hours=1),
}
DEFAULT_LEADS: tuple[str, ...] = ("7d", "1d", "1h")
MONTH_LEADS: tuple[str, ...] = ("month_before", "month_of")
REMIND_AT = time(9, 0)  # local time for reminders of events without a time of day
DEFAULT_QUIET = ("22:00", "08:00")


@dataclass(frozen=True, slots=True)
class Slot:
    """One reminder moment for everyone in ``zone`` who chose ``lead``.

    Slotted: a plan at 5,000 events holds 50,000 of them."""

    occurrence: Occurrence
    lead: str
    zone: str
    due: datetime  # aware UTC
    _key: str | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        """Ledger key: changes when the event moves, so a moved event is reminded again.
        Worked out once per slot: a wake-up looks it up for every recipient."""
        if self._key is None:
            object.__setattr__(self, "_key", LedgerKey(
                self.occurrence.id, begins=self.occurrence.begins.isoformat(),
                lead=self.lead).to_key())
        return self._key  # type: ignore[return-value]


def applicable_leads(event: Event, chosen: Iterable[str]) -> tuple[str, ...]:
    """The chosen leads that make sense at the event's precision."""
    if event.precision == "month":
        return MONTH_LEADS
    chosen = tuple(lead for lead in chosen if lead in LEADS)
    if event.precision == "day":
        return tuple(lead for lead in chosen if LEADS[lead] >= timedelta(days=1))
    return chosen


def due_at(occ: Occurrence, lead: str, reader_zone: str) -> datetime:
    """The instant a reminder for this occurrence and lead is due, in UTC."""
    event = occ.event
    utc = ZoneInfo("UTC")
    if event.precision == "exact":
        lead_time = LEADS[lead]
        if lead_time < timedelta(days=1):
            return occ.begins - lead_time
        # "a week before" keeps the event's wall-clock time, across a DST change too
        local_start = occ.begins.astimezone(zone(event.zone))
        earlier = (local_start.replace(tzinfo=None) - lead_time).replace(
            tzinfo=zone(event.zone))
        return earlier.astimezone(utc)
    local = zone(reader_zone)
    if event.precision == "day":
        day = occ.start if not isinstance(occ.start, datetime) else occ.start.date()
        target = day - timedelta(days=LEADS[lead].days)
    else:
        first = occ.start if not isinstance(occ.start, datetime) else occ.start.date()
        if lead == "month_before":
            target = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
        else:
            target = first.replace(day=1)
    return datetime.combine(target, REMIND_AT, local).astimezone(utc)


def slots(content: Content, zones: Iterable[str], start: datetime, end: datetime,
          leads: Iterable[str] = tuple(LEADS)) -> list[Slot]:
    """Every slot due in [start, end) for events not yet begun at their due time.

    ``zones`` are the reader zones in use; ``leads`` the union of leads anyone
    chose (the fan-out filters each subscriber's own choice).
    """
    zones = sorted(set(zones))
    leads = tuple(leads)
    out: list[Slot] = []
    for event in content.events.values():
        out.extend(event_slots(event, zones, start, end, leads))
    out.sort(key=lambda s: (s.due, s.key, s.zone))
    return out


def event_slots(event: Event, zones: list[str], start: datetime, end: datetime,
                leads: tuple[str, ...]) -> list[Slot]:
    """One event's slots due in [start, end) (``zones`` sorted): a plan built event by
    event can yield to others between events."""
    if event.status == "cancelled":
        return []
    out = []
    for occ in occurrences(event):
        if occ.begins - timedelta(days=62) > end:
            break  # later occurrences are due later still
        if occ.begins < start:
            continue
        for lead in applicable_leads(event, leads):
            for reader_zone in (zones if event.precision != "exact" else zones[:1]):
                due = due_at(occ, lead, reader_zone)
                if start <= due < end and due < occ.begins:
                    slot_zone = reader_zone if event.precision != "exact" else "*"
                    out.append(Slot(occ, lead, slot_zone, due))
    return out


def in_quiet_hours(moment: datetime, reader_zone: str, quiet: tuple[str, str]) -> datetime | None:
    """If ``moment`` falls in the reader's quiet hours, the instant they end; else None."""
    start_t, end_t = (time.fromisoformat(q) for q in quiet)
    if start_t == end_t:
        return None
    local = moment.astimezone(zone(reader_zone))
    t = local.time()
    inside = (start_t <= t or t < end_t) if start_t > end_t else (start_t <= t < end_t)
    if not inside:
        return None
    end_day = local.date() if t < end_t else local.date() + timedelta(days=1)
    return datetime.combine(end_day, end_t, zone(reader_zone)).astimezone(ZoneInfo("UTC"))
