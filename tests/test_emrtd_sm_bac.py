"""BAC and secure messaging against ICAO Doc 9303-11 Appendix D, value for value; SM edge cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.emrtd import bac
from kiosk.emrtd.apdu import SmError, SmSessionLost, encode_command, parse_command
from kiosk.emrtd.mrz import parse_mrz
from kiosk.emrtd.sm import SecureMessaging, pad, retail_mac, tdes_cbc

H = bytes.fromhex
MRZ_INFO = "L898902C<369080619406236"  # Appendix D.2


def test_d2_mrz_information_and_keys() -> None:
    mrz = parse_mrz(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C<3UTO6908061F9406236ZE184226B<<<<<14"
    )
    assert mrz.mrz_information == MRZ_INFO
    assert bac.key_seed(MRZ_INFO) == H("239AB9CB282DAF66231DC5A4DF6BFBAE")
    k_enc, k_mac = bac.document_keys(MRZ_INFO)
    assert k_enc == H("AB94FDECF2674FDFB9B391F85D7F76F2")
    assert k_mac == H("7962D9ECE03D1ACD4C76089DCE131543")


def test_d3_mutual_authentication_terminal_side() -> None:
    rnd_ic, rnd_ifd = H("4608F91988702212"), H("781723860C06C226")
    k_ifd, k_ic = H("0B795240CB7049B01C19B33E32804F0B"), H("0B4F80323EB3191CB04970CB4052790B")
    k_enc, k_mac = bac.document_keys(MRZ_INFO)
    s = rnd_ifd + rnd_ic + k_ifd
    assert tdes_cbc(k_enc, s) == H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
    assert retail_mac(k_mac, pad(tdes_cbc(k_enc, s), 8)) == H("5F1448EEA8AD90A7")
    sent: list[bytes] = []
    chip_resp = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return rnd_ic + b"\x90\x00" if apdu[1] == 0x84 else chip_resp + b"\x90\x00"

    sm = bac.perform_bac(transmit, MRZ_INFO, rnd_ifd=rnd_ifd, k_ifd=k_ifd)
    assert sent[0] == H("0084000008")
    assert sent[1] == H(
        "008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728"
    )
    assert bac.cryptogram(k_enc, k_mac, rnd_ic + rnd_ifd + k_ic) == chip_resp
    assert sm.ks_enc == H("979EC13B1CBFE9DCD01AB0FED307EAE5")
    assert sm.ks_mac == H("F1CB1F1FB5ADF208806B89DC579DC1F8")
    assert sm.ssc_bytes() == H("887022120C06C226")


def _d4_session() -> SecureMessaging:
    return SecureMessaging("3DES", H("979EC13B1CBFE9DCD01AB0FED307EAE5"), H("F1CB1F1FB5ADF208806B89DC579DC1F8"),
                           H("887022120C06C226"))


def test_d4_secure_messaging_select_and_read_binary() -> None:
    sm = _d4_session()
    assert sm.protect(H("00A4020C02011E")) == H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    assert sm.unprotect(H("990290008E08FA855A5D4C50A8ED9000")) == (b"", 0x9000)
    assert sm.protect(H("00B0000004")) == H("0CB000000D9701048E08ED6705417E96BA5500")
    assert sm.unprotect(H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")) == (H("60145F01"), 0x9000)
    assert sm.protect(H("00B0000412")) == H("0CB000040D9701128E082EA28A70F3C7B53500")
    resp = H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000")
    assert sm.unprotect(resp) == (H("04303130365F36063034303030305C026175"), 0x9000)
    assert sm.ssc_bytes() == H("887022120C06C22C")


def test_d4_card_side_mirrors_terminal() -> None:
    chip = _d4_session()
    cmd = chip.unprotect_command(H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"))
    assert (cmd.ins, cmd.p1, cmd.p2, cmd.data) == (0xA4, 0x02, 0x0C, H("011E"))
    assert chip.protect_response(b"", 0x9000) == H("990290008E08FA855A5D4C50A8ED9000")
    chip.unprotect_command(H("0CB000000D9701048E08ED6705417E96BA5500"))
    assert chip.protect_response(H("60145F01"), 0x9000) == H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")


def test_card_side_bac_against_terminal() -> None:
    card = bac.BacCard(MRZ_INFO)

    def transmit(apdu: bytes) -> bytes:
        cmd = parse_command(apdu)
        if cmd.ins == 0x84:
            return card.challenge() + b"\x90\x00"
        resp, transmit.sm = card.authenticate(cmd.data)  # type: ignore[attr-defined]
        return resp + b"\x90\x00"

    sm = bac.perform_bac(transmit, MRZ_INFO)
    chip_sm = transmit.sm  # type: ignore[attr-defined]
    assert (sm.ks_enc, sm.ks_mac, sm.ssc) == (chip_sm.ks_enc, chip_sm.ks_mac, chip_sm.ssc)


def test_wrong_mrz_is_access_denied() -> None:
    card = bac.BacCard(MRZ_INFO)

    def transmit(apdu: bytes) -> bytes:
        cmd = parse_command(apdu)
        if cmd.ins == 0x84:
            return card.challenge() + b"\x90\x00"
        try:
            resp, _ = card.authenticate(cmd.data)
        except Exception:
            return b"\x63\x00"
        return resp + b"\x90\x00"

    from kiosk.emrtd.apdu import ChipAccessDenied

    with pytest.raises(ChipAccessDenied):
        bac.perform_bac(transmit, "L898902C<369080619406244")


@pytest.mark.parametrize("cipher,keylen", [("3DES", 16), ("AES", 16), ("AES", 24), ("AES", 32)])
def test_roundtrip_and_unprotected_error_keeps_ssc(cipher: str, keylen: int) -> None:
    key = bytes(range(keylen))
    term, chip = SecureMessaging(cipher, key, key[::-1], 41), SecureMessaging(cipher, key, key[::-1], 41)
    for data, le in ((b"", 4), (b"\x01\x1e", None), (bytes(300), 1000), (b"\x54\x03\x00\x80\x00", 0xE0)):
        cmd = chip.unprotect_command(term.protect(encode_command(0, 0xB1 if data[:1] == b"T" else 0xB0, 0, 0,
                                                                 data, le)))
        assert cmd.data == data and cmd.le == le
        assert term.unprotect(chip.protect_response(b"x" * (le or 0), 0x9000)) == (b"x" * (le or 0), 0x9000)
    # the chip rejects a command with a plain 6A82 (no SM objects): neither side counts a response
    chip.unprotect_command(term.protect(H("00A4020C020199")))
    assert term.unprotect(H("6A82")) == (b"", 0x6A82)
    chip.unprotect_command(term.protect(H("00B0000004")))
    assert term.unprotect(chip.protect_response(b"abcd", 0x9000)) == (b"abcd", 0x9000)


def test_unauthenticated_success_and_forged_mac_rejected() -> None:
    term, chip = _d4_session(), _d4_session()
    chip.unprotect_command(term.protect(H("00B0000004")))
    with pytest.raises(SmError):
        term.unprotect(H("9000"))
    good = chip.protect_response(b"abcd", 0x9000)
    forged = good[:3] + bytes([good[3] ^ 1]) + good[4:]
    with pytest.raises(SmSessionLost):
        term.unprotect(forged)
    with pytest.raises(SmSessionLost):
        term.unprotect(H("6988"))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_unprotect_hostile_responses(resp: bytes) -> None:
    sm = _d4_session()
    sm.protect(H("00B0000004"))
    try:
        sm.unprotect(resp + b"\x90\x00")
    except SmError:
        pass


def test_channel_follows_61xx_response_chaining() -> None:
    from kiosk.emrtd.files import ChipChannel

    sent: list[bytes] = []
    parts = [b"A" * 10 + b"\x61\x05", b"B" * 5 + b"\x61\x02", b"CC\x90\x00"]

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return parts.pop(0)

    channel = ChipChannel(transmit)
    assert channel.raw(H("00B0000000")) == b"A" * 10 + b"B" * 5 + b"CC\x90\x00"
    assert sent[1:] == [H("00C0000005"), H("00C0000002")] and channel.stats.apdus == 3


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80))
def test_parse_command_hostile(apdu: bytes) -> None:
    from kiosk.emrtd.apdu import ChipError

    try:
        cmd = parse_command(apdu)
    except ChipError:
        return
    assert parse_command(cmd.encode()) == cmd
