"""Common machinery of the real gate IO drivers: logical names, software pulses, safe close.

Drivers whose hardware cannot time a pulse itself (USB HID and LCUS relay boards, GPIO, Modbus
modules without a "flash" function) end pulses on a timer thread here. That covers a dead or hung
*controller thread*, but not a dead *process*: the timer dies with it and a relay that was on stays
on. Hence (1) the keep-open pulses are short (`pulse_s`), (2) every driver switches all outputs off
when it opens the device and on interpreter exit, and (3) the systemd watchdog restarts a hung
process, which reopens the device and so switches everything off. A module that times the pulse
in hardware (Modbus "flash"/"delay" function) closes the leaf even if the whole computer dies.
"""

from __future__ import annotations

import atexit
import heapq
import itertools
import logging
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.errors import DeviceError
from kiosk.gate.io import IOMap
from kiosk.ports import DeviceHealth

log = logging.getLogger(__name__)


class PulseTimer:
    """One daemon thread ending pulses at their deadline (real time: relays are physical)."""

    def __init__(self, name: str = "gate-pulse") -> None:
        self._cond = threading.Condition()
        self._deadlines: dict[Any, float] = {}
        self._callbacks: dict[Any, Callable[[], None]] = {}
        self._heap: list[tuple[float, int, Any]] = []
        self._seq = itertools.count()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def schedule(self, key: Any, seconds: float, callback: Callable[[], None]) -> None:
        """Run callback after `seconds`; scheduling the same key again replaces the deadline."""
        with self._cond:
            deadline = time.monotonic() + max(seconds, 0.0)
            self._deadlines[key] = deadline
            self._callbacks[key] = callback
            heapq.heappush(self._heap, (deadline, next(self._seq), key))
            self._cond.notify()

    def cancel(self, key: Any) -> None:
        with self._cond:
            self._deadlines.pop(key, None)
            self._callbacks.pop(key, None)

    def pending(self) -> list[Any]:
        with self._cond:
            return list(self._deadlines)

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._deadlines.clear()
            self._callbacks.clear()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopped:
                    now = time.monotonic()
                    while self._heap and self._deadlines.get(self._heap[0][2]) != self._heap[0][0]:
                        heapq.heappop(self._heap)  # superseded or cancelled
                    if self._heap and self._heap[0][0] <= now:
                        _, _, key = heapq.heappop(self._heap)
                        self._deadlines.pop(key)
                        callback = self._callbacks.pop(key)
                        break
                    self._cond.wait(self._heap[0][0] - now if self._heap else None)
                else:
                    return
            try:
                callback()
            except Exception:
                log.exception("ending a relay pulse failed")


class RelayIO:
    """Base of the real drivers: subclasses implement `_write(channel, on)`, optionally
    `_write_all_off()`, `_read_contacts()` (contact closed per input channel), `_close_device()`."""

    driver = "relay"
    hardware_pulse = False

    def __init__(self, iomap: IOMap, name: str = "gate_io") -> None:
        self.iomap = iomap
        self.name = name
        self._io_lock = threading.RLock()
        self._pulses = PulseTimer(f"{name}-pulse")
        self._closed = False
        self._last_error: str = ""
        self._pulse_count = 0
        ref = weakref.ref(self)
        self._atexit = lambda: (obj := ref()) is not None and obj.close()
        atexit.register(self._atexit)

    # --- GateIO -----------------------------------------------------------------------------

    def pulse(self, output: str, seconds: float) -> None:
        channel = self.iomap.output_channel(output, self.name)
        with self._io_lock:
            self._check_open()
            self._guard(lambda: self._pulse_channel(channel, seconds))
            self._pulse_count += 1

    def set_output(self, output: str, on: bool) -> None:
        channel = self.iomap.output_channel(output, self.name)
        with self._io_lock:
            self._check_open()
            if not on:
                self._pulses.cancel(channel)
            self._guard(lambda: self._write(channel, bool(on)))

    def read_inputs(self) -> dict[str, bool]:
        if not self.iomap.inputs:
            return {}
        with self._io_lock:
            self._check_open()
            contacts = self._guard(self._read_contacts)
        missing = [s.channel for s in self.iomap.inputs.values() if s.channel not in contacts]
        if missing:
            raise DeviceError(self.name, f"input channels {missing} not reported by the device")
        return self.iomap.logical_inputs(contacts)

    def health(self) -> DeviceHealth:
        if self._closed:
            return DeviceHealth(self.name, self.driver, False, "closed")
        try:
            with self._io_lock:
                data = self._guard(self._probe)
        except DeviceError as exc:
            return DeviceHealth(self.name, self.driver, False, exc.detail)
        data.setdefault("hardware_pulse", self.hardware_pulse)
        data["pulses"] = self._pulse_count
        return DeviceHealth(self.name, self.driver, True, "ok", data)

    def close(self) -> None:
        if self._closed:
            return
        atexit.unregister(self._atexit)
        self._pulses.stop()
        with self._io_lock:
            try:
                self._all_off()
            except Exception as exc:  # the device may be gone already; closing must go on
                log.warning("%s: switching outputs off on close failed: %s", self.name, exc)
            finally:
                self._closed = True
                try:
                    self._close_device()
                except Exception as exc:
                    log.warning("%s: closing the device failed: %s", self.name, exc)

    def _abort(self) -> None:
        """Undo `__init__` when a subclass fails to open its device."""
        self._closed = True
        self._pulses.stop()
        atexit.unregister(self._atexit)

    def _first_all_off(self) -> None:
        """A subclass's first all-off right after opening its device: a library error (OSError,
        ModbusException, hidapi's ...) surfaces as DeviceError like every later one, and the device
        is closed again rather than left half-open."""
        try:
            self._guard(self._all_off)
        except BaseException:
            try:
                self._close_device()
            except Exception as exc:
                log.warning("%s: closing the device failed: %s", self.name, exc)
            self._abort()
            raise

    def __enter__(self) -> RelayIO:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- for subclasses ---------------------------------------------------------------------

    def _pulse_channel(self, channel: Any, seconds: float) -> None:
        """Default: switch on now, off on the timer thread (a re-pulse extends the deadline)."""
        self._write(channel, True)
        self._pulses.schedule(channel, seconds, lambda: self._timed_off(channel))

    def _timed_off(self, channel: Any) -> None:
        with self._io_lock:
            if not self._closed:
                self._guard(lambda: self._write(channel, False))

    def _all_off(self) -> None:
        for channel in self.iomap.outputs.values():
            self._write(channel, False)

    def _write(self, channel: Any, on: bool) -> None:
        raise NotImplementedError

    def _read_contacts(self) -> Mapping[Any, bool]:
        raise DeviceError(self.name, f"the {self.driver} driver has no inputs (use the composite driver)")

    def _probe(self) -> dict[str, Any]:
        return {}

    def _close_device(self) -> None:
        pass

    def _check_open(self) -> None:
        if self._closed:
            raise DeviceError(self.name, "device is closed")

    def _guard(self, fn: Callable[[], Any]) -> Any:
        """Library exceptions (OSError, SerialException, ModbusException ...) -> DeviceError."""
        try:
            return fn()
        except DeviceError:
            raise
        except Exception as exc:
            self._last_error = str(exc)
            raise self._wrap(exc) from exc

    def _wrap(self, exc: Exception) -> DeviceError:
        return DeviceError(self.name, f"{type(exc).__name__}: {exc}")
