"""`clearance-kiosk doctor`: every configured device, the database, the trust store and the models."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from kiosk.config import PORTS, KioskConfig
from kiosk.store import AuditTampered, Store

log = logging.getLogger("ui.doctor")


def _check(name: str, fn: Callable[[], tuple[bool, str, dict[str, Any]]]) -> dict[str, Any]:
    try:
        ok, detail, data = fn()
    except Exception as exc:  # a doctor reports, it does not crash
        ok, detail, data = False, f"{type(exc).__name__}: {exc}", {}
    return {"name": name, "ok": ok, "detail": detail, "data": data}


def run_doctor(config: KioskConfig) -> dict[str, Any]:
    from hardware import registry
    from hardware.drivers import load_all
    from hardware.sim.world import Scenario, SimWorld
    from kiosk.ports import SystemClock
    from ui.composition import DriverContext

    load_all()
    checks: list[dict[str, Any]] = []
    uses_sim = any(getattr(config.devices, p).driver == "simulator" for p in PORTS)
    world = SimWorld(Scenario.load(config.simulation.scenario)) if uses_sim else None
    context = DriverContext(clock=SystemClock(), world=world, config=config, audit=lambda *_: None)

    for port in PORTS:
        dev_cfg = getattr(config.devices, port)

        def probe(port: str = port, dev_cfg: Any = dev_cfg) -> tuple[bool, str, dict[str, Any]]:
            dev = registry.create(port, dev_cfg.driver, dev_cfg.options(), context)
            try:
                h = dev.health()
            finally:
                dev.close()
            return h.ok, f"{dev_cfg.driver}: {h.detail}", dict(h.data)

        checks.append(_check(f"device:{port}", probe))

    def database() -> tuple[bool, str, dict[str, Any]]:
        path = config.storage.database_path()
        store = Store(path, config.lane.id)
        try:
            n = store.verify_audit()
            return True, f"{path} schema v{store.schema_version}, audit chain intact ({n} records)", {
                "path": str(path), "schema": store.schema_version, "audit_records": n}
        except AuditTampered as exc:
            return False, f"{path}: audit chain broken at record {exc.seq} ({exc.why})", {"path": str(path)}
        finally:
            store.close()

    checks.append(_check("database", database))
    for name, fn in extra_checks(config):
        checks.append(_check(name, fn))
    return {"ok": all(c["ok"] for c in checks), "lane": config.lane.id, "checks": checks}


# --- trust store and model files ---------------------------------------------------------------------


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def check_trust_store(config: KioskConfig, now: datetime | None = None) -> tuple[bool, str, dict[str, Any]]:
    """CSCA count and CRL age, from kiosk.emrtd.trust when this build has it."""
    try:
        from kiosk.emrtd.trust import TrustStore
    except ImportError:
        return False, "not available (kiosk.emrtd.trust is not part of this build)", {"available": False}
    if not config.trust.csca:
        if config.lane.demo:
            return True, "demo lane: only the simulators' test CSCA is trusted", {"csca_count": 0, "demo": True}
        return False, "no CSCA sources configured (trust.csca)", {"csca_count": 0}
    summary = dict(TrustStore.from_paths(list(config.trust.csca), list(config.trust.crl)).summary())
    now = now or datetime.now(UTC)
    csca, crls = int(summary.get("csca_count", 0)), int(summary.get("crl_count", 0))
    parts = [f"{csca} CSCA certificate{'s' if csca != 1 else ''}", f"{crls} CRL{'s' if crls != 1 else ''}"]
    ok = csca > 0
    next_update = _parse_time(summary.get("oldest_crl_next_update"))
    if next_update is not None:
        if next_update < now:
            ok = False
            parts.append(f"a CRL EXPIRED {(now - next_update).total_seconds() / 86400:.1f} days ago (fetch new CRLs)")
        else:
            parts.append(f"oldest CRL valid for {(next_update - now).total_seconds() / 86400:.1f} more days")
    if int(summary.get("csca_expired", 0)):
        parts.append(f"{summary['csca_expired']} CSCA expired")
    if summary.get("errors"):
        ok = False  # an unreadable trust file makes genuine passports fail as untrusted
        parts.append(f"{len(summary['errors'])} unreadable source(s): {summary['errors'][0]}")
    if csca == 0:
        parts.append("no CSCA certificate loaded: no passport can pass passive authentication")
    return ok, ", ".join(parts), summary


def check_face_models(config: KioskConfig) -> tuple[bool, str, dict[str, Any]]:
    """Every pinned model file present with its sha256 (kiosk.biometrics.engine.verify_models)."""
    from pathlib import Path

    from kiosk.biometrics.engine import PACKAGED_MANIFEST, load_manifest, packaged_model_dir, verify_models

    face = config.face or {}
    if face.get("model_dir"):
        model_dir = Path(str(face["model_dir"])).expanduser()
        manifest = load_manifest(face.get("manifest") or model_dir / "manifest.json")
    else:
        model_dir = packaged_model_dir()
        manifest = load_manifest(face.get("manifest") or PACKAGED_MANIFEST)
    paths = verify_models(model_dir, manifest)
    name = manifest.get("name", str(model_dir))
    return True, f"{len(paths)} model files match their sha256 ({name})", {
        "model_dir": str(model_dir), "models": {task: str(p) for task, p in paths.items()}}


def extra_checks(config: KioskConfig) -> list[tuple[str, Callable[[], tuple[bool, str, dict[str, Any]]]]]:
    """Checks of the verification services: trust store, models, calibration, declaration service."""
    return [
        ("trust store", lambda: check_trust_store(config)),
        ("face models", lambda: check_face_models(config)),
        ("thermal:calibration", lambda: _thermal_calibration(config)),
        ("declaration-service", lambda: _decl_service(config)),
    ]


def _thermal_calibration(config: KioskConfig) -> tuple[bool, str, dict[str, Any]]:
    """The calibration's age and the blackbody's current error (set-point − measured)."""
    from hardware import registry
    from hardware.drivers import load_all
    from kiosk.ports import SystemClock
    from kiosk.thermal import blackbody_status, calibration_age
    from ui.composition import DriverContext

    load_all()
    cal = config.thermal.calibration
    clock = SystemClock()
    age = calibration_age(cal, clock.now())
    age_text = "demo calibration (never commissioned)" if age is None else f"commissioned {age.days} days ago"
    dev_cfg = config.devices.thermal_camera
    context = DriverContext(clock=clock, world=None, config=config, audit=lambda *_: None)
    camera = registry.create("thermal_camera", dev_cfg.driver, dev_cfg.options(), context)
    try:
        bb = blackbody_status(camera, config.thermal, clock)
    finally:
        camera.close()
    data = {"commissioned_at": cal.commissioned_at, "age_days": None if age is None else round(age.days, 1),
            "blackbody_setpoint_c": cal.blackbody_setpoint_c, "blackbody_error_c": bb.get("error_c")}
    # Not commissioned is fine on simulators; a real lane must have been calibrated on site.
    ok = bool(bb["ok"]) and (age is not None or dev_cfg.driver == "simulator")
    return ok, f"{age_text}; {bb['detail']}", data
def _decl_service(config: KioskConfig) -> tuple[bool, str, dict[str, Any]]:
    from hardware.declaration.lookup import create_lookup
    from kiosk.ports import SystemClock
    from ui.composition import DriverContext

    service = create_lookup(config.declarations.service, DriverContext(SystemClock(), None, config))
    if service is None:
        return True, "none configured", {}
    h = service.health()
    return h.ok, f"{config.declarations.service.get('driver')}: {h.detail}", dict(h.data)
