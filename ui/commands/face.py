"""`clearance-kiosk face verify|evaluate`: 1:1 comparison of two images, accuracy on a labelled folder.

    face verify IMAGE_A IMAGE_B [--json] [--threshold T]
    face evaluate DIR [--pairs FILE] [--json] [--plot OUT.png] [--target-far 0.001]

Both use the lane's models and `[face]` options from `--config` (model_dir/manifest for another pack,
det_size, threshold), so a calibration measures exactly what the lane will run.

evaluate: DIR has one sub-folder per identity, holding that person's images (jpg, png, bmp, jp2, ...).
Without --pairs every pair of images is compared (same folder: genuine, different folders: impostor).
A pairs file lists one comparison per line, paths relative to DIR, optionally labelled:

    # a b [same|diff|1|0]   (no label: same folder = genuine)
    alice/1.jpg alice/2.jpg
    alice/1.jpg bob/1.jpg diff
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import cv2

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".jp2", ".webp", ".tif", ".tiff", ".ppm", ".pgm"}
EXIT_OK, EXIT_NO_FACE, EXIT_BAD_INPUT = 0, 1, 2


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    f = sub.add_parser("face", help="face verification tools: compare two images, evaluate/calibrate on data")
    fsub = f.add_subparsers(dest="face_command", required=True)

    v = fsub.add_parser("verify", help="compare the main face of two images (cosine similarity)")
    v.add_argument("image_a", type=Path)
    v.add_argument("image_b", type=Path)
    v.add_argument("--threshold", type=float, help="override face.threshold from the configuration")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=cmd_verify)

    e = fsub.add_parser("evaluate", help="genuine/impostor scores, ROC, FRR at FAR, EER on a labelled folder")
    e.add_argument("dir", type=Path, help="one sub-folder per identity")
    e.add_argument("--pairs", type=Path, help="pairs file (default: all pairs)")
    e.add_argument("--json", action="store_true")
    e.add_argument("--plot", type=Path, metavar="OUT.png", help="write the ROC and score histograms to a PNG")
    e.add_argument("--target-far", type=float, default=0.001,
                   help="FAR the recommended threshold is calibrated for (default 0.001 = 0.1 %%)")
    e.add_argument("--scores", type=Path, metavar="OUT.csv", help="also write every comparison's score")
    e.set_defaults(func=cmd_evaluate)


# --- shared -------------------------------------------------------------------------------------------


def _verifier(args: argparse.Namespace) -> tuple[Any, float]:
    from kiosk.biometrics import FaceEngine, FaceVerifier
    from kiosk.biometrics.engine import split_face_options
    from ui.cli import load_config

    cfg = load_config(args)
    engine_opts, verifier_opts = split_face_options(cfg.face)
    t = time.perf_counter()
    verifier = FaceVerifier(FaceEngine.from_options(engine_opts), verifier_opts)
    return verifier, (time.perf_counter() - t) * 1000.0


def _read(path: Path) -> Any:
    """BGR image or None. Bytes through imdecode so that non-ASCII paths and JPEG 2000 work alike."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    from kiosk.biometrics.engine import decode_image

    return decode_image(data)


def _quality(still: Any) -> dict[str, Any] | None:
    if still.quality is None:
        return None
    q = still.quality.as_dict()
    q["usable_for_capture"] = still.quality.ok
    return q


def _ms(value: float) -> float:
    return round(value, 2)


# --- verify ---------------------------------------------------------------------------------------------


def cmd_verify(args: argparse.Namespace) -> int:
    from kiosk.biometrics import FaceError

    images = {"a": args.image_a, "b": args.image_b}
    decoded = {}
    for key, path in images.items():
        image = _read(path)
        if image is None:
            reason = "file not found" if not path.exists() else "not a readable image"
            return _fail(args, f"{path}: {reason}", EXIT_BAD_INPUT)
        decoded[key] = image
    verifier, load_ms = _verifier(args)
    threshold = float(args.threshold if args.threshold is not None else verifier.config.threshold)
    started = time.perf_counter()
    stills = {}
    for key, image in decoded.items():
        try:
            stills[key] = verifier.analyse(image, str(images[key]))
        except FaceError as exc:
            return _fail(args, str(exc), EXIT_BAD_INPUT)
    t = time.perf_counter()
    found = all(s.found for s in stills.values())
    score = verifier.similarity(stills["a"], stills["b"]) if found else None
    compare_ms = (time.perf_counter() - t) * 1000.0
    result: dict[str, Any] = {
        "score": None if score is None else round(score, 6),
        "threshold": threshold,
        "match": None if score is None else bool(score >= threshold),
        "faces": {k: len(s.faces) for k, s in stills.items()},
        "faces_counted": {k: s.counted for k, s in stills.items()},
        "quality": {k: _quality(s) for k, s in stills.items()},
        "timings_ms": {
            "model_load": _ms(load_ms),
            **{k: {stage: _ms(ms) for stage, ms in s.timings_ms.items()} for k, s in stills.items()},
            "compare": _ms(compare_ms),
            "total": _ms((time.perf_counter() - started) * 1000.0),
        },
        "images": {k: str(p) for k, p in images.items()},
        "model": verifier.engine.manifest.get("name", ""),
    }
    missing = [str(images[k]) for k, s in stills.items() if not s.found]
    if missing:
        result["error"] = "no face found in " + " and ".join(missing)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, s in stills.items():
            q = result["quality"][k]
            extra = f", quality {q['score']:.2f}, eye distance {q['eye_distance']:.0f} px" if q else ""
            print(f"{k}: {images[k]}: {len(s.faces)} face(s){extra}")
        if score is not None:
            verdict = "MATCH" if result["match"] else "no match"
            print(f"score {score:.4f} (threshold {threshold:.3f}): {verdict}")
        print(f"time {result['timings_ms']['total']:.1f} ms (+ {load_ms:.0f} ms model load)")
    if missing:
        print(f"error: {result['error']}", file=sys.stderr)
        return EXIT_NO_FACE
    return EXIT_OK


def _fail(args: argparse.Namespace, message: str, code: int) -> int:
    if getattr(args, "json", False):
        print(json.dumps({"error": message}))
    print(f"error: {message}", file=sys.stderr)
    return code


# --- evaluate -------------------------------------------------------------------------------------------


def _identities(root: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files = sorted(p for p in sub.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
        if files:
            out[sub.name] = files
    return out


_SAME = {"same", "1", "genuine", "true", "match"}
_DIFF = {"diff", "different", "0", "impostor", "false", "nonmatch"}


def read_pairs(path: Path, root: Path) -> list[tuple[Path, Path, bool]]:
    """Parse a pairs file (see the module doc); raises ValueError naming the bad line."""
    pairs = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].replace(",", " ").split()
        if not line:
            continue
        if len(line) not in (2, 3):
            raise ValueError(f"{path}:{n}: expected 'A B [same|diff]', got {raw.strip()!r}")
        a, b = root / line[0], root / line[1]
        if len(line) == 3:
            label = line[2].lower()
            if label not in _SAME | _DIFF:
                raise ValueError(f"{path}:{n}: label {line[2]!r} is neither same nor diff")
            same = label in _SAME
        else:
            same = a.parent.name == b.parent.name
        pairs.append((a, b, same))
    if not pairs:
        raise ValueError(f"{path}: no pairs")
    return pairs


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kiosk.biometrics import FaceError
    from kiosk.biometrics.evaluation import rates, summarise, threshold_for_far

    root: Path = args.dir
    if not root.is_dir():
        return _fail(args, f"{root}: not a folder", EXIT_BAD_INPUT)
    if not 0.0 < args.target_far < 1.0:
        return _fail(args, "--target-far must be between 0 and 1", EXIT_BAD_INPUT)
    identities = _identities(root)
    if args.pairs:
        try:
            pairs = read_pairs(args.pairs, root)
        except (OSError, ValueError) as exc:
            return _fail(args, str(exc), EXIT_BAD_INPUT)
        images = sorted({p for a, b, _ in pairs for p in (a, b)})
    else:
        images = [p for files in identities.values() for p in files]
        if len(identities) < 2:
            return _fail(args, f"{root}: needs at least two identity sub-folders with images", EXIT_BAD_INPUT)
        pairs = [(a, b, a.parent == b.parent) for k, a in enumerate(images) for b in images[k + 1:]]

    verifier, load_ms = _verifier(args)
    started = time.perf_counter()
    embeddings: dict[Path, Any] = {}
    failures: dict[str, str] = {}
    for path in images:
        image = _read(path)
        if image is None:
            failures[str(path.relative_to(root))] = "not a readable image"
            continue
        try:
            still = verifier.analyse(image, str(path))
        except FaceError as exc:
            failures[str(path.relative_to(root))] = str(exc)
            continue
        if not still.found:
            failures[str(path.relative_to(root))] = "no face found"
            continue
        embeddings[path] = still.embedding
    analyse_ms = (time.perf_counter() - started) * 1000.0

    genuine: list[float] = []
    impostor: list[float] = []
    rows = []
    for a, b, same in pairs:
        if a not in embeddings or b not in embeddings:
            continue
        score = float(embeddings[a] @ embeddings[b])
        (genuine if same else impostor).append(score)
        rows.append((a.relative_to(root), b.relative_to(root), same, score))
    threshold = float(verifier.config.threshold)
    report: dict[str, Any] = {
        "dir": str(root),
        "identities": len({p.parent for p in embeddings}),
        "images": len(images),
        "failures_to_enrol": failures,
        "pairs": {"given": len(pairs), "compared": len(rows)},
        "model": verifier.engine.manifest.get("name", ""),
        "timings_ms": {"model_load": _ms(load_ms), "analyse_images": _ms(analyse_ms),
                       "per_image": _ms(analyse_ms / max(len(images), 1))},
    }
    if args.scores:
        with args.scores.open("w", encoding="utf-8") as out:
            out.write("a,b,genuine,score\n")
            for a, b, same, score in rows:
                out.write(f"{a},{b},{int(same)},{score:.6f}\n")
    if not genuine or not impostor:
        report["error"] = f"need genuine and impostor comparisons (have {len(genuine)} and {len(impostor)})"
        if args.json:
            print(json.dumps(report, indent=2))
        print(f"error: {report['error']}", file=sys.stderr)
        return EXIT_BAD_INPUT
    report.update(summarise(genuine, impostor, threshold=threshold))
    point = threshold_for_far(genuine, impostor, args.target_far)
    # Rounded up, never down: a threshold rounded below an impostor score would accept it.
    rounded = math.ceil(point.threshold * 1e4) / 1e4
    report["recommended"] = {"target_far": args.target_far, "threshold": rounded,
                             "frr": rates(genuine, impostor, rounded)[1], "supported": point.supported,
                             "toml": f"[face]\nthreshold = {rounded:.4f}"}
    if args.plot:
        plot(genuine, impostor, report, args.plot)
        report["plot"] = str(args.plot)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_report(report)
    return EXIT_OK


def _pct(x: float) -> str:
    return f"{100.0 * x:.3f} %"


def _print_report(r: dict[str, Any]) -> None:
    g, i = r["genuine"], r["impostor"]
    print(f"{r['identities']} identities, {r['images']} images, {len(r['failures_to_enrol'])} without a usable face")
    for name, why in r["failures_to_enrol"].items():
        print(f"  {name}: {why}")
    print(f"genuine  {g['count']:7d} comparisons: min {g['min']:.3f} median {g['median']:.3f} max {g['max']:.3f}")
    print(f"impostor {i['count']:7d} comparisons: min {i['min']:.3f} median {i['median']:.3f} max {i['max']:.3f}")
    print(f"EER {_pct(r['eer'])} at threshold {r['eer_threshold']:.4f}")
    for p in r["at_far"]:
        note = "" if p["supported"] else f"   (too few impostor comparisons to measure FAR {_pct(p['target_far'])})"
        print(f"FAR {_pct(p['target_far']):>9s}: threshold {p['threshold']:.4f}, FRR {_pct(p['frr'])}{note}")
    at = r["at_threshold"]
    print(f"configured threshold {at['threshold']:.4f}: FAR {_pct(at['far'])}, FRR {_pct(at['frr'])}")
    rec = r["recommended"]
    print(f"recommended for FAR {_pct(rec['target_far'])}: put in the lane configuration\n{rec['toml']}"
          + ("" if rec["supported"] else "\n(not supported by enough impostor comparisons: collect more data)"))
    if "plot" in r:
        print(f"wrote {r['plot']}")


def plot(genuine: list[float], impostor: list[float], report: dict[str, Any], out: Path) -> None:
    """ROC (FRR against FAR, log FAR axis) and the two score histograms, to a PNG (matplotlib, Agg)."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a kiosk or a build machine
    import matplotlib.pyplot as plt
    import numpy as np

    roc = report["roc"]
    far = np.array([p["far"] for p in roc])
    frr = np.array([p["frr"] for p in roc])
    floor = 0.5 / max(len(impostor), 1)  # FAR 0 drawn half a step below the smallest measurable
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=100)
    ax1.step(np.maximum(far, floor), frr, where="post", color="tab:blue")
    for p in report["at_far"]:
        ax1.axvline(p["target_far"], color="0.8", lw=0.8, ls="--")
    ax1.plot([max(report["eer"], floor)], [report["eer"]], "o", color="tab:red", label=f"EER {report['eer']:.3%}")
    ax1.set_xscale("log")
    ax1.set_xlabel("FAR (false accept rate)")
    ax1.set_ylabel("FRR (false reject rate)")
    ax1.set_title("ROC")
    ax1.legend(loc="upper right")
    ax1.grid(True, which="both", alpha=0.3)
    bins = np.linspace(-0.4, 1.0, 57)
    ax2.hist(impostor, bins=bins, alpha=0.6, density=True, color="tab:orange", label=f"impostor ({len(impostor)})")
    ax2.hist(genuine, bins=bins, alpha=0.6, density=True, color="tab:green", label=f"genuine ({len(genuine)})")
    thr = report["at_threshold"]["threshold"]
    ax2.axvline(thr, color="k", lw=1, label=f"threshold {thr:.3f}")
    ax2.set_xlabel("cosine similarity")
    ax2.set_title("score distributions")
    ax2.legend(loc="upper left")
    fig.suptitle(f"{report['model']}: {report['identities']} identities, {report['images']} images", fontsize=10)
    fig.tight_layout()
    fig.savefig(out, format="png")
    plt.close(fig)
    # A PNG that OpenCV cannot read back would be a silent failure; check it.
    if cv2.imread(str(out)) is None:
        raise OSError(f"{out}: the plot was not written")
