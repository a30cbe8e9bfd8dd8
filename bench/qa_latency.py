"""Per-question latency of the engine on the real content and on content 100x larger.

Targets: p99 under 5 ms on the real content, under 50 ms at 100x (1,000
cities, 5,000 events, 10,000 facts), and `python -m bot ask` cold start under 1 s.
The questions are the training set's (bench/qa_train.jsonl), each read afresh.

    python bench/qa_latency.py [--passes 5] [--cold-runs 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import write_synthetic  # noqa: E402
from content.loader import load_content  # noqa: E402
from content.qa import Engine  # noqa: E402

QUESTIONS = [json.loads(line) for line in
             (ROOT / "bench" / "qa_train.jsonl").read_text("utf-8").splitlines() if line]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def per_question(engine: Engine, passes: int) -> list[float]:
    """Milliseconds per question over every pass (the first pass warms the imports).

    Nothing of a question is cached between questions except word folding (one
    lru_cache of single words), so these are the figures of a question never seen.
    """
    timings = []
    for n in range(passes + 1):
        for case in QUESTIONS:
            now = datetime.fromisoformat(case["now"])
            t0 = time.perf_counter()
            engine.answer(case["question"], now, case.get("prior"))
            if n:
                timings.append((time.perf_counter() - t0) * 1000)
    return timings


def report(label: str, timings: list[float], target: float) -> bool:
    p50, p99 = _percentile(timings, 50), _percentile(timings, 99)
    ok = p99 < target
    print(f"{label:<28} n={len(timings):<6} p50={p50:6.2f} ms  p99={p99:6.2f} ms  "
          f"max={max(timings):6.2f} ms  target p99<{target:g} ms: {'met' if ok else 'NOT met'}")
    return ok


def cold_start(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "ask", "Кой е партньорът на София?"],
                       cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=10)
    args = parser.parse_args()
    ok = report("real content", per_question(Engine(load_content()), args.passes), 5)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        big = load_content(write_synthetic(Path(tmp)))
        engine = Engine(big)
        built = time.perf_counter() - t0
        print(f"100x content: {len(big.cities)} cities, {len(big.events)} events, "
              f"{len(big.facts)} facts, {len(engine.index.exact)} aliases; "
              f"load + index {built:.2f} s")
        ok &= report("100x content", per_question(engine, max(1, args.passes // 2)), 50)
    cold = cold_start(args.cold_runs)
    cold_ok = max(cold) < 1.0
    ok &= cold_ok
    print(f"cold start (python -m bot ask) runs={len(cold)} median={statistics.median(cold):.3f} s "
          f"max={max(cold):.3f} s  target <1 s: {'met' if cold_ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
