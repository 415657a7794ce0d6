"""The CSCA trust store: certificates from folders/files (PEM or DER), ICAO master lists, CRLs.

A master list (ICAO Doc 9303 Part 12 §9) is a CMS SignedData whose content (id-icao-cscaMasterList)
is `CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }`. Its signature is
checked (signer certificate from the CMS, issued by a CSCA in the list or already trusted); the
certificates of an unverifiable list are still loaded unless `require_signed_master_lists` is set,
and `summary()` says which lists verified.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from asn1crypto import core
from asn1crypto import x509 as a509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtensionOID, NameOID

from kiosk.emrtd import signatures
from kiosk.emrtd.sod import ID_CSCA_MASTER_LIST, signed_data, signer_info

_SHA256 = hashes.SHA256()
_DER = Encoding.DER
MAX_TRUST_FILE_BYTES = 32 * 1024 * 1024  # the ICAO master lists are a few MB
CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der", ".cert"}
CRL_SUFFIXES = {".crl"}
ML_SUFFIXES = {".ml"}
LDIF_SUFFIXES = {".ldif"}
MAX_LDIF_BYTES = 256 * 1024 * 1024  # the ICAO PKD's DSC/CRL download is tens of MB
# ICAO PKD LDIF attributes (base64 values) and what they hold
_LDIF_ATTRIBUTES = {
    "pkdmasterlistcontent": "master-list",
    "usercertificate;binary": "certificate",
    "cacertificate;binary": "certificate",
    "certificaterevocationlist;binary": "crl",
}


class TrustError(ValueError):
    """A trust file cannot be read; the message names the file."""


class CscaMasterList(core.Sequence):
    _fields: ClassVar[list[Any]] = [("version", core.Integer), ("cert_list", core.SetOf, {"spec": a509.Certificate})]


@dataclass
class MasterListInfo:
    source: str
    certificates: int
    signer: str | None
    signature: str  # "valid" | "invalid" | "unverified: <why>"


def subject_key_id(cert: x509.Certificate) -> bytes | None:
    try:
        return cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_KEY_IDENTIFIER).value.digest
    except (x509.ExtensionNotFound, ValueError):
        return None


def authority_key_id(cert: x509.Certificate | x509.CertificateRevocationList) -> bytes | None:
    try:
        return cert.extensions.get_extension_for_oid(ExtensionOID.AUTHORITY_KEY_IDENTIFIER).value.key_identifier
    except (x509.ExtensionNotFound, ValueError):
        return None


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS).value.ca)
    except (x509.ExtensionNotFound, ValueError):
        return False


def names_equal(a: bytes, b: bytes) -> bool:
    """RFC 5280 name comparison (case/space/string-type insensitive) of two DER Names."""
    if a == b:
        return True
    try:
        return a509.Name.load(a) == a509.Name.load(b)
    except Exception:  # malformed names from the chip never match
        return False


def _ldif_values(data: bytes) -> Iterator[tuple[str, str]]:
    """(attribute, base64 value) of every `attr:: value` line, continuation lines (leading space) unfolded."""
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\n ", "")
    for line in text.split("\n"):
        attribute, sep, value = line.partition(":: ")
        if sep and attribute and not attribute.startswith("#"):
            yield attribute.strip(), value.strip()


def check_certificate(cert: x509.Certificate) -> None:
    """cryptography parses certificates lazily: touch what verification uses so that a malformed one
    fails here (ValueError) and not in the middle of a check."""
    cert.subject.public_bytes()
    cert.issuer.public_bytes()
    _ = cert.serial_number, cert.not_valid_before_utc, cert.not_valid_after_utc


def name_key(der: bytes) -> str:
    """A normalized form of a DER Name (RFC 5280 comparison rules) usable as a dict key."""
    try:
        return a509.Name.load(der).hashable
    except Exception:  # malformed: only an identical encoding matches
        return "der:" + der.hex()


def _hashes_sha256(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SHA256())
    h.update(data)
    return h.finalize()


def name_text(der: bytes) -> str:
    try:
        return a509.Name.load(der).human_friendly
    except Exception:
        return der.hex()


@dataclass
class TrustStore:
    cscas: list[x509.Certificate] = field(default_factory=list)
    dscs: list[x509.Certificate] = field(default_factory=list)  # for SODs that do not carry their DSC
    crls: list[x509.CertificateRevocationList] = field(default_factory=list)
    master_lists: list[MasterListInfo] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    _seen: set[bytes] = field(default_factory=set, repr=False)
    _csca_by_ski: dict[bytes, list[x509.Certificate]] = field(default_factory=dict, repr=False)
    _csca_by_name: dict[str, list[x509.Certificate]] = field(default_factory=dict, repr=False)
    _crl_by_name: dict[str, list[x509.CertificateRevocationList]] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_paths(cls, csca: Iterable[str | Path], crl: Iterable[str | Path] = (), *,
                   require_signed_master_lists: bool = False) -> TrustStore:
        """Load every certificate, master list and CRL under the given files/folders (recursively).

        Unreadable files and missing paths are recorded in `errors` (shown by `summary()`) rather
        than raised: a broken trust file must not stop the lane, it makes chips fail as untrusted.
        """
        store = cls()
        for p in [*csca, *crl]:
            store.load_path(p, require_signed_master_lists=require_signed_master_lists)
        return store

    def load_path(self, path: str | Path, *, require_signed_master_lists: bool = False) -> None:
        p = Path(path)
        if not p.exists():
            self.errors.append(f"{p}: does not exist")
            return
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        self.sources.append(str(p))
        for f in files:
            if f.name.startswith("."):
                continue
            try:
                self.load_file(f, require_signed_master_lists=require_signed_master_lists)
            except TrustError as exc:
                self.errors.append(str(exc))

    def load_file(self, path: str | Path, *, require_signed_master_lists: bool = False) -> None:
        p = Path(path)
        suffix = p.suffix.lower()
        limit = MAX_LDIF_BYTES if suffix in LDIF_SUFFIXES else MAX_TRUST_FILE_BYTES
        try:
            size = p.stat().st_size
            if size > limit:
                raise TrustError(f"{p}: {size} bytes is too large for a trust file")
            data = p.read_bytes()
        except OSError as exc:
            raise TrustError(f"{p}: {exc.strerror or exc}") from exc
        if suffix in LDIF_SUFFIXES:
            self.load_ldif(data, source=str(p), require_signed_master_lists=require_signed_master_lists)
            return
        if suffix in ML_SUFFIXES:
            self.load_master_list(data, source=str(p), require_signature=require_signed_master_lists)
            return
        if b"-----BEGIN" in data:
            self._load_pem(data, p)
            return
        if suffix in CRL_SUFFIXES:
            self.add_crl(_load_der_crl(data, p))
            return
        try:
            self.add_certificate(x509.load_der_x509_certificate(data))
            return
        except ValueError:
            pass
        try:
            self.add_crl(x509.load_der_x509_crl(data))
            return
        except ValueError:
            pass
        try:
            self.load_master_list(data, source=str(p), require_signature=require_signed_master_lists)
            return
        except TrustError:
            pass
        if suffix in CERT_SUFFIXES:
            raise TrustError(f"{p}: not a certificate (PEM or DER)")
        # Unknown suffix and no recognizable content (README, checksums, ...): ignore quietly.

    def load_ldif(self, data: bytes, *, source: str = "<ldif>", require_signed_master_lists: bool = False) -> int:
        """An ICAO PKD download (LDIF): master lists, DSC/CSCA certificates and CRLs as base64
        attributes of LDAP entries. Returns the number of objects loaded; bad entries go to `errors`."""
        loaded = 0
        for n, (attribute, value) in enumerate(_ldif_values(data), 1):
            kind = _LDIF_ATTRIBUTES.get(attribute.lower())
            if kind is None:
                continue
            where = f"{source} value {n} ({attribute})"
            try:
                der = base64.b64decode(value, validate=True)
                if kind == "master-list":
                    self.load_master_list(der, source=where, require_signature=require_signed_master_lists)
                elif kind == "certificate":
                    self.add_certificate(x509.load_der_x509_certificate(der))
                else:
                    self.add_crl(x509.load_der_x509_crl(der))
                loaded += 1
            except (ValueError, TrustError) as exc:  # binascii.Error is a ValueError
                self.errors.append(f"{where}: {exc}")
        if not loaded:
            raise TrustError(f"{source}: no master list, certificate or CRL in this LDIF")
        return loaded

    def _load_pem(self, data: bytes, p: Path) -> None:
        found = False
        if b"CERTIFICATE-----" in data:
            try:
                for cert in x509.load_pem_x509_certificates(data):
                    self.add_certificate(cert)
                    found = True
            except ValueError as exc:
                raise TrustError(f"{p}: bad PEM certificate ({exc})") from exc
        if b"X509 CRL-----" in data:
            for block in data.split(b"-----BEGIN X509 CRL-----")[1:]:
                body = block.split(b"-----END X509 CRL-----")[0]
                pem = b"-----BEGIN X509 CRL-----" + body + b"-----END X509 CRL-----\n"
                try:
                    self.add_crl(x509.load_pem_x509_crl(pem))
                    found = True
                except ValueError as exc:
                    raise TrustError(f"{p}: bad PEM CRL ({exc})") from exc
        if not found:
            raise TrustError(f"{p}: PEM without certificates or CRLs")

    def load_master_list(self, data: bytes, *, source: str = "<master list>",
                         require_signature: bool = False) -> MasterListInfo:
        try:
            sd = signed_data(data, source)
            encap = sd["encap_content_info"]
            if encap["content_type"].dotted != ID_CSCA_MASTER_LIST:
                raise TrustError(f"{source}: CMS content {encap['content_type'].dotted} is not a CSCA master list")
            econtent = encap["content"].native
            if not isinstance(econtent, bytes):
                econtent = encap["content"].contents
            ml = CscaMasterList.load(econtent, strict=True)
            certs = []
            for c in ml["cert_list"]:
                try:
                    certs.append(x509.load_der_x509_certificate(c.dump()))
                except ValueError as exc:
                    self.errors.append(f"{source}: a certificate is unreadable ({exc})")
            status, signer = self._verify_master_list(sd, econtent, certs)
        except TrustError:
            raise
        except Exception as exc:  # malformed CMS/DER in any of many ways
            raise TrustError(f"{source}: not a readable ICAO master list ({type(exc).__name__}: {exc})") from exc
        info = MasterListInfo(source, len(certs), signer, status)
        self.master_lists.append(info)
        if require_signature and status != "valid":
            self.errors.append(f"{source}: master list signature {status}; its certificates are not trusted")
            return info
        for cert in certs:
            try:
                self.add_certificate(cert, role="csca")
            except TrustError as exc:
                self.errors.append(f"{source}: {exc}")
        return info

    def _verify_master_list(self, sd: Any, econtent: bytes, listed: list[x509.Certificate]) -> tuple[str, str | None]:
        infos = sd["signer_infos"]
        if len(infos) != 1:
            return f"unverified: {len(infos)} signer infos", None
        si = infos[0]
        embedded = []
        if sd["certificates"].native is not None:
            for choice in sd["certificates"]:
                if choice.name == "certificate":
                    try:
                        embedded.append(x509.load_der_x509_certificate(choice.chosen.dump()))
                    except ValueError:
                        continue
        sid = si["sid"]
        signer = None
        for cert in embedded:
            if sid.name == "issuer_and_serial_number":
                if cert.serial_number == sid.chosen["serial_number"].native and names_equal(
                        cert.issuer.public_bytes(), sid.chosen["issuer"].dump()):
                    signer = cert
            elif subject_key_id(cert) == sid.chosen.native:
                signer = cert
        if signer is None:
            return "unverified: signer certificate not in the list", None
        info = signer_info(si)  # the same SignerInfo extraction as for EF.SOD
        if info.signed_attrs is not None:
            if info.message_digest != signatures.digest(info.digest_algorithm, econtent):
                return "invalid", signer.subject.rfc4514_string()
            signed = info.signed_attrs
        else:
            signed = econtent
        try:
            ok = signatures.verify(signatures.public_key(signer), info.signature, signed,
                                   algorithm=info.signature_algorithm,
                                   digest_algorithm=info.digest_algorithm, pss=info.pss,
                                   plain_ecdsa_hash=info.plain_ecdsa_hash)
        except signatures.UnsupportedSignature as exc:
            return f"unverified: {exc}", signer.subject.rfc4514_string()
        if not ok:
            return "invalid", signer.subject.rfc4514_string()
        issuers = [c for c in [*listed, *self.cscas] if signatures.issued_by(signer, c)]
        if not issuers:
            return "unverified: signer not issued by a listed or trusted CSCA", signer.subject.rfc4514_string()
        return "valid", signer.subject.rfc4514_string()

    # ------------------------------------------------------------------ contract API

    def add_certificate(self, cert: x509.Certificate, *, role: str = "auto") -> None:
        """Add a trust anchor (CSCA) or a document signer. role "auto": CA certificates and self-issued
        ones (old CSCAs without basicConstraints) are CSCAs, others DSCs kept for SODs that do not carry
        theirs; "csca" / "dsc" force it (a master list holds CSCAs only).
        (Always add through here: the lookups use indexes kept by this method.)"""
        if role not in ("auto", "csca", "dsc"):
            raise ValueError(f"role must be auto, csca or dsc, not {role!r}")
        try:
            check_certificate(cert)
        except ValueError as exc:
            raise TrustError(f"unusable certificate: {exc}") from exc
        fp = cert.fingerprint(_SHA256)
        if fp in self._seen:
            return
        self._seen.add(fp)
        self_issued = names_equal(cert.subject.public_bytes(), cert.issuer.public_bytes())
        if role == "csca" or (role == "auto" and (_is_ca(cert) or self_issued)):
            self.cscas.append(cert)
            ski = subject_key_id(cert)
            if ski is not None:
                self._csca_by_ski.setdefault(ski, []).append(cert)
            self._csca_by_name.setdefault(name_key(cert.subject.public_bytes()), []).append(cert)
        else:
            self.dscs.append(cert)

    def add_crl(self, crl: x509.CertificateRevocationList) -> None:
        fp = _hashes_sha256(crl.public_bytes(_DER))
        if fp in self._seen:
            return
        self._seen.add(fp)
        self.crls.append(crl)
        self._crl_by_name.setdefault(name_key(crl.issuer.public_bytes()), []).append(crl)

    def summary(self) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC)
        next_updates = [c.next_update_utc for c in self.crls if c.next_update_utc is not None]
        oldest = min(next_updates) if next_updates else None
        expired = [c for c in self.cscas if c.not_valid_after_utc < now]
        return {
            "csca_count": len(self.cscas),
            "csca_expired": len(expired),
            "dsc_count": len(self.dscs),
            "crl_count": len(self.crls),
            "crl_expired": sum(1 for u in next_updates if u < now),
            "oldest_crl_next_update": oldest.isoformat() if oldest else None,
            "master_lists": [vars(m) for m in self.master_lists],
            "countries": sorted({_country(c) for c in self.cscas} - {""}),
            "sources": list(self.sources),
            "errors": list(self.errors),
        }

    def merge(self, other: TrustStore) -> TrustStore:
        """Add everything `other` holds (e.g. the demo CSCA on top of the configured folders)."""
        for cert in [*other.cscas, *other.dscs]:
            self.add_certificate(cert)
        for crl in other.crls:
            self.add_crl(crl)
        self.master_lists.extend(other.master_lists)
        self.errors.extend(other.errors)
        self.sources.extend(other.sources)
        return self

    def health(self) -> tuple[bool, str, dict[str, Any]]:
        """(usable, one-line detail, summary) for `doctor`: usable means at least one CSCA, no
        unreadable trust file and no expired CRL (an expired CRL fails every passport of that CSCA)."""
        s = self.summary()
        problems = []
        if not s["csca_count"]:
            problems.append("no CSCA certificate: every chip will fail passive authentication")
        if s["errors"]:
            problems.append(f"{len(s['errors'])} unreadable trust file(s): {s['errors'][0]}")
        if s["crl_expired"]:
            problems.append(f"{s['crl_expired']} expired CRL(s)")
        if s["csca_expired"]:
            problems.append(f"{s['csca_expired']} expired CSCA certificate(s)")  # a warning: old passports
        detail = (f"{s['csca_count']} CSCA ({len(s['countries'])} countries), {s['crl_count']} CRL, "
                  f"{len(s['master_lists'])} master list(s); oldest CRL next update {s['oldest_crl_next_update']}")
        if problems:
            detail += "; " + "; ".join(problems)
        ok = bool(s["csca_count"]) and not s["errors"] and not s["crl_expired"]
        return ok, detail, s

    # ------------------------------------------------------------------ lookups

    def issuers_of(self, cert: x509.Certificate) -> list[x509.Certificate]:
        """Trusted CSCAs that may have issued `cert`: by AKI = SKI first, else by issuer name.

        Returns candidates only; the caller checks the signature (several CSCAs of one country share
        a name across key rollovers)."""
        aki = authority_key_id(cert)
        by_key = list(self._csca_by_ski.get(aki, [])) if aki is not None else []
        by_name = [c for c in self._csca_by_name.get(name_key(cert.issuer.public_bytes()), []) if c not in by_key]
        return by_key + by_name

    def find_dsc(self, *, issuer: bytes | None = None, serial: int | None = None,
                 ski: bytes | None = None) -> x509.Certificate | None:
        for c in self.dscs:
            if ski is not None and subject_key_id(c) == ski:
                return c
            if issuer is not None and c.serial_number == serial and names_equal(c.issuer.public_bytes(), issuer):
                return c
        return None

    def crls_for(self, csca: x509.Certificate) -> list[x509.CertificateRevocationList]:
        """CRLs issued under `csca` (by name, then AKI if present)."""
        ski = subject_key_id(csca)
        out = []
        for crl in self._crl_by_name.get(name_key(csca.subject.public_bytes()), []):
            aki = authority_key_id(crl)
            if aki is not None and ski is not None and aki != ski:
                continue
            out.append(crl)
        return out


def _country(cert: x509.Certificate) -> str:
    attrs = cert.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    return str(attrs[0].value) if attrs else ""


def _load_der_crl(data: bytes, p: Path) -> x509.CertificateRevocationList:
    try:
        return x509.load_der_x509_crl(data)
    except ValueError as exc:
        raise TrustError(f"{p}: not a CRL ({exc})") from exc
