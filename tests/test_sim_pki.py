"""The simulator's test PKI (9303-12-like profiles, signer kinds, caching) and the LDS builder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtensionOID

from hardware.sim import pki as pki_module
from hardware.sim.lds_builder import LDS_DEFECTS, build_lds, build_sod, default_portrait
from hardware.sim.pki import ID_DOCUMENT_TYPE_LIST, TestPki, demo_pki, demo_trust_store
from hardware.sim.world import _PASSPORT_DEFAULTS
from kiosk.emrtd import lds, signatures
from kiosk.emrtd.sod import parse_sod

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return demo_pki()


def _ext(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> x509.Extension:
    return cert.extensions.get_extension_for_oid(oid)


def test_csca_profile(pki: TestPki) -> None:
    csca = pki.csca_cert
    bc = _ext(csca, ExtensionOID.BASIC_CONSTRAINTS)
    assert bc.critical and bc.value.ca and bc.value.path_length == 0
    ku = _ext(csca, ExtensionOID.KEY_USAGE)
    assert ku.critical and ku.value.key_cert_sign and ku.value.crl_sign and not ku.value.digital_signature
    assert _ext(csca, ExtensionOID.SUBJECT_KEY_IDENTIFIER)
    assert csca.subject == csca.issuer and signatures.issued_by(csca, csca)
    assert csca.public_key().key_size == 3072


@pytest.mark.parametrize("algorithm", ["rsa", "ec"])
def test_dsc_profile_and_kinds(pki: TestPki, algorithm: str) -> None:
    good, _ = pki.signer("good", algorithm=algorithm)
    ku = _ext(good, ExtensionOID.KEY_USAGE)
    assert ku.critical and ku.value.digital_signature and not ku.value.key_cert_sign
    assert _ext(good, ExtensionOID.AUTHORITY_KEY_IDENTIFIER).value.key_identifier == _ext(
        pki.csca_cert, ExtensionOID.SUBJECT_KEY_IDENTIFIER).value.digest
    assert _ext(good, ID_DOCUMENT_TYPE_LIST)
    assert signatures.issued_by(good, pki.csca_cert)
    assert good.not_valid_before_utc < NOW < good.not_valid_after_utc
    untrusted, _ = pki.signer("untrusted", algorithm=algorithm)
    assert not signatures.issued_by(untrusted, pki.csca_cert) and signatures.issued_by(untrusted, pki.other_csca_cert)
    expired, _ = pki.signer("expired", algorithm=algorithm)
    assert expired.not_valid_after_utc < NOW and signatures.issued_by(expired, pki.csca_cert)
    revoked, _ = pki.signer("revoked", algorithm=algorithm)
    assert pki.crl.get_revoked_certificate_by_serial_number(revoked.serial_number) is not None
    assert pki.crl.get_revoked_certificate_by_serial_number(good.serial_number) is None
    assert pki.crl.is_signature_valid(pki.csca_cert.public_key())


def test_unknown_signer_kind(pki: TestPki) -> None:
    with pytest.raises(ValueError, match="unknown signer"):
        pki.signer("stolen")


def test_demo_pki_is_cached_in_process_and_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_TEST_PKI_DIR", str(tmp_path / "pki"))
    monkeypatch.setattr(pki_module, "_demo", None)
    first = demo_pki()
    assert demo_pki() is first
    assert sorted(p.name for p in (tmp_path / "pki").iterdir()) == sorted(f"{n}.pem" for n in TestPki._FILES)
    monkeypatch.setattr(pki_module, "_demo", None)  # a new process: same CSCA and signers from disk
    second = demo_pki()
    assert second is not first and second.csca_cert == first.csca_cert
    assert second.signer("revoked", algorithm="ec")[0] == first.signer("revoked", algorithm="ec")[0]
    assert second.crl.get_revoked_certificate_by_serial_number(first.signer("revoked")[0].serial_number)
    (tmp_path / "pki" / "csca.pem").write_text("garbage")  # a broken cache is replaced
    monkeypatch.setattr(pki_module, "_demo", None)
    third = demo_pki()
    assert third.csca_cert != first.csca_cert
    assert TestPki.load(tmp_path / "pki").csca_cert == third.csca_cert


def test_demo_trust_store_trusts_only_the_demo_csca(pki: TestPki) -> None:
    store = demo_trust_store()
    assert store.cscas == [pki.csca_cert] and len(store.crls) == 1
    assert "demo" in store.summary()["sources"][0]


def test_build_lds_files_and_com(pki: TestPki) -> None:
    files = build_lds(dict(_PASSPORT_DEFAULTS), default_portrait(60, 80), "j2k", pki=pki,
                      extra={14: b"\x6e\x00", 15: b"\x6f\x00"}, dg11={"full_name": "ERIKSSON<<ANNA MARIA"},
                      dg12={"issuing_authority": "UTOPIA"}, dg7=[b"\xff\xd8\xff\xd9"])
    assert set(files) == {"COM", "SOD", 1, 2, 7, 11, 12, 14, 15}
    assert lds.parse_com(files["COM"]).data_groups == [1, 2, 7, 11, 12, 14, 15]
    assert sorted(parse_sod(files["SOD"]).dg_hashes) == [1, 2, 7, 11, 12, 14, 15]
    assert lds.parse_dg2(files[2])[0].format == "j2k"
    assert lds.parse_dg11(files[11])["full_name"] == "ERIKSSON<<ANNA MARIA"


def test_build_lds_defects_and_card_side_defects(pki: TestPki) -> None:
    assert {"wrong-dg-hash", "untrusted-signer", "expired-signer", "revoked-signer", "bad-signature"} == LDS_DEFECTS
    files = build_lds(dict(_PASSPORT_DEFAULTS), None, pki=pki, defects={"wrong-dg-hash", "no-active-auth"})
    assert 2 not in files  # no portrait: no DG2, the hash defect falls on DG1
    sod = parse_sod(files["SOD"])
    assert sod.dg_hashes[1] != signatures.digest("sha256", files[1])


def test_builder_refuses_nonsense(pki: TestPki) -> None:
    portrait = default_portrait(40, 50)
    with pytest.raises(ValueError, match=r"DG1\.\.DG16"):
        build_lds(dict(_PASSPORT_DEFAULTS), portrait, pki=pki, extra={17: b""})
    with pytest.raises(ValueError, match="EC signer"):
        build_sod({1: b"x"}, pki.signer("good"), signature="ecdsa")
    with pytest.raises(ValueError, match="RSA signer"):
        build_sod({1: b"x"}, pki.signer("good", algorithm="ec"), signature="rsa-pss")
    with pytest.raises(ValueError, match="digest"):
        build_sod({1: b"x"}, pki.signer("good"), digest="md5")
    with pytest.raises(ValueError, match="format"):
        build_lds(dict(_PASSPORT_DEFAULTS), portrait, "png", pki=pki)
    with pytest.raises(ValueError, match="container"):
        build_lds(dict(_PASSPORT_DEFAULTS), portrait, pki=pki, container="19794-6")


def test_encoded_portraits_are_reused_only_for_the_same_pixels() -> None:
    from hardware.sim.lds_builder import encode_image

    portrait = default_portrait(40, 50)
    first = encode_image(portrait, "j2k")
    assert encode_image(portrait.copy(), "j2k") is first  # same pixels: the cached encoding
    changed = portrait.copy()
    changed[10:20, 10:20] = 0
    assert encode_image(changed, "j2k") != first
    assert encode_image(portrait, "j2k", target_bytes=2000) is not first  # other parameters, other entry


def test_the_demo_pki_cache_is_not_taken_from_a_folder_others_can_write(tmp_path):
    import os

    from hardware.sim import pki as pki_mod

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)  # like /tmp itself: anyone could have planted a CSCA here
    planted = pki_mod.TestPki()
    planted.save(shared / "test-pki")
    got = pki_mod._load_or_create(shared / "test-pki")
    assert got.csca_cert != planted.csca_cert  # not loaded: a fresh per-process PKI instead
    private = tmp_path / "private"
    ok = pki_mod._load_or_create(private / "test-pki")
    assert oct(private.stat().st_mode & 0o777) == "0o700"
    assert pki_mod._load_or_create(private / "test-pki").csca_cert == ok.csca_cert  # cached and reused
