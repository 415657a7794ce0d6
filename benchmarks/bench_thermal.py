"""Thermal screening accuracy on the simulator, against the naive hottest-pixel reading of the same frames.

Commissions the simulated lane like an installer (blackbody location, homography from clicked point
pairs, skin→core offset against a reference thermometer), then screens travellers drawn over true core
temperature 35–40 °C, sensor drift (±2.5 °C, ±1 °C/min), noise (σ 0.03–0.15 °C), gain error, ambient
and humidity (15 % outside the operating band), registration error (0–2.5 thermal px), landmark error
and standing distance. Prints the error distribution inside the operating band (mean, p95, max), the
fever sensitivity/specificity at the threshold, the refusals, per-factor p95 and the ratio to the
naive reading measured in the same run. Target: p95 ≤ 0.3 °C.

    /work/main/.venv/bin/python benchmarks/bench_thermal.py [travellers] [--json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hardware.thermal.evaluate import format_report, run


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    numbers = [a for a in argv if a.isdigit()]
    travellers = int(numbers[0]) if numbers else 600
    report = run(travellers=travellers, seed=7)
    if as_json:
        print(json.dumps(report, indent=2))
        return 0
    print(format_report(report))
    naive, ours = report["naive_hottest_pixel"]["p95_error_c"], report["p95_error_c"]
    if naive and ours:
        print(f"p95 error ratio, naive hottest pixel / screener: {naive / ours:.1f}x")
    per_frame_ms = report["elapsed_s"] * 1000 / max(1, report["frames"])
    print(f"processing (simulator rendering included): {per_frame_ms:.2f} ms per frame")
    return 0 if report["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
