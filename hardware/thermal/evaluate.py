"""The thermal screening evaluation: commission on the simulator, then sweep the conditions.

Like an installer: locate the blackbody in the empty lane, fit the homography from point pairs (with
click noise), fit the skin→core offset against a reference thermometer on a few volunteers. Then run
the screener over travellers drawn across true core temperature (35–40 °C), sensor drift and drift rate,
noise, gain error, ambient/humidity, registration error, landmark error, standing distance and FFC timing,
and report the error distribution and the fever detection sensitivity/specificity at the threshold.
Used by `benchmarks/bench_thermal.py` and `clearance-kiosk thermal evaluate`.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from hardware.cameras.simulated import FaceScene
from hardware.thermal.simulator import Physiology, SimulatedThermalCamera, ThermalScene, face_truth
from kiosk.config import ThermalConfig
from kiosk.evidence import Check, FaceEvidence
from kiosk.thermal.calibration import fit_skin_core, locate_blackbody
from kiosk.thermal.measure import KELVIN
from kiosk.thermal.registration import Registration, fit_homography
from kiosk.thermal.screener import ThermalScreener

IDENTITIES = ("gdp1", "gdp3", "yaoming", "yaoming2", "tomhanks", "players1")


class VirtualClock:
    """Simulated time: waits take none, so thousands of frames run in seconds."""

    def __init__(self) -> None:
        self.t = 0.0

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=self.t)

    def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)


@dataclass(frozen=True)
class Case:
    core_c: float
    canthus_offset_c: float  # people differ: core − canthus varies around the population's value
    ambient_coeff: float
    ambient_c: float
    humidity_pct: float
    drift_c: float
    drift_rate_c_per_min: float
    noise_c: float
    gain_error: float
    misregistration_px: tuple[float, float]
    landmark_error_px: float
    face_size: float  # FaceScene.size: the standing distance
    ffc_interval_s: float
    identity: str

    @property
    def misregistration(self) -> float:
        return math.hypot(*self.misregistration_px)


def face_evidence(face: FaceScene, rng: np.random.Generator, landmark_error_px: float) -> FaceEvidence:
    box, lm = face_truth(face)
    lm = lm + rng.normal(0.0, landmark_error_px, lm.shape)
    return FaceEvidence(score=0.9, threshold=0.4, matched=True, liveness=Check.VALID, face_box=box, landmarks=lm)


def commission(base: ThermalConfig, rng: np.random.Generator, volunteers: int = 4) -> tuple[ThermalConfig, dict]:
    """What the installer does at the lane, on the simulator; returns the commissioned configuration."""
    clock = VirtualClock()
    nominal = ThermalScene(ambient_c=22.0, noise_c=0.06, seed=int(rng.integers(1 << 30)))
    camera = SimulatedThermalCamera(replace(nominal, present=False), clock=clock)
    region = locate_blackbody([camera.read(1.0).kelvin for _ in range(4)])
    # A heated target moved over the standing zone, clicked in both images (≈0.3 px click noise).
    true_h = Registration(nominal.homography)
    visible = np.array([[x, y] for x in (240, 320, 400) for y in (150, 240, 330)], np.float64)
    thermal = true_h.points(visible) + rng.normal(0.0, 0.3, visible.shape)
    fit = fit_homography(visible, thermal)
    cal = base.calibration.model_copy(update={
        "homography": fit.as_list(), "homography_rms_px": round(fit.rms_px, 3), "blackbody_region": region})
    cfg = base.model_copy(update={"calibration": cal.model_copy(update={"skin_core_offset_c": 0.0})})
    screener = ThermalScreener(cfg, clock)
    skins, refs = [], []
    for i in range(volunteers):
        core = float(rng.uniform(36.3, 37.0))
        face = FaceScene(identity=IDENTITIES[i % len(IDENTITIES)])
        phys = Physiology(core_c=core, canthus_offset_c=float(rng.normal(0.9, 0.08)))
        camera.scene = replace(nominal, face=face, physiology=phys, seed=100 + i)
        for _ in range(3):  # three readings each, as the calibration step asks
            rois = screener.locate(face_evidence(face, rng, 1.0))
            m = screener.measure(camera, rois, clock.monotonic() + 5.0)
            assert m.skin_c is not None, m.problem
            skins.append(m.skin_c)
            refs.append(core + float(rng.normal(0.0, 0.05)))  # a clinical thermometer's own error
    offset = fit_skin_core(skins, refs, reference_ambient_c=cal.reference_ambient_c, ambient_coeff=cal.ambient_coeff)
    final = base.model_copy(update={"calibration": cal.model_copy(update={
        "skin_core_offset_c": round(offset.offset_c, 3), "reference_readings": offset.pairs,
        "commissioned_at": clock.now().isoformat()})})
    return final, {"blackbody_region": region, "homography_rms_px": round(fit.rms_px, 3),
                   "skin_core_offset_c": round(offset.offset_c, 3), "offset_rms_c": round(offset.rms_c, 3),
                   "reference_pairs": offset.pairs}


def sample_cases(n: int, rng: np.random.Generator, band: ThermalConfig) -> list[Case]:
    cases = []
    lo, hi = band.ambient_c
    for _ in range(n):
        angle = rng.uniform(0, 2 * math.pi)
        mis = rng.uniform(0.0, 2.5)
        # 85 % inside the operating band, the rest outside it (to show the refusal), a few off the mark
        ambient = rng.uniform(lo, hi) if rng.random() < 0.85 else float(rng.choice([lo - 3, hi + 3]))
        size = rng.uniform(0.27, 0.50) if rng.random() < 0.93 else float(rng.choice([0.18, 0.65]))
        cases.append(Case(
            core_c=float(rng.uniform(35.0, 40.0)), canthus_offset_c=float(rng.normal(0.9, 0.08)),
            ambient_coeff=float(rng.uniform(0.02, 0.04)), ambient_c=float(ambient),
            humidity_pct=float(rng.uniform(15, 70)),
            drift_c=float(rng.uniform(-2.5, 2.5)), drift_rate_c_per_min=float(rng.uniform(-1.0, 1.0)),
            noise_c=float(rng.uniform(0.03, 0.15)), gain_error=float(rng.uniform(-0.01, 0.01)),
            misregistration_px=(mis * math.cos(angle), mis * math.sin(angle)),
            landmark_error_px=float(rng.uniform(0.0, 3.0)), face_size=float(size),
            ffc_interval_s=float(rng.uniform(0.5, 30.0)), identity=str(rng.choice(IDENTITIES))))
    return cases


def _pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 3) if values else None


def _stats(errors: list[float]) -> dict[str, Any]:
    a = [abs(e) for e in errors]
    return {"n": len(a), "mean_error_c": round(float(np.mean(errors)), 3) if a else None,
            "mean_abs_error_c": round(float(np.mean(a)), 3) if a else None,
            "p95_error_c": _pct(a, 95), "max_error_c": round(max(a), 3) if a else None}


def run(travellers: int = 400, seed: int = 7, config: ThermalConfig | None = None) -> dict[str, Any]:
    quiet = logging.getLogger("kiosk.thermal")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # thousands of expected refusals are not news here
    try:
        return _run(travellers, seed, config)
    finally:
        quiet.setLevel(level)


def _run(travellers: int, seed: int, config: ThermalConfig | None) -> dict[str, Any]:
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    base = config or ThermalConfig()
    cfg, commissioning = commission(base, rng)
    clock = VirtualClock()
    screener = ThermalScreener(cfg, clock)
    camera = SimulatedThermalCamera(clock=clock)
    threshold = cfg.threshold_c
    in_band_errors: list[float] = []
    naive_errors: list[float] = []
    by_misreg: dict[str, list[float]] = {"0-1 px": [], "1-2 px": [], "2-2.5 px": []}
    by_noise: dict[str, list[float]] = {"0.03-0.07": [], "0.07-0.11": [], "0.11-0.15": []}
    tp = fn = tn = fp = 0
    unavailable: dict[str, int] = {}
    out_of_band = refused_out_of_band = off_mark = refused_off_mark = 0
    for i, case in enumerate(sample_cases(travellers, rng, cfg)):
        face = FaceScene(identity=case.identity, size=case.face_size)
        camera.scene = ThermalScene(
            face=face, physiology=Physiology(core_c=case.core_c, canthus_offset_c=case.canthus_offset_c,
                                             ambient_coeff=case.ambient_coeff), ambient_c=case.ambient_c,
            humidity_pct=case.humidity_pct, drift_c=case.drift_c, drift_rate_c_per_min=case.drift_rate_c_per_min,
            noise_c=case.noise_c, gain_error=case.gain_error, misregistration_px=case.misregistration_px,
            ffc_interval_s=case.ffc_interval_s, seed=seed * 10_000 + i)
        evidence = face_evidence(face, rng, case.landmark_error_px)
        ev = screener.screen(camera, evidence, timeout=10.0)
        band_ok = cfg.ambient_c[0] <= case.ambient_c <= cfg.ambient_c[1] and \
            cfg.humidity_pct[0] <= case.humidity_pct <= cfg.humidity_pct[1]
        width = evidence.face_box[2] - evidence.face_box[0] if evidence.face_box else 0.0
        on_mark = cfg.calibration.face_width_px[0] <= width <= cfg.calibration.face_width_px[1]
        if not band_ok:
            out_of_band += 1
            refused_out_of_band += ev.status == "unavailable"
            continue
        if not on_mark:
            off_mark += 1
            refused_off_mark += ev.status == "unavailable"
            continue
        if ev.status == "unavailable" or ev.core_c is None:
            key = ev.detail.split(":")[0][:60]
            unavailable[key] = unavailable.get(key, 0) + 1
            continue
        err = ev.core_c - case.core_c
        in_band_errors.append(err)
        m = case.misregistration
        by_misreg["0-1 px" if m < 1 else "1-2 px" if m < 2 else "2-2.5 px"].append(err)
        noise_bin = "0.03-0.07" if case.noise_c < 0.07 else "0.07-0.11" if case.noise_c < 0.11 else "0.11-0.15"
        by_noise[noise_bin].append(err)
        fever_true = case.core_c >= threshold
        fever_said = ev.status == "fever"
        tp += fever_true and fever_said
        fn += fever_true and not fever_said
        tn += not fever_true and not fever_said
        fp += not fever_true and fever_said
        # The naive reading this replaces: the hottest pixel of the face box, uncorrected.
        frame = camera.read(0.1)
        reg = screener.registration
        (x1, y1), (x2, y2) = reg.points([evidence.face_box[:2], evidence.face_box[2:]])
        patch = frame.kelvin[max(0, int(y1)):int(y2) + 1, max(0, int(x1)):int(x2) + 1]
        if patch.size:
            naive_errors.append(float(patch.max()) - KELVIN - case.core_c)
    stats = _stats(in_band_errors)
    return {
        "benchmark": "thermal-screening",
        "travellers": travellers,
        "frames": camera.frames_total,
        "threshold_c": threshold,
        "operating_band": {"ambient_c": list(cfg.ambient_c), "humidity_pct": list(cfg.humidity_pct)},
        **stats,
        "sensitivity": round(tp / (tp + fn), 4) if tp + fn else None,
        "specificity": round(tn / (tn + fp), 4) if tn + fp else None,
        "confusion": {"tp": tp, "fn": fn, "tn": tn, "fp": fp},
        "unavailable_in_band": unavailable,
        "out_of_band": {"cases": out_of_band, "refused": refused_out_of_band},
        "off_mark": {"cases": off_mark, "refused": refused_off_mark},
        "by_misregistration": {k: _stats(v) for k, v in by_misreg.items()},
        "by_noise_c": {k: _stats(v) for k, v in by_noise.items()},
        "naive_hottest_pixel": _stats(naive_errors),
        "commissioning": commissioning,
        "target_p95_c": 0.3,
        "meets_target": stats["p95_error_c"] is not None and stats["p95_error_c"] <= 0.3,
        "elapsed_s": round(time.perf_counter() - started, 2),
    }


def format_report(r: dict[str, Any]) -> str:
    def f(v: Any, fmt: str = ".3f") -> str:
        return "-" if v is None else format(v, fmt)

    lines = [
        f"thermal screening over {r['travellers']} simulated travellers, {r['frames']} frames "
        f"({r['elapsed_s']} s)",
        f"commissioning: blackbody region {r['commissioning']['blackbody_region']}, homography rms "
        f"{r['commissioning']['homography_rms_px']} px, skin→core offset {r['commissioning']['skin_core_offset_c']} °C "
        f"(rms {r['commissioning']['offset_rms_c']} °C over {r['commissioning']['reference_pairs']} pairs)",
        f"in the operating band ({r['n']} measured): mean {f(r['mean_error_c'])} °C, mean |err| "
        f"{f(r['mean_abs_error_c'])} °C, p95 {f(r['p95_error_c'])} °C, max {f(r['max_error_c'])} °C "
        f"(target p95 ≤ {r['target_p95_c']} °C: {'met' if r['meets_target'] else 'NOT met'})",
        f"fever at ≥ {r['threshold_c']} °C: sensitivity {f(r['sensitivity'], '.3f')}, specificity "
        f"{f(r['specificity'], '.3f')} {r['confusion']}",
        f"naive hottest pixel in the face box: mean {f(r['naive_hottest_pixel']['mean_error_c'])} °C, p95 |err| "
        f"{f(r['naive_hottest_pixel']['p95_error_c'])} °C",
        f"out of the operating band: {r['out_of_band']['refused']}/{r['out_of_band']['cases']} refused; "
        f"off the standing mark: {r['off_mark']['refused']}/{r['off_mark']['cases']} refused; "
        f"unavailable in band: {r['unavailable_in_band'] or 'none'}",
    ]
    for title, key in (("registration error", "by_misregistration"), ("sensor noise σ °C", "by_noise_c")):
        parts = [f"{k}: p95 {f(v['p95_error_c'])} (n={v['n']})" for k, v in r[key].items()]
        lines.append(f"by {title}: " + "; ".join(parts))
    return "\n".join(lines)
