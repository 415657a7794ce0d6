"""Trust store: CSCA files (PEM/DER, bundles), ICAO master lists (signed, tampered), CRLs, summary()."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardware.sim.lds_builder import build_lds, default_portrait
from hardware.sim.pki import TestPki, demo_pki, make_csca
from hardware.sim.world import _PASSPORT_DEFAULTS
from kiosk.emrtd.passive import PassiveAuthenticator
from kiosk.emrtd.trust import TrustError, TrustStore

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return demo_pki()


def _verify(store: TrustStore, pki: TestPki, **kw: object) -> list[str]:
    files = build_lds(dict(_PASSPORT_DEFAULTS), default_portrait(40, 50), pki=pki, **kw)  # type: ignore[arg-type]
    return PassiveAuthenticator(store).verify(files["SOD"], {k: v for k, v in files.items() if isinstance(k, int)},
                                              NOW).failures


def test_folder_with_pem_der_master_list_and_crl(pki: TestPki, tmp_path: Path) -> None:
    paths = pki.write_trust_files(tmp_path / "trust")
    (tmp_path / "trust" / "README.txt").write_text("not a certificate")
    store = TrustStore.from_paths([tmp_path / "trust"])
    summary = store.summary()
    assert summary["csca_count"] == 1  # the same CSCA three times (PEM, DER, in the list) is one anchor
    assert summary["crl_count"] == 1 and summary["crl_expired"] == 0
    assert summary["oldest_crl_next_update"] == pki.crl.next_update_utc.isoformat()
    assert summary["countries"] == ["UT"] and summary["errors"] == []
    [ml] = summary["master_lists"]
    assert ml["certificates"] == 1 and ml["signature"] == "valid" and "ML Signer" in ml["signer"]
    assert paths["master_list"].suffix == ".ml"
    assert _verify(store, pki) == [] and _verify(store, pki, defects={"revoked-signer"}) == ["dsc-revoked"]


def test_csca_and_crl_given_as_separate_lists(pki: TestPki, tmp_path: Path) -> None:
    paths = pki.write_trust_files(tmp_path, master_list=False)
    crl_pem = tmp_path / "crl.pem"
    crl_pem.write_bytes(pki.crl.public_bytes(Encoding.PEM))
    store = TrustStore.from_paths([paths["csca_der"]], [crl_pem])
    assert len(store.cscas) == 1 and len(store.crls) == 1
    assert _verify(store, pki, defects={"revoked-signer"}) == ["dsc-revoked"]


def test_pem_bundle_with_several_cscas(pki: TestPki, tmp_path: Path) -> None:
    other_key = ec.generate_private_key(ec.SECP384R1())
    other = make_csca("ZZ", "CSCA Elsewhere", other_key)
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(other.public_bytes(Encoding.PEM) + pki.csca_cert.public_bytes(Encoding.PEM))
    store = TrustStore.from_paths([bundle])
    assert store.summary()["countries"] == ["UT", "ZZ"]
    assert _verify(store, pki) == []


def test_master_list_with_several_countries(pki: TestPki, tmp_path: Path) -> None:
    other = make_csca("ZZ", "CSCA Elsewhere", ec.generate_private_key(ec.SECP256R1()))
    (tmp_path / "icao.ml").write_bytes(pki.master_list([pki.csca_cert, other]))
    store = TrustStore.from_paths([tmp_path])
    assert store.summary()["csca_count"] == 2 and store.master_lists[0].signature == "valid"


def test_tampered_master_list(pki: TestPki, tmp_path: Path) -> None:
    (tmp_path / "bad.ml").write_bytes(pki.master_list(tamper=True))
    lenient = TrustStore.from_paths([tmp_path])
    assert lenient.master_lists[0].signature == "invalid" and len(lenient.cscas) == 1
    strict = TrustStore.from_paths([tmp_path], require_signed_master_lists=True)
    assert strict.cscas == [] and "not trusted" in strict.summary()["errors"][0]
    assert _verify(strict, pki) == ["dsc-untrusted"]


def test_broken_files_and_missing_paths_are_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "broken.pem").write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    (tmp_path / "broken.cer").write_bytes(b"\x30\x03\x02\x01\x01")
    (tmp_path / "broken.ml").write_bytes(b"garbage")
    (tmp_path / "broken.crl").write_bytes(b"\x30\x00")
    store = TrustStore.from_paths([tmp_path, tmp_path / "missing"])
    errors = store.summary()["errors"]
    assert len(errors) == 5
    assert any("does not exist" in e for e in errors) and any("broken.ml" in e for e in errors)
    assert store.summary()["csca_count"] == 0


def test_load_file_raises_trust_error(tmp_path: Path) -> None:
    f = tmp_path / "x.cer"
    f.write_bytes(b"nope")
    with pytest.raises(TrustError, match=r"x\.cer"):
        TrustStore().load_file(f)


def test_expired_crl_and_csca_show_in_summary(pki: TestPki) -> None:
    store = TrustStore()
    old = make_csca("UT", "CSCA old", ec.generate_private_key(ec.SECP256R1()),
                    validity=(dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2010, 1, 1, tzinfo=dt.UTC)))
    store.add_certificate(old)
    store.add_crl(pki.make_crl(this_update=NOW - dt.timedelta(days=9), next_update=NOW - dt.timedelta(days=1)))
    s = store.summary()
    assert s["csca_expired"] == 1 and s["crl_expired"] == 1


def test_non_ca_certificates_are_kept_as_document_signers(pki: TestPki) -> None:
    store = TrustStore()
    store.add_certificate(pki.signer("good")[0])
    assert store.cscas == [] and len(store.dscs) == 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_fuzz_master_list_bytes(data: bytes) -> None:
    store = TrustStore()
    try:
        store.load_master_list(data)
    except TrustError:
        pass


def test_fuzz_mutated_master_list(pki: TestPki) -> None:
    seed = pki.master_list()

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.integers(0, len(seed) - 1), st.integers(0, 255)), min_size=1, max_size=4))
    def run(changes: list[tuple[int, int]]) -> None:
        b = bytearray(seed)
        for pos, val in changes:
            b[pos] = val
        store = TrustStore()
        try:
            info = store.load_master_list(bytes(b))
        except TrustError:
            return
        assert info.signature == "valid" or info.signature == "invalid" or info.signature.startswith("unverified")

    run()


def test_health_and_merge(pki: TestPki, tmp_path: Path) -> None:
    ok, detail, summary = TrustStore().health()
    assert not ok and "no CSCA" in detail and summary["csca_count"] == 0
    store = TrustStore.from_paths([tmp_path / "nowhere"]).merge(pki.trust_store())
    ok, detail, _ = store.health()
    assert not ok and "unreadable" in detail and len(store.cscas) == 1
    ok, detail, _ = pki.trust_store().health()
    assert ok and detail.startswith("1 CSCA (1 countries), 1 CRL")


def test_old_csca_without_basic_constraints_and_forced_roles(pki: TestPki) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COUNTRY_NAME, "OL"),
                      x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "CSCA 2006")])
    old = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
           .serial_number(1).not_valid_before(dt.datetime(2006, 1, 1)).not_valid_after(dt.datetime(2040, 1, 1))
           .sign(key, hashes.SHA256()))
    store = TrustStore()
    store.add_certificate(old)  # self-issued: an anchor even without basicConstraints
    store.add_certificate(pki.signer("good")[0], role="csca")
    assert len(store.cscas) == 2 and store.dscs == []
    with pytest.raises(ValueError, match="role"):
        store.add_certificate(old, role="root")


def _ldif_entry(dn: str, attribute: str, der: bytes) -> str:
    import base64
    import textwrap

    value = base64.b64encode(der).decode()
    first, rest = value[:60], value[60:]
    folded = "".join("\n " + chunk for chunk in textwrap.wrap(rest, 76))  # LDIF continuation lines
    return f"dn: {dn}\nobjectClass: top\npkdVersion: 1\n{attribute}:: {first}{folded}\n\n"


def test_icao_pkd_ldif_downloads(pki: TestPki, tmp_path: Path) -> None:
    from hardware.sim.lds_builder import build_sod

    dsc = pki.signer("good")[0]
    dc = "dc=data,dc=download,dc=pkd,dc=icao,dc=int"
    (tmp_path / "icaopkd-002-ml-000001.ldif").write_text(
        "version: 1\n\n" + _ldif_entry(f"cn=ml1,o=ml,c=UT,{dc}", "pkdMasterListContent", pki.master_list()))
    (tmp_path / "icaopkd-001-dsccrl-000001.ldif").write_text(
        _ldif_entry(f"cn=dsc1,o=dsc,c=UT,{dc}", "userCertificate;binary", dsc.public_bytes(Encoding.DER))
        + _ldif_entry(f"cn=crl1,o=crl,c=UT,{dc}", "certificateRevocationList;binary",
                      pki.crl.public_bytes(Encoding.DER))
        + _ldif_entry(f"cn=bad,o=dsc,c=UT,{dc}", "userCertificate;binary", b"not a certificate"))
    store = TrustStore.from_paths([tmp_path])
    s = store.summary()
    assert (s["csca_count"], s["dsc_count"], s["crl_count"]) == (1, 1, 1)
    assert s["master_lists"][0]["signature"] == "valid"
    assert len(s["errors"]) == 1 and "value" in s["errors"][0]
    dgs = {1: b"\x61\x00"}
    sod = build_sod(dgs, pki.signer("good"), include_certificate=False)  # the DSC comes from the PKD
    assert PassiveAuthenticator(store).verify(sod, dgs, NOW).failures == []


def test_ldif_without_trust_objects_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x.ldif").write_text("dn: cn=x\ncn: x\n")
    store = TrustStore.from_paths([tmp_path])
    assert "no master list" in store.errors[0]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["pkdMasterListContent", "userCertificate;binary",
                                           "certificateRevocationList;binary", "cn"]),
                          st.binary(max_size=120)), max_size=4))
def test_fuzz_ldif(entries: list[tuple[str, bytes]]) -> None:
    import base64

    text = "".join(f"dn: cn=x\n{attr}:: {base64.b64encode(value).decode()}\n\n" for attr, value in entries)
    store = TrustStore()
    try:
        store.load_ldif(text.encode())
    except TrustError:
        return
    assert store.cscas or store.dscs or store.crls or store.master_lists
