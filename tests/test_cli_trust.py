"""`clearance-kiosk trust ...`: show a trust folder, check an EF.SOD dumped from a chip, demo files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hardware.sim.lds_builder import build_lds, default_portrait
from hardware.sim.pki import demo_pki
from hardware.sim.world import _PASSPORT_DEFAULTS
from ui.cli import main


def test_demo_files_then_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trust", "demo-files", str(tmp_path / "trust")]) == 0
    capsys.readouterr()
    assert main(["trust", "show", "--csca", str(tmp_path / "trust"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["csca_count"] == 1 and out["crl_count"] == 1
    assert out["master_lists"][0]["signature"] == "valid"


def test_show_empty_store_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trust", "show", "--csca", str(tmp_path)]) == 1
    assert "no CSCA" in capsys.readouterr().out


def test_check_sod(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pki = demo_pki()
    pki.write_trust_files(tmp_path / "trust")
    for defects, code in ((set(), 0), ({"revoked-signer"}, 1)):
        files = build_lds(dict(_PASSPORT_DEFAULTS), default_portrait(40, 50), pki=pki, defects=defects)
        (tmp_path / "sod.bin").write_bytes(files["SOD"])
        (tmp_path / "dg1.hex").write_text(files[1].hex())  # hex dumps are accepted too
        (tmp_path / "dg2.bin").write_bytes(files[2])
        argv = ["trust", "check-sod", str(tmp_path / "sod.bin"), "--dg", f"1={tmp_path / 'dg1.hex'}",
                "--dg", f"DG2={tmp_path / 'dg2.bin'}", "--csca", str(tmp_path / "trust"), "--json"]
        assert main(argv) == code
        out = json.loads(capsys.readouterr().out)
        assert out["failures"] == ([] if code == 0 else ["dsc-revoked"]) and out["details"]["dgs_checked"] == [1, 2]


def test_check_sod_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trust", "check-sod", str(tmp_path / "missing.bin"), "--csca", str(tmp_path)]) == 2
    (tmp_path / "sod.bin").write_bytes(b"\x77\x00")
    assert main(["trust", "check-sod", str(tmp_path / "sod.bin"), "--dg", "99=x", "--csca", str(tmp_path)]) == 2


def test_show_from_configuration_in_demo_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo_pki().write_trust_files(tmp_path / "trust", master_list=False)
    cfg = tmp_path / "lane.toml"
    cfg.write_text(f'[lane]\ndemo = true\n\n[trust]\ncsca = ["{tmp_path / "trust"}"]\n')
    assert main(["-c", str(cfg), "trust", "show", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["csca_count"] == 1 and "test PKI (demo mode only)" in out["sources"]
