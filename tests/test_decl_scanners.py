"""Declaration scanner drivers: serial over loop://, keyboard wedge over evdev records, simulator."""

from __future__ import annotations

import os
import threading
import time

import pytest
from decl_fixtures import DOC, FakeClock, clean_answers, entry_rules

import hardware.declaration  # noqa: F401  (registers the drivers)
from hardware.declaration.serial_scanner import SerialDeclarationScanner
from hardware.declaration.simulator import (
    DEMO_KID,
    SimDeclarationScanner,
    SimScan,
    demo_issuer_key,
    demo_token,
)
from hardware.declaration.wedge import (
    EV_KEY,
    EVENT,
    KEY_ENTER,
    KEY_LEFTSHIFT,
    KEYMAP,
    WedgeDeclarationScanner,
)
from hardware.registry import create, drivers
from kiosk.declarations.replay import MemoryUsedIdStore
from kiosk.declarations.token import GARBLED, REPLAYED, TokenVerifier, declaration_from_qr
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceTimeout
from kiosk.ports import DeclarationScanner

CODE = "CKD1:6BFOXN*TS0BI$ZD-PH/./9:+"


def later(delay: float, fn) -> threading.Thread:
    t = threading.Thread(target=lambda: (time.sleep(delay), fn()), daemon=True)
    t.start()
    return t


def test_all_drivers_registered():
    assert {"serial", "keyboard-wedge", "camera-qr", "simulator"} <= set(drivers("declaration_scanner"))


# --- serial -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "raw"), [("CR", b"\r"), ("LF", b"\n"), ("CRLF", b"\r\n")])
def test_serial_reads_one_code_per_suffix(suffix, raw):
    scanner = SerialDeclarationScanner("loop://", suffix=suffix, flush_stale=False)
    assert isinstance(scanner, DeclarationScanner)
    port = scanner._port()
    port.write(CODE.encode() + raw + b"SECOND" + raw)
    assert scanner.scan(timeout=1) == CODE
    assert scanner.scan(timeout=1) == "SECOND"
    scanner.close()


def test_serial_code_split_over_several_reads_and_prefix_stripped():
    scanner = SerialDeclarationScanner("loop://", strip_prefix="]Q1")
    port = scanner._port()
    port.write(b"STALE\r")  # scanned before the screen asked: dropped

    def feed():
        for part in (b"]Q1CKD1:6BF", b"OXN*TS0BI$ZD", b"-PH/./9:+\r"):
            port.write(part)
            time.sleep(0.03)

    later(0.1, feed)
    assert scanner.scan(timeout=2) == CODE


def test_serial_timeout():
    scanner = SerialDeclarationScanner("loop://", poll=0.02)
    t = time.monotonic()
    with pytest.raises(DeviceTimeout, match="no code scanned"):
        scanner.scan(timeout=0.15)
    assert 0.1 < time.monotonic() - t < 1.0


def test_serial_overlong_input_is_cut_so_verification_fails():
    scanner = SerialDeclarationScanner("loop://", flush_stale=False, max_chars=100)
    scanner._port().write(b"CKD1:" + b"A" * 3000 + b"\r")
    text = scanner.scan(timeout=2)
    assert len(text) <= 101
    assert _demo_verifier(FakeClock()).verify(text, DOC).reason == GARBLED


def test_serial_port_vanishing_is_a_disconnect_and_recovers():
    scanner = SerialDeclarationScanner("loop://", flush_stale=False)
    scanner._port().close()  # the USB-CDC device went away under us
    with pytest.raises(DeviceDisconnected):
        scanner.scan(timeout=0.5)
    # plugged back in: the next scan reopens the port
    later(0.1, lambda: scanner._serial.write(b"BACK\r"))
    assert scanner.scan(timeout=2) == "BACK"


def test_serial_missing_device_is_a_clear_disconnect():
    scanner = SerialDeclarationScanner("/dev/ttyDOES-NOT-EXIST")
    with pytest.raises(DeviceDisconnected, match="cannot open /dev/ttyDOES-NOT-EXIST"):
        scanner.scan(timeout=0.1)
    health = scanner.health()
    assert not health.ok and "ttyDOES-NOT-EXIST" in health.detail


def test_serial_from_registry_and_option_errors():
    scanner = create(
        "declaration_scanner", "serial", {"url": "loop://", "suffix": "LF", "flush_stale": False}, None
    )
    scanner._port().write(b"X1\n")
    assert scanner.scan(1) == "X1" and scanner.health().ok
    with pytest.raises(ConfigError, match="url"):
        create("declaration_scanner", "serial", {}, None)
    with pytest.raises(ConfigError, match="baud_rate"):
        create("declaration_scanner", "serial", {"url": "loop://", "baud_rate": 1}, None)


# --- keyboard wedge (evdev records through a pipe) ---------------------------------------------

_REVERSE = {}
for _code, (_plain, _shifted) in KEYMAP.items():
    if _code < 55:  # main block, as a wedge scanner types
        _REVERSE.setdefault(_plain, (_code, False))
        _REVERSE.setdefault(_shifted, (_code, True))


def key_events(text: str, enter: bool = True) -> bytes:
    out = bytearray()

    def ev(code, value):
        out.extend(EVENT.pack(0, 0, EV_KEY, code, value))
        out.extend(EVENT.pack(0, 0, 0, 0, 0))  # EV_SYN between reports, ignored

    for ch in text:
        code, shift = _REVERSE[ch]
        if shift:
            ev(KEY_LEFTSHIFT, 1)
        ev(code, 1)
        ev(code, 0)
        if shift:
            ev(KEY_LEFTSHIFT, 0)
    if enter:
        ev(KEY_ENTER, 1)
        ev(KEY_ENTER, 0)
    return bytes(out)


@pytest.fixture
def pipe():
    r, w = os.pipe()
    yield r, w
    for fd in (r, w):
        try:
            os.close(fd)
        except OSError:
            pass


def test_wedge_decodes_evdev_key_events(pipe):
    r, w = pipe
    os.write(w, key_events("STALE"))
    scanner = WedgeDeclarationScanner("/dev/input/event-test", grab=False, fd=r)
    data = key_events(CODE)
    later(0.1, lambda: [os.write(w, data[i : i + 100]) for i in range(0, len(data), 100)])
    assert scanner.scan(timeout=2) == CODE


def test_wedge_keycodes_follow_linux_input_event_codes(pipe):
    # Independent of the driver's own table: codes from linux/input-event-codes.h.
    KEY_C, KEY_K, KEY_D, KEY_1, KEY_4, KEY_SEMICOLON, KEY_DOT, KEY_SLASH, KEY_SPACE, KEY_MINUS = (
        46,
        37,
        32,
        2,
        5,
        39,
        52,
        53,
        57,
        12,
    )
    typed = [
        (KEY_C, True),
        (KEY_K, True),
        (KEY_D, True),
        (KEY_1, False),
        (KEY_SEMICOLON, True),
        (KEY_4, True),
        (KEY_DOT, False),
        (KEY_SLASH, False),
        (KEY_SPACE, False),
        (KEY_MINUS, False),
    ]
    data = bytearray()
    for code, shift in typed:
        if shift:
            data += EVENT.pack(0, 0, EV_KEY, KEY_LEFTSHIFT, 1)
        data += EVENT.pack(0, 0, EV_KEY, code, 1)
        data += EVENT.pack(0, 0, EV_KEY, code, 0)
        if shift:
            data += EVENT.pack(0, 0, EV_KEY, KEY_LEFTSHIFT, 0)
    data += EVENT.pack(0, 0, EV_KEY, 28, 1) + EVENT.pack(0, 0, EV_KEY, 28, 0)
    r, w = pipe
    scanner = WedgeDeclarationScanner("/dev/input/event-test", grab=False, fd=r)
    later(0.05, lambda: os.write(w, bytes(data)))
    assert scanner.scan(timeout=2) == "CKD1:$./ -"


def test_wedge_caps_lock_and_timeout(pipe):
    r, w = pipe
    scanner = WedgeDeclarationScanner("/dev/input/event-test", grab=False, fd=r)
    caps = EVENT.pack(0, 0, EV_KEY, 58, 1) + EVENT.pack(0, 0, EV_KEY, 58, 0)
    later(0.05, lambda: os.write(w, caps + key_events("ckd1:ab", enter=True)))
    assert scanner.scan(timeout=2) == "CKD1:AB"
    with pytest.raises(DeviceTimeout):
        scanner.scan(timeout=0.1)


def test_wedge_unplugged_is_a_disconnect(pipe):
    r, w = pipe
    scanner = WedgeDeclarationScanner("/dev/input/event-test", grab=False, fd=r)
    later(0.05, lambda: os.close(w))
    with pytest.raises(DeviceDisconnected, match="removed"):
        scanner.scan(timeout=2)


def test_wedge_missing_device(tmp_path):
    scanner = create("declaration_scanner", "keyboard-wedge", {"device": str(tmp_path / "event99")}, None)
    with pytest.raises(DeviceDisconnected, match="cannot open"):
        scanner.scan(0.1)
    assert not scanner.health().ok
    with pytest.raises(ConfigError, match="device"):
        create("declaration_scanner", "keyboard-wedge", {}, None)


# --- simulator -----------------------------------------------------------------------------------


def _demo_verifier(clock):
    return TokenVerifier({DEMO_KID: demo_issuer_key().public_key()}, MemoryUsedIdStore(), clock=clock)


def test_simulator_payload_replay_garble_none_and_fault():
    clock = FakeClock()
    text = demo_token(clean_answers(), DOC, issued_at=clock.now())
    scanner = create(
        "declaration_scanner", "simulator", {"payload": text, "delay": 2.0}, type("C", (), {"clock": clock})
    )
    v, rules = _demo_verifier(clock), entry_rules()

    t0 = clock.monotonic()
    first = scanner.scan(timeout=10)
    assert clock.monotonic() - t0 == pytest.approx(2.0)
    assert declaration_from_qr(first, v, rules, DOC)[0].status == "nothing-to-declare"
    # the same code scanned again (same traveller, or a copied QR)
    assert declaration_from_qr(scanner.scan(timeout=10), v, rules, DOC)[1].reason == REPLAYED

    scanner.behaviour = SimScan(payload=text, garble=True)
    assert declaration_from_qr(scanner.scan(timeout=10), v, rules, DOC)[1].reason == GARBLED

    scanner.behaviour = SimScan(payload=None)  # traveller has no e-declaration
    t0 = clock.monotonic()
    with pytest.raises(DeviceTimeout):
        scanner.scan(timeout=7)
    assert clock.monotonic() - t0 == pytest.approx(7)

    scanner.behaviour = SimScan(payload=text, fault="disconnect")
    with pytest.raises(DeviceDisconnected):
        scanner.scan(timeout=1)
    scanner.behaviour = SimScan(payload=text, fault="timeout")
    with pytest.raises(DeviceTimeout):
        scanner.scan(timeout=1)


def test_simulator_takes_behaviour_from_a_source_per_traveller():
    travellers = iter([SimScan(payload="CKD1:ONE", delay=0), SimScan(payload="CKD1:TWO", delay=0)])
    current = {"scan": next(travellers)}
    scanner = SimDeclarationScanner(clock=FakeClock(), source=lambda: current["scan"])
    assert scanner.scan(1) == "CKD1:ONE"
    current["scan"] = next(travellers)
    assert scanner.scan(1) == "CKD1:TWO"
    with pytest.raises(ConfigError, match="colour"):
        create("declaration_scanner", "simulator", {"colour": "red"}, None)


def test_simulator_presents_a_code_once_after_its_delay_however_the_lane_slices_its_polling():
    clock = FakeClock()
    traveller = SimScan(payload="CKD1:ONE", delay=2.0)
    current = {"scan": traveller}
    scanner = SimDeclarationScanner(clock=clock, source=lambda: current["scan"])
    t0 = clock.monotonic()
    for _ in range(3):  # the lane polls in 0.5 s slices: the traveller is still getting the phone out
        with pytest.raises(DeviceTimeout):
            scanner.scan(0.5)
    assert clock.monotonic() - t0 == pytest.approx(1.5)
    assert scanner.scan(0.5) == "CKD1:ONE"
    assert clock.monotonic() - t0 == pytest.approx(2.0)  # delay counted from the first ask, not per slice
    with pytest.raises(DeviceTimeout):  # shown once: the same traveller's code is not read twice
        scanner.scan(5)
    current["scan"] = SimScan(payload="CKD1:TWO", delay=1.0)  # the next traveller brings a new code
    t1 = clock.monotonic()
    assert scanner.scan(5) == "CKD1:TWO" and clock.monotonic() - t1 == pytest.approx(1.0)
    # one long wait shorter than the delay still times out after exactly the wait
    current["scan"] = SimScan(payload="CKD1:THREE", delay=3.0)
    t2 = clock.monotonic()
    with pytest.raises(DeviceTimeout):
        scanner.scan(1.0)
    assert clock.monotonic() - t2 == pytest.approx(1.0)
