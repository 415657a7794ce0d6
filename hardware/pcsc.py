"""PC/SC contactless reader driver: pyscard → pcscd → reader (or vpcd's virtual reader).

pyscard is imported lazily inside the functions so this module imports on machines without it.
Every pyscard failure leaves here as a `kiosk.errors.DeviceError` subclass:

* `DeviceTimeout` — no card presented in time, or the card did not answer an APDU in time;
* `DeviceDisconnected` — the card left the field during the read, or the reader / pcscd vanished;
* `DeviceError` — anything else (protocol mismatch, malformed response, ...).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from hardware.registry import register
from kiosk.errors import ConfigError, DeviceDisconnected, DeviceError, DeviceTimeout
from kiosk.ports import DeviceHealth

log = logging.getLogger(__name__)

DEVICE = "card_reader"
DRIVER = "pcsc"
PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
DEFAULT_TIMEOUT_S = 5.0
# Words that contactless readers (or their PICC slot on dual-interface readers) carry in their name.
_CONTACTLESS_HINTS = ("contactless", "picc", "nfc", "rfid", " cl ", "acr122", "scl3711", "5x21", "5022")

_REMOVED = "card removed during read"
_UNPLUGGED = "reader unplugged"
_NO_SERVICE = "PC/SC service not available (is pcscd running?)"


def _pyscard_errors() -> tuple[type[Exception], ...]:
    """pyscard raises two unrelated families: the high-level API's SmartcardException and
    the PC/SC layer's BaseSCardException (e.g. EstablishContextException without pcscd)."""
    from smartcard.Exceptions import SmartcardException
    from smartcard.pcsc.PCSCExceptions import BaseSCardException

    return (SmartcardException, BaseSCardException)


# --- reader discovery ---------------------------------------------------------------------------


def list_readers() -> list[str]:
    """Names of the PC/SC readers present now ([] when none). For `doctor`.

    Raises DeviceError when pyscard is missing or pcscd cannot be reached.
    """
    try:
        from smartcard.System import readers
    except ImportError as exc:
        raise DeviceError(DEVICE, f"pyscard is not installed ({exc})") from exc
    try:
        return [str(r) for r in readers()]
    except _pyscard_errors() as exc:
        raise _map_hresult(getattr(exc, "hresult", -1), str(exc)) from exc


def looks_contactless(name: str) -> bool:
    padded = f" {name.lower()} "
    return any(h in padded for h in _CONTACTLESS_HINTS)


def select_reader(names: list[str], wanted: str | None) -> str | None:
    """The reader to use: the first whose name contains `wanted` (case-insensitive); without
    `wanted`, the first contactless-looking reader, else the first reader."""
    if wanted:
        return next((n for n in names if wanted.lower() in n.lower()), None)
    return next((n for n in names if looks_contactless(n)), names[0] if names else None)


def atr_supports_extended_length(atr: bytes) -> bool:
    """Whether the ATR's historical bytes announce extended Lc/Le (ISO/IEC 7816-4 card capabilities,
    compact-TLV tag 0x73, third software function byte bit 0x40)."""
    try:
        from smartcard.ATR import ATR
    except ImportError:
        return False
    try:
        hist = bytes(ATR(list(atr)).getHistoricalBytes())
    except Exception:  # pyscard raises plain errors on malformed ATRs
        return False
    if not hist or hist[0] != 0x80:
        return False
    i = 1
    while i < len(hist):
        tag, length = hist[i] >> 4, hist[i] & 0x0F
        value = hist[i + 1 : i + 1 + length]
        if tag == 0x7 and length >= 3:
            return bool(value[2] & 0x40)
        i += 1 + length
    return False


# --- error mapping -----------------------------------------------------------------------------


def _map_hresult(hresult: int, message: str) -> DeviceError:
    from smartcard import scard

    if hresult in (scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD):
        return DeviceDisconnected(DEVICE, f"{_REMOVED} ({message})")
    if hresult in (scard.SCARD_E_READER_UNAVAILABLE, scard.SCARD_E_UNKNOWN_READER):
        return DeviceDisconnected(DEVICE, f"{_UNPLUGGED} ({message})")
    if hresult in (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED):
        return DeviceDisconnected(DEVICE, f"{_NO_SERVICE} ({message})")
    if hresult == scard.SCARD_E_TIMEOUT:
        return DeviceTimeout(DEVICE, message)
    if hresult == scard.SCARD_W_UNRESPONSIVE_CARD:
        return DeviceError(DEVICE, f"card does not answer to reset ({message})")
    return DeviceError(DEVICE, message)


def _reader_state(reader: str) -> str:
    """'present', 'empty', 'unplugged' or 'no-service': what pcscd says about the reader now."""
    from smartcard import scard

    hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return "no-service"
    try:
        hresult, names = scard.SCardListReaders(ctx, [])
        if hresult != scard.SCARD_S_SUCCESS or reader not in names:
            return "unplugged"
        hresult, states = scard.SCardGetStatusChange(ctx, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        if hresult != scard.SCARD_S_SUCCESS:
            return "unplugged"
        event = states[0][1]
        return "present" if event & scard.SCARD_STATE_PRESENT else "empty"
    finally:
        scard.SCardReleaseContext(ctx)


def _diagnose(reader: str, hresult: int, message: str, settle_s: float = 1.0) -> DeviceError:
    """Turn a failed call on a connected card into the most useful error.

    A card leaving the field mid-command shows up as a removed-card code on some stacks and as a
    plain communication error on others (vpcd, many CCID readers), so ask pcscd what it sees.
    pcscd polls polling-only readers (vpcd, serial) every 0.4 s, so give it up to `settle_s`
    to notice before calling it a plain device error."""
    state = _reader_state(reader)
    deadline = time.monotonic() + settle_s
    while state == "present" and time.monotonic() < deadline:
        time.sleep(0.02)
        state = _reader_state(reader)
    if state == "empty":
        return DeviceDisconnected(DEVICE, f"{_REMOVED} on {reader!r} ({message})")
    if state == "unplugged":
        return DeviceDisconnected(DEVICE, f"{_UNPLUGGED}: {reader!r} is gone ({message})")
    if state == "no-service":
        return DeviceDisconnected(DEVICE, f"{_NO_SERVICE} ({message})")
    return _map_hresult(hresult, f"{reader!r}: {message}")


# --- the connected card --------------------------------------------------------------------------


class _Worker:
    """One daemon thread running blocking pyscard calls, so a call can be given up on after a
    timeout (PC/SC has no per-APDU timeout; a mute card blocks SCardTransmit until it leaves)."""

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            fn, fut = job
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(fn())
            except BaseException as exc:
                fut.set_exception(exc)

    def submit(self, fn: Callable[[], Any]) -> Future[Any]:
        fut: Future[Any] = Future()
        self._jobs.put((fn, fut))
        return fut

    def stop(self) -> None:
        self._jobs.put(None)


class PcscTransport:
    """A connected card. `transmit` takes any command APDU (short or extended length) and returns
    the response data followed by SW1 SW2."""

    def __init__(self, connection: Any, reader: str, timeout_s: float, owner: Any = None) -> None:
        self._conn = connection
        self._owner = owner  # pyscard's CardService disconnects the card when garbage-collected
        self.reader = reader
        self.timeout_s = timeout_s
        self.atr = bytes(connection.getATR())
        self._worker = _Worker(f"pcsc-transmit:{reader}")
        self._broken: DeviceError | None = None
        self._closed = False

    @property
    def extended_length(self) -> bool:
        """Whether the card's ATR announces extended-length APDUs."""
        return atr_supports_extended_length(self.atr)

    def transmit(self, apdu: bytes, timeout: float | None = None) -> bytes:
        if self._closed:
            raise DeviceError(DEVICE, "transmit on a closed card connection")
        if self._broken is not None:
            raise type(self._broken)(DEVICE, f"card connection unusable after: {self._broken.detail}")
        if len(apdu) < 4:
            raise ValueError(f"a command APDU has at least 4 bytes, got {len(apdu)}")
        wait = self.timeout_s if timeout is None else timeout
        fut = self._worker.submit(lambda: self._conn.transmit(list(apdu)))
        try:
            data, sw1, sw2 = fut.result(wait)
        except FutureTimeout:
            err: DeviceError = DeviceTimeout(
                DEVICE, f"card on {self.reader!r} did not answer {apdu[:4].hex(' ')} within {wait:g} s"
            )
            if _reader_state(self.reader) == "empty":
                err = DeviceDisconnected(DEVICE, f"{_REMOVED} on {self.reader!r} (no answer)")
            self._broken = err
            raise err from None
        except Exception as exc:
            if not isinstance(exc, _pyscard_errors()):
                raise
            self._broken = _diagnose(self.reader, getattr(exc, "hresult", -1), str(exc))
            raise self._broken from exc
        return bytes(data) + bytes((sw1, sw2))

    def close(self) -> None:
        """Power the card down and release the connection. Does not wait for a transmit stuck on a
        mute card: then the disconnect runs once that returns."""
        if self._closed:
            return
        self._closed = True

        def disconnect() -> None:
            try:
                self._conn.disconnect()
                self._conn.release()
            except Exception as exc:  # the card may already be gone; nothing left to release
                log.debug("pcsc disconnect on %r: %s", self.reader, exc)
            self._owner = None

        done = self._worker.submit(disconnect)
        self._worker.stop()
        if self._broken is None or not isinstance(self._broken, DeviceTimeout):
            # wait for the power-down: a card pulled while pcscd powers it down can leave pcscd
            # reporting the reader empty until the next physical removal
            try:
                done.result(self.timeout_s)
            except FutureTimeout:
                log.warning("pcsc disconnect on %r did not finish within %g s", self.reader, self.timeout_s)

    def __enter__(self) -> PcscTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- card events -------------------------------------------------------------------------------


class CardEventMonitor:
    """Watches pcscd for card and reader events (SCardGetStatusChange on its own context) and calls
    back from its thread: on_inserted(reader, atr), on_removed(reader), on_reader_added(reader),
    on_reader_removed(reader). Cards already present when it starts are reported as inserted."""

    def __init__(
        self,
        on_inserted: Callable[[str, bytes], None] | None = None,
        on_removed: Callable[[str], None] | None = None,
        *,
        on_reader_added: Callable[[str], None] | None = None,
        on_reader_removed: Callable[[str], None] | None = None,
        reader_filter: Callable[[str], bool] | None = None,
        poll_s: float = 1.0,
    ) -> None:
        self.on_inserted = on_inserted
        self.on_removed = on_removed
        self.on_reader_added = on_reader_added
        self.on_reader_removed = on_reader_removed
        self.reader_filter = reader_filter or (lambda _name: True)
        self.poll_ms = int(poll_s * 1000)
        self.error: str | None = None
        self._stop = threading.Event()
        self._ctx: int | None = None
        self._ctx_lock = threading.Lock()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pcsc-events", daemon=True)

    def start(self) -> CardEventMonitor:
        self._thread.start()
        self._ready.wait(5.0)
        return self

    def stop(self) -> None:
        from smartcard import scard

        self._stop.set()
        with self._ctx_lock:
            if self._ctx is not None:
                scard.SCardCancel(self._ctx)
        self._thread.join(5.0)

    def _call(self, fn: Callable[..., None] | None, *args: Any) -> None:
        if fn is None:
            return
        try:
            fn(*args)
        except Exception:  # an observer's bug must not end the monitoring
            log.exception("card event callback %r failed", fn)

    def _run(self) -> None:
        from smartcard import scard

        known: dict[str, int] = {}  # reader -> last event state
        while not self._stop.is_set():
            hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult != scard.SCARD_S_SUCCESS:
                self.error = _NO_SERVICE
                self._ready.set()
                self._stop.wait(1.0)
                continue
            with self._ctx_lock:
                self._ctx = ctx
            try:
                self._watch(ctx, known)
            finally:
                with self._ctx_lock:
                    self._ctx = None
                scard.SCardReleaseContext(ctx)
                self._ready.set()

    def _watch(self, ctx: int, known: dict[str, int]) -> None:
        from smartcard import scard

        present = scard.SCARD_STATE_PRESENT
        pnp_state = scard.SCARD_STATE_UNAWARE  # pcsc-lite keeps the reader count in its upper bits
        while not self._stop.is_set():
            hresult, names = scard.SCardListReaders(ctx, [])
            if hresult in (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED):
                self.error = _NO_SERVICE
                return
            names = [n for n in (names if hresult == scard.SCARD_S_SUCCESS else []) if self.reader_filter(n)]
            for gone in [n for n in known if n not in names]:
                if known.pop(gone) & present:
                    self._call(self.on_removed, gone)
                self._call(self.on_reader_removed, gone)
            for new in [n for n in names if n not in known]:
                known[new] = scard.SCARD_STATE_UNAWARE
                self._call(self.on_reader_added, new)
            self.error = None
            states = [(n, known[n]) for n in names] + [(PNP_NOTIFICATION, pnp_state)]
            # UNAWARE states return at once with the current state: cards already present count
            # as inserted, and the first round makes `_ready` mean "initial state reported"
            hresult, new_states = scard.SCardGetStatusChange(ctx, self.poll_ms, states)
            if self._stop.is_set() or hresult == scard.SCARD_E_CANCELLED:
                return
            if hresult in (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED):
                self.error = _NO_SERVICE
                return
            if hresult == scard.SCARD_S_SUCCESS:
                for name, event, _atr in new_states:
                    if name == PNP_NOTIFICATION:
                        pnp_state = event & ~scard.SCARD_STATE_CHANGED
                self._dispatch(new_states, known)
            self._ready.set()

    def _dispatch(self, new_states: list[tuple[str, int, list[int]]], known: dict[str, int]) -> None:
        from smartcard import scard

        present = scard.SCARD_STATE_PRESENT
        for name, event, atr in new_states:
            if name == PNP_NOTIFICATION or name not in known:
                continue
            before = known[name]
            if event & scard.SCARD_STATE_CHANGED:
                known[name] = event & ~scard.SCARD_STATE_CHANGED
                if event & present and not before & present:
                    self._call(self.on_inserted, name, bytes(atr))
                elif before & present and not event & present:
                    self._call(self.on_removed, name)


# --- the reader --------------------------------------------------------------------------------


class PcscCardReader:
    """`kiosk.ports.CardReader` over PC/SC.

    reader: substring of the reader name (case-insensitive); None picks the first
    contactless-looking reader, else the first reader. timeout_s: how long one APDU may take
    before the card counts as mute.
    """

    def __init__(self, reader: str | None = None, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.reader_option = reader
        self.timeout_s = timeout_s
        self._monitors: list[CardEventMonitor] = []

    def resolve_reader(self) -> str:
        names = list_readers()
        chosen = select_reader(names, self.reader_option)
        if chosen is None:
            if self.reader_option:
                raise DeviceDisconnected(
                    DEVICE,
                    f"{_UNPLUGGED}: no reader matching {self.reader_option!r} "
                    f"(present: {', '.join(names) or 'none'})",
                )
            raise DeviceDisconnected(DEVICE, f"{_UNPLUGGED}: no PC/SC reader present")
        return chosen

    def connect(self, timeout: float) -> PcscTransport:
        """Wait up to `timeout` s for a card on the reader, connect with T=1 (what contactless
        readers present for ISO 14443-4 'T=CL' cards), falling back to any protocol."""
        from smartcard.CardConnection import CardConnection
        from smartcard.CardRequest import CardRequest
        from smartcard.CardType import AnyCardType
        from smartcard.Exceptions import CardConnectionException, CardRequestTimeoutException, NoCardException

        pyscard_errors = _pyscard_errors()

        reader = self.resolve_reader()
        try:
            request = CardRequest(timeout=max(timeout, 0.0), readers=[reader], cardType=AnyCardType())
            service = request.waitforcard()
        except CardRequestTimeoutException:
            raise DeviceTimeout(DEVICE, f"no card presented on {reader!r} within {timeout:g} s") from None
        except pyscard_errors as exc:
            raise _diagnose(reader, getattr(exc, "hresult", -1), f"waiting for a card: {exc}") from exc
        connection = service.connection
        try:
            try:
                connection.connect(CardConnection.T1_protocol)
            except NoCardException:
                raise
            except CardConnectionException:
                connection.connect(CardConnection.T0_protocol | CardConnection.T1_protocol)
        except NoCardException as exc:
            raise DeviceDisconnected(DEVICE, f"card removed before it could be read on {reader!r}") from exc
        except pyscard_errors as exc:
            raise _diagnose(reader, getattr(exc, "hresult", -1), f"connecting to the card: {exc}") from exc
        try:
            return PcscTransport(connection, reader, self.timeout_s, owner=service)
        except pyscard_errors as exc:
            raise _diagnose(reader, getattr(exc, "hresult", -1), f"reading the ATR: {exc}") from exc

    def watch(
        self,
        on_inserted: Callable[[str, bytes], None] | None = None,
        on_removed: Callable[[str], None] | None = None,
        *,
        on_reader_removed: Callable[[str], None] | None = None,
    ) -> CardEventMonitor:
        """Report card insert/remove events of this reader (and its unplugging) from a background
        thread until `close()` (or the monitor's `stop()`)."""

        def mine(name: str) -> bool:
            if self.reader_option:
                return self.reader_option.lower() in name.lower()
            try:
                return name == self.resolve_reader()
            except DeviceError:
                return False

        monitor = CardEventMonitor(
            on_inserted, on_removed, on_reader_removed=on_reader_removed, reader_filter=mine
        )
        self._monitors.append(monitor.start())
        return monitor

    def health(self) -> DeviceHealth:
        try:
            names = list_readers()
        except DeviceError as exc:
            return DeviceHealth(DEVICE, DRIVER, False, exc.detail)
        chosen = select_reader(names, self.reader_option)
        if chosen is None:
            wanted = f"matching {self.reader_option!r}" if self.reader_option else "at all"
            return DeviceHealth(DEVICE, DRIVER, False, f"no reader {wanted}", {"readers": names})
        state = _reader_state(chosen)
        shown = "card present" if state == "present" else state
        return DeviceHealth(
            DEVICE,
            DRIVER,
            state in ("present", "empty"),
            f"{chosen} ({shown})",
            {"readers": names, "reader": chosen, "card_present": state == "present"},
        )

    def close(self) -> None:
        for monitor in self._monitors:
            monitor.stop()
        self._monitors.clear()


_OPTIONS = {"reader", "timeout_s", "driver"}


@register(DEVICE, DRIVER)
def create_pcsc_reader(options: dict[str, Any], context: Any = None) -> PcscCardReader:
    """Factory for `devices.card_reader.driver = "pcsc"`; options `reader`, `timeout_s`."""
    unknown = sorted(set(options) - _OPTIONS)
    if unknown:
        raise ConfigError(
            f"devices.{DEVICE}.{unknown[0]}: unknown option for the pcsc driver (known: reader, timeout_s)"
        )
    reader = options.get("reader")
    if reader is not None and (not isinstance(reader, str) or not reader.strip()):
        raise ConfigError(f"devices.{DEVICE}.reader: must be a non-empty part of the reader name")
    timeout_s = options.get("timeout_s", DEFAULT_TIMEOUT_S)
    if isinstance(timeout_s, bool) or not isinstance(timeout_s, int | float) or not timeout_s > 0:
        raise ConfigError(f"devices.{DEVICE}.timeout_s: must be a number of seconds > 0, got {timeout_s!r}")
    return PcscCardReader(reader=reader.strip() if reader else None, timeout_s=float(timeout_s))
