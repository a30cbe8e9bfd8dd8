"""Subscribers by topic, kept current one user at a time.

A wake-up's recipients are the subscribers of its event's topics (its
programme, kind, cities, or everything): looked up here they cost the number
of recipients, not the number of users, and a settings click changes one
entry instead of re-reading every user. The index also counts the zones and
lead times in use, since those are all the plan depends on: a click that
brings neither a new zone nor a new lead needs no re-planning at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from content.models import Event
from scheduler.plan import Slot, applicable_leads
from scheduler.reminders import Subscriber, event_topics


class SubscriberIndex:
    def __init__(self, subscribers: Iterable[Subscriber] = ()) -> None:
        self._subs: dict[int, Subscriber] = {}
        # topic -> reader zone -> user ids: a wake-up for one zone reads only that zone's
        self._by_topic: dict[str, dict[str, set[int]]] = {}
        self.zones: Counter[str] = Counter()
        self.leads: Counter[str] = Counter()
        for sub in subscribers:
            self.put(sub.user_id, sub)

    def __iter__(self) -> Iterator[Subscriber]:
        return iter(list(self._subs.values()))

    def __len__(self) -> int:
        return len(self._subs)

    def get(self, user_id: int) -> Subscriber | None:
        return self._subs.get(user_id)

    def put(self, user_id: int, sub: Subscriber | None) -> bool:
        """Replace one user's entry (None: no longer a subscriber); True when a zone or
        lead time came into use that the plan has not seen."""
        old = self._subs.pop(user_id, None)
        if old is not None:
            for topic in old.topics:
                zones = self._by_topic.get(topic, {})
                members = zones.get(old.zone)
                if members is not None:
                    members.discard(user_id)
                    if not members:
                        del zones[old.zone]
                if not zones:
                    self._by_topic.pop(topic, None)
            self.zones[old.zone] -= 1
            self.zones += Counter()  # drops zones no longer in use
            self.leads.subtract(old.leads)
            self.leads += Counter()
        if sub is None:
            return False
        new = sub.zone not in self.zones or any(lead not in self.leads for lead in sub.leads)
        self._subs[user_id] = sub
        for topic in sub.topics:
            self._by_topic.setdefault(topic, {}).setdefault(sub.zone, set()).add(user_id)
        self.zones[sub.zone] += 1
        self.leads.update(sub.leads)
        return new

    def of_event(self, event: Event, zone: str = "*") -> list[Subscriber]:
        """Everyone subscribed to one of the event's topics (in ``zone``, or anywhere)."""
        ids: set[int] = set()
        for topic in event_topics(event):
            by_zone = self._by_topic.get(topic)
            if not by_zone:
                continue
            if zone == "*":
                for members in by_zone.values():
                    ids |= members
            else:
                ids |= by_zone.get(zone, set())
        subs = self._subs
        return [subs[i] for i in ids]

    def for_slot(self, slot: Slot) -> list[Subscriber]:
        """The subscribers this wake-up is for (the ledger aside): ``wants`` for the
        candidates of its zone and topics, with what is the same for the whole slot
        (the event, its applicable leads per lead choice) worked out once."""
        event = slot.occurrence.event
        deadline = event.kind == "deadline"
        lead_fits: dict[tuple[str, ...], bool] = {}
        out = []
        for sub in self.of_event(event, slot.zone):
            fits = lead_fits.get(sub.leads)
            if fits is None:
                fits = lead_fits[sub.leads] = slot.lead in applicable_leads(event, sub.leads)
            if fits and event.id not in sub.muted and not (deadline and event.id in sub.done):
                out.append(sub)
        return out
