"""SecurityInfos (EF.CardAccess, DG14, EF.CardSecurity content), DG15, and chip public keys.

ICAO Doc 9303-11 §9.2: PACEInfo, ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo,
ActiveAuthenticationInfo. Parsing is strict and bounded: anything malformed raises
`SecurityInfoError` (a ChipError); unknown SecurityInfo kinds are kept but ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from asn1crypto import core, keys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kiosk.emrtd import tlv
from kiosk.emrtd.apdu import ChipError
from kiosk.emrtd.groups import DhGroup, EcGroup, Group, dh_group_by_params, ec_group_by_name, ec_group_by_params

MAX_SECURITY_INFOS = 10_000  # bytes; real files are a few hundred


class SecurityInfoError(ChipError):
    pass


BSI = "0.4.0.127.0.7"
ID_PK_DH, ID_PK_ECDH = f"{BSI}.2.2.1.1", f"{BSI}.2.2.1.2"
ID_CA = f"{BSI}.2.2.3"
ID_PACE = f"{BSI}.2.2.4"
ID_AA = "2.23.136.1.1.5"
ECDSA_PLAIN = f"{BSI}.1.1.4.1"
ECDSA_PLAIN_HASH = {f"{ECDSA_PLAIN}.{i}": h for i, h in
                    ((1, "sha1"), (2, "sha224"), (3, "sha256"), (4, "sha384"), (5, "sha512"))}
ECDSA_X962_HASH = {"1.2.840.10045.4.1": "sha1", "1.2.840.10045.4.3.1": "sha224", "1.2.840.10045.4.3.2": "sha256",
                   "1.2.840.10045.4.3.3": "sha384", "1.2.840.10045.4.3.4": "sha512"}

_CIPHERS = {1: ("3DES", 128), 2: ("AES", 128), 3: ("AES", 192), 4: ("AES", 256)}
_PACE_MAPPINGS = {1: ("DH", "GM"), 2: ("ECDH", "GM"), 3: ("DH", "IM"), 4: ("ECDH", "IM"), 6: ("ECDH", "CAM")}


def pace_oid(agreement: str, mapping: str, cipher: str, key_bits: int) -> str:
    m = next(k for k, v in _PACE_MAPPINGS.items() if v == (agreement, mapping))
    c = next(k for k, v in _CIPHERS.items() if v == (cipher, key_bits))
    return f"{ID_PACE}.{m}.{c}"


def ca_oid(agreement: str, cipher: str, key_bits: int) -> str:
    c = next(k for k, v in _CIPHERS.items() if v == (cipher, key_bits))
    return f"{ID_CA}.{1 if agreement == 'DH' else 2}.{c}"


@dataclass(frozen=True)
class PaceInfo:
    protocol: str
    version: int
    parameter_id: int | None
    agreement: str  # "DH" | "ECDH"
    mapping: str  # "GM" | "IM" | "CAM"
    cipher: str  # "3DES" | "AES"
    key_bits: int

    @property
    def name(self) -> str:
        return f"PACE-{self.agreement}-{self.mapping}-{'3DES' if self.cipher == '3DES' else f'AES-{self.key_bits}'}"


@dataclass(frozen=True)
class ChipAuthInfo:
    protocol: str
    version: int
    key_id: int | None
    agreement: str
    cipher: str
    key_bits: int


@dataclass(frozen=True)
class ChipPublicKey:
    kind: str  # "ec" | "dh" | "rsa"
    group: Group | None = None
    public: Any = None  # EC point / DH int
    rsa: rsa.RSAPublicKey | None = None

    def ec_key(self) -> ec.EllipticCurvePublicKey:
        if self.kind != "ec" or not isinstance(self.group, EcGroup):
            raise SecurityInfoError("not an EC key")
        curve = _CRYPTO_CURVES[self.group.name]()
        return ec.EllipticCurvePublicNumbers(self.public.x(), self.public.y(), curve).public_key()


@dataclass(frozen=True)
class ChipAuthPublicKey:
    protocol: str
    key: ChipPublicKey
    key_id: int | None


@dataclass
class SecurityInfos:
    pace: list[PaceInfo] = field(default_factory=list)
    chip_auth: list[ChipAuthInfo] = field(default_factory=list)
    chip_auth_keys: list[ChipAuthPublicKey] = field(default_factory=list)
    aa_signature_algorithm: str | None = None
    unknown: list[str] = field(default_factory=list)


_CRYPTO_CURVES: dict[str, Any] = {
    "secp192r1": ec.SECP192R1, "secp224r1": ec.SECP224R1, "secp256r1": ec.SECP256R1, "secp384r1": ec.SECP384R1,
    "secp521r1": ec.SECP521R1, "brainpoolP256r1": ec.BrainpoolP256R1, "brainpoolP384r1": ec.BrainpoolP384R1,
    "brainpoolP512r1": ec.BrainpoolP512R1,
}


class _SecurityInfo(core.Sequence):
    _fields = [  # noqa: RUF012 (asn1crypto's declarative spec)
        ("protocol", core.ObjectIdentifier),
        ("required", core.Any),
        ("optional", core.Any, {"optional": True}),
    ]


class _SecurityInfoSet(core.SetOf):
    _child_spec = _SecurityInfo


def _int(value: Any) -> int:
    n = value.parse(core.Integer).native
    if not isinstance(n, int) or not 0 <= n < 1 << 32:
        raise SecurityInfoError("integer out of range")
    return n


def parse_public_key(spki_der: bytes) -> ChipPublicKey:
    """A SubjectPublicKeyInfo of a chip key: RSA, EC (named or explicit curve) or DH (dhpublicnumber)."""
    try:
        info = keys.PublicKeyInfo.load(spki_der, strict=True)
        algo = info["algorithm"]["algorithm"].native
        if algo == "rsa":
            key = serialization.load_der_public_key(spki_der)
            if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 1024 or key.key_size > 8192:
                raise SecurityInfoError("unacceptable RSA key")
            return ChipPublicKey("rsa", rsa=key)
        if algo == "ec":
            params = info["algorithm"]["parameters"]
            if params.name == "named":
                name = params.chosen.native
                group = ec_group_by_name(
                    name.replace("brainpoolp", "brainpoolP") if name.startswith("brainpool") else name
                )
            elif params.name == "specified":
                spec = params.chosen
                p = spec["field_id"]["parameters"].native
                a = int.from_bytes(spec["curve"]["a"].native, "big")
                b = int.from_bytes(spec["curve"]["b"].native, "big")
                base = spec["base"].native
                size = (p.bit_length() + 7) // 8
                if len(base) != 1 + 2 * size or base[0] != 4:
                    raise SecurityInfoError("explicit curve base point must be uncompressed")
                group = ec_group_by_params(p, a, b, int.from_bytes(base[1 : 1 + size], "big"),
                                           int.from_bytes(base[1 + size :], "big"), spec["order"].native)
            else:
                raise SecurityInfoError("EC key with implicit parameters")
            point = group.decode(bytes(info["public_key"].native if isinstance(info["public_key"].native, bytes)
                                       else info["public_key"].contents[1:]))
            return ChipPublicKey("ec", group, point)
        if algo == "dh":
            params = info["algorithm"]["parameters"]
            group = dh_group_by_params(params["p"].native, params["g"].native, params["q"].native)
            y = info["public_key"].parsed.native
            return ChipPublicKey("dh", group, group.decode(y.to_bytes(group.size, "big") if 0 <= y < group.p else b""))
        raise SecurityInfoError(f"unsupported public key algorithm {algo}")
    except ChipError:
        raise
    except Exception as exc:  # asn1crypto parses lazily and raises many kinds on hostile DER
        raise SecurityInfoError(f"malformed public key: {exc}") from exc


def parse_security_infos(data: bytes) -> SecurityInfos:
    if len(data) > MAX_SECURITY_INFOS * 10:
        raise SecurityInfoError("SecurityInfos too large")
    out = SecurityInfos()
    try:
        parsed = _SecurityInfoSet.load(bytes(data), strict=False)
        for info in parsed:
            oid = info["protocol"].dotted
            if oid.startswith(ID_PACE + "."):
                arcs = oid[len(ID_PACE) + 1 :].split(".")
                if len(arcs) != 2 or int(arcs[0]) not in _PACE_MAPPINGS or int(arcs[1]) not in _CIPHERS:
                    out.unknown.append(oid)
                    continue
                agreement, mapping = _PACE_MAPPINGS[int(arcs[0])]
                cipher, bits = _CIPHERS[int(arcs[1])]
                pid = _int(info["optional"]) if info["optional"].contents is not None else None
                out.pace.append(PaceInfo(oid, _int(info["required"]), pid, agreement, mapping, cipher, bits))
            elif oid.startswith(ID_CA + "."):
                arcs = oid[len(ID_CA) + 1 :].split(".")
                if len(arcs) != 2 or arcs[0] not in ("1", "2") or int(arcs[1]) not in _CIPHERS:
                    out.unknown.append(oid)
                    continue
                cipher, bits = _CIPHERS[int(arcs[1])]
                kid = _int(info["optional"]) if info["optional"].contents is not None else None
                out.chip_auth.append(ChipAuthInfo(oid, _int(info["required"]), kid,
                                                  "DH" if arcs[0] == "1" else "ECDH", cipher, bits))
            elif oid in (ID_PK_DH, ID_PK_ECDH):
                key = parse_public_key(info["required"].dump())
                kid = _int(info["optional"]) if info["optional"].contents is not None else None
                out.chip_auth_keys.append(ChipAuthPublicKey(oid, key, kid))
            elif oid == ID_AA:
                if info["optional"].contents is None:
                    raise SecurityInfoError("ActiveAuthenticationInfo without signature algorithm")
                out.aa_signature_algorithm = info["optional"].parse(core.ObjectIdentifier).dotted
            else:
                out.unknown.append(oid)
    except ChipError:
        raise
    except Exception as exc:
        raise SecurityInfoError(f"malformed SecurityInfos: {exc}") from exc
    return out


def _dg_value(data: bytes, tag: int, name: str) -> bytes:
    try:
        outer = tlv.decode(data)
    except tlv.TlvError as exc:
        raise SecurityInfoError(f"{name}: {exc}") from exc
    if outer.tag != tag:
        raise SecurityInfoError(f"{name} tag {outer.tag:X}, {tag:X} expected")
    return outer.value


def parse_dg14(data: bytes) -> SecurityInfos:
    return parse_security_infos(_dg_value(data, 0x6E, "DG14"))


def parse_dg15(data: bytes) -> ChipPublicKey:
    return parse_public_key(_dg_value(data, 0x6F, "DG15"))


# --- encoding (the virtual chip and tests) ------------------------------------------------------


def _seq(*parts: core.Asn1Value) -> bytes:
    return tlv.encode(0x30, [p.dump() if isinstance(p, core.Asn1Value) else p for p in parts])


def encode_pace_info(protocol: str, parameter_id: int | None, version: int = 2) -> bytes:
    parts: list[Any] = [core.ObjectIdentifier(protocol), core.Integer(version)]
    if parameter_id is not None:
        parts.append(core.Integer(parameter_id))
    return _seq(*parts)


def encode_ca_info(protocol: str, key_id: int | None = None) -> bytes:
    parts: list[Any] = [core.ObjectIdentifier(protocol), core.Integer(1)]
    if key_id is not None:
        parts.append(core.Integer(key_id))
    return _seq(*parts)


def encode_ca_public_key_info(spki_der: bytes, kind: str, key_id: int | None = None) -> bytes:
    parts: list[Any] = [core.ObjectIdentifier(ID_PK_DH if kind == "dh" else ID_PK_ECDH), spki_der]
    if key_id is not None:
        parts.append(core.Integer(key_id))
    return _seq(*parts)


def encode_aa_info(signature_oid: str) -> bytes:
    return _seq(core.ObjectIdentifier(ID_AA), core.Integer(1), core.ObjectIdentifier(signature_oid))


def encode_security_infos(infos: list[bytes]) -> bytes:
    return tlv.encode(0x31, sorted(infos))  # DER SET OF: sorted encodings


def encode_dh_spki(group: DhGroup, y: int) -> bytes:
    info = keys.PublicKeyInfo({
        "algorithm": {"algorithm": "dh", "parameters": keys.DomainParameters({"p": group.p, "g": group.g,
                                                                               "q": group.q})},
        "public_key": core.Integer(y),
    })
    return info.dump()


def encode_ec_spki(group: EcGroup, point: Any) -> bytes:
    key = ec.EllipticCurvePublicNumbers(point.x(), point.y(), _CRYPTO_CURVES[group.name]()).public_key()
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def supported_ec_groups() -> list[str]:
    return sorted(_CRYPTO_CURVES)
