"""`clearance-kiosk bus certs` and `bus outbox`; the [bus] configuration section."""

from __future__ import annotations

import json

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from kiosk import config as kconfig
from kiosk.errors import ConfigError
from kiosk.store import Store
from ui.cli import main


def _subject(path, oid):
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    return [a.value for a in cert.subject.get_attributes_for_oid(oid)]


def test_certs_makes_a_port_and_extends_it_with_the_same_ca(tmp_path, capsys):
    out = tmp_path / "pki"
    assert main(["bus", "certs", "--out", str(out), "--lanes", "LANE-01,LANE-02", "--consoles", "SUP-1",
                 "--prefix", "portA"]) == 0
    ca = (out / "ca.crt").read_bytes()
    assert _subject(out / "lanes" / "LANE-01.crt", NameOID.COMMON_NAME) == ["LANE-01"]
    assert _subject(out / "lanes" / "LANE-01.crt", NameOID.ORGANIZATIONAL_UNIT_NAME) == ["lane"]
    assert _subject(out / "consoles" / "SUP-1.crt", NameOID.ORGANIZATIONAL_UNIT_NAME) == ["console"]
    assert (out / "lanes" / "LANE-01.key").stat().st_mode & 0o077 == 0
    conf = (out / "broker" / "clearance-kiosk.conf").read_text()
    assert "require_certificate true" in conf and "use_identity_as_username true" in conf
    assert "allow_anonymous false" in conf and "persistence_location" not in conf  # Debian's conf.d drop-in
    assert main(["bus", "certs", "--out", str(out), "--lanes", "LANE-03", "--prefix", "portA"]) == 0
    assert (out / "ca.crt").read_bytes() == ca
    issuer = x509.load_pem_x509_certificate(ca)
    x509.load_pem_x509_certificate((out / "lanes" / "LANE-03.crt").read_bytes()).verify_directly_issued_by(issuer)
    acl = (out / "broker" / "acl").read_text()
    assert all(f"user {u}" in acl for u in ("LANE-01", "LANE-02", "LANE-03", "SUP-1"))
    assert "topic write portA/lanes/LANE-03/events" in acl
    assert main(["bus", "certs", "--out", str(out), "--lanes", "BAD/LANE"]) == 2
    assert "BAD/LANE" in capsys.readouterr().err


def test_outbox_command_reports_and_requeues(tmp_path, capsys):
    db = tmp_path / "lane.sqlite"
    store = Store(db, "LANE-01")
    from kiosk.bus.outbox import Outbox

    outbox = Outbox(store)
    outbox.enable()
    for i in range(3):
        store.audit("lane", "x", {"i": i})
    outbox.mark_published([1, 2, 3])
    store.close()
    assert main(["--database", str(db), "bus", "outbox", "--requeue-from", "2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "2 events queued again"
    assert json.loads(lines[1]) == {"enabled": True, "rows": 3, "unpublished": 2, "last_seq": 3}


def test_bus_section_is_optional_and_validated():
    assert kconfig.from_dict({}).bus is None
    with pytest.raises(ConfigError, match="bus"):
        kconfig.from_dict({"bus": {"port": 8883}})
    with pytest.raises(ConfigError, match=r"bus\.port"):
        kconfig.from_dict({"bus": {"insecure_plaintext": True, "port": 0}})
    with pytest.raises(ConfigError, match="unknown key"):
        kconfig.from_dict({"bus": {"insecure_plaintext": True, "colour": "red"}})
    cfg = kconfig.from_dict({"bus": {"host": "broker.port", "tls": {"ca_file": "ca", "cert_file": "c",
                                                                     "key_file": "k"}, "officers": {"o1": ["*"]}}})
    assert cfg.bus is not None and cfg.bus.port == 8883 and cfg.bus.officers == {"o1": ["*"]}
