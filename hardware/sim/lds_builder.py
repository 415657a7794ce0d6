"""Builds the LDS of a virtual passport: EF.COM, DG1, DG2 (19794-5 or 39794-5; JPEG/JP2/J2K), DG7,
DG11, DG12 and an EF.SOD signed by a test document signer — genuine or broken on demand.

Defects (`build_lds(defects=...)`, see LDS_DEFECTS): "wrong-dg-hash" (the SOD hash of DG2 — DG1 if
there is no DG2 — is altered), "untrusted-signer", "expired-signer", "revoked-signer" (signer kinds
of hardware.sim.pki.TestPki), "bad-signature" (one bit of the SOD signature flipped). Other defect
names are ignored here: they belong to the card side (chip-proto).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
import threading
from collections import OrderedDict
from typing import Any

import cv2
import numpy as np
from asn1crypto import algos
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from PIL import Image

from kiosk.emrtd import tlv
from kiosk.emrtd.lds import DG_FILES, EF_COM, EF_SOD
from kiosk.emrtd.mrz import build_td3
from kiosk.emrtd.sod import ID_LDS_SECURITY_OBJECT, LdsSecurityObject

LDS_DEFECTS = frozenset({"wrong-dg-hash", "untrusted-signer", "expired-signer", "revoked-signer", "bad-signature"})
IMAGE_FORMATS = ("jpeg", "jp2", "j2k")
CONTAINERS = ("19794-5", "39794-5")
_HASHES = {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
           "sha512": hashes.SHA512}
DEFAULT_JPEG_QUALITY = 85
DEFAULT_J2K_BYTES = 15_000


def _hash(name: str, data: bytes) -> bytes:
    h = hashes.Hash(_HASHES[name]())
    h.update(data)
    return h.finalize()


def _int(n: int) -> bytes:
    """Minimal two's-complement content octets of a non-negative INTEGER."""
    return n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big")


# ---------------------------------------------------------------------------------------------- EF.COM / DG1


def build_com(data_groups: list[int], *, lds_version: str = "0107", unicode_version: str = "040000") -> bytes:
    tags = bytes(DG_FILES[n].tag for n in sorted(set(data_groups)))
    return tlv.encode(EF_COM.tag, [
        tlv.encode(0x5F01, lds_version.encode()),
        tlv.encode(0x5F36, unicode_version.encode()),
        tlv.encode(0x5C, tags),
    ])


def build_dg1(passport: dict[str, str]) -> bytes:
    """DG1 of a TD3 passport; keys as hardware.sim.world._PASSPORT_DEFAULTS (or "mrz": the lines)."""
    if "mrz" in passport:
        mrz = passport["mrz"]
    else:
        fields = {k: v for k, v in passport.items() if k in _TD3_KEYS}
        mrz = build_td3(**fields)
    return tlv.encode(DG_FILES[1].tag, [tlv.encode(0x5F1F, mrz.replace("\n", "").encode("ascii"))])


_TD3_KEYS = {"document_code", "issuing_state", "surname", "given_names", "document_number", "nationality",
             "date_of_birth", "sex", "date_of_expiry", "optional_data"}


# ---------------------------------------------------------------------------------------------- images


_ENCODED: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
_ENCODED_MAX = 32
_encoded_lock = threading.Lock()


def encode_image(portrait: np.ndarray, fmt: str = "jpeg", *, target_bytes: int | None = None) -> bytes:
    """Encode a BGR portrait as JPEG, JP2 or raw J2K; `target_bytes` steers the size (±a few %).

    JPEG 2000 encoding costs ~50 ms (OpenJPEG); a simulated lane gives many travellers the same
    portrait, so recent results are kept (keyed by a hash of the pixels)."""
    if portrait.ndim == 2:
        portrait = cv2.cvtColor(portrait, cv2.COLOR_GRAY2BGR)
    if portrait.dtype != np.uint8 or portrait.ndim != 3 or portrait.shape[2] != 3:
        raise ValueError(f"portrait must be BGR uint8, got {portrait.shape} {portrait.dtype}")
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r} ({', '.join(IMAGE_FORMATS)})")
    key = (hashlib.blake2b(np.ascontiguousarray(portrait).data, digest_size=16).digest(), portrait.shape, fmt,
           target_bytes)
    with _encoded_lock:
        if key in _ENCODED:
            _ENCODED.move_to_end(key)
            return _ENCODED[key]
    data = _jpeg(portrait, target_bytes) if fmt == "jpeg" else _jpeg2000(portrait, fmt, target_bytes)
    with _encoded_lock:
        _ENCODED[key] = data
        while len(_ENCODED) > _ENCODED_MAX:
            _ENCODED.popitem(last=False)
    return data


def _jpeg_at(portrait: np.ndarray, quality: int) -> bytes:
    ok, buf = cv2.imencode(".jpg", portrait, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return buf.tobytes()


def _jpeg(portrait: np.ndarray, target: int | None) -> bytes:
    if target is None:
        return _jpeg_at(portrait, DEFAULT_JPEG_QUALITY)
    lo, hi, best = 5, 100, _jpeg_at(portrait, 5)
    while lo <= hi:  # largest quality that still fits the target
        mid = (lo + hi) // 2
        data = _jpeg_at(portrait, mid)
        if len(data) <= target:
            best, lo = data, mid + 1
        else:
            hi = mid - 1
    if len(best) < target:
        best = _pad_jpeg(best, target - len(best))
    return best


def _pad_jpeg(data: bytes, extra: int) -> bytes:
    """Grow a JPEG with comment (COM) segments right after SOI: a legal way to reach a size."""
    segments = []
    while extra >= 4:
        body = min(extra - 4, 65533)
        segments.append(b"\xff\xfe" + struct.pack(">H", body + 2) + b"\x00" * body)
        extra -= body + 4
    return data[:2] + b"".join(segments) + data[2:]


def _jpeg2000(portrait: np.ndarray, fmt: str, target: int | None) -> bytes:
    rgb = Image.fromarray(np.ascontiguousarray(portrait[:, :, ::-1]))
    target = target or DEFAULT_J2K_BYTES
    ratio = max(1.0, portrait.size / max(target, 256))
    buf = io.BytesIO()
    rgb.save(buf, "JPEG2000", no_jp2=(fmt == "j2k"), irreversible=True, quality_mode="rates",
             quality_layers=[ratio])
    data = buf.getvalue()
    if fmt == "jp2" and len(data) + 8 <= target:
        # pad with a 'free' box, which readers skip (ISO/IEC 15444-1 Annex I)
        n = target - len(data)
        data += struct.pack(">I", n) + b"free" + b"\x00" * (n - 8)
    return data


# ---------------------------------------------------------------------------------------------- DG2


def _fac_010(image: bytes, fmt: str, width: int, height: int) -> bytes:
    facial_info = struct.pack(">HBBB3sHbbbBBB", 0, 0, 0, 0, b"\x00\x00\x00", 0, 0, 0, 0, 0, 0, 0)
    image_info = struct.pack(">BBHHBBHH", 1, 0 if fmt == "jpeg" else 1, width, height, 1, 2, 0, 0)
    block = facial_info + image_info + image
    block = struct.pack(">I", len(block) + 4) + block
    return b"FAC\x00010\x00" + struct.pack(">IH", 14 + len(block), 1) + block


def _fac_030(image: bytes, fmt: str, width: int, height: int) -> bytes:
    now = dt.datetime.now(dt.UTC)
    capture = struct.pack(">HBBBBBH", now.year, now.month, now.day, now.hour, now.minute, now.second, 0)
    head = capture + b"\x00" + b"\x00\x00" + b"\x00\x00" + b"\x00"  # device ids unknown, no quality records
    facial_info = struct.pack(">HBBBB3sHbbbBBB", 0, 0, 0, 0, 0, b"\x00\x00\x00", 0, 0, 0, 0, 0, 0, 0)
    image_info = struct.pack(">BBHHBBBB", 1, 0 if fmt == "jpeg" else 1, width, height, 0, 0, 0, 1)
    body = head + facial_info + image_info + struct.pack(">I", len(image)) + image
    rep = struct.pack(">I", len(body) + 4) + body
    return b"FAC\x00030\x00" + struct.pack(">IHBH", 17 + len(rep), 1, 0, 0) + rep


_39794_FORMAT = {"jpeg": 2, "jp2": 3, "j2k": 3}


def _iso39794(image: bytes, fmt: str, width: int, height: int) -> bytes:
    info = tlv.encode(0xA1, [
        tlv.encode(0xA0, [tlv.encode(0x80, _int(_39794_FORMAT[fmt]))]),
        tlv.encode(0xA7, [tlv.encode(0x80, _int(width)), tlv.encode(0x81, _int(height))]),
    ])
    two_d = tlv.encode(0xA0, [tlv.encode(0x80, image), info])
    rep = tlv.encode(0x30, [tlv.encode(0x80, _int(0)), tlv.encode(0xA1, [tlv.encode(0xA0, [two_d])])])
    return tlv.encode(0x65, [
        tlv.encode(0xA0, [tlv.encode(0x80, _int(3)), tlv.encode(0x81, _int(2019))]),
        tlv.encode(0xA1, [rep]),
    ])


def build_dg2(portrait: np.ndarray, fmt: str = "jpeg", *, container: str = "19794-5",
              target_bytes: int | None = None, fac_version: str = "010") -> bytes:
    """DG2 with one facial image. `target_bytes` is the wanted size of the whole DG2."""
    overhead = 120
    image = encode_image(portrait, fmt, target_bytes=None if target_bytes is None else max(
        512, target_bytes - overhead))
    height, width = portrait.shape[:2]
    bht = tlv.encode(0xA1, [
        tlv.encode(0x80, b"\x01\x01"),  # ICAO header version 1.1
        tlv.encode(0x81, b"\x02"),  # biometric type: facial features
        tlv.encode(0x87, b"\x01\x01"),  # format owner: ISO/IEC JTC 1/SC 37
        tlv.encode(0x88, b"\x00\x08"),  # format type: face image
    ])
    if container == "19794-5":
        record = _fac_030(image, fmt, width, height) if fac_version == "030" else _fac_010(image, fmt, width, height)
        bdb = tlv.encode(0x5F2E, record)
    elif container == "39794-5":
        bdb = tlv.encode(0x7F2E, _iso39794(image, fmt, width, height))
    else:
        raise ValueError(f"unknown DG2 container {container!r} ({', '.join(CONTAINERS)})")
    template = tlv.encode(0x7F60, [bht, bdb])
    return tlv.encode(DG_FILES[2].tag, [tlv.encode(0x7F61, [tlv.encode(0x02, b"\x01"), template])])


# ---------------------------------------------------------------------------------------------- DG7, DG11, DG12


def build_dg7(images: list[bytes]) -> bytes:
    return tlv.encode(DG_FILES[7].tag, [tlv.encode(0x02, _int(len(images)))] + [tlv.encode(0x5F43, i) for i in images])


_DG11 = {"full_name": 0x5F0E, "personal_number": 0x5F10, "date_of_birth": 0x5F2B, "place_of_birth": 0x5F11,
         "address": 0x5F42, "telephone": 0x5F12, "profession": 0x5F13, "title": 0x5F14,
         "personal_summary": 0x5F15, "proof_of_citizenship": 0x5F16, "other_td_numbers": 0x5F17,
         "custody_information": 0x5F18}
_DG12 = {"issuing_authority": 0x5F19, "date_of_issue": 0x5F26, "endorsements": 0x5F1B,
         "tax_exit_requirements": 0x5F1C, "image_front": 0x5F1D, "image_rear": 0x5F1E,
         "personalization_time": 0x5F55, "personalization_system_serial": 0x5F56}


def _details(tag: int, fields: dict[str, Any], names: dict[str, int], list_key: str, list_tag: int) -> bytes:
    unknown = set(fields) - set(names) - {list_key}
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
    items, present = [], []
    for key, t in names.items():
        if key in fields:
            v = fields[key]
            items.append(tlv.encode(t, v if isinstance(v, bytes) else str(v).encode("utf-8")))
            present.append(t)
    if fields.get(list_key):
        entries = list(fields[list_key])
        items.append(tlv.encode(0xA0, [tlv.encode(0x02, _int(len(entries)))]
                                + [tlv.encode(list_tag, str(e).encode()) for e in entries]))
        present.append(list_tag)
    tag_list = tlv.encode(0x5C, b"".join(t.to_bytes(2, "big") for t in present))
    return tlv.encode(tag, [tag_list, *items])


def build_dg11(fields: dict[str, Any]) -> bytes:
    """fields: full_name, other_names (list), personal_number, date_of_birth (YYYYMMDD), place_of_birth, ..."""
    return _details(DG_FILES[11].tag, fields, _DG11, "other_names", 0x5F0F)


def build_dg12(fields: dict[str, Any]) -> bytes:
    """fields: issuing_authority, date_of_issue (YYYYMMDD), other_persons (list), endorsements, ..."""
    return _details(DG_FILES[12].tag, fields, _DG12, "other_persons", 0x5F1A)


# ---------------------------------------------------------------------------------------------- EF.SOD


def _sign(key: Any, data: bytes, digest: str, signature: str) -> tuple[bytes, algos.SignedDigestAlgorithm]:
    h = _HASHES[digest]()
    if signature == "rsa-pkcs1":
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("rsa-pkcs1 needs an RSA signer key")
        return key.sign(data, padding.PKCS1v15(), h), algos.SignedDigestAlgorithm({"algorithm": f"{digest}_rsa"})
    if signature == "rsa-pss":
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("rsa-pss needs an RSA signer key")
        salt = h.digest_size
        value = key.sign(data, padding.PSS(mgf=padding.MGF1(_HASHES[digest]()), salt_length=salt), h)
        params = algos.RSASSAPSSParams({
            "hash_algorithm": {"algorithm": digest},
            "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": digest}},
            "salt_length": salt,
            "trailer_field": "trailer_field_bc",
        })
        return value, algos.SignedDigestAlgorithm({"algorithm": "rsassa_pss", "parameters": params})
    if signature == "ecdsa":
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("ecdsa needs an EC signer key")
        return key.sign(data, ec.ECDSA(h)), algos.SignedDigestAlgorithm({"algorithm": f"{digest}_ecdsa"})
    raise ValueError(f"unknown signature {signature!r} (rsa-pkcs1, rsa-pss, ecdsa)")


def build_sod(data_groups: dict[int, bytes], signer: tuple[x509.Certificate, Any], *, digest: str = "sha256",
              signature: str | None = None, wrong_hash_dg: int | None = None, bad_signature: bool = False,
              lds_version: str = "0107", unicode_version: str = "040000", include_certificate: bool = True,
              sid: str = "issuer-serial") -> bytes:
    """EF.SOD over `data_groups` (number → file bytes). `signature` defaults to rsa-pkcs1 for RSA keys
    and ecdsa for EC keys. `wrong_hash_dg` alters that DG's hash; `bad_signature` flips a bit;
    `include_certificate=False` leaves the DSC out (readers must then find it elsewhere)."""
    from hardware.sim.pki import sign_cms

    if digest not in _HASHES:
        raise ValueError(f"unknown digest {digest!r} ({', '.join(_HASHES)})")
    if wrong_hash_dg is not None and wrong_hash_dg not in data_groups:
        raise ValueError(f"wrong_hash_dg={wrong_hash_dg}: no such data group")
    hashes_ = []
    for n in sorted(data_groups):
        value = _hash(digest, data_groups[n])
        if n == wrong_hash_dg:
            value = bytes([value[0] ^ 0xFF]) + value[1:]
        hashes_.append({"data_group_number": n, "data_group_hash_value": value})
    so = LdsSecurityObject({
        "version": 1,
        "hash_algorithm": {"algorithm": digest},
        "data_group_hash_values": hashes_,
        "lds_version_info": {"lds_version": lds_version, "unicode_version": unicode_version},
    })
    cert, key = signer
    content_info = sign_cms(so.dump(), ID_LDS_SECURITY_OBJECT, cert, key, digest=digest, signature=signature,
                            tamper=bad_signature, include_certificate=include_certificate, sid=sid)
    return tlv.encode(EF_SOD.tag, content_info)


# ---------------------------------------------------------------------------------------------- the whole LDS


def build_lds(passport: dict[str, str], portrait: np.ndarray | None, portrait_format: str = "jpeg", *,
              extra: dict[int, bytes] | None = None, defects: set[str] | frozenset[str] = frozenset(),
              pki: Any = None, container: str = "19794-5", target_bytes: int | None = None,
              digest: str = "sha256", signature: str | None = None, algorithm: str = "rsa",
              dg11: dict[str, Any] | None = None, dg12: dict[str, Any] | None = None,
              dg7: list[bytes] | None = None) -> dict[int | str, bytes]:
    """{"COM": …, "SOD": …, 1: …, 2: …, (7, 11, 12 if given), **extra}. `algorithm` picks the signer's
    key ("rsa" or "ec"); `signature` the scheme (rsa-pkcs1 | rsa-pss | ecdsa, default by key)."""
    from hardware.sim.pki import demo_pki

    pki = pki or demo_pki()
    files: dict[int, bytes] = {1: build_dg1(passport)}
    if portrait is not None:
        files[2] = build_dg2(portrait, portrait_format, container=container, target_bytes=target_bytes)
    if dg7:
        files[7] = build_dg7(dg7)
    if dg11:
        files[11] = build_dg11(dg11)
    if dg12:
        files[12] = build_dg12(dg12)
    for n, data in (extra or {}).items():
        if n not in DG_FILES:
            raise ValueError(f"extra data group {n} is not DG1..DG16")
        files[n] = data
    kind = "good"
    for defect, signer_kind in (("untrusted-signer", "untrusted"), ("expired-signer", "expired"),
                                ("revoked-signer", "revoked")):
        if defect in defects:
            kind = signer_kind
    signer = pki.signer(kind, algorithm=algorithm)
    wrong = (2 if 2 in files else 1) if "wrong-dg-hash" in defects else None
    sod = build_sod(files, signer, digest=digest, signature=signature, wrong_hash_dg=wrong,
                    bad_signature="bad-signature" in defects)
    out: dict[int | str, bytes] = {"COM": build_com(list(files)), "SOD": sod}
    out.update(files)
    return out


def default_portrait(width: int = 360, height: int = 480) -> np.ndarray:
    """A synthetic face-like BGR portrait (for tests and chips without a configured picture)."""
    img = np.full((height, width, 3), (225, 230, 235), np.uint8)
    cx, cy = width // 2, int(height * 0.45)
    cv2.ellipse(img, (cx, cy), (int(width * 0.28), int(height * 0.3)), 0, 0, 360, (150, 180, 215), -1)
    for dx in (-1, 1):
        cv2.circle(img, (cx + dx * int(width * 0.1), cy - int(height * 0.05)), max(2, width // 40), (60, 40, 30), -1)
    cv2.ellipse(img, (cx, cy + int(height * 0.13)), (int(width * 0.08), int(height * 0.025)), 0, 0, 180,
                (70, 70, 150), 3)
    rng = np.random.default_rng(7)  # some texture so the codecs have something to compress
    noise = rng.integers(-8, 9, img.shape, dtype=np.int16)
    return np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8)
