"""The commissioning wizard, driven end to end on simulator drivers with pytest-qt; the written
configuration must load with kiosk.config.load. Screenshots of every page go to artifacts/."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from asn1crypto.core import ObjectIdentifier
from pcsc_fixtures import *  # noqa: F403 - pytest fixtures (pcscd_service, vpcd_slot, virtual_card)
from pcsc_fixtures import IsoTestCard

from hardware.registry import register
from kiosk import config as kconfig
from kiosk.emrtd import tlv
from kiosk.errors import ConfigError, DeviceTimeout
from kiosk.ports import DeviceHealth
from ui.wizard import probes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "packaging" / "kiosk.example.toml"
ARTIFACTS = ROOT / "artifacts"
PACE_GM_AES_128 = "0.4.0.127.0.7.2.2.4.2.2"  # id-PACE-ECDH-GM-AES-CBC-CMAC-128


def card_access() -> bytes:
    """EF.CardAccess of a PACE passport: SecurityInfos { PACEInfo { protocol, version 2, P-256 } }."""
    oid = ObjectIdentifier(PACE_GM_AES_128).dump()
    pace_info = tlv.encode(0x30, [oid, tlv.encode(0x02, b"\x02"), tlv.encode(0x02, b"\x0c")])
    return tlv.encode(0x31, [pace_info])


class _Transport:
    def __init__(self, card: IsoTestCard) -> None:
        self.card, self.atr = card, card.atr

    def transmit(self, apdu: bytes) -> bytes:
        answer = self.card.process_apdu(apdu)
        if answer is None:
            raise DeviceTimeout("card_reader", "mute card")
        return answer

    def close(self) -> None:
        pass


class BenchReader:
    """A card reader with a card already on it (the ISO 7816-4 test card of the PC/SC tests)."""

    def __init__(self, files: dict[int, bytes]) -> None:
        self.card = IsoTestCard(files)

    def health(self) -> DeviceHealth:
        return DeviceHealth("card_reader", "wizard-bench", True, "bench reader (card present)")

    def connect(self, timeout: float) -> _Transport:
        return _Transport(self.card)

    def close(self) -> None:
        pass


@register("card_reader", "wizard-bench")
def _bench_reader(options: dict[str, Any], context: Any) -> BenchReader:
    return BenchReader({0x011C: card_access()} if options.get("pace", True) else {})


# --- the probes, without Qt ----------------------------------------------------------------------


def test_card_probe_reads_atr_and_card_access() -> None:
    cfg = kconfig.KioskConfig()
    result = probes.probe_card_reader("wizard-bench", {}, cfg, timeout=1)
    assert result.ok, result.detail
    assert result.data["pace"] is True and PACE_GM_AES_128 in result.data["security_info_oids"]
    assert result.data["card_access_bytes"] == len(card_access())
    bac_only = probes.probe_card_reader("wizard-bench", {"pace": False}, cfg, timeout=1)
    assert bac_only.ok and "no EF.CardAccess" in bac_only.detail


def test_card_probe_rejects_garbage_card_access() -> None:
    reader = BenchReader({0x011C: b"\x31\x85\xff"})  # a length running past the end
    transport = reader.connect(1)
    assert probes.read_card_access(transport) == b"\x31\x85\xff"
    with pytest.raises(ValueError):
        probes._oids(b"\x31\x85\xff")


def test_image_quality_tells_focus_and_exposure() -> None:
    import cv2
    import numpy as np

    rng = np.random.default_rng(1)
    sharp = (rng.random((240, 320, 3)) * 255).astype(np.uint8)
    sharp = cv2.resize(cv2.resize(sharp, (40, 30), interpolation=cv2.INTER_AREA), (320, 240),
                       interpolation=cv2.INTER_NEAREST)  # hard block edges: in focus
    blurred = cv2.GaussianBlur(sharp, (0, 0), 6)
    s_sharp, lum = probes.image_quality(sharp)
    s_blur, _ = probes.image_quality(blurred)
    assert s_sharp > 10 * s_blur
    limits = probes.ImageLimits(min_sharpness=s_blur * 3)
    assert probes.judge_image(s_sharp, lum, limits) == []
    assert "out of focus" in probes.judge_image(s_blur, lum, limits)[0]
    dark = (sharp * 0.1).astype(np.uint8)
    assert any("too dark" in p for p in probes.judge_image(*probes.image_quality(dark), limits))


def test_gate_probe_sees_the_leaf_open_and_close() -> None:
    cfg = kconfig.KioskConfig()
    result = probes.probe_gate_leaf("simulator", {"travel_s": 0.3, "pulse_s": 0.4}, cfg, "exit")
    assert result.ok, result.detail
    states = [v for _t, v in result.data["contact"]]
    assert states[0] is False and states[-1] is True  # opened, then closed again


def test_alarm_probe_reports_an_unwired_alarm_output() -> None:
    cfg = kconfig.KioskConfig()
    io = {"driver": "simulator"}
    switched = probes.probe_gate_alarm("relay", {"io": io}, cfg, seconds=0.01)
    assert switched.ok and switched.data == {"wired": True}
    gpio = {"driver": "gpio", "pin_factory": "mock", "outputs": {"exit_leaf_open": 17}, "inputs": {"exit_closed": 27}}
    unwired = probes.probe_gate_alarm("relay", {"io": gpio, "two_leaf": False}, cfg, seconds=0.01)
    assert not unwired.ok and "'alarm' is not wired" in unwired.detail and unwired.data == {"wired": False}


def test_gate_probe_fails_when_the_contact_never_opens() -> None:
    """A relay on the wrong channel: the pulse goes out, the leaf's contact stays closed."""
    cfg = kconfig.KioskConfig()
    options = {"driver": "simulator", "two_leaf": False}  # no entry leaf: pulsing it moves nothing
    result = probes.probe_gate_leaf("relay", {"pulse_s": 0.2, "travel_s": 0.3, "io": options,
                                              "max_open_s": 5}, cfg, "exit")
    assert result.ok, result.detail
    miswired = probes.probe_gate_leaf("relay", {"pulse_s": 0.2, "travel_s": 0.3, "io": options}, cfg, "entry")
    assert not miswired.ok and "no entry_closed contact" in miswired.detail


# --- the wizard on screen --------------------------------------------------------------------------


def _shot(widget: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    widget.grab().save(str(ARTIFACTS / f"wizard-{name}.png"))


def _test_and_wait(qtbot: Any, page: Any, button: str = "test", timeout: int = 15000) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(page.findChild(QPushButton, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=timeout)


@pytest.fixture
def lane_file(tmp_path: Path) -> Path:
    text = EXAMPLE.read_text("utf-8").replace(
        '"/var/lib/clearance-kiosk/kiosk.sqlite"', json.dumps(str(tmp_path / "data" / "kiosk.sqlite")))
    path = tmp_path / "kiosk.toml"
    path.write_text(text, "utf-8")
    return path


def test_wizard_commissions_a_lane_end_to_end(qtbot: Any, lane_file: Path) -> None:
    from PySide6.QtWidgets import QCheckBox, QLineEdit, QWizard

    from ui.wizard.pages import CommissioningWizard

    mode_before = lane_file.stat().st_mode & 0o777
    wiz = CommissioningWizard(kconfig.load(lane_file), lane_file)
    qtbot.addWidget(wiz)
    wiz.show()
    next_button = wiz.button(QWizard.WizardButton.NextButton)
    _shot(wiz, "0-intro")
    wiz.next()

    # reader: Next stays locked until a card was read
    reader = wiz.page_by_key("card_reader")
    assert wiz.currentPage() is reader and not next_button.isEnabled()
    reader.driver.setCurrentText("wizard-bench")
    _test_and_wait(qtbot, reader)
    assert reader.isComplete(), reader.status.text()
    assert "PACE supported" in reader.status.text() and next_button.isEnabled()
    _shot(wiz, "1-reader")
    wiz.next()

    # camera: a dark scene fails the exposure check; the lit one passes
    camera = wiz.page_by_key("camera")
    camera.driver.setCurrentText("simulator")
    camera.set_options({"behaviour": "dark"})
    _test_and_wait(qtbot, camera)
    assert not camera.isComplete() and "too dark" in camera.status.text()
    camera.set_options({})
    camera.live.setChecked(True)  # live view while the installer focuses
    qtbot.waitUntil(lambda: camera.live_values.text().startswith("live: sharpness"), timeout=10000)
    _shot(wiz, "2-camera-live")
    _test_and_wait(qtbot, camera)  # testing ends the live view first
    assert not camera.live.isChecked() and camera._live_task is None
    assert camera.isComplete(), camera.status.text()
    assert camera.preview.pixmap() is not None and not camera.preview.pixmap().isNull()
    _shot(wiz, "2-camera")
    camera.min_sharpness.setValue(camera.min_sharpness.value() + 1)  # any edit asks for a new test
    assert not camera.isComplete()
    _test_and_wait(qtbot, camera)
    assert camera.isComplete()
    wiz.next()

    # thermal: calibrated against the simulated blackbody, when kiosk.thermal is in this build;
    # without it the page says so and only "not fitted" continues
    thermal = wiz.page_by_key("thermal_camera")
    calibrated = probes.thermal_calibration_api() is not None
    if calibrated:
        thermal.driver.setCurrentText("simulator")
        thermal.set_options({"present": False, "blackbody": False})  # switched off: nothing to find
        _test_and_wait(qtbot, thermal)
        assert not thermal.isComplete() and "FAILED" in thermal.status.text()
        thermal.set_options({"present": False})
        thermal.reference.setValue(39.0)  # the blackbody is really at 35 °C: a 4 °C error
        _test_and_wait(qtbot, thermal)
        text = thermal.status.text()
        assert not thermal.isComplete() and ("exceeds" in text or "faulty" in text), text
        thermal.reference.setValue(35.0)
        _test_and_wait(qtbot, thermal)
        assert thermal.isComplete(), thermal.status.text()
    else:
        _test_and_wait(qtbot, thermal)
        assert probes.THERMAL_NOT_INSTALLED in thermal.status.text() and not thermal.isComplete()
        thermal.findChild(QCheckBox, "not_fitted").setChecked(True)
        assert thermal.isComplete()
    _shot(wiz, "3-thermal")
    wiz.next()

    # gate: nothing moves until the installer confirms the lane is clear; then both leaves
    gate = wiz.page_by_key("gate")
    gate.driver.setCurrentText("simulator")
    gate.set_options({"travel_s": 0.3, "pulse_s": 0.4})
    gate.pulse("exit")
    assert "clear of people" in gate.status.text() and not gate.isComplete()
    gate.findChild(QCheckBox, "lane_clear").setChecked(True)
    _test_and_wait(qtbot, gate)  # read the contacts: does not pass the page by itself
    assert "exit_closed=1" in gate.inputs.text() and not gate.isComplete()
    _test_and_wait(qtbot, gate, "pulse_exit")
    assert not gate.isComplete() and "entry" in gate.status.text()
    _test_and_wait(qtbot, gate, "pulse_entry")
    assert gate.isComplete(), gate.status.text()
    _test_and_wait(qtbot, gate, "alarm")
    assert gate.alarm_result is not None and gate.alarm_result.ok, gate.status.text()
    gate.findChild(QCheckBox, "alarm_heard").setChecked(True)
    _shot(wiz, "4-gate")
    wiz.next()

    # QR scanner
    scanner = wiz.page_by_key("declaration_scanner")
    scanner.driver.setCurrentText("simulator")
    scanner.set_options({"payload": "KIOSK-TEST-CODE", "delay": 0.05})
    _test_and_wait(qtbot, scanner)
    assert scanner.isComplete() and "KIOSK-TEST-CODE" in scanner.status.text()
    _shot(wiz, "5-scanner")
    wiz.next()

    # lane identity and supervisor PIN
    lane = wiz.page_by_key("lane")
    lane.findChild(QLineEdit, "lane_id").setText("PVG-T2-E07")
    lane.findChild(QLineEdit, "port_name").setText("Shanghai Pudong T2")
    lane.direction.setCurrentText("exit")
    accounts = lane.accounts is not None  # officer accounts in the configuration, in builds that have them
    if accounts:
        lane.add_officer("wang.li", "Wang Li", "officer", "12")  # too short: the check refuses it
        lane.findChild(QLineEdit, "pin").setText("842613")
        lane.findChild(QLineEdit, "pin_again").setText("842613")
        _test_and_wait(qtbot, lane)
        assert not lane.isComplete() and "wang.li: the PIN must be at least 6 digits" in lane.status.text()
        lane.accounts.item(0, 3).setText("550173")
        # the PIN column never shows a PIN: dots on screen, a password field to type into
        delegate = lane.accounts.itemDelegateForColumn(3)
        assert delegate.displayText("550173", None) == "••••••"
        editor = delegate.createEditor(lane.accounts, None, lane.accounts.model().index(0, 3))
        assert editor.echoMode() == QLineEdit.EchoMode.Password
        editor.deleteLater()
    for pin in ("123456", "842613"):
        lane.findChild(QLineEdit, "pin").setText(pin)
        lane.findChild(QLineEdit, "pin_again").setText(pin)
        _test_and_wait(qtbot, lane)
        if pin == "123456":
            assert not lane.isComplete() and "too easy" in lane.status.text()
    assert lane.isComplete(), lane.status.text()
    _shot(wiz, "6-lane")
    wiz.next()

    finish = wiz.page_by_key("write")
    assert ("Thermal camera: passed" if calibrated else "Thermal camera: skipped") in finish.summary.text()
    _test_and_wait(qtbot, finish, "write")
    assert finish.isComplete(), finish.status.text()
    _shot(wiz, "7-write")
    wiz.shutdown(5.0)
    assert not any(t.is_alive() for t in wiz.state.threads), "no device test left running"

    written = kconfig.load(lane_file)
    assert written.lane.id == "PVG-T2-E07" and written.lane.direction == "exit" and not written.lane.demo
    assert written.devices.card_reader.driver == "wizard-bench"
    assert written.devices.gate.driver == "simulator" and written.devices.gate.options() == {
        "travel_s": 0.3, "pulse_s": 0.4}
    assert written.devices.declaration_scanner.options()["payload"] == "KIOSK-TEST-CODE"
    if calibrated:
        cal = written.thermal.calibration
        x, y, w, h = cal.blackbody_region  # inside the simulator's aperture (138, 4, 16, 14)
        assert x >= 138 and x + w <= 154 and y >= 4 and y + h <= 18
        assert cal.blackbody_setpoint_c == 35.0 and cal.commissioned_at
        assert written.devices.thermal_camera.options() == {"present": False}
    else:
        assert written.devices.thermal_camera.driver == "simulator"  # skipped: left as it was
    assert written.storage.document_hash_salt != "change-me-per-site"
    from argon2 import PasswordHasher

    assert PasswordHasher().verify(written.officer.pin_hash, "842613")
    if accounts:
        (wang,) = written.officer.accounts
        assert (wang.id, wang.name, wang.role) == ("wang.li", "Wang Li", "officer")
        assert PasswordHasher().verify(wang.pin_hash, "550173")
        assert "550173" not in lane_file.read_text("utf-8")
        # commissioning again adds officers and keeps the configured ones
        wiz2 = CommissioningWizard(written, lane_file)
        qtbot.addWidget(wiz2)
        again = wiz2.page_by_key("lane")
        again.add_officer("chen.bo", "Chen Bo", "supervisor", "660284")
        for name in ("pin", "pin_again"):
            again.findChild(QLineEdit, name).setText("842613")
        _test_and_wait(qtbot, again)
        assert [a["id"] for a in again.changes()["officer"]["accounts"]] == ["wang.li", "chen.bo"]
    text = lane_file.read_text("utf-8")
    assert text.startswith("# Clearance Kiosk: the lane's configuration")  # comments kept
    assert "842613" not in text
    assert list(lane_file.parent.glob("kiosk.toml.wizard-*")), "previous configuration kept"
    assert lane_file.stat().st_mode & 0o777 == mode_before  # permissions kept (0640 when installed)
    report = json.loads((lane_file.parent / "commissioning.json").read_text("utf-8"))
    assert report["pages"]["gate"]["passed"] and set(report["pages"]["gate"]["leaves"]) == {"entry", "exit"}
    assert report["pages"]["gate"]["alarm"] == {"tested": True, "switched": True, "heard": True,
                                                "detail": "alarm output switched on for 1 s"}
    assert report["pages"]["thermal_camera"].get("skipped") == (None if calibrated else "not fitted")
    assert "pin_hash" not in json.dumps(report)


def test_wizard_will_not_write_an_untested_lane(qtbot: Any, lane_file: Path) -> None:
    from ui.wizard.pages import CommissioningWizard

    before = lane_file.read_text("utf-8")
    wiz = CommissioningWizard(kconfig.load(lane_file), lane_file)
    qtbot.addWidget(wiz)
    with pytest.raises(ConfigError, match="not tested successfully"):
        wiz.state.write()
    assert lane_file.read_text("utf-8") == before
    assert not (lane_file.parent / "commissioning.json").exists()


@pytest.mark.skipif(os.environ.get("KIOSK_WIZARD_PCSC") != "1" and os.environ.get("KIOSK_REQUIRE_PCSC") != "1",
                    reason="through pcscd only with KIOSK_REQUIRE_PCSC=1 (CI) or KIOSK_WIZARD_PCSC=1")
@pytest.mark.pcsc
def test_card_probe_through_pcscd(vpcd_slot: Any, virtual_card: Any) -> None:
    """The reader page's test on the real stack: pyscard -> pcscd -> vpcd -> the test card."""
    names, error = probes.list_pcsc_readers()
    assert vpcd_slot.reader in names, error
    virtual_card(IsoTestCard({0x011C: card_access()}))
    result = probes.probe_card_reader("pcsc", {"reader": vpcd_slot.reader}, kconfig.KioskConfig(), timeout=5)
    assert result.ok and result.data["pace"], result.detail


def test_wizard_command_cancelled_writes_nothing(qtbot: Any, lane_file: Path) -> None:
    """`clearance-kiosk --config FILE wizard`: Cancel leaves the file alone and exits 1."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.cli import main
    from ui.wizard.pages import CommissioningWizard

    before = lane_file.read_text("utf-8")
    seen: list[str] = []

    def cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, CommissioningWizard) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.reject()
                return
        QTimer.singleShot(50, cancel)

    QTimer.singleShot(50, cancel)
    assert main(["--config", str(lane_file), "wizard"]) == 1
    assert seen == ["Clearance Kiosk: commissioning"]
    assert lane_file.read_text("utf-8") == before
    assert not (lane_file.parent / "commissioning.json").exists()
