"""Settings-write and lookup latency of the state store at 1,000 and 10,000 users.

A write is measured from the change to its acknowledgement (``commit()``
returned: the data is fsynced and atomically in place). Targets at 10,000
users: p99 under 25 ms per write and under 1 ms per lookup.

    python bench/state.py [--writes 500] [--lookups 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.state import StateStore

ZONES = ["Europe/Sofia", "Asia/Seoul", "Europe/Madrid", "Asia/Shanghai", "Europe/Dublin"]


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def run(users: int, writes: int, lookups: int, concurrent: int) -> bool:
    rng = random.Random(users)
    with tempfile.TemporaryDirectory() as tmp:
        store = StateStore(tmp)
        for uid in range(users):
            store.users.update(uid, lang=rng.choice(["en", "bg", "ko"]), zone=rng.choice(ZONES))
        store.flush_sync()
        store = StateStore(tmp)  # cold start from the files, as after a restart

        write_ms = []
        for _ in range(writes):
            uid = rng.randrange(users)
            t0 = time.perf_counter()
            store.users.update(uid, zone=rng.choice(ZONES))
            await store.commit()
            write_ms.append((time.perf_counter() - t0) * 1000)

        async def one() -> float:
            t0 = time.perf_counter()
            store.users.update(rng.randrange(users), lang="es")
            await store.commit()
            return (time.perf_counter() - t0) * 1000

        t0 = time.perf_counter()
        burst = await asyncio.gather(*(one() for _ in range(concurrent)))
        burst_s = time.perf_counter() - t0

        look_ms = []
        for _ in range(lookups):
            uid = rng.randrange(users)
            t0 = time.perf_counter()
            store.users.get(uid)
            look_ms.append((time.perf_counter() - t0) * 1000)

    ok = _pct(write_ms, 99) < 25 and _pct(look_ms, 99) < 1
    print(f"{users:>6} users  write p50={_pct(write_ms, 50):6.2f} ms p99={_pct(write_ms, 99):6.2f}"
          f" ms | lookup p50={_pct(look_ms, 50) * 1000:6.1f} us p99="
          f"{_pct(look_ms, 99) * 1000:6.1f} us | {concurrent} concurrent writes acknowledged in "
          f"{burst_s * 1000:.0f} ms (p99 {_pct(list(burst), 99):.1f} ms)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--lookups", type=int, default=20000)
    parser.add_argument("--concurrent", type=int, default=1000)
    args = parser.parse_args()
    ok = True
    for users in (1000, 10000):
        ok &= asyncio.run(run(users, args.writes, args.lookups, args.concurrent))
    print("targets at 10,000 users (write p99 < 25 ms, lookup p99 < 1 ms): "
          + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
