"""The commissioning wizard (installer role): one page per device, each testing live before Next.

Every device test runs on a worker thread (`ProbeTask`, `LiveView`); pages learn the result through
a queued signal, so a reader waiting 20 s for a card never freezes the screen. A page counts as
complete only while its last test passed and nothing was edited since (or, for the optional
devices, when the installer declares it not fitted). The last page writes the configuration.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomlkit
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kiosk.config import KioskConfig, OfficerConfig
from kiosk.errors import ConfigError
from ui.wizard import probes, writer
from ui.wizard.probes import ProbeResult

log = logging.getLogger("ui.wizard")

OK_STYLE = "color: #1b7f3b; font-weight: bold"
FAIL_STYLE = "color: #b3261e; font-weight: bold"
BUSY_STYLE = "color: #555"


class _Signals(QObject):
    done = Signal(object)  # ProbeResult, or the exception the probe raised


class ProbeTask:
    """One blocking device test on its own worker thread; the result comes back as a queued signal.

    Plain Python threads rather than QThreadPool: a pool thread that ever runs Python code stays in
    `threading.enumerate()` for good (CPython 3.11 keeps its _DummyThread), so nobody could tell
    that the wizard leaves no thread behind. These end with their test."""

    def __init__(self, fn: Callable[[], ProbeResult], name: str = "wizard-probe") -> None:
        self.fn = fn
        self.signals = _Signals()  # created on the GUI thread: its slots run there
        self.thread = threading.Thread(target=self.run, name=name, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def run(self) -> None:
        try:
            result: Any = self.fn()
        except Exception as exc:  # a test that fails is a result, not a crash
            log.info("device test failed: %s", exc)
            result = exc
        self.signals.done.emit(result)


class _LiveSignals(QObject):
    frame = Signal(object, float, float)  # BGR frame, sharpness, luminance
    stopped = Signal(str)  # "" or why the live view ended


class LiveView:
    """Frames from the camera, with their focus and exposure values, until `stop` is set."""

    def __init__(self, open_camera: Callable[[], Any], fps: float = 5.0) -> None:
        self.open_camera = open_camera
        self.period = 1.0 / fps
        self.stop = threading.Event()
        self.done = threading.Event()
        self.signals = _LiveSignals()
        self.thread = threading.Thread(target=self.run, name="wizard-live-view", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def run(self) -> None:
        error = ""
        try:
            camera = self.open_camera()
            try:
                while not self.stop.is_set():
                    frame = camera.read(2.0)
                    sharpness, luminance = probes.image_quality(frame)
                    self.signals.frame.emit(frame, sharpness, luminance)
                    self.stop.wait(self.period)
            finally:
                camera.close()
        except Exception as exc:  # a pulled cable ends the view with a message, not a crash
            error = f"{type(exc).__name__}: {getattr(exc, 'detail', None) or exc}"
        finally:
            self.done.set()
            self.signals.stopped.emit(error)


def _as_result(outcome: Any) -> ProbeResult:
    if isinstance(outcome, ProbeResult):
        return outcome
    detail = getattr(outcome, "detail", None) or str(outcome) or type(outcome).__name__
    return ProbeResult(False, f"{type(outcome).__name__}: {detail}")


def bgr_to_pixmap(frame: Any, width: int = 480) -> QPixmap:
    import cv2

    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(image).scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


class WizardPage(QWizardPage):
    """A page with a live test: `start(fn)` runs it off the GUI thread, `show_result` reports."""

    key = ""  # name in the commissioning report

    def __init__(self, state: WizardState, title: str, intro: str) -> None:
        super().__init__()
        self.state = state
        self.setTitle(title)
        self.layout_ = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        self.layout_.addWidget(text)
        self.status = QLabel("not tested yet")
        self.status.setWordWrap(True)
        self.status.setObjectName("status")
        self.result: ProbeResult | None = None
        self.busy = False
        self._tasks: list[ProbeTask] = []

    def start(self, fn: Callable[[], ProbeResult], done: Callable[[ProbeResult], None] | None = None,
              message: str = "testing...") -> None:
        self.busy = True
        self.status.setText(message)
        self.status.setStyleSheet(BUSY_STYLE)
        self._set_buttons(False)
        task = ProbeTask(fn)
        handler = done or self.show_result
        task.signals.done.connect(lambda outcome: self._finish(task, handler, outcome))
        self._tasks.append(task)
        self.state.threads.append(task.thread)
        task.start()
        self.completeChanged.emit()

    def _finish(self, task: ProbeTask, handler: Callable[[ProbeResult], None], outcome: Any) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        self.busy = bool(self._tasks)
        self._set_buttons(not self.busy)
        handler(_as_result(outcome))
        self.completeChanged.emit()

    def _set_buttons(self, enabled: bool) -> None:
        for button in self.findChildren(QPushButton):
            button.setEnabled(enabled)

    def show_result(self, result: ProbeResult) -> None:
        self.result = result
        self.status.setText(("PASSED: " if result.ok else "FAILED: ") + result.detail)
        self.status.setStyleSheet(OK_STYLE if result.ok else FAIL_STYLE)

    def invalidate(self) -> None:
        if self.result is not None:
            self.result = None
            self.status.setText("changed since the last test: test again")
            self.status.setStyleSheet(BUSY_STYLE)
            self.completeChanged.emit()

    def passed(self) -> bool:
        return self.result is not None and self.result.ok

    def isComplete(self) -> bool:
        return not self.busy and self.passed()

    def changes(self) -> dict[str, dict[str, Any]]:
        return {}

    def replaced(self) -> tuple[str, ...]:
        return ()

    def report(self) -> dict[str, Any]:
        r = self.result
        return {"passed": bool(r and r.ok), "detail": r.detail if r else "not tested", "data": r.data if r else {}}


class DevicePage(WizardPage):
    """Driver by name, its options as TOML, a Test button; `probe(driver, options)` is the test."""

    port = ""
    optional = False
    test_label = "Test"

    def __init__(self, state: WizardState, title: str, intro: str) -> None:
        super().__init__(state, title, intro)
        self.key = self.port
        form = QFormLayout()
        self.driver = QComboBox()
        self.driver.setObjectName("driver")
        configured = getattr(state.config.devices, self.port)
        names = probes.drivers_for(self.port)
        if configured.driver not in names:
            names.insert(0, configured.driver)
        self.driver.addItems(names)
        self.driver.setCurrentText(configured.driver)
        form.addRow("Driver", self.driver)
        self.options_edit = QPlainTextEdit(tomlkit.dumps(configured.options()))
        self.options_edit.setObjectName("options")
        self.options_edit.setMaximumHeight(140)
        form.addRow("Options (TOML)", self.options_edit)
        self.layout_.addLayout(form)
        self.extra = QVBoxLayout()
        self.layout_.addLayout(self.extra)
        row = QHBoxLayout()
        self.test_button = QPushButton(self.test_label)
        self.test_button.setObjectName("test")
        self.test_button.clicked.connect(self.run_test)
        row.addWidget(self.test_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.not_fitted = QCheckBox("This lane has no such device (skip it)")
        self.not_fitted.setObjectName("not_fitted")
        self.not_fitted.setVisible(self.optional)
        self.not_fitted.toggled.connect(lambda _on: self.completeChanged.emit())
        self.layout_.addWidget(self.not_fitted)
        self.layout_.addWidget(self.status)
        self.layout_.addStretch(1)
        self.driver.currentTextChanged.connect(self._driver_changed)
        self.options_edit.textChanged.connect(self.invalidate)

    def _driver_changed(self, name: str) -> None:
        configured = getattr(self.state.config.devices, self.port)
        self.options_edit.setPlainText(tomlkit.dumps(configured.options() if name == configured.driver else {}))
        self.invalidate()

    def options(self) -> dict[str, Any]:
        try:
            return tomllib.loads(self.options_edit.toPlainText())
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"devices.{self.port}: options are not valid TOML: {exc}") from None

    def set_options(self, options: dict[str, Any]) -> None:
        self.options_edit.setPlainText(tomlkit.dumps(options))

    def run_test(self) -> None:
        try:
            driver, options = self.driver.currentText(), self.options()
        except ConfigError as exc:
            self.show_result(ProbeResult(False, str(exc)))
            return
        self.start(lambda: self.probe(driver, options), message=self.busy_message())

    def busy_message(self) -> str:
        return "testing..."

    def probe(self, driver: str, options: dict[str, Any]) -> ProbeResult:
        raise NotImplementedError

    def isComplete(self) -> bool:
        return not self.busy and (self.passed() or (self.optional and self.not_fitted.isChecked()))

    def skipped(self) -> bool:
        return self.optional and self.not_fitted.isChecked() and not self.passed()

    def changes(self) -> dict[str, dict[str, Any]]:
        if self.skipped():
            return {}
        return {f"devices.{self.port}": {"driver": self.driver.currentText(), **self.options()}}

    def replaced(self) -> tuple[str, ...]:
        return () if self.skipped() else (f"devices.{self.port}",)

    def report(self) -> dict[str, Any]:
        out = super().report()
        out["driver"] = self.driver.currentText()
        if self.skipped():
            out["skipped"] = "not fitted"
        return out


class IntroPage(QWizardPage):
    def __init__(self, output: Path) -> None:
        super().__init__()
        self.setTitle("Commissioning this lane")
        text = QLabel(
            "This wizard tests every device of the lane and writes the tested configuration to "
            f"<b>{output}</b>.<br><br>Have ready: a test passport (or any contactless card), a printed "
            "QR test code, the blackbody reference at its set temperature, and the lane cleared of "
            "people: the gate leaves will move.<br><br>Each page tests its device live; Next unlocks "
            "only once the test has passed."
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addStretch(1)


class ReaderPage(DevicePage):
    port = "card_reader"
    test_label = "Read test card"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state, "Passport chip reader",
                         "Find the PC/SC reader, then place the test passport on it and read its chip.")
        row = QHBoxLayout()
        self.find_button = QPushButton("Find readers")
        self.find_button.setObjectName("find_readers")
        self.find_button.clicked.connect(self.find_readers)
        self.readers = QComboBox()
        self.readers.setObjectName("readers")
        self.readers.activated.connect(self._reader_chosen)
        row.addWidget(self.find_button)
        row.addWidget(self.readers, 1)
        self.extra.addLayout(row)

    def find_readers(self) -> None:
        def listing() -> ProbeResult:
            names, error = probes.list_pcsc_readers()
            return ProbeResult(bool(names), error or f"{len(names)} reader(s) found", {"readers": names})

        self.start(listing, self._readers_found, "asking pcscd for readers...")

    def _readers_found(self, result: ProbeResult) -> None:
        self.readers.clear()
        self.readers.addItems(result.data.get("readers", []))
        self.status.setText(result.detail if result.ok else f"no reader: {result.detail}")
        self.status.setStyleSheet(BUSY_STYLE if result.ok else FAIL_STYLE)
        if result.ok and self.driver.currentText() == "pcsc":
            self._reader_chosen(0)

    def _reader_chosen(self, _index: int) -> None:
        name = self.readers.currentText()
        if name:
            try:
                options = self.options()
            except ConfigError:
                options = {}
            options["reader"] = name
            self.set_options(options)

    def busy_message(self) -> str:
        return "place the test passport on the reader (waiting up to 20 s)..."

    def probe(self, driver: str, options: dict[str, Any]) -> ProbeResult:
        return probes.probe_card_reader(driver, options, self.state.config, timeout=20.0)


class CameraPage(DevicePage):
    port = "camera"
    test_label = "Capture and check"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state, "Face camera",
                         "Stand where a traveller stands. Adjust focus and exposure until the check passes.")
        form = QFormLayout()
        defaults = probes.ImageLimits()
        self.min_sharpness = self._spin(defaults.min_sharpness, 0, 5000)
        self.min_luminance = self._spin(defaults.min_luminance, 0, 255)
        self.max_luminance = self._spin(defaults.max_luminance, 0, 255)
        form.addRow("Minimum sharpness (Laplacian variance)", self.min_sharpness)
        form.addRow("Minimum mean luminance", self.min_luminance)
        form.addRow("Maximum mean luminance", self.max_luminance)
        self.extra.addLayout(form)
        self.live = QCheckBox("Live view (focus and exposure while you adjust)")
        self.live.setObjectName("live")
        self.live.toggled.connect(self._live_toggled)
        self.extra.addWidget(self.live)
        self.live_values = QLabel("")
        self.live_values.setObjectName("live_values")
        self.extra.addWidget(self.live_values)
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setMinimumHeight(200)
        self.extra.addWidget(self.preview)
        self._live_task: LiveView | None = None

    def _live_toggled(self, on: bool) -> None:
        if not on:
            self.stop_live()
            return
        try:
            driver, options = self.driver.currentText(), self.options()
        except ConfigError as exc:
            self.live_values.setText(str(exc))
            self.live.setChecked(False)
            return
        task = LiveView(lambda: probes.open_device("camera", driver, options, self.state.config))
        task.signals.frame.connect(self._live_frame)
        task.signals.stopped.connect(self._live_stopped)
        self._live_task = task
        self.state.threads.append(task.thread)
        task.start()

    def _live_frame(self, frame: Any, sharpness: float, luminance: float) -> None:
        problems = probes.judge_image(sharpness, luminance, self.limits())
        self.live_values.setText(f"live: sharpness {sharpness:.0f}, luminance {luminance:.0f}"
                                 + (f"  ({'; '.join(problems)})" if problems else "  (good)"))
        self.live_values.setStyleSheet(FAIL_STYLE if problems else OK_STYLE)
        self.preview.setPixmap(bgr_to_pixmap(frame))

    def _live_stopped(self, error: str) -> None:
        self._live_task = None
        if error:
            self.live_values.setText(f"live view ended: {error}")
            self.live_values.setStyleSheet(FAIL_STYLE)
        if self.live.isChecked():
            self.live.blockSignals(True)
            self.live.setChecked(False)
            self.live.blockSignals(False)

    def stop_live(self) -> None:
        task = self._live_task
        if task is not None:
            task.stop.set()
            task.done.wait(5.0)

    def run_test(self) -> None:
        self.live.setChecked(False)  # the camera has one user at a time: the live view ends first
        super().run_test()

    def cleanupPage(self) -> None:  # Back: leave the camera closed
        self.live.setChecked(False)
        super().cleanupPage()

    def validatePage(self) -> bool:  # Next
        self.live.setChecked(False)
        return super().validatePage()

    def _spin(self, value: float, lo: float, hi: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(lo, hi)
        spin.setValue(value)
        spin.valueChanged.connect(self.invalidate)
        return spin

    def limits(self) -> probes.ImageLimits:
        return probes.ImageLimits(self.min_sharpness.value(), self.min_luminance.value(), self.max_luminance.value())

    def probe(self, driver: str, options: dict[str, Any]) -> ProbeResult:
        return probes.probe_camera(driver, options, self.state.config, limits=self.limits())

    def show_result(self, result: ProbeResult) -> None:
        super().show_result(result)
        if result.image is not None:
            self.preview.setPixmap(bgr_to_pixmap(result.image))


class ThermalPage(DevicePage):
    port = "thermal_camera"
    optional = True
    test_label = "Calibrate against the blackbody"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state, "Thermal camera",
                         "Place the blackbody reference in view at its set temperature, then calibrate.")
        form = QFormLayout()
        self.reference = QDoubleSpinBox()
        self.reference.setObjectName("blackbody_c")
        self.reference.setRange(20.0, 45.0)
        self.reference.setDecimals(2)
        self.reference.setValue(35.0)
        self.reference.setSuffix(" °C")
        self.reference.valueChanged.connect(self.invalidate)
        form.addRow("Blackbody set temperature", self.reference)
        self.extra.addLayout(form)
        if probes.thermal_calibration_api() is None:
            self.status.setText(probes.THERMAL_NOT_INSTALLED + ": tick 'skip' to continue without screening")

    def busy_message(self) -> str:
        return "calibrating against the blackbody..."

    def probe(self, driver: str, options: dict[str, Any]) -> ProbeResult:
        return probes.probe_thermal(driver, options, self.state.config, self.reference.value())

    def changes(self) -> dict[str, dict[str, Any]]:
        out = super().changes()
        if self.passed() and self.result is not None and "calibration" in self.result.data:
            out["thermal.calibration"] = dict(self.result.data["calibration"])
        return out

    def replaced(self) -> tuple[str, ...]:
        extra = ("thermal.calibration",) if self.passed() else ()
        return super().replaced() + extra


class GatePage(DevicePage):
    port = "gate"
    test_label = "Read contacts"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state, "E-gate relays and door contacts",
                         "Each leaf's relay is pulsed once; its door contact must open and close again.")
        self.clear = QCheckBox("The lane is clear of people (the leaves will move)")
        self.clear.setObjectName("lane_clear")
        self.extra.addWidget(self.clear)
        row = QHBoxLayout()
        self.leaf_buttons: dict[str, QPushButton] = {}
        for leaf in ("entry", "exit"):
            button = QPushButton(f"Pulse {leaf} leaf")
            button.setObjectName(f"pulse_{leaf}")
            button.clicked.connect(lambda _c=False, leaf=leaf: self.pulse(leaf))
            self.leaf_buttons[leaf] = button
            row.addWidget(button)
        alarm = QPushButton("Sound the alarm (1 s)")
        alarm.setObjectName("alarm")
        alarm.clicked.connect(self.sound_alarm)
        row.addWidget(alarm)
        row.addStretch(1)
        self.extra.addLayout(row)
        self.alarm_heard = QCheckBox("The alarm sounded (buzzer or beacon)")
        self.alarm_heard.setObjectName("alarm_heard")
        self.extra.addWidget(self.alarm_heard)
        self.alarm_result: ProbeResult | None = None
        self.leaf_results: dict[str, ProbeResult] = {}
        self.inputs = QLabel("")
        self.inputs.setWordWrap(True)
        self.extra.addWidget(self.inputs)
        self.options_edit.textChanged.connect(self.leaf_results.clear)
        self.driver.currentTextChanged.connect(lambda _t: self.leaf_results.clear())

    def leaves(self) -> list[str]:
        try:
            return probes.gate_leaves(self.options())
        except ConfigError:
            return ["entry", "exit"]

    def probe(self, driver: str, options: dict[str, Any]) -> ProbeResult:
        inputs = probes.gate_inputs(driver, options, self.state.config)
        shown = ", ".join(f"{k}={'1' if v else '0'}" for k, v in sorted(inputs.items()))
        return ProbeResult(True, f"contacts: {shown}", {"inputs": inputs})

    def show_result(self, result: ProbeResult) -> None:
        # reading the contacts alone does not pass the page: only the leaf pulses do
        self.inputs.setText(result.detail)
        self.status.setStyleSheet(OK_STYLE if result.ok else FAIL_STYLE)
        self.status.setText(result.detail if result.ok else "FAILED: " + result.detail)

    def pulse(self, leaf: str) -> None:
        if not self.clear.isChecked():
            self.status.setText("confirm first that the lane is clear of people")
            self.status.setStyleSheet(FAIL_STYLE)
            return
        if leaf not in self.leaves():
            self.status.setText(f"this lane has no {leaf} leaf (two_leaf = false)")
            return
        try:
            driver, options = self.driver.currentText(), self.options()
        except ConfigError as exc:
            self.status.setText(str(exc))
            return
        self.start(lambda: probes.probe_gate_leaf(driver, options, self.state.config, leaf),
                   lambda r, leaf=leaf: self._leaf_done(leaf, r), f"pulsing the {leaf} leaf...")

    def sound_alarm(self) -> None:
        try:
            driver, options = self.driver.currentText(), self.options()
        except ConfigError as exc:
            self.status.setText(str(exc))
            return
        self.start(lambda: probes.probe_gate_alarm(driver, options, self.state.config),
                   self._alarm_done, "alarm on...")

    def _alarm_done(self, result: ProbeResult) -> None:
        self.alarm_result = result
        self.status.setText(("" if result.ok else "FAILED: ") + result.detail)
        self.status.setStyleSheet(OK_STYLE if result.ok else FAIL_STYLE)

    def _leaf_done(self, leaf: str, result: ProbeResult) -> None:
        self.leaf_results[leaf] = result
        super().show_result(result)
        missing = [lf for lf in self.leaves() if not self.leaf_results.get(lf, ProbeResult(False, "")).ok]
        if result.ok and missing:
            self.status.setText(f"PASSED: {result.detail}. Now pulse the {' and '.join(missing)} leaf.")

    def passed(self) -> bool:
        return all(self.leaf_results.get(leaf) is not None and self.leaf_results[leaf].ok for leaf in self.leaves())

    def report(self) -> dict[str, Any]:
        out = {"passed": self.passed(), "driver": self.driver.currentText()}
        out["leaves"] = {leaf: {"passed": r.ok, "detail": r.detail, "data": r.data}
                         for leaf, r in self.leaf_results.items()}
        a = self.alarm_result
        out["alarm"] = {"tested": a is not None, "switched": bool(a and a.ok), "detail": a.detail if a else "",
                        "heard": self.alarm_heard.isChecked()}
        return out


class ScannerPage(DevicePage):
    port = "declaration_scanner"
    optional = True
    test_label = "Scan test code"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state, "QR e-declaration scanner", "Present the printed QR test code to the scanner.")

    def busy_message(self) -> str:
        return "present the QR test code (waiting up to 30 s)..."

    def probe(self, driver: str, options: dict[str, Any]) -> ProbeResult:
        return probes.probe_scanner(driver, options, self.state.config, timeout=30.0)


class LanePage(WizardPage):
    key = "lane"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state, "Lane identity and officers",
                         "Name the lane and set the supervisor PIN (at least 6 digits; never the demo PIN).")
        lane = state.config.lane
        form = QFormLayout()
        self.lane_id = QLineEdit(lane.id)
        self.lane_id.setObjectName("lane_id")
        self.lane_name = QLineEdit(lane.name)
        self.lane_name.setObjectName("lane_name")
        self.port_name = QLineEdit(lane.port_name)
        self.port_name.setObjectName("port_name")
        self.direction = QComboBox()
        self.direction.setObjectName("direction")
        self.direction.addItems(["entry", "exit"])
        self.direction.setCurrentText(lane.direction)
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_again = QLineEdit()
        self.pin_again.setObjectName("pin_again")
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        for label, widget in (("Lane id", self.lane_id), ("Lane name", self.lane_name),
                              ("Port", self.port_name), ("Direction", self.direction),
                              ("Supervisor PIN", self.pin), ("PIN again", self.pin_again)):
            form.addRow(label, widget)
            signal = widget.currentTextChanged if isinstance(widget, QComboBox) else widget.textChanged
            signal.connect(self.invalidate)
        # officer accounts in the configuration (created in the lane database at first start), where
        # this build's configuration has them
        self.accounts: QTableWidget | None = None
        if "accounts" in OfficerConfig.model_fields:
            self.accounts = QTableWidget(0, 4)
            self.accounts.setObjectName("accounts")
            self.accounts.setHorizontalHeaderLabels(["Officer id", "Name", "Role", "PIN"])
            self.accounts.horizontalHeader().setStretchLastSection(True)
            self.accounts.setMaximumHeight(150)
            self.accounts.itemChanged.connect(lambda _i: self.invalidate())
            self.accounts.setItemDelegateForColumn(3, PinDelegate(self.accounts))  # PINs never on screen
            add = QPushButton("Add officer")
            add.setObjectName("add_officer")
            add.clicked.connect(lambda: self.add_officer("", "", "officer", ""))
            form.addRow("Officers", self.accounts)
            form.addRow("", add)
        self.new_salt = QCheckBox("New document-hash salt for this site")
        self.new_salt.setChecked(state.config.storage.document_hash_salt == "change-me-per-site")
        form.addRow("", self.new_salt)
        self.layout_.addLayout(form)
        button = QPushButton("Check")
        button.setObjectName("test")
        button.clicked.connect(self.run_test)
        self.layout_.addWidget(button)
        self.layout_.addWidget(self.status)
        self.layout_.addStretch(1)
        self._pin_hash: str | None = None
        self._salt: str | None = None

    def add_officer(self, officer_id: str, name: str, role: str, pin: str) -> None:
        assert self.accounts is not None
        row = self.accounts.rowCount()
        self.accounts.insertRow(row)
        for col, text in enumerate((officer_id, name, role, pin)):
            self.accounts.setItem(row, col, QTableWidgetItem(text))

    def officer_rows(self) -> list[dict[str, str]]:
        if self.accounts is None:
            return []
        rows = []
        for r in range(self.accounts.rowCount()):
            cells = [(self.accounts.item(r, c).text().strip() if self.accounts.item(r, c) else "") for c in range(4)]
            if any(cells):
                rows.append(dict(zip(("id", "name", "role", "pin"), cells, strict=True)))
        return rows

    def run_test(self) -> None:
        values = {"id": self.lane_id.text().strip(), "name": self.lane_name.text().strip(),
                  "port_name": self.port_name.text().strip(), "direction": self.direction.currentText()}
        pin, again = self.pin.text(), self.pin_again.text()
        officers = self.officer_rows()

        def check() -> ProbeResult:
            problems = [f"{k.replace('_', ' ')} is empty" for k, v in values.items() if not v]
            if not pin.isdigit() or len(pin) < 6:
                problems.append("the PIN must be at least 6 digits")
            elif pin != again:
                problems.append("the two PINs differ")
            elif len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
                problems.append("the PIN is too easy to guess")
            problems += officer_problems(officers)
            if problems:
                return ProbeResult(False, "; ".join(problems))
            from argon2 import PasswordHasher

            pin_hash = writer.hash_pin(pin)
            PasswordHasher().verify(pin_hash, pin)  # what the officer console will do
            accounts = [{"id": o["id"], "name": o["name"], "role": o["role"], "pin_hash": writer.hash_pin(o["pin"])}
                        for o in officers]
            return ProbeResult(True, f"lane {values['id']} ({values['direction']}) at {values['port_name']}; "
                                     f"supervisor PIN set; {len(accounts)} officer account(s)",
                               {"lane": values, "pin_hash": pin_hash, "accounts": accounts})

        self.start(check, message="checking...")  # argon2 takes a moment: not on the GUI thread

    def show_result(self, result: ProbeResult) -> None:
        super().show_result(result)
        self._pin_hash = result.data.get("pin_hash") if result.ok else None
        if result.ok and self.new_salt.isChecked() and self._salt is None:
            self._salt = writer.new_salt()

    def changes(self) -> dict[str, dict[str, Any]]:
        if not self.passed() or self.result is None:
            return {}
        out: dict[str, dict[str, Any]] = {"lane": dict(self.result.data["lane"]),
                                          "officer": {"pin_hash": self._pin_hash}}
        if self.accounts is not None:
            # re-commissioning keeps the accounts already configured (a new row with the same id replaces one)
            new = list(self.result.data["accounts"])
            ids = {a["id"] for a in new}
            kept = [a.model_dump() for a in getattr(self.state.config.officer, "accounts", []) if a.id not in ids]
            out["officer"]["accounts"] = kept + new
        out["lane"]["demo"] = False
        if self._salt:
            out["storage"] = {"document_hash_salt": self._salt}
        return out

    def report(self) -> dict[str, Any]:
        out = super().report()
        data = {k: v for k, v in out["data"].items() if k not in ("pin_hash", "accounts")}  # no secrets
        data["officers"] = [{"id": a["id"], "role": a["role"]} for a in out["data"].get("accounts", [])]
        out["data"] = data
        return out


OFFICER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
OFFICER_ROLES = ("officer", "supervisor", "installer")


def officer_problems(officers: list[dict[str, str]]) -> list[str]:
    problems = []
    ids = [o["id"] for o in officers]
    for o in officers:
        who = o["id"] or "(no id)"
        if not OFFICER_ID.fullmatch(o["id"]):
            problems.append(f"officer {who}: the id is letters, digits, . _ - (at most 32)")
        if o["role"] not in OFFICER_ROLES:
            problems.append(f"officer {who}: role is one of {', '.join(OFFICER_ROLES)}")
        if not o["pin"].isdigit() or len(o["pin"]) < 6:
            problems.append(f"officer {who}: the PIN must be at least 6 digits")
    if len(set(ids)) != len(ids):
        problems.append("two officers share an id")
    return problems


class FinishPage(WizardPage):
    key = "write"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state, "Write the configuration",
                         f"Writes the tested configuration to {state.output} (the previous file is kept "
                         f"beside it) and the commissioning report {writer.REPORT_NAME}.")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setObjectName("summary")
        self.layout_.addWidget(self.summary)
        button = QPushButton("Write configuration")
        button.setObjectName("write")
        button.clicked.connect(self.write)
        self.layout_.addWidget(button)
        self.layout_.addWidget(self.status)
        self.layout_.addStretch(1)

    def initializePage(self) -> None:
        lines = []
        for page in self.state.test_pages():
            r = page.report()
            mark = "skipped" if r.get("skipped") else ("passed" if r["passed"] else "NOT passed")
            lines.append(f"{page.title()}: {mark}")
        self.summary.setText("<br>".join(lines))

    def write(self) -> None:
        try:
            loaded = self.state.write()
        except (ConfigError, OSError) as exc:
            self.show_result(ProbeResult(False, str(exc)))
        else:
            self.show_result(ProbeResult(True, f"written {self.state.output} (lane {loaded.lane.id})"))
        self.completeChanged.emit()


class WizardState:
    def __init__(self, config: KioskConfig, output: Path) -> None:
        self.config = config
        self.output = output
        self.pages: list[WizardPage] = []
        self.threads: list[threading.Thread] = []  # every device test's worker, joined at shutdown

    def test_pages(self) -> list[WizardPage]:
        return [p for p in self.pages if not isinstance(p, FinishPage)]

    def write(self) -> KioskConfig:
        changes: dict[str, dict[str, Any]] = {}
        replaced: list[str] = []
        for page in self.test_pages():
            if not page.isComplete():
                raise ConfigError(f"{page.title()}: not tested successfully")
            for table, values in page.changes().items():
                changes.setdefault(table, {}).update(values)
            replaced.extend(page.replaced())
        report = {"pages": {p.key: p.report() for p in self.test_pages()}}
        return writer.write_config(self.output, changes, tuple(replaced), report=report)


class CommissioningWizard(QWizard):
    def __init__(self, config: KioskConfig, output: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clearance Kiosk: commissioning")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.state = WizardState(config, output)
        self.addPage(IntroPage(output))
        for page in (ReaderPage(self.state), CameraPage(self.state), ThermalPage(self.state),
                     GatePage(self.state), ScannerPage(self.state), LanePage(self.state),
                     FinishPage(self.state)):
            self.state.pages.append(page)
            self.addPage(page)
        self.resize(900, 700)

    def page_by_key(self, key: str) -> WizardPage:
        return next(p for p in self.state.pages if p.key == key)

    @Slot()
    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop the live view and wait for running device tests (a reader waits at most 20 s)."""
        for page in self.state.pages:
            if isinstance(page, CameraPage):
                page.stop_live()
        deadline = time.monotonic() + timeout
        for thread in self.state.threads:
            thread.join(max(0.0, deadline - time.monotonic()))


def run_wizard(config: KioskConfig, output: Path, fullscreen: bool = False) -> int:
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 - alive while the wizard runs
    wizard = CommissioningWizard(config, output)
    if fullscreen:
        wizard.showFullScreen()
    else:
        wizard.show()
    try:
        result = wizard.exec()
    finally:
        wizard.shutdown()
    return 0 if result == QWizard.DialogCode.Accepted else 1


class PinDelegate(QStyledItemDelegate):
    """A table column of PINs: shown as dots, typed into a password field."""

    def displayText(self, value: Any, locale: Any) -> str:
        return "•" * len(str(value or ""))

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:
        editor = QLineEdit(parent)
        editor.setEchoMode(QLineEdit.EchoMode.Password)
        return editor
