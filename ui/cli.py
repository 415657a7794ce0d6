"""`clearance-kiosk`: run the kiosk, simulate the lane headless, check devices, verify the audit."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from kiosk import config as kconfig
from kiosk import logs
from kiosk.errors import ConfigError, KioskError

SIMULATED_OFFICER = "simulation:officer"
OFFICER_RESPONSE_S = 20.0


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def load_config(args: argparse.Namespace) -> kconfig.KioskConfig:
    cfg = kconfig.load(args.config)
    if getattr(args, "database", None):
        cfg.storage.database = args.database
    logs.setup(cfg.logging.level if not getattr(args, "verbose", False) else "DEBUG", cfg.logging.format,
               cfg.logging.file)
    return cfg


def cmd_run(args: argparse.Namespace) -> int:
    cfg = load_config(args)
    if args.demo:
        cfg = demo_config(cfg)
    from ui.kiosk_app import run_gui  # Qt only when the GUI runs

    return run_gui(cfg, fullscreen=args.fullscreen, officer_window=args.officer_window)


def demo_config(cfg: kconfig.KioskConfig) -> kconfig.KioskConfig:
    """Every device on its simulator; the simulator's test CSCA trusted (demo only)."""
    data = cfg.model_dump()
    for port in kconfig.PORTS:
        data["devices"][port] = {"driver": "simulator"}
    data["lane"]["demo"] = True
    return kconfig.from_dict(data, "demo")


def cmd_simulate(args: argparse.Namespace) -> int:
    from ui.composition import build

    cfg = load_config(args)
    data = cfg.model_dump()
    if args.scenario:
        data["simulation"]["scenario"] = args.scenario
    data["simulation"]["time_scale"] = args.time_scale
    for port in kconfig.PORTS:  # simulate means simulated devices, whatever the file says
        if data["devices"][port]["driver"] != "simulator":
            data["devices"][port] = {"driver": "simulator"}
    data["lane"]["demo"] = True
    cfg = kconfig.from_dict(data, "simulate")
    app = build(cfg)
    assert app.world is not None
    if args.order == "random":
        app.world.order = "random"
    outcomes: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    processing: list[float] = []
    unexpected = 0
    try:
        for _ in range(args.travellers):
            if not app.lane.ready() and not simulated_officer_reset(app):
                print(f"lane stopped and could not be reset: {app.lane.status}", file=sys.stderr)
                return 1
            result = app.lane.run_transaction()
            traveller = app.world.current
            expect = traveller.expect if traveller else {}
            ok = _meets(expect, result.outcome, result.reasons)
            unexpected += 0 if ok else 1
            outcomes[result.outcome] += 1
            reasons.update(result.reasons)
            total = sum(result.processing_ms.values())
            processing.append(total)
            if args.json:
                row = result.to_json()
                row["traveller"] = traveller.name if traveller else None
                row["expected"] = expect or None
                row["as_expected"] = ok
                print(json.dumps(row), flush=True)
            else:
                name = traveller.name if traveller else "?"
                print(f"{name:20s} {result.outcome:6s} {', '.join(result.reasons) or '-'}"
                      f"{'' if ok else '   << UNEXPECTED'}", flush=True)
    finally:
        app.close()
    summary = {
        "travellers": args.travellers,
        "outcomes": dict(outcomes),
        "reasons": dict(reasons.most_common()),
        "unexpected": unexpected,
        "processing_ms": {
            "median": round(statistics.median(processing), 1) if processing else 0.0,
            "p95": round(_percentile(processing, 95), 1),
        },
    }
    print(json.dumps({"summary": summary}) if args.json else f"summary: {json.dumps(summary)}")
    return 0 if unexpected == 0 or not args.strict else 1


def simulated_officer_reset(app: Any) -> bool:
    """A headless run has no officer at the console: when the gate stopped the lane (a tailgater, a
    forced leaf), a simulated officer clears the alarm once its cause is gone, as a person would.
    The gate audits the request under that id."""
    from kiosk.errors import DeviceError

    app.clock.sleep(OFFICER_RESPONSE_S)  # the officer walks up and sees the lane clear (simulated time)
    try:
        app.devices.gate.reset(SIMULATED_OFFICER)
    except DeviceError as exc:
        print(f"simulated officer could not reset the gate: {exc}", file=sys.stderr)
        return False
    return app.lane.ready()


def _meets(expect: dict[str, Any], outcome: str, reasons: list[str]) -> bool:
    if not expect:
        return True
    if expect.get("outcome") and expect["outcome"] != outcome:
        return False
    return all(r in reasons for r in expect.get("reasons", []))


def cmd_doctor(args: argparse.Namespace) -> int:
    from ui.doctor import run_doctor

    cfg = load_config(args)
    report = run_doctor(cfg)
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        for check in report["checks"]:
            mark = "ok  " if check["ok"] else "FAIL"
            print(f"[{mark}] {check['name']:24s} {check['detail']}")
        print("all checks passed" if report["ok"] else "some checks FAILED")
    return 0 if report["ok"] else 1


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from kiosk.store import AuditTampered, Store

    cfg = load_config(args)
    path = cfg.storage.database_path()
    if not Path(path).exists():
        print(f"no database at {path}", file=sys.stderr)
        return 2
    store = Store(path, cfg.lane.id)
    try:
        n = store.verify_audit()
    except AuditTampered as exc:
        print(f"audit chain BROKEN at record {exc.seq}: {exc.why}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"audit chain intact: {n} records")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clearance-kiosk", description=__doc__)
    p.add_argument("--config", "-c", help="lane configuration (TOML); default: the demo lane")
    p.add_argument("--database", help="override storage.database")
    p.add_argument("--verbose", "-v", action="store_true")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="the kiosk window")
    r.add_argument("--demo", action="store_true", help="every device simulated")
    r.add_argument("--fullscreen", action="store_true")
    r.add_argument("--officer-window", action="store_true", help="also open the officer console window")
    r.set_defaults(func=cmd_run)

    s = sub.add_parser("simulate", help="run the lane headless on simulated travellers")
    s.add_argument("--travellers", "-n", type=int, default=20)
    s.add_argument("--scenario", help="scenario TOML (default: the mixed demo population)")
    s.add_argument("--order", choices=("cycle", "random"), default="random")
    s.add_argument("--time-scale", type=float, default=0.0, help="1 = real-time waits, 0 = none")
    s.add_argument("--json", action="store_true", help="one JSON object per traveller, then a summary")
    s.add_argument("--strict", action="store_true", help="exit 1 when an outcome differs from the scenario")
    s.set_defaults(func=cmd_simulate)

    d = sub.add_parser("doctor", help="check every configured device, the database, models, trust store")
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=cmd_doctor)

    a = sub.add_parser("audit", help="audit trail tools")
    asub = a.add_subparsers(dest="audit_command", required=True)
    av = asub.add_parser("verify", help="recompute the hash chain")
    av.set_defaults(func=cmd_audit_verify)

    from ui.commands import add_all

    add_all(sub, p)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
