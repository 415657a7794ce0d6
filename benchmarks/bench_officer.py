"""Officer console benchmark: what one refresh of the console costs as the queue grows, and the shift
report over a busy day.

    .venv/bin/python benchmarks/bench_officer.py [--referrals 50] [--transactions 20000]

The console polls `lanes()` + `referrals()` once a second off its GUI thread; the figure to watch is
the poll time with a long queue against the same poll with one referral (the baseline, same run).
The report is timed over N stored transactions against the same report over N/10.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _time(fn, repeat: int = 15) -> float:
    fn()  # warm
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def poll(referrals: int) -> dict[str, float]:
    from lane_doubles import Script, make_lane

    from kiosk.supervision import LocalSupervisor

    out = {}
    for n in (1, referrals):
        with tempfile.TemporaryDirectory() as tmp:
            lane, _devs, store = make_lane(Path(tmp), Script(face_score=0.05))
            for _ in range(n):
                lane.run_transaction()
            sup = LocalSupervisor([lane], health_every_s=0)
            out[n] = _time(lambda sup=sup: (sup.lanes(), sup.referrals()))
            store.close()
    return {"poll_ms_1": round(out[1], 2), f"poll_ms_{referrals}": round(out[referrals], 2),
            "ratio": round(out[referrals] / out[1], 1)}


def report(transactions: int) -> dict[str, float]:
    from kiosk.reports import shift_report
    from kiosk.store import Store

    t0 = datetime(2026, 6, 1, tzinfo=UTC)
    out = {}
    for n in (transactions // 10, transactions):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "bench.sqlite")
            with store.atomic() as tx:  # bulk load; the lane writes one at a time
                tx.db["transactions"].insert_all(
                    {"id": f"t{i}", "lane_id": "LANE-01",
                     "started_at": (t0 + timedelta(seconds=86400 * i / n)).isoformat(),
                     "ended_at": (t0 + timedelta(seconds=86400 * i / n + 9)).isoformat(),
                     "outcome": "refer" if i % 9 == 0 else "clear",
                     "reasons": json.dumps(["fever"] if i % 9 == 0 else []),
                     "timings_ms": "{}", "scores": json.dumps({"face": (i % 100) / 100, "face_threshold": 0.4}),
                     "document_ref": "", "evidence": "{}"} for i in range(n))
            out[n] = _time(lambda store=store: shift_report(store, t0, t0 + timedelta(days=1)), repeat=5)
            store.close()
    small, big = transactions // 10, transactions
    return {f"report_ms_{small}": round(out[small], 1), f"report_ms_{big}": round(out[big], 1),
            "ratio": round(out[big] / out[small], 1)}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--referrals", type=int, default=50)
    p.add_argument("--transactions", type=int, default=20000)
    a = p.parse_args()
    print(json.dumps({"console_poll": poll(a.referrals), "shift_report": report(a.transactions)}, indent=2))


if __name__ == "__main__":
    main()
