#!/usr/bin/env python3
"""Write the held-out shopper-PHOTO set `snapshots.jsonl` and its photos under `images/snapshots/`.

Run from the repository root:  python bench/heldout/make_snapshots.py
Needs only Pillow, numpy and the standard library. Everything is drawn from a fixed seed, so two runs
write byte-identical files.

60 dialogues:
  * 30 `image`    -- one turn: a phone snapshot of the target's catalog picture + a casual line.
  * 30 `composed` -- a snapshot of a REFERENCE product (same type and gender, other colour, same model
                     where the catalog has one) + "this but in <colour>", and a remembered name word that
                     singles the target out (in a second turn, or in the same turn).

Every snapshot is one of three scenes (10 of each per kind), rendered at 8x the catalog's size and
shrunk to 60x80 at the end:
  screen -- a phone or tablet lying on wood or fabric, showing the picture in a shop app (bezel, app
            margin, grey text bars, glare streak, moire, blur), rotated up to +-12 degrees;
  print  -- a magazine / catalogue page (yellowed paper, text lines, a second unrelated catalog photo),
            photographed in perspective (corner jitter up to 8%), a shadow across the page and a thumb
            over an edge of the page near a corner, never over the product picture;
  pinned -- a printed photo pinned on a cork board, taped to a wall, or held up in front of a blurred
            room (thumb on its bottom border), with a drop shadow, rotation up to +-10 degrees, a warm or
            cool colour cast and mild motion blur.
The catalog picture covers 35-75% of the final photo's area. Then noise and JPEG (quality 40-85).

This script was written without reading or running the system (retrieval/, shop_assistant/) and without
looking at any of its outputs.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import random
import shutil
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

SEED = 73021
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CAT_DIR = ROOT / "data" / "fashion-small"
OUT_JSONL = HERE / "snapshots.jsonl"
OUT_META = HERE / "snapshots_meta.json"
IMG_REL = "images/snapshots"
OUT_IMG = HERE / IMG_REL

N_IMAGE = 30
N_COMPOSED = 30
SCENES = ("screen", "print", "pinned")

W, H = 60, 80            # catalog photo size (portrait)
S = 8                    # render scale
CW, CH = W * S, H * S    # render canvas
AREA_MIN, AREA_MAX = 0.35, 0.75

BICUBIC = Image.Resampling.BICUBIC
BILINEAR = Image.Resampling.BILINEAR

# ----------------------------------------------------------------------------------------------------
# Catalog
# ----------------------------------------------------------------------------------------------------

GENDER_TOKENS = {"men", "women", "mens", "womens", "men's", "women's", "unisex", "boys", "girls", "boy",
                 "girl", "kids", "kid", "man", "woman", "ladies", "gents", "infant", "infants"}
STOP_TOKENS = {"and", "with", "the", "for", "of", "in", "a", "an", "by", "on", "to", "set", "pack", "&",
               "-", "+", "/", "pair", "pairs", "new", "casual", "formal", "sports", "sport"}
TYPE_TOKENS = {"tshirt", "tshirts", "t-shirt", "t-shirts", "tee", "shirt", "shirts", "shoe", "shoes",
               "watch", "watches", "bag", "bags", "sunglasses", "sunglass", "shorts", "jeans", "trousers",
               "trouser", "top", "tops", "kurta", "kurtas", "kurti", "kurtis", "belt", "belts", "wallet",
               "wallets", "cap", "caps", "sock", "socks", "sandal", "sandals", "heels", "heel", "flats",
               "flat", "flip", "flop", "flops", "flip-flops", "backpack", "backpacks", "handbag", "handbags",
               "sweater", "sweaters", "sweatshirt", "sweatshirts", "jacket", "jackets", "dress", "dresses",
               "skirt", "skirts", "track", "pants", "pant", "tie", "ties", "perfume", "deodorant", "deo",
               "briefs", "brief", "vest", "vests", "innerwear", "trunk", "trunks", "capris", "capri",
               "leggings", "legging", "tunic", "tunics", "clutch", "clutches", "scarf", "scarves", "muffler",
               "mufflers", "stole", "stoles", "bra", "gloves", "glove", "hat", "laptop", "duffel", "duffle",
               "pouch", "mobile", "cufflinks", "cufflink", "tracksuit", "tracksuits", "stockings", "slippers",
               "churidar", "dupatta", "umbrella", "headband", "footwear", "floaters", "boots", "loafers",
               "sneakers", "trainers", "polo", "hoodie", "jersey", "body", "mist", "spray", "gift", "kit"}
# plain descriptions, not names a shopper would quote as "the name had ... in it"
GENERIC_TOKENS = {"solid", "printed", "print", "prints", "check", "checked", "checks", "stripes", "striped",
                  "stripe", "plain", "washed", "assorted", "bright", "textured", "self", "design", "pattern",
                  "patterned", "graphic", "logo", "round", "neck", "sleeve", "sleeves", "half", "full", "long",
                  "short", "slim", "regular", "fit", "fitted", "style", "basic", "classic", "leather", "canvas",
                  "cotton", "knitted", "knit", "woven", "embroidered", "ethnic", "party", "analogue", "digital",
                  "dial", "frame", "low", "high", "mid", "lace", "up", "toe"}


def weighted_type_draws(types, size, rnd, done, rounds=5):
    """Article types drawn without replacement, weighted by the square root of their size, round after round (at
    most ``rounds``) until ``done()``: every type once before any repeats."""
    for _ in range(rounds):
        if done():
            return
        pool = list(types)
        weights = [math.sqrt(size(t)) for t in pool]
        while pool and not done():
            k = rnd.choices(range(len(pool)), weights=weights)[0]
            weights.pop(k)
            yield pool.pop(k)


def split_title(title: str) -> list[tuple[str, str]]:
    """(word as written, normalised lower-case word) for every non-empty word of a title."""
    out = []
    for w in title.split():
        w = w.strip(".,;:()[]{}'\"!?-")
        if w:
            out.append((w, w.lower()))
    return out


def norm_tokens(title: str) -> list[str]:
    return [n for _, n in split_title(title)]


def load_catalog():
    rows = []
    with open(CAT_DIR / "catalog.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append(r)
    rows.sort(key=lambda r: int(r["id"]))
    colour_tokens = set()
    for r in rows:
        if r["baseColour"] and r["baseColour"] != "NA":
            colour_tokens.update(r["baseColour"].lower().split())
    colour_tokens |= {"multicolour", "multicolor", "multicoloured", "multi-coloured", "multi-colour",
                      "off-white", "navy", "gray", "golden", "dark", "light", "colour", "color"}

    prods = {}
    thumbs = []
    order = []
    md5_of = {}
    pix_of = {}
    for r in rows:
        pid = r["id"]
        p = CAT_DIR / "images" / f"{pid}.jpg"
        if not p.is_file():
            continue
        data = p.read_bytes()
        try:
            im = Image.open(io.BytesIO(data))
            im = im.convert("RGB")
            im.load()
        except Exception:  # unreadable photo -> treat as missing
            continue
        if im.size != (W, H):
            continue
        arr = np.asarray(im, np.uint8)
        md5_of[pid] = hashlib.md5(data).hexdigest()
        pix_of[pid] = hashlib.md5(arr.tobytes()).hexdigest()
        thumbs.append(np.asarray(im.resize((15, 20), BILINEAR), np.float32))
        order.append(pid)
        d = dict(r)
        d["tokens"] = norm_tokens(r["productDisplayName"])
        d["words"] = [w for w, _ in split_title(r["productDisplayName"])]
        prods[pid] = d
    thumbs = np.stack(thumbs)
    return rows, prods, order, thumbs, md5_of, pix_of, colour_tokens


def photo(pid: str) -> Image.Image:
    return Image.open(CAT_DIR / "images" / f"{pid}.jpg").convert("RGB")


# ----------------------------------------------------------------------------------------------------
# Small image helpers (float32 arrays, 0..255, HxWx3)
# ----------------------------------------------------------------------------------------------------

def box_blur(a: np.ndarray, r: int, axis: int) -> np.ndarray:
    if r < 1:
        return a
    pad = [(0, 0)] * a.ndim
    pad[axis] = (r + 1, r)
    p = np.pad(a, pad, mode="edge")
    c = np.cumsum(p, axis=axis, dtype=np.float64)
    n = a.shape[axis]
    hi = np.take(c, np.arange(2 * r + 1, 2 * r + 1 + n), axis=axis)
    lo = np.take(c, np.arange(0, n), axis=axis)
    return ((hi - lo) / (2 * r + 1)).astype(np.float32)


def gauss_blur(a: np.ndarray, sigma: float) -> np.ndarray:
    if sigma < 0.4:
        return a.astype(np.float32)
    wdt = math.sqrt(12.0 * sigma * sigma / 3.0 + 1.0)
    r = max(1, int(round((wdt - 1.0) / 2.0)))
    out = a.astype(np.float32)
    for _ in range(3):
        out = box_blur(out, r, 0)
        out = box_blur(out, r, 1)
    return out


def smooth_noise(rng, w: int, h: int, cell: float) -> np.ndarray:
    gw = max(2, int(math.ceil(w / cell)) + 1)
    gh = max(2, int(math.ceil(h / cell)) + 1)
    g = rng.standard_normal((gh, gw)).astype(np.float32)
    return np.asarray(Image.fromarray(g).resize((w, h), BICUBIC), np.float32)


def grid(h: int, w: int):
    yy, xx = np.mgrid[0:h, 0:w]
    return yy.astype(np.float32), xx.astype(np.float32)


def motion_blur(a: np.ndarray, length: float, angle: float) -> np.ndarray:
    n = max(2, int(round(length)))
    dx, dy = math.cos(angle), math.sin(angle)
    pad = n + 2
    p = np.pad(a, ((pad, pad), (pad, pad), (0, 0)), mode="edge")
    acc = np.zeros_like(a, dtype=np.float32)
    h, w = a.shape[:2]
    for k in range(n):
        t = k - (n - 1) / 2.0
        ox, oy = int(round(t * dx)), int(round(t * dy))
        acc += p[pad + oy: pad + oy + h, pad + ox: pad + ox + w]
    return acc / n


def to_img(a: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8))


# ----------------------------------------------------------------------------------------------------
# Geometry: perspective placement of a flat layer into the canvas
# ----------------------------------------------------------------------------------------------------

def homography(src, dst) -> np.ndarray:
    """3x3 matrix mapping the 4 src points onto the 4 dst points."""
    A, B = [], []
    for (x, y), (u, v) in zip(src, dst):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); B.append(u)
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y]); B.append(v)
    h = np.linalg.solve(np.array(A, np.float64), np.array(B, np.float64))
    return np.append(h, 1.0).reshape(3, 3)


def apply_h(M: np.ndarray, pts) -> list[tuple[float, float]]:
    out = []
    for x, y in pts:
        u, v, w = M @ np.array([x, y, 1.0])
        out.append((u / w, v / w))
    return out


class Placement:
    """Maps a flat layer of size (w, h) onto the canvas through a homography."""

    def __init__(self, w: int, h: int, M: np.ndarray):
        self.w, self.h, self.M = w, h, M
        inv = np.linalg.inv(M)
        inv = inv / inv[2, 2]
        self.coeffs = tuple(float(v) for v in inv.flatten()[:8])

    def pts(self, pts):
        return apply_h(self.M, pts)

    def warp(self, img: Image.Image, resample=BICUBIC) -> Image.Image:
        return img.transform((CW, CH), Image.Transform.PERSPECTIVE, self.coeffs, resample=resample)

    def warp_rgba(self, img: Image.Image):
        """Warp an RGBA layer; returns (premultiplied rgb float HxWx3, alpha float HxWx1 in 0..1)."""
        out = self.warp(img.convert("RGBa"))
        a = np.asarray(out, np.float32)
        return a[..., :3], a[..., 3:4] / 255.0

    def warp_mask(self, m: Image.Image) -> np.ndarray:
        return np.asarray(self.warp(m, BILINEAR), np.float32) / 255.0

    def shifted(self, dx: float, dy: float) -> "Placement":
        T = np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]], np.float64)
        return Placement(self.w, self.h, T @ self.M)


def place(rng, w, h, anchor, angle_deg, centre, cam_jitter) -> Placement:
    """Rotate the layer about `anchor` (layer coords), put the anchor at `centre` (canvas coords), then
    look at it through a camera whose frame corners are jittered by up to `cam_jitter` of the frame."""
    a = math.radians(angle_deg)
    ca, sa = math.cos(a), math.sin(a)
    corners = [(0, 0), (w, 0), (w, h), (0, h)]
    sim = []
    for x, y in corners:
        dx, dy = x - anchor[0], y - anchor[1]
        sim.append((centre[0] + ca * dx - sa * dy, centre[1] + sa * dx + ca * dy))
    frame = [(0, 0), (CW, 0), (CW, CH), (0, CH)]
    jit = [(x + rng.uniform(-cam_jitter, cam_jitter) * CW, y + rng.uniform(-cam_jitter, cam_jitter) * CH)
           for x, y in frame]
    Hc = homography(frame, jit)
    dst = apply_h(Hc, sim)
    return Placement(w, h, homography(corners, dst))


def composite(canvas: np.ndarray, rgbp: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return canvas * (1.0 - alpha) + rgbp


def poly_area(pts) -> float:
    s = 0.0
    for i in range(len(pts)):
        x1, y1 = pts[i]
        x2, y2 = pts[(i + 1) % len(pts)]
        s += x1 * y2 - x2 * y1
    return abs(s) / 2.0


class Retry(Exception):
    pass


# ----------------------------------------------------------------------------------------------------
# Surfaces
# ----------------------------------------------------------------------------------------------------

def tex_wood(rng, w=CW, h=CH):
    pal = [(186, 140, 100), (160, 112, 72), (212, 178, 132), (128, 86, 56), (226, 200, 164), (100, 70, 50),
           (170, 130, 95), (150, 120, 100)]
    base = np.array(pal[rng.integers(len(pal))], np.float32) * rng.uniform(0.92, 1.08, 3).astype(np.float32)
    yy, xx = grid(h, w)
    a = rng.uniform(0, math.pi)
    v = -xx * math.sin(a) + yy * math.cos(a)
    warpn = smooth_noise(rng, w, h, rng.uniform(80, 200)) * rng.uniform(6, 22)
    f = rng.uniform(0.04, 0.12)
    rings = (0.5 + 0.5 * np.sin((v + warpn) * f)) ** rng.uniform(2, 5)
    L = 4 * (w + h) + 64
    n1 = np.convolve(rng.standard_normal(L), np.ones(3) / 3, mode="same").astype(np.float32)
    fine = n1[((v + 0.5 * warpn + L / 2).astype(np.int64)) % L]
    plank = rng.uniform(110, 260)
    off = rng.uniform(0, plank)
    seam = np.abs((v + off) % plank) < rng.uniform(1.5, 3.5)
    lum = 1.0 - 0.16 * rings + 0.05 * fine + 0.05 * smooth_noise(rng, w, h, 150)
    lum = np.where(seam, lum * 0.55, lum)
    return np.clip(base[None, None, :] * lum[..., None], 0, 255)


def tex_fabric(rng, w=CW, h=CH):
    pal = [(70, 82, 112), (150, 42, 52), (62, 92, 72), (204, 194, 172), (92, 92, 96), (42, 42, 46),
           (182, 152, 122), (120, 62, 92), (200, 200, 205), (40, 60, 90)]
    base = np.array(pal[rng.integers(len(pal))], np.float32) * rng.uniform(0.9, 1.1, 3).astype(np.float32)
    yy, xx = grid(h, w)
    a = rng.uniform(-0.4, 0.4)
    u = xx * math.cos(a) + yy * math.sin(a)
    v = -xx * math.sin(a) + yy * math.cos(a)
    p = rng.uniform(3, 7)
    weave = np.sin(u * 2 * math.pi / p) * np.sin(v * 2 * math.pi / p)
    L = 4 * (w + h) + 64
    rows = rng.standard_normal(L).astype(np.float32)
    cols = rng.standard_normal(L).astype(np.float32)
    tr = rows[(v + L / 2).astype(np.int64) % L] * 0.035 + cols[(u + L / 2).astype(np.int64) % L] * 0.035
    folds = smooth_noise(rng, w, h, rng.uniform(100, 220)) * rng.uniform(0.05, 0.12)
    fine = rng.standard_normal((h, w)).astype(np.float32) * 0.03
    lum = 1 + 0.07 * weave + tr + folds + fine
    return np.clip(base[None, None, :] * lum[..., None], 0, 255)


def tex_desk(rng, w=CW, h=CH):
    """Plain laminate / stone desk top."""
    pal = [(60, 60, 64), (214, 210, 200), (236, 236, 232), (150, 150, 146), (90, 78, 70), (188, 196, 200)]
    base = np.array(pal[rng.integers(len(pal))], np.float32) * rng.uniform(0.94, 1.06, 3).astype(np.float32)
    speck = gauss_blur(rng.standard_normal((h, w)).astype(np.float32), 1.2) * rng.uniform(0.03, 0.08)
    low = smooth_noise(rng, w, h, rng.uniform(120, 260)) * rng.uniform(0.02, 0.05)
    lum = 1 + speck + low
    return np.clip(base[None, None, :] * lum[..., None], 0, 255)


def tex_cork(rng, w=CW, h=CH):
    base = np.array([196, 150, 100], np.float32) * rng.uniform(0.85, 1.08) * rng.uniform(0.95, 1.05, 3).astype(np.float32)
    n_small = gauss_blur(rng.standard_normal((h, w)).astype(np.float32), 1.3)
    n_small /= n_small.std() + 1e-6
    n_med = smooth_noise(rng, w, h, 10)
    spots = (rng.random((h, w)) < 0.006).astype(np.float32)
    spots = np.clip(gauss_blur(spots, 1.5) * 6, 0, 1)
    lum = 1 + 0.13 * n_small + 0.06 * n_med - 0.45 * spots + 0.04 * smooth_noise(rng, w, h, 200)
    col = base[None, None, :] * lum[..., None]
    col[..., 2] *= (0.93 + 0.07 * lum)
    return np.clip(col, 0, 255)


def tex_wall(rng, w=CW, h=CH):
    pal = [(236, 233, 226), (222, 226, 230), (241, 232, 212), (206, 214, 204), (232, 218, 214),
           (190, 198, 208), (245, 245, 242), (214, 200, 180)]
    base = np.array(pal[rng.integers(len(pal))], np.float32) * rng.uniform(0.85, 1.02)
    stucco = gauss_blur(rng.standard_normal((h, w)).astype(np.float32), rng.uniform(1.0, 2.5))
    stucco /= stucco.std() + 1e-6
    yy, xx = grid(h, w)
    a = rng.uniform(0, 2 * math.pi)
    light = ((xx - CW / 2) * math.cos(a) + (yy - CH / 2) * math.sin(a)) / CW * rng.uniform(0.05, 0.18)
    lum = 1 + 0.02 * stucco + 0.035 * smooth_noise(rng, w, h, 200) + light
    return np.clip(base[None, None, :] * lum[..., None], 0, 255)


def tex_room(rng, w=CW, h=CH):
    """Out-of-focus room behind a photo held up in front of the camera."""
    img = tex_wall(rng, w, h)
    im = to_img(img)
    d = ImageDraw.Draw(im)
    for _ in range(int(rng.integers(2, 6))):
        x0 = rng.uniform(-0.3, 1.0) * w; y0 = rng.uniform(-0.3, 1.0) * h
        x1 = x0 + rng.uniform(0.2, 0.8) * w; y1 = y0 + rng.uniform(0.2, 0.8) * h
        kind = rng.random()
        if kind < 0.25:   # window
            c = tuple(int(v) for v in rng.uniform(225, 255, 3))
        elif kind < 0.6:  # furniture
            c = tuple(int(v) for v in rng.uniform(40, 140, 3))
        else:             # something coloured
            c = tuple(int(v) for v in rng.uniform(60, 230, 3))
        d.rectangle([x0, y0, x1, y1], fill=c)
    return gauss_blur(np.asarray(im, np.float32), rng.uniform(10, 22))


def shadow_from(alpha: np.ndarray, sigma: float, strength: float) -> np.ndarray:
    return 1.0 - strength * np.clip(gauss_blur(alpha, sigma), 0, 1)


# ----------------------------------------------------------------------------------------------------
# Drawing bits
# ----------------------------------------------------------------------------------------------------

def text_lines(d: ImageDraw.ImageDraw, rng, x0, y0, x1, y1, lh, gap, col, max_lines=99, short_last=True):
    """Grey bars that read as lines of text when shrunk."""
    y = y0
    n = 0
    while y + lh <= y1 and n < max_lines:
        last = (n == max_lines - 1) or (y + 2 * lh + gap > y1)
        frac = rng.uniform(0.3, 0.75) if (last and short_last) else rng.uniform(0.85, 1.0)
        xe = x0 + (x1 - x0) * frac
        x = x0
        while x < xe - lh:
            ww = lh * rng.uniform(1.5, 6.0)
            d.rectangle([x, y, min(x + ww, xe), y + lh], fill=col)
            x += ww + lh * rng.uniform(0.6, 1.0)
        y += lh + gap
        n += 1
    return y


def ellipse_alpha(cx, cy, a, b, ang, soft=2.0):
    yy, xx = grid(CH, CW)
    dx, dy = xx - cx, yy - cy
    ca, sa = math.cos(ang), math.sin(ang)
    u = dx * ca + dy * sa
    v = -dx * sa + dy * ca
    r = np.sqrt((u / a) ** 2 + (v / b) ** 2)
    alpha = np.clip((1.0 - r) * b / soft, 0, 1)
    return alpha, u, v


SKIN = [(255, 219, 172), (241, 194, 125), (224, 172, 105), (198, 134, 66), (141, 85, 36), (94, 59, 38),
        (232, 190, 160), (210, 160, 130)]


def thumb_geometry(rng, tip, sides, max_depth, min_depth=0.1 * CW):
    """An elongated ellipse coming in from a frame side with its rounded end at `tip`."""
    tx, ty = tip
    dist = {"left": tx, "right": CW - tx, "bottom": CH - ty, "top": ty}
    side = min(sides, key=lambda s: dist[s])
    depth = dist[side]
    if depth > max_depth or depth < min_depth:
        return None
    normal = {"left": 0.0, "right": math.pi, "bottom": -math.pi / 2, "top": math.pi / 2}[side]
    ang = normal + math.radians(rng.uniform(-28, 28))
    b = CW * rng.uniform(0.06, 0.08)
    a = depth / 2.0 + CW * rng.uniform(0.16, 0.22) + b
    cx, cy = tx - math.cos(ang) * a * 0.96, ty - math.sin(ang) * a * 0.96
    return dict(cx=cx, cy=cy, a=a, b=b, ang=ang, side=side)


def thumb_alpha(g):
    alpha, u, v = ellipse_alpha(g["cx"], g["cy"], g["a"], g["b"], g["ang"])
    return alpha, u, v


def draw_thumb(rng, canvas, g):
    alpha, u, v = thumb_alpha(g)
    # contact shadow
    sh = shadow_from(np.roll(np.roll(alpha, int(rng.integers(3, 9)), 0), int(rng.integers(-4, 5)), 1)[..., None],
                     rng.uniform(5, 10), rng.uniform(0.3, 0.5))
    canvas = canvas * sh
    skin = np.array(SKIN[rng.integers(len(SKIN))], np.float32) * rng.uniform(0.85, 1.0)
    across = np.clip(1 - (v / g["b"]) ** 2, 0, 1)
    shade = 0.72 + 0.28 * np.sqrt(across)
    shade *= 1.0 + 0.05 * np.clip(u / g["a"], -1, 1)   # a little brighter towards the tip
    col = skin[None, None, :] * shade[..., None]
    # nail near the tip
    ca, sa = math.cos(g["ang"]), math.sin(g["ang"])
    nx = g["cx"] + ca * (g["a"] - g["b"] * 1.0)
    ny = g["cy"] + sa * (g["a"] - g["b"] * 1.0)
    nail, _, _ = ellipse_alpha(nx, ny, g["b"] * 0.75, g["b"] * 0.58, g["ang"], soft=1.5)
    nail_col = skin * 0.5 + np.array([250, 222, 215], np.float32) * 0.5
    col = col * (1 - 0.65 * nail[..., None]) + nail_col[None, None, :] * 0.65 * nail[..., None]
    a3 = alpha[..., None]
    return canvas * (1 - a3) + col * a3


def place_thumb(rng, canvas, prod_mask, tips, sides, max_depth=0.42 * CW, strict=True, min_depth=0.1 * CW):
    """Try candidate tips in order; draw the first thumb that leaves the product picture uncovered."""
    keep = gauss_blur(prod_mask, 3.0) > 0.01
    for tip in tips:
        g = thumb_geometry(rng, tip, sides, max_depth, min_depth)
        if g is None:
            continue
        alpha, _, _ = thumb_alpha(g)
        if np.any((alpha > 0.02) & keep):
            continue
        return draw_thumb(rng, canvas, g), g
    if strict:
        raise Retry("no thumb position")
    return canvas, None


# ----------------------------------------------------------------------------------------------------
# Scene a: phone / tablet screen on a table
# ----------------------------------------------------------------------------------------------------

def render_screen(rng, pic: Image.Image, frac: float):
    pw = int(round(math.sqrt(frac) * CW))
    ph = int(round(pw * 4 / 3))
    tablet = bool(rng.random() < 0.35)
    mx = int(pw * (rng.uniform(0.16, 0.36) if tablet else rng.uniform(0.02, 0.1)))
    top = int(pw * rng.uniform(0.28, 0.55))
    bot = int(pw * rng.uniform(0.5, 0.95))
    bez = int(pw * (rng.uniform(0.06, 0.1) if tablet else rng.uniform(0.035, 0.065)))
    sw, sh = pw + 2 * mx, ph + top + bot
    dw, dh = sw + 2 * bez, sh + 2 * bez
    bodyv = int(rng.integers(8, 48))
    body = (bodyv, bodyv, int(min(255, bodyv + rng.integers(0, 10))))
    if rng.random() < 0.2:   # silver / white device
        bodyv = int(rng.integers(180, 230))
        body = (bodyv, bodyv, bodyv)
    rim = tuple(int(min(255, c + 40)) for c in body)
    dev = Image.new("RGBA", (dw, dh), (0, 0, 0, 0))
    d = ImageDraw.Draw(dev)
    rad = int(bez * rng.uniform(1.6, 3.0))
    d.rounded_rectangle([0, 0, dw - 1, dh - 1], radius=rad, fill=body + (255,), outline=rim + (255,),
                        width=max(2, int(bez * 0.12)))
    mv = int(rng.integers(232, 256))
    app_bg = (mv, mv, int(min(255, mv + rng.integers(-3, 4))))
    srad = max(0, int(rad - bez * 0.9))
    sx0, sy0 = bez, bez
    d.rounded_rectangle([sx0, sy0, sx0 + sw - 1, sy0 + sh - 1], radius=srad, fill=app_bg)
    if not tablet:  # front camera dot
        cr = max(2, int(bez * 0.25))
        d.ellipse([dw / 2 - cr, bez / 2 - cr, dw / 2 + cr, bez / 2 + cr], fill=(5, 5, 8, 255))
    lh = max(3, int(pw * rng.uniform(0.028, 0.04)))
    grey = int(rng.integers(150, 200))
    dark = int(rng.integers(40, 100))
    # status bar
    sb = int(pw * 0.05)
    d.rectangle([sx0 + pw * 0.04, sy0 + sb * 0.3, sx0 + pw * 0.14, sy0 + sb * 0.7], fill=(dark,) * 3)
    for k in range(3):
        xr = sx0 + sw - pw * (0.05 + 0.06 * k)
        d.rectangle([xr - pw * 0.04, sy0 + sb * 0.3, xr, sy0 + sb * 0.7], fill=(dark,) * 3)
    # app bar
    ay0, ay1 = sy0 + sb, sy0 + sb + int(pw * rng.uniform(0.09, 0.13))
    if rng.random() < 0.5:
        bar = tuple(int(v) for v in rng.uniform(40, 230, 3))
        d.rectangle([sx0, ay0, sx0 + sw - 1, ay1], fill=bar)
        d.rectangle([sx0 + pw * 0.2, (ay0 + ay1) / 2 - lh * 0.6, sx0 + pw * 0.6, (ay0 + ay1) / 2 + lh * 0.6],
                    fill=(245, 245, 245))
    else:
        d.rectangle([sx0 + pw * 0.2, (ay0 + ay1) / 2 - lh * 0.6, sx0 + pw * 0.55, (ay0 + ay1) / 2 + lh * 0.6],
                    fill=(dark,) * 3)
        for k in range(2):
            cx = sx0 + sw - pw * (0.08 + 0.1 * k)
            r = lh * 0.9
            d.ellipse([cx - r, (ay0 + ay1) / 2 - r, cx + r, (ay0 + ay1) / 2 + r], outline=(dark,) * 3,
                      width=max(1, lh // 3))
    # lines above the picture (breadcrumbs, search box)
    px0, py0 = sx0 + mx, sy0 + top
    if py0 - ay1 > 3 * lh:
        if rng.random() < 0.5:   # search box
            d.rounded_rectangle([sx0 + pw * 0.04, ay1 + lh, sx0 + sw - pw * 0.04, min(py0 - lh, ay1 + 3.5 * lh)],
                                radius=lh, fill=(228, 228, 228), outline=(205, 205, 205))
        else:
            text_lines(d, rng, px0, ay1 + lh, px0 + pw * 0.9, py0 - lh, lh, lh * 0.8, (grey,) * 3, max_lines=2)
    # picture
    dev.paste(pic.resize((pw, ph), BICUBIC), (px0, py0))
    # below: carousel dots, title, text, price, button
    y = py0 + ph + lh
    if rng.random() < 0.5:
        n = int(rng.integers(3, 6))
        for k in range(n):
            cx = px0 + pw / 2 + (k - (n - 1) / 2) * lh * 1.8
            r = lh * 0.35
            d.ellipse([cx - r, y - r, cx + r, y + r], fill=(dark,) * 3 if k == 0 else (200, 200, 200))
        y += lh * 1.5
    ybot = sy0 + sh - lh
    y = text_lines(d, rng, px0, y, px0 + pw * 0.95, ybot, int(lh * 1.3), lh * 0.8, (dark,) * 3, max_lines=2)
    y = text_lines(d, rng, px0, y + lh * 0.5, px0 + pw * 0.95, ybot, lh, lh * 0.7, (grey,) * 3,
                   max_lines=int(rng.integers(1, 4)))
    if y + 2 * lh < ybot:
        d.rectangle([px0, y + lh * 0.5, px0 + pw * rng.uniform(0.15, 0.3), y + lh * 1.8], fill=(dark,) * 3)
        y += 2.5 * lh
    if y + 3 * lh < ybot and rng.random() < 0.7:
        btn = tuple(int(v) for v in rng.uniform(30, 240, 3))
        d.rounded_rectangle([px0, y, px0 + pw, min(ybot, y + 3.2 * lh)], radius=lh * 0.6, fill=btn)

    # screen look: raised black level, tint, moire
    arr = np.asarray(dev, np.float32).copy()
    smask = np.zeros((dh, dw), bool)
    smask[sy0 + 2: sy0 + sh - 2, sx0 + 2: sx0 + sw - 2] = True
    rgb = arr[..., :3]
    bl = rng.uniform(5, 25)
    tint = np.array([rng.uniform(0.93, 1.0), rng.uniform(0.96, 1.01), rng.uniform(1.0, 1.06)], np.float32)
    gain = rng.uniform(0.9, 1.05)
    scr = (bl + rgb * (1 - bl / 255.0)) * tint * gain
    moire = bool(rng.random() < 0.7)
    if moire:
        yy, xx = grid(dh, dw)
        th = rng.uniform(0, math.pi)
        period = rng.uniform(14, 60)
        wn = smooth_noise(rng, dw, dh, 120) * rng.uniform(0.5, 2.0)
        ph0 = (xx * math.cos(th) + yy * math.sin(th)) * 2 * math.pi / period + wn
        amp = rng.uniform(0.012, 0.035)
        k = rng.uniform(0.2, 0.8)
        for c in range(3):
            scr[..., c] *= 1 + amp * np.sin(ph0 + c * k * 2 * math.pi / 3)
    rgb[smask] = scr[smask]
    arr[..., :3] = np.clip(rgb, 0, 255)
    dev = Image.fromarray(arr.astype(np.uint8), "RGBA")
    pmask = Image.new("L", (dw, dh), 0)
    ImageDraw.Draw(pmask).rectangle([px0, py0, px0 + pw - 1, py0 + ph - 1], fill=255)

    angle = rng.uniform(-12, 12)
    centre = (CW / 2 + rng.uniform(-0.06, 0.06) * CW, CH / 2 + rng.uniform(-0.05, 0.05) * CH)
    pl = place(rng, dw, dh, (px0 + pw / 2, py0 + ph / 2), angle, centre, 0.03)

    surface = "wood" if rng.random() < 0.5 else "fabric"
    canvas = tex_wood(rng) if surface == "wood" else tex_fabric(rng)
    _, a_sh = pl.shifted(rng.uniform(-0.02, 0.02) * CW, rng.uniform(0.005, 0.03) * CH).warp_rgba(dev)
    canvas = canvas * shadow_from(a_sh, rng.uniform(5, 14), rng.uniform(0.35, 0.55))
    rgbp, alpha = pl.warp_rgba(dev)
    canvas = composite(canvas, rgbp, alpha)
    # glare streak on the glass
    yy, xx = grid(CH, CW)
    ga = math.radians(rng.choice([rng.uniform(25, 65), rng.uniform(115, 155)]))
    gx, gy = rng.uniform(0.2, 0.8) * CW, rng.uniform(0.2, 0.8) * CH
    dist = (xx - gx) * math.sin(ga) - (yy - gy) * math.cos(ga)
    gw = rng.uniform(0.05, 0.16) * CW
    glare = rng.uniform(0.15, 0.4) * np.exp(-(dist / gw) ** 2)
    if rng.random() < 0.35:
        off = rng.uniform(1.5, 3.0) * gw
        glare += rng.uniform(0.08, 0.2) * np.exp(-((dist - off) / (gw * 0.4)) ** 2)
    glare = (glare * alpha[..., 0])[..., None]
    canvas = canvas + (255 - canvas) * np.clip(glare, 0, 0.6)
    blur = rng.uniform(0.5, 1.5) if moire else rng.uniform(1.5, 3.5)
    canvas = gauss_blur(canvas, blur)
    info = dict(device="tablet" if tablet else "phone", surface=surface, angle=round(angle, 1),
                moire=moire)
    return canvas, pl, (px0, py0, pw, ph), info


# ----------------------------------------------------------------------------------------------------
# Scene b: magazine / catalogue page in perspective, thumb on the page edge
# ----------------------------------------------------------------------------------------------------

def render_print(rng, pic: Image.Image, pic2: Image.Image, frac: float):
    pw = int(round(math.sqrt(frac) * CW * rng.uniform(0.98, 1.05)))
    ph = int(round(pw * 4 / 3))
    m = int(pw * rng.uniform(0.05, 0.1))
    hh = int(pw * rng.uniform(0.12, 0.26))
    g = int(pw * rng.uniform(0.04, 0.08))
    sw = int(pw * rng.uniform(0.34, 0.5))
    bh = int(pw * rng.uniform(0.2, 0.45))
    side = "right" if rng.random() < 0.5 else "left"
    Pw, Ph = m + pw + g + sw + m, m + hh + ph + bh + m
    paper = np.array([rng.uniform(236, 248), rng.uniform(226, 240), rng.uniform(196, 222)], np.float32)
    yy, xx = grid(Ph, Pw)
    edge = np.minimum(np.minimum(xx, Pw - 1 - xx), np.minimum(yy, Ph - 1 - yy))
    age = np.exp(-edge / (0.08 * pw))
    fib = gauss_blur(rng.standard_normal((Ph, Pw)).astype(np.float32), 0.8) * 0.02
    page = paper[None, None, :] * (1 + fib + 0.02 * smooth_noise(rng, Pw, Ph, 90))[..., None]
    page[..., 2] *= 1 - 0.08 * age
    page[..., :2] *= (1 - 0.03 * age)[..., None]
    im = to_img(page)
    d = ImageDraw.Draw(im)
    lh = max(3, int(pw * rng.uniform(0.024, 0.036)))
    grey = tuple(int(v) for v in [rng.integers(95, 150)] * 3)
    dark = tuple(int(v) for v in [rng.integers(30, 80)] * 3)
    # headline across the page
    hy = m
    for k in range(int(rng.integers(1, 3))):
        hl = int(lh * rng.uniform(2.0, 3.0))
        if hy + hl > m + hh - lh:
            break
        d.rectangle([m, hy, m + (Pw - 2 * m) * rng.uniform(0.45, 0.9), hy + hl], fill=dark)
        hy += hl + lh
    if rng.random() < 0.5 and hy + lh < m + hh - lh:
        acc = tuple(int(v) for v in rng.uniform(60, 220, 3))
        d.rectangle([m, hy, m + pw * rng.uniform(0.2, 0.4), hy + lh], fill=acc)
    mx0 = m if side == "right" else m + sw + g
    my0 = m + hh
    cx0 = m + pw + g if side == "right" else m
    # caption + body under the main picture
    text_lines(d, rng, mx0, my0 + ph + lh, mx0 + pw, Ph - m, lh, lh * 0.75, grey)
    # side column: a second (unrelated) photo and text
    s_w = int(sw * rng.uniform(0.8, 1.0))
    s_h = int(s_w * 4 / 3)
    top_aligned = rng.random() < 0.6
    sy = my0 if top_aligned else my0 + ph - s_h
    if top_aligned:
        text_lines(d, rng, cx0, sy + s_h + lh, cx0 + sw, Ph - m, lh, lh * 0.75, grey)
    else:
        text_lines(d, rng, cx0, my0 - lh * 0.0, cx0 + sw, sy - lh, lh, lh * 0.75, grey)
        text_lines(d, rng, cx0, sy + s_h + lh, cx0 + sw, Ph - m, lh, lh * 0.75, grey)
    d.rectangle([Pw - m - lh * 2, Ph - m * 0.6, Pw - m, Ph - m * 0.6 + lh], fill=grey)   # page number
    arr = np.asarray(im, np.float32).copy()

    def printed(p: Image.Image, x, y, w, h):
        a = np.asarray(p.resize((w, h), BICUBIC), np.float32) / 255.0
        lum = a.mean(axis=2, keepdims=True)
        a = a * 0.9 + lum * 0.1                      # a little desaturated ink
        a = np.clip(a, 0, 1) ** rng.uniform(1.0, 1.15)
        arr[y:y + h, x:x + w] = arr[y:y + h, x:x + w] * a

    printed(pic, mx0, my0, pw, ph)
    printed(pic2, cx0 + (sw - s_w) // 2, sy, s_w, s_h)
    layer = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).convert("RGBA")
    pmask = Image.new("L", (Pw, Ph), 0)
    ImageDraw.Draw(pmask).rectangle([mx0, my0, mx0 + pw - 1, my0 + ph - 1], fill=255)

    angle = rng.uniform(-7, 7)
    # the page's outer edge (away from the side column) lands inside the frame, the side column is cut off
    hi = min(0.22 * CW, CW - pw - m - 0.03 * CW)
    ex = rng.uniform(0.06 * CW, max(0.07 * CW, hi))
    cx = ex + m + pw / 2 if side == "right" else CW - ex - m - pw / 2
    centre = (cx, CH / 2 + rng.uniform(-0.06, 0.06) * CH)
    pl = place(rng, Pw, Ph, (mx0 + pw / 2, my0 + ph / 2), angle, centre, 0.08)

    r = rng.random()
    surface = "wood" if r < 0.45 else ("fabric" if r < 0.7 else "desk")
    canvas = {"wood": tex_wood, "fabric": tex_fabric, "desk": tex_desk}[surface](rng)
    _, a_sh = pl.shifted(rng.uniform(-6, 6), rng.uniform(2, 8)).warp_rgba(layer)
    canvas = canvas * shadow_from(a_sh, rng.uniform(4, 9), rng.uniform(0.2, 0.35))
    rgbp, alpha = pl.warp_rgba(layer)
    canvas = composite(canvas, rgbp, alpha)
    prod = pl.warp_mask(pmask)

    # thumb over an edge of the page, close to a corner: it comes in from the frame, crosses the page's
    # edge and rests on the page margin
    corners = pl.pts([(0, 0), (Pw, 0), (Pw, Ph), (0, Ph)])
    centre_pg = np.mean(np.array(corners), axis=0)
    cands = []
    for i in range(4):
        c = np.array(corners[i])
        for j in ((i + 1) % 4, (i + 3) % 4):
            e = np.array(corners[j]) - c
            nrm = np.array([-e[1], e[0]]) / (np.linalg.norm(e) + 1e-6)
            if np.dot(nrm, centre_pg - c) < 0:
                nrm = -nrm                               # normal pointing into the page
            for t in np.linspace(0.03, 0.5, 16):
                for dep in (0.03, 0.06, 0.09, 0.13):
                    tip = c + e * t + nrm * dep * CW
                    if 0.04 * CW < tip[0] < 0.96 * CW and 0.04 * CH < tip[1] < 0.96 * CH:
                        cands.append((float(np.linalg.norm(e) * t + dep * CW), (float(tip[0]), float(tip[1]))))
    cands.sort(key=lambda z: z[0])
    # a little randomness in the order, but corner-near tips first
    tips = [t for _, t in cands]
    for k in range(len(tips) - 1):
        if rng.random() < 0.35:
            tips[k], tips[k + 1] = tips[k + 1], tips[k]
    canvas, tg = place_thumb(rng, canvas, prod, tips, ("left", "right", "bottom"), max_depth=0.36 * CW,
                             strict=False, min_depth=0.14 * CW)
    thumb_on = "page edge"
    if tg is None:   # no page edge in reach: the thumb holds the page near a corner of the frame
        page_a = alpha[..., 0]
        tips = []
        for _ in range(80):
            tx = rng.uniform(0.15, 0.3) * CW
            tx = tx if rng.random() < 0.5 else CW - tx
            ty = CH - rng.uniform(0.12, 0.45) * CH
            if page_a[int(ty), int(tx)] > 0.5:
                tips.append((tx, ty))
        canvas, tg = place_thumb(rng, canvas, prod, tips, ("left", "right", "bottom"), max_depth=0.36 * CW,
                                 min_depth=0.14 * CW)
        thumb_on = "page"

    # shadow gradient across the page
    yy, xx = grid(CH, CW)
    sa = rng.uniform(0, 2 * math.pi)
    proj = (xx - CW / 2) * math.cos(sa) + (yy - CH / 2) * math.sin(sa)
    d0 = rng.uniform(-0.25, 0.25) * CW
    wd = rng.uniform(0.08, 0.3) * CW
    depth = rng.uniform(0.15, 0.42)
    canvas = canvas * (1 - depth / (1 + np.exp(-(proj - d0) / wd)))[..., None]
    canvas = gauss_blur(canvas, rng.uniform(0.8, 2.5))
    info = dict(surface=surface, side=side, angle=round(angle, 1), thumb_from=tg["side"], thumb_on=thumb_on,
                shadow=round(depth, 2))
    return canvas, pl, (mx0, my0, pw, ph), info


# ----------------------------------------------------------------------------------------------------
# Scene c: printed photo pinned / taped / held up
# ----------------------------------------------------------------------------------------------------

def render_pinned(rng, pic: Image.Image, frac: float):
    r = rng.random()
    variant = "cork" if r < 0.4 else ("wall" if r < 0.7 else "held")
    if variant == "held":   # leave room below the print for the hand
        frac = 0.38 + (frac - 0.38) * 0.6
    pw = int(round(math.sqrt(frac) * CW))
    ph = int(round(pw * 4 / 3))
    b = int(pw * rng.uniform(0.03, 0.07))
    polaroid = variant == "held" or rng.random() < 0.35
    bb = int(pw * rng.uniform(0.2, 0.28)) if polaroid else b
    Pw, Ph = pw + 2 * b, ph + b + bb
    pad = int(0.12 * CW)
    Lw, Lh = Pw + 2 * pad, Ph + 2 * pad
    pv = rng.uniform(238, 252)
    paper = np.array([pv, pv, pv - rng.uniform(0, 8)], np.float32)
    a = np.asarray(pic.resize((pw, ph), BICUBIC), np.float32) / 255.0
    a = np.clip(0.5 + (a - 0.5) * rng.uniform(0.9, 1.1), 0, 1)
    lum = a.mean(axis=2, keepdims=True)
    a = np.clip(lum + (a - lum) * rng.uniform(0.85, 1.2), 0, 1)
    pr = np.ones((Ph, Pw, 3), np.float32) * paper
    pr[b:b + ph, b:b + pw] = a * paper
    yy, xx = grid(Ph, Pw)
    ga = rng.uniform(0, 2 * math.pi)
    gloss = ((xx / Pw - 0.5) * math.cos(ga) + (yy / Ph - 0.5) * math.sin(ga)) * rng.uniform(0.0, 0.12)
    pr = pr + (255 - pr) * np.clip(gloss, 0, 1)[..., None] - pr * np.clip(-gloss, 0, 1)[..., None] * 0.5
    layer = np.zeros((Lh, Lw, 4), np.float32)
    layer[pad:pad + Ph, pad:pad + Pw, :3] = pr
    layer[pad:pad + Ph, pad:pad + Pw, 3] = 255
    layer[pad:pad + Ph, pad, :3] *= 0.8; layer[pad:pad + Ph, pad + Pw - 1, :3] *= 0.8
    layer[pad, pad:pad + Pw, :3] *= 0.8; layer[pad + Ph - 1, pad:pad + Pw, :3] *= 0.8
    layer_im = Image.fromarray(np.clip(layer, 0, 255).astype(np.uint8), "RGBA")
    px0, py0 = pad + b, pad + b
    pmask = Image.new("L", (Lw, Lh), 0)
    ImageDraw.Draw(pmask).rectangle([px0, py0, px0 + pw - 1, py0 + ph - 1], fill=255)

    # pins / tape drawn on an overlay in the same (layer) coordinates
    over = Image.new("RGBA", (Lw, Lh), (0, 0, 0, 0))
    od = ImageDraw.Draw(over)
    extra = ""
    if variant == "cork":
        pins = [(pad + Pw * rng.uniform(0.4, 0.6), pad + b * 0.5)] if rng.random() < 0.5 else \
               [(pad + b * 0.8, pad + b * 0.8), (pad + Pw - b * 0.8, pad + b * 0.8)]
        pc = tuple(int(v) for v in [(220, 30, 40), (30, 90, 210), (40, 170, 70), (240, 200, 30),
                                     (240, 240, 240), (20, 20, 20)][rng.integers(6)])
        rr = CW * rng.uniform(0.016, 0.024)
        for (x, y) in pins:
            od.ellipse([x - rr + rr * 0.5, y - rr + rr * 0.7, x + rr + rr * 0.5, y + rr + rr * 0.7],
                       fill=(0, 0, 0, 90))
            od.ellipse([x - rr, y - rr, x + rr, y + rr], fill=pc + (255,))
            hr = rr * 0.35
            od.ellipse([x - rr * 0.45 - hr, y - rr * 0.45 - hr, x - rr * 0.45 + hr, y - rr * 0.45 + hr],
                       fill=(255, 255, 255, 170))
        extra = f"{len(pins)} pin(s)"
    elif variant == "wall":
        tc = (int(rng.integers(225, 245)), int(rng.integers(220, 240)), int(rng.integers(195, 225)))
        tw, th = Pw * rng.uniform(0.22, 0.32), CW * rng.uniform(0.045, 0.065)
        if rng.random() < 0.5:
            spots = [(pad + Pw * rng.uniform(0.4, 0.6), pad, rng.uniform(-6, 6))]
        else:
            spots = [(pad, pad, rng.uniform(-50, -35)), (pad + Pw, pad, rng.uniform(35, 50))]
        for (x, y, angd) in spots:
            t = Image.new("RGBA", (int(tw), int(th)), tc + (int(rng.integers(130, 180)),))
            t = t.rotate(angd, expand=True, resample=BICUBIC)
            over.alpha_composite(t, (int(x - t.width / 2), int(y - t.height / 2)))
        extra = f"{len(spots)} tape strip(s)"

    angle = rng.uniform(-8, 8) if variant == "held" else rng.uniform(-10, 10)
    centre = (CW / 2 + rng.uniform(-0.05, 0.05) * CW,
              CH / 2 + (rng.uniform(-0.08, 0.0) if variant == "held" else rng.uniform(-0.05, 0.05)) * CH)
    pl = place(rng, Lw, Lh, (px0 + pw / 2, py0 + ph / 2), angle, centre, 0.03)
    canvas = {"cork": tex_cork, "wall": tex_wall, "held": tex_room}[variant](rng)
    if variant == "held":
        dx, dy, sig, st = rng.uniform(-0.04, 0.04) * CW, rng.uniform(0.02, 0.06) * CW, rng.uniform(18, 30), rng.uniform(0.12, 0.25)
    else:
        dx, dy, sig, st = rng.uniform(-0.02, 0.02) * CW, rng.uniform(0.008, 0.03) * CW, rng.uniform(4, 12), rng.uniform(0.35, 0.6)
    _, a_sh = pl.shifted(dx, dy).warp_rgba(layer_im)
    canvas = canvas * shadow_from(a_sh, sig, st)
    rgbp, alpha = pl.warp_rgba(layer_im)
    canvas = composite(canvas, rgbp, alpha)
    if variant != "held":
        orgb, oal = pl.warp_rgba(over)
        canvas = composite(canvas, orgb, oal)
    prod = pl.warp_mask(pmask)
    if variant == "held":
        tips_local = [(pad + Pw * t, pad + Ph - bb * rng.uniform(0.35, 0.55)) for t in rng.uniform(0.15, 0.85, 30)]
        tips = pl.pts(tips_local)
        tips = [t for t in tips if 0.04 * CW < t[0] < 0.96 * CW and t[1] < 0.97 * CH]
        canvas, tg = place_thumb(rng, canvas, prod, tips, ("bottom",), max_depth=0.55 * CW)
        extra = "thumb on bottom border"
    # colour cast and mild motion blur
    s = rng.uniform(0.05, 0.12)
    cast = "warm" if rng.random() < 0.5 else "cool"
    mul = np.array([1 + 0.5 * s, 1, 1 - s] if cast == "warm" else [1 - 0.7 * s, 1 - 0.2 * s, 1 + 0.3 * s], np.float32)
    canvas = canvas * mul
    mlen = rng.uniform(3, 14)
    canvas = motion_blur(canvas, mlen, rng.uniform(0, math.pi))
    canvas = gauss_blur(canvas, rng.uniform(0.5, 1.5))
    info = dict(variant=variant, polaroid=polaroid, angle=round(angle, 1), cast=cast, cast_strength=round(s, 2),
                motion_blur_px=round(mlen / S, 2), extra=extra)
    return canvas, pl, (px0, py0, pw, ph), info


# ----------------------------------------------------------------------------------------------------
# Snapshot = scene + checks + camera finish
# ----------------------------------------------------------------------------------------------------

def snapshot(rng, scene: str, pic: Image.Image, pic2: Image.Image):
    lo_hi = {"screen": (0.38, 0.72), "print": (0.37, 0.56), "pinned": (0.38, 0.70)}[scene]
    for attempt in range(60):
        frac = rng.uniform(*lo_hi)
        try:
            if scene == "screen":
                canvas, pl, rect, info = render_screen(rng, pic, frac)
            elif scene == "print":
                canvas, pl, rect, info = render_print(rng, pic, pic2, frac)
            else:
                canvas, pl, rect, info = render_pinned(rng, pic, frac)
        except Retry:
            continue
        x0, y0, w, h = rect
        quad = pl.pts([(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)])
        full = poly_area(quad) / (CW * CH)
        # visible part of the picture (clip the quad to the frame with a mask)
        m = Image.new("L", (CW, CH), 0)
        ImageDraw.Draw(m).polygon(quad, fill=255)
        vis = float(np.asarray(m, np.float32).sum() / 255.0 / (CW * CH))
        if not (AREA_MIN + 0.01 <= vis <= AREA_MAX - 0.01) or vis < 0.97 * full:
            continue
        info["picture_area"] = round(vis, 3)
        info["attempts"] = attempt + 1
        break
    else:
        raise RuntimeError(f"could not render a {scene} scene")
    # camera finish: exposure / white balance, shrink to 60x80, sensor noise, JPEG
    gain = rng.uniform(0.9, 1.07)
    wb = rng.normal(1.0, 0.02, 3).astype(np.float32)
    canvas = np.clip(canvas * gain * wb, 0, 255)
    gamma = rng.uniform(0.9, 1.1)
    canvas = 255.0 * (canvas / 255.0) ** gamma
    im = to_img(canvas)
    filt = [Image.Resampling.BOX, Image.Resampling.BILINEAR, Image.Resampling.LANCZOS][rng.integers(3)]
    if filt == Image.Resampling.BILINEAR:
        im = im.resize((W * 2, H * 2), BILINEAR).resize((W, H), BILINEAR)
    else:
        im = im.resize((W, H), filt)
    a = np.asarray(im, np.float32)
    sig = rng.uniform(1.5, 5.0)
    a = a + rng.normal(0, sig, (H, W, 1)) + rng.normal(0, sig * 0.4, (H, W, 3))
    im = to_img(a)
    q = int(rng.integers(40, 86))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=q)
    info["jpeg_quality"] = q
    info["noise_sigma"] = round(sig, 2)
    return buf.getvalue(), info


# ----------------------------------------------------------------------------------------------------
# Texts
# ----------------------------------------------------------------------------------------------------

IMAGE_TEXTS = [
    "do u have this one?",
    "this one pls",
    "is this availble here",
    "can i buy this somewhere on here",
    "need this asap!!",
    "looking for exactly this",
    "find me this pls",
    "hav you got this?",
    "want this. do you stock it",
    "what's this called and can i get it",
    "same one please",
    "omg i need this",
    "is this on ur site?",
    "how do i get this one",
    "can you find this exact thing",
    "wher can i get this",
    "got this in stock?",
    "this!! where from",
    "pls tell me you sell this",
    "i want the thing in the pic",
]
IMAGE_TEXTS_SCENE = {
    "screen": ["found this on insta, where can i buy it", "screenshot from some app, got it?",
               "saw this on my phone, do you sell it", "my sister sent me this, find it pls",
               "saw it in an ad, is it here?"],
    "print": ["spotted this in a magazine, do you have it", "from a catalogue at the dentist lol, you sell this?",
              "this one from the mag pls", "saw this in a brochure, can u find it?"],
    "pinned": ["had this pinned on my board for ages, want it now", "this pic's been on my wall, can i get it here",
               "printed this out ages ago, still sold?", "my friend held up this photo, where's it from"],
}
COMPOSED_TEXTS = [
    "this but in {c}",
    "got it in {c}?",
    "love the shape, need it in {c}",
    "same thing but {c} pls",
    "any chance this comes in {c}?",
    "do u have this one in {c}",
    "want this style only in {c}",
    "this in {c}??",
    "like this but {c} plz",
    "is there a {c} version of this one",
    "need a {c} one exactly like this",
    "can i get this in {c} instead",
    "perfect except the colour, i want {c}",
    "this one but {c} colour",
    "same design in {c} if you have it",
    "not this colour, {c} pls",
    "would love this in {c}",
]
HINT_BRAND = ["it's the {h} one", "brand was {h} i think", "oh and it's by {h}", "pretty sure it's {h}",
              "{h} if that helps"]
HINT_WORD = ["the name had {h} in it", "it was called something like {h}", "i think the label said {h}",
             "the {h} one", "something like '{h}' in the name", "it said {h} on it"]
MERGED = ["{t}, the {h} one", "{t} - it's {h}", "{t} ({h})"]
COLOUR_SAY = {"Navy Blue": ["navy", "navy blue"], "Off White": ["off white", "off-white"],
              "Grey": ["grey", "gray"], "Grey Melange": ["grey melange"], "Multi": ["multicolour", "multi colour"],
              "Turquoise Blue": ["turquoise"], "Coffee Brown": ["coffee brown"], "Sea Green": ["sea green"]}
COLOUR_TYPO = {"black": "blak", "white": "whte", "green": "gren", "brown": "brwn", "purple": "purpel",
               "yellow": "yelow", "maroon": "marron", "orange": "ornage", "grey": "gery", "silver": "sliver"}


def say_colour(rnd: random.Random, colour: str) -> str:
    c = rnd.choice(COLOUR_SAY.get(colour, [colour.lower()]))
    if c in COLOUR_TYPO and rnd.random() < 0.12:
        c = COLOUR_TYPO[c]
    return c


# ----------------------------------------------------------------------------------------------------
# Target selection
# ----------------------------------------------------------------------------------------------------

def fits_gender(p_gender: str, g: str) -> bool:
    return p_gender == g or p_gender == "Unisex" or g == "Unisex"


def main():
    rnd = random.Random(SEED)
    rows, prods, order, thumbs, md5_of, pix_of, COL = load_catalog()
    index_of = {pid: i for i, pid in enumerate(order)}
    eligible = [pid for pid in order if prods[pid]["baseColour"] not in ("", "NA")
                and prods[pid]["articleType"] and prods[pid]["gender"]]
    by_tc = {}
    for pid in eligible:
        p = prods[pid]
        by_tc.setdefault((p["articleType"], p["baseColour"]), []).append(pid)
    used: set[str] = set()

    def type_words(t):
        return set(t.lower().split())

    def hint_ok(tok, p):
        return (tok not in COL and tok not in GENDER_TOKENS and tok not in STOP_TOKENS and tok not in TYPE_TOKENS
                and tok not in GENERIC_TOKENS
                and tok not in type_words(p["articleType"]) and len(tok) >= 3
                and sum(ch.isalpha() for ch in tok) >= 3)

    def hint_matches(hint_toks, t):
        """Products of the target's type and colour that fit its gender and whose title holds the hint."""
        out_tok, out_sub = [], []
        hs = " ".join(hint_toks)
        n = len(hint_toks)
        for pid in by_tc[(t["articleType"], t["baseColour"])]:
            p = prods[pid]
            if not fits_gender(p["gender"], t["gender"]):
                continue
            toks = p["tokens"]
            if any(toks[i:i + n] == hint_toks for i in range(len(toks) - n + 1)):
                out_tok.append(pid)
            if hs in " ".join(toks):
                out_sub.append(pid)
        return out_tok, out_sub

    def best_hint(tid):
        """The remembered name words that single the target out: its whole brand (the words before the
        gender word) or one or two model words from the rest of the title."""
        t = prods[tid]
        toks, raw = t["tokens"], t["words"]
        g_at = next((i for i, x in enumerate(toks) if x in GENDER_TOKENS), None)
        spans = []
        if g_at and g_at <= 4:
            brand = toks[:g_at]
            if not (set(brand) & COL) and sum(ch.isalpha() for ch in "".join(brand)) >= 3:
                spans.append((0, g_at, True))
        start = g_at + 1 if g_at is not None else 1
        for i in range(start, len(toks) - 1):            # never the last word (usually the type)
            for n in (1, 2):
                if i + n <= len(toks) - 1 and all(hint_ok(x, t) for x in toks[i:i + n]):
                    spans.append((i, n, False))
        cands = []
        for i, n, is_brand in spans:
            ht = toks[i:i + n]
            mt, ms = hint_matches(ht, t)
            if tid not in mt or sorted(mt) != sorted(ms):
                continue
            # preference among equally selective hints: whole brand, then longer single model words
            pref = 0 if is_brand else (1 if (n == 1 and len(ht[0]) >= 5) else 2)
            cands.append((len(mt), pref, i, " ".join(raw[i:i + n]), sorted(mt, key=int), is_brand))
        if not cands:
            return None
        cands.sort(key=lambda c: (c[0], c[1], c[2]))
        top = [c for c in cands if c[0] == cands[0][0]]
        if len(top) > 1 and top[0][1] == 0 and rnd.random() < 0.45:
            top = top[1:]                                 # sometimes a model word although the brand would do
        best_pref = top[0][1]
        top = [c for c in top if c[1] == best_pref]
        c = top[rnd.randrange(len(top))]
        return dict(size=c[0], brand=c[5], text=c[3], relevant=c[4])

    # ---------------- composed: same model, other colour ----------------
    groups = {}
    for pid in eligible:
        p = prods[pid]
        key = (p["articleType"], p["gender"], tuple(x for x in p["tokens"] if x not in COL))
        if len(key[2]) < 2:
            continue
        groups.setdefault(key, []).append(pid)
    pairs_by_type = {}
    for key in sorted(groups, key=lambda k: (k[0], k[1], k[2])):
        members = groups[key]
        if len(members) < 2:
            continue
        for tid in members:
            t = prods[tid]
            same_col = [x for x in members if prods[x]["baseColour"] == t["baseColour"]]
            if len(same_col) != 1:
                continue
            if not (set(t["baseColour"].lower().split()) & set(t["tokens"])):
                continue   # title does not name the target's colour: skip doubtful rows
            for rid in members:
                r = prods[rid]
                if r["baseColour"] == t["baseColour"] or md5_of[rid] == md5_of[tid] or pix_of[rid] == pix_of[tid]:
                    continue
                if set(r["tokens"]) & set(t["baseColour"].lower().split()):
                    continue   # the reference's title names the target's colour
                pairs_by_type.setdefault(t["articleType"], []).append((rid, tid))

    composed = []
    for at in weighted_type_draws(sorted(pairs_by_type), lambda t: len(pairs_by_type[t]), rnd,
                                  lambda: len(composed) >= N_COMPOSED):
        prs = list(pairs_by_type[at])
        rnd.shuffle(prs)
        fallback = None
        chosen = None
        for rid, tid in prs[:400]:
            if rid in used or tid in used:
                continue
            h = best_hint(tid)
            if h is None:
                continue
            if h["size"] == 1:
                chosen = (rid, tid, h)
                break
            if h["size"] <= 3 and fallback is None:
                fallback = (rid, tid, h)
        chosen = chosen or fallback
        if chosen:
            rid, tid, h = chosen
            used.update([rid, tid])
            composed.append(dict(ref=rid, target=tid, hint=h))

    # ---------------- image: the target itself ----------------
    by_type = {}
    for pid in eligible:
        by_type.setdefault(prods[pid]["articleType"], []).append(pid)
    img_types = sorted(t for t in by_type if len(by_type[t]) >= 3)

    def image_relevant(tid):
        t = prods[tid]
        rel = {tid}
        for pid in order:
            p = prods[pid]
            if md5_of[pid] == md5_of[tid] or pix_of[pid] == pix_of[tid]:
                rel.add(pid)
            elif (p["productDisplayName"] == t["productDisplayName"] and p["gender"] == t["gender"]
                  and p["baseColour"] == t["baseColour"] and p["articleType"] == t["articleType"]):
                rel.add(pid)
        # near-identical photos that are not in `rel` make the target ambiguous: reject it
        i = index_of[tid]
        dd = np.abs(thumbs - thumbs[i]).mean(axis=(1, 2, 3))
        tim = np.asarray(photo(tid), np.float32)
        for j in np.where(dd < 6.0)[0]:
            pid = order[int(j)]
            if pid in rel:
                continue
            if np.abs(np.asarray(photo(pid), np.float32) - tim).mean() < 4.0:
                return None
        return sorted(rel, key=int)

    images = []
    for at in weighted_type_draws(img_types, lambda t: len(by_type[t]), rnd, lambda: len(images) >= N_IMAGE):
        cands = [p for p in by_type[at] if p not in used]
        rnd.shuffle(cands)
        fallback = None
        for tid in cands[:20]:
            rel = image_relevant(tid)
            if rel is None or any(x in used for x in rel):
                continue
            if len(rel) > 4:          # a very common title: keep only if nothing better turns up
                fallback = fallback or (tid, rel)
                continue
            fallback = (tid, rel)
            break
        if fallback:
            tid, rel = fallback
            used.update(rel)
            images.append(dict(target=tid, relevant=rel))

    if len(composed) < N_COMPOSED or len(images) < N_IMAGE:
        sys.exit(f"only {len(composed)} composed / {len(images)} image dialogues found")

    # ---------------- scenes, texts, order ----------------
    def scene_list():
        s = [sc for sc in SCENES for _ in range(N_IMAGE // len(SCENES))]
        rnd.shuffle(s)
        return s

    for d, sc in zip(images, scene_list()):
        d["scene"] = sc
        d["kind"] = "image"
    for d, sc in zip(composed, scene_list()):
        d["scene"] = sc
        d["kind"] = "composed"
    dialogues = images + composed
    rnd.shuffle(dialogues)

    img_text_bag = []
    comp_text_bag = []

    def draw_from(bag, source):
        if not bag:
            bag.extend(source)
            rnd.shuffle(bag)
        return bag.pop()

    if OUT_IMG.exists():
        shutil.rmtree(OUT_IMG)
    OUT_IMG.mkdir(parents=True)
    lines, meta = [], {}
    for idx, d in enumerate(dialogues):
        did = f"S{idx:04d}"
        t = prods[d["target"]]
        shown = d["target"] if d["kind"] == "image" else d["ref"]
        others = [p for p in eligible if prods[p]["articleType"] != prods[shown]["articleType"]]
        second = others[rnd.randrange(len(others))]
        rng = np.random.default_rng([SEED, idx])
        jpg, info = snapshot(rng, d["scene"], photo(shown), photo(second))
        suffix = "photo" if d["kind"] == "image" else "ref"
        rel_path = f"{IMG_REL}/{idx:04d}-{suffix}.jpg"
        (HERE / rel_path).write_bytes(jpg)
        if d["kind"] == "image":
            if rnd.random() < 0.3:
                text = rnd.choice(IMAGE_TEXTS_SCENE[d["scene"]])
            else:
                text = draw_from(img_text_bag, IMAGE_TEXTS)
            turns = [{"text": text, "image": rel_path}]
            relevant = d["relevant"]
        else:
            t1 = draw_from(comp_text_bag, COMPOSED_TEXTS).format(c=say_colour(rnd, t["baseColour"]))
            h = d["hint"]
            htxt = h["text"] if rnd.random() < 0.6 else h["text"].lower()
            if rnd.random() < 0.25:
                turns = [{"text": rnd.choice(MERGED).format(t=t1, h=htxt), "image": rel_path}]
            else:
                tmpl = rnd.choice(HINT_BRAND if h["brand"] else HINT_WORD)
                turns = [{"text": t1, "image": rel_path}, {"text": tmpl.format(h=htxt), "image": None}]
            relevant = h["relevant"]
        obj = {"id": did, "kind": d["kind"], "turns": turns, "target": d["target"], "relevant": relevant,
               "constraints": {"articleType": t["articleType"], "baseColour": t["baseColour"],
                               "gender": t["gender"]}}
        lines.append(json.dumps(obj, ensure_ascii=False))
        m = {"scene": d["scene"], "shown_product": shown, "second_picture": second if d["scene"] == "print" else None}
        if d["kind"] == "composed":
            m["hint"] = d["hint"]["text"]
        m.update(info)
        meta[did] = m
    OUT_JSONL.write_text("\n".join(lines) + "\n", encoding="utf-8")
    OUT_META.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} dialogues to {OUT_JSONL.relative_to(ROOT)} and photos to {OUT_IMG.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
