"""What each stage of the lane found out, as plain data for the policy, the store and the console.

Images (chip portrait, live capture) are carried only in memory for the transaction; `to_record()`
methods never include them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np


class Check(StrEnum):
    """Outcome of one verification."""

    VALID = "valid"
    INVALID = "invalid"
    NOT_SUPPORTED = "not-supported"
    NOT_CHECKED = "not-checked"


@dataclass
class DocumentEvidence:
    """The printed MRZ as read by the document reader."""

    mrz_format: str  # TD1 / TD2 / TD3
    document_code: str
    issuing_state: str
    document_number: str
    date_of_birth: str  # YYMMDD
    date_of_expiry: str  # YYMMDD
    sex: str
    nationality: str
    surname: str
    given_names: str
    expired: bool = False

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ChipEvidence:
    access: str  # "BAC" or "PACE-..."
    dg1: dict[str, str]
    dg1_matches_mrz: bool
    passive_auth: Check
    passive_auth_failures: list[str] = field(default_factory=list)
    active_auth: Check = Check.NOT_SUPPORTED
    chip_auth: Check = Check.NOT_SUPPORTED
    portrait: np.ndarray | None = field(default=None, repr=False)  # BGR, memory only
    portrait_format: str = ""
    apdu_count: int = 0
    bytes_read: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return {
            "access": self.access,
            "dg1_matches_mrz": self.dg1_matches_mrz,
            "passive_auth": self.passive_auth.value,
            "passive_auth_failures": list(self.passive_auth_failures),
            "active_auth": self.active_auth.value,
            "chip_auth": self.chip_auth.value,
            "portrait_format": self.portrait_format,
            "apdu_count": self.apdu_count,
            "bytes_read": self.bytes_read,
        }


@dataclass
class FaceEvidence:
    score: float  # cosine similarity live vs chip portrait
    threshold: float
    matched: bool
    liveness: Check
    quality: float = 0.0  # 0..1 of the best frame
    faces_in_view: int = 1
    frames_used: int = 0
    face_box: tuple[float, float, float, float] | None = None  # x1, y1, x2, y2 in the camera frame
    landmarks: np.ndarray | None = field(default=None, repr=False)  # 5 x 2, camera frame
    live_image: np.ndarray | None = field(default=None, repr=False)  # BGR crop, memory only
    details: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return {
            "score": round(float(self.score), 4),
            "threshold": self.threshold,
            "matched": self.matched,
            "liveness": self.liveness.value,
            "quality": round(float(self.quality), 3),
            "faces_in_view": self.faces_in_view,
            "frames_used": self.frames_used,
        }


@dataclass
class TemperatureEvidence:
    status: str  # "normal" | "fever" | "unavailable"
    core_c: float | None
    threshold_c: float
    readings_c: list[float] = field(default_factory=list)
    detail: str = ""

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DeclarationEvidence:
    status: str  # "nothing-to-declare" | "declared" | "invalid"
    source: str  # "qr" | "screen" | "none"
    items: list[str] = field(default_factory=list)  # what was declared (item codes)
    reasons: list[str] = field(default_factory=list)  # why it refers, human readable codes
    answers: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        return asdict(self)
