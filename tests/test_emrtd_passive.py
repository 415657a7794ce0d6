"""Passive authentication against the test PKI: genuine passports pass; each defect fails with its code."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardware.sim.lds_builder import build_dg11, build_lds, build_sod, default_portrait
from hardware.sim.pki import TestPki, demo_pki, make_csca, make_dsc
from hardware.sim.world import _PASSPORT_DEFAULTS
from kiosk.emrtd import lds, signatures
from kiosk.emrtd.passive import PassiveAuthenticator
from kiosk.emrtd.sod import parse_sod
from kiosk.emrtd.trust import TrustStore
from kiosk.evidence import Check

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return demo_pki()


@pytest.fixture(scope="module")
def portrait() -> np.ndarray:
    return default_portrait(120, 160)


@pytest.fixture(scope="module")
def pa(pki: TestPki) -> PassiveAuthenticator:
    return PassiveAuthenticator(pki.trust_store())


def _dgs(files: dict[int | str, bytes]) -> dict[int, bytes]:
    return {k: v for k, v in files.items() if isinstance(k, int)}


def _lds(pki: TestPki, portrait: np.ndarray, **kw: object) -> dict[int | str, bytes]:
    return build_lds(dict(_PASSPORT_DEFAULTS), portrait, pki=pki, **kw)  # type: ignore[arg-type]


def test_genuine_passport_is_valid_with_details(pki: TestPki, portrait: np.ndarray, pa: PassiveAuthenticator) -> None:
    files = _lds(pki, portrait, extra={14: b"\x6e\x03\x31\x01\x00"})
    result = pa.verify(files["SOD"], _dgs(files), NOW)
    assert result.status is Check.VALID and result.failures == []
    d = result.details
    assert d["digest_algorithm"] == "sha256" and d["signature_algorithm"] == "sha256_rsa"
    assert d["dgs_checked"] == [1, 2, 14] and d["dgs_in_sod"] == [1, 2, 14]
    dsc = pki.signer("good")[0]
    assert d["dsc_subject"] == dsc.subject.rfc4514_string()
    assert d["dsc_serial"] == format(dsc.serial_number, "x")
    assert d["csca_subject"] == pki.csca_cert.subject.rfc4514_string()
    assert d["crl"] == "checked" and d["signature_valid"] is True
    assert "warnings" not in d  # the test PKI follows the 9303-12 profile


@pytest.mark.parametrize(("defect", "failures"), [
    ("wrong-dg-hash", ["dg-hash-mismatch:DG2"]),
    ("untrusted-signer", ["dsc-untrusted"]),
    ("expired-signer", ["dsc-expired"]),
    ("revoked-signer", ["dsc-revoked"]),
    ("bad-signature", ["signature-invalid"]),
])
@pytest.mark.parametrize("algorithm", ["rsa", "ec"])
def test_each_defect_fails_with_its_code(pki: TestPki, portrait: np.ndarray, pa: PassiveAuthenticator,
                                         defect: str, failures: list[str], algorithm: str) -> None:
    files = _lds(pki, portrait, defects={defect}, algorithm=algorithm)
    result = pa.verify(files["SOD"], _dgs(files), NOW)
    assert result.status is Check.INVALID
    assert result.failures == failures


@pytest.mark.parametrize(("signature", "algorithm", "digest", "name"), [
    ("rsa-pkcs1", "rsa", "sha1", "sha1_rsa"),
    ("rsa-pkcs1", "rsa", "sha512", "sha512_rsa"),
    ("rsa-pss", "rsa", "sha256", "rsassa_pss"),
    ("rsa-pss", "rsa", "sha384", "rsassa_pss"),
    ("ecdsa", "ec", "sha224", "sha224_ecdsa"),
    ("ecdsa", "ec", "sha256", "sha256_ecdsa"),
    ("ecdsa", "ec", "sha512", "sha512_ecdsa"),
])
def test_signature_schemes_and_digests(pki: TestPki, portrait: np.ndarray, pa: PassiveAuthenticator,
                                       signature: str, algorithm: str, digest: str, name: str) -> None:
    files = _lds(pki, portrait, signature=signature, algorithm=algorithm, digest=digest)
    result = pa.verify(files["SOD"], _dgs(files), NOW)
    assert result.failures == [] and result.status is Check.VALID
    assert result.details["digest_algorithm"] == digest and result.details["signature_algorithm"] == name
    if signature == "rsa-pss":
        size = signatures.hash_algorithm(digest).digest_size
        assert result.details["pss"] == {"hash": digest, "mgf": "mgf1", "mgf_hash": digest, "salt_length": size}
    bad = _lds(pki, portrait, signature=signature, algorithm=algorithm, digest=digest, defects={"bad-signature"})
    assert pa.verify(bad["SOD"], _dgs(bad), NOW).failures == ["signature-invalid"]


def test_a_dg_changed_after_signing_is_named(pki: TestPki, portrait: np.ndarray, pa: PassiveAuthenticator) -> None:
    files = _lds(pki, portrait)
    dgs = _dgs(files)
    dgs[1] = build_lds({**_PASSPORT_DEFAULTS, "surname": "MALLORY"}, portrait, pki=pki)[1]
    result = pa.verify(files["SOD"], dgs, NOW)
    assert result.failures == ["dg-hash-mismatch:DG1"] and result.details["dgs_mismatched"] == [1]


def test_a_dg_not_in_the_sod_is_named(pki: TestPki, portrait: np.ndarray, pa: PassiveAuthenticator) -> None:
    files = _lds(pki, portrait)
    dgs = {**_dgs(files), 11: build_dg11({"full_name": "X<<Y"})}
    assert pa.verify(files["SOD"], dgs, NOW).failures == ["dg-not-in-sod:DG11"]


def test_sod_tampered_after_signing_breaks_the_signature(pki: TestPki, portrait: np.ndarray,
                                                         pa: PassiveAuthenticator) -> None:
    files = _lds(pki, portrait)
    sod = parse_sod(files["SOD"])
    h1 = sod.dg_hashes[1]
    forged_hash = bytes([h1[0] ^ 1]) + h1[1:]
    forged = files["SOD"].replace(h1, forged_hash)
    result = pa.verify(forged, _dgs(files), NOW)
    assert "signature-invalid" in result.failures and "dg-hash-mismatch:DG1" in result.failures
    assert "messageDigest" in result.details["signature_error"]


@pytest.mark.parametrize("garbage", [b"", b"\x77\x00", b"\x77\x03\x30\x01\x00", b"\x30\x03\x02\x01\x01", b"junk"])
def test_malformed_sod(pa: PassiveAuthenticator, garbage: bytes) -> None:
    result = pa.verify(garbage, {1: b"x"}, NOW)
    assert result.status is Check.INVALID and result.failures == ["sod-malformed"] and result.details["error"]


def test_empty_trust_store_means_untrusted(pki: TestPki, portrait: np.ndarray) -> None:
    files = _lds(pki, portrait)
    result = PassiveAuthenticator(TrustStore()).verify(files["SOD"], _dgs(files), NOW)
    assert result.failures == ["dsc-untrusted"]


def test_validity_is_judged_at_the_given_time(pki: TestPki, portrait: np.ndarray, pa: PassiveAuthenticator) -> None:
    files = _lds(pki, portrait)
    early = pa.verify(files["SOD"], _dgs(files), dt.datetime(2022, 6, 1, tzinfo=dt.UTC))
    assert "dsc-not-yet-valid" in early.failures
    late = pa.verify(files["SOD"], _dgs(files), dt.datetime(2046, 1, 1))  # naive = UTC
    assert {"dsc-expired", "csca-expired", "crl-expired"} <= set(late.failures)


def test_expired_crl(pki: TestPki, portrait: np.ndarray) -> None:
    store = pki.trust_store(with_crl=False)
    store.add_crl(pki.make_crl(this_update=NOW - dt.timedelta(days=60), next_update=NOW - dt.timedelta(days=30)))
    files = _lds(pki, portrait)
    assert PassiveAuthenticator(store).verify(files["SOD"], _dgs(files), NOW).failures == ["crl-expired"]


def test_crl_not_signed_by_the_csca_is_ignored_and_reported(pki: TestPki, portrait: np.ndarray) -> None:
    store = pki.trust_store(with_crl=False)
    der = bytearray(pki.make_crl(revoked=[]).public_bytes(Encoding.DER))
    der[-1] ^= 0x01  # same issuer and AKI, signature no longer the CSCA's: a forged "nothing revoked" CRL
    store.add_crl(x509.load_der_x509_crl(bytes(der)))
    other = pki.make_crl(revoked=[], issuer=(pki.csca_cert, pki.other_csca_key))  # another key's CRL: not ours
    store.add_crl(other)
    assert store.crls_for(pki.csca_cert) == [store.crls[0]]
    files = _lds(pki, portrait, defects={"revoked-signer"})
    result = PassiveAuthenticator(store).verify(files["SOD"], _dgs(files), NOW)
    assert result.failures == ["crl-invalid"] and result.details["crl_invalid_signatures"] == 1


def test_missing_crl_passes_unless_required(pki: TestPki, portrait: np.ndarray) -> None:
    files = _lds(pki, portrait)
    store = pki.trust_store(with_crl=False)
    assert PassiveAuthenticator(store).verify(files["SOD"], _dgs(files), NOW).details["crl"] == "none"
    strict = PassiveAuthenticator(store, require_crl=True).verify(files["SOD"], _dgs(files), NOW)
    assert strict.failures == ["crl-missing"]


def test_dsc_outside_the_sod_is_found_in_the_trust_store(pki: TestPki, portrait: np.ndarray) -> None:
    files = _lds(pki, portrait)
    sod = build_sod(_dgs(files), pki.signer("good"), include_certificate=False)
    store = pki.trust_store()
    assert PassiveAuthenticator(store).verify(sod, _dgs(files), NOW).failures == ["dsc-missing"]
    store.add_certificate(pki.signer("good")[0])
    assert store.dscs and PassiveAuthenticator(store).verify(sod, _dgs(files), NOW).failures == []


def test_expired_csca_and_key_rollover_by_name() -> None:
    old_key = ec.generate_private_key(ec.SECP256R1())
    old = make_csca("UT", "CSCA Rollover", old_key, validity=(dt.datetime(2005, 1, 1, tzinfo=dt.UTC),
                                                              dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))
    new_key = ec.generate_private_key(ec.SECP256R1())
    new = make_csca("UT", "CSCA Rollover", new_key)  # same name, new key
    dsc_key = ec.generate_private_key(ec.SECP256R1())
    dsc_old = make_dsc(old, old_key, dsc_key, "DS old", validity=(dt.datetime(2010, 1, 1, tzinfo=dt.UTC),
                                                                  dt.datetime(2030, 1, 1, tzinfo=dt.UTC)))
    dsc_new = make_dsc(new, new_key, dsc_key, "DS new")
    store = TrustStore()
    store.add_certificate(old)
    store.add_certificate(new)
    dgs = {1: b"\x61\x00"}
    pa = PassiveAuthenticator(store)
    r_new = pa.verify(build_sod(dgs, (dsc_new, dsc_key)), dgs, NOW)
    assert r_new.failures == [] and r_new.details["csca_serial"] == format(new.serial_number, "x")
    r_old = pa.verify(build_sod(dgs, (dsc_old, dsc_key)), dgs, NOW)
    assert r_old.failures == ["csca-expired"]


def test_pss_signed_dsc_certificate_chains(pki: TestPki) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    dsc = make_dsc(pki.csca_cert, pki.csca_key, key, "DS PSS-certified", pss=True)
    dgs = {1: b"\x61\x00"}
    assert PassiveAuthenticator(pki.trust_store()).verify(build_sod(dgs, (dsc, key)), dgs, NOW).failures == []


def test_ec_csca() -> None:
    pki = TestPki(csca_algorithm="ec")
    files = build_lds(dict(_PASSPORT_DEFAULTS), default_portrait(40, 50), pki=pki, algorithm="ec")
    assert PassiveAuthenticator(pki.trust_store()).verify(files["SOD"], _dgs(files), NOW).failures == []


def test_plain_ecdsa_signatures_verify() -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    key = ec.generate_private_key(ec.SECP256R1())
    r, s = decode_dss_signature(key.sign(b"data", ec.ECDSA(hashes.SHA256())))
    plain = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    args = {"algorithm": "0.4.0.127.0.7.1.1.4.1.3", "digest_algorithm": "sha256", "plain_ecdsa_hash": "sha256"}
    assert signatures.verify(key.public_key(), plain, b"data", **args)
    assert not signatures.verify(key.public_key(), plain, b"other", **args)


def test_unsupported_digest_is_reported(pki: TestPki) -> None:
    with pytest.raises(signatures.UnsupportedSignature):
        signatures.hash_algorithm("md5")
    with pytest.raises(signatures.UnsupportedSignature):
        signatures.verify(pki.csca_key.public_key(), b"x", b"y", algorithm="ed25519", digest_algorithm="sha256")


def test_sod_parse_exposes_lds_security_object(pki: TestPki, portrait: np.ndarray) -> None:
    files = _lds(pki, portrait)
    sod = parse_sod(files["SOD"])
    assert sod.version == 1 and sod.lds_version == "0107" and sod.unicode_version == "040000"
    assert sorted(sod.dg_hashes) == [1, 2] and sod.econtent_type == "2.23.136.1.1.1"
    assert sod.certificates[0] == pki.signer("good")[0]
    assert sod.signers[0].serial_number == pki.signer("good")[0].serial_number
    assert lds.EF_SOD.tag == files["SOD"][0]


# ------------------------------------------------------------------ fuzzing: verify() never raises


@pytest.fixture(scope="module")
def seed_sod(pki: TestPki) -> tuple[bytes, dict[int, bytes]]:
    files = build_lds(dict(_PASSPORT_DEFAULTS), default_portrait(24, 32), pki=pki)
    return files["SOD"], _dgs(files)


def test_fuzz_mutated_sod_never_crashes(pa: PassiveAuthenticator, seed_sod: tuple[bytes, dict[int, bytes]]) -> None:
    sod, dgs = seed_sod
    original = parse_sod(sod)

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.integers(0, len(sod) - 1), st.integers(0, 255)), min_size=1, max_size=6),
           st.integers(0, 64))
    def run(changes: list[tuple[int, int]], cut: int) -> None:
        b = bytearray(sod)
        for pos, val in changes:
            b[pos] = val
        data = bytes(b[: len(b) - cut])
        try:
            parse_sod(data)
        except lds.LdsError:
            pass
        result = pa.verify(data, dgs, NOW)
        assert (result.status is Check.VALID) == (not result.failures)
        if result.status is Check.VALID:  # only bytes outside the signed content may have changed
            assert parse_sod(data).econtent == original.econtent
            assert parse_sod(data).signers[0].signed_attrs == original.signers[0].signed_attrs

    run()


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_random_sod(data: bytes) -> None:
    result = PassiveAuthenticator(TrustStore()).verify(data, {1: b"x"}, NOW)
    assert result.status is Check.INVALID


# ------------------------------------------------------------------ EC keys with explicit curve parameters

_P256 = {
    "p": 2**256 - 2**224 + 2**192 + 2**96 - 1,
    "b": 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
    "gx": 0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    "gy": 0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
    "n": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
}


def _explicit_dsc(pki: TestPki, *, generator: bytes | None = None,
                  ) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A DSC whose P-256 key is encoded with explicit domain parameters (as many issuers do)."""
    from asn1crypto import core, keys
    from asn1crypto import x509 as a509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.serialization import PublicFormat

    key = ec.generate_private_key(ec.SECP256R1())
    cert = a509.Certificate.load(make_dsc(pki.csca_cert, pki.csca_key, key, "DS explicit").public_bytes(Encoding.DER))
    p = _P256["p"]
    g = generator or b"\x04" + _P256["gx"].to_bytes(32, "big") + _P256["gy"].to_bytes(32, "big")
    domain = keys.SpecifiedECDomain({
        "version": "ecdpVer1",
        "field_id": {"field_type": "prime_field", "parameters": core.Integer(p)},
        "curve": {"a": (p - 3).to_bytes(32, "big"), "b": _P256["b"].to_bytes(32, "big")},
        "base": g, "order": _P256["n"], "cofactor": 1,
    })
    tbs = cert["tbs_certificate"]
    tbs["subject_public_key_info"] = keys.PublicKeyInfo({
        "algorithm": {"algorithm": "ec", "parameters": keys.ECDomainParameters({"specified": domain})},
        "public_key": key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint),
    })
    signature = pki.csca_key.sign(tbs.dump(force=True), padding.PKCS1v15(), hashes.SHA256())
    der = a509.Certificate({"tbs_certificate": tbs, "signature_algorithm": cert["signature_algorithm"],
                            "signature_value": signature}).dump()
    return x509.load_der_x509_certificate(der), key


def test_dsc_with_explicit_ec_parameters(pki: TestPki) -> None:
    dsc, key = _explicit_dsc(pki)
    assert signatures._explicit_ec_key(dsc).public_numbers() == key.public_key().public_numbers()
    dgs = {1: b"\x61\x00"}
    result = PassiveAuthenticator(pki.trust_store()).verify(build_sod(dgs, (dsc, key)), dgs, NOW)
    assert result.failures == [] and result.details["signature_algorithm"] == "sha256_ecdsa"


def test_explicit_parameters_with_a_foreign_generator_are_not_mapped(pki: TestPki) -> None:
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    from cryptography.hazmat.primitives.serialization import PublicFormat

    dsc, _ = _explicit_dsc(pki, generator=other.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))
    mapped = signatures._explicit_ec_key(dsc)  # still on P-256: mapped, but to the curve's own generator
    assert mapped is None or mapped.curve.name == "secp256r1"
    dsc_bad, _ = _explicit_dsc(pki, generator=b"\x04" + b"\x01" * 64)  # not a point of any known curve
    assert signatures._explicit_ec_key(dsc_bad) is None


def test_profile_deviations_are_warnings_not_failures(pki: TestPki) -> None:
    import datetime as _dt

    from cryptography.hazmat.primitives import hashes

    key = ec.generate_private_key(ec.SECP256R1())
    dsc = (x509.CertificateBuilder()
           .subject_name(x509.Name([x509.NameAttribute(x509.oid.NameOID.COUNTRY_NAME, "ZZ"),
                                    x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "DS odd")]))
           .issuer_name(pki.csca_cert.subject).public_key(key.public_key()).serial_number(77)
           .not_valid_before(_dt.datetime(2024, 1, 1)).not_valid_after(_dt.datetime(2040, 1, 1))
           .sign(pki.csca_key, hashes.SHA256()))
    dgs = {1: b"\x61\x00"}
    result = PassiveAuthenticator(pki.trust_store()).verify(build_sod(dgs, (dsc, key)), dgs, NOW)
    assert result.failures == []
    assert set(result.details["warnings"]) == {"dsc-without-key-usage", "dsc-country-differs-from-csca"}


def test_forged_csca_with_the_same_name_and_key_identifier_is_untrusted(pki: TestPki) -> None:
    """A forger copies the CSCA's name (and its key identifier into the DSC's AKI) with a key of his own."""
    from cryptography.hazmat.primitives import hashes

    forger_key = ec.generate_private_key(ec.SECP256R1())
    dsc_key = ec.generate_private_key(ec.SECP256R1())
    ski = pki.csca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    dsc = (x509.CertificateBuilder()
           .subject_name(pki.signer("good")[0].subject).issuer_name(pki.csca_cert.subject)
           .public_key(dsc_key.public_key()).serial_number(4242)
           .not_valid_before(dt.datetime(2024, 1, 1)).not_valid_after(dt.datetime(2040, 1, 1))
           .add_extension(x509.AuthorityKeyIdentifier(ski, None, None), critical=False)
           .sign(forger_key, hashes.SHA256()))
    dgs = {1: b"\x61\x00"}
    result = PassiveAuthenticator(pki.trust_store()).verify(build_sod(dgs, (dsc, dsc_key)), dgs, NOW)
    assert result.failures == ["dsc-untrusted"] and result.details["signature_valid"] is True


def test_signer_identified_by_subject_key_identifier(pki: TestPki) -> None:
    dgs = {1: b"\x61\x00", 2: b"\x75\x00"}
    good = pki.signer("good")
    sod = build_sod(dgs, good, sid="ski")
    signer = parse_sod(sod).signers[0]
    assert signer.subject_key_identifier is not None and signer.issuer is None
    store = pki.trust_store()
    assert PassiveAuthenticator(store).verify(sod, dgs, NOW).failures == []
    detached = build_sod(dgs, good, sid="ski", include_certificate=False)
    assert PassiveAuthenticator(store).verify(detached, dgs, NOW).failures == ["dsc-missing"]
    store.add_certificate(good[0])
    assert PassiveAuthenticator(store).verify(detached, dgs, NOW).failures == []


def test_nothing_read_is_not_valid(pki: TestPki) -> None:
    sod = build_sod({1: b"\x61\x00"}, pki.signer("good"))
    assert PassiveAuthenticator(pki.trust_store()).verify(sod, {}, NOW).failures == ["no-dg-checked"]
