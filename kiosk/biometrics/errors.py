"""Errors of the face pipeline."""

from __future__ import annotations

from kiosk.errors import DeviceTimeout, KioskError


class ModelError(KioskError):
    """A face model is missing, altered (hash mismatch) or cannot be loaded; the message names the file."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"face model {path}: {message}")
        self.path = path


class FaceError(KioskError):
    """An image cannot be used for face matching (corrupt, no face, several faces)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code  # "corrupt-image" | "no-face" | "several-faces"


class FaceTimeout(DeviceTimeout):
    """No usable face was captured before the deadline; `guidance` is the last advice given."""

    def __init__(self, message: str, guidance: str | None = None, frames_read: int = 0) -> None:
        super().__init__("camera", message)
        self.guidance = guidance
        self.frames_read = frames_read
