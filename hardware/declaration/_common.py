"""Small helpers shared by the declaration scanner drivers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kiosk.errors import ConfigError

PORT = "declaration_scanner"
MAX_CODE_CHARS = 8192  # more than any QR holds; longer input is cut and then fails verification

SUFFIXES = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "TAB": b"\t"}


def check_options(options: Mapping[str, Any], known: Iterable[str], driver: str) -> None:
    known = set(known)
    for key in options:
        if key not in known:
            listing = ", ".join(sorted(known))
            raise ConfigError(
                f"devices.{PORT}.{key}: unknown option for driver {driver!r} (known: {listing})"
            )


def suffix_bytes(value: str | bytes) -> bytes:
    """ "CR" | "LF" | "CRLF" | "TAB" or the literal terminator the scanner is programmed with."""
    raw = value if isinstance(value, bytes) else SUFFIXES.get(value.upper(), value.encode("utf-8"))
    if not raw:
        raise ConfigError(f"devices.{PORT}.suffix: must not be empty")
    return raw


def clean_text(raw: bytes, strip_prefix: str = "") -> str:
    text = raw.decode("utf-8", errors="replace").strip("\r\n\t ")
    if strip_prefix and text.startswith(strip_prefix):
        text = text[len(strip_prefix) :]
    return text
