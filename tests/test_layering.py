"""The dependency rule: kiosk/ imports neither ui/, hardware/ nor Qt; hardware/ imports neither ui/ nor Qt."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "kiosk": ("ui", "hardware", "PySide6", "smartcard", "hid", "serial", "pymodbus", "gpiozero", "paho"),
    "hardware": ("ui", "PySide6"),
}


def _imports(path: Path):
    tree = ast.parse(path.read_text("utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_the_dependency_rule(package):
    bad = []
    for f in (ROOT / package).rglob("*.py"):
        for line, mod in _imports(f):
            if mod.split(".")[0] in FORBIDDEN[package]:
                bad.append(f"{f.relative_to(ROOT)}:{line} imports {mod}")
    assert not bad, "\n".join(bad)


def test_import_linter_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.skip("import-linter not installed in this environment")
    proc = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_importing_the_domain_does_not_load_qt():
    code = "import kiosk.lane, kiosk.store, kiosk.policy, sys; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
