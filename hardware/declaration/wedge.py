"""Keyboard-wedge scanners (USB HID keyboard profile): the code arrives as key presses.

Two sources:
* an evdev device (`device = "/dev/input/by-id/usb-...-event-kbd"`): input_event records are read
  from the character device and translated with a US-layout keycode map (what wedge scanners send
  by default); the device is grabbed (EVIOCGRAB) so the keystrokes do not also reach the UI.
* standard input (`device = "stdin"`): lines typed into the kiosk's terminal, for bench setups.

The "hid-pos" profile (HID point-of-sale usage page, needs a vendor report parser) is not
implemented: scanners of the project's shortlist all offer keyboard or serial/CDC modes.
Options: device (required), suffix key ("ENTER" | "TAB"; "ENTER"), grab (true), strip_prefix ("").
"""

from __future__ import annotations

import errno
import os
import select
import struct
import sys
import time
from typing import Any

from hardware.registry import register
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError, DeviceTimeout
from kiosk.ports import DeviceHealth

from ._common import MAX_CODE_CHARS, PORT, check_options

EV_KEY = 1
EVENT = struct.Struct("llHHi")  # struct input_event: timeval, type, code, value (native layout)
EVIOCGRAB = 0x40044590  # _IOW('E', 0x90, int)

KEY_TAB, KEY_ENTER, KEY_KPENTER = 15, 28, 96
KEY_LEFTSHIFT, KEY_RIGHTSHIFT, KEY_CAPSLOCK = 42, 54, 58

# keycode -> (plain, shifted), US layout (linux/input-event-codes.h)
KEYMAP: dict[int, tuple[str, str]] = {
    **{code: (ch, sh) for code, ch, sh in zip(range(2, 12), "1234567890", "!@#$%^&*()")},
    12: ("-", "_"),
    13: ("=", "+"),
    **{code: (ch, ch.upper()) for code, ch in zip(range(16, 26), "qwertyuiop")},
    26: ("[", "{"),
    27: ("]", "}"),
    **{code: (ch, ch.upper()) for code, ch in zip(range(30, 39), "asdfghjkl")},
    39: (";", ":"),
    40: ("'", '"'),
    41: ("`", "~"),
    43: ("\\", "|"),
    **{code: (ch, ch.upper()) for code, ch in zip(range(44, 51), "zxcvbnm")},
    51: (",", "<"),
    52: (".", ">"),
    53: ("/", "?"),
    55: ("*", "*"),  # keypad
    57: (" ", " "),
    **{
        code: (ch, ch)
        for code, ch in zip((71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83), "789-456+1230.")
    },
    98: ("/", "/"),  # keypad
}


class KeyDecoder:
    """Turns EV_KEY events into text; `feed` returns a finished code when the suffix key is pressed."""

    def __init__(
        self, suffix_keys: tuple[int, ...] = (KEY_ENTER, KEY_KPENTER), max_chars: int = MAX_CODE_CHARS
    ):
        self.suffix_keys = suffix_keys
        self.max_chars = max_chars
        self.shift = 0
        self.caps = False
        self.chars: list[str] = []

    def feed(self, ev_type: int, code: int, value: int) -> str | None:
        if ev_type != EV_KEY:
            return None
        if code in (KEY_LEFTSHIFT, KEY_RIGHTSHIFT):
            self.shift = max(0, self.shift + (1 if value == 1 else -1 if value == 0 else 0))
            return None
        if value == 0:  # key release
            return None
        if code == KEY_CAPSLOCK and value == 1:
            self.caps = not self.caps
            return None
        if code in self.suffix_keys:
            text, self.chars = "".join(self.chars), []
            return text
        pair = KEYMAP.get(code)
        if pair is None:
            return None
        plain, shifted = pair
        ch = shifted if self.shift else plain
        if self.caps and plain.isalpha():
            ch = plain if self.shift else plain.upper()
        if len(self.chars) <= self.max_chars:
            self.chars.append(ch)
        return None

    def reset(self) -> None:
        self.chars.clear()


class WedgeDeclarationScanner:
    """A DeclarationScanner reading a keyboard-wedge scanner from evdev or from standard input."""

    def __init__(
        self,
        device: str,
        *,
        suffix: str = "ENTER",
        grab: bool = True,
        strip_prefix: str = "",
        name: str = PORT,
        fd: int | None = None,
    ) -> None:
        if suffix.upper() not in ("ENTER", "TAB"):
            raise ConfigError(f"devices.{PORT}.suffix: keyboard-wedge suffix must be ENTER or TAB")
        self.device = device
        self.stdin = device in ("stdin", "-")
        self.grab = grab
        self.strip_prefix = strip_prefix
        self.name = name
        self._decoder = KeyDecoder((KEY_ENTER, KEY_KPENTER) if suffix.upper() == "ENTER" else (KEY_TAB,))
        self._fd = fd  # an already open descriptor (tests, or a service handing one over)
        self._owns_fd = fd is None
        self._buffer = b""
        self._line = bytearray()

    def _open(self) -> int:
        if self._fd is not None:
            return self._fd
        if self.stdin:
            self._fd = sys.stdin.fileno()
            self._owns_fd = False
            return self._fd
        try:
            fd = os.open(self.device, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as exc:
            raise DeviceDisconnected(self.name, f"cannot open {self.device}: {exc.strerror}") from exc
        if self.grab:
            import fcntl

            try:
                fcntl.ioctl(fd, EVIOCGRAB, 1)
            except OSError as exc:
                os.close(fd)
                raise DeviceError(self.name, f"cannot grab {self.device}: {exc.strerror}") from exc
        self._fd = fd
        self._owns_fd = True
        return fd

    def _lost(self, why: str) -> DeviceDisconnected:
        self.close()
        return DeviceDisconnected(self.name, f"{self.device}: {why}")

    def _read_available(self, fd: int) -> list[str]:
        """Read what is there now and return the codes completed by it."""
        try:
            data = os.read(fd, 4096)
        except BlockingIOError:
            return []
        except OSError as exc:
            if exc.errno == errno.EAGAIN:
                return []
            raise self._lost(exc.strerror or str(exc)) from exc
        if not data:
            raise self._lost("end of input (device removed)")
        codes: list[str] = []
        if self.stdin:
            self._line += data
            while b"\n" in self._line:
                raw, _, rest = bytes(self._line).partition(b"\n")
                self._line = bytearray(rest)
                codes.append(raw.decode("utf-8", "replace")[: MAX_CODE_CHARS + 1])
            return codes
        self._buffer += data
        usable = len(self._buffer) - len(self._buffer) % EVENT.size
        for offset in range(0, usable, EVENT.size):
            _sec, _usec, ev_type, code, value = EVENT.unpack_from(self._buffer, offset)
            done = self._decoder.feed(ev_type, code, value)
            if done is not None:
                codes.append(done)
        self._buffer = self._buffer[usable:]
        return codes

    def scan(self, timeout: float) -> str:
        fd = self._open()
        # Whatever was typed before the screen asked belongs to nobody: drop it.
        while select.select([fd], [], [], 0)[0]:
            self._read_available(fd)
        self._decoder.reset()
        self._line.clear()
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DeviceTimeout(self.name, f"no code scanned within {timeout:.1f} s")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            for code in self._read_available(fd):
                text = code.strip()
                if self.strip_prefix and text.startswith(self.strip_prefix):
                    text = text[len(self.strip_prefix) :]
                if text:
                    return text

    def health(self) -> DeviceHealth:
        try:
            self._open()
        except DeviceError as exc:
            return DeviceHealth(self.name, "keyboard-wedge", False, exc.detail, {"device": self.device})
        return DeviceHealth(
            self.name, "keyboard-wedge", True, f"reading {self.device}", {"device": self.device}
        )

    def close(self) -> None:
        if self._fd is not None and self._owns_fd:
            try:
                os.close(self._fd)
            except OSError:
                pass
        self._fd = None
        self._buffer = b""


@register(PORT, "keyboard-wedge")
def create_wedge_scanner(options: dict[str, Any], context: Any) -> WedgeDeclarationScanner:
    check_options(options, ("device", "suffix", "grab", "strip_prefix"), "keyboard-wedge")
    if not options.get("device"):
        raise ConfigError(f'devices.{PORT}.device: required (an evdev path under /dev/input or "stdin")')
    return WedgeDeclarationScanner(
        str(options["device"]),
        suffix=str(options.get("suffix", "ENTER")),
        grab=bool(options.get("grab", True)),
        strip_prefix=str(options.get("strip_prefix", "")),
    )
