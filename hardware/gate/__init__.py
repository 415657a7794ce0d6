"""E-gate IO drivers (relay boards, Modbus, GPIO), the simulated lane and the `gate` factories.

Importing this package registers every driver; device libraries are imported only when a driver is
opened, so this works on machines without hidapi/pyserial/pymodbus/gpiozero.
"""

from hardware.gate import factory, gpio, hid_relay, lcus, modbus  # noqa: F401  (registration)
from hardware.gate.factory import CompositeGateIO
from hardware.gate.simulator import Behaviour, SimTravellerScript, SimulatedGateIO

__all__ = ["Behaviour", "CompositeGateIO", "SimTravellerScript", "SimulatedGateIO"]
