"""What a computed answer filters events and pairs by: the items named, cue and kind words.

The ranker (content.ranking) reads a question; the engine turns what it read
into an Analysis for the computed answers (when, upcoming, time left, partner).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Analysis:
    lang: str
    toks: list[str]
    programmes: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    cues: set[str] = field(default_factory=set)
    kinds: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    event_scores: dict[str, float] = field(default_factory=dict)
    intent: str = "unknown"
    yesno: bool = False  # "Can I still apply?": answered yes or no before the date
    too_late: bool = False  # "Is it too late…?", "Has it closed?": yes means it has passed
    not_yet: bool = False  # "Isn't it closed yet?": a yes or no would read either way
