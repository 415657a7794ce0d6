"""Visible-light cameras: OpenCV (`opencv`) and the scene simulator (`simulator`)."""

from hardware.cameras.opencv_camera import OpenCVCamera
from hardware.cameras.simulated import FaceScene, SimulatedCamera, scene_for

__all__ = ["FaceScene", "OpenCVCamera", "SimulatedCamera", "scene_for"]
