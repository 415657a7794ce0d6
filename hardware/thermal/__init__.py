"""Radiometric thermal cameras: FLIR Lepton on PureThermal (`lepton`), InfiRay P2-style UVC (`infiray`),
Hikvision thermometry over ISAPI (`hikvision`) and the simulator (`simulator`)."""

from hardware.thermal.simulator import Physiology, SimulatedThermalCamera, ThermalScene, face_truth

__all__ = ["Physiology", "SimulatedThermalCamera", "ThermalScene", "face_truth"]
