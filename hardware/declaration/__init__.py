"""Declaration scanners (port "declaration_scanner"): serial 2D scanners, keyboard wedges, a camera
QR decoder and a simulator. Importing this package registers all of them."""

from . import camera_qr, serial_scanner, simulator, wedge
from ._common import check_options

__all__ = ["camera_qr", "check_options", "serial_scanner", "simulator", "wedge"]
