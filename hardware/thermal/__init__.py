"""Radiometric thermal cameras: FLIR Lepton on PureThermal (`lepton`), InfiRay P2-style UVC (`infiray`),
Hikvision thermometry over ISAPI (`hikvision`) and the simulator (`simulator`). Importing the package
registers them; device libraries (OpenCV capture, requests) load when a driver is built."""

from hardware.thermal import hikvision, infiray, lepton
from hardware.thermal.simulator import Physiology, SimulatedThermalCamera, ThermalScene, face_truth

__all__ = ["Physiology", "SimulatedThermalCamera", "ThermalScene", "face_truth", "hikvision", "infiray", "lepton"]
