"""Febrile temperature screening: face registration, canthus measurement, blackbody correction, core estimate.

`ThermalScreener` is the lane's `TemperatureService`; `calibration` holds the commissioning math.
"""

from kiosk.thermal.calibration import OffsetFit, blackbody_status, calibration_age, fit_skin_core, locate_blackbody
from kiosk.thermal.measure import FaceGeometry, FrameReading, face_geometry, measure_frame
from kiosk.thermal.registration import CalibrationError, HomographyFit, Registration, fit_homography
from kiosk.thermal.screener import Measurement, ThermalScreener, Unmeasurable

__all__ = [
    "CalibrationError",
    "FaceGeometry",
    "FrameReading",
    "HomographyFit",
    "Measurement",
    "OffsetFit",
    "Registration",
    "ThermalScreener",
    "Unmeasurable",
    "blackbody_status",
    "calibration_age",
    "face_geometry",
    "fit_homography",
    "fit_skin_core",
    "locate_blackbody",
    "measure_frame",
]
