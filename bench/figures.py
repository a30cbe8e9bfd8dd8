"""What every real-process benchmark shares: percentiles, min/median/max, stopping the bot."""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Sequence


def pct(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def spread(values: Sequence[float], digits: int = 0) -> str:
    """min/median/max, as every benchmark quotes its runs."""
    return "/".join(f"{v:.{digits}f}" for v in (min(values), statistics.median(values),
                                                   max(values)))


async def stop(proc: asyncio.subprocess.Process, within: float = 30) -> None:
    """SIGTERM, as an orderly stop; SIGKILL if it does not exit in time."""
    proc.terminate()
    try:
        await asyncio.wait_for(proc.wait(), within)
    except TimeoutError:
        proc.kill()
