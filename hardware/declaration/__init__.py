"""Declaration scanners (port "declaration_scanner"): serial 2D scanners, keyboard wedges, a camera
QR decoder and a simulator; the central declaration service (port "declaration_service": http,
simulator). Importing this package registers all of them."""

from . import camera_qr, lookup, serial_scanner, simulator, wedge
from ._common import check_options

__all__ = ["camera_qr", "check_options", "lookup", "serial_scanner", "simulator", "wedge"]
