"""`clearance-kiosk thermal evaluate|measure|calibrate`: accuracy sweep and the installer's commissioning.

    thermal evaluate [--json] [--travellers N] [--seed S]
    thermal measure --face-box X1,Y1,X2,Y2 [--landmarks "x,y x,y x,y x,y x,y"] [--json]
    thermal calibrate [--locate-blackbody] [--setpoint C] [--pairs FILE] [--readings FILE] [--write] [--json]

evaluate: commissions the simulator and sweeps true temperature 35–40 °C, drift, noise, ambient and
registration error; prints mean/p95/max error and sensitivity/specificity at the threshold.

measure: one screening measurement with the configured thermal camera and calibration, for a volunteer
standing at the mark (face box from the visible camera's picture): the skin and core estimates, the
blackbody correction. Used with a reference thermometer to collect the offset readings.

calibrate: fits what it is given and prints the resulting `[thermal.calibration]` table; `--write`
saves it into the `--config` file (comments kept).
  --locate-blackbody  find the blackbody in frames of the empty lane (set-point from --setpoint)
  --pairs FILE        TOML, [[pair]] visible = [x, y]  thermal = [x, y]  (≥ 4; a heated target at the mark)
  --readings FILE     TOML, [[reading]] skin_c = 35.7  reference_c = 36.8  ambient_c = 22.5 (optional)
  --distance-band MIN,MAX  face box widths (visible px) seen at the edges of the standing zone
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    t = sub.add_parser("thermal", help="thermal screening: accuracy evaluation, measurement, commissioning")
    tsub = t.add_subparsers(dest="thermal_command", required=True)

    e = tsub.add_parser("evaluate", help="simulator sweep: error distribution, fever sensitivity/specificity")
    e.add_argument("--json", action="store_true")
    e.add_argument("--travellers", "-n", type=int, default=400)
    e.add_argument("--seed", type=int, default=7)
    e.set_defaults(func=cmd_evaluate)

    m = tsub.add_parser("measure", help="one measurement of a volunteer at the mark")
    m.add_argument("--face-box", required=True, help="x1,y1,x2,y2 in the visible camera's pixels")
    m.add_argument("--landmarks", help='five "x,y" points: eyes, nose, mouth corners (insightface order)')
    m.add_argument("--timeout", type=float, default=10.0)
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=cmd_measure)

    c = tsub.add_parser("calibrate", help="commissioning: blackbody region, homography, skin→core offset")
    c.add_argument("--locate-blackbody", action="store_true", help="find the blackbody in the empty lane")
    c.add_argument("--setpoint", type=float, help="the blackbody's set-point, °C")
    c.add_argument("--pairs", type=Path, help="visible/thermal point pairs (TOML)")
    c.add_argument("--readings", type=Path, help="skin/reference thermometer readings (TOML)")
    c.add_argument("--distance-band", metavar="MIN,MAX",
                   help="face box widths (visible px) at the front and back edge of the standing zone")
    c.add_argument("--frames", type=int, default=8, help="frames averaged to locate the blackbody")
    c.add_argument("--write", action="store_true", help="save into the --config file")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_calibrate)


# --- evaluate ---------------------------------------------------------------------------------------


def cmd_evaluate(args: argparse.Namespace) -> int:
    from hardware.thermal.evaluate import format_report, run
    from ui.cli import load_config

    cfg = load_config(args)
    report = run(travellers=max(1, args.travellers), seed=args.seed, config=cfg.thermal)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return EXIT_OK


# --- shared -----------------------------------------------------------------------------------------


def _camera(cfg: Any) -> Any:
    from hardware import registry
    from hardware.drivers import load_all
    from kiosk.ports import SystemClock
    from ui.composition import DriverContext

    load_all()
    dev = cfg.devices.thermal_camera
    context = DriverContext(clock=SystemClock(), world=None, config=cfg, audit=lambda *_: None)
    return registry.create("thermal_camera", dev.driver, dev.options(), context)


def _floats(text: str, n: int, what: str) -> list[float]:
    try:
        values = [float(v) for v in text.replace(";", ",").replace(" ", ",").split(",") if v]
    except ValueError:
        raise SystemExit(f"{what}: numbers expected, got {text!r}") from None
    if len(values) != n:
        raise SystemExit(f"{what}: {n} numbers expected, got {len(values)}")
    return values


def _toml(path: Path, what: str) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise SystemExit(f"{what} {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SystemExit(f"{what} {path}: not valid TOML: {exc}") from None


# --- measure ----------------------------------------------------------------------------------------


def cmd_measure(args: argparse.Namespace) -> int:
    from kiosk.evidence import Check, FaceEvidence
    from kiosk.ports import SystemClock
    from kiosk.thermal import ThermalScreener, Unmeasurable
    from ui.cli import load_config

    cfg = load_config(args)
    box = _floats(args.face_box, 4, "--face-box")
    lm = np.array(_floats(args.landmarks, 10, "--landmarks")).reshape(5, 2) if args.landmarks else None
    face = FaceEvidence(score=0.0, threshold=0.0, matched=False, liveness=Check.NOT_CHECKED,
                        face_box=(box[0], box[1], box[2], box[3]), landmarks=lm)
    clock = SystemClock()
    screener = ThermalScreener(cfg.thermal, clock)
    camera = _camera(cfg)
    try:
        rois = screener.locate(face)
        m = screener.measure(camera, rois, clock.monotonic() + args.timeout)
    except Unmeasurable as exc:
        print(f"cannot measure: {exc.detail}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        camera.close()
    if m.core_c is None:
        print(f"cannot measure: {m.problem}", file=sys.stderr)
        return EXIT_FAILED
    out = {"skin_c": round(m.skin_c or 0.0, 3), "core_c": round(m.core_c, 3), "frames": len(m.frames),
           "blackbody_error_c": round(float(np.median([f.blackbody_error_c for f in m.frames])), 3),
           "ambient_c": m.frames[-1].ambient_c, "rejected": dict(m.rejected)}
    if args.json:
        print(json.dumps(out))
    else:
        print(f"skin {out['skin_c']:.2f} °C → core {out['core_c']:.2f} °C over {out['frames']} frames, "
              f"blackbody correction {out['blackbody_error_c']:+.2f} °C")
        print(f'for the readings file: [[reading]] skin_c = {out["skin_c"]}  reference_c = <thermometer>'
              + (f"  ambient_c = {out['ambient_c']}" if out["ambient_c"] is not None else ""))
    return EXIT_OK


# --- calibrate --------------------------------------------------------------------------------------


def calibrate(cfg: Any, *, locate: bool = False, setpoint: float | None = None, pairs: dict[str, Any] | None = None,
              readings: dict[str, Any] | None = None, frames: int = 8, camera: Any = None,
              distance_band: list[float] | None = None,
              now: datetime | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The new `[thermal.calibration]` table and a report of each fit (raises CalibrationError)."""
    from kiosk.config import ThermalCalibration
    from kiosk.thermal import CalibrationError, fit_homography, fit_skin_core, locate_blackbody

    cal = cfg.thermal.calibration.model_dump()
    report: dict[str, Any] = {}
    if setpoint is not None:
        cal["blackbody_setpoint_c"] = float(setpoint)
    if distance_band is not None:
        lo, hi = sorted(float(v) for v in distance_band)
        if lo <= 0:
            raise CalibrationError("the distance band is two positive face widths in pixels")
        cal["face_width_px"] = [lo, hi]
        report["distance_band"] = [lo, hi]
    if locate:
        own = camera is None
        camera = camera or _camera(cfg)
        try:
            grabbed = []
            while len(grabbed) < frames:
                frame = camera.read(2.0)
                if not frame.ffc_in_progress:
                    grabbed.append(frame.kelvin)
        finally:
            if own:
                camera.close()
        region = locate_blackbody(grabbed)
        cal["blackbody_region"] = region
        report["blackbody_region"] = region
    if pairs is not None:
        rows = pairs.get("pair", [])
        try:
            vis = [[float(v) for v in p["visible"]] for p in rows]
            th = [[float(v) for v in p["thermal"]] for p in rows]
        except (KeyError, TypeError, ValueError) as exc:
            raise CalibrationError(f"pairs: each [[pair]] needs visible = [x, y], thermal = [x, y] ({exc})") from None
        fit = fit_homography(vis, th)
        cal["homography"] = fit.as_list()
        cal["homography_rms_px"] = round(fit.rms_px, 3)
        report["homography"] = {"rms_px": round(fit.rms_px, 3), "inliers": fit.inliers, "points": fit.points}
    if readings is not None:
        rows = readings.get("reading", [])
        try:
            skin = [float(r["skin_c"]) for r in rows]
            ref = [float(r["reference_c"]) for r in rows]
            amb = [float(r["ambient_c"]) for r in rows] if rows and all("ambient_c" in r for r in rows) else None
        except (KeyError, TypeError, ValueError) as exc:
            raise CalibrationError(f"readings: each [[reading]] needs skin_c and reference_c ({exc})") from None
        fit_o = fit_skin_core(skin, ref, amb, cal["reference_ambient_c"], cal["ambient_coeff"])
        cal["skin_core_offset_c"] = round(fit_o.offset_c, 3)
        cal["ambient_coeff"] = round(fit_o.ambient_coeff, 4)
        cal["reference_readings"] = fit_o.pairs
        report["skin_core"] = {"offset_c": round(fit_o.offset_c, 3), "ambient_coeff": round(fit_o.ambient_coeff, 4),
                               "rms_c": round(fit_o.rms_c, 3), "pairs": fit_o.pairs}
    cal["commissioned_at"] = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    ThermalCalibration.model_validate(cal)  # the result must load again
    return {k: v for k, v in cal.items() if v is not None}, report


def write_calibration(path: Path, table: dict[str, Any]) -> None:
    """Replace `[thermal.calibration]` in the lane's TOML file, keeping everything else (and its comments)."""
    import tomlkit

    doc = tomlkit.parse(path.read_text("utf-8")) if path.exists() else tomlkit.document()
    thermal = doc.get("thermal")
    if thermal is None:
        thermal = tomlkit.table()
        doc["thermal"] = thermal
    section = tomlkit.table()
    section.comment("written by `clearance-kiosk thermal calibrate`")
    for k, v in table.items():
        section[k] = v
    thermal["calibration"] = section
    path.write_text(tomlkit.dumps(doc), "utf-8")


def cmd_calibrate(args: argparse.Namespace) -> int:
    import tomlkit

    from kiosk.thermal import CalibrationError
    from ui.cli import load_config

    cfg = load_config(args)
    if args.write and not args.config:
        print("--write needs --config FILE: the lane configuration to save into", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        table, report = calibrate(
            cfg, locate=args.locate_blackbody, setpoint=args.setpoint,
            pairs=_toml(args.pairs, "pairs") if args.pairs else None,
            readings=_toml(args.readings, "readings") if args.readings else None, frames=max(1, args.frames),
            distance_band=_floats(args.distance_band, 2, "--distance-band") if args.distance_band else None)
    except CalibrationError as exc:
        print(f"calibration failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.write:
        write_calibration(Path(args.config), table)
    if args.json:
        print(json.dumps({"calibration": table, "fits": report, "written": bool(args.write)}, indent=2))
    else:
        for name, fit in report.items():
            print(f"{name}: {fit}")
        doc = tomlkit.document()
        doc.add("thermal", tomlkit.table())
        doc["thermal"]["calibration"] = table  # type: ignore[index]
        print(tomlkit.dumps(doc))
        if args.write:
            print(f"saved to {args.config}")
    return EXIT_OK
