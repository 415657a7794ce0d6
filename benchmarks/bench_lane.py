"""Lane benchmark: the lane's own processing time per traveller (simulated waits excluded), and the
kiosk's start-up time to the attract screen.

    .venv/bin/python benchmarks/bench_lane.py [--travellers 60]

Processing time is measured on the lane's clock minus the time its devices spent waiting (simulated
arrival, frame intervals, gate travel), so it is the work the kiosk PC does. The baseline in the same
run is the first traveller (cold: model warm-up, first imports) against the steady state.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q / 100 * (len(s) - 1)))]


def lane_processing(n: int) -> dict[str, object]:
    from kiosk import config as kconfig
    from ui.cli import demo_config, simulated_officer_reset
    from ui.composition import build

    with tempfile.TemporaryDirectory() as tmp:
        cfg = demo_config(kconfig.from_dict({"storage": {"database": f"{tmp}/bench.sqlite"},
                                             "simulation": {"time_scale": 0.0}}))
        t0 = time.perf_counter()
        app = build(cfg)
        build_s = time.perf_counter() - t0
        assert app.world is not None
        app.world.order = "cycle"
        per_stage: dict[str, list[float]] = {}
        totals: list[float] = []
        try:
            for _ in range(n):
                if not app.lane.ready() and not simulated_officer_reset(app):
                    raise SystemExit(f"lane stopped: {app.lane.status}")
                r = app.lane.run_transaction()
                totals.append(sum(r.processing_ms.values()))
                for k, v in r.processing_ms.items():
                    per_stage.setdefault(k, []).append(v)
        finally:
            app.close()
    steady = totals[1:] or totals
    return {
        "travellers": n,
        "build_s": round(build_s, 3),
        "first_ms": round(totals[0], 1),
        "median_ms": round(statistics.median(steady), 1),
        "p95_ms": round(pct(steady, 95), 1),
        "cold_over_steady": round(totals[0] / statistics.median(steady), 2),
        "stage_median_ms": {k: round(statistics.median(v), 1) for k, v in per_stage.items()},
    }


STARTUP = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from kiosk import config as kconfig
from ui.cli import demo_config
from ui.kiosk_app import create_window
cfg = demo_config(kconfig.from_dict({"storage": {"database": sys.argv[1]}}))
win, lane_app = create_window(cfg)
win.show()
app.processEvents()
assert win.current_key == "attract"
print(time.perf_counter() - t0)
win.shutdown(); lane_app.close()
"""


def startup_s(runs: int = 3) -> list[float]:
    out = []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    for i in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            p = subprocess.run([sys.executable, "-c", STARTUP, f"{tmp}/s{i}.sqlite"], env=env, capture_output=True,
                               text=True, check=True, cwd=ROOT)
            out.append(float(p.stdout.strip().splitlines()[-1]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--travellers", type=int, default=60)
    ap.add_argument("--startup-runs", type=int, default=3)
    args = ap.parse_args()
    lane = lane_processing(args.travellers)
    print(f"lane processing per traveller: median {lane['median_ms']} ms, p95 {lane['p95_ms']} ms "
          f"(first/cold {lane['first_ms']} ms = {lane['cold_over_steady']}x steady); build {lane['build_s']} s")
    print("per-stage median ms:", json.dumps(lane["stage_median_ms"]))
    s = startup_s(args.startup_runs)
    print(f"start-up to attract screen: median {statistics.median(s):.2f} s over {len(s)} runs "
          f"(min {min(s):.2f}, max {max(s):.2f})")
    print(json.dumps({"lane": lane, "startup_s": s}))


if __name__ == "__main__":
    main()
