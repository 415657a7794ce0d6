"""A port's bus PKI for tests, labs and first installs: a CA, the broker's server certificate, one
client certificate per lane (OU=lane) and per console (OU=console), the broker's ACL file and config.

Production ports may use their own CA instead; what matters is the subject: CN = the lane or console
id (the broker takes it as the user name for the ACL), OU = lane | console (the lanes accept commands
signed only by OU=console certificates of the port CA).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.bus.commands import CONSOLE_OU, LANE_OU
from kiosk.bus.topics import Topics, check_name


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _name(cn: str, ou: str | None, org: str) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)]
    if ou:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


@dataclass
class CertificateAuthority:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    org: str = "Clearance Kiosk port"

    @classmethod
    def create(cls, org: str = "Clearance Kiosk port", days: int = 3650) -> CertificateAuthority:
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC) - timedelta(minutes=5)
        name = _name(f"{org} bus CA", None, org)
        cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(key, cert, org)

    @classmethod
    def load(cls, cert_pem: bytes, key_pem: bytes) -> CertificateAuthority:
        key = serialization.load_pem_private_key(key_pem, password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        cert = x509.load_pem_x509_certificate(cert_pem)
        org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        return cls(key, cert, str(org[0].value) if org else "Clearance Kiosk port")

    def issue(self, cn: str, ou: str | None, *, server_names: list[str] | None = None, days: int = 825,
              not_before: datetime | None = None) -> tuple[bytes, bytes]:
        """(key PEM, certificate PEM): a client certificate, or a server one when `server_names` is given."""
        key = ec.generate_private_key(ec.SECP256R1())
        start = not_before or datetime.now(UTC) - timedelta(minutes=5)
        usage = [ExtendedKeyUsageOID.SERVER_AUTH] if server_names else [ExtendedKeyUsageOID.CLIENT_AUTH]
        builder = (
            x509.CertificateBuilder().subject_name(_name(cn, ou, self.org)).issuer_name(self.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=True, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage(usage), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
        )
        if server_names:
            sans: list[x509.GeneralName] = []
            for n in server_names:
                try:
                    sans.append(x509.IPAddress(ipaddress.ip_address(n)))
                except ValueError:
                    sans.append(x509.DNSName(n))
            builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        cert = builder.sign(self.key, hashes.SHA256())
        return _key_pem(key), cert.public_bytes(serialization.Encoding.PEM)

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


@dataclass
class PortPki:
    """Where `write_port_pki` put everything."""

    root: Path
    ca_file: Path
    broker_cert: Path
    broker_key: Path
    acl_file: Path
    lanes: dict[str, tuple[Path, Path]] = field(default_factory=dict)  # id → (cert, key)
    consoles: dict[str, tuple[Path, Path]] = field(default_factory=dict)


def _write(path: Path, data: bytes, secret: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if secret:
        os.chmod(path, 0o600)
    return path


def write_port_pki(root: str | Path, lanes: list[str], consoles: list[str], *, prefix: str = "kiosk",
                   broker_names: list[str] | None = None, ca: CertificateAuthority | None = None) -> PortPki:
    """Create (or extend, when `ca` is the port's existing CA) the files a port deploys."""
    root = Path(root)
    ca = ca or CertificateAuthority.create()
    ca_file = _write(root / "ca.crt", ca.cert_pem())
    if not (root / "ca.key").exists():
        _write(root / "ca.key", _key_pem(ca.key), secret=True)
    bcert_file, bkey_file = root / "broker" / "broker.crt", root / "broker" / "broker.key"
    if broker_names or not bcert_file.exists():  # extending a port keeps its broker certificate
        names = broker_names or ["localhost", "127.0.0.1"]
        bkey, bcert = ca.issue(names[0], "broker", server_names=names)
        _write(bcert_file, bcert)
        _write(bkey_file, bkey, secret=True)
    pki = PortPki(root, ca_file, bcert_file, bkey_file, root / "broker" / "acl")
    for lane in lanes:
        key, cert = ca.issue(check_name("lane", lane), LANE_OU)
        pki.lanes[lane] = (_write(root / "lanes" / f"{lane}.crt", cert),
                           _write(root / "lanes" / f"{lane}.key", key, secret=True))
    for console in consoles:
        key, cert = ca.issue(check_name("console", console), CONSOLE_OU)
        pki.consoles[console] = (_write(root / "consoles" / f"{console}.crt", cert),
                                 _write(root / "consoles" / f"{console}.key", key, secret=True))
    # the ACL covers every lane and console of the port, the earlier ones too
    every_lane = sorted({*lanes, *(p.stem for p in (root / "lanes").glob("*.crt"))})
    every_console = sorted({*consoles, *(p.stem for p in (root / "consoles").glob("*.crt"))})
    _write(pki.acl_file, Topics(prefix).acl_entries(every_lane, every_console).encode())
    return pki
