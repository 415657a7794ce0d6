"""A test PKI for the virtual passports: CSCA → document signers (DSC) → CRL, plus an untrusted CSCA.

Certificate profiles follow ICAO Doc 9303 Part 12 §7 (CSCA: CA, keyCertSign/cRLSign, SKI, private key
usage period; DSC: digitalSignature only, AKI/SKI, document type list). Signer kinds:
  good      — issued by the CSCA, valid now;
  untrusted — issued by another CSCA that no demo trust store contains;
  expired   — issued by the CSCA, validity ended in 2021;
  revoked   — issued by the CSCA, valid, and listed in the CSCA's CRL.
Each kind exists with an RSA 2048 and an EC P-256 key (`algorithm="rsa"|"ec"`).

Generating RSA keys costs a few hundred ms, so `demo_pki()` caches per process and on disk (a temp
folder, or $KIOSK_TEST_PKI_DIR): the simulator and a kiosk in another process then agree on the CSCA.
The CRL is re-signed at every load so its dates are always current.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, ClassVar

from asn1crypto import algos, cms, core
from asn1crypto import x509 as a509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from kiosk.emrtd.sod import ID_CSCA_MASTER_LIST
from kiosk.emrtd.trust import CscaMasterList, TrustStore

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
SIGNER_KINDS = ("good", "untrusted", "expired", "revoked")
ALGORITHMS = ("rsa", "ec")
CACHE_VERSION = "v1"
ID_DOCUMENT_TYPE_LIST = x509.ObjectIdentifier("2.23.136.1.1.6.2")

_UTC = dt.UTC
CSCA_VALIDITY = (dt.datetime(2015, 1, 1, tzinfo=_UTC), dt.datetime(2045, 1, 1, tzinfo=_UTC))
DSC_VALIDITY = (dt.datetime(2024, 1, 1, tzinfo=_UTC), dt.datetime(2040, 1, 1, tzinfo=_UTC))
EXPIRED_VALIDITY = (dt.datetime(2016, 1, 1, tzinfo=_UTC), dt.datetime(2021, 1, 1, tzinfo=_UTC))


def _name(country: str, cn: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, country),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Utopia Test PKI (not a real state)"),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


def _new_key(algorithm: str, *, bits: int = 2048) -> PrivateKey:
    if algorithm == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=bits)
    if algorithm == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    raise ValueError(f"unknown key algorithm {algorithm!r} (rsa, ec)")


def _sign_hash(key: PrivateKey) -> hashes.HashAlgorithm:
    return hashes.SHA256()


def _document_type_list(types: tuple[str, ...] = ("P",)) -> bytes:
    class _DocTypes(core.Sequence):
        _fields: ClassVar[list[Any]] = [
            ("version", core.Integer), ("types", core.SetOf, {"spec": core.PrintableString}),
        ]

    return _DocTypes({"version": 0, "types": list(types)}).dump()


def make_csca(country: str, cn: str, key: PrivateKey, *, validity: tuple[dt.datetime, dt.datetime] = CSCA_VALIDITY,
              serial: int | None = None) -> x509.Certificate:
    name = _name(country, cn)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    builder = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(validity[0]).not_valid_after(validity[1])
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier(ski.digest, None, None), critical=False)
        .add_extension(x509.PrivateKeyUsagePeriod(validity[0], validity[0] + dt.timedelta(days=5 * 365)),
                       critical=False)
    )
    return builder.sign(key, _sign_hash(key))


def make_dsc(issuer_cert: x509.Certificate, issuer_key: PrivateKey, key: PrivateKey, cn: str, *,
             validity: tuple[dt.datetime, dt.datetime] = DSC_VALIDITY, pss: bool = False) -> x509.Certificate:
    country = issuer_cert.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(str(country), cn)).issuer_name(issuer_cert.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(validity[0]).not_valid_after(validity[1])
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        .add_extension(x509.PrivateKeyUsagePeriod(validity[0], validity[0] + dt.timedelta(days=90)), critical=False)
        .add_extension(x509.UnrecognizedExtension(ID_DOCUMENT_TYPE_LIST, _document_type_list()), critical=False)
    )
    if pss and isinstance(issuer_key, rsa.RSAPrivateKey):
        return builder.sign(issuer_key, hashes.SHA256(),
                            rsa_padding=padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32))
    return builder.sign(issuer_key, _sign_hash(issuer_key))


class TestPki:
    """CSCA → DSC chain (+ CRL) for the simulator and the tests. `TestPki()` makes fresh keys."""

    __test__ = False  # not a pytest test class

    def __init__(self, *, country: str = "UT", csca_algorithm: str = "rsa",
                 _material: dict[str, Any] | None = None) -> None:
        self.country = country
        if _material is not None:
            self.__dict__.update(_material)
        else:
            self.csca_key = _new_key(csca_algorithm, bits=3072)
            self.csca_cert = make_csca(country, "CSCA Utopia TEST", self.csca_key)
            self.other_csca_key = _new_key("rsa")
            self.other_csca_cert = make_csca(country, "CSCA Utopia TEST (untrusted)", self.other_csca_key)
            self._signers: dict[tuple[str, str], tuple[x509.Certificate, PrivateKey]] = {}
            for algorithm in ALGORITHMS:
                for kind in SIGNER_KINDS:
                    self._signers[(kind, algorithm)] = self._make_signer(kind, algorithm)
        self.crl = self.make_crl()

    def _make_signer(self, kind: str, algorithm: str) -> tuple[x509.Certificate, PrivateKey]:
        key = _new_key(algorithm)
        cn = f"DS Utopia TEST {kind} {algorithm}"
        if kind == "untrusted":
            return make_dsc(self.other_csca_cert, self.other_csca_key, key, cn), key
        validity = EXPIRED_VALIDITY if kind == "expired" else DSC_VALIDITY
        return make_dsc(self.csca_cert, self.csca_key, key, cn, validity=validity), key

    def signer(self, kind: str = "good", *, algorithm: str = "rsa") -> tuple[x509.Certificate, PrivateKey]:
        try:
            return self._signers[(kind, algorithm)]
        except KeyError:
            raise ValueError(f"unknown signer {kind!r}/{algorithm!r} (kinds {SIGNER_KINDS}, algorithms "
                             f"{ALGORITHMS})") from None

    def make_crl(self, *, revoked: list[x509.Certificate] | None = None, this_update: dt.datetime | None = None,
                 next_update: dt.datetime | None = None, issuer: tuple[x509.Certificate, PrivateKey] | None = None,
                 ) -> x509.CertificateRevocationList:
        """A CRL of the CSCA (default: revokes both "revoked" signers, valid from now-1 h for 30 days)."""
        now = dt.datetime.now(_UTC).replace(microsecond=0)
        this_update = this_update or now - dt.timedelta(hours=1)
        next_update = next_update or now + dt.timedelta(days=30)
        cert, key = issuer or (self.csca_cert, self.csca_key)
        if revoked is None:
            revoked = [self.signer("revoked", algorithm=a)[0] for a in ALGORITHMS]
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(cert.subject).last_update(this_update).next_update(next_update)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
            .add_extension(x509.CRLNumber(int(this_update.timestamp())), critical=False)
        )
        for r in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(r.serial_number)
                .revocation_date(min(this_update, DSC_VALIDITY[0] + dt.timedelta(days=30))).build()
            )
        return builder.sign(key, _sign_hash(key))

    def trust_store(self, *, with_crl: bool = True) -> TrustStore:
        store = TrustStore()
        store.add_certificate(self.csca_cert)
        if with_crl:
            store.add_crl(self.crl)
        store.sources.append("test PKI (demo mode only)")
        return store

    def master_list(self, certs: list[x509.Certificate] | None = None, *, tamper: bool = False) -> bytes:
        """An ICAO master list (CMS SignedData over a CscaMasterList) signed by a master list signer
        that the CSCA issued. `tamper` corrupts the signature."""
        certs = certs if certs is not None else [self.csca_cert]
        signer_key = _new_key("ec")
        signer_cert = make_dsc(self.csca_cert, self.csca_key, signer_key, "ML Signer Utopia TEST")
        content = CscaMasterList({
            "version": 0,
            "cert_list": [a509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in certs],
        }).dump()
        return sign_cms(content, ID_CSCA_MASTER_LIST, signer_cert, signer_key, tamper=tamper)

    def write_trust_files(self, folder: Path, *, master_list: bool = True) -> dict[str, Path]:
        """Write the trust material as an installer would find it: CSCA (PEM and DER), an ICAO master
        list and the CRL (DER). Returns the paths by kind."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = {
            "csca_pem": folder / "csca-ut.pem",
            "csca_der": folder / "csca-ut.cer",
            "crl": folder / "csca-ut.crl",
        }
        paths["csca_pem"].write_bytes(self.csca_cert.public_bytes(serialization.Encoding.PEM))
        paths["csca_der"].write_bytes(self.csca_cert.public_bytes(serialization.Encoding.DER))
        paths["crl"].write_bytes(self.crl.public_bytes(serialization.Encoding.DER))
        if master_list:
            paths["master_list"] = folder / "ut-masterlist.ml"
            paths["master_list"].write_bytes(self.master_list())
        return paths

    # ------------------------------------------------------------------ persistence

    _FILES = ("csca", "other_csca", *(f"{k}_{a}" for a in ALGORITHMS for k in SIGNER_KINDS))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        items = {"csca": (self.csca_cert, self.csca_key), "other_csca": (self.other_csca_cert, self.other_csca_key)}
        items.update({f"{k}_{a}": v for (k, a), v in self._signers.items()})
        for name, (cert, key) in items.items():
            pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
            (folder / f"{name}.pem").write_bytes(pem + cert.public_bytes(serialization.Encoding.PEM))

    @classmethod
    def load(cls, folder: Path, *, country: str = "UT") -> TestPki:
        loaded = {}
        for name in cls._FILES:
            data = (folder / f"{name}.pem").read_bytes()
            # our own cache: skip the slow RSA consistency checks (they dominate the load time)
            key = serialization.load_pem_private_key(data, password=None, unsafe_skip_rsa_key_validation=True)
            if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
                raise ValueError(f"{folder / name}: unexpected key type")
            loaded[name] = (x509.load_pem_x509_certificate(data), key)
        material: dict[str, Any] = {
            "csca_cert": loaded["csca"][0], "csca_key": loaded["csca"][1],
            "other_csca_cert": loaded["other_csca"][0], "other_csca_key": loaded["other_csca"][1],
            "_signers": {(k, a): loaded[f"{k}_{a}"] for a in ALGORITHMS for k in SIGNER_KINDS},
        }
        return cls(country=country, _material=material)


def sign_cms(content: bytes, content_type: str, cert: x509.Certificate, key: PrivateKey, *,
             digest: str = "sha256", signature: str | None = None, tamper: bool = False,
             signing_time: dt.datetime | None = None, include_certificate: bool = True,
             sid: str = "issuer-serial") -> bytes:
    """CMS SignedData (DER ContentInfo) with signed attributes, as EF.SOD and master lists use it.
    `sid`: identify the signer by "issuer-serial" (SignerInfo v1) or "ski" (subject key id, v3)."""
    from hardware.sim.lds_builder import _sign  # one signing routine for SODs and master lists

    h = hashes.Hash(_HASHES[digest]())
    h.update(content)
    when = signing_time or dt.datetime.now(_UTC).replace(microsecond=0)
    attrs = cms.CMSAttributes([
        cms.CMSAttribute({"type": "content_type", "values": [cms.ContentType(content_type)]}),
        cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": when})]}),
        cms.CMSAttribute({"type": "message_digest", "values": [h.finalize()]}),
    ])
    if signature is None:
        signature = "ecdsa" if isinstance(key, ec.EllipticCurvePrivateKey) else "rsa-pkcs1"
    sig_value, sig_alg = _sign(key, attrs.dump(), digest, signature)
    if tamper:
        sig_value = sig_value[:-1] + bytes([sig_value[-1] ^ 0x01])
    a_cert = a509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    if sid == "ski":
        ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
        identifier = cms.SignerIdentifier({"subject_key_identifier": ski})
    elif sid == "issuer-serial":
        identifier = cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": a_cert.issuer, "serial_number": a_cert.serial_number})})
    else:
        raise ValueError(f"sid must be issuer-serial or ski, not {sid!r}")
    signer = cms.SignerInfo({
        "version": "v3" if sid == "ski" else "v1",
        "sid": identifier,
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": digest}),
        "signed_attrs": attrs,
        "signature_algorithm": sig_alg,
        "signature": sig_value,
    })
    sd = cms.SignedData({
        "version": "v3",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": digest})],
        "encap_content_info": cms.EncapsulatedContentInfo({
            "content_type": cms.ContentType(content_type), "content": core.ParsableOctetString(content)}),
        "signer_infos": [signer],
    })
    if include_certificate:
        sd["certificates"] = [cms.CertificateChoices({"certificate": a_cert})]
    return cms.ContentInfo({"content_type": "signed_data", "content": sd}).dump()


log = logging.getLogger(__name__)

_HASHES = {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
           "sha512": hashes.SHA512}

_demo: TestPki | None = None
_demo_lock = threading.Lock()


def _cache_dir() -> Path:
    base = os.environ.get("KIOSK_TEST_PKI_DIR")
    if base:
        return Path(base)
    # per user, in a folder only that user can write: another local user must not be able to plant
    # the CSCA a demo lane trusts
    private = Path(tempfile.gettempdir()) / f"clearance-kiosk-{os.getuid()}"
    return private / f"test-pki-{CACHE_VERSION}"


def _private_parent(folder: Path) -> bool:
    """Create the cache's parent 0700 if missing; True only when it is ours and no one else can write."""
    parent = folder.parent
    try:
        parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = parent.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def demo_pki() -> TestPki:
    """The demo PKI: cached per process and on disk, so every process of a run shares one CSCA."""
    global _demo
    with _demo_lock:
        if _demo is None:
            _demo = _load_or_create(_cache_dir())
        return _demo


def _load_or_create(folder: Path) -> TestPki:
    if not _private_parent(folder):
        log.warning("test PKI cache %s is not private to this user: using a per-process PKI", folder.parent)
        return TestPki()
    try:
        return TestPki.load(folder)
    except (OSError, ValueError):
        pass
    try:
        lock = open(folder.parent / f".{folder.name}.lock", "a+b")  # noqa: SIM115 - held for the block below
    except OSError:
        return TestPki()  # no writable cache: a per-process PKI still works
    with lock:
        # One process generates, the others wait and load the same PKI (kiosk and simulator may be
        # separate processes that must agree on the CSCA).
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return TestPki.load(folder)
        except (OSError, ValueError):
            pass
        pki = TestPki()
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            pki.save(tmp)
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)  # unreadable (partial, older) cache
            os.replace(tmp, folder)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
        return pki


def demo_trust_store() -> TrustStore:
    """Trusts demo_pki().csca_cert with its CRL. Demo mode only: never configure it on a real lane."""
    return demo_pki().trust_store()
