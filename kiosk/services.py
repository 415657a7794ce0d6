"""The verification services a lane is assembled from.

Each is implemented in its own domain package (`kiosk.emrtd`, `kiosk.biometrics`, `kiosk.thermal`,
`kiosk.declarations`); the lane depends only on these protocols, so tests can substitute any of them.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from kiosk.emrtd.mrz import Mrz
from kiosk.evidence import (
    ChipEvidence,
    DeclarationEvidence,
    DocumentEvidence,
    FaceEvidence,
    TemperatureEvidence,
)
from kiosk.ports import Camera, CardTransport, ThermalCamera


class ChipService(Protocol):
    def read(self, transport: CardTransport, mrz: Mrz) -> ChipEvidence: ...


class FaceService(Protocol):
    def enrol(self, portrait: np.ndarray) -> Any: ...

    def verify(self, camera: Camera, reference: Any, timeout: float, on_guidance: Any = None) -> FaceEvidence: ...


class TemperatureService(Protocol):
    def screen(self, thermal: ThermalCamera, face: FaceEvidence | None, timeout: float) -> TemperatureEvidence: ...


class DeclarationService(Protocol):
    @property
    def form(self) -> Any:
        """The on-screen questionnaire model (rendered by the UI)."""
        ...

    def from_payload(self, payload: str, document: DocumentEvidence) -> DeclarationEvidence: ...

    def from_answers(self, answers: dict[str, Any], document: DocumentEvidence) -> DeclarationEvidence: ...

    def from_document(self, document: DocumentEvidence) -> DeclarationEvidence | None:
        """The declaration made online for this document (central service), or None: ask for one."""
        ...


class TravellerInteraction(Protocol):
    """What the lane asks of the person in front of it (the screen, or a simulated traveller)."""

    def wants_screen_form(self) -> bool:
        """True once the traveller chose to fill in the declaration on screen instead of scanning."""
        ...

    def ask_declaration(self, form: Any, timeout: float) -> dict[str, Any] | None:
        """Show the form and block until it is submitted (answers) or abandoned/timed out (None)."""
        ...
