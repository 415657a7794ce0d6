"""ChipReader against the virtual passport in process: genuine chips of every access kind, awkward
chips (no extended length, Le <= 0xE0, no SFI, > 32 KB files), every broken kind with its reason,
card removal, hostile chip answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.sim.card_reader import SimCardReader, SimCardTransport
from hardware.sim.chip import ChipBehaviour
from hardware.sim.passport import build_passport, passport_for
from hardware.sim.pki import demo_pki
from hardware.sim.world import Scenario
from kiosk.emrtd.apdu import ChipAccessDenied, ChipError
from kiosk.emrtd.files import ChipChannel, FileReader
from kiosk.emrtd.mrz import build_td3, parse_mrz
from kiosk.emrtd.reader import ChipReader
from kiosk.emrtd.securityinfos import SecurityInfoError, parse_dg15, parse_security_infos
from kiosk.errors import DeviceDisconnected
from kiosk.evidence import Check

P = dict(surname="ZHANG", given_names="WEI", document_number="E12345678", issuing_state="CHN", nationality="CHN",
         date_of_birth="900101", sex="M", date_of_expiry="330101")
MRZ = parse_mrz(build_td3(**P))


@pytest.fixture(scope="module")
def reader() -> ChipReader:
    return ChipReader(demo_pki().trust_store())


def _read(reader: ChipReader, **kw):
    key = kw.pop("key", None) or repr(sorted(kw.items()))
    behaviour = kw.pop("behaviour", None)
    card = build_passport(P, cache_key=key, behaviour=behaviour, **kw)
    return reader.read(SimCardTransport(card), MRZ, can=kw.get("can")), card


@pytest.mark.parametrize("kw,access", [
    (dict(access="PACE", aa_kind="ec"), "PACE-ECDH-GM-AES-128"),
    (dict(access="BAC", aa_kind="rsa", ca_param=0, ca_cipher=("3DES", 128)), "BAC"),
    (dict(access="PACE", pace_params=[0], pace_cipher=("3DES", 128)), "PACE-DH-GM-3DES"),
    (dict(access="PACE", pace_params=[12, 17, 2], pace_cipher=("AES", 256), ca_param=15), "PACE-ECDH-GM-AES-256"),
    (dict(access="PACE", cam=True, ca_param=12), "PACE-ECDH-CAM-AES-128"),
    (dict(access="PACE", portrait_format="jp2", ca_param=2), "PACE-ECDH-GM-AES-128"),
    (dict(access="PACE", portrait_format="j2k", ca=False), "PACE-ECDH-GM-AES-128"),
])
def test_genuine_chips(reader: ChipReader, kw: dict, access: str) -> None:
    ev, _card = _read(reader, **kw)
    assert ev.access == access
    assert ev.dg1_matches_mrz and ev.dg1["document_number"] == "E12345678"
    assert ev.passive_auth is Check.VALID and ev.passive_auth_failures == []
    assert ev.chip_auth is (Check.NOT_SUPPORTED if kw.get("ca") is False else Check.VALID)
    assert ev.active_auth is (Check.VALID if kw.get("aa_kind") else Check.NOT_SUPPORTED)
    assert ev.portrait is not None and ev.portrait.ndim == 3
    assert ev.portrait_format == kw.get("portrait_format", "jpeg")
    assert _chip_reasons(ev) == set()
    for step in ("access_control", "read_files", "passive_auth", "chip_auth", "active_auth"):
        assert step in ev.details["timings_ms"]


def test_dg11_dg12_read_hashed_and_parsed(reader: ChipReader) -> None:
    ev, _ = _read(reader, access="BAC", dg11={"full_name": "ZHANG<<WEI", "place_of_birth": "BEIJING"},
                  dg12={"issuing_authority": "NIA", "date_of_issue": "20230101"}, key="dg11")
    assert ev.passive_auth is Check.VALID and {"010B", "010C"} <= set(ev.details["files"])
    assert ev.details["dg11"]["place_of_birth"] == "BEIJING" and ev.details["dg12"]["issuing_authority"] == "NIA"


def test_can_password_and_wrong_mrz(reader: ChipReader) -> None:
    ev, _ = _read(reader, access="PACE", can="123456", key="can")
    assert ev.access.startswith("PACE")
    card = build_passport(P, access="PACE", can="123456", cache_key="can")
    with pytest.raises(ChipAccessDenied):
        reader.read(SimCardTransport(card), MRZ, can="654321")
    other = parse_mrz(build_td3(**dict(P, date_of_birth="900102")))
    with pytest.raises(ChipAccessDenied):
        reader.read(SimCardTransport(build_passport(P, access="BAC", cache_key="bac")), other)


@pytest.mark.parametrize("defect,field,expected", [
    ("wrong-dg-hash", "passive", "dg-hash-mismatch:DG2"),
    ("untrusted-signer", "passive", "dsc-untrusted"),
    ("expired-signer", "passive", "dsc-expired"),
    ("revoked-signer", "passive", "dsc-revoked"),
    ("clone", "aa", None),
    ("ca-clone", "ca", None),
    ("dg1-mismatch", "dg1", None),
])
def test_broken_chips_fail_the_right_check(reader: ChipReader, defect: str, field: str, expected: str | None) -> None:
    ev, _ = _read(reader, access="BAC", aa_kind="ec", defects={defect})
    if field == "passive":
        assert ev.passive_auth is Check.INVALID and expected in ev.passive_auth_failures
    else:
        assert ev.passive_auth is Check.VALID
    assert ev.active_auth is (Check.INVALID if defect == "clone" else Check.VALID)
    assert ev.chip_auth is (Check.INVALID if defect in ("clone", "ca-clone") else Check.VALID)
    assert ev.dg1_matches_mrz is (defect != "dg1-mismatch")


def test_pace_cam_clone_detected(reader: ChipReader) -> None:
    ev, _ = _read(reader, access="PACE", cam=True, ca_param=12, defects={"ca-clone"})
    assert ev.access == "PACE-ECDH-CAM-AES-128" and ev.chip_auth is Check.INVALID


@pytest.mark.parametrize("behaviour,max_le", [
    (ChipBehaviour(extended=False), 0xDF),
    (ChipBehaviour(max_le=0xE0), 0xDF),
    (ChipBehaviour(max_le=0x800), 0x400),
    (ChipBehaviour(sfi=False), 0xFF00),
    (ChipBehaviour(plain_errors=False, max_le=0xE0), 0xDF),
    (ChipBehaviour(past_eof="6B00"), 0xFF00),
    (ChipBehaviour(past_eof="6Cxx", extended=False), 0xDF),
])
def test_awkward_chips_are_read(reader: ChipReader, behaviour: ChipBehaviour, max_le: int) -> None:
    ev, _card = _read(reader, access="PACE", aa_kind="rsa", behaviour=behaviour, key="awkward")
    assert ev.passive_auth is Check.VALID and ev.active_auth is Check.VALID and ev.chip_auth is Check.VALID
    assert ev.details["read_strategy"]["max_le"] == max_le
    assert ev.details["read_strategy"]["sfi"] is behaviour.sfi


def test_adaptive_reads_big_dg2_in_few_round_trips_and_past_32k(reader: ChipReader) -> None:
    ev, _ = _read(reader, access="BAC", portrait_bytes=40_000, key="big")
    assert ev.passive_auth is Check.VALID and ev.details["files"]["0102"] > 32767
    dg2 = next(r for r in ev.details["file_reads"] if r["fid"] == "0102")
    assert dg2["apdus"] == 1  # one extended READ BINARY (by SFI, no SELECT)
    small = ChipReader(demo_pki().trust_store(), extended_length=False)
    ev2 = small.read(SimCardTransport(build_passport(P, access="BAC", portrait_bytes=40_000, cache_key="big")), MRZ)
    assert ev2.passive_auth is Check.VALID
    assert next(r for r in ev2.details["file_reads"] if r["fid"] == "0102")["apdus"] >= 40_000 // 0xDF


def test_card_removed_mid_read_is_device_disconnected(reader: ChipReader) -> None:
    card = build_passport(P, access="PACE", behaviour=ChipBehaviour(tear_after=9), cache_key="tear")
    with pytest.raises(DeviceDisconnected):
        reader.read(SimCardTransport(card), MRZ)


def test_mixed_scenario_travellers_produce_their_reasons(reader: ChipReader) -> None:
    scenario = Scenario.load()
    seen = 0
    for t in scenario.travellers:
        if not t.chip:
            continue
        reasons = set(t.expect.get("reasons", []))
        sim = SimCardReader(passport_for(t))
        mrz = parse_mrz(t.mrz)
        if "chip-device-disconnected" in reasons:
            with pytest.raises(DeviceDisconnected):
                reader.read(sim.connect(1.0), mrz)
            continue
        ev = reader.read(sim.connect(1.0), mrz)
        seen += 1
        assert ev.portrait is not None, t.name
        got = _chip_reasons(ev)  # the chip-related reasons kiosk.policy derives from this evidence
        chip_expected = reasons & {"passive-auth-failed", "active-auth-failed", "chip-auth-failed", "dg1-mrz-mismatch"}
        assert chip_expected <= got, (t.name, got)
        if not chip_expected:
            assert not got, (t.name, got)
    assert seen >= 5


def _chip_reasons(ev) -> set[str]:
    out = set()
    if not ev.dg1_matches_mrz:
        out.add("dg1-mrz-mismatch")
    if ev.passive_auth is not Check.VALID:
        out.add("passive-auth-failed")
    if ev.active_auth is Check.INVALID:
        out.add("active-auth-failed")
    if ev.chip_auth is Check.INVALID:
        out.add("chip-auth-failed")
    return out


class HostileChip:
    """Answers every READ BINARY with fuzzed bytes."""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers

    def __call__(self, apdu: bytes) -> bytes:
        return self.answers.pop(0) if self.answers else b"\x6A\x82"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=8))
def test_file_reader_survives_hostile_answers(answers: list[bytes]) -> None:
    r = FileReader(ChipChannel(HostileChip(list(answers))))
    try:
        data = r.read_file(0x0101, 0x01)
        assert len(data) <= 1 << 20
    except ChipError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_securityinfo_parsers_survive_hostile_input(data: bytes) -> None:
    for fn in (parse_security_infos, parse_dg15):
        try:
            fn(data)
        except SecurityInfoError:
            pass


def test_simulator_driver_follows_the_world(reader: ChipReader) -> None:
    from types import SimpleNamespace

    from hardware import drivers, registry
    from hardware.sim.world import SimWorld

    drivers.load_all()
    world = SimWorld(Scenario.load())
    sim = registry.create("card_reader", "simulator", {}, SimpleNamespace(world=world, clock=None, config=None))
    world.queue("cloned-chip", "card-pulled", "genuine")
    t = world.next_traveller()
    ev = reader.read(sim.connect(1.0), parse_mrz(t.mrz))
    assert ev.active_auth is Check.INVALID and ev.passive_auth is Check.VALID
    t = world.next_traveller()
    for _attempt in range(3):  # the lane retries: the traveller keeps pulling the card
        with pytest.raises(DeviceDisconnected):
            reader.read(sim.connect(1.0), parse_mrz(t.mrz))
    t = world.next_traveller()
    ev = reader.read(sim.connect(1.0), parse_mrz(t.mrz))
    assert ev.access.startswith("PACE") and _chip_reasons(ev) == set()
    assert sim.health().ok


@pytest.mark.parametrize("plain_errors", [True, False])
def test_missing_file_under_sm_keeps_the_session(plain_errors: bool) -> None:
    from kiosk.emrtd.apdu import Command
    from kiosk.emrtd.bac import perform_bac
    from kiosk.emrtd.files import FileNotFound
    from kiosk.emrtd.reader import EMRTD_AID

    card = build_passport(P, access="BAC", behaviour=ChipBehaviour(plain_errors=plain_errors), cache_key="bac")
    channel = ChipChannel(SimCardTransport(card).transmit)
    assert channel.send(Command(0, 0xA4, 4, 0x0C, EMRTD_AID))[1] == 0x9000
    channel.sm = perform_bac(channel.raw, MRZ.mrz_information)
    files = FileReader(channel)
    for sfi in (True, False):
        with pytest.raises(FileNotFound):
            files.read_file(0x0107, 0x07 if sfi else None)  # DG7 is not on this chip
        assert files.read_file(0x0101, 0x01).startswith(b"\x61")  # and the session is still in step


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_virtual_passport_survives_any_apdu(apdu: bytes) -> None:
    card = build_passport(P, access="PACE", cache_key=repr(sorted(dict(access="PACE").items())))
    resp = card.process_apdu(apdu)
    assert resp is not None and len(resp) >= 2


def _hide(card, dgs: list[int], *, com: list[int] | None = None) -> None:
    """A clone's trick: copy the signed data but hide DG14/DG15 (or just leave them out of EF.COM, which
    is not signed) so that Chip/Active Authentication look 'not supported'."""
    from hardware.sim.lds_builder import build_com
    from kiosk.emrtd import lds

    for n in dgs:
        card.applet.pop(lds.DG_FILES[n].fid)
    if com is not None:
        card.applet[lds.EF_COM.fid] = build_com(com)


def test_dg14_dg15_signed_in_the_sod_but_hidden_fail_ca_and_aa(reader: ChipReader) -> None:
    card = build_passport(P, access="BAC", aa_kind="ec", cache_key="hidden")
    _hide(card, [14, 15], com=[1, 2])
    ev = reader.read(SimCardTransport(card), MRZ)
    assert ev.passive_auth is Check.VALID  # what was read is genuine ...
    assert ev.active_auth is Check.INVALID and ev.chip_auth is Check.INVALID  # ... but the chip is not
    assert "DG15" in ev.details["active_auth"] and "DG14" in ev.details["chip_auth"]


def test_dg14_dg15_left_out_of_ef_com_are_still_read(reader: ChipReader) -> None:
    card = build_passport(P, access="BAC", aa_kind="ec", cache_key="hidden")
    _hide(card, [], com=[1, 2])  # EF.COM is unsigned: the SOD says which DGs exist
    ev = reader.read(SimCardTransport(card), MRZ)
    assert ev.passive_auth is Check.VALID
    assert ev.active_auth is Check.VALID and ev.chip_auth is Check.VALID


def test_dgs_absent_from_the_sod_stay_not_supported(reader: ChipReader) -> None:
    ev, _ = _read(reader, access="BAC", ca=False, key="no-ca-no-aa")
    assert ev.active_auth is Check.NOT_SUPPORTED and ev.chip_auth is Check.NOT_SUPPORTED


def test_dg1_does_not_match_an_empty_printed_mrz(reader: ChipReader) -> None:
    from kiosk.emrtd.mrz import Mrz

    empty = Mrz("", "", "", "", "", "", "", "", "", "", "", "", ())
    ev = reader.read(SimCardTransport(build_passport(P, access="PACE", can="123456", cache_key="can")), empty,
                     can="123456")
    assert ev.dg1["document_number"] == "E12345678" and ev.dg1_matches_mrz is False
