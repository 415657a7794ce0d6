"""Gate controller reaction time: sensor event -> output command, for several polling rates.

Two events on the simulated lane (real clock, no sleeping in the IO):
  passage   the traveller clears the exit beam -> the controller switches the exit leaf off
  fire      the fire-alarm input goes active mid-opening -> exit leaf off (lane stopped)
Figures are median / p95 in milliseconds, and ratios against the default 50 Hz polling measured
in the same run. Expected: median ~ half a polling period, p95 ~ one period, plus scheduling noise.

    /work/venv/bin/python benchmarks/bench_gate.py [runs-per-variant]
"""

from __future__ import annotations

import logging
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hardware.gate.simulator import Behaviour, SimTravellerScript, SimulatedGateIO
from kiosk.gate import GateConfig, GateController
from kiosk.ports import PassageOutcome

VARIANTS = [20.0, 50.0, 100.0, 200.0, 500.0]
BASELINE = 50.0


def first_off_after(sim: SimulatedGateIO, t: float) -> float | None:
    return next(
        (c[0] for c in sim.commands if c[1] == "exit_leaf_open" and c[2] is False and c[0] >= t), None
    )


def passage_reaction(poll_hz: float) -> float:
    script = SimTravellerScript(reaction_s=random.uniform(0.005, 0.03), walk_s=0.15)
    sim = SimulatedGateIO(travel_s=0.02, traveller=script)
    gate = GateController(
        sim, config=GateConfig(poll_hz=poll_hz, pulse_s=0.5, travel_s=0.5, beam_merge_s=0.0)
    )
    assert gate.admit(timeout=5) is PassageOutcome.PASSED
    cleared = sim._walk["exit"] + script.walk_s  # when the body left the beam (sim timeline)
    off = first_off_after(sim, cleared)
    assert off is not None
    return off - cleared


def fire_reaction(poll_hz: float) -> float:
    sim = SimulatedGateIO(travel_s=0.02, traveller=SimTravellerScript(Behaviour.DOES_NOT_GO))
    gate = GateController(sim, config=GateConfig(poll_hz=poll_hz, pulse_s=0.5, travel_s=0.5))
    fired: list[float] = []

    def fire() -> None:
        sim.set_fire_alarm(True)
        fired.append(time.monotonic())

    timer = threading.Timer(random.uniform(0.05, 0.1), fire)
    timer.start()
    assert gate.admit(timeout=5) is PassageOutcome.EMERGENCY
    timer.join()
    off = first_off_after(sim, fired[0])
    assert off is not None
    return off - fired[0]


def stats(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    return statistics.median(s) * 1e3, s[min(len(s) - 1, round(0.95 * (len(s) - 1)))] * 1e3


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    logging.getLogger("kiosk.gate").setLevel(logging.ERROR)  # every fire run stops the lane on purpose
    random.seed(1)
    results: dict[str, dict[float, tuple[float, float]]] = {"passage": {}, "fire": {}}
    for hz in VARIANTS:
        results["passage"][hz] = stats([passage_reaction(hz) for _ in range(runs)])
        results["fire"][hz] = stats([fire_reaction(hz) for _ in range(runs)])
    print(f"gate reaction time, sensor event -> output command ({runs} runs per variant)")
    print(
        f"{'event':8} {'poll':>7} {'period':>8} {'median':>9} {'p95':>9} {'median/base':>12} {'p95/base':>9}"
    )
    for event, table in results.items():
        base_med, base_p95 = table[BASELINE]
        for hz, (med, p95) in table.items():
            print(
                f"{event:8} {hz:5.0f}Hz {1e3 / hz:6.1f}ms {med:7.2f}ms {p95:7.2f}ms "
                f"{med / base_med:11.2f}x {p95 / base_p95:8.2f}x"
            )
    print(f"baseline: {BASELINE:.0f} Hz (the default poll_hz)")


if __name__ == "__main__":
    main()
