"""Chip Authentication v1 (ICAO Doc 9303-11 §6.2): ephemeral-static ECDH/DH with the DG14 key,
then secure messaging restarts with the derived keys (SSC 0). A chip whose private key does not
match DG14 (a clone) cannot answer under the new keys: the first protected command fails."""

from __future__ import annotations

from asn1crypto import core

from kiosk.emrtd import tlv
from kiosk.emrtd.apdu import Command
from kiosk.emrtd.kdf import ENC, MAC, derive_key
from kiosk.emrtd.securityinfos import ChipAuthInfo, ChipAuthPublicKey, SecurityInfos
from kiosk.emrtd.sm import SecureMessaging, check_sw


def choose(infos: SecurityInfos) -> tuple[ChipAuthInfo | None, ChipAuthPublicKey] | None:
    """The (ChipAuthenticationInfo, key) pair to use; None when DG14 offers no CA key."""
    for key in infos.chip_auth_keys:
        if key.key.kind not in ("ec", "dh"):
            continue
        for info in infos.chip_auth:
            if (info.agreement == "ECDH") == (key.key.kind == "ec") and info.key_id == key.key_id:
                return info, key
        return None, key  # no ChipAuthenticationInfo: CA with 3DES (§6.2.1 default)
    return None


def session_keys(shared: bytes, cipher: str, bits: int) -> tuple[bytes, bytes]:
    return derive_key(shared, ENC, cipher, bits), derive_key(shared, MAC, cipher, bits)


def command_data(info: ChipAuthInfo | None, key: ChipAuthPublicKey, ephemeral_public: bytes) -> list[Command]:
    key_ref = tlv.encode(0x84, key.key_id.to_bytes(max(1, (key.key_id.bit_length() + 7) // 8), "big")) \
        if key.key_id is not None else b""
    if info is None or info.cipher == "3DES":  # MSE:Set KAT
        return [Command(0x00, 0x22, 0x41, 0xA6, tlv.encode(0x91, ephemeral_public) + key_ref)]
    oid = tlv.encode(0x80, core.ObjectIdentifier(info.protocol).contents)
    return [
        Command(0x00, 0x22, 0x41, 0xA4, oid + key_ref),
        Command(0x00, 0x86, 0x00, 0x00, tlv.encode(0x7C, tlv.encode(0x80, ephemeral_public)), 256),
    ]


def perform_ca(send, info: ChipAuthInfo | None, key: ChipAuthPublicKey, *,
               ephemeral_private: int | None = None) -> SecureMessaging:
    """`send(Command) -> (data, sw)` goes through the current SM session. Returns the new session."""
    group = key.key.group
    assert group is not None
    private = ephemeral_private or group.random_private()
    public = group.encode(group.public(private))
    for cmd in command_data(info, key, public):
        _data, sw = send(cmd)
        check_sw("Chip Authentication", sw)
    shared = group.shared_secret(group.agree(private, key.key.public))
    cipher, bits = (info.cipher, info.key_bits) if info is not None else ("3DES", 128)
    ks_enc, ks_mac = session_keys(shared, cipher, bits)
    return SecureMessaging(cipher, ks_enc, ks_mac, 0)
