"""The lane: drives one ClearanceSession per traveller through the devices and services.

Fail-secure by construction: a stage that fails after its retries, or any unexpected error, refers
the traveller; the gate is only asked to admit after a `clear` decision, and locked otherwise.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

import cv2
import numpy as np

from kiosk.clock import WaitAccountingClock
from kiosk.config import KioskConfig
from kiosk.emrtd.mrz import Mrz, MrzError, parse_mrz
from kiosk.errors import DeviceDisconnected, DeviceError, DeviceTimeout, KioskError
from kiosk.evidence import DocumentEvidence
from kiosk.policy import Policy
from kiosk.ports import (
    Camera,
    CardReader,
    Clock,
    DeclarationScanner,
    Gate,
    MrzSource,
    PassageOutcome,
    ThermalCamera,
)
from kiosk.services import (
    ChipService,
    DeclarationService,
    FaceService,
    TemperatureService,
    TravellerInteraction,
)
from kiosk.session import ClearanceSession, Listener, State
from kiosk.store import Store

log = logging.getLogger("kiosk.lane")


class StageFailed(KioskError):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class Cancelled(KioskError):
    pass


class DocumentCheck(Protocol):
    """A central lookup on the traveller's document (e.g. a watchlist snapshot): the reasons it
    refers for, [] when it has none. Must answer within its own timeout; unknown means refer."""

    def reasons_for(self, document: DocumentEvidence | None) -> list[str]: ...


@dataclass
class LaneDevices:
    mrz_source: MrzSource
    card_reader: CardReader
    camera: Camera
    thermal_camera: ThermalCamera
    gate: Gate
    declaration_scanner: DeclarationScanner

    def all(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class LaneServices:
    chip: ChipService
    face: FaceService
    temperature: TemperatureService
    declarations: DeclarationService


@dataclass
class TransactionResult:
    session_id: str
    outcome: str
    reasons: list[str]
    timings_ms: dict[str, float]
    processing_ms: dict[str, float]
    record: dict[str, Any]
    referral_id: str | None = None
    gate: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "session": self.session_id,
            "outcome": self.outcome,
            "reasons": self.reasons,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "processing_ms": {k: round(v, 1) for k, v in self.processing_ms.items()},
            "gate": self.gate,
            "referral": self.referral_id,
            "scores": self.record.get("scores", {}),
        }


def document_ref(mrz: Mrz, config: KioskConfig) -> str:
    """How a document is named at rest: a salted hash unless the site configured otherwise."""
    ident = f"{mrz.issuing_state}:{mrz.document_number}"
    if not config.storage.hash_document_numbers:
        return ident
    salt = config.storage.document_hash_salt.encode()
    return "sha256:" + hashlib.sha256(salt + ident.encode()).hexdigest()[:32]


def _yymmdd_to_date(value: str, now_year: int) -> tuple[int, int, int]:
    yy, mm, dd = int(value[0:2]), int(value[2:4]), int(value[4:6])
    century = (now_year // 100) * 100
    year = century + yy
    if year > now_year + 50:
        year -= 100
    return year, mm, dd


def _jpeg(image: np.ndarray | None) -> bytes | None:
    if image is None or not isinstance(image, np.ndarray) or image.size == 0:
        return None
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return buf.tobytes() if ok else None


class Lane:
    def __init__(
        self,
        config: KioskConfig,
        devices: LaneDevices,
        services: LaneServices,
        store: Store,
        clock: Clock,
        interaction: TravellerInteraction,
        policy: Policy | None = None,
        document_checks: list[DocumentCheck] | None = None,
    ) -> None:
        self.config = config
        self.devices = devices
        self.services = services
        self.store = store
        self.clock = clock if isinstance(clock, WaitAccountingClock) else WaitAccountingClock(clock)
        self.interaction = interaction
        self.policy = policy or Policy(config.policy)
        self.document_checks = list(document_checks or [])
        self.cancel = threading.Event()
        self.in_service = True
        self.status = "in-service"

    # --- the traveller's transaction --------------------------------------------------------------

    def wait_for_document(self, poll_s: float = 0.25) -> str:
        """Block (in slices, so `cancel` is honoured and the idle gate supervised) until a document's
        MRZ text is presented."""
        while not self.cancel.is_set():
            if not self.ready():
                self.clock.sleep(poll_s)  # out of service: no traveller is taken in
                continue
            try:
                return self.devices.mrz_source.read_mrz(poll_s)
            except DeviceTimeout:
                continue
        raise Cancelled("lane stopped")

    def ready(self) -> bool:
        """In service with a gate that can admit; else `status` says why (for the screens)."""
        self._supervise_gate()
        if not self.in_service:
            self.status = "out-of-service"
            return False
        try:
            health = self.devices.gate.health()
        except Exception as exc:
            health = None
            log.warning("gate health failed: %s", exc)
        if health is None or not health.ok:
            self.status = f"gate-stopped: {health.detail if health else 'no answer'}"
            return False
        self.status = "in-service"
        return True

    def _supervise_gate(self) -> None:
        try:
            self.devices.gate.poll()
        except Exception:
            log.exception("gate supervision failed")

    def run_transaction(self, listener: Listener | None = None, mrz_text: str | None = None) -> TransactionResult:
        session = ClearanceSession(self.clock, listener)
        if mrz_text is None:
            mrz_text = self.wait_for_document()
        mrz: Mrz | None = None
        reference = None
        try:
            mrz = self._stage(session, State.DOCUMENT, lambda t, attempt: self._document(session, mrz_text, t, attempt))
            self._stage(session, State.CHIP, lambda t, _a: self._chip(session, mrz, t))
            reference = self._stage(session, State.FACE, lambda t, _a: self._face(session, t))
            self._stage(session, State.TEMPERATURE, lambda t, _a: self._temperature(session, t))
            self._stage(session, State.DECLARATION, lambda t, _a: self._declaration(session, t))
            session.advance(State.DECISION)
            for check in self.document_checks:  # central lookups (watchlist): stale or unreachable refers
                try:
                    session.evidence.faults.extend(check.reasons_for(session.evidence.document))
                except Exception as exc:  # a lookup that breaks is a lookup that did not answer
                    log.exception("document check %s failed", type(check).__name__)
                    session.evidence.faults.append(f"document-check-failed:{type(exc).__name__}")
            decision = self.policy.decide(session.evidence)
            session.decision = decision
            if not decision.cleared:
                session.refer(*decision.reasons)
            else:
                self._stage(session, State.GATE, lambda t, _a: self._gate(session, t))
        except StageFailed as failure:
            session.evidence.faults.append(failure.reason)
            self._safe_lock()
            if not session.state.final:
                session.refer(failure.reason)
        except Cancelled:
            self._safe_lock()
            if not session.state.final:
                session.refer("lane-stopped")
        except Exception as exc:  # the lane must never crash on a traveller: refer and log
            log.exception("unexpected error in session %s", session.id)
            self._safe_lock()
            if not session.state.final:
                session.refer(f"internal-error:{type(exc).__name__}")
        finally:
            del reference
        return self._finish(session, mrz)

    # --- stages -----------------------------------------------------------------------------------

    def _stage(self, session: ClearanceSession, state: State, work: Callable[[float, int], Any]) -> Any:
        session.advance(state)
        timing = getattr(self.config.timeouts, state.value)
        t0, w0 = self.clock.monotonic(), self.clock.waited()
        last = StageFailed(f"{state.value}-failed")
        try:
            for attempt in range(timing.retries + 1):
                if self.cancel.is_set():
                    raise Cancelled("lane stopped")
                session.attempts[state.value] = attempt + 1
                try:
                    return work(timing.timeout_s, attempt)
                except (StageFailed, Cancelled):
                    raise
                except DeviceTimeout as exc:
                    last = StageFailed(f"{state.value}-timeout", str(exc))
                except DeviceDisconnected as exc:
                    last = StageFailed(f"{state.value}-device-disconnected", str(exc))
                except DeviceError as exc:
                    last = StageFailed(f"{state.value}-device-error", str(exc))
                except KioskError as exc:
                    last = StageFailed(f"{state.value}-error", str(exc))
                log.warning("stage %s attempt %d failed: %s", state.value, attempt + 1, last)
                if attempt < timing.retries:
                    session.emit("guidance", code=f"{state.value}-retry", attempt=attempt + 1)
            raise last
        finally:
            elapsed = (self.clock.monotonic() - t0) * 1000
            session.timings_ms[state.value] = elapsed
            session.processing_ms[state.value] = max(0.0, elapsed - (self.clock.waited() - w0) * 1000)

    def _document(self, session: ClearanceSession, text: str, timeout: float, attempt: int) -> Mrz:
        if attempt > 0:  # the first read was unusable: ask for the document again
            session.emit("guidance", code="replace-document")
            text = self.devices.mrz_source.read_mrz(timeout)
        try:
            mrz = parse_mrz(text)
        except MrzError as exc:
            raise KioskError(f"MRZ unreadable: {exc}") from exc
        today = self.clock.now().date()
        y, m, d = _yymmdd_to_date(mrz.date_of_expiry, today.year)
        try:
            expired = (y, m, d) < (today.year, today.month, today.day)
        except ValueError:
            expired = True
        fields = mrz.fields()
        session.evidence.document = DocumentEvidence(mrz_format=mrz.format, expired=expired, **fields)
        session.emit("progress", document=fields)
        return mrz

    def _chip(self, session: ClearanceSession, mrz: Mrz, timeout: float) -> None:
        session.emit("guidance", code="keep-document-still")
        transport = self.devices.card_reader.connect(timeout)
        try:
            chip = self.services.chip.read(transport, mrz)
        finally:
            try:
                transport.close()
            except Exception:  # closing a vanished card must not mask the real error
                log.debug("closing card transport failed", exc_info=True)
        session.evidence.chip = chip
        if chip.portrait is None:
            raise StageFailed("chip-no-portrait", "DG2 gave no usable portrait")

    def _face(self, session: ClearanceSession, timeout: float) -> Any:
        chip = session.evidence.chip
        assert chip is not None and chip.portrait is not None
        reference = self.services.face.enrol(chip.portrait)
        face = self.services.face.verify(
            self.devices.camera, reference, timeout, lambda code: session.emit("guidance", code=code)
        )
        session.evidence.face = face
        return reference

    def _temperature(self, session: ClearanceSession, timeout: float) -> None:
        ev = self.services.temperature.screen(self.devices.thermal_camera, session.evidence.face, timeout)
        session.evidence.temperature = ev

    def _declaration(self, session: ClearanceSession, timeout: float) -> None:
        document = session.evidence.document
        assert document is not None
        online = self.services.declarations.from_document(document)  # declared online, no code to show
        if online is not None:
            session.evidence.declaration = online
            return
        deadline = self.clock.monotonic() + timeout
        while True:
            if self.cancel.is_set():
                raise Cancelled("lane stopped")
            remaining = deadline - self.clock.monotonic()
            if remaining <= 0:
                raise DeviceTimeout("declaration", "no declaration scanned or filled in")
            if self.config.declarations.allow_screen_form and self.interaction.wants_screen_form():
                answers = self.interaction.ask_declaration(self.services.declarations.form, remaining)
                if answers is None:
                    raise DeviceTimeout("declaration", "on-screen declaration not completed")
                session.evidence.declaration = self.services.declarations.from_answers(answers, document)
                return
            try:
                payload = self.devices.declaration_scanner.scan(min(0.5, remaining))
            except DeviceTimeout:
                continue
            session.evidence.declaration = self.services.declarations.from_payload(payload, document)
            return

    def _gate(self, session: ClearanceSession, timeout: float) -> None:
        outcome = self.devices.gate.admit(timeout)
        session.gate_outcome = outcome.value
        if outcome is PassageOutcome.PASSED:
            session.advance(State.DONE)
        else:
            raise StageFailed(f"gate-{outcome.value}")

    def _safe_lock(self) -> None:
        try:
            self.devices.gate.lock()
        except Exception:
            log.exception("gate lock failed: the relay pulse lapses and leaves the gate shut")

    # --- record ------------------------------------------------------------------------------------

    def _finish(self, session: ClearanceSession, mrz: Mrz | None) -> TransactionResult:
        ev = session.evidence
        scores: dict[str, Any] = {}
        if ev.face is not None:
            scores["face"] = round(float(ev.face.score), 4)
            scores["face_threshold"] = ev.face.threshold
        if ev.temperature is not None and ev.temperature.core_c is not None:
            scores["temperature_c"] = round(ev.temperature.core_c, 2)
        evidence_record = {
            name: part.to_record()
            for name, part in (("document", ev.document), ("chip", ev.chip), ("face", ev.face),
                               ("temperature", ev.temperature), ("declaration", ev.declaration))
            if part is not None
        }
        if ev.document is not None:
            # at rest the record names the document by reference only
            evidence_record["document"] = {k: v for k, v in evidence_record["document"].items()
                                           if k in ("mrz_format", "document_code", "issuing_state", "expired")}
        record = {
            "id": session.id,
            "lane_id": self.config.lane.id,
            "started_at": session.started_at.isoformat(),
            "ended_at": session.ended_at.isoformat(),
            "outcome": session.outcome,
            "reasons": list(session.reasons),
            "timings_ms": {k: round(v, 1) for k, v in session.timings_ms.items()},
            "scores": scores,
            "document_ref": document_ref(mrz, self.config) if mrz else "",
            "evidence": evidence_record,
        }
        summary = dict(evidence_record)
        if ev.document is not None:
            summary["document"] = ev.document.to_record()  # the officer needs the data; kept with the referral
        images: list[tuple[str, str, bytes]] = []
        if session.outcome == "refer" and self.config.storage.keep_referral_evidence:
            for kind, img in (("chip-portrait", ev.chip.portrait if ev.chip else None),
                              ("live-capture", ev.face.live_image if ev.face else None)):
                data = _jpeg(img)
                if data:
                    images.append((kind, "image/jpeg", data))
        retention = timedelta(hours=self.config.storage.evidence_retention_hours)
        referral_id = self.store.record_transaction(record, referral_summary=summary, evidence=images,
                                                    retention=retention)
        # Privacy: images and templates do not outlive the transaction in memory either.
        if ev.chip is not None:
            ev.chip.portrait = None
        if ev.face is not None:
            ev.face.live_image = None
        result = TransactionResult(
            session_id=session.id,
            outcome=session.outcome,
            reasons=list(session.reasons),
            timings_ms=dict(session.timings_ms),
            processing_ms=dict(session.processing_ms),
            record=record,
            referral_id=referral_id,
            gate=session.gate_outcome,
            summary=summary,
        )
        session.emit("result", outcome=result.outcome, reasons=result.reasons, referral=referral_id)
        return result
