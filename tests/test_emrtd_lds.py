"""LDS data groups: builder → parser round trips, the MRZ in DG1, both DG2 containers, hostile input."""

from __future__ import annotations

import datetime as dt
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardware.sim.lds_builder import (
    build_com,
    build_dg1,
    build_dg2,
    build_dg7,
    build_dg11,
    build_dg12,
    default_portrait,
    encode_image,
)
from hardware.sim.world import _PASSPORT_DEFAULTS
from kiosk.emrtd import lds, tlv
from kiosk.emrtd.lds import DG_FILES, EF_COM, EF_SOD, LdsError

TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"


@pytest.fixture(scope="module")
def portrait() -> np.ndarray:
    return default_portrait(240, 320)


def test_file_table_matches_9303_part10() -> None:
    assert (DG_FILES[1].fid, DG_FILES[1].sfi, DG_FILES[1].tag) == (0x0101, 0x01, 0x61)
    assert (DG_FILES[2].fid, DG_FILES[2].tag) == (0x0102, 0x75)
    assert (DG_FILES[14].fid, DG_FILES[14].sfi, DG_FILES[14].tag) == (0x010E, 0x0E, 0x6E)
    assert (DG_FILES[15].tag, DG_FILES[16].tag, DG_FILES[11].tag, DG_FILES[12].tag) == (0x6F, 0x70, 0x6B, 0x6C)
    assert (EF_COM.fid, EF_COM.sfi, EF_COM.tag) == (0x011E, 0x1E, 0x60)
    assert (EF_SOD.fid, EF_SOD.sfi, EF_SOD.tag) == (0x011D, 0x1D, 0x77)
    assert lds.dg_for_tag(0x75) == 2 and lds.dg_for_tag(0x77) is None


def test_com_round_trip_lists_the_data_groups() -> None:
    com = lds.parse_com(build_com([1, 2, 14, 15, 11]))
    assert com.lds_version == "1.7"
    assert com.unicode_version == "4.0.0"
    assert com.data_groups == [1, 2, 11, 14, 15]
    assert com.unknown_tags == []


def test_com_with_unknown_tag_keeps_the_known_groups() -> None:
    data = tlv.encode(0x60, [tlv.encode(0x5F01, b"0108"), tlv.encode(0x5F36, b"040000"),
                             tlv.encode(0x5C, b"\x61\x99\x75")])
    com = lds.parse_com(data)
    assert com.data_groups == [1, 2] and com.unknown_tags == [0x99] and com.lds_version == "1.8"


@pytest.mark.parametrize("bad", [
    b"", b"\x61\x00", b"\x60\x05\x5F\x01\x02\x30\x31", tlv.encode(0x60, [tlv.encode(0x5C, b"\x61")]),
    b"\x60\x84\xff\xff\xff\xff", tlv.encode(0x60, [tlv.encode(0x5F01, b"01x7")]),
])
def test_com_rejects_malformed(bad: bytes) -> None:
    with pytest.raises(ValueError):
        lds.parse_com(bad)


def test_dg1_td3_round_trip() -> None:
    mrz = lds.parse_dg1(build_dg1(dict(_PASSPORT_DEFAULTS)))
    assert mrz.format == "TD3"
    assert mrz.fields()["document_number"] == "L898902C3"
    assert mrz.surname == "ERIKSSON" and mrz.given_names == "ANNA MARIA"
    assert mrz.date_of_birth == "740812" and mrz.date_of_expiry == "320415"


@pytest.mark.parametrize(("text", "fmt"), [(TD1, "TD1"), (TD2, "TD2")])
def test_dg1_td1_td2(text: str, fmt: str) -> None:
    mrz = lds.parse_dg1(build_dg1({"mrz": text}))
    assert mrz.format == fmt and mrz.document_number == "D23145890" and mrz.sex == "F"


def test_dg1_with_a_bad_check_digit_is_an_lds_error() -> None:
    text = build_dg1(dict(_PASSPORT_DEFAULTS)).replace(b"740812", b"740813")
    with pytest.raises(LdsError, match="check digit"):
        lds.parse_dg1(text)


@pytest.mark.parametrize("bad", [
    tlv.encode(0x61, [tlv.encode(0x5F1F, b"P<UTO" * 3)]),  # wrong length
    tlv.encode(0x61, [tlv.encode(0x5F1E, b"x")]),  # no MRZ
    tlv.encode(0x61, [tlv.encode(0x5F1F, bytes([0xC3]) * 88)]),  # not ASCII
    tlv.encode(0x75, [tlv.encode(0x5F1F, b"x")]),  # wrong outer tag
])
def test_dg1_rejects_malformed(bad: bytes) -> None:
    with pytest.raises(LdsError):
        lds.parse_dg1(bad)


@pytest.mark.parametrize("container", ["19794-5", "39794-5"])
@pytest.mark.parametrize("fmt", ["jpeg", "jp2", "j2k"])
def test_dg2_round_trip(portrait: np.ndarray, container: str, fmt: str) -> None:
    faces = lds.parse_dg2(build_dg2(portrait, fmt, container=container))
    assert len(faces) == 1
    face = faces[0]
    assert (face.format, face.standard, face.width, face.height) == (fmt, container, 240, 320)
    assert lds.sniff_image(face.data) == fmt
    assert face.header["format_owner"] == "0101"
    if container == "39794-5":
        assert face.header["image_data_format"] == ("jpeg" if fmt == "jpeg" else "jpeg2000-lossy")
    else:
        assert face.header["image_data_type"] == ("jpeg" if fmt == "jpeg" else "jpeg2000")
    assert "bytes=" in repr(face) and "data" not in repr(face)  # no image bytes in logs


def test_dg2_19794_5_version_030(portrait: np.ndarray) -> None:
    face = lds.parse_dg2(build_dg2(portrait, "jpeg", fac_version="030"))[0]
    assert face.header["fac_version"] == "030" and (face.width, face.height) == (240, 320)
    assert face.data == encode_image(portrait, "jpeg")


def test_dg2_target_bytes_makes_a_dg2_of_that_size(portrait: np.ndarray) -> None:
    for fmt in ("jpeg", "jp2"):
        data = build_dg2(portrait, fmt, target_bytes=20_000)
        assert 18_000 <= len(data) <= 20_500, (fmt, len(data))
        assert lds.parse_dg2(data)[0].format == fmt


def test_dg2_two_images() -> None:
    one = build_dg2(default_portrait(64, 80), "jpeg")
    template = tlv.decode(tlv.decode(one).value).children()[1]  # 7F61 → [02, 7F60]
    raw_template = tlv.encode(0x7F60, template.value)
    two = tlv.encode(0x75, [tlv.encode(0x7F61, [tlv.encode(0x02, b"\x02"), raw_template, raw_template])])
    assert [f.width for f in lds.parse_dg2(two)] == [64, 64]


def _fac_with(image: bytes, *, count: int = 1, points: int = 0, block_length: int | None = None) -> bytes:
    rec = struct.pack(">HBBB3sHbbbBBB", points, 0, 0, 0, b"\0\0\0", 0, 0, 0, 0, 0, 0, 0) + b"\0" * (8 * points)
    rec += struct.pack(">BBHHBBHH", 1, 0, 10, 10, 1, 2, 0, 0) + image
    rec = struct.pack(">I", block_length if block_length is not None else len(rec) + 4) + rec
    fac = b"FAC\x00010\x00" + struct.pack(">IH", 14 + len(rec), count) + rec
    template = tlv.encode(0x7F60, [tlv.encode(0xA1, [tlv.encode(0x81, b"\x02")]), tlv.encode(0x5F2E, fac)])
    return tlv.encode(0x75, [tlv.encode(0x7F61, [tlv.encode(0x02, b"\x01"), template])])


@pytest.mark.parametrize(("dg2", "message"), [
    (_fac_with(b"GIF89a" + b"\0" * 30), "neither JPEG"),
    (_fac_with(b"\xff\xd8\xff" + b"\0" * 30, count=0), "facial images"),
    (_fac_with(b"\xff\xd8\xff" + b"\0" * 30, count=2), "truncated"),
    (_fac_with(b"\xff\xd8\xff" + b"\0" * 30, block_length=10**6), "does not fit"),
    (_fac_with(b"\xff\xd8\xff", points=300), "landmark"),
    (tlv.encode(0x75, [tlv.encode(0x7F61, [tlv.encode(0x02, b"\x01")])]), "7F60"),
    (tlv.encode(0x75, [tlv.encode(0x02, b"\x01")]), "7F61"),
    (tlv.encode(0x75, [tlv.encode(0x7F61, [tlv.encode(0x02, b"\x03"), tlv.encode(0x7F60, [tlv.encode(0xA1, b"")])])]),
     "count"),
    (tlv.encode(0x75, [tlv.encode(0x7F61, [tlv.encode(0x7F60, [tlv.encode(0x5F2E, b"XYZ\x00" + b"\0" * 20)])])]),
     "neither ISO"),
    (tlv.encode(0x75, [tlv.encode(0x7F61, [tlv.encode(0x7F60, [tlv.encode(0x7F2E, [tlv.encode(0x65, [
        tlv.encode(0xA0, [tlv.encode(0x80, b"\x03")])])])])])]), "representation blocks"),
])
def test_dg2_rejects_malformed(dg2: bytes, message: str) -> None:
    with pytest.raises(LdsError, match=message):
        lds.parse_dg2(dg2)


def test_dg2_header_and_bytes_disagreeing_is_flagged_not_trusted(portrait: np.ndarray) -> None:
    jpeg = encode_image(portrait, "jpeg")
    dg2 = _fac_with(jpeg).replace(struct.pack(">BBHH", 1, 0, 10, 10), struct.pack(">BBHH", 1, 1, 10, 10))
    face = lds.parse_dg2(dg2)[0]
    assert face.format == "jpeg" and face.header["image_type_mismatch"] is True


def test_dg7_round_trip_and_count_check(portrait: np.ndarray) -> None:
    sig = encode_image(portrait[:40, :120], "jpeg")
    assert lds.parse_dg7(build_dg7([sig, sig])) == [sig, sig]
    bad = tlv.encode(0x67, [tlv.encode(0x02, b"\x02"), tlv.encode(0x5F43, sig)])
    with pytest.raises(LdsError, match="count"):
        lds.parse_dg7(bad)


def test_dg11_round_trip() -> None:
    fields = {"full_name": "ERIKSSON<<ANNA MARIA", "other_names": ["SVENSSON<<ANNA", "ERIKSDOTTIR<<ANNA"],
              "personal_number": "123456789", "date_of_birth": "19740812", "place_of_birth": "ZÜRICH, UTOPIA",
              "address": "1 MAIN STREET<UTOPIA", "profession": "ENGINEER"}
    out = lds.parse_dg11(build_dg11(fields))
    assert out["full_name"] == "ERIKSSON<<ANNA MARIA"
    assert out["other_names"] == ["SVENSSON<<ANNA", "ERIKSDOTTIR<<ANNA"]
    assert out["place_of_birth"] == "ZÜRICH, UTOPIA"  # UTF-8
    assert out["date_of_birth"] == "19740812" and out["profession"] == "ENGINEER"
    assert 0x5F0E in out["tag_list"] and 0x5F0F in out["tag_list"]


def test_dg12_round_trip() -> None:
    out = lds.parse_dg12(build_dg12({"issuing_authority": "PASSPORT OFFICE UTOPIA CITY", "date_of_issue": "20220415",
                                     "other_persons": ["ERIKSSON<<LISA"], "image_front": b"\xff\xd8\xff\xe0"}))
    assert out["issuing_authority"] == "PASSPORT OFFICE UTOPIA CITY"
    assert out["date_of_issue"] == "20220415"
    assert out["other_persons"] == ["ERIKSSON<<LISA"]
    assert out["image_front"] == b"\xff\xd8\xff\xe0"  # binary fields stay bytes


def test_dg11_overlong_text_is_refused() -> None:
    with pytest.raises(LdsError, match="text field"):
        lds.parse_dg11(tlv.encode(0x6B, [tlv.encode(0x5F0E, b"A" * 5000)]))


def test_oversized_file_is_refused_before_parsing() -> None:
    with pytest.raises(LdsError, match="more than"):
        lds.parse_dg2(b"\x75\x83\x20\x00\x00" + b"\0" * (2 << 20))


# ------------------------------------------------------------------ fuzzing: hostile bytes never crash

_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_PARSERS = [lds.parse_com, lds.parse_dg1, lds.parse_dg2, lds.parse_dg7, lds.parse_dg11, lds.parse_dg12]


@_FUZZ
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data: bytes) -> None:
    for parse in _PARSERS:
        try:
            parse(data)
        except ValueError:
            pass


def _mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    def mutate(pos_val: list[tuple[int, int]], cut: int) -> bytes:
        b = bytearray(seed)
        for pos, val in pos_val:
            b[pos % len(b)] = val
        return bytes(b[: max(1, len(b) - cut)])

    return st.builds(mutate, st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=6),
                     st.integers(0, 40))


_SEEDS = {
    "com": build_com([1, 2, 11, 12, 14]),
    "dg1": build_dg1(dict(_PASSPORT_DEFAULTS)),
    "dg2_19794": build_dg2(default_portrait(24, 32), "jpeg"),
    "dg2_39794": build_dg2(default_portrait(24, 32), "j2k", container="39794-5"),
    "dg2_030": build_dg2(default_portrait(24, 32), "jpeg", fac_version="030"),
    "dg11": build_dg11({"full_name": "A<<B", "other_names": ["C<<D"], "place_of_birth": "X"}),
    "dg12": build_dg12({"issuing_authority": "X", "other_persons": ["Y"], "date_of_issue": "20200101"}),
}


@pytest.mark.parametrize("seed", sorted(_SEEDS))
def test_fuzz_mutated_valid_files(seed: str) -> None:
    @_FUZZ
    @given(_mutations(_SEEDS[seed]))
    def run(data: bytes) -> None:
        for parse in _PARSERS:
            try:
                result = parse(data)
            except ValueError:
                continue
            if parse is lds.parse_dg2:
                assert all(lds.sniff_image(f.data) == f.format for f in result)

    run()


def test_dg2_39794_5_without_the_application_wrapper_and_two_representations(portrait: np.ndarray) -> None:
    jpeg = encode_image(portrait, "jpeg")

    def rep(n: int, fmt_code: int) -> bytes:
        info = tlv.encode(0xA1, [tlv.encode(0xA0, [tlv.encode(0xA1, [tlv.encode(0x80, bytes([fmt_code]))])]),
                                 tlv.encode(0xA7, [tlv.encode(0x80, b"\x00\xf0"), tlv.encode(0x81, b"\x01\x40")])])
        two_d = tlv.encode(0xA0, [tlv.encode(0x80, jpeg), info])
        return tlv.encode(0x30, [tlv.encode(0x80, bytes([n])), tlv.encode(0xA1, [tlv.encode(0xA0, [two_d])])])

    # the block's fields directly in 7F2E, the format code in the extension-block fallback form
    block = tlv.encode(0xA0, [tlv.encode(0x80, b"\x03"), tlv.encode(0x81, b"\x07\xe3")]) + tlv.encode(
        0xA1, [rep(0, 2), rep(1, 2)])
    template = tlv.encode(0x7F60, [tlv.encode(0x7F2E, block)])
    faces = lds.parse_dg2(tlv.encode(0x75, [tlv.encode(0x7F61, [tlv.encode(0x02, b"\x01"), template])]))
    assert [(f.standard, f.format, f.width, f.height) for f in faces] == [("39794-5", "jpeg", 240, 320)] * 2
    assert faces[0].header["image_data_format"] == "jpeg" and faces[0].header["year"] == 2019


# ------------------------------------------------------------------ property-based round trips

_letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)
_date = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2060, 12, 31)).map(lambda d: d.strftime("%y%m%d"))


@settings(max_examples=100, deadline=None)
@given(surname=_letters, given=st.lists(_letters, min_size=1, max_size=2).map(" ".join),
       number=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=9),
       dob=_date, doe=_date, sex=st.sampled_from("MFX"), state=st.sampled_from(["UTO", "D", "GBR", "FRA"]))
def test_dg1_round_trip_property(surname: str, given: str, number: str, dob: str, doe: str, sex: str,
                                 state: str) -> None:
    passport = {"document_code": "P", "issuing_state": state, "surname": surname, "given_names": given,
                "document_number": number, "nationality": state, "date_of_birth": dob, "sex": sex,
                "date_of_expiry": doe}
    fields = lds.parse_dg1(build_dg1(passport)).fields()
    assert fields["surname"] == surname and fields["given_names"] == given
    assert fields["document_number"] == number and fields["issuing_state"] == state
    assert (fields["date_of_birth"], fields["date_of_expiry"], fields["sex"]) == (dob, doe, sex)


_field_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=60)


@settings(max_examples=100, deadline=None)
@given(full_name=_field_text, place=_field_text, others=st.lists(_field_text, max_size=3),
       authority=_field_text, issued=st.from_regex(r"\A(19|20)\d{6}\Z"))
def test_dg11_dg12_round_trip_property(full_name: str, place: str, others: list[str], authority: str,
                                       issued: str) -> None:
    dg11 = lds.parse_dg11(build_dg11({"full_name": full_name, "place_of_birth": place, "other_names": others}))
    assert dg11["full_name"] == full_name and dg11["place_of_birth"] == place
    assert dg11.get("other_names", []) == others
    dg12 = lds.parse_dg12(build_dg12({"issuing_authority": authority, "date_of_issue": issued}))
    assert dg12["issuing_authority"] == authority and dg12["date_of_issue"] == issued
