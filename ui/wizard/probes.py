"""The commissioning wizard's live device tests, without Qt: each opens the configured driver by
name (the same registry the lane uses), exercises it, closes it and returns a `ProbeResult`.

They block (a card to present, a leaf to travel), so the wizard runs them on a worker thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from kiosk.config import KioskConfig
from kiosk.ports import SystemClock

EF_CARD_ACCESS = b"\x01\x1c"
PACE_OID_PREFIX = "0.4.0.127.0.7.2.2.4"  # id-PACE (BSI TR-03110 / ICAO 9303-11 9.2)


@dataclass
class ProbeResult:
    ok: bool
    detail: str
    data: dict[str, Any] = field(default_factory=dict)
    image: np.ndarray | None = None  # BGR preview (camera) or None


@dataclass
class ProbeContext:
    """What driver factories get from the wizard: like the lane's DriverContext, no world."""

    config: KioskConfig
    clock: Any = field(default_factory=SystemClock)
    world: Any = None
    audit: Any = None


def open_device(port: str, driver: str, options: Mapping[str, Any], config: KioskConfig) -> Any:
    from hardware import registry
    from hardware.drivers import load_all

    load_all()
    return registry.create(port, driver, dict(options), ProbeContext(config))


def drivers_for(port: str) -> list[str]:
    from hardware import registry
    from hardware.drivers import load_all

    load_all()
    return registry.drivers(port)


# --- card reader ---------------------------------------------------------------------------------


def list_pcsc_readers() -> tuple[list[str], str]:
    """(reader names, error text) from pcscd; never raises."""
    from hardware.pcsc import list_readers
    from kiosk.errors import DeviceError

    try:
        return list_readers(), ""
    except DeviceError as exc:
        return [], exc.detail


def _oids(data: bytes) -> list[str]:
    """OBJECT IDENTIFIERs anywhere in a DER structure (EF.CardAccess' SecurityInfos)."""
    from asn1crypto.core import ObjectIdentifier

    from kiosk.emrtd import tlv

    found: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if item.tag == 0x06:
                found.append(ObjectIdentifier.load(tlv.encode(0x06, item.value)).dotted)
            elif item.constructed:
                walk(tlv.decode_all(item.value))

    walk(tlv.decode_all(data))
    return found


def read_card_access(transport: Any) -> bytes | None:
    """EF.CardAccess (ICAO 9303-10: SELECT by FID 011C under the MF, then READ BINARY), or None
    when the card has none (a BAC-only passport, or not a passport at all)."""
    answer = transport.transmit(b"\x00\xa4\x02\x0c\x02" + EF_CARD_ACCESS)
    if answer[-2:] != b"\x90\x00":
        return None
    content = b""
    while len(content) < 4096:
        offset = len(content)
        answer = transport.transmit(bytes((0x00, 0xB0, offset >> 8, offset & 0xFF, 0x00)))
        sw, chunk = answer[-2:], answer[:-2]
        content += chunk
        if sw == b"\x62\x82" or (sw == b"\x90\x00" and len(chunk) < 256) or not chunk:
            break
        if sw != b"\x90\x00":
            break
    return content or None


def probe_card_reader(driver: str, options: Mapping[str, Any], config: KioskConfig,
                      timeout: float = 20.0) -> ProbeResult:
    """Wait for a test card, report its ATR and, if it has one, what EF.CardAccess announces."""
    reader = open_device("card_reader", driver, options, config)
    try:
        health = reader.health()
        if not health.ok:
            return ProbeResult(False, f"reader not ready: {health.detail}", dict(health.data))
        transport = reader.connect(timeout)
        try:
            atr = bytes(getattr(transport, "atr", b"") or b"")
            data: dict[str, Any] = {"reader": health.detail, "atr": atr.hex(" ").upper()}
            card_access = read_card_access(transport)
        finally:
            transport.close()
    finally:
        reader.close()
    atr_text = data["atr"] or "(not reported by this reader)"
    if card_access is None:
        return ProbeResult(True, f"card read: ATR {atr_text}; no EF.CardAccess (BAC-only or not a passport)", data)
    data["card_access_bytes"] = len(card_access)
    try:
        oids = _oids(card_access)
    except ValueError as exc:
        return ProbeResult(False, f"EF.CardAccess is not valid DER ({exc}): card or reader fault", data)
    data["pace"] = any(o.startswith(PACE_OID_PREFIX) for o in oids)
    data["security_info_oids"] = oids
    return ProbeResult(True, f"card read: ATR {atr_text}; EF.CardAccess {len(card_access)} bytes, "
                             f"PACE {'supported' if data['pace'] else 'not announced'}", data)


# --- camera ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageLimits:
    # variance of the Laplacian: below this the face is out of focus. Scene- and lens-dependent: tune
    # per site (the wizard shows the value live and records it in the commissioning report)
    min_sharpness: float = 30.0
    min_luminance: float = 60.0  # mean grey level 0..255: below, under-exposed
    max_luminance: float = 200.0  # above, over-exposed (a window behind the traveller)


def image_quality(frame: np.ndarray) -> tuple[float, float]:
    """(focus: variance of the Laplacian, exposure: mean luminance) of a BGR frame."""
    import cv2

    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
    return float(cv2.Laplacian(grey, cv2.CV_64F).var()), float(grey.mean())


def judge_image(sharpness: float, luminance: float, limits: ImageLimits) -> list[str]:
    problems = []
    if sharpness < limits.min_sharpness:
        problems.append(f"out of focus (sharpness {sharpness:.0f} < {limits.min_sharpness:.0f}): adjust the focus")
    if luminance < limits.min_luminance:
        problems.append(f"too dark (luminance {luminance:.0f} < {limits.min_luminance:.0f}): more light or exposure")
    if luminance > limits.max_luminance:
        problems.append(f"too bright (luminance {luminance:.0f} > {limits.max_luminance:.0f}): less exposure")
    return problems


def probe_camera(driver: str, options: Mapping[str, Any], config: KioskConfig, frames: int = 5,
                 limits: ImageLimits | None = None, timeout: float = 5.0) -> ProbeResult:
    limits = limits or ImageLimits()
    camera = open_device("camera", driver, options, config)
    try:
        shots = [camera.read(timeout) for _ in range(frames)]
    finally:
        camera.close()
    measures = [image_quality(f) for f in shots]
    sharpness = float(np.median([m[0] for m in measures]))
    luminance = float(np.median([m[1] for m in measures]))
    h, w = shots[-1].shape[:2]
    data = {"sharpness": round(sharpness, 1), "luminance": round(luminance, 1), "width": w, "height": h}
    problems = judge_image(sharpness, luminance, limits)
    if problems:
        return ProbeResult(False, "; ".join(problems), data, shots[-1])
    return ProbeResult(True, f"{w}x{h}, sharpness {sharpness:.0f}, luminance {luminance:.0f}", data, shots[-1])


# --- thermal -----------------------------------------------------------------------------------

THERMAL_NOT_INSTALLED = "thermal calibration module not installed"


def thermal_calibration_api() -> tuple[Callable[..., Any], Callable[..., Any]] | None:
    """kiosk.thermal's commissioning math (locate_blackbody, blackbody_status), if this build has it."""
    try:
        from kiosk.thermal import blackbody_status, locate_blackbody
    except ImportError:
        return None
    return locate_blackbody, blackbody_status


def probe_thermal(driver: str, options: Mapping[str, Any], config: KioskConfig, reference_c: float,
                  timeout: float = 30.0, frames: int = 8) -> ProbeResult:
    """Find the blackbody in the empty lane, then measure its error against the set temperature
    with the new region: the `[thermal.calibration]` table the lane will use, in `data`."""
    api = thermal_calibration_api()
    if api is None:
        return ProbeResult(False, THERMAL_NOT_INSTALLED, {"installed": False})
    locate_blackbody, blackbody_status = api
    from kiosk.config import ThermalCalibration  # exists wherever kiosk.thermal does

    camera = open_device("thermal_camera", driver, options, config)
    try:
        grabbed: list[Any] = []
        deadline = time.monotonic() + timeout
        while len(grabbed) < frames and time.monotonic() < deadline:
            frame = camera.read(2.0)
            if not frame.ffc_in_progress:  # shutter closed: a stale frame
                grabbed.append(frame.kelvin)
        region = [int(v) for v in locate_blackbody(grabbed)]
        table = config.thermal.calibration.model_dump()
        table.update(blackbody_region=region, blackbody_setpoint_c=float(reference_c),
                     commissioned_at=datetime.now(UTC).isoformat(timespec="seconds"))
        thermal = config.thermal.model_copy(update={"calibration": ThermalCalibration.model_validate(table)})
        status = blackbody_status(camera, thermal, SystemClock())
    finally:
        camera.close()
    table = {k: v for k, v in table.items() if v is not None}
    data = {"calibration": table, "blackbody_region": region, "blackbody_error_c": status.get("error_c")}
    if not status.get("ok"):
        return ProbeResult(False, f"blackbody found at {region} but not measurable: {status.get('detail')}", data)
    limit = float(getattr(thermal, "max_blackbody_error_c", 3.0))
    error = float(status["error_c"])
    if abs(error) > limit:
        return ProbeResult(False, f"blackbody error {error:+.2f} °C exceeds ±{limit:g} °C: check the blackbody's "
                                  "set temperature and the camera's emissivity", data)
    return ProbeResult(True, f"blackbody at {region}, set {reference_c:.2f} °C, {status['detail']}", data)


# --- gate ----------------------------------------------------------------------------------------


def probe_gate_leaf(driver: str, options: Mapping[str, Any], config: KioskConfig, leaf: str,
                    sleep: Callable[[float], None] = time.sleep) -> ProbeResult:
    """Pulse one leaf's relay and watch its door contact: it must open, then close again after
    the pulse. The lane must be clear of people: the leaf really moves."""
    gate = open_device("gate", driver, options, config)
    io = getattr(gate, "io", gate)
    closed_input = f"{leaf}_closed"
    cfg = getattr(gate, "config", None)
    pulse_s = float(getattr(cfg, "pulse_s", 1.0))
    travel_s = float(getattr(cfg, "travel_s", 2.0))
    seen: list[tuple[float, bool]] = []
    try:
        before = io.read_inputs()
        if closed_input not in before:
            return ProbeResult(False, f"no {closed_input} contact wired: the lane cannot see the {leaf} leaf",
                               {"inputs": before})
        if not before[closed_input]:
            return ProbeResult(False, f"{leaf} leaf not closed before the test (contact open): check the "
                                      "door contact and its wiring", {"inputs": before})
        t0 = time.monotonic()
        io.pulse(f"{leaf}_leaf_open", pulse_s)
        deadline = t0 + pulse_s + 2 * travel_s + 1.0
        opened = reclosed = False
        while time.monotonic() < deadline:
            value = bool(io.read_inputs()[closed_input])
            if not seen or seen[-1][1] != value:
                seen.append((round(time.monotonic() - t0, 2), value))
            opened |= not value
            if opened and value:
                reclosed = True
                break
            sleep(0.02)
    finally:
        gate.close()  # every output off again
    data = {"leaf": leaf, "pulse_s": pulse_s, "contact": seen}
    if not opened:
        return ProbeResult(False, f"{leaf} leaf: relay pulsed but the door contact never opened (relay wiring, "
                                  "leaf power, or the wrong output channel)", data)
    if not reclosed:
        return ProbeResult(False, f"{leaf} leaf opened but did not close again within {deadline - t0:.1f} s", data)
    opened_at = next(t for t, v in seen if not v)
    return ProbeResult(True, f"{leaf} leaf opened after {opened_at:.2f} s and closed at {seen[-1][0]:.2f} s", data)


def probe_gate_alarm(driver: str, options: Mapping[str, Any], config: KioskConfig, seconds: float = 1.0,
                     sleep: Callable[[float], None] = time.sleep) -> ProbeResult:
    """Switch the alarm output (buzzer, beacon) on for `seconds`: the installer confirms it was heard."""
    from kiosk.errors import DeviceError

    gate = open_device("gate", driver, options, config)
    io = getattr(gate, "io", gate)
    try:
        try:
            io.set_output("alarm", True)
        except DeviceError as exc:
            return ProbeResult(False, f"alarm output: {exc.detail}", {"wired": False})
        sleep(seconds)
        io.set_output("alarm", False)
    finally:
        gate.close()
    return ProbeResult(True, f"alarm output switched on for {seconds:g} s", {"wired": True})


def gate_inputs(driver: str, options: Mapping[str, Any], config: KioskConfig) -> dict[str, bool]:
    gate = open_device("gate", driver, options, config)
    try:
        return dict(getattr(gate, "io", gate).read_inputs())
    finally:
        gate.close()


def gate_leaves(options: Mapping[str, Any]) -> list[str]:
    return ["entry", "exit"] if bool(options.get("two_leaf", True)) else ["exit"]


# --- QR scanner ----------------------------------------------------------------------------------


def probe_scanner(driver: str, options: Mapping[str, Any], config: KioskConfig,
                  timeout: float = 30.0) -> ProbeResult:
    scanner = open_device("declaration_scanner", driver, options, config)
    try:
        text = scanner.scan(timeout)
    finally:
        scanner.close()
    if not text:
        return ProbeResult(False, "the scanner delivered an empty code", {})
    shown = text if len(text) <= 60 else text[:57] + "..."
    return ProbeResult(True, f"scanned {len(text)} characters: {shown}", {"length": len(text)})
