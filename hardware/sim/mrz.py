"""Simulated document reader: presents the next simulated traveller's passport MRZ."""

from __future__ import annotations

import threading
from typing import Any

from hardware.registry import register
from kiosk.errors import DeviceTimeout
from kiosk.ports import DeviceHealth, SystemClock


class SimulatedMrzSource:
    """Delivers the MRZ of the next traveller of the simulated world after their arrival delay.

    With `auto = false` a traveller arrives only when one is queued (the demo's traveller picker).
    """

    def __init__(self, world: Any, clock: Any = None, auto: bool = True) -> None:
        self.world = world
        self.clock = clock or SystemClock()
        self.auto = auto
        self._arrival: tuple[Any, float] | None = None
        self._lock = threading.Lock()

    def read_mrz(self, timeout: float) -> str:
        with self._lock:
            if self._arrival is None:
                if not self.auto and not self.world.has_queued():
                    self.clock.sleep(timeout)
                    raise DeviceTimeout("mrz_source", "no document presented")
                traveller = self.world.next_traveller()
                self._arrival = (traveller, self.clock.monotonic() + traveller.arrival_s)
            traveller, at = self._arrival
            wait = at - self.clock.monotonic()
            if wait > timeout:
                self.clock.sleep(timeout)
                raise DeviceTimeout("mrz_source", "no document presented")
            self.clock.sleep(wait)
            self._arrival = None
            text = traveller.mrz
            if traveller.faults.get("mrz_garbled"):
                text = text.replace("<", "K", 3)
            return text

    def health(self) -> DeviceHealth:
        return DeviceHealth("mrz_source", "simulator", True, "simulated document reader")

    def close(self) -> None:
        pass


@register("mrz_source", "simulator")
def _factory(options: dict[str, Any], context: Any) -> SimulatedMrzSource:
    return SimulatedMrzSource(context.world, context.clock, auto=bool(options.get("auto", True)))


class SimulatedTraveller:
    """The person in front of a headless lane: answers the on-screen declaration from the scenario."""

    def __init__(self, world: Any) -> None:
        self.world = world

    def wants_screen_form(self) -> bool:
        t = self.world.current
        return bool(t is not None and t.declaration.get("method") == "screen")

    def ask_declaration(self, form: Any, timeout: float) -> dict[str, Any] | None:
        from hardware.sim.wiring import complete_answers

        t = self.world.current
        if t is None:
            return None
        return complete_answers(form, dict(t.declaration.get("answers", {})))
