"""The ("card_reader", "simulator") driver: an in-process contactless reader holding the virtual
passport of the traveller at the lane (world-aware), or a fixed genuine passport without a world."""

from __future__ import annotations

import threading
from typing import Any

from hardware.registry import register
from hardware.sim.chip import VirtualPassport
from hardware.sim.vpcd import CardTorn
from kiosk.errors import DeviceDisconnected, DeviceError, DeviceTimeout
from kiosk.ports import DeviceHealth

DEVICE, DRIVER = "card_reader", "simulator"


class SimCardTransport:
    """kiosk.ports.CardTransport to a VirtualPassport, in process. A torn card raises
    DeviceDisconnected for this and every later APDU, as the PC/SC driver does."""

    extended_length = True

    def __init__(self, card: VirtualPassport) -> None:
        self.card = card
        self.card.reset()
        self._gone: str | None = None
        self.apdus = 0

    def transmit(self, apdu: bytes) -> bytes:
        if self._gone:
            raise DeviceDisconnected(DEVICE, self._gone)
        self.apdus += 1
        try:
            resp = self.card.process_apdu(bytes(apdu))
        except CardTorn:
            self._gone = "card removed from the reader during the read"
            raise DeviceDisconnected(DEVICE, self._gone) from None
        if resp is None:
            raise DeviceTimeout(DEVICE, "the card did not answer")
        return resp

    def close(self) -> None:
        self._gone = self._gone or "transport closed"


class SimCardReader:
    def __init__(self, card: VirtualPassport | None = None) -> None:
        self.card = card
        self._lock = threading.Lock()

    def present(self, card: VirtualPassport | None) -> None:
        with self._lock:
            self.card = card

    def connect(self, timeout: float) -> SimCardTransport:
        with self._lock:
            card = self.card
        if card is None:
            raise DeviceTimeout(DEVICE, f"no passport on the simulated reader within {timeout:g} s")
        # a traveller who pulls the card keeps doing it: every attempt tears after the same count
        card.apdu_count = 0
        return SimCardTransport(card)

    def health(self) -> DeviceHealth:
        return DeviceHealth(DEVICE, DRIVER, True, "simulated contactless reader",
                            {"card_present": self.card is not None})

    def close(self) -> None:
        pass


@register(DEVICE, DRIVER)
def create_sim_card_reader(options: dict[str, Any], context: Any = None) -> SimCardReader:
    from hardware.sim.passport import passport_for

    reader = SimCardReader()
    world = getattr(context, "world", None)
    if world is not None:
        def arrive(traveller: Any) -> None:
            try:
                reader.present(passport_for(traveller))
            except (ValueError, DeviceError):  # a scenario typo must not kill the lane thread
                reader.present(None)
                raise

        world.subscribe(arrive)
    else:
        from hardware.sim.world import SimTraveller

        reader.present(passport_for(SimTraveller(name="simulator-default", chip={"access": "PACE", "aa": "ec"})))
    return reader
