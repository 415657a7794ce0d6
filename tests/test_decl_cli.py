"""`clearance-kiosk declaration keygen|issue|check`, and the declaration file they sign."""

from __future__ import annotations

import json
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from kiosk.declarations.issuer import DeclarationFile, key_id, load_private_key
from ui.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "assets" / "demo" / "declaration.example.json"
DOC_ARGS = ["--document-number", "E12345678", "--date-of-birth", "900101"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def keydir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("keys")
    assert main(["declaration", "keygen", "--out", str(out)]) == 0
    return out


def declaration(tmp_path: Path, **changes) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path = tmp_path / "decl.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def issue(capsys, keydir, decl, out) -> str:
    code, text, err = run(capsys, "declaration", "issue", decl, "--key", keydir / "issuer.key.pem", "--out", out)
    assert code == 0, err
    return text.strip()


def check(capsys, keydir, *source, doc=True, extra=()):
    code, out, err = run(capsys, "declaration", "check", *source, "--key", keydir / "issuer.pub.pem",
                         *(DOC_ARGS if doc else []), *extra, "--json")
    return code, json.loads(out), err


# --- keygen ---------------------------------------------------------------------------------------------


def test_keygen_writes_a_private_key_only_the_owner_reads(capsys, tmp_path):
    code, out, _ = run(capsys, "declaration", "keygen", "--out", tmp_path / "k", "--alg", "p256")
    assert code == 0
    private, public = tmp_path / "k" / "issuer.key.pem", tmp_path / "k" / "issuer.pub.pem"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    key = load_private_key(private.read_bytes())
    assert key_id(key) in out and "[declarations.keys]" in out and str(public) in out
    assert b"PUBLIC KEY" in public.read_bytes()
    code, _, err = run(capsys, "declaration", "keygen", "--out", tmp_path / "k")
    assert code == 2 and "already holds a key pair" in err
    before = private.read_bytes()
    assert run(capsys, "declaration", "keygen", "--out", tmp_path / "k", "--force")[0] == 0
    assert private.read_bytes() != before


# --- issue + check ----------------------------------------------------------------------------------------


def test_example_declaration_round_trips_through_a_png(capsys, keydir, tmp_path):
    png = tmp_path / "code.png"
    text = issue(capsys, keydir, EXAMPLE, png)
    assert text.startswith("CKD1:")
    decoded = zxingcpp.read_barcodes(np.asarray(Image.open(png).convert("L")))
    assert [b.text for b in decoded] == [text]
    code, r, _ = check(capsys, keydir, "--image", png)
    assert code == 0
    assert r["valid"] is True and r["refer"] is True and r["status"] == "declared"
    assert r["items"] == ["tobacco"]
    assert [x["code"] for x in r["reasons"]] == ["over-limit:cigarettes"]
    assert "600" in r["reasons"][0]["text"] and "400" in r["reasons"][0]["text"]
    assert r["checks"] == {"binding": True, "replay": False}
    assert r["token"]["kid"] == key_id(load_private_key((keydir / "issuer.key.pem").read_bytes()))
    assert r["token"]["issuer"] == "Demo e-declaration service"
    assert r["answers"]["cigarettes"] == 600


def _rasterise_svg(svg: str, scale: int = 4) -> np.ndarray:
    """zxing-cpp's SVG: a white background and one path of dark runs "Mx yhWvHh-WZ"; paint them."""
    size = re.search(r'<svg width="(\d+)" height="(\d+)"', svg)
    assert size is not None
    w, h = int(size.group(1)), int(size.group(2))
    img = np.full((h * scale, w * scale), 255, np.uint8)
    runs = re.findall(r"M(\d+) (\d+)h(\d+)v(\d+)h-\d+Z", svg)
    assert runs
    for x, y, rw, rh in (tuple(map(int, r)) for r in runs):
        img[y * scale:(y + rh) * scale, x * scale:(x + rw) * scale] = 0
    return img


def test_issue_svg_is_a_readable_qr_code(capsys, keydir, tmp_path):
    svg = tmp_path / "code.svg"
    text = issue(capsys, keydir, EXAMPLE, svg)
    content = svg.read_text(encoding="utf-8")
    assert content.lstrip().startswith("<?xml") and "<svg" in content
    decoded = zxingcpp.read_barcodes(_rasterise_svg(content))
    assert [b.text for b in decoded] == [text]


def test_nothing_declared_clears(capsys, keydir, tmp_path):
    text = issue(capsys, keydir, declaration(tmp_path, answers={}), tmp_path / "c.png")
    code, r, _ = check(capsys, keydir, "--text", text)
    assert code == 0 and r["valid"] and not r["refer"] and r["status"] == "nothing-to-declare"
    assert r["items"] == [] and r["reasons"] == []


def test_without_the_document_the_binding_is_not_checked(capsys, keydir, tmp_path):
    text = issue(capsys, keydir, EXAMPLE, tmp_path / "c.png")
    code, r, _ = check(capsys, keydir, "--text", text, doc=False)
    assert code == 0 and r["valid"] and r["checks"]["binding"] is False
    code, out, _ = run(capsys, "declaration", "check", "--text", text, "--key", keydir / "issuer.pub.pem")
    assert code == 0 and "binding NOT checked" in out and "REFER" in out


def test_someone_elses_code_is_refused(capsys, keydir, tmp_path):
    text = issue(capsys, keydir, EXAMPLE, tmp_path / "c.png")
    code, r, _ = check(capsys, keydir, "--text", text, doc=False,
                       extra=["--document-number", "E99999999", "--date-of-birth", "900101"])
    assert code == 1
    assert r["valid"] is False and r["refer"] is True and r["status"] == "invalid"
    assert [x["code"] for x in r["reasons"]] == ["token:other-document"]
    assert r["items"] == []


def test_forged_code_is_refused(capsys, keydir, tmp_path):
    text = issue(capsys, keydir, EXAMPLE, tmp_path / "c.png")
    other = tmp_path / "other"
    assert main(["declaration", "keygen", "--out", str(other)]) == 0
    capsys.readouterr()
    kid = key_id(load_private_key((keydir / "issuer.key.pem").read_bytes()))
    # another key claiming the real key id: the signature does not verify
    code, out, _ = run(capsys, "declaration", "check", "--text", text, "--key", other / "issuer.pub.pem",
                       "--kid", kid, *DOC_ARGS, "--json")
    assert code == 1 and [x["code"] for x in json.loads(out)["reasons"]] == ["token:bad-signature"]
    # another key under its own id: the code's key is unknown
    code, out, _ = run(capsys, "declaration", "check", "--text", text, "--key", other / "issuer.pub.pem",
                       *DOC_ARGS, "--json")
    assert code == 1 and [x["code"] for x in json.loads(out)["reasons"]] == ["token:unknown-key"]


def test_expired_code_is_refused(capsys, keydir, tmp_path):
    old = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    text = issue(capsys, keydir, declaration(tmp_path, issued_at=old), tmp_path / "c.png")
    code, r, _ = check(capsys, keydir, "--text", text)
    assert code == 1 and [x["code"] for x in r["reasons"]] == ["token:expired"]
    assert "expired" in r["reasons"][0]["text"].lower()


def test_used_code_is_refused_the_second_time(capsys, keydir, tmp_path):
    text = issue(capsys, keydir, EXAMPLE, tmp_path / "c.png")
    store = ["--used-ids", tmp_path / "used.sqlite"]
    code, r, _ = check(capsys, keydir, "--text", text, extra=store)
    assert code == 0 and r["checks"]["replay"] is True
    code, r, _ = check(capsys, keydir, "--text", text, extra=store)  # a new process: the store is on disk
    assert code == 1 and [x["code"] for x in r["reasons"]] == ["token:replayed"]
    # without the document nothing is recorded, and the report does not claim the replay was checked
    other = issue(capsys, keydir, EXAMPLE, tmp_path / "d.png")
    code, r, _ = check(capsys, keydir, "--text", other, doc=False, extra=store)
    assert code == 0 and r["checks"] == {"binding": False, "replay": False}
    code, r, _ = check(capsys, keydir, "--text", other, extra=store)
    assert code == 0 and r["checks"]["replay"] is True


@pytest.mark.parametrize("payload", ["hello", "CKD1:%%%%", "CKD9:ABC", ""])
def test_malformed_text_is_refused(capsys, keydir, payload):
    code, r, _ = check(capsys, keydir, "--text", payload)
    assert code == 1 and r["valid"] is False and r["refer"] is True
    assert r["reasons"][0]["code"] in ("token:garbled", "token:unknown-version")


def test_image_without_a_code_is_a_usage_error(capsys, keydir, tmp_path):
    blank = tmp_path / "blank.png"
    Image.fromarray(np.full((200, 200), 255, np.uint8)).save(blank)
    code, _, err = run(capsys, "declaration", "check", "--image", blank, "--key", keydir / "issuer.pub.pem")
    assert code == 2 and "no QR code" in err
    (tmp_path / "junk.png").write_bytes(b"not a png")
    code, _, err = run(capsys, "declaration", "check", "--image", tmp_path / "junk.png",
                       "--key", keydir / "issuer.pub.pem")
    assert code == 2 and "not a readable image" in err


def test_check_needs_both_document_fields(capsys, keydir):
    code, _, err = run(capsys, "declaration", "check", "--text", "CKD1:", "--key", keydir / "issuer.pub.pem",
                       "--document-number", "E1")
    assert code == 2 and "--date-of-birth" in err


def test_check_with_a_private_key_file_is_a_clear_error(capsys, keydir):
    code, _, err = run(capsys, "declaration", "check", "--text", "CKD1:", "--key", keydir / "issuer.key.pem")
    assert code == 2 and "issuer.key.pem" in err


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"answers": {"cigarettes": "many"}}, "answers rejected"),
        ({"answers": {"favourite_colour": True}}, "not on the entry form"),
        ({"document": {"number": "E1", "date_of_birth": "1990-01-01"}}, "YYMMDD"),
        ({"direction": "sideways"}, "direction"),
        ({"validity_hours": 1000}, "validity_hours"),
        ({"issued_at": "2026-12-01T09:00:00"}, "time zone"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"complete": False, "answers": {"bio_items": False}}, "answers rejected"),
    ],
)
def test_bad_declaration_files_are_refused_with_the_reason(capsys, keydir, tmp_path, changes, message):
    code, _, err = run(capsys, "declaration", "issue", declaration(tmp_path, **changes),
                       "--key", keydir / "issuer.key.pem", "--out", tmp_path / "c.png")
    assert code == 2 and message in err
    assert not (tmp_path / "c.png").exists()


def test_issue_refuses_other_outputs_and_bad_keys(capsys, keydir, tmp_path):
    code, _, err = run(capsys, "declaration", "issue", EXAMPLE, "--key", keydir / "issuer.key.pem",
                       "--out", tmp_path / "c.jpg")
    assert code == 2 and ".png or .svg" in err
    code, _, err = run(capsys, "declaration", "issue", EXAMPLE, "--key", keydir / "issuer.pub.pem",
                       "--out", tmp_path / "c.png")
    assert code == 2 and "private key" in err


def test_declaration_file_exit_form_and_explicit_kid(keydir):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data.update(direction="exit", answers={"cultural_relics": True}, kid="cn-customs-2026-01")
    decl = DeclarationFile.from_dict(data)
    assert decl.answers["cultural_relics"] is True and "bio_items" not in decl.answers
    key = load_private_key((keydir / "issuer.key.pem").read_bytes())
    text = decl.sign(key)
    from kiosk.declarations.token import DocumentIdentity, TokenVerifier

    result = TokenVerifier({"cn-customs-2026-01": key.public_key()}, None).verify(
        text, DocumentIdentity("E12345678", "900101"))
    assert result.valid and result.kid == "cn-customs-2026-01"
