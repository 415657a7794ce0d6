"""Signature checks shared by passive authentication and the trust store (cryptography does the maths).

RSA PKCS#1 v1.5, RSA-PSS (parameters from the algorithm identifier) and ECDSA (DER or BSI plain r||s).
"""

from __future__ import annotations

from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding

_DER = Encoding.DER

HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class UnsupportedSignature(ValueError):
    """The algorithm (or key type) is not one this kiosk verifies; the message names it."""


def hash_algorithm(name: str) -> hashes.HashAlgorithm:
    try:
        return HASHES[name]()
    except KeyError:
        raise UnsupportedSignature(name) from None


def digest(name: str, data: bytes) -> bytes:
    h = hashes.Hash(hash_algorithm(name))
    h.update(data)
    return h.finalize()


# Curves that eMRTD PKIs use (ICAO Doc 9303 Part 12, BSI TR-03110), for keys with explicit parameters.
_CURVES: tuple[ec.EllipticCurve, ...] = (
    ec.BrainpoolP256R1(), ec.BrainpoolP384R1(), ec.BrainpoolP512R1(),
    ec.SECP256R1(), ec.SECP384R1(), ec.SECP521R1(), ec.SECP224R1(), ec.SECP192R1(),
)


def public_key(cert: x509.Certificate) -> Any:
    """The certificate's key. EC keys with explicit curve parameters (common in document signer and
    CSCA certificates, not loadable by cryptography) are mapped to the named curve that both their
    generator and their public point lie on; the named curve's own generator is then used, so a
    certificate cannot smuggle in a curve of its choosing. UnsupportedSignature if nothing fits."""
    try:
        return cert.public_key()
    except (ValueError, UnsupportedAlgorithm) as exc:
        mapped = _explicit_ec_key(cert)
        if mapped is None:
            raise UnsupportedSignature(f"public-key: {exc}") from exc
        return mapped


def _explicit_ec_key(cert: x509.Certificate) -> ec.EllipticCurvePublicKey | None:
    from asn1crypto import x509 as a509

    try:
        spki = a509.Certificate.load(cert.public_bytes(_DER))["tbs_certificate"]["subject_public_key_info"]
        algorithm = spki["algorithm"]
        if algorithm["algorithm"].native != "ec" or algorithm["parameters"].name != "specified":
            return None
        domain = algorithm["parameters"].chosen
        prime = domain["field_id"]["parameters"].native
        generator = domain["base"].native
        point = spki["public_key"].native
    except Exception:  # malformed parameters: not a key we can use
        return None
    if not isinstance(prime, int) or not isinstance(generator, bytes) or not isinstance(point, bytes):
        return None
    for curve in _CURVES:
        if curve.key_size != prime.bit_length():
            continue
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(curve, generator)
            return ec.EllipticCurvePublicKey.from_encoded_point(curve, point)
        except ValueError:
            continue
    return None


def verify(public_key: Any, signature: bytes, data: bytes, *, algorithm: str, digest_algorithm: str,
           pss: dict[str, Any] | None = None, plain_ecdsa_hash: str | None = None) -> bool:
    """True if `signature` over `data` verifies. `algorithm` is the asn1crypto signature name
    ("sha256_rsa", "rsassa_pkcs1v15", "rsassa_pss", "sha256_ecdsa", "ecdsa") or a dotted OID.
    Raises UnsupportedSignature for algorithms or keys it cannot check."""
    try:
        if algorithm == "rsassa_pss":
            if not isinstance(public_key, rsa.RSAPublicKey) or pss is None:
                raise UnsupportedSignature("rsassa_pss with a non-RSA key")
            if pss.get("mgf", "mgf1") != "mgf1":
                raise UnsupportedSignature(f"rsassa_pss mgf {pss.get('mgf')}")
            public_key.verify(
                signature, data,
                padding.PSS(mgf=padding.MGF1(hash_algorithm(pss["mgf_hash"])), salt_length=pss["salt_length"]),
                hash_algorithm(pss["hash"]),
            )
            return True
        if algorithm.endswith("_rsa") or algorithm == "rsassa_pkcs1v15":
            if not isinstance(public_key, rsa.RSAPublicKey):
                raise UnsupportedSignature(f"{algorithm} with a non-RSA key")
            h = algorithm[: -len("_rsa")] if algorithm.endswith("_rsa") else digest_algorithm
            public_key.verify(signature, data, padding.PKCS1v15(), hash_algorithm(h))
            return True
        if algorithm.endswith("_ecdsa") or algorithm in ("ecdsa", "1.2.840.10045.2.1") or plain_ecdsa_hash:
            if not isinstance(public_key, ec.EllipticCurvePublicKey):
                raise UnsupportedSignature(f"{algorithm} with a non-EC key")
            if plain_ecdsa_hash:
                signature = _plain_to_der(signature, public_key)
                h = plain_ecdsa_hash
            elif algorithm.endswith("_ecdsa"):
                h = algorithm[: -len("_ecdsa")]
            else:
                h = digest_algorithm
            public_key.verify(signature, data, ec.ECDSA(hash_algorithm(h)))
            return True
    except InvalidSignature:
        return False
    except UnsupportedAlgorithm as exc:
        raise UnsupportedSignature(f"{algorithm}: {exc}") from exc
    raise UnsupportedSignature(algorithm)


def _plain_to_der(signature: bytes, key: ec.EllipticCurvePublicKey) -> bytes:
    size = (key.curve.key_size + 7) // 8
    if len(signature) != 2 * size:
        raise InvalidSignature("plain ECDSA signature of the wrong length")
    return encode_dss_signature(int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big"))


def issued_by(cert: x509.Certificate | x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    """True if `issuer`'s key signed `cert` (a certificate or a CRL), whatever the key type."""
    try:
        key = public_key(issuer)
        tbs = cert.tbs_certificate_bytes if isinstance(cert, x509.Certificate) else cert.tbs_certlist_bytes
        params = cert.signature_algorithm_parameters
        if isinstance(key, rsa.RSAPublicKey):
            if not isinstance(params, padding.PSS | padding.PKCS1v15):
                return False
            if cert.signature_hash_algorithm is None:
                return False
            key.verify(cert.signature, tbs, params, cert.signature_hash_algorithm)
            return True
        if isinstance(key, ec.EllipticCurvePublicKey):
            if not isinstance(params, ec.ECDSA):
                return False
            key.verify(cert.signature, tbs, params)
            return True
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):  # UnsupportedSignature is a ValueError
        return False
    return False
