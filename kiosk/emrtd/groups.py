"""The standardized PACE/CA domain parameters (ICAO Doc 9303-11 §9.5.1) as arithmetic groups.

ECDH groups use the `ecdsa` package's curve arithmetic (the generic mapping needs point addition,
which `cryptography` does not expose); DH groups are RFC 5114 MODP groups with plain `pow`.
Every public value received from a chip is validated (on the curve / in the prime-order subgroup).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from ecdsa import curves as _curves
from ecdsa.ellipticcurve import INFINITY, PointJacobi

from kiosk.emrtd.apdu import ChipError


class GroupError(ChipError):
    """A public value that is not an element of the group (invalid point, out-of-range DH value)."""


@dataclass(frozen=True)
class EcGroup:
    name: str
    curve: Any  # ecdsa.curves.Curve
    kind: str = "ec"
    public_tag: int = 0x86

    @property
    def p(self) -> int:
        return self.curve.curve.p()

    @property
    def order(self) -> int:
        return self.curve.order

    @property
    def size(self) -> int:
        return (self.p.bit_length() + 7) // 8

    @property
    def generator(self) -> Any:
        return self.curve.generator

    def random_private(self) -> int:
        return 1 + secrets.randbelow(self.order - 1)

    def public(self, private: int, generator: Any = None) -> Any:
        return (generator or self.generator) * private

    def agree(self, private: int, public: Any) -> Any:
        point = public * private
        if point == INFINITY:
            raise GroupError("key agreement gave the point at infinity")
        return point

    def map_generic(self, nonce: int, h: Any) -> Any:
        """G~ = s*G + H (9303-11 §4.4.3.3.1)."""
        mapped = self.generator * nonce + h
        if mapped == INFINITY:
            raise GroupError("mapped generator is the point at infinity")
        return mapped

    def encode(self, point: Any) -> bytes:
        return b"\x04" + point.x().to_bytes(self.size, "big") + point.y().to_bytes(self.size, "big")

    def decode(self, data: bytes) -> Any:
        n = self.size
        if len(data) != 1 + 2 * n or data[0] != 0x04:
            raise GroupError(f"{self.name}: public point must be uncompressed, {1 + 2 * n} bytes")
        x, y = int.from_bytes(data[1 : 1 + n], "big"), int.from_bytes(data[1 + n :], "big")
        if not (x < self.p and y < self.p and self.curve.curve.contains_point(x, y)):
            raise GroupError(f"{self.name}: public point is not on the curve")
        return PointJacobi(self.curve.curve, x, y, 1, self.order)

    def shared_secret(self, element: Any) -> bytes:
        return element.x().to_bytes(self.size, "big")


@dataclass(frozen=True)
class DhGroup:
    name: str
    p: int
    g: int
    q: int
    kind: str = "dh"
    public_tag: int = 0x84

    @property
    def order(self) -> int:
        return self.q

    @property
    def size(self) -> int:
        return (self.p.bit_length() + 7) // 8

    @property
    def generator(self) -> int:
        return self.g

    def random_private(self) -> int:
        return 1 + secrets.randbelow(self.q - 1)

    def public(self, private: int, generator: int | None = None) -> int:
        return pow(generator or self.g, private, self.p)

    def agree(self, private: int, public: int) -> int:
        return pow(public, private, self.p)

    def map_generic(self, nonce: int, h: int) -> int:
        mapped = pow(self.g, nonce, self.p) * h % self.p
        if mapped in (0, 1):
            raise GroupError("mapped generator is degenerate")
        return mapped

    def encode(self, y: int) -> bytes:
        return y.to_bytes(self.size, "big")

    def decode(self, data: bytes) -> int:
        if not data or len(data) > self.size:
            raise GroupError(f"{self.name}: public value of {len(data)} bytes")
        y = int.from_bytes(data, "big")
        if not 1 < y < self.p - 1 or pow(y, self.q, self.p) != 1:
            raise GroupError(f"{self.name}: public value is not in the prime-order subgroup")
        return y

    def shared_secret(self, element: int) -> bytes:
        return element.to_bytes(self.size, "big")


def _h(text: str) -> int:
    return int("".join(text.split()), 16)


# RFC 5114 §2.1-2.3
_DH_1024_160 = DhGroup(
    "MODP-1024-160",
    _h("""B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B616073E28675A23D189838EF1E2EE652C0
       13ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0
       A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371"""),
    _h("""A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31266FEA1E5C41564B777E690F5504F213
       160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F531DBF0A0169B6A28A
       D662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5"""),
    _h("F518AA8781A8DF278ABA4E7D64B7CB9D49462353"),
)
_DH_2048_224 = DhGroup(
    "MODP-2048-224",
    _h("""AD107E1E9123A9D0D660FAA79559C51FA20D64E5683B9FD1B54B1597B61D0A75E6FA141DF95A56DBAF9A3C407BA1DF15
       EB3D688A309C180E1DE6B85A1274A0A66D3F8152AD6AC2129037C9EDEFDA4DF8D91E8FEF55B7394B7AD5B7D0B6C12207
       C9F98D11ED34DBF6C6BA0B2C8BBC27BE6A00E0A0B9C49708B3BF8A317091883681286130BC8985DB1602E714415D9330
       278273C7DE31EFDC7310F7121FD5A07415987D9ADC0A486DCDF93ACC44328387315D75E198C641A480CD86A1B9E587E8
       BE60E69CC928B2B9C52172E413042E9B23F10B0E16E79763C9B53DCF4BA80A29E3FB73C16B8E75B97EF363E2FFA31F71
       CF9DE5384E71B81C0AC4DFFE0C10E64F"""),
    _h("""AC4032EF4F2D9AE39DF30B5C8FFDAC506CDEBE7B89998CAF74866A08CFE4FFE3A6824A4E10B9A6F0DD921F01A70C4AFA
       AB739D7700C29F52C57DB17C620A8652BE5E9001A8D66AD7C17669101999024AF4D027275AC1348BB8A762D0521BC98A
       E247150422EA1ED409939D54DA7460CDB5F6C6B250717CBEF180EB34118E98D119529A45D6F834566E3025E316A330EF
       BB77A86F0C1AB15B051AE3D428C8F8ACB70A8137150B8EEB10E183EDD19963DDD9E263E4770589EF6AA21E7F5F2FF381
       B539CCE3409D13CD566AFBB48D6C019181E1BCFE94B30269EDFE72FE9B6AA4BD7B5A0F1C71CFFF4C19C418E1F6EC0179
       81BC087F2A7065B384B890D3191F2BFA"""),
    _h("801C0D34C58D93FE997177101F80535A4738CEBCBF389A99B36371EB"),
)
_DH_2048_256 = DhGroup(
    "MODP-2048-256",
    _h("""87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4435E3B00E00DF8F1D61957D4FAF7DF4561B2AA30
       16C3D91134096FAA3BF4296D830E9A7C209E0C6497517ABD5A8A9D306BCF67ED91F9E6725B4758C022E0B1EF4275BF7B
       6C5BFC11D45F9088B941F54EB1E59BB8BC39A0BF12307F5C4FDB70C581B23F76B63ACAE1CAA6B7902D52526735488A0E
       F13C6D9A51BFA4AB3AD8347796524D8EF6A167B5A41825D967E144E5140564251CCACB83E6B486F6B3CA3F7971506026
       C0B857F689962856DED4010ABD0BE621C3A3960A54E710C375F26375D7014103A4B54330C198AF126116D2276E11715F
       693877FAD7EF09CADB094AE91E1A1597"""),
    _h("""3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A1A0BA12510DBC15077BE463FFF4FED4AAC0BB555
       BE3A6C1B0C6B47B1BC3773BF7E8C6F62901228F8C28CBB18A55AE31341000A650196F931C77A57F2DDF463E5E9EC144B
       777DE62AAAB8A8628AC376D282D6ED3864E67982428EBC831D14348F6F2F9193B5045AF2767164E1DFC967C1FB3F2E55
       A4BD1BFFE83B9C80D052B985D182EA0ADB2A3B7313D3FE14C8484B1E052588B9B7D2BBD2DF016199ECD06E1557CD0915
       B3353BBB64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D1DB246C32F63078490F00EF8D647D148D4795451
       5E2327CFEF98C582664B4C0F6CC41659"""),
    _h("8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3"),
)

STANDARD_GROUPS: dict[int, EcGroup | DhGroup] = {
    0: _DH_1024_160,
    1: _DH_2048_224,
    2: _DH_2048_256,
    8: EcGroup("secp192r1", _curves.NIST192p),
    9: EcGroup("brainpoolP192r1", _curves.BRAINPOOLP192r1),
    10: EcGroup("secp224r1", _curves.NIST224p),
    11: EcGroup("brainpoolP224r1", _curves.BRAINPOOLP224r1),
    12: EcGroup("secp256r1", _curves.NIST256p),
    13: EcGroup("brainpoolP256r1", _curves.BRAINPOOLP256r1),
    14: EcGroup("brainpoolP320r1", _curves.BRAINPOOLP320r1),
    15: EcGroup("secp384r1", _curves.NIST384p),
    16: EcGroup("brainpoolP384r1", _curves.BRAINPOOLP384r1),
    17: EcGroup("brainpoolP512r1", _curves.BRAINPOOLP512r1),
    18: EcGroup("secp521r1", _curves.NIST521p),
}

Group = EcGroup | DhGroup


def standard_group(parameter_id: int) -> Group:
    try:
        return STANDARD_GROUPS[parameter_id]
    except KeyError:
        raise ChipError(f"unsupported standardized domain parameters id {parameter_id}") from None


def ec_group_by_name(name: str) -> EcGroup:
    for g in STANDARD_GROUPS.values():
        if isinstance(g, EcGroup) and g.name == name:
            return g
    raise ChipError(f"unsupported curve {name}")


def ec_group_by_params(p: int, a: int, b: int, gx: int, gy: int, n: int) -> EcGroup:
    """Explicit curve parameters (as many chips encode brainpool keys) matched to a known curve."""
    for g in STANDARD_GROUPS.values():
        if isinstance(g, EcGroup):
            c = g.curve.curve
            gen = g.generator
            if (c.p(), c.a() % c.p(), c.b(), gen.x(), gen.y(), g.order) == (p, a % p, b, gx, gy, n):
                return g
    raise ChipError("unsupported explicit elliptic-curve parameters")


def dh_group_by_params(p: int, g: int, q: int | None) -> DhGroup:
    for grp in STANDARD_GROUPS.values():
        if isinstance(grp, DhGroup) and grp.p == p and grp.g == g:
            return grp
    if q is None:
        raise ChipError("DH parameters without the subgroup order q")
    if p.bit_length() < 1024 or pow(g, q, p) != 1:
        raise ChipError("unacceptable DH domain parameters")
    return DhGroup(f"MODP-{p.bit_length()}", p, g, q)
