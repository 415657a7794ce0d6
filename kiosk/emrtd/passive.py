"""Passive authentication (ICAO Doc 9303 Part 11 §5.1, Part 12): is the chip's data what the state signed?

1. every data group read is hashed with the SOD's algorithm and compared with the SOD;
2. the SOD signature (signed attributes' messageDigest = hash of the LDSSecurityObject, signature over
   the DER signed attributes) verifies with the document signer certificate (DSC);
3. the DSC chains to a trusted CSCA, both are valid at `at`, and the CSCA's CRL does not revoke it.

Every failed check adds a stable code to `failures`; nothing is a bare boolean. Codes: sod-malformed,
dg-hash-mismatch:DG<n>, dg-not-in-sod:DG<n>, no-dg-checked, signature-invalid, dsc-missing,
dsc-untrusted, dsc-expired, dsc-not-yet-valid, dsc-revoked, csca-expired, csca-not-yet-valid,
crl-expired, crl-invalid, crl-missing (only with require_crl), unsupported-algorithm:<name>,
internal-error:<exception> (never expected; fail-secure).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID

from kiosk.emrtd import signatures
from kiosk.emrtd.lds import LdsError
from kiosk.emrtd.sod import ID_LDS_SECURITY_OBJECT, Sod, SodSigner, parse_sod
from kiosk.emrtd.trust import TrustStore, name_text, names_equal, subject_key_id
from kiosk.evidence import Check

log = logging.getLogger("kiosk.emrtd.passive")

SOD_MALFORMED = "sod-malformed"
SIGNATURE_INVALID = "signature-invalid"
DSC_MISSING = "dsc-missing"
DSC_UNTRUSTED = "dsc-untrusted"
DSC_EXPIRED = "dsc-expired"
DSC_NOT_YET_VALID = "dsc-not-yet-valid"
DSC_REVOKED = "dsc-revoked"
CSCA_EXPIRED = "csca-expired"
CSCA_NOT_YET_VALID = "csca-not-yet-valid"
CRL_EXPIRED = "crl-expired"
CRL_INVALID = "crl-invalid"
CRL_MISSING = "crl-missing"
NO_DG_CHECKED = "no-dg-checked"


def dg_hash_mismatch(n: int) -> str:
    return f"dg-hash-mismatch:DG{n}"


def dg_not_in_sod(n: int) -> str:
    return f"dg-not-in-sod:DG{n}"


def unsupported(name: str) -> str:
    return f"unsupported-algorithm:{name}"


@dataclass
class PassiveAuthResult:
    status: Check
    failures: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.status is Check.VALID


class PassiveAuthenticator:
    def __init__(self, trust: TrustStore, *, require_crl: bool = False) -> None:
        """`require_crl`: a CSCA without a (valid) CRL fails with "crl-missing" instead of passing."""
        self.trust = trust
        self.require_crl = require_crl

    def verify(self, sod: bytes, data_groups: dict[int, bytes], at: dt.datetime) -> PassiveAuthResult:
        try:
            return self._verify(sod, data_groups, at)
        except Exception as exc:  # fail secure: a bug or an input nobody foresaw is a failed check, not a crash
            log.exception("passive authentication failed unexpectedly")
            return PassiveAuthResult(Check.INVALID, [f"internal-error:{type(exc).__name__}"], {"error": str(exc)})

    def _verify(self, sod: bytes, data_groups: dict[int, bytes], at: dt.datetime) -> PassiveAuthResult:
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        failures: list[str] = []
        details: dict[str, Any] = {"dgs_read": sorted(data_groups)}
        try:
            parsed = parse_sod(sod)
        except LdsError as exc:
            details["error"] = str(exc)
            return PassiveAuthResult(Check.INVALID, [SOD_MALFORMED], details)
        details.update(sod_version=parsed.version, digest_algorithm=parsed.digest_algorithm,
                       dgs_in_sod=sorted(parsed.dg_hashes), lds_version=parsed.lds_version)
        if parsed.notes:
            details["sod_notes"] = list(parsed.notes)
        if not data_groups:
            failures.append(NO_DG_CHECKED)  # a valid signature over nothing read proves nothing
        self._check_hashes(parsed, data_groups, failures, details)
        if len(parsed.signers) != 1:
            details["signer_count"] = len(parsed.signers)  # 9303 has exactly one; the first is checked
        signer = parsed.signers[0]
        details.update(signer_digest_algorithm=signer.digest_algorithm,
                       signature_algorithm=signer.signature_algorithm)
        if signer.pss:
            details["pss"] = dict(signer.pss)
        if signer.signing_time is not None:
            details["signing_time"] = signer.signing_time.isoformat()
        dsc = self._find_dsc(parsed, signer)
        if dsc is None:
            failures.append(DSC_MISSING)
        else:
            details.update(dsc_subject=dsc.subject.rfc4514_string(), dsc_serial=format(dsc.serial_number, "x"),
                           dsc_issuer=dsc.issuer.rfc4514_string(),
                           dsc_not_after=dsc.not_valid_after_utc.isoformat())
            self._check_signature(parsed, signer, dsc, failures, details)
            self._check_chain(dsc, at, failures, details)
            warnings = _profile_warnings(dsc, signer, details)
            if warnings:
                details["warnings"] = warnings
        failures = list(dict.fromkeys(failures))
        return PassiveAuthResult(Check.INVALID if failures else Check.VALID, failures, details)

    # ------------------------------------------------------------------ steps

    def _check_hashes(self, sod: Sod, dgs: dict[int, bytes], failures: list[str], details: dict[str, Any]) -> None:
        try:
            signatures.hash_algorithm(sod.digest_algorithm)
        except signatures.UnsupportedSignature:
            failures.append(unsupported(sod.digest_algorithm))
            return
        checked, mismatched = [], []
        for n in sorted(dgs):
            expected = sod.dg_hashes.get(n)
            if expected is None:
                failures.append(dg_not_in_sod(n))
                continue
            checked.append(n)
            if signatures.digest(sod.digest_algorithm, bytes(dgs[n])) != expected:
                failures.append(dg_hash_mismatch(n))
                mismatched.append(n)
        details["dgs_checked"] = checked
        details["dgs_mismatched"] = mismatched

    def _find_dsc(self, sod: Sod, signer: SodSigner) -> x509.Certificate | None:
        for cert in sod.certificates:
            if signer.subject_key_identifier is not None:
                if subject_key_id(cert) == signer.subject_key_identifier:
                    return cert
            elif signer.issuer is not None and cert.serial_number == signer.serial_number and names_equal(
                    cert.issuer.public_bytes(), signer.issuer):
                return cert
        return self.trust.find_dsc(issuer=signer.issuer, serial=signer.serial_number,
                                   ski=signer.subject_key_identifier)

    def _check_signature(self, sod: Sod, signer: SodSigner, dsc: x509.Certificate, failures: list[str],
                         details: dict[str, Any]) -> None:
        if signer.signed_attrs is None:
            # 9303 requires signed attributes; without them the signature would be over the eContent.
            details["signature_error"] = "no signed attributes"
            failures.append(SIGNATURE_INVALID)
            return
        try:
            expected = signatures.digest(signer.digest_algorithm, sod.econtent)
        except signatures.UnsupportedSignature:
            failures.append(unsupported(signer.digest_algorithm))
            return
        if signer.message_digest != expected:
            details["signature_error"] = "messageDigest attribute does not match the LDSSecurityObject"
            failures.append(SIGNATURE_INVALID)
            return
        if signer.content_type not in (None, ID_LDS_SECURITY_OBJECT):
            details["signature_error"] = f"contentType attribute {signer.content_type}"
            failures.append(SIGNATURE_INVALID)
            return
        try:
            ok = signatures.verify(signatures.public_key(dsc), signer.signature, signer.signed_attrs,
                                   algorithm=signer.signature_algorithm, digest_algorithm=signer.digest_algorithm,
                                   pss=signer.pss, plain_ecdsa_hash=signer.plain_ecdsa_hash)
        except signatures.UnsupportedSignature as exc:
            failures.append(unsupported(str(exc).split(":")[0]))
            return
        except ValueError as exc:  # e.g. a key of an unexpected size
            details["signature_error"] = str(exc)
            ok = False
        details["signature_valid"] = ok
        if not ok:
            failures.append(SIGNATURE_INVALID)

    def _check_chain(self, dsc: x509.Certificate, at: dt.datetime, failures: list[str],
                     details: dict[str, Any]) -> None:
        if dsc.not_valid_before_utc > at:
            failures.append(DSC_NOT_YET_VALID)
        if dsc.not_valid_after_utc < at:
            failures.append(DSC_EXPIRED)
        csca = next((c for c in self.trust.issuers_of(dsc) if signatures.issued_by(dsc, c)), None)
        if csca is None:
            details["chain_error"] = f"no trusted CSCA signed {name_text(dsc.issuer.public_bytes())}"
            failures.append(DSC_UNTRUSTED)
            return
        details.update(csca_subject=csca.subject.rfc4514_string(), csca_serial=format(csca.serial_number, "x"),
                       csca_not_after=csca.not_valid_after_utc.isoformat())
        if csca.not_valid_before_utc > at:
            failures.append(CSCA_NOT_YET_VALID)
        if csca.not_valid_after_utc < at:
            failures.append(CSCA_EXPIRED)
        crls = [c for c in self.trust.crls_for(csca) if signatures.issued_by(c, csca)]
        if len(crls) < len(self.trust.crls_for(csca)):
            details["crl_invalid_signatures"] = len(self.trust.crls_for(csca)) - len(crls)
            if not crls:
                failures.append(CRL_INVALID)
        if not crls:
            details["crl"] = "none"
            if self.require_crl:
                failures.append(CRL_MISSING)
            return
        crl = max(crls, key=lambda c: c.last_update_utc)  # the newest CRL speaks for the CSCA
        details.update(crl_this_update=crl.last_update_utc.isoformat(),
                       crl_next_update=crl.next_update_utc.isoformat() if crl.next_update_utc else None)
        if crl.next_update_utc is not None and crl.next_update_utc < at:
            failures.append(CRL_EXPIRED)
        # A serial revoked in any valid CRL of that CSCA stays revoked.
        revoked = next((c.get_revoked_certificate_by_serial_number(dsc.serial_number) for c in crls
                        if c.get_revoked_certificate_by_serial_number(dsc.serial_number) is not None), None)
        details["crl"] = "checked"
        if revoked is not None:
            details["dsc_revoked_at"] = revoked.revocation_date_utc.isoformat()
            failures.append(DSC_REVOKED)


def _profile_warnings(dsc: x509.Certificate, signer: SodSigner, details: dict[str, Any]) -> list[str]:
    """Deviations from the 9303-12 profile that do not by themselves fail passive authentication
    (many genuine documents have them) but are worth an officer's or an auditor's eye."""
    out = []
    try:
        ku = dsc.extensions.get_extension_for_class(x509.KeyUsage).value
        if not ku.digital_signature:
            out.append("dsc-key-usage-without-digitalSignature")
    except x509.ExtensionNotFound:
        out.append("dsc-without-key-usage")
    except ValueError:
        out.append("dsc-extensions-unreadable")
    if signer.signing_time is not None:
        when = signer.signing_time if signer.signing_time.tzinfo else signer.signing_time.replace(tzinfo=dt.UTC)
        if not dsc.not_valid_before_utc <= when <= dsc.not_valid_after_utc:
            out.append("signing-time-outside-dsc-validity")
    dsc_country = dsc.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    csca_country = dsc.issuer.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    if dsc_country and csca_country and str(dsc_country[0].value).upper() != str(csca_country[0].value).upper():
        out.append("dsc-country-differs-from-csca")
    return out

