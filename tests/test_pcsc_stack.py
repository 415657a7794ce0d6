"""The pcsc driver against the real stack: pyscard → pcscd → vpcd → VpcdCard → IsoTestCard."""

from __future__ import annotations

import threading
import time

import pytest
from pcsc_fixtures import *  # noqa: F403 - pytest fixtures
from pcsc_fixtures import IsoTestCard, VpcdSlot, wait_reader_state

from hardware import registry
from hardware.pcsc import PcscCardReader, list_readers
from hardware.sim.vpcd import DEFAULT_ATR
from kiosk.errors import DeviceDisconnected, DeviceError, DeviceTimeout

pytestmark = pytest.mark.pcsc

EF_COM = 0x011E
EF_DG1 = 0x0101
EF_BIG = 0x0102
FILES = {
    EF_COM: bytes.fromhex("60145F0104303130375F36063034303030305C026175"),
    EF_DG1: bytes(range(256)) * 3 + b"\x42",  # 769 bytes: needs several short reads
    EF_BIG: bytes((i * 7 + i // 256) & 0xFF for i in range(60_000)),
}


def select(fid: int) -> bytes:
    return bytes([0x00, 0xA4, 0x02, 0x0C, 0x02]) + fid.to_bytes(2, "big")


def read_binary(offset: int, le: int) -> bytes:
    """Short READ BINARY for le <= 256, extended (3-byte Le, 0000 = 65536) above."""
    header = bytes([0x00, 0xB0, offset >> 8, offset & 0xFF])
    if le <= 256:
        return header + bytes([le & 0xFF])
    return header + b"\x00" + (le & 0xFFFF).to_bytes(2, "big")


def read_file_short(transport, fid: int) -> bytes:
    assert transport.transmit(select(fid)) == b"\x90\x00"
    out = b""
    while True:
        rsp = transport.transmit(read_binary(len(out), 0xE0))
        out += rsp[:-2]
        if rsp[-2:] == b"\x62\x82":
            return out
        assert rsp[-2:] == b"\x90\x00"


def driver(slot: VpcdSlot, **options) -> PcscCardReader:
    return registry.create("card_reader", "pcsc", {"reader": slot.reader, **options}, None)


def test_list_readers_shows_the_virtual_readers(pcscd_service) -> None:
    names = list_readers()
    assert set(pcscd_service.readers) <= set(names)
    assert all(n.startswith("Virtual PCD") for n in pcscd_service.readers)


def test_connect_and_read_files_through_pcscd(vpcd_slot, virtual_card) -> None:
    card = IsoTestCard(dict(FILES))
    virtual_card(card)
    reader = driver(vpcd_slot)
    with reader.connect(timeout=3) as transport:
        assert transport.reader == vpcd_slot.reader
        assert transport.atr == DEFAULT_ATR
        assert transport.extended_length
        assert read_file_short(transport, EF_COM) == FILES[EF_COM]
        assert read_file_short(transport, EF_DG1) == FILES[EF_DG1]
        assert transport.transmit(select(0x0F0F)) == b"\x6a\x82"
        assert transport.transmit(bytes([0x80, 0xB0, 0, 0, 1])) == b"\x6e\x00"
    assert card.resets >= 1  # pcscd powered the card up (and down again on disconnect)


def test_extended_length_read_through_the_stack(vpcd_slot, virtual_card) -> None:
    big = bytes(range(256)) * 300  # 76800 bytes, more than one response can carry
    card = IsoTestCard({EF_BIG: FILES[EF_BIG], 0x0103: big})
    virtual_card(card)
    with driver(vpcd_slot).connect(timeout=3) as transport:
        assert transport.transmit(select(EF_BIG)) == b"\x90\x00"
        # Le = 65536 (extended 00 00): one response with the whole 60000-byte file
        rsp = transport.transmit(read_binary(0, 65536))
        assert rsp[-2:] == b"\x62\x82"
        assert rsp[:-2] == FILES[EF_BIG]
        # the largest response vpcd can frame: 65533 data bytes + SW, passed intact by pcscd
        assert transport.transmit(select(0x0103)) == b"\x90\x00"
        rsp = transport.transmit(read_binary(0, 65536))
        assert rsp[-2:] == b"\x90\x00"
        assert rsp[:-2] == big[:65533]
        # an extended Lc on the command side too (SELECT with 3-byte Lc)
        assert transport.transmit(bytes.fromhex("00A4000C0000020102")) == b"\x90\x00"


def test_short_only_card_rejects_extended_apdus(vpcd_slot, virtual_card) -> None:
    virtual_card(IsoTestCard(dict(FILES), extended=False))
    with driver(vpcd_slot).connect(timeout=3) as transport:
        assert transport.transmit(select(EF_BIG)) == b"\x90\x00"
        assert transport.transmit(read_binary(0, 65536)) == b"\x67\x00"
        assert len(transport.transmit(read_binary(0, 256))) == 258


def test_connect_times_out_without_a_card(vpcd_slot) -> None:
    reader = driver(vpcd_slot)
    start = time.monotonic()
    with pytest.raises(DeviceTimeout, match="no card presented") as exc:
        reader.connect(timeout=0.5)
    elapsed = time.monotonic() - start
    assert 0.4 <= elapsed < 3.0
    assert vpcd_slot.reader in str(exc.value)


def test_connect_waits_for_a_card_inserted_later(vpcd_slot, virtual_card) -> None:
    card = IsoTestCard(dict(FILES))
    timer = threading.Timer(0.5, lambda: virtual_card(card, wait=False))
    timer.start()
    try:
        with driver(vpcd_slot).connect(timeout=5) as transport:
            assert transport.transmit(select(EF_COM)) == b"\x90\x00"
    finally:
        timer.join()


def test_reader_chosen_by_name_substring(pcscd_service, vpcd_slot, virtual_card) -> None:
    virtual_card(IsoTestCard(dict(FILES)))
    tail = vpcd_slot.reader[-5:].lower()  # e.g. "00 01": only our slot matches
    with registry.create("card_reader", "pcsc", {"reader": tail}, None).connect(timeout=3) as transport:
        assert transport.reader == vpcd_slot.reader
    other = [r for r in pcscd_service.readers if r != vpcd_slot.reader]
    if other:  # the other slot is empty (or someone else's): no card for us there
        with pytest.raises(DeviceTimeout):
            registry.create("card_reader", "pcsc", {"reader": other[0]}, None).connect(timeout=0.2)


def test_missing_reader_is_reported_as_unplugged(pcscd_service) -> None:
    reader = registry.create("card_reader", "pcsc", {"reader": "ACME Nonexistent 9000"}, None)
    with pytest.raises(DeviceDisconnected, match=r"reader unplugged.*ACME Nonexistent 9000"):
        reader.connect(timeout=0.2)
    health = reader.health()
    assert not health.ok
    assert "ACME Nonexistent 9000" in health.detail


def test_health_reports_reader_and_card(vpcd_slot, virtual_card) -> None:
    reader = driver(vpcd_slot)
    empty = reader.health()
    assert empty.ok and empty.data["card_present"] is False
    assert empty.data["reader"] == vpcd_slot.reader
    virtual_card(IsoTestCard(dict(FILES)))
    assert reader.health().data["card_present"] is True


def test_card_torn_mid_read_raises_disconnected(vpcd_slot, virtual_card) -> None:
    virtual_card(IsoTestCard(dict(FILES), tear_on_read=2))
    with driver(vpcd_slot).connect(timeout=3) as transport:
        assert transport.transmit(select(EF_DG1)) == b"\x90\x00"
        assert len(transport.transmit(read_binary(0, 0xE0))) == 0xE2
        with pytest.raises(DeviceDisconnected, match="card removed during read"):
            transport.transmit(read_binary(0xE0, 0xE0))
        # and the transport stays failed instead of talking to whatever comes next
        with pytest.raises(DeviceDisconnected):
            transport.transmit(read_binary(0, 1))


def test_card_removed_between_commands(vpcd_slot, virtual_card) -> None:
    vc = virtual_card(IsoTestCard(dict(FILES)))
    with driver(vpcd_slot).connect(timeout=3) as transport:
        assert transport.transmit(select(EF_COM)) == b"\x90\x00"
        vc.remove()
        assert wait_reader_state(vpcd_slot.reader, "empty")
        with pytest.raises(DeviceDisconnected, match="card removed"):
            transport.transmit(read_binary(0, 4))


def test_mute_card_times_out_and_never_hangs(vpcd_slot, virtual_card) -> None:
    vc = virtual_card(IsoTestCard(dict(FILES), mute_on_read=1))
    transport = driver(vpcd_slot, timeout_s=0.3).connect(timeout=3)
    assert transport.transmit(select(EF_COM)) == b"\x90\x00"
    start = time.monotonic()
    with pytest.raises(DeviceTimeout, match=r"did not answer 00 b0 00 00 within 0\.3 s"):
        transport.transmit(read_binary(0, 4))
    assert time.monotonic() - start < 2.0
    with pytest.raises(DeviceTimeout, match="unusable"):
        transport.transmit(read_binary(0, 4))
    start = time.monotonic()
    transport.close()  # must not wait for the stuck transmit
    assert time.monotonic() - start < 0.5
    vc.remove()  # taking the card away releases pcscd's reader thread
    assert wait_reader_state(vpcd_slot.reader, "empty")


def test_watch_reports_insert_and_remove(vpcd_slot, virtual_card) -> None:
    events: list[tuple[str, str, bytes]] = []
    changed = threading.Condition()

    def record(kind: str, reader: str, atr: bytes = b"") -> None:
        with changed:
            events.append((kind, reader, atr))
            changed.notify_all()

    def wait_for(n: int) -> bool:
        with changed:
            return changed.wait_for(lambda: len(events) >= n, timeout=5)

    reader = driver(vpcd_slot)
    reader.watch(lambda r, atr: record("inserted", r, atr), lambda r: record("removed", r))
    try:
        vc = virtual_card(IsoTestCard(dict(FILES)), wait=False)
        assert wait_for(1), events
        assert events[0] == ("inserted", vpcd_slot.reader, DEFAULT_ATR)
        vc.remove()
        assert wait_for(2), events
        assert events[1] == ("removed", vpcd_slot.reader, b"")
        vc.insert()
        assert wait_for(3), events
        assert events[2][0] == "inserted"
    finally:
        reader.close()
    assert all(r == vpcd_slot.reader for _k, r, _a in events)


def test_transport_rejects_use_after_close(vpcd_slot, virtual_card) -> None:
    virtual_card(IsoTestCard(dict(FILES)))
    transport = driver(vpcd_slot).connect(timeout=3)
    transport.close()
    transport.close()  # idempotent
    with pytest.raises(DeviceError, match="closed"):
        transport.transmit(select(EF_COM))
