"""PACE against the ICAO Doc 9303-11 worked examples (ECDH-GM on brainpoolP256r1, DH-GM on the RFC 5114
1024-bit group) value for value, and against the virtual chip's side on every standard group."""

from __future__ import annotations

import pytest

from kiosk.emrtd import tlv
from kiosk.emrtd.apdu import ChipAccessDenied, parse_command
from kiosk.emrtd.groups import STANDARD_GROUPS, DhGroup, standard_group
from kiosk.emrtd.pace import (
    PASSWORD_CAN,
    PASSWORD_MRZ,
    PaceCard,
    password_key,
    password_secret,
    perform_pace,
    verify_cam,
)
from kiosk.emrtd.securityinfos import PaceInfo, pace_oid, parse_security_infos

H = lambda s: bytes.fromhex("".join(s.split()))  # noqa: E731
MRZ_INFO = "T22000129364081251010318"  # Appendix G/H: T22000129, 640812, 101031


def _info(protocol_hex: str) -> PaceInfo:
    return parse_security_infos(H("3114") + H(protocol_hex)).pace[0]


class Script:
    """Plays the chip's recorded answers and records what the terminal sent."""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = list(answers)
        self.sent: list[bytes] = []

    def __call__(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.answers.pop(0) + b"\x90\x00"

    def ga_data(self, i: int) -> dict[int, bytes]:
        cmd = parse_command(self.sent[i])
        return {c.tag: c.value for c in tlv.decode(cmd.data).children()}


def test_password_key_appendix_g() -> None:
    info = _info("3012060A04007F0007020204020202010 20201 0D")
    assert password_secret(MRZ_INFO, PASSWORD_MRZ) == H("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD")
    assert password_key(info, password_secret(MRZ_INFO, PASSWORD_MRZ)) == H("89DED1B26624EC1E634C1989302849DD")


@pytest.mark.parametrize("send_id", [False, True])
def test_ecdh_gm_brainpoolp256r1_appendix_g(send_id: bool) -> None:
    info = _info("3012060A04007F00070202040202 020102 02010D")
    assert (info.agreement, info.mapping, info.cipher, info.key_bits) == ("ECDH", "GM", "AES", 128)
    assert info.parameter_id == 13
    chip = Script([
        b"",
        H("7C12 8010 95A3A016522EE98D01E76CB6B98B42C3"),
        H("7C43 8241 04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
          "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"),
        H("7C43 8441 049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
          "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094"),
        H("7C0A 8608 3ABB9674BCE93C08"),
    ])
    result = perform_pace(
        chip, info, MRZ_INFO, PASSWORD_MRZ, send_parameter_id=send_id,
        map_private=0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99,
        ephemeral_private=0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595,
    )
    mse = H("0022C1A40F800A04007F00070202040202830101")
    assert chip.sent[0] == (H("0022C1A412800A04007F00070202040202830101840 10D") if send_id else mse)
    assert chip.sent[1] == H("10860000027C0000")
    assert chip.ga_data(2)[0x81] == H(
        "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
        "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D")
    assert chip.ga_data(3)[0x83] == H(
        "042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
        "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462")
    assert chip.sent[4][0] == 0x00 and chip.ga_data(4)[0x85] == H("C2B0BD78D94BA866")
    assert result.sm.ks_enc == H("F5F0E35C0D7161EE6724EE513A0D9A7F")
    assert result.sm.ks_mac == H("FE251C7858B356B24514B3BD5F4297D1")
    assert result.sm.ssc == 0 and result.sm.cipher == "AES"
    # intermediate values of G.1: H and the mapped generator
    g = standard_group(13)
    h = g.agree(0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99, result.chip_map_public)
    assert g.encode(h) == H("0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5"
                            "0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181")
    assert g.encode(g.map_generic(0x3F00C4D39D153F2B2A214A078D899B22, h)) == H(
        "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
        "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522")


DH_CHIP_MAP = H("""78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E623EA5738B26381E4DA19E004706FACE7
    B235C2DBF2F38748312F3C98C2DD4882A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F24
    49400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6""")
DH_CHIP_EPH = H("""075693D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152BD8B3A213F53820C42ADC79AB5D0AEEC3
    AEFB91394DA476BD97B9B14D0A65C1FC71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064
    386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA1""")


def test_dh_gm_rfc5114_1024_appendix_h() -> None:
    info = _info("3012060A04007F00070202040102 020102 020100")
    assert (info.agreement, info.parameter_id) == ("DH", 0)
    g = standard_group(0)
    chip = Script([
        b"",
        H("7C12 8010 854D8DF5827FA6852D1A4FA701CDDDCA"),
        H("7C81 83 82 8180") + DH_CHIP_MAP,
        H("7C81 83 84 8180") + DH_CHIP_EPH,
        H("7C0A 8608 917F37B5C0E6D8D1"),
    ])
    result = perform_pace(chip, info, MRZ_INFO, PASSWORD_MRZ,
                          map_private=0x5265030F751F4AD18B08AC565FC7AC952E41618D,
                          ephemeral_private=0x89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA)
    assert chip.ga_data(2)[0x81] == H("""23FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3E
        B71C343DB13D1DEBCE9A3666DBCFC920B49174A602CB47965CAA73DC702489A44D41DB914DE9613DC5E98C94160551C0
        DF86274B9359BC0490D01B03AD54022DCB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C""")
    h = g.agree(0x5265030F751F4AD18B08AC565FC7AC952E41618D, g.decode(DH_CHIP_MAP))
    assert g.encode(h) == H("""5BABEBEF5B74E5BA94B5C063FDA15F1F1CDE94873EE0A5D3A2FCAB49F258D07F544F13CB66658C3A
        FEE9E727389BE3F6CBBBD32128A8C21DD6EEA3CF7091CDDFB08B8D007D40318DCCA4FFBF51208790FB4BD111E5A968ED
        6B6F08B26CA87C410B3CE0C310CE104EABD16629AA48620C1279270CB0750C0D37C57FFFE302AE7F""")
    mapped = g.map_generic(0xFA5B7E3E49753A0DB9178B7B9BD898C8, h)
    assert g.encode(mapped) == H("""7C9CBFE98F9FBDDA8D143506FA7D9306F4CB17E3C71707AFF5E1C1A123702496
        84D64EE37AF44B8DBD9D45BF6023919CBAA027AB97ACC771666C8E98FF483301BFA4872DEDE9034EDFACB70814166B7F
        360676829B826BEA57291B5AD69FBC84EF1E779032A305803F74341793E869742D401325B37EE8565FFCDEE618342DC5""")
    assert chip.ga_data(3)[0x83] == H("""907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD911
        551B9AE4D04369F29A02626C86FBC6747CC7BC352645B6161A2A42D44EDA80A08FA8D61B76D3A154AD8A5A51786B0BC0
        7147057871A922212C5F67F43173172236B7747D1671E6D692A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D4""")
    assert chip.ga_data(4)[0x85] == H("B46DD9BD4D98381F")
    assert result.sm.ks_enc == H("2F7F46ADCC9E7E521B45D192FAFA9126")
    assert result.sm.ks_mac == H("805A1D27D45A5116F73C54469462B7D8")


def test_rfc5114_groups_are_sound() -> None:
    for group in STANDARD_GROUPS.values():
        if isinstance(group, DhGroup):
            assert pow(group.g, group.q, group.p) == 1 and pow(3, group.p - 1, group.p) == 1


def _card_transmit(card: PaceCard, sessions: list) -> object:
    def transmit(apdu: bytes) -> bytes:
        cmd = parse_command(apdu)
        if cmd.ins == 0x22:
            return card.set_at(cmd.data).to_bytes(2, "big")
        data, sw, sm = card.general_authenticate(cmd.data)
        if sm is not None:
            sessions.append(sm)
        return data + sw.to_bytes(2, "big")

    return transmit


CASES = [(pid, "AES", 128) for pid in sorted(STANDARD_GROUPS)] + [
    (13, "3DES", 128), (13, "AES", 192), (15, "AES", 256), (0, "3DES", 128), (2, "AES", 256)]


@pytest.mark.parametrize("pid,cipher,bits", CASES)
def test_every_standard_group_against_the_card_side(pid: int, cipher: str, bits: int) -> None:
    agreement = "DH" if pid <= 2 else "ECDH"
    info = PaceInfo(pace_oid(agreement, "GM", cipher, bits), 2, pid, agreement, "GM", cipher, bits)
    other = PaceInfo(info.protocol, 2, 12 if pid != 12 else 13, agreement, "GM", cipher, bits) \
        if agreement == "ECDH" else info
    card = PaceCard([other, info], {PASSWORD_MRZ: password_secret(MRZ_INFO, PASSWORD_MRZ),
                                    PASSWORD_CAN: password_secret("123456", PASSWORD_CAN)})
    sessions: list = []
    result = perform_pace(_card_transmit(card, sessions), info, "123456", PASSWORD_CAN)
    assert (result.sm.ks_enc, result.sm.ks_mac) == (sessions[0].ks_enc, sessions[0].ks_mac)


def test_wrong_password_refused() -> None:
    info = PaceInfo(pace_oid("ECDH", "GM", "AES", 128), 2, 13, "ECDH", "GM", "AES", 128)
    card = PaceCard([info], {PASSWORD_MRZ: password_secret(MRZ_INFO, PASSWORD_MRZ)})
    with pytest.raises(ChipAccessDenied):
        perform_pace(_card_transmit(card, []), info, "T22000129364081251010326", PASSWORD_MRZ)


def test_pace_cam_verifies_static_key_and_detects_a_clone() -> None:
    info = PaceInfo(pace_oid("ECDH", "CAM", "AES", 128), 2, 12, "ECDH", "CAM", "AES", 128)
    g = standard_group(12)
    static = g.random_private()
    card = PaceCard([info], {PASSWORD_MRZ: password_secret(MRZ_INFO, PASSWORD_MRZ)}, cam_private=static)
    result = perform_pace(_card_transmit(card, []), info, MRZ_INFO)
    assert verify_cam(result, g.public(static))
    assert not verify_cam(result, g.public(static + 1))


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=200), min_size=1, max_size=5), st.sampled_from([0, 13]))
def test_terminal_pace_survives_hostile_chip_answers(answers: list[bytes], pid: int) -> None:
    from kiosk.emrtd.apdu import ChipError

    agreement = "DH" if pid == 0 else "ECDH"
    info = PaceInfo(pace_oid(agreement, "GM", "AES", 128), 2, pid, agreement, "GM", "AES", 128)
    replies = [b"\x90\x00"] + [a + b"\x90\x00" for a in answers]

    def transmit(apdu: bytes) -> bytes:
        return replies.pop(0) if replies else b"\x6A\x80"

    with pytest.raises(ChipError):
        perform_pace(transmit, info, MRZ_INFO)
