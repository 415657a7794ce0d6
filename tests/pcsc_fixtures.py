"""pytest fixtures for tests that go through the real PC/SC stack: pyscard → pcscd → vpcd.

Use from a test module with ``from pcsc_fixtures import *`` (fixtures: ``pcscd_service``,
``vpcd_slot``, ``virtual_card``) and mark the module ``pytestmark = pytest.mark.pcsc``.

* An already running pcscd is reused; otherwise ``pcscd --foreground --auto-exit`` is started for
  the session (needs root: it creates /run/pcscd) and stopped at the end unless another test
  session on the machine still uses it. Its log goes to a temp file named in failure messages.
* Without pcscd or vsmartcard-vpcd installed the tests are skipped, unless KIOSK_REQUIRE_PCSC=1
  (CI), which turns the skip into a failure.
* vpcd has two slots (ports 35963/35964 → "Virtual PCD 00 00"/"00 01"); each test takes one
  under a file lock so concurrent test runs on one machine do not plug cards into each other.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from hardware.pcsc import _reader_state
from hardware.sim.vpcd import DEFAULT_ATR, CardTorn, VpcdCard

VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
VPCD_LIB = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_READER = "Virtual PCD"
VPCD_SLOTS = 2  # Debian's libifdvpcd opens CHANNELID and CHANNELID + 1
USERS_LOCK = "/tmp/kiosk-pcscd-users.lock"
START_LOCK = "/tmp/kiosk-pcscd-start.lock"

__all__ = [
    "IsoTestCard",
    "PcscService",
    "VpcdSlot",
    "pcscd_service",
    "virtual_card",
    "vpcd_slot",
    "wait_reader_state",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("KIOSK_REQUIRE_PCSC") == "1":
        pytest.fail(f"KIOSK_REQUIRE_PCSC=1 but the PC/SC test stack is unusable: {reason}", pytrace=False)
    pytest.skip(f"PC/SC test stack unavailable: {reason}")


def vpcd_base_port(conf: Path = VPCD_CONF) -> int:
    """The TCP port of vpcd slot 0, from the CHANNELID the package configures for pcscd."""
    match = re.search(r"^\s*CHANNELID\s+(0x[0-9a-fA-F]+|\d+)", conf.read_text(), re.MULTILINE)
    if not match:
        raise ValueError(f"{conf}: no CHANNELID line")
    return int(match.group(1), 0)


def vpcd_readers() -> list[str]:
    from smartcard.System import readers

    return [str(r) for r in readers() if str(r).startswith(VPCD_READER)]


def wait_reader_state(reader: str, state: str, timeout: float = 5.0) -> bool:
    """Poll pcscd until the reader is in `state` ('present' / 'empty'); pcscd polls vpcd for card
    presence only every ~0.4 s, so a removal takes that long to show."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _reader_state(reader) == state:
            return True
        time.sleep(0.02)
    return _reader_state(reader) == state


@dataclass
class PcscService:
    readers: list[str]
    base_port: int
    started_here: bool
    log_path: Path | None


@dataclass
class VpcdSlot:
    reader: str
    port: int
    slot: int


def _context() -> int | None:
    from smartcard import scard

    hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    return ctx if hresult == scard.SCARD_S_SUCCESS else None


def _pcscd_answers() -> bool:
    from smartcard import scard

    ctx = _context()
    if ctx is None:
        return False
    scard.SCardReleaseContext(ctx)
    return True


@pytest.fixture(scope="session")
def pcscd_service() -> Iterator[PcscService]:
    pcscd = shutil.which("pcscd") or ("/usr/sbin/pcscd" if Path("/usr/sbin/pcscd").exists() else None)
    if pcscd is None:
        _unavailable("pcscd is not installed (apt-get install pcscd)")
    if not VPCD_CONF.exists() or not VPCD_LIB.exists():
        _unavailable(f"vsmartcard-vpcd is not installed ({VPCD_CONF} / {VPCD_LIB} missing)")
    try:
        import smartcard  # noqa: F401
    except ImportError:
        _unavailable("pyscard is not installed")
    base_port = vpcd_base_port()

    # Several pytest sessions may share this machine's pcscd: each holds a shared lock on
    # USERS_LOCK (and a PC/SC context, which keeps an --auto-exit pcscd alive) for its duration;
    # starting pcscd is serialized by START_LOCK; the starter stops pcscd at the end only if no
    # other session still uses it, else pcscd's own --auto-exit ends it 60 s after the last one.
    users = open(USERS_LOCK, "w")  # noqa: SIM115 - held for the session
    fcntl.flock(users, fcntl.LOCK_SH)
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    with open(START_LOCK, "w") as start_lock:
        fcntl.flock(start_lock, fcntl.LOCK_EX)
        if not _pcscd_answers():
            if os.geteuid() != 0:
                users.close()
                _unavailable("pcscd is not running and only root can start it (it creates /run/pcscd)")
            fd, name = tempfile.mkstemp(prefix="kiosk-pcscd-", suffix=".log")
            log_path = Path(name)
            # --foreground: not daemonized, so this process owns it; logs go to the file
            proc = subprocess.Popen(
                [pcscd, "--foreground", "--auto-exit", "--info"], stdout=fd, stderr=subprocess.STDOUT
            )
            os.close(fd)
            deadline = time.monotonic() + 10
            while not _pcscd_answers():
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"pcscd did not come up; log: {log_path}:\n{log_path.read_text()[-2000:]}")
                time.sleep(0.05)
        keepalive = _context()

    deadline = time.monotonic() + 10
    while len(names := vpcd_readers()) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    if not names:
        pytest.fail(
            "pcscd runs but shows no 'Virtual PCD' reader: it was started before vsmartcard-vpcd was "
            f"installed or with another reader.conf.d; restart pcscd (log: {log_path or 'syslog'})"
        )
    try:
        yield PcscService(names, base_port, proc is not None, log_path)
    finally:
        from smartcard import scard

        if keepalive is not None:
            scard.SCardReleaseContext(keepalive)
        if proc is not None:
            try:
                fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass  # another session still uses it: --auto-exit stops it later
            else:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        users.close()


@pytest.fixture
def vpcd_slot(pcscd_service: PcscService) -> Iterator[VpcdSlot]:
    """One vpcd slot, exclusively ours for this test, with no card in it."""
    deadline = time.monotonic() + 60
    while True:
        for reader in sorted(pcscd_service.readers):
            slot = int(reader.rsplit(" ", 1)[1], 16)
            lock = open(f"/tmp/kiosk-vpcd-{pcscd_service.base_port + slot}.lock", "w")  # noqa: SIM115
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                continue
            try:
                if not wait_reader_state(reader, "empty", 5.0):
                    pytest.fail(f"{reader!r} still holds a card from an earlier test")
                yield VpcdSlot(reader, pcscd_service.base_port + slot, slot)
            finally:
                lock.close()
            return
        if time.monotonic() > deadline:
            pytest.fail("no free vpcd slot within 60 s (other test runs hold both)")
        time.sleep(0.2)


@pytest.fixture
def virtual_card(vpcd_slot: VpcdSlot) -> Iterator[Callable[..., VpcdCard]]:
    """Factory: ``virtual_card(card, **vpcd_kwargs)`` inserts `card` into our slot and waits until
    pcscd reports it present (``wait=False`` to skip that). Stopped at teardown."""
    started: list[VpcdCard] = []

    def make(card: Any, *, wait: bool = True, **kwargs: Any) -> VpcdCard:
        vc = VpcdCard(card, port=vpcd_slot.port, **kwargs)
        started.append(vc)
        vc.start()
        if wait and not wait_reader_state(vpcd_slot.reader, "present", 5.0):
            raise AssertionError(f"pcscd did not see the card in {vpcd_slot.reader!r}: {vc.last_error}")
        return vc

    yield make
    for vc in started:
        vc.stop()
    # leave the slot empty for the next test
    wait_reader_state(vpcd_slot.reader, "empty", 5.0)


# --- a small ISO/IEC 7816-4 card ------------------------------------------------------------


def parse_command(apdu: bytes) -> tuple[int, int, int, int, bytes, int | None]:
    """(CLA, INS, P1, P2, data, Ne) of a short or extended command APDU (ISO/IEC 7816-3 12.1).

    Ne is None when the command expects no data; raises ValueError on a malformed APDU."""
    if len(apdu) < 4:
        raise ValueError("shorter than a header")
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if not body:
        return cla, ins, p1, p2, b"", None
    if len(body) == 1:
        return cla, ins, p1, p2, b"", body[0] or 256
    if body[0] != 0:  # short Lc
        lc = body[0]
        if len(body) == 1 + lc:
            return cla, ins, p1, p2, body[1:], None
        if len(body) == 2 + lc:
            return cla, ins, p1, p2, body[1 : 1 + lc], body[-1] or 256
        raise ValueError("short Lc does not match the length")
    if len(body) == 3:  # extended Le only
        return cla, ins, p1, p2, b"", int.from_bytes(body[1:3], "big") or 65536
    lc = int.from_bytes(body[1:3], "big")
    if lc == 0:
        raise ValueError("extended Lc of 0")
    if len(body) == 3 + lc:
        return cla, ins, p1, p2, body[3:], None
    if len(body) == 5 + lc:
        return cla, ins, p1, p2, body[3 : 3 + lc], int.from_bytes(body[-2:], "big") or 65536
    raise ValueError("extended Lc does not match the length")


SW_OK = b"\x90\x00"


@dataclass
class IsoTestCard:
    """Transparent EFs selected by file identifier, read with READ BINARY (short or extended).

    Knobs: `tear_on_read` — leave the field (CardTorn) at the n-th READ BINARY (1-based);
    `mute_on_read` — never answer the n-th READ BINARY; `extended` — accept extended-length APDUs
    (else 6700 for them, as a short-only card would)."""

    files: dict[int, bytes]
    atr: bytes = DEFAULT_ATR
    extended: bool = True
    tear_on_read: int | None = None
    mute_on_read: int | None = None
    reads: int = 0
    resets: int = 0
    log: list[bytes] = field(default_factory=list)
    _selected: int | None = None

    def reset(self) -> None:
        self.resets += 1
        self._selected = None

    def process_apdu(self, apdu: bytes) -> bytes | None:
        self.log.append(apdu)
        try:
            cla, ins, p1, p2, data, ne = parse_command(apdu)
        except ValueError:
            return b"\x67\x00"
        is_extended = len(apdu) > 5 and apdu[4] == 0
        if is_extended and not self.extended:
            return b"\x67\x00"
        if cla != 0x00:
            return b"\x6e\x00"
        if ins == 0xA4:
            return self._select(p1, data)
        if ins == 0xB0:
            return self._read_binary(p1, p2, ne)
        return b"\x6d\x00"

    def _select(self, p1: int, data: bytes) -> bytes:
        if p1 not in (0x00, 0x02) or len(data) != 2:
            return b"\x6a\x86"
        fid = int.from_bytes(data, "big")
        if fid not in self.files:
            return b"\x6a\x82"
        self._selected = fid
        return SW_OK

    def _read_binary(self, p1: int, p2: int, ne: int | None) -> bytes | None:
        self.reads += 1
        if self.tear_on_read == self.reads:
            raise CardTorn
        if self.mute_on_read == self.reads:
            return None
        if p1 & 0x80:
            return b"\x6a\x81"  # short EF identifiers: not in this card
        if self._selected is None:
            return b"\x69\x86"
        content = self.files[self._selected]
        offset = (p1 << 8) | p2
        if offset > len(content):
            return b"\x6b\x00"
        # vpcd frames a response in at most 65535 bytes: 65533 data + SW1 SW2
        chunk = content[offset : offset + min(ne or 0, 65533)]
        if ne is not None and len(chunk) < ne and offset + len(chunk) == len(content):
            return chunk + b"\x62\x82"  # end of file reached before Ne bytes
        return chunk + SW_OK
