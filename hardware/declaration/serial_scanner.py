"""2D scanners in serial / USB-CDC mode (pyserial). Each code arrives as text ended by a suffix.

Options: url (a device path or any pyserial URL such as loop:// or socket://host:port),
baudrate (9600), suffix ("CR" | "LF" | "CRLF" | "TAB" | literal; "CR"), strip_prefix (""; e.g.
an AIM id "]Q1" the scanner is set to send), flush_stale (true: codes read before scan() was
called are dropped, they belong to nobody on screen), poll (0.05 s), max_chars (8192).
"""

from __future__ import annotations

import time
from typing import Any

from hardware.registry import register
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceTimeout
from kiosk.ports import DeviceHealth

from ._common import MAX_CODE_CHARS, PORT, check_options, clean_text, suffix_bytes


class SerialDeclarationScanner:
    """A DeclarationScanner on a serial port; reopens the port after a disconnect."""

    def __init__(
        self,
        url: str,
        *,
        baudrate: int = 9600,
        suffix: str | bytes = "CR",
        strip_prefix: str = "",
        flush_stale: bool = True,
        poll: float = 0.05,
        max_chars: int = MAX_CODE_CHARS,
        name: str = PORT,
    ) -> None:
        self.url = url
        self.baudrate = baudrate
        self.suffix = suffix_bytes(suffix)
        self.strip_prefix = strip_prefix
        self.flush_stale = flush_stale
        self.poll = poll
        self.max_chars = max_chars
        self.name = name
        self._serial: Any = None
        self._pending = bytearray()
        self._last_error = ""

    # --- port handling --------------------------------------------------------------------------

    def _port(self) -> Any:
        if self._serial is not None:
            return self._serial
        import serial  # lazily: the module must import where pyserial is absent

        try:
            self._serial = serial.serial_for_url(self.url, baudrate=self.baudrate, timeout=self.poll)
        except (serial.SerialException, OSError, ValueError) as exc:
            self._last_error = str(exc)
            raise DeviceDisconnected(self.name, f"cannot open {self.url}: {exc}") from exc
        self._pending.clear()
        return self._serial

    def _drop(self) -> None:
        if self._serial is not None:
            try:
                self._serial.close()
            except Exception:  # already gone: nothing more to release
                pass
        self._serial = None
        self._pending.clear()

    # --- DeclarationScanner -----------------------------------------------------------------------

    def scan(self, timeout: float) -> str:
        import serial

        port = self._port()
        deadline = time.monotonic() + max(0.0, timeout)
        try:
            if self.flush_stale:
                port.reset_input_buffer()
                self._pending.clear()
            while True:
                code = self._take_code()
                if code is not None:
                    return code
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise DeviceTimeout(self.name, f"no code scanned within {timeout:.1f} s")
                # port.timeout stays at `poll` (changing it reconfigures the tty): the deadline may
                # be overshot by one poll interval.
                chunk = port.read(max(1, port.in_waiting))
                if chunk:
                    self._pending += chunk
                    if (
                        len(self._pending) > self.max_chars + len(self.suffix)
                        and self.suffix not in self._pending
                    ):
                        # Keep only enough to fail verification as "too long"; drop the rest.
                        del self._pending[self.max_chars + 1 :]
        except (serial.SerialException, OSError) as exc:
            self._last_error = str(exc)
            self._drop()
            raise DeviceDisconnected(self.name, f"{self.url}: {exc}") from exc

    def _take_code(self) -> str | None:
        while True:
            idx = self._pending.find(self.suffix)
            if idx < 0:
                return None
            raw = bytes(self._pending[: min(idx, self.max_chars + 1)])  # longer than any QR: cut
            del self._pending[: idx + len(self.suffix)]
            text = clean_text(raw, self.strip_prefix)
            if text:  # a lone suffix (e.g. CR of a CRLF pair set as LF) is not a code
                return text

    def health(self) -> DeviceHealth:
        try:
            self._port()
        except DeviceDisconnected as exc:
            return DeviceHealth(self.name, "serial", False, exc.detail, {"url": self.url})
        return DeviceHealth(self.name, "serial", True, f"open {self.url}", {"url": self.url})

    def close(self) -> None:
        self._drop()


@register(PORT, "serial")
def create_serial_scanner(options: dict[str, Any], context: Any) -> SerialDeclarationScanner:
    check_options(
        options, ("url", "baudrate", "suffix", "strip_prefix", "flush_stale", "poll", "max_chars"), "serial"
    )
    if not options.get("url"):
        raise ConfigError(f"devices.{PORT}.url: required for the serial driver (e.g. /dev/ttyACM0)")
    return SerialDeclarationScanner(
        str(options["url"]),
        baudrate=int(options.get("baudrate", 9600)),
        suffix=options.get("suffix", "CR"),
        strip_prefix=str(options.get("strip_prefix", "")),
        flush_stale=bool(options.get("flush_stale", True)),
        poll=float(options.get("poll", 0.05)),
        max_chars=int(options.get("max_chars", MAX_CODE_CHARS)),
    )
