import sqlite3

from kiosk.store import Store
from ui.cli import main


def test_audit_verify_passes_then_fails_on_a_tampered_row(tmp_path, capsys):
    db = tmp_path / "lane.sqlite"
    store = Store(db)
    for i in range(3):
        store.audit("officer:1", "gate.open", {"i": i})
    store.close()
    assert main(["--database", str(db), "audit", "verify"]) == 0
    assert "3 records" in capsys.readouterr().out
    raw = sqlite3.connect(db)
    raw.execute("UPDATE audit SET actor = 'officer:2' WHERE seq = 2")
    raw.commit()
    raw.close()
    assert main(["--database", str(db), "audit", "verify"]) == 1
    assert "record 2" in capsys.readouterr().err


def test_bad_config_is_reported_with_the_key(tmp_path, capsys):
    cfg = tmp_path / "k.toml"
    cfg.write_text("[storage]\nretention = 3\n")
    assert main(["--config", str(cfg), "audit", "verify"]) == 2
    assert "storage.retention: unknown key" in capsys.readouterr().err
