"""EF.SOD (ICAO Doc 9303 Part 10 §4.6.2, Part 12): CMS SignedData over the LDSSecurityObject.

Parsed with asn1crypto (which is lazy: everything used is touched inside the guarded block so that
malformed DER surfaces here as `LdsError`, not later in passive authentication).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from asn1crypto import algos, cms, core
from cryptography import x509

from kiosk.emrtd import tlv
from kiosk.emrtd.lds import EF_SOD, LdsError, decode_file

MAX_SOD_BYTES = 256 * 1024
MAX_CERTIFICATES = 8
MAX_SIGNERS = 4

ID_LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
ID_CSCA_MASTER_LIST = "2.23.136.1.1.2"
# BSI TR-03111 plain (r||s) ECDSA signatures, used by some issuers in SODs.
ECDSA_PLAIN = {
    "0.4.0.127.0.7.1.1.4.1.1": "sha1",
    "0.4.0.127.0.7.1.1.4.1.2": "sha224",
    "0.4.0.127.0.7.1.1.4.1.3": "sha256",
    "0.4.0.127.0.7.1.1.4.1.4": "sha384",
    "0.4.0.127.0.7.1.1.4.1.5": "sha512",
}
ID_EC_PUBLIC_KEY = "1.2.840.10045.2.1"


class DataGroupHash(core.Sequence):
    _fields: ClassVar[list[Any]] = [("data_group_number", core.Integer), ("data_group_hash_value", core.OctetString)]


class DataGroupHashValues(core.SequenceOf):
    _child_spec: ClassVar[Any] = DataGroupHash


class LdsVersionInfo(core.Sequence):
    _fields: ClassVar[list[Any]] = [("lds_version", core.PrintableString), ("unicode_version", core.PrintableString)]


class LdsSecurityObject(core.Sequence):
    _fields: ClassVar[list[Any]] = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashValues),
        ("lds_version_info", LdsVersionInfo, {"optional": True}),
    ]


@dataclass(frozen=True)
class SodSigner:
    """One SignerInfo, with what verification needs already extracted."""

    issuer: bytes | None  # DER Name of the sid issuerAndSerialNumber
    serial_number: int | None
    subject_key_identifier: bytes | None  # sid = subjectKeyIdentifier
    digest_algorithm: str  # "sha256"
    signature_algorithm: str  # asn1crypto name ("sha256_rsa", "rsassa_pss", "sha256_ecdsa") or dotted OID
    signature: bytes
    signed_attrs: bytes | None  # DER of the SET OF attributes (what the signature covers)
    message_digest: bytes | None
    content_type: str | None  # dotted OID from the contentType attribute
    signing_time: dt.datetime | None
    pss: dict[str, Any] | None = None  # {"hash": "sha256", "mgf_hash": "sha256", "salt_length": 32}
    plain_ecdsa_hash: str | None = None  # for BSI plain ECDSA signature OIDs


@dataclass(frozen=True)
class Sod:
    version: int
    digest_algorithm: str
    dg_hashes: dict[int, bytes]
    lds_version: str | None
    unicode_version: str | None
    econtent: bytes
    econtent_type: str
    certificates: list[x509.Certificate]
    signers: list[SodSigner]
    notes: list[str] = field(default_factory=list)


def unwrap_sod(data: bytes) -> bytes:
    """The CMS ContentInfo inside the EF.SOD tag 77 (also accepts a bare ContentInfo)."""
    data, outer = decode_file(data, "EF.SOD", MAX_SOD_BYTES)
    if outer.tag == EF_SOD.tag:
        return outer.value
    if outer.tag == 0x30:
        return data[: tlv.header_length(data)]
    raise LdsError(f"EF.SOD: outer tag {outer.tag:X}, expected 77")


def parse_sod(data: bytes) -> Sod:
    content_info = unwrap_sod(data)
    try:
        return _parse(content_info)
    except LdsError:
        raise
    except Exception as exc:  # asn1crypto raises ValueError/TypeError/KeyError/... on malformed DER
        raise LdsError(f"EF.SOD: malformed CMS ({type(exc).__name__}: {exc})") from exc


def signed_data(content_info: bytes, what: str) -> cms.SignedData:
    ci = cms.ContentInfo.load(content_info, strict=True)
    if ci["content_type"].native != "signed_data":
        raise LdsError(f"{what}: content type {ci['content_type'].dotted} is not SignedData")
    return ci["content"]


def _parse(content_info: bytes) -> Sod:
    sd = signed_data(content_info, "EF.SOD")
    encap = sd["encap_content_info"]
    econtent_type = encap["content_type"].dotted
    if econtent_type != ID_LDS_SECURITY_OBJECT:
        raise LdsError(f"EF.SOD: encapsulated content {econtent_type} is not an LDSSecurityObject")
    content = encap["content"]
    if content.native is None:
        raise LdsError("EF.SOD: no encapsulated content (detached signature)")
    econtent = _octets(content)
    so = LdsSecurityObject.load(econtent, strict=True)
    version = so["version"].native
    digest = so["hash_algorithm"]["algorithm"].native
    hashes: dict[int, bytes] = {}
    for item in so["data_group_hash_values"]:
        n = item["data_group_number"].native
        if not isinstance(n, int) or not 1 <= n <= 16:
            raise LdsError(f"EF.SOD: data group number {n!r} out of range")
        if n in hashes:
            raise LdsError(f"EF.SOD: DG{n} listed twice")
        value = item["data_group_hash_value"].native
        if not 16 <= len(value) <= 64:
            raise LdsError(f"EF.SOD: DG{n} hash of {len(value)} bytes")
        hashes[n] = value
    if not hashes:
        raise LdsError("EF.SOD: no data group hashes")
    lds_version = unicode_version = None
    info = so["lds_version_info"]
    if info.native is not None:
        lds_version, unicode_version = info["lds_version"].native, info["unicode_version"].native
    notes: list[str] = []
    certs: list[x509.Certificate] = []
    raw_certs = sd["certificates"]
    if raw_certs.native is not None:
        if len(raw_certs) > MAX_CERTIFICATES:
            raise LdsError(f"EF.SOD: {len(raw_certs)} certificates")
        for choice in raw_certs:
            if choice.name != "certificate":
                notes.append(f"certificate choice {choice.name} ignored")
                continue
            try:
                cert = x509.load_der_x509_certificate(choice.chosen.dump())
                # parsed lazily: make a malformed certificate fail here, not during verification
                cert.subject.public_bytes(), cert.issuer.public_bytes()
                _ = cert.serial_number, cert.not_valid_before_utc, cert.not_valid_after_utc
                certs.append(cert)
            except ValueError as exc:
                notes.append(f"certificate unreadable: {exc}")
    infos = sd["signer_infos"]
    if not 1 <= len(infos) <= MAX_SIGNERS:
        raise LdsError(f"EF.SOD: {len(infos)} signer infos")
    signers = [signer_info(si) for si in infos]
    return Sod(int(version), digest, hashes, lds_version, unicode_version, econtent, econtent_type, certs,
               signers, notes)


def _octets(content: Any) -> bytes:
    native = content.native
    if isinstance(native, bytes):
        return native
    return content.contents  # parsed to a structure by asn1crypto: the raw octets are still here


def signer_info(si: cms.SignerInfo) -> SodSigner:
    sid = si["sid"]
    issuer = serial = ski = None
    if sid.name == "issuer_and_serial_number":
        issuer = sid.chosen["issuer"].dump()
        serial = sid.chosen["serial_number"].native
    else:
        ski = sid.chosen.native
    digest = si["digest_algorithm"]["algorithm"].native
    sig_alg = si["signature_algorithm"]
    sig_name = sig_alg["algorithm"].native
    sig_oid = sig_alg["algorithm"].dotted
    pss = None
    if sig_name == "rsassa_pss":
        params = sig_alg["parameters"]
        pss = {
            "hash": params["hash_algorithm"]["algorithm"].native,
            "mgf": params["mask_gen_algorithm"]["algorithm"].native,
            "mgf_hash": params["mask_gen_algorithm"]["parameters"]["algorithm"].native,
            "salt_length": int(params["salt_length"].native),
        }
    plain = ECDSA_PLAIN.get(sig_oid)
    signed_attrs = message_digest = content_type = signing_time = None
    attrs = si["signed_attrs"]
    if attrs.native is not None:
        raw = attrs.dump()
        signed_attrs = b"\x31" + raw[1:]  # the signature covers the attributes as a SET, not as [0]
        for attr in attrs:
            kind = attr["type"].native
            values = attr["values"]
            if len(values) != 1:
                raise LdsError(f"EF.SOD: signed attribute {kind} has {len(values)} values")
            if kind == "message_digest":
                message_digest = values[0].native
            elif kind == "content_type":
                content_type = values[0].dotted
            elif kind == "signing_time":
                signing_time = values[0].native
    return SodSigner(issuer, serial, ski, digest, sig_name if isinstance(sig_name, str) else sig_oid,
                     si["signature"].native, signed_attrs, message_digest, content_type, signing_time, pss, plain)
