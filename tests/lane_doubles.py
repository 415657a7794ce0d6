"""Test doubles for the lane's services and devices (tests only; the product wires the real ones)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kiosk.errors import DeviceDisconnected, DeviceTimeout
from kiosk.evidence import Check, ChipEvidence, DeclarationEvidence, FaceEvidence, TemperatureEvidence
from kiosk.ports import DeviceHealth, PassageOutcome

MRZ = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F3204153ZE184226B<<<<<16"


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def monotonic(self):
        return self.t

    def now(self):
        from datetime import UTC, datetime, timedelta
        return datetime(2026, 6, 1, tzinfo=UTC) + timedelta(seconds=self.t)

    def sleep(self, s):
        self.t += max(0.0, s)


@dataclass
class Script:
    """What each double does for one traveller; a list value is consumed one call at a time."""

    chip_errors: list[Exception] = field(default_factory=list)
    face_score: float = 0.8
    liveness: Check = Check.VALID
    temp_c: float = 36.6
    declaration: str = "nothing-to-declare"
    online_declaration: Any = None  # what the central service holds for the document (None: nothing)
    gate: PassageOutcome = PassageOutcome.PASSED
    face_raises: Exception | None = None


class Dev:
    def __init__(self, name, script):
        self.name, self.script = name, script
        self.locked = 0
        self.admitted = 0

    def health(self):
        return DeviceHealth(self.name, "double", True)

    def close(self):
        pass

    def read_mrz(self, timeout):
        return MRZ

    def connect(self, timeout):
        if self.script.chip_errors:
            raise self.script.chip_errors.pop(0)
        return self

    def transmit(self, apdu):
        return b"\x90\x00"

    def read(self, timeout):
        return np.zeros((4, 4, 3), np.uint8)

    def scan(self, timeout):
        return "QR"

    def admit(self, timeout):
        self.admitted += 1
        return self.script.gate

    def lock(self):
        self.locked += 1

    def poll(self):
        return None

    def reset(self, officer_id):
        pass


class Services:
    def __init__(self, script):
        self.script = script

    # chip
    def read(self, transport, mrz):
        return ChipEvidence(access="BAC", dg1=mrz.fields(), dg1_matches_mrz=True, passive_auth=Check.VALID,
                            portrait=np.full((8, 8, 3), 128, np.uint8), portrait_format="jpeg")

    # face
    def enrol(self, portrait):
        return "template"

    def verify(self, camera, reference, timeout, on_guidance=None):
        if self.script.face_raises:
            raise self.script.face_raises
        if on_guidance:
            on_guidance("look-at-camera")
        s = self.script.face_score
        return FaceEvidence(score=s, threshold=0.4, matched=s >= 0.4, liveness=self.script.liveness,
                            live_image=np.full((8, 8, 3), 90, np.uint8))

    # temperature
    def screen(self, thermal, face, timeout):
        c = self.script.temp_c
        return TemperatureEvidence("fever" if c >= 37.3 else "normal", c, 37.3, [c])

    # declarations
    form: list = []  # noqa: RUF012

    def from_payload(self, payload, document):
        return DeclarationEvidence(self.script.declaration, "qr",
                                   reasons=["cash"] if self.script.declaration == "declared" else [])

    def from_answers(self, answers, document):
        return DeclarationEvidence("nothing-to-declare", "screen")

    def from_document(self, document):
        return self.script.online_declaration


class NoScreen:
    def wants_screen_form(self):
        return False

    def ask_declaration(self, form, timeout):
        return None


def make_lane(tmp_path, script: Script | None = None, **config_overrides: Any):
    from kiosk import config as kconfig
    from kiosk.lane import Lane, LaneDevices, LaneServices
    from kiosk.store import Store

    script = script or Script()
    cfg = kconfig.from_dict(config_overrides)
    devs = {p: Dev(p, script) for p in kconfig.PORTS}
    svc = Services(script)
    store = Store(tmp_path / "lane.sqlite", cfg.lane.id)
    lane = Lane(cfg, LaneDevices(**devs), LaneServices(svc, svc, svc, svc), store, FakeClock(), NoScreen())
    return lane, devs, store


__all__ = ["MRZ", "DeviceDisconnected", "DeviceTimeout", "Script", "make_lane"]
