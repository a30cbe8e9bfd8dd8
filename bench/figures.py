"""What every real-process benchmark shares: percentiles, min/median/max, stopping the bot."""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)


def pct(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def spread(values: Sequence[float], digits: int = 0) -> str:
    """min/median/max, as every benchmark quotes its runs."""
    return "/".join(f"{v:.{digits}f}" for v in (min(values), statistics.median(values),
                                                   max(values)))


def first_replies(calls: Iterable[Any], offered: Mapping[K, float],
                  key: Callable[[Any], K]) -> dict[K, float]:
    """When each offered update (by ``key`` of a stand-in call) got its first reply."""
    answered: dict[K, float] = {}
    for call in calls:
        k = key(call)
        if k in offered and k not in answered:
            answered[k] = call.at
    return answered


def chat_of(call: Any) -> int:
    """The chat a stand-in call was sent to."""
    return int(call.params.get("chat_id", 0))


def latencies(offered: Mapping[K, float], answered: Mapping[K, float], what: str
              ) -> list[float]:
    """Reply latency per offered update; every one must have been answered."""
    if len(answered) < len(offered):
        raise SystemExit(f"only {len(answered)} of {len(offered)} {what} were answered")
    return [answered[k] - offered[k] for k in offered]


def sending_rate(times: Sequence[float], gap: float = 2.0) -> float:
    """Messages per second while messages were going out: the stretches between
    restarts (pauses over ``gap`` seconds) count, the restarts themselves do not."""
    ordered = sorted(times)
    sent = spent = 0.0
    start = previous = ordered[0] if ordered else 0.0
    for t in ordered[1:]:
        if t - previous > gap:
            spent += previous - start
            start = t
        else:
            sent += 1
        previous = t
    spent += previous - start
    return sent / spent if spent > 0 else 0.0


async def stop(proc: asyncio.subprocess.Process, within: float = 30) -> None:
    """SIGTERM, as an orderly stop; SIGKILL if it does not exit in time."""
    proc.terminate()
    try:
        await asyncio.wait_for(proc.wait(), within)
    except TimeoutError:
        proc.kill()
