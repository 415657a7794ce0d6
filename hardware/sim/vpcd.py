"""The card side of vsmartcard's vpcd protocol: serve a simulated card to pcscd over TCP.

Debian's ``vsmartcard-vpcd`` installs a pcscd reader driver (``libifdvpcd``) that listens on TCP
port 35963 (slot 0, reader "Virtual PCD 00 00") and 35964 (slot 1, "Virtual PCD 00 01"). A virtual
card connects to that port; while the connection is open pcscd sees a card in the reader, when it
closes pcscd sees the card removed. Every message in both directions is a 2-byte big-endian length
followed by the payload:

* 1-byte payloads from pcscd are control codes: 0x00 power off, 0x01 power on, 0x02 reset,
  0x04 "send your ATR" (the only control code that is answered);
* any other payload is a command APDU, answered with the response APDU (data + SW1 SW2).

The length prefix caps a response at 65535 bytes, i.e. 65533 data bytes + SW1 SW2: a card asked
for Le=65536 must answer with fewer bytes (allowed by ISO/IEC 7816-4, Le is a maximum).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Protocol

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963  # 0x8C7B, the CHANNELID in /etc/reader.conf.d/vpcd; slot n listens on port + n
MAX_MESSAGE = 0xFFFF

CTRL_POWER_OFF = 0x00
CTRL_POWER_ON = 0x01
CTRL_RESET = 0x02
CTRL_ATR = 0x04

# A PC/SC Part 3 contactless pseudo-ATR (T=1, "T=CL" cards look like this through a contactless
# reader). Historical bytes are a compact-TLV card capabilities object (tag 0x73) whose third
# byte announces "extended Lc and Le fields" (0x40) and command chaining (0x80); a reader-side
# driver may look at it before sending extended-length APDUs.
_HISTORICAL = bytes([0x80, 0x73, 0x00, 0x00, 0xC0])  # category 0x80, card capabilities


def _with_tck(body: bytes) -> bytes:
    tck = 0
    for b in body[1:]:
        tck ^= b
    return body + bytes([tck])


DEFAULT_ATR = _with_tck(bytes([0x3B, 0x80 | len(_HISTORICAL), 0x80, 0x01]) + _HISTORICAL)


class ApduCard(Protocol):
    """What VpcdCard serves: anything that answers command APDUs.

    Optional attributes: ``atr: bytes`` and ``reset() -> None`` (called on power on / reset /
    power off so the card drops its session state, e.g. secure messaging).
    """

    def process_apdu(self, apdu: bytes) -> bytes | None: ...


class CardTorn(Exception):
    """Raised by a card's process_apdu to leave the field now, without answering the command."""


@dataclass
class VpcdStats:
    connects: int = 0
    apdus: int = 0
    control: int = 0
    bytes_in: int = 0
    bytes_out: int = 0


class VpcdCard:
    """Serve ``card`` to pcscd through the vpcd driver, from a background thread.

    ``start()`` inserts the card (connects), ``remove()`` pulls it out of the field (closes the
    socket; pcscd notices at its next presence poll, ~0.4 s), ``insert()`` puts it back,
    ``stop()`` removes it for good and joins the thread. If ``card.process_apdu`` returns None the
    card stays mute (pcscd waits for ever, like a card that hangs); if it raises CardTorn the card
    leaves the field mid-command.

    A card stays out of the field for at least ``min_absence_s`` (per host/port, across
    instances) before it is inserted again, so pcscd's 0.4 s presence poll sees every removal.

    ``quickack``/``nodelay`` exist so the benchmark can measure the stack without them; keep them
    on. Debian's libifdvpcd (3.3) writes the 2-byte length and the payload with two send() calls on
    a Nagle socket, so its payload waits for our ACK of the length: ~40 ms per message with Linux's
    delayed ACK. TCP_QUICKACK acks at once; the kernel clears it after use, so it is set again
    before every receive.
    """

    _removed_at: ClassVar[dict[tuple[str, int], float]] = {}  # (host, port) -> monotonic time

    def __init__(
        self,
        card: ApduCard,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        *,
        atr: bytes | None = None,
        quickack: bool = True,
        nodelay: bool = True,
        connect_retry_s: float = 0.05,
        min_absence_s: float = 0.5,
    ) -> None:
        self.card = card
        self.host = host
        self.port = port
        self.atr = atr if atr is not None else getattr(card, "atr", None) or DEFAULT_ATR
        if not 2 <= len(self.atr) <= 33:
            raise ValueError(f"ATR must be 2..33 bytes, got {len(self.atr)}")
        self.quickack = quickack
        self.nodelay = nodelay
        self.connect_retry_s = connect_retry_s
        self.min_absence_s = min_absence_s
        self.stats = VpcdStats()
        self.last_error: str | None = None
        self.on_connect: Callable[[], None] | None = None

        self._lock = threading.Lock()
        self._want_inserted = threading.Event()
        self._stopping = threading.Event()
        self._connected = threading.Event()
        self._disconnected = threading.Event()
        self._disconnected.set()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> VpcdCard:
        """Start the thread and insert the card."""
        if self._thread is not None:
            raise RuntimeError("VpcdCard already started")
        self._stopping.clear()
        self._want_inserted.set()
        self._thread = threading.Thread(target=self._run, name=f"vpcd-card:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Remove the card and end the thread."""
        self._stopping.set()
        self._want_inserted.set()  # wake the thread if it waits for an insert
        self._drop_socket()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning(
                    "vpcd card thread on port %d did not stop (card stuck in process_apdu?)", self.port
                )
            self._thread = None

    def __enter__(self) -> VpcdCard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def remove(self, timeout: float = 2.0) -> None:
        """Take the card out of the field: close the connection to pcscd."""
        self._want_inserted.clear()
        self._drop_socket()
        self._disconnected.wait(timeout)

    def insert(self) -> None:
        """Put the card (back) into the field: connect to pcscd again."""
        if self._thread is None:
            self.start()
        else:
            self._want_inserted.set()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        """Wait until the TCP connection to the vpcd driver is up (pcscd may need one poll more)."""
        return self._connected.wait(timeout)

    # --- thread ---------------------------------------------------------------------------

    def _drop_socket(self) -> None:
        with self._lock:
            sock = self._sock
        if sock is not None:
            # shutdown, not close: it wakes a recv() blocked in the card thread
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._want_inserted.wait()
            if self._stopping.is_set():
                break
            # pcscd notices a removal only at its next presence poll (0.4 s); a card that comes
            # back sooner is never reported as inserted if something else (a failed power-down
            # in SCardDisconnect) has already marked the reader empty
            gone_at = VpcdCard._removed_at.get((self.host, self.port))
            if gone_at is not None:
                self._stopping.wait(max(0.0, gone_at + self.min_absence_s - time.monotonic()))
                if self._stopping.is_set():
                    break
            sock = self._connect()
            if sock is None:
                self._stopping.wait(self.connect_retry_s)
                continue
            try:
                self._serve(sock)
            except (OSError, ConnectionError) as exc:
                if self._want_inserted.is_set() and not self._stopping.is_set():
                    self.last_error = f"connection to vpcd lost: {exc}"
                    log.info("vpcd port %d: %s", self.port, self.last_error)
            finally:
                VpcdCard._removed_at[(self.host, self.port)] = time.monotonic()
                with self._lock:
                    self._sock = None
                self._connected.clear()
                with contextlib.suppress(OSError):
                    sock.close()
                self._disconnected.set()

    def _connect(self) -> socket.socket | None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=2.0)
        except OSError as exc:
            self.last_error = f"cannot reach vpcd at {self.host}:{self.port}: {exc}"
            return None
        sock.settimeout(None)
        if self.nodelay:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            if not self._want_inserted.is_set() or self._stopping.is_set():
                sock.close()
                return None
            self._sock = sock
        self.stats.connects += 1
        self._disconnected.clear()
        self._connected.set()
        if self.on_connect is not None:
            self.on_connect()
        return sock

    def _recv_exact(self, sock: socket.socket, n: int) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            if self.quickack:
                # re-armed every time: the kernel leaves quick-ack mode on its own
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            chunk = sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("vpcd closed the connection")
            buf += chunk
        return bytes(buf)

    def _send(self, sock: socket.socket, payload: bytes) -> None:
        # one buffer: a separate 2-byte write would be held back by Nagle / delayed ACK
        sock.sendall(struct.pack(">H", len(payload)) + payload)
        self.stats.bytes_out += len(payload)

    def _serve(self, sock: socket.socket) -> None:
        while not self._stopping.is_set():
            (length,) = struct.unpack(">H", self._recv_exact(sock, 2))
            msg = self._recv_exact(sock, length) if length else b""
            self.stats.bytes_in += len(msg)
            if len(msg) == 1:
                self._control(sock, msg[0])
                continue
            self.stats.apdus += 1
            try:
                response = self.card.process_apdu(msg)
            except CardTorn:
                log.info("vpcd port %d: card torn during %s", self.port, msg[:4].hex())
                self._want_inserted.clear()
                return
            except Exception as exc:  # a broken simulator must not kill the reader thread
                log.exception("simulated card failed on APDU %s", msg[:4].hex())
                self.last_error = f"card failed: {exc!r}"
                response = bytes([0x6F, 0x00])
            if response is None:  # mute card: never answer; only remove()/stop() end this
                self._wait_until_dropped(sock)
                return
            if len(response) < 2:
                log.error("simulated card returned %d bytes, no status word", len(response))
                response = bytes([0x6F, 0x00])
            if len(response) > MAX_MESSAGE:
                # cannot be framed: answer like a card whose buffer overflowed
                log.error("response of %d bytes exceeds the vpcd limit of %d", len(response), MAX_MESSAGE)
                response = bytes([0x6F, 0x00])
            self._send(sock, response)

    def _wait_until_dropped(self, sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while sock.recv(4096):
                pass

    def _control(self, sock: socket.socket, code: int) -> None:
        self.stats.control += 1
        if code == CTRL_ATR:
            self._send(sock, self.atr)
        elif code in (CTRL_POWER_ON, CTRL_RESET, CTRL_POWER_OFF):
            reset = getattr(self.card, "reset", None)
            if callable(reset):
                reset()
        else:
            log.warning("vpcd port %d: unknown control code 0x%02X ignored", self.port, code)
