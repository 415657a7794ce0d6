"""Build virtual passports: genuine ones and broken ones on demand, from a simulated traveller.

`build_passport(...)` is the general builder; `passport_for(traveller)` reads a SimTraveller's
`passport` (MRZ fields), `chip` {identity, portrait_format, access PACE|BAC, aa rsa|ec, ca, cam,
ca_param, defects [...], pace [param ids], cipher 3DES|AES-128|AES-192|AES-256, can, max_le, extended,
delay_s, portrait_bytes, dg11 {...}, dg12 {...}} and `faults`
{card_removed}. Building (JPEG 2000 encoding, RSA keys, signing) is cached per traveller name.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa

from hardware.sim.chip import ChipBehaviour, ChipSecrets, VirtualPassport
from kiosk.emrtd.groups import EcGroup, standard_group
from kiosk.emrtd.mrz import build_td3, parse_mrz
from kiosk.emrtd.securityinfos import (
    ChipAuthInfo,
    PaceInfo,
    ca_oid,
    encode_aa_info,
    encode_ca_info,
    encode_ca_public_key_info,
    encode_dh_spki,
    encode_ec_spki,
    encode_pace_info,
    encode_security_infos,
    pace_oid,
)
from kiosk.emrtd.tlv import encode as tlv_encode

ECDSA_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"
KNOWN_DEFECTS = {"wrong-dg-hash", "untrusted-signer", "expired-signer", "revoked-signer", "bad-signature",
                 "clone", "dg1-mismatch", "aa-clone", "ca-clone"}
_cache: dict[Any, tuple[dict[int | str, bytes], ChipSecrets, bytes | None]] = {}
_lock = threading.Lock()


def _pace_infos(param_ids: list[int], cipher: str, bits: int, cam: bool) -> list[PaceInfo]:
    out = []
    for pid in param_ids:
        agreement = "DH" if pid <= 2 else "ECDH"
        out.append(PaceInfo(pace_oid(agreement, "GM", cipher, bits), 2, pid, agreement, "GM", cipher, bits))
        if cam and agreement == "ECDH" and cipher == "AES":
            out.append(PaceInfo(pace_oid("ECDH", "CAM", cipher, bits), 2, pid, "ECDH", "CAM", cipher, bits))
    return out


def build_passport(
    passport: dict[str, str],
    portrait: Any = None,
    *,
    portrait_format: str = "jpeg",
    access: str = "PACE",
    pace_params: list[int] | None = None,
    pace_cipher: tuple[str, int] = ("AES", 128),
    cam: bool = False,
    aa_kind: str | None = None,
    ca: bool = True,
    ca_param: int = 13,
    ca_cipher: tuple[str, int] = ("AES", 128),
    defects: set[str] | frozenset[str] = frozenset(),
    behaviour: ChipBehaviour | None = None,
    can: str | None = None,
    pki: Any = None,
    portrait_bytes: int | None = None,
    dg11: dict[str, Any] | None = None,
    dg12: dict[str, Any] | None = None,
    cache_key: Any = None,
) -> VirtualPassport:
    from hardware.sim.lds_builder import build_dg1, build_lds, default_portrait

    unknown = set(defects) - KNOWN_DEFECTS
    if unknown:
        raise ValueError(f"unknown chip defect(s): {', '.join(sorted(unknown))}")
    with _lock:
        cached = _cache.get(cache_key) if cache_key is not None else None
    if cached is None:
        mrz = parse_mrz(build_td3(**passport))
        extra: dict[int, bytes] = {}
        infos: list[bytes] = []
        secrets = ChipSecrets(mrz.mrz_information, can=can)
        if aa_kind:
            if aa_kind == "rsa":
                key: Any = rsa.generate_private_key(65537, 1024)
            elif aa_kind == "ec":
                key = ec.generate_private_key(ec.SECP256R1())
                infos.append(encode_aa_info(ECDSA_SHA256))
                secrets.aa_algorithm = ECDSA_SHA256
            else:
                raise ValueError(f"aa must be rsa or ec, not {aa_kind!r}")
            from cryptography.hazmat.primitives import serialization

            spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)
            extra[15] = tlv_encode(0x6F, spki)
            clone = "clone" in defects or "aa-clone" in defects
            secrets.aa_key = (rsa.generate_private_key(65537, 1024) if aa_kind == "rsa"
                              else ec.generate_private_key(ec.SECP256R1())) if clone else key
        if ca:
            group = standard_group(ca_param)
            private = group.random_private()
            public = group.public(private)
            spki = encode_ec_spki(group, public) if isinstance(group, EcGroup) else encode_dh_spki(group, public)
            agreement = "ECDH" if isinstance(group, EcGroup) else "DH"
            info = ChipAuthInfo(ca_oid(agreement, *ca_cipher), 1, 1, agreement, *ca_cipher)
            infos += [encode_ca_info(info.protocol, 1), encode_ca_public_key_info(spki, group.kind, 1)]
            clone = "clone" in defects or "ca-clone" in defects
            secrets.ca_group, secrets.ca_info = group, info
            secrets.ca_private = group.random_private() if clone else private
            if cam and isinstance(group, EcGroup):
                secrets.cam_private = secrets.ca_private
        if infos:
            extra[14] = tlv_encode(0x6E, encode_security_infos(infos))
        card_access = None
        if access == "PACE":
            ids = pace_params or [ca_param if cam and ca else 13]
            secrets.pace = _pace_infos(ids, *pace_cipher, cam=cam and ca)
            card_access = encode_security_infos([encode_pace_info(i.protocol, i.parameter_id) for i in secrets.pace])
        elif access != "BAC":
            raise ValueError(f"access must be PACE or BAC, not {access!r}")
        image = portrait if portrait is not None else default_portrait()
        lds_defects = set(defects) & {"wrong-dg-hash", "untrusted-signer", "expired-signer", "revoked-signer",
                                      "bad-signature"}
        files = build_lds(passport, image, portrait_format, extra=extra, defects=lds_defects, pki=pki,
                          target_bytes=portrait_bytes, dg11=dg11, dg12=dg12)
        if "dg1-mismatch" in defects:  # a chip whose DG1 (correctly signed) names someone else
            other = dict(passport, document_number="Z" + passport["document_number"][1:])
            files[1] = build_dg1(other)
            files = build_lds(other, image, portrait_format, extra=extra, defects=lds_defects, pki=pki,
                              target_bytes=portrait_bytes, dg11=dg11, dg12=dg12)
        cached = (files, secrets, card_access)
        if cache_key is not None:
            with _lock:
                _cache[cache_key] = cached
    files, secrets, card_access = cached
    # each passport gets its own key objects' holders but shares the immutable built data
    return VirtualPassport(dict(files), copy.copy(secrets), behaviour or ChipBehaviour(), card_access=card_access)


def passport_for(traveller: Any, *, pki: Any = None) -> VirtualPassport:
    """The chip of a hardware.sim.world.SimTraveller."""
    from hardware.cameras.simulated import load_identity

    chip = dict(traveller.chip)
    identity = chip.get("identity")
    portrait = load_identity(identity) if identity else None
    behaviour = ChipBehaviour(
        extended=bool(chip.get("extended", True)),
        max_le=int(chip.get("max_le", 65536)),
        delay_s=float(chip.get("delay_s", 0.0)),
    )
    if traveller.faults.get("card_removed"):
        behaviour.tear_after = int(chip.get("tear_after", 6))  # during the file reads
    cipher = chip.get("cipher", "AES-128")
    pace_cipher = ("3DES", 128) if cipher == "3DES" else ("AES", int(str(cipher).split("-")[-1]))
    key = (traveller.name, repr(sorted(chip.items())), repr(sorted(traveller.passport.items())), id(pki))
    return build_passport(
        dict(traveller.passport),
        portrait,
        portrait_format=chip.get("portrait_format", "jpeg"),
        access=chip.get("access", "PACE"),
        pace_params=chip.get("pace"),
        pace_cipher=pace_cipher,
        cam=bool(chip.get("cam", False)),
        aa_kind=chip.get("aa"),
        ca=bool(chip.get("ca", True)),
        ca_param=int(chip.get("ca_param", 13)),
        defects=set(chip.get("defects", [])),
        behaviour=behaviour,
        can=chip.get("can"),
        pki=pki,
        portrait_bytes=chip.get("portrait_bytes"),
        dg11=chip.get("dg11"),
        dg12=chip.get("dg12"),
        cache_key=key,
    )
