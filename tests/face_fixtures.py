"""Shared helpers for the face tests: one engine for the whole session, a clock that never waits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest

FACES = Path(__file__).resolve().parents[1] / "assets" / "demo" / "faces"


class FakeClock:
    """Monotonic time that only moves when someone sleeps (the simulated camera paces itself)."""

    def __init__(self) -> None:
        self.t = 1000.0

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=self.t)

    def sleep(self, seconds: float) -> None:
        self.t += max(seconds, 0.0)


def portrait(name: str) -> np.ndarray:
    image = cv2.imread(str(FACES / f"{name}.jpg"))
    assert image is not None, name
    return image


@pytest.fixture(scope="session")
def face_engine():
    from kiosk.biometrics import FaceEngine

    return FaceEngine(intra_op_threads=2)


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()
