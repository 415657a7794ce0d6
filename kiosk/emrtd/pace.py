"""PACE v2 (ICAO Doc 9303-11 §4.4) with the generic mapping, ECDH and DH, and PACE-CAM.

Terminal side `perform_pace`, chip side `PaceCard` (for the virtual passport). Passwords: the MRZ
information (K = SHA-1 of it) or the CAN. Ciphers 3DES and AES-128/192/256 (§9.7.1 KDF).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

from asn1crypto import core

from kiosk.emrtd import tlv
from kiosk.emrtd.apdu import SW_OK, ChipAccessDenied, ChipError, Transmit, encode_command, split_response
from kiosk.emrtd.groups import EcGroup, Group, GroupError, standard_group
from kiosk.emrtd.kdf import ENC, MAC, PACE_PASSWORD, derive_key
from kiosk.emrtd.securityinfos import PaceInfo
from kiosk.emrtd.sm import SecureMessaging, aes_cbc, aes_cmac, pad, retail_mac, tdes_cbc

PASSWORD_MRZ, PASSWORD_CAN = 1, 2


def password_secret(password: str, kind: int) -> bytes:
    if kind == PASSWORD_MRZ:
        return hashlib.sha1(password.encode("ascii")).digest()
    if kind == PASSWORD_CAN:
        return password.encode("ascii")
    raise ValueError(f"unknown PACE password kind {kind}")


def password_key(info: PaceInfo, secret: bytes) -> bytes:
    return derive_key(secret, PACE_PASSWORD, info.cipher, info.key_bits)


def session_keys(info: PaceInfo, shared: bytes) -> tuple[bytes, bytes]:
    return derive_key(shared, ENC, info.cipher, info.key_bits), derive_key(shared, MAC, info.cipher, info.key_bits)


def _cbc(info: PaceInfo, key: bytes, data: bytes, *, decrypt: bool) -> bytes:
    if info.cipher == "3DES":
        return tdes_cbc(key, data, decrypt=decrypt)
    return aes_cbc(key, data, bytes(16), decrypt=decrypt)


def nonce_size(info: PaceInfo) -> int:
    return 8 if info.cipher == "3DES" else 16


def auth_token(info: PaceInfo, group: Group, ks_mac: bytes, public: bytes) -> bytes:
    """T = MAC(KS_mac, public key data object of the *other* side's ephemeral key) (§4.4.3.4)."""
    oid = core.ObjectIdentifier(info.protocol).contents
    data = tlv.encode(0x7F49, tlv.encode(0x06, oid) + tlv.encode(group.public_tag, public))
    if info.cipher == "3DES":
        return retail_mac(ks_mac, pad(data, 8))
    return aes_cmac(ks_mac, data)[:8]


def mse_set_at_data(info: PaceInfo, password_kind: int, *, with_parameter_id: bool) -> bytes:
    data = tlv.encode(0x80, core.ObjectIdentifier(info.protocol).contents) + tlv.encode(0x83, bytes([password_kind]))
    if with_parameter_id and info.parameter_id is not None:
        data += tlv.encode(0x84, bytes([info.parameter_id]))
    return data


@dataclass
class PaceResult:
    sm: SecureMessaging
    info: PaceInfo
    group: Group
    chip_map_public: Any  # PK_map,IC (for the PACE-CAM check)
    cam_data: bytes | None  # decrypted chip authentication data A_IC (PACE-CAM only)


def _ga(transmit: Transmit, inner: bytes, *, last: bool) -> dict[int, bytes]:
    apdu = encode_command(0x00 if last else 0x10, 0x86, 0x00, 0x00, tlv.encode(0x7C, inner), le=256)
    data, sw = split_response(transmit(apdu))
    if sw == 0x6300 or (sw >> 8) == 0x63:
        raise ChipAccessDenied(f"PACE refused by the chip ({sw:04X}): wrong MRZ or CAN")
    if sw != SW_OK:
        raise ChipError(f"PACE GENERAL AUTHENTICATE failed ({sw:04X})")
    try:
        outer = tlv.decode(data)
        if outer.tag != 0x7C:
            raise ChipError(f"PACE: dynamic authentication data tag {outer.tag:X}")
        return {c.tag: c.value for c in outer.children()}
    except tlv.TlvError as exc:
        raise ChipError(f"PACE: malformed GENERAL AUTHENTICATE response: {exc}") from exc


def _need(found: dict[int, bytes], tag: int) -> bytes:
    if tag not in found:
        raise ChipError(f"PACE: response without tag {tag:02X}")
    return found[tag]


def perform_pace(
    transmit: Transmit,
    info: PaceInfo,
    password: str,
    password_kind: int = PASSWORD_MRZ,
    *,
    send_parameter_id: bool = True,
    map_private: int | None = None,
    ephemeral_private: int | None = None,
) -> PaceResult:
    """Terminal side of PACE GM (and GM-based CAM). `*_private` exist for the worked-example tests."""
    if info.mapping not in ("GM", "CAM"):
        raise ChipError(f"PACE mapping {info.mapping} is not supported")
    if info.parameter_id is None:
        raise ChipError("PACE with proprietary domain parameters is not supported")
    group = standard_group(info.parameter_id)
    if (group.kind == "ec") != (info.agreement == "ECDH"):
        raise ChipError(f"PACE: {info.protocol} does not fit domain parameters {info.parameter_id}")
    _data, sw = split_response(transmit(encode_command(
        0x00, 0x22, 0xC1, 0xA4, mse_set_at_data(info, password_kind, with_parameter_id=send_parameter_id))))
    if sw != SW_OK:
        raise ChipError(f"PACE MSE:Set AT refused ({sw:04X})")
    k_pi = password_key(info, password_secret(password, password_kind))

    found = _ga(transmit, b"", last=False)
    z = _need(found, 0x80)
    if len(z) != nonce_size(info):
        raise ChipError(f"PACE: encrypted nonce of {len(z)} bytes")
    s = int.from_bytes(_cbc(info, k_pi, z, decrypt=True), "big")

    sk_map = map_private or group.random_private()
    pk_map = group.public(sk_map)
    found = _ga(transmit, tlv.encode(0x81, group.encode(pk_map)), last=False)
    try:
        chip_map = group.decode(_need(found, 0x82))
        mapped = group.map_generic(s, group.agree(sk_map, chip_map))
    except GroupError as exc:
        raise ChipError(f"PACE mapping: {exc}") from exc

    sk_eph = ephemeral_private or group.random_private()
    pk_eph = group.public(sk_eph, mapped)
    pk_eph_bytes = group.encode(pk_eph)
    found = _ga(transmit, tlv.encode(0x83, pk_eph_bytes), last=False)
    chip_eph_bytes = _need(found, 0x84)
    if chip_eph_bytes == pk_eph_bytes:
        raise ChipError("PACE: the chip echoed our ephemeral key")
    try:
        shared = group.shared_secret(group.agree(sk_eph, group.decode(chip_eph_bytes)))
    except GroupError as exc:
        raise ChipError(f"PACE key agreement: {exc}") from exc
    ks_enc, ks_mac = session_keys(info, shared)

    found = _ga(transmit, tlv.encode(0x85, auth_token(info, group, ks_mac, chip_eph_bytes)), last=True)
    if not hmac.compare_digest(_need(found, 0x86), auth_token(info, group, ks_mac, pk_eph_bytes)):
        raise ChipError("PACE: the chip's authentication token is wrong")
    sm = SecureMessaging(info.cipher, ks_enc, ks_mac, 0)
    cam = None
    if info.mapping == "CAM":
        cam = sm.decrypt(_need(found, 0x8A), -1)
    return PaceResult(sm, info, group, chip_map, cam)


def verify_cam(result: PaceResult, chip_public: Any) -> bool:
    """PACE-CAM (§4.4.3.5): PK_map,IC must equal A_IC * PK_IC for the chip's static key PK_IC."""
    if result.cam_data is None or not isinstance(result.group, EcGroup):
        return False
    a = int.from_bytes(result.cam_data, "big")
    if not 0 < a < result.group.order:
        return False
    try:
        return result.group.encode(chip_public * a) == result.group.encode(result.chip_map_public)
    except Exception:  # the point at infinity has no encoding
        return False


class PaceCard:
    """Chip side of PACE GM / CAM for the virtual passport."""

    def __init__(self, infos: list[PaceInfo], secrets: dict[int, bytes], cam_private: int | None = None) -> None:
        self.infos = infos
        self.secrets = secrets  # password kind -> K
        self.cam_private = cam_private
        self.info: PaceInfo | None = None
        self._reset()

    def _reset(self) -> None:
        self.step = 0
        self.k_pi = b""
        self.s = 0
        self.sk_map = 0
        self.mapped: Any = None
        self.pk_eph = b""
        self.ifd_eph = b""
        self.keys: tuple[bytes, bytes] | None = None

    def set_at(self, data: bytes) -> int:
        try:
            found = {t.tag: t.value for t in tlv.decode_all(data)}
        except tlv.TlvError:
            return 0x6A80
        oid_raw, kind = found.get(0x80), found.get(0x83)
        if oid_raw is None or kind is None or len(kind) != 1 or kind[0] not in self.secrets:
            return 0x6A80
        oid = core.ObjectIdentifier.load(tlv.encode(0x06, oid_raw)).dotted
        candidates = [i for i in self.infos if i.protocol == oid]
        if 0x84 in found:
            candidates = [i for i in candidates if i.parameter_id == int.from_bytes(found[0x84], "big")]
        elif len({i.parameter_id for i in candidates}) > 1:
            return 0x6A80  # several parameter sets: the terminal must say which (tag 84)
        if not candidates:
            return 0x6A80
        self.info = candidates[0]
        self._reset()
        self.k_pi = password_key(self.info, self.secrets[kind[0]])
        return SW_OK

    def general_authenticate(self, data: bytes) -> tuple[bytes, int, SecureMessaging | None]:
        info = self.info
        if info is None or info.parameter_id is None:
            return b"", 0x6985, None
        group = standard_group(info.parameter_id)
        try:
            outer = tlv.decode(data)
            found = {c.tag: c.value for c in outer.children()} if outer.value else {}
        except tlv.TlvError:
            self._reset()
            return b"", 0x6A80, None
        try:
            if self.step == 0:
                s = os.urandom(nonce_size(info))
                self.s = int.from_bytes(s, "big")
                self.step = 1
                return tlv.encode(0x7C, tlv.encode(0x80, _cbc(info, self.k_pi, s, decrypt=False))), SW_OK, None
            if self.step == 1:
                ifd_map = group.decode(found[0x81])
                self.sk_map = group.random_private()
                self.mapped = group.map_generic(self.s, group.agree(self.sk_map, ifd_map))
                self.step = 2
                return tlv.encode(0x7C, tlv.encode(0x82, group.encode(group.public(self.sk_map)))), SW_OK, None
            if self.step == 2:
                self.ifd_eph = found[0x83]
                ifd_point = group.decode(self.ifd_eph)
                sk = group.random_private()
                self.pk_eph = group.encode(group.public(sk, self.mapped))
                self.keys = session_keys(info, group.shared_secret(group.agree(sk, ifd_point)))
                self.step = 3
                return tlv.encode(0x7C, tlv.encode(0x84, self.pk_eph)), SW_OK, None
            if self.step == 3 and self.keys is not None:
                ks_enc, ks_mac = self.keys
                if not hmac.compare_digest(found.get(0x85, b""), auth_token(info, group, ks_mac, self.pk_eph)):
                    self._reset()
                    return b"", 0x6300, None
                out = tlv.encode(0x86, auth_token(info, group, ks_mac, self.ifd_eph))
                sm = SecureMessaging(info.cipher, ks_enc, ks_mac, 0)
                if info.mapping == "CAM" and self.cam_private is not None:
                    a = self.sk_map * pow(self.cam_private, -1, group.order) % group.order
                    out += tlv.encode(0x8A, sm.encrypt(a.to_bytes((group.order.bit_length() + 7) // 8, "big"), -1))
                self._reset()
                return tlv.encode(0x7C, out), SW_OK, sm
        except (KeyError, GroupError, ChipError):
            self._reset()
            return b"", 0x6A80, None
        self._reset()
        return b"", 0x6985, None
