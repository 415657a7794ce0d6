"""Virtual passports read through the real PC/SC stack: ChipReader → pyscard → pcscd → vpcd →
VirtualPassport; the read-chip CLI against a vpcd card; removal mid-read."""

from __future__ import annotations

import json

import pytest
from pcsc_fixtures import *  # noqa: F403 - pytest fixtures

from hardware.pcsc import PcscCardReader
from hardware.sim.chip import ChipBehaviour
from hardware.sim.passport import build_passport
from hardware.sim.pki import demo_pki
from kiosk.emrtd.mrz import build_td3, parse_mrz
from kiosk.emrtd.reader import ChipReader
from kiosk.errors import DeviceDisconnected
from kiosk.evidence import Check

pytestmark = pytest.mark.pcsc

P = dict(surname="MUSTERMANN", given_names="ERIKA", document_number="C01X00T47", issuing_state="D",
         nationality="D", date_of_birth="640812", sex="F", date_of_expiry="310630")
MRZ = parse_mrz(build_td3(**P))


@pytest.fixture(scope="module")
def chip_reader() -> ChipReader:
    return ChipReader(demo_pki().trust_store())


def _read(vpcd_slot, virtual_card, chip_reader, card):
    virtual_card(card)
    transport = PcscCardReader(reader=vpcd_slot.reader).connect(timeout=5)
    try:
        return chip_reader.read(transport, MRZ)
    finally:
        transport.close()


def test_genuine_pace_passport_through_pcscd(vpcd_slot, virtual_card, chip_reader) -> None:
    card = build_passport(P, access="PACE", aa_kind="ec", cache_key="pcsc-genuine")
    ev = _read(vpcd_slot, virtual_card, chip_reader, card)
    assert ev.access == "PACE-ECDH-GM-AES-128"
    assert ev.dg1_matches_mrz and ev.dg1["surname"] == "MUSTERMANN"
    assert (ev.passive_auth, ev.active_auth, ev.chip_auth) == (Check.VALID, Check.VALID, Check.VALID)
    assert ev.portrait is not None and ev.details["read_strategy"]["extended_length"] is True
    # the 20 KB portrait came in one extended READ BINARY through pcscd
    assert next(r for r in ev.details["file_reads"] if r["fid"] == "0102")["apdus"] == 1


@pytest.mark.parametrize("kw,check", [
    (dict(access="BAC", defects={"wrong-dg-hash"}), "passive"),
    (dict(access="BAC", aa_kind="rsa", defects={"clone"}, portrait_format="jp2"), "active"),
    (dict(access="PACE", defects={"revoked-signer"}, behaviour=ChipBehaviour(max_le=0xE0)), "passive"),
])
def test_broken_passports_through_pcscd(vpcd_slot, virtual_card, chip_reader, kw, check) -> None:
    ev = _read(vpcd_slot, virtual_card, chip_reader, build_passport(P, cache_key=repr(sorted(kw.items())), **kw))
    if check == "passive":
        assert ev.passive_auth is Check.INVALID and ev.passive_auth_failures
    else:
        assert ev.passive_auth is Check.VALID
        assert ev.active_auth is Check.INVALID and ev.chip_auth is Check.INVALID


def test_card_removed_mid_read_through_pcscd(vpcd_slot, virtual_card, chip_reader) -> None:
    card = build_passport(P, access="BAC", behaviour=ChipBehaviour(tear_after=6), cache_key="pcsc-tear")
    with pytest.raises(DeviceDisconnected):
        _read(vpcd_slot, virtual_card, chip_reader, card)


def test_read_chip_cli_json(vpcd_slot, virtual_card, capsys, tmp_path) -> None:
    from ui.cli import main

    pki_dir = tmp_path / "pki"
    demo_pki().save(pki_dir)
    virtual_card(build_passport(P, access="PACE", aa_kind="rsa", portrait_format="jp2", cache_key="pcsc-cli"))
    out_png = tmp_path / "portrait.png"
    code = main(["read-chip", "--reader", vpcd_slot.reader, "--mrz", MRZ.mrz_information,
                 "--trust", str(pki_dir), "--write-portrait", str(out_png), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = json.loads(captured.out)
    assert result["access"] == "PACE-ECDH-GM-AES-128"
    assert result["dg1"]["document_number"] == "C01X00T47" and result["dg1"]["given_names"] == "ERIKA"
    assert result["portrait"]["format"] == "jp2" and result["portrait"]["width"] > 0
    assert result["passive_auth"]["status"] == "valid", result["passive_auth"]
    assert result["active_auth"]["status"] == "valid" and result["chip_auth"]["status"] == "valid"
    assert result["apdu_count"] > 5 and result["bytes_read"] > 10_000 and result["elapsed_ms"] > 0
    assert out_png.stat().st_size > 1000


def test_read_chip_cli_fails_clearly_when_unreadable(vpcd_slot, virtual_card, capsys) -> None:
    from ui.cli import main

    virtual_card(build_passport(P, access="BAC", cache_key="pcsc-cli-bac"))
    wrong = parse_mrz(build_td3(**dict(P, date_of_birth="640813"))).mrz_information  # not this passport's
    code = main(["read-chip", "--reader", vpcd_slot.reader, "--mrz", wrong, "--json"])
    captured = capsys.readouterr()
    assert code != 0 and captured.out == ""
    assert "could not be read" in captured.err and "MRZ" in captured.err


def test_read_chip_cli_demo_trust_and_broken_chip_still_exit_0(vpcd_slot, virtual_card, capsys) -> None:
    from ui.cli import main

    virtual_card(build_passport(P, access="BAC", defects={"expired-signer"}, cache_key="pcsc-cli-expired"))
    code = main(["read-chip", "--reader", vpcd_slot.reader, "--mrz", build_td3(**P), "--demo-trust", "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = json.loads(captured.out)
    assert result["access"] == "BAC" and result["dg1_matches_mrz"] is True
    assert result["passive_auth"] == {"status": "invalid", "failures": ["dsc-expired"]}
