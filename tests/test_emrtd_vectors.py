"""Interoperability with a real reference document: the BSI TR-03105-5 test passport (see tests/data/README.md).

Its SOD was made by another implementation (RSA-PSS signer, PSS-signed DSC, LDSSecurityObject v0
without version info), so it checks our parsing and signature verification against more than our
own builder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.emrtd import lds
from kiosk.emrtd.passive import PassiveAuthenticator
from kiosk.emrtd.sod import parse_sod
from kiosk.emrtd.trust import TrustStore
from kiosk.evidence import Check

DATA = Path(__file__).parent / "data"


def _hex(name: str) -> bytes:
    return bytes.fromhex((DATA / name).read_text().strip())


@pytest.fixture(scope="module")
def bsi() -> dict[str, bytes]:
    return {"sod": _hex("bsi_tr03105_5_ef_sod.hex"), "dg1": _hex("bsi_tr03105_5_dg1.hex"),
            "dg14": _hex("bsi_tr03105_5_dg14.hex")}


def test_parse_reference_sod(bsi: dict[str, bytes]) -> None:
    sod = parse_sod(bsi["sod"])
    assert sod.version == 0 and sod.lds_version is None and sod.digest_algorithm == "sha256"
    assert sorted(sod.dg_hashes) == [1, 2, 3, 4, 14]
    assert sod.dg_hashes[1].hex().upper().startswith("4170CA879FCE6A22")
    [signer] = sod.signers
    assert signer.signature_algorithm == "rsassa_pss"
    assert signer.pss == {"hash": "sha256", "mgf": "mgf1", "mgf_hash": "sha256", "salt_length": 32}
    assert signer.serial_number == 0x0142FD5CF927 and signer.signing_time is None
    assert sod.certificates[0].subject.rfc4514_string() == "CN=HJP PB DS,OU=Document Signer,O=HJP Consulting,C=DE"


def test_reference_dg1() -> None:
    mrz = lds.parse_dg1(_hex("bsi_tr03105_5_dg1.hex"))
    assert (mrz.surname, mrz.given_names, mrz.document_number) == ("MUSTERMANN", "ERIKA", "C11T002JM")
    assert mrz.issuing_state == "D" and mrz.date_of_birth == "960812"


def test_reference_passive_authentication(bsi: dict[str, bytes]) -> None:
    pa = PassiveAuthenticator(TrustStore())  # we do not hold the BSI test CSCA
    result = pa.verify(bsi["sod"], {1: bsi["dg1"], 14: bsi["dg14"]}, dt.datetime(2014, 6, 1, tzinfo=dt.UTC))
    assert result.status is Check.INVALID
    assert result.failures == ["dsc-untrusted"]  # hashes and the RSA-PSS signature are fine
    assert result.details["signature_valid"] is True and result.details["dgs_checked"] == [1, 14]
    later = pa.verify(bsi["sod"], {1: bsi["dg1"][:-1] + b"5"}, dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert later.failures == ["dg-hash-mismatch:DG1", "dsc-expired", "dsc-untrusted"]
