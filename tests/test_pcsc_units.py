"""The pcsc driver's and vpcd bridge's logic without pcscd: reader choice, ATR parsing, options,
error mapping, and the vpcd wire protocol against a stand-in for the vpcd reader driver."""

from __future__ import annotations

import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pcsc_fixtures import IsoTestCard, parse_command, vpcd_base_port

from hardware import registry
from hardware.pcsc import _map_hresult, atr_supports_extended_length, looks_contactless, select_reader
from hardware.sim.vpcd import DEFAULT_ATR, CardTorn, VpcdCard
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError, DeviceTimeout

ROOT = Path(__file__).resolve().parents[1]

# --- reader selection / ATR ------------------------------------------------------------------


def test_select_reader_prefers_contactless_then_first() -> None:
    names = ["Gemalto PC Twin Reader 00 00", "OMNIKEY CardMan 5x21-CL 0 01", "Virtual PCD 00 00"]
    assert select_reader(names, None) == "OMNIKEY CardMan 5x21-CL 0 01"
    assert select_reader(["Identiv uTrust 3700 F CL Reader 00 00"], None).startswith("Identiv")
    assert select_reader(["Virtual PCD 00 00", "Virtual PCD 00 01"], None) == "Virtual PCD 00 00"
    assert select_reader([], None) is None


def test_select_reader_by_case_insensitive_substring() -> None:
    names = ["Virtual PCD 00 00", "Virtual PCD 00 01"]
    assert select_reader(names, "pcd 00 01") == "Virtual PCD 00 01"
    assert select_reader(names, "ACS ACR1252") is None
    assert not looks_contactless("Gemalto PC Twin Reader")
    assert looks_contactless("ACS ACR122U PICC Interface 00 00")


def test_atr_extended_length_capability() -> None:
    assert atr_supports_extended_length(DEFAULT_ATR)
    # same pseudo-ATR without the extended Lc/Le bit in the card capabilities
    body = bytes.fromhex("3B85800180730000 80".replace(" ", ""))
    tck = 0
    for b in body[1:]:
        tck ^= b
    assert not atr_supports_extended_length(body + bytes([tck]))
    assert not atr_supports_extended_length(bytes.fromhex("3B8F8001804F0CA000000306030001000000006A"))
    assert not atr_supports_extended_length(b"\x3b")  # malformed: no crash, just "no"


# --- registry / options ------------------------------------------------------------------------


def test_driver_is_registered_and_validates_options() -> None:
    assert "pcsc" in registry.drivers("card_reader")
    reader = registry.create("card_reader", "pcsc", {"reader": " PCD 00 01 ", "timeout_s": 2}, None)
    assert reader.reader_option == "PCD 00 01"
    assert reader.timeout_s == 2.0
    assert registry.create("card_reader", "pcsc", {}, None).reader_option is None
    with pytest.raises(ConfigError, match=r"devices\.card_reader\.timeout_s"):
        registry.create("card_reader", "pcsc", {"timeout_s": 0}, None)
    with pytest.raises(ConfigError, match=r"devices\.card_reader\.timeout_s"):
        registry.create("card_reader", "pcsc", {"timeout_s": "5"}, None)
    with pytest.raises(ConfigError, match=r"devices\.card_reader\.reader"):
        registry.create("card_reader", "pcsc", {"reader": "  "}, None)
    with pytest.raises(ConfigError, match=r"devices\.card_reader\.readr: unknown option"):
        registry.create("card_reader", "pcsc", {"readr": "x"}, None)


def test_pcsc_errors_map_to_kiosk_errors() -> None:
    from smartcard import scard

    removed = _map_hresult(scard.SCARD_W_REMOVED_CARD, "x")
    assert isinstance(removed, DeviceDisconnected) and "card removed during read" in str(removed)
    unplugged = _map_hresult(scard.SCARD_E_READER_UNAVAILABLE, "x")
    assert isinstance(unplugged, DeviceDisconnected) and "reader unplugged" in str(unplugged)
    assert "pcscd" in str(_map_hresult(scard.SCARD_E_NO_SERVICE, "x"))
    assert isinstance(_map_hresult(scard.SCARD_E_TIMEOUT, "x"), DeviceTimeout)
    other = _map_hresult(scard.SCARD_E_PROTO_MISMATCH, "protocol mismatch")
    assert type(other) is DeviceError and other.device == "card_reader"


def test_module_imports_without_pyscard() -> None:
    code = (
        "import sys; sys.modules['smartcard'] = None\n"
        "import hardware.pcsc as p\n"
        "try:\n    p.list_readers()\nexcept p.DeviceError as e:\n    print(e)\n"
        "print(p.PcscCardReader().health().ok)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "pyscard is not installed" in out.stdout
    assert out.stdout.strip().endswith("False")


def test_vpcd_port_is_read_from_reader_conf(tmp_path: Path) -> None:
    conf = tmp_path / "vpcd"
    conf.write_text('FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x8C7B\nCHANNELID    0x8C7B\n')
    assert vpcd_base_port(conf) == 35963


# --- the ISO 7816-4 test card's APDU parser ---------------------------------------------------


@given(
    data=st.binary(min_size=0, max_size=300),
    ne=st.one_of(st.none(), st.integers(1, 65536)),
    force_ext=st.booleans(),
)
def test_parse_command_round_trip(data: bytes, ne: int | None, force_ext: bool) -> None:
    header = bytes([0x00, 0xB0, 0x01, 0x02])
    extended = force_ext or len(data) > 255 or (ne is not None and ne > 256)
    body = b""
    if extended:
        if data:
            body += b"\x00" + len(data).to_bytes(2, "big") + data
        if ne is not None:
            body += (b"" if data else b"\x00") + (ne & 0xFFFF).to_bytes(2, "big")
    else:
        if data:
            body += bytes([len(data)]) + data
        if ne is not None:
            body += bytes([ne & 0xFF])
    assert parse_command(header + body) == (0x00, 0xB0, 0x01, 0x02, data, ne)


def test_parse_command_rejects_malformed() -> None:
    for bad in ["00A4", "00A4020C0501", "00A4020C00000501", "00B000000000"]:
        with pytest.raises(ValueError):
            parse_command(bytes.fromhex(bad))


# --- the vpcd wire protocol against a stand-in for pcscd's vpcd driver ---------------------------


class FakeVpcd:
    """The reader side of the vpcd protocol, as libifdvpcd speaks it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.conn: socket.socket | None = None

    def accept(self) -> None:
        self.server.settimeout(5)
        self.conn, _ = self.server.accept()
        self.conn.settimeout(5)

    def send(self, payload: bytes) -> None:
        assert self.conn is not None
        self.conn.sendall(struct.pack(">H", len(payload)) + payload)

    def recv(self) -> bytes:
        assert self.conn is not None
        head = self._exact(2)
        return self._exact(struct.unpack(">H", head)[0])

    def _exact(self, n: int) -> bytes:
        assert self.conn is not None
        buf = b""
        while len(buf) < n:
            chunk = self.conn.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("card closed the connection")
            buf += chunk
        return buf

    def transact(self, payload: bytes) -> bytes:
        self.send(payload)
        return self.recv()

    def closed_by_card(self) -> bool:
        assert self.conn is not None
        try:
            return self.conn.recv(1) == b""
        except TimeoutError:
            return False

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.server.close()


@pytest.fixture
def fake_vpcd():
    fake = FakeVpcd()
    yield fake
    fake.close()


def test_vpcd_control_codes_and_apdus(fake_vpcd: FakeVpcd) -> None:
    card = IsoTestCard({0x011E: b"\x60\x01\x02"})
    with VpcdCard(card, port=fake_vpcd.port) as vc:
        fake_vpcd.accept()
        assert fake_vpcd.transact(b"\x04") == DEFAULT_ATR
        fake_vpcd.send(b"\x01")  # power on: no answer, card state reset
        fake_vpcd.send(b"\x02")  # reset
        assert fake_vpcd.transact(bytes.fromhex("00A4020C02011E")) == b"\x90\x00"
        assert fake_vpcd.transact(bytes.fromhex("00B0000003")) == b"\x60\x01\x02\x90\x00"
        assert card.resets == 2
        fake_vpcd.send(b"\x00")  # power off
        assert fake_vpcd.transact(bytes.fromhex("00B0000003")) == b"\x69\x86"  # selection lost
        assert card.resets == 3
        sock = vc._sock
        assert sock is not None and sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        assert vc.stats.apdus == 3 and vc.stats.control == 4


def test_vpcd_card_removal_and_reinsertion(fake_vpcd: FakeVpcd) -> None:
    vc = VpcdCard(IsoTestCard({}), port=fake_vpcd.port, min_absence_s=0.05).start()
    try:
        fake_vpcd.accept()
        assert fake_vpcd.transact(b"\x04") == DEFAULT_ATR
        vc.remove()
        assert fake_vpcd.closed_by_card()
        assert not vc.connected
        vc.insert()
        fake_vpcd.accept()
        assert fake_vpcd.transact(b"\x04") == DEFAULT_ATR
        assert vc.stats.connects == 2
    finally:
        vc.stop()


class _Scripted:
    atr = bytes.fromhex("3B8180018080")

    def __init__(self) -> None:
        self.release = threading.Event()

    def process_apdu(self, apdu: bytes) -> bytes | None:
        if apdu[1] == 0x01:
            raise CardTorn
        if apdu[1] == 0x02:
            return None
        if apdu[1] == 0x03:
            return bytes(70_000) + b"\x90\x00"
        if apdu[1] == 0x04:
            raise RuntimeError("simulator bug")
        return b"\x90"  # no complete status word


def test_vpcd_faults(fake_vpcd: FakeVpcd) -> None:
    card = _Scripted()
    vc = VpcdCard(card, port=fake_vpcd.port, min_absence_s=0.05).start()
    try:
        fake_vpcd.accept()
        assert fake_vpcd.transact(b"\x04") == card.atr  # the card's own ATR
        assert fake_vpcd.transact(bytes.fromhex("00030000")) == b"\x6f\x00"  # too big to frame
        assert fake_vpcd.transact(bytes.fromhex("00040000")) == b"\x6f\x00"  # simulator raised
        assert "simulator bug" in (vc.last_error or "")
        assert fake_vpcd.transact(bytes.fromhex("00050000")) == b"\x6f\x00"  # no SW
        fake_vpcd.send(bytes.fromhex("00020000"))  # mute: no answer, connection stays up
        fake_vpcd.conn.settimeout(0.3)
        assert not fake_vpcd.closed_by_card()
        fake_vpcd.conn.settimeout(5)
        vc.remove()
        assert fake_vpcd.closed_by_card()
        vc.insert()
        fake_vpcd.accept()
        fake_vpcd.send(bytes.fromhex("00010000"))  # torn: closes without answering
        assert fake_vpcd.closed_by_card()
    finally:
        vc.stop()


def test_vpcd_rejects_bad_atr() -> None:
    with pytest.raises(ValueError, match="ATR"):
        VpcdCard(IsoTestCard({}), atr=b"\x3b")
