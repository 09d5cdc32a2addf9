#!/usr/bin/env python3
"""Make the shopper photos of natural13.jsonl from the catalog photos.

usage: python3 bench/heldout/make_natural13_photos.py

Writes images/natural13/N13-NNN.jpg (60x80 JPEG) next to this script, one per conversation that has a photo.
Needs only Pillow and numpy; the seed is fixed (one generator per photo), so two runs write the same files.
Each photo is drawn on a 240x320 canvas from the catalog photo(s) named in PHOTOS, in one of 22 scenes of the
writer's own (see the README section), with damage that grows with the strength (0 mild, 1 medium, 2 strong),
then shrunk to 60x80.
"""
import math
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOG_IMAGES = os.path.join(HERE, '..', '..', 'data', 'fashion-small', 'images')
OUT = os.path.join(HERE, 'images', 'natural13')
W, H = 240, 320
SEED = 1313

# (dialogue id, scene, catalog ids shown left to right, strength)
PHOTOS = [
    ('N13-000', 'tablet', ['16082', '16083', '16085'], 2),
    ('N13-001', 'giftwrap', ['20618'], 1),
    ('N13-002', 'lap', ['13624'], 2),
    ('N13-004', 'flyer', ['12022', '11086', '14049'], 2),
    ('N13-005', 'boxlabel', ['10079'], 1),
    ('N13-006', 'giftwrap', ['19888'], 0),
    ('N13-007', 'laptop', ['18432', '18436', '18433'], 1),
    ('N13-008', 'basket', ['21380'], 0),
    ('N13-009', 'clothesline', ['18850'], 1),
    ('N13-010', 'basket', ['18710'], 2),
    ('N13-011', 'cracked', ['12780'], 2),
    ('N13-012', 'carrier', ['17621'], 2),
    ('N13-013', 'dusk', ['17113'], 1),
    ('N13-015', 'chat', ['18171', '18178'], 1),
    ('N13-016', 'strap', ['17639'], 2),
    ('N13-017', 'cracked', ['19391'], 0),
    ('N13-018', 'shelf', ['10634'], 1),
    ('N13-019', 'clothesline', ['20207'], 2),
    ('N13-020', 'lap', ['20506'], 0),
    ('N13-021', 'fridge', ['12849'], 2),
    ('N13-025', 'basket', ['14840'], 1),
    ('N13-026', 'homescreen', ['21451', '21453', '21446'], 0),
    ('N13-027', 'newsprint', ['15085', '20328', '20329'], 2),
    ('N13-030', 'shelf', ['15344'], 1),
    ('N13-033', 'carousel', ['19910'], 1),
    ('N13-034', 'videocall', ['18181'], 0),
    ('N13-035', 'videocall', ['19436'], 2),
    ('N13-036', 'fridge', ['14028'], 1),
    ('N13-037', 'bench', ['21291'], 2),
    ('N13-038', 'compare', ['10772', '12998'], 1),
    ('N13-039', 'homescreen', ['10594', '10596', '10698'], 1),
    ('N13-040', 'bench', ['19913'], 0),
    ('N13-042', 'shelf', ['15109'], 0),
    ('N13-043', 'strap', ['15626'], 1),
    ('N13-044', 'darkmode', ['15499', '14401', '17662'], 0),
    ('N13-045', 'bench', ['12705'], 1),
    ('N13-046', 'boxlabel', ['21030'], 2),
    ('N13-047', 'clothesline', ['12462'], 2),
    ('N13-048', 'carrier', ['19880'], 1),
    ('N13-049', 'dusk', ['14538'], 0),
    ('N13-050', 'dusk', ['19503'], 2),
    ('N13-051', 'carrier', ['20921'], 0),
    ('N13-052', 'lap', ['20466'], 1),
    ('N13-053', 'boxlabel', ['12994'], 0),
    ('N13-054', 'flyer', ['10269', '10288', '11495'], 0),
    ('N13-055', 'cracked', ['18269'], 1),
    ('N13-056', 'shelf', ['17417'], 2),
    ('N13-057', 'carousel', ['19740'], 2),
    ('N13-058', 'giftwrap', ['18726'], 2),
    ('N13-059', 'dusk', ['14862'], 1),
]


# ----------------------------------------------------------------------------------------------------------------
# basic helpers

def load(pid):
    return Image.open(os.path.join(CATALOG_IMAGES, pid + '.jpg')).convert('RGB')


def product(pid, w, h):
    """The catalog photo enlarged to w x h."""
    return load(pid).resize((w, h), Image.BICUBIC)


def cutout_mask(img60):
    """Mask (L, 255 = product) of a 60x80 catalog photo: near-white pixels connected to the border are background."""
    a = np.asarray(img60).astype(int)
    white = a.min(axis=2) > 226
    bg = np.zeros_like(white)
    bg[0, :] = white[0, :]
    bg[-1, :] = white[-1, :]
    bg[:, 0] |= white[:, 0]
    bg[:, -1] |= white[:, -1]
    while True:
        nb = bg.copy()
        nb[1:, :] |= bg[:-1, :]
        nb[:-1, :] |= bg[1:, :]
        nb[:, 1:] |= bg[:, :-1]
        nb[:, :-1] |= bg[:, 1:]
        nb &= white
        if (nb == bg).all():
            break
        bg = nb
    # near-white holes enclosed by the product (a bag handle, the inside of a necklace) are background too,
    # unless the product itself is mostly white
    hole = white & ~bg
    seen = np.zeros_like(hole)
    comps = []
    for y0, x0 in zip(*np.nonzero(hole)):
        if seen[y0, x0]:
            continue
        stack, comp = [(y0, x0)], []
        seen[y0, x0] = True
        while stack:
            y, x = stack.pop()
            comp.append((y, x))
            for yy, xx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                if 0 <= yy < hole.shape[0] and 0 <= xx < hole.shape[1] and hole[yy, xx] and not seen[yy, xx]:
                    seen[yy, xx] = True
                    stack.append((yy, xx))
        comps.append(comp)
    big = [c for c in comps if len(c) >= 25]
    rest = ~bg
    for c in big:
        for y, x in c:
            rest[y, x] = False
    if big and rest.sum() > 0 and (white & rest).sum() / rest.sum() < 0.35:
        for c in big:
            for y, x in c:
                bg[y, x] = True
    m = ~bg
    if m.mean() > 0.97 or m.mean() < 0.03:      # full-bleed photo: keep it whole
        m = np.ones_like(m)
    return Image.fromarray((m * 255).astype(np.uint8))


def cutout(pid, w, h):
    """(RGB, L mask) of the product enlarged to w x h, the studio background removed, edges feathered."""
    im = load(pid)
    m = cutout_mask(im).resize((w, h), Image.BILINEAR).filter(ImageFilter.MinFilter(3)).filter(ImageFilter.GaussianBlur(1.0))
    return im.resize((w, h), Image.BICUBIC), m


def fitbox(pid, maxw, maxh):
    """Size (w, h) keeping the catalog's 3:4 shape inside maxw x maxh."""
    s = min(maxw / 60.0, maxh / 80.0)
    return max(8, int(60 * s)), max(8, int(80 * s))


def noise_field(rng, w, h, scale, octaves=3):
    """Smooth value noise in [0, 1], shape (h, w)."""
    out = np.zeros((h, w))
    amp, tot = 1.0, 0.0
    for o in range(octaves):
        gw = max(2, int(w / scale * 2 ** o) + 2)
        gh = max(2, int(h / scale * 2 ** o) + 2)
        g = rng.random((gh, gw))
        im = Image.fromarray((g * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC)
        out += amp * np.asarray(im) / 255.0
        tot += amp
        amp *= 0.5
    return out / tot


def arr(img):
    return np.asarray(img.convert('RGB')).astype(float)


def img(a):
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def solid(color, w=W, h=H):
    return Image.new('RGB', (w, h), tuple(int(c) for c in color))


def shade(im, fn):
    """Multiply an image by a (h, w) field."""
    a = arr(im) * fn[..., None]
    return img(a)


def gradient(w, h, c0, c1, vertical=True):
    t = np.linspace(0, 1, h if vertical else w)
    t = t[:, None] if vertical else t[None, :]
    t = np.broadcast_to(t, (h, w))
    c0, c1 = np.array(c0, float), np.array(c1, float)
    return img(c0 * (1 - t[..., None]) + c1 * t[..., None])


def persp_coeffs(dst, src):
    """Coefficients for Image.transform(PERSPECTIVE): maps output points dst to input points src."""
    A, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(A, float), np.array(b, float)).tolist()


def warp(im, quad, size=(W, H)):
    """RGBA image of size where im (RGB or RGBA) is mapped onto quad (TL, TR, BR, BL); transparent outside."""
    if im.mode != 'RGBA':
        im = im.convert('RGBA')
    w, h = im.size
    c = persp_coeffs(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    return im.transform(size, Image.PERSPECTIVE, c, Image.BICUBIC)


def jitter_quad(rng, x0, y0, x1, y1, amt):
    """The rectangle's corners moved by up to amt * size (a photo taken at an angle)."""
    w, h = x1 - x0, y1 - y0
    pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return [(x + rng.uniform(-amt, amt) * w, y + rng.uniform(-amt, amt) * h) for x, y in pts]


def paste_rgba(canvas, layer):
    base = canvas.convert('RGBA')
    base.alpha_composite(layer)
    return base.convert('RGB')


def with_alpha(im, mask):
    im = im.convert('RGBA')
    im.putalpha(mask)
    return im


def drop_shadow(canvas, mask, x, y, off=(4, 5), blur=5, strength=0.45):
    """Darken the canvas under a shifted, blurred copy of mask placed at (x, y)."""
    sh = Image.new('L', canvas.size, 0)
    sh.paste(mask, (x + off[0], y + off[1]))
    sh = sh.filter(ImageFilter.GaussianBlur(blur))
    f = 1.0 - strength * np.asarray(sh) / 255.0
    return shade(canvas, f)


def place(canvas, rgb, mask, x, y, angle=0.0, shadow=True, off=(4, 5), blur=5, sh_strength=0.45):
    """Paste a cut-out product (rotated by angle degrees) with its top-left at (x, y)."""
    layer = with_alpha(rgb, mask)
    if angle:
        layer = layer.rotate(angle, Image.BICUBIC, expand=True)
    m = layer.split()[3]
    if shadow:
        canvas = drop_shadow(canvas, m, x, y, off, blur, sh_strength)
    full = Image.new('RGBA', canvas.size, (0, 0, 0, 0))
    full.paste(layer, (x, y), layer)
    return paste_rgba(canvas, full)


def bars(d, x, y, w, n, rng, color, h=3, gap=4, minfrac=0.45):
    """Grey 'text' lines."""
    for i in range(n):
        ww = int(w * (rng.uniform(minfrac, 1.0) if i < n - 1 else rng.uniform(0.3, 0.7)))
        d.rectangle([x, y + i * (h + gap), x + ww, y + i * (h + gap) + h - 1], fill=color)


def skin(rng):
    tones = [(241, 200, 170), (224, 172, 134), (198, 140, 100), (160, 105, 70), (120, 78, 50), (232, 190, 160)]
    return tones[rng.integers(len(tones))]


def finger(d, x, y, w, h, col, angle_down=True):
    """A finger/thumb: a rounded body with a paler nail."""
    d.rounded_rectangle([x, y, x + w, y + h], radius=w // 2, fill=col)
    nail = tuple(min(255, c + 25) for c in col)
    if angle_down:
        d.rounded_rectangle([x + w * 0.2, y + 3, x + w * 0.8, y + h * 0.35], radius=w // 4, fill=nail)
    else:
        d.rounded_rectangle([x + w * 0.2, y + h * 0.65, x + w * 0.8, y + h - 3], radius=w // 4, fill=nail)


def blur(im, r):
    return im.filter(ImageFilter.GaussianBlur(r)) if r > 0 else im


# ----------------------------------------------------------------------------------------------------------------
# single-product scenes

def scene_shelf(rng, pids, s):
    """A shop shelf shot at an angle: back panel, shelf board, neighbouring stock, a strip of price labels."""
    pid = pids[0]
    back = gradient(W, H, (205, 200, 190), (170, 166, 158))
    back = shade(back, 0.9 + 0.1 * noise_field(rng, W, H, 60))
    d = ImageDraw.Draw(back)
    shelf_y = int(rng.uniform(228, 250))
    # neighbouring stock, half out of the frame
    for x0 in (-70, W - 25):
        col = tuple(int(c) for c in rng.integers(40, 200, 3))
        d.rounded_rectangle([x0, shelf_y - 170, x0 + 95, shelf_y], radius=8, fill=col)
    # shelf board and its front edge
    d.rectangle([0, shelf_y, W, H], fill=(120, 96, 70))
    d.rectangle([0, shelf_y, W, shelf_y + 26], fill=(235, 235, 232))
    # price labels on the edge
    x = int(rng.uniform(4, 20))
    while x < W - 10:
        lw = int(rng.uniform(44, 60))
        d.rectangle([x, shelf_y + 3, x + lw, shelf_y + 23], fill=(252, 252, 248), outline=(150, 150, 150))
        for k in range(int(lw * 0.45)):
            if rng.random() < 0.6:
                d.line([x + 3 + k, shelf_y + 6, x + 3 + k, shelf_y + 14], fill=(20, 20, 20))
        pc = (220, 30, 30) if rng.random() < 0.6 else (250, 210, 0)
        d.rectangle([x + int(lw * 0.55), shelf_y + 5, x + lw - 3, shelf_y + 19], fill=pc)
        d.rectangle([x + int(lw * 0.6), shelf_y + 9, x + lw - 7, shelf_y + 13], fill=(255, 255, 255))
        bars(d, x + 3, shelf_y + 17, int(lw * 0.45), 1, rng, (90, 90, 90), h=2)
        x += lw + int(rng.uniform(8, 26))
    back = blur(back, 1.2)
    pw, ph = fitbox(pid, 170, 210)
    rgb, m = cutout(pid, pw, ph)
    bbox = m.getbbox() or (0, 0, pw, ph)
    y = shelf_y - bbox[3] + 2
    x = (W - pw) // 2 + int(rng.uniform(-15, 15))
    can = place(back, rgb, m, x, y, 0, True, (6, 0), 4, 0.35)
    # taken at an angle: the far side of the shelf smaller (keystone), a slight roll
    k = [0.07, 0.11, 0.16][s]
    if rng.random() < 0.5:
        quad = [(0, 0), (W, k * H), (W, H - k * H), (0, H)]
    else:
        quad = [(0, k * H), (W, 0), (W, H), (0, H - k * H)]
    layer = warp(can, quad).rotate(rng.uniform(-4, 4), Image.BICUBIC)
    can = paste_rgba(solid((120, 112, 104)), layer)
    zoom = 1.0 + 0.6 * k
    can = can.crop((int(W * (zoom - 1) / 2), int(H * (zoom - 1) / 2), int(W - W * (zoom - 1) / 2), int(H - H * (zoom - 1) / 2))).resize((W, H), Image.BICUBIC)
    # fluorescent cast
    return img(arr(can) * np.array([0.96, 1.02, 0.97]))


def scene_lap(rng, pids, s):
    """The product lying on someone's lap: trouser fabric over two thighs, the gap between them, a hand."""
    pid = pids[0]
    base_col = [(70, 90, 140), (150, 130, 95), (60, 60, 62), (110, 70, 60)][rng.integers(4)]
    fab = np.ones((H, W, 3)) * np.array(base_col, float)
    yy, xx = np.mgrid[0:H, 0:W]
    twill = 0.92 + 0.08 * np.sin((xx + yy) * 1.7) * np.sin(yy * 0.9)
    fab *= twill[..., None]
    fab *= (0.85 + 0.3 * noise_field(rng, W, H, 25))[..., None]
    # two thighs (light in the middle, darker to the sides) with a shadowed gap
    gap = W / 2 + rng.uniform(-12, 12)
    left = np.clip(1 - ((xx - gap / 2) / (gap / 2)) ** 2, 0, 1)
    right = np.clip(1 - ((xx - (gap + (W - gap) / 2)) / ((W - gap) / 2)) ** 2, 0, 1)
    round_ = np.where(xx < gap, left, right)
    fab *= (0.55 + 0.5 * round_ ** 0.6)[..., None]
    can = img(fab)
    # knees at the bottom: a darker fold
    d = ImageDraw.Draw(can)
    for x0 in (gap / 2, gap + (W - gap) / 2):
        d.arc([x0 - 60, H - 40, x0 + 60, H + 30], 200, 340, fill=tuple(int(c * 0.6) for c in base_col), width=3)
    can = blur(can, 0.8)
    pw, ph = fitbox(pid, 190, 230)
    rgb, m = cutout(pid, pw, ph)
    ang = rng.uniform(-14, 14)
    can = place(can, rgb, m, (W - pw) // 2 + int(rng.uniform(-10, 10)), (H - ph) // 2 + int(rng.uniform(-20, 5)), ang, True, (3, 6), 6, 0.5)
    # a hand resting at one side, covering an edge a little more when stronger
    d = ImageDraw.Draw(can)
    col = skin(rng)
    side = rng.choice([0, 1])
    reach = [18, 30, 44][s]
    y0 = int(rng.uniform(120, 200))
    for i in range(4):
        if side == 0:
            finger(d, -20, y0 + i * 15, reach + 20 - i * 3, 13, col)
        else:
            finger(d, W - reach + i * 3, y0 + i * 15, reach + 20, 13, col)
    warm = np.array([1.06, 1.0, 0.88])
    return img(arr(blur(can, 0.5)) * warm)


def scene_strap(rng, pids, s):
    """The product on a surface with a bag strap lying across it."""
    pid = pids[0]
    surf = gradient(W, H, (214, 206, 196), (188, 180, 170), vertical=False)
    surf = shade(surf, 0.9 + 0.12 * noise_field(rng, W, H, 40))
    pw, ph = fitbox(pid, 210, 280)
    rgb, m = cutout(pid, pw, ph)
    can = place(surf, rgb, m, (W - pw) // 2, (H - ph) // 2, rng.uniform(-6, 6), True, (4, 5), 5, 0.35)
    # the strap: a band across the frame, wider when stronger
    width = [26, 36, 48][s]
    leather = rng.random() < 0.5
    col = (92, 58, 36) if leather else (30, 32, 36)
    ang = math.radians(rng.uniform(25, 65) * rng.choice([-1, 1]))
    cx, cy = W / 2 + rng.uniform(-30, 30), H / 2 + rng.uniform(-40, 40)
    dx, dy = math.cos(ang), math.sin(ang)
    nx, ny = -dy, dx
    L = 400

    def band(off0, off1):
        return [(cx - dx * L + nx * off0, cy - dy * L + ny * off0), (cx + dx * L + nx * off0, cy + dy * L + ny * off0),
                (cx + dx * L + nx * off1, cy + dy * L + ny * off1), (cx - dx * L + nx * off1, cy - dy * L + ny * off1)]
    shadow = Image.new('L', (W, H), 0)
    ImageDraw.Draw(shadow).polygon(band(-width / 2 + 6, width / 2 + 8), fill=255)
    shadow = shadow.filter(ImageFilter.GaussianBlur(5))
    can = shade(can, 1 - 0.45 * np.asarray(shadow) / 255.0)
    strap = Image.new('RGBA', (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(strap)
    d.polygon(band(-width / 2, width / 2), fill=col + (255,))
    st = tuple(min(255, c + 70) for c in col) + (255,)
    for off in (-width / 2 + 4, width / 2 - 4):
        p = band(off, off)
        n = 60
        for i in range(n):
            t0, t1 = i / n, (i + 0.5) / n
            a0 = (p[0][0] + (p[1][0] - p[0][0]) * t0, p[0][1] + (p[1][1] - p[0][1]) * t0)
            a1 = (p[0][0] + (p[1][0] - p[0][0]) * t1, p[0][1] + (p[1][1] - p[0][1]) * t1)
            d.line([a0, a1], fill=st, width=1)
    # a buckle on the strap
    bx, by = cx + dx * rng.uniform(-90, 90), cy + dy * rng.uniform(-90, 90)
    d.rectangle([bx - width * 0.45, by - width * 0.45, bx + width * 0.45, by + width * 0.45], outline=(200, 196, 180, 255), width=3)
    hi = np.asarray(strap).astype(float)
    tex = 0.85 + 0.25 * noise_field(rng, W, H, 6)
    hi[..., :3] *= tex[..., None]
    strap = Image.fromarray(np.clip(hi, 0, 255).astype(np.uint8), 'RGBA')
    return paste_rgba(can, strap)


def scene_dusk(rng, pids, s):
    """Dim evening light by a window: blue-grey ambient, one side lit, noisy."""
    pid = pids[0]
    cloth = [(150, 140, 170), (120, 150, 150), (170, 160, 140)][rng.integers(3)]
    surf = solid(cloth)
    surf = shade(surf, 0.85 + 0.2 * noise_field(rng, W, H, 30))
    pw, ph = fitbox(pid, 200, 270)
    rgb, m = cutout(pid, pw, ph)
    can = place(surf, rgb, m, (W - pw) // 2 + int(rng.uniform(-10, 10)), (H - ph) // 2 + int(rng.uniform(-10, 10)),
                rng.uniform(-10, 10), True, (5, 4), 7, 0.4)
    a = arr(can)
    yy, xx = np.mgrid[0:H, 0:W]
    side = rng.choice([0, 1])
    t = xx / W if side == 0 else 1 - xx / W
    light = 0.25 + 0.75 * (1 - t) ** 1.6
    exposure = [0.7, 0.56, 0.4][s]
    a = a * (light * exposure)[..., None]
    a = a * np.array([0.78, 0.88, 1.12])            # blue hour
    # a warm lamp glow in a corner
    lx, ly = (W * rng.uniform(0.6, 1.0) if side == 0 else W * rng.uniform(0, 0.4)), H * rng.uniform(0, 0.3)
    glow = np.exp(-(((xx - lx) ** 2 + (yy - ly) ** 2) / (2 * 70.0 ** 2)))
    a += glow[..., None] * np.array([60, 38, 10]) * [0.6, 0.8, 1.0][s]
    # auto-gain lifts the shadows and the noise with them
    a = 255 * (a / 255) ** 0.85
    a += rng.normal(0, [5, 8, 12][s], a.shape) + rng.normal(0, [3, 5, 7][s], a.shape[:2])[..., None]
    return blur(img(a), [0.4, 0.7, 1.0][s])


def scene_fridge(rng, pids, s):
    """A printed photo held on a fridge door by magnets, photographed."""
    pid = pids[0]
    door = gradient(W, H, (236, 236, 232), (206, 208, 206))
    yy, xx = np.mgrid[0:H, 0:W]
    door = shade(door, 0.97 + 0.03 * np.sin(xx * 2.3 + rng.uniform(0, 6)))
    d = ImageDraw.Draw(door)
    hx = int(rng.uniform(6, 18)) if rng.random() < 0.5 else W - int(rng.uniform(18, 30))
    d.rounded_rectangle([hx, 20, hx + 12, H - 20], radius=6, fill=(180, 182, 184))
    # a child's drawing behind, in a corner
    cx = rng.choice([-60, W - 70])
    d.rectangle([cx, H - 110, cx + 130, H + 10], fill=(250, 250, 245))
    for _ in range(4):
        c = tuple(int(v) for v in rng.integers(0, 255, 3))
        x0, y0 = cx + rng.uniform(10, 100), H - rng.uniform(20, 100)
        d.ellipse([x0, y0, x0 + rng.uniform(10, 30), y0 + rng.uniform(10, 30)], outline=c, width=3)
    # the print: catalog photo with a white border
    pw, ph = fitbox(pid, 176, 232)
    pr = Image.new('RGB', (pw + 16, ph + 22), (248, 248, 244))
    photo = product(pid, pw, ph)
    photo = img(arr(photo) * np.array([1.03, 1.0, 0.93]))       # print colour shift
    pr.paste(photo, (8, 8))
    ang = rng.uniform(-8, 8)
    layer = with_alpha(pr, Image.new('L', pr.size, 255)).rotate(ang, Image.BICUBIC, expand=True)
    x = (W - layer.size[0]) // 2 + int(rng.uniform(-10, 10))
    y = (H - layer.size[1]) // 2 + int(rng.uniform(-10, 10))
    door = drop_shadow(door, layer.split()[3], x, y, (2, 3), 3, 0.3)
    full = Image.new('RGBA', (W, H), (0, 0, 0, 0))
    full.paste(layer, (x, y), layer)
    can = paste_rgba(door, full)
    d = ImageDraw.Draw(can)
    # magnets on the top corners
    for mx in (x + 10, x + layer.size[0] - 30):
        my = y + rng.uniform(-6, 8)
        col = [(220, 40, 40), (40, 120, 220), (250, 200, 30), (60, 170, 80)][rng.integers(4)]
        r = rng.uniform(10, 14)
        d.ellipse([mx - 2, my, mx + 2 * r - 2, my + 2 * r], fill=tuple(int(c * 0.5) for c in col))
        d.ellipse([mx - 4, my - 2, mx + 2 * r - 4, my + 2 * r - 2], fill=col)
        d.ellipse([mx + 1, my + 2, mx + r * 0.7, my + r * 0.7], fill=tuple(min(255, c + 90) for c in col))
    # specular band from the kitchen light
    a = arr(can)
    t = (xx * 0.6 + yy * 0.4) / (W * 0.6 + H * 0.4)
    c0 = rng.uniform(0.3, 0.7)
    a += (np.exp(-((t - c0) / 0.05) ** 2) * [25, 45, 70][s])[..., None]
    return blur(img(a), [0.5, 0.9, 1.3][s])


def scene_carrier(rng, pids, s):
    """The product picture printed on a carrier bag: kraft or plastic, posterised print, wrinkles, handle hole."""
    pid = pids[0]
    kraft = rng.random() < 0.5
    bagc = np.array((196, 160, 118) if kraft else [(245, 245, 240), (250, 226, 70), (230, 240, 250)][rng.integers(3)], float)
    a = np.ones((H, W, 3)) * bagc
    # the print: multiplied onto the bag colour, fewer tones when stronger
    pw, ph = fitbox(pid, 180, 220)
    pr = arr(product(pid, pw, ph)) / 255.0
    lv = [14, 9, 6][s]
    pr = np.round(pr * (lv - 1)) / (lv - 1)
    g = pr.mean(axis=2, keepdims=True)
    pr = g + (pr - g) * [1.0, 0.9, 0.8][s]
    x0, y0 = (W - pw) // 2, 70 + int(rng.uniform(-8, 8))
    if kraft:                                   # the picture is printed on a white panel of the brown bag
        panel = np.array([238, 232, 220], float)
        a[y0 - 6:y0 + ph + 6, x0 - 6:x0 + pw + 6] = panel
    a[y0:y0 + ph, x0:x0 + pw] *= pr
    im = img(a)
    d = ImageDraw.Draw(im)
    # shop name and tag line
    ink = (40, 40, 40) if kraft else (rng.integers(0, 120), rng.integers(0, 120), rng.integers(60, 200))
    ink = tuple(int(v) for v in ink)
    d.rectangle([W // 2 - 60, 44, W // 2 + 60, 58], fill=ink)
    bars(d, W // 2 - 50, y0 + ph + 10, 100, 2, rng, ink, h=4, gap=5)
    # handle hole
    d.rounded_rectangle([W // 2 - 34, 10, W // 2 + 34, 28], radius=9, fill=(60, 55, 50))
    # wrinkles: warp rows/columns and shade along creases
    a = arr(im)
    yy, xx = np.mgrid[0:H, 0:W]
    amp = [2.0, 3.5, 5.5][s]
    f1, f2 = rng.uniform(0.02, 0.05), rng.uniform(0.015, 0.04)
    dx = amp * np.sin(yy * f1 + rng.uniform(0, 6)) + amp * 0.6 * np.sin((xx + yy) * f2)
    dy = amp * np.sin(xx * f2 + rng.uniform(0, 6))
    sx = np.clip((xx + dx).astype(int), 0, W - 1)
    sy = np.clip((yy + dy).astype(int), 0, H - 1)
    a = a[sy, sx]
    ridges = np.abs(noise_field(rng, W, H, 45, 2) - 0.5) * 2          # 0 on a crease line
    crease = 1 - [0.07, 0.11, 0.16][s] * np.exp(-(ridges / 0.08) ** 2) + 0.06 * (noise_field(rng, W, H, 30, 2) - 0.5)
    if not kraft:
        crease += [0.06, 0.1, 0.14][s] * (noise_field(rng, W, H, 20) > 0.62)   # plastic sheen
    a *= crease[..., None]
    im = img(a)
    # held up in front of a dim background: the bag a little tilted
    quad = jitter_quad(rng, 8, 6, W - 8, H - 6, [0.02, 0.04, 0.06][s])
    layer = warp(im, quad)
    return paste_rgba(gradient(W, H, (70, 70, 78), (40, 40, 44)), layer)


def scene_carousel(rng, pids, s):
    """On an airport luggage belt: dark rubber slats, metal rails, motion blur."""
    pid = pids[0]
    a = np.ones((H, W, 3)) * 42.0
    yy, xx = np.mgrid[0:H, 0:W]
    slat = int(rng.uniform(34, 46))
    seam = ((xx + int(rng.uniform(0, slat))) % slat) < 2
    a[seam] = 20
    a *= (0.85 + 0.3 * noise_field(rng, W, H, 10))[..., None]
    rail = int(rng.uniform(26, 40))
    a[:rail] = [150, 152, 155]
    a[H - rail:] = [150, 152, 155]
    for yb in (rail // 2, H - rail // 2):
        for xb in range(10, W, 38):
            a[yb - 2:yb + 2, xb - 2:xb + 2] = 90
    can = img(a)
    pw, ph = fitbox(pid, 200, 250)
    rgb, m = cutout(pid, pw, ph)
    can = place(can, rgb, m, (W - pw) // 2 + int(rng.uniform(-15, 15)), (H - ph) // 2, rng.uniform(-25, 25), True, (3, 4), 4, 0.5)
    # moving belt: horizontal motion blur
    k = [3, 7, 12][s]
    b = arr(can)
    acc = np.zeros_like(b)
    for i in range(k):
        acc += np.roll(b, i - k // 2, axis=1)
    a = acc / k
    # overhead light spots
    for _ in range(2):
        lx, ly = rng.uniform(0, W), rng.uniform(0, H)
        a += (np.exp(-(((xx - lx) ** 2 + (yy - ly) ** 2) / (2 * 50.0 ** 2))) * 40)[..., None]
    return img(a * np.array([1.0, 0.98, 0.92]))


def scene_videocall(rng, pids, s):
    """A screenshot of a video call: the product held up to a webcam in the big tile, other tiles, a toolbar."""
    pid = pids[0]
    can = solid((32, 33, 36))
    d = ImageDraw.Draw(can)
    # the webcam tile: a blurred room, the product held up, fingers, low resolution
    tw, th = 228, 236
    room = gradient(tw, th, tuple(int(v) for v in rng.integers(150, 220, 3)), (90, 85, 80))
    rd = ImageDraw.Draw(room)
    rd.rectangle([int(rng.uniform(0, 140)), 20, int(rng.uniform(150, 228)), 60], fill=(120, 90, 60))
    rd.rectangle([0, th - 40, tw, th], fill=(80, 70, 64))
    room = blur(room, 4)
    pw, ph = fitbox(pid, 190, 210)
    rgb, m = cutout(pid, pw, ph)
    room = place(room, rgb, m, (tw - pw) // 2 + int(rng.uniform(-12, 12)), (th - ph) // 2 + 4, rng.uniform(-12, 12), False)
    rd = ImageDraw.Draw(room)
    col = skin(rng)
    for i in range(3):
        finger(rd, tw // 2 - 30 + i * 20, th - 40 + rng.uniform(-6, 6), 17, 60, col)
    lo = [0.55, 0.4, 0.28][s]
    room = room.resize((int(tw * lo), int(th * lo)), Image.BILINEAR).resize((tw, th), Image.NEAREST)
    room = blur(room, 0.6)
    can.paste(room, (6, 26))
    d = ImageDraw.Draw(can)
    d.rectangle([10, 240, 70, 252], fill=(20, 20, 22))
    bars(d, 14, 244, 50, 1, rng, (230, 230, 230), h=4)
    # top bar and two small tiles with initials
    bars(d, 8, 8, 90, 1, rng, (170, 170, 175), h=6)
    for i, x0 in enumerate((8, 124)):
        d.rectangle([x0, 264, x0 + 108, 292], fill=(52, 54, 60))
        c = tuple(int(v) for v in rng.integers(60, 220, 3))
        d.ellipse([x0 + 40, 266, x0 + 64, 290], fill=c)
    # toolbar
    d.rectangle([0, 298, W, H], fill=(24, 24, 26))
    for i, x0 in enumerate(range(40, 200, 40)):
        d.ellipse([x0, 301, x0 + 16, 317], fill=(220, 50, 50) if i == 3 else (80, 82, 88))
    return can


def scene_basket(rng, pids, s):
    """In a plastic shop basket: coloured floor with a grid of holes, the rim and a handle across the photo."""
    pid = pids[0]
    col = np.array([(200, 30, 40), (30, 90, 190), (40, 150, 70), (240, 150, 20)][rng.integers(4)], float)
    a = np.ones((H, W, 3)) * col
    yy, xx = np.mgrid[0:H, 0:W]
    holes = ((xx % 22) > 14) & ((yy % 14) > 7)
    a[holes] = a[holes] * 0.25 + np.array([200, 200, 200]) * 0.1
    a *= (0.8 + 0.25 * noise_field(rng, W, H, 50))[..., None]
    can = img(a)
    pw, ph = fitbox(pid, 190, 250)
    rgb, m = cutout(pid, pw, ph)
    can = place(can, rgb, m, (W - pw) // 2 + int(rng.uniform(-10, 10)), (H - ph) // 2 + int(rng.uniform(-5, 15)),
                rng.uniform(-15, 15), True, (3, 4), 3, 0.45)
    d = ImageDraw.Draw(can)
    dark = tuple(int(c * 0.75) for c in col)
    # the rim: thick walls at the edges, slanted inwards at the bottom
    rim = [10, 16, 22][s]
    d.rectangle([0, 0, W, rim], fill=dark)
    d.rectangle([0, 0, rim, H], fill=dark)
    d.rectangle([W - rim, 0, W, H], fill=dark)
    d.polygon([(0, H - rim * 2), (W, H - rim * 2 - 10), (W, H), (0, H)], fill=dark)
    # wall slots over the product edge
    for y0 in range(rim + 6, H - rim * 2, 16):
        d.rectangle([2, y0, rim - 3, y0 + 8], fill=(30, 30, 30))
        d.rectangle([W - rim + 3, y0, W - 2, y0 + 8], fill=(30, 30, 30))
    # the handle across the photo, more of the product hidden when stronger
    hw = [9, 12, 16][s]
    y0 = rng.uniform(90, 200)
    d.line([(-10, y0 + rng.uniform(-30, 30)), (W + 10, y0 + rng.uniform(-30, 30))], fill=tuple(int(c * 0.9) for c in col), width=hw)
    quad = jitter_quad(rng, 0, 0, W, H, [0.03, 0.05, 0.07][s])
    return paste_rgba(solid((90, 90, 90)), warp(can, quad))


def scene_giftwrap(rng, pids, s):
    """On crumpled gift wrap with tissue paper, a ribbon and a bow."""
    pid = pids[0]
    bg = np.array([(180, 30, 40), (20, 90, 60), (30, 50, 120), (200, 170, 60)][rng.integers(4)], float)
    a = np.ones((H, W, 3)) * bg
    yy, xx = np.mgrid[0:H, 0:W]
    pat = rng.integers(3)
    if pat == 0:
        mark = ((xx % 28 - 14) ** 2 + (yy % 28 - 14) ** 2) < 16
    elif pat == 1:
        mark = ((xx + yy) % 30) < 8
    else:
        mark = (((xx // 20) + (yy // 20)) % 2 == 0) & ((xx % 20 - 10) ** 2 + (yy % 20 - 10) ** 2 < 10)
    a[mark] = [240, 225, 170]
    crumple = 0.75 + 0.45 * noise_field(rng, W, H, 14, 4)
    a *= crumple[..., None]
    # tissue paper in the middle
    tis = Image.new('L', (W, H), 0)
    ImageDraw.Draw(tis).polygon([(20 + rng.uniform(-10, 10), 30), (W - 15, 20 + rng.uniform(-10, 10)),
                                 (W - 25, H - 20), (15, H - 30 + rng.uniform(-10, 10))], fill=255)
    t = np.asarray(tis.filter(ImageFilter.GaussianBlur(3))) / 255.0
    tcol = np.array([246, 244, 240]) * (0.85 + 0.2 * noise_field(rng, W, H, 9, 4))[..., None]
    a = a * (1 - t[..., None]) + tcol * t[..., None]
    can = img(a)
    pw, ph = fitbox(pid, 190, 250)
    rgb, m = cutout(pid, pw, ph)
    can = place(can, rgb, m, (W - pw) // 2, (H - ph) // 2 + int(rng.uniform(-10, 10)), rng.uniform(-12, 12), True, (3, 4), 4, 0.35)
    # ribbon across a corner and a bow, covering more when stronger
    d = ImageDraw.Draw(can)
    rc = [(230, 200, 60), (250, 250, 250), (200, 20, 60)][rng.integers(3)]
    wid = [12, 16, 22][s]
    corner = rng.integers(4)
    pts = [((0, 70), (110, -10)), ((W - 110, -10), (W, 70)), ((0, H - 80), (110, H + 10)), ((W - 110, H + 10), (W, H - 80))][corner]
    d.line(pts, fill=rc, width=wid)
    bx = (pts[0][0] + pts[1][0]) / 2
    by = (pts[0][1] + pts[1][1]) / 2
    r = [14, 20, 26][s]
    d.ellipse([bx - 2 * r, by - r * 0.7, bx, by + r * 0.7], fill=rc, outline=tuple(int(c * 0.7) for c in rc))
    d.ellipse([bx, by - r * 0.7, bx + 2 * r, by + r * 0.7], fill=rc, outline=tuple(int(c * 0.7) for c in rc))
    d.ellipse([bx - 6, by - 6, bx + 6, by + 6], fill=tuple(int(c * 0.8) for c in rc))
    return img(arr(can) * np.array([1.05, 1.0, 0.9]))


def scene_bench(rng, pids, s):
    """On a slatted wooden bench outdoors, shot from above at an angle, with dappled leaf shadows."""
    pid = pids[0]
    a = np.zeros((H, W, 3))
    yy, xx = np.mgrid[0:H, 0:W]
    grass = np.array([70, 110, 50]) * (0.6 + 0.5 * noise_field(rng, W, H, 4, 2))[..., None]
    a[:] = grass
    wood = np.array([(168, 122, 78), (140, 104, 80), (186, 152, 108)][rng.integers(3)], float)
    sw, gp = int(rng.uniform(44, 56)), int(rng.uniform(7, 11))
    warpf = noise_field(rng, W, H, 40, 2)
    grain = 0.9 + 0.08 * np.sin(yy * 1.1 + 9 * warpf) + 0.05 * np.sin(yy * 0.37 + xx * 0.02) + 0.06 * (noise_field(rng, W, H, 12, 1) - 0.5)
    slat = ((yy + int(rng.uniform(0, sw))) % (sw + gp)) < sw
    a[slat] = (wood * grain[..., None])[slat]
    can = img(a)
    pw, ph = fitbox(pid, 200, 260)
    rgb, m = cutout(pid, pw, ph)
    can = place(can, rgb, m, (W - pw) // 2 + int(rng.uniform(-10, 10)), (H - ph) // 2, rng.uniform(-20, 20), True, (5, 6), 4, 0.45)
    # leaf shadows
    leaves = noise_field(rng, W, H, 18, 3)
    thr = [0.62, 0.56, 0.5][s]
    sh = np.where(leaves > thr, [0.72, 0.6, 0.5][s], 1.0)
    sh = np.asarray(Image.fromarray((sh * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(3))) / 255.0
    can = shade(can, sh)
    can = img(arr(can) * np.array([1.08, 1.04, 0.92]))     # sunlight
    quad = [(-20, 0), (W + 20, 0), (W - 10 + rng.uniform(-10, 10), H), (10 + rng.uniform(-10, 10), H)]
    quad = jitter_quad(rng, 0, 0, W, H, [0.02, 0.05, 0.08][s]) if rng.random() < 0.5 else quad
    return paste_rgba(solid((70, 100, 50)), warp(can, quad))


def scene_clothesline(rng, pids, s):
    """Hanging from a washing line outdoors with pegs, sky behind, moving in the wind."""
    pid = pids[0]
    sky = gradient(W, H, (120, 165, 220), (205, 222, 240))
    a = arr(sky)
    clouds = noise_field(rng, W, H, 60, 3)
    a += (np.clip(clouds - 0.5, 0, 1) * 180)[..., None]
    # a garden wall at the bottom
    a[H - 50:] = np.array([160, 120, 100]) * (0.85 + 0.2 * noise_field(rng, W, 50, 8))[..., None]
    can = img(a)
    d = ImageDraw.Draw(can)
    y_line = int(rng.uniform(28, 40))
    sag = rng.uniform(6, 14)
    pts = [(x, y_line + sag * (1 - ((x - W / 2) / (W / 2)) ** 2)) for x in range(-5, W + 6, 5)]
    d.line(pts, fill=(235, 235, 235), width=2)
    pw, ph = fitbox(pid, 200, 260)
    rgb, m = cutout(pid, pw, ph)
    bbox = m.getbbox() or (0, 0, pw, ph)
    x = (W - pw) // 2
    y = int(y_line + sag - bbox[1] - 2)
    can = place(can, rgb, m, x, y, rng.uniform(-6, 6), True, (6, 3), 6, 0.2)
    d = ImageDraw.Draw(can)
    pc = [(240, 60, 60), (60, 170, 240), (250, 210, 40), (90, 200, 90)][rng.integers(4)]
    for px in (x + bbox[0] + 8, x + bbox[2] - 16):
        py = y_line + sag * (1 - ((px - W / 2) / (W / 2)) ** 2)
        d.rectangle([px, py - 8, px + 8, py + 14], fill=pc, outline=tuple(int(c * 0.6) for c in pc))
    # wind: a slight sway blur
    k = [1, 3, 6][s]
    b = arr(can)
    acc = np.zeros_like(b)
    for i in range(k):
        acc += np.roll(b, i - k // 2, axis=1)
    return img(acc / k * np.array([1.02, 1.02, 1.05]))


def scene_cracked(rng, pids, s):
    """A photo of a phone with a cracked screen showing the picture, lying on a table."""
    pid = pids[0]
    table = gradient(W, H, (120, 90, 65), (90, 65, 45))
    table = shade(table, 0.9 + 0.15 * noise_field(rng, W, H, 20))
    phone = Image.new('RGB', (200, 300), (18, 18, 20))
    scr = Image.new('RGB', (184, 276), (250, 250, 250))
    sd = ImageDraw.Draw(scr)
    sd.rectangle([0, 0, 184, 14], fill=(30, 30, 30))
    sd.rectangle([0, 14, 184, 34], fill=(245, 245, 245))
    bars(sd, 8, 20, 80, 1, rng, (60, 60, 60), h=6)
    pw, ph = fitbox(pid, 180, 220)
    scr.paste(product(pid, pw, ph), ((184 - pw) // 2, 38))
    bars(sd, 8, 262, 120, 1, rng, (170, 170, 170), h=5)
    phone.paste(scr, (8, 12))
    # cracks radiating from an impact point
    d = ImageDraw.Draw(phone)
    ix, iy = rng.uniform(30, 170), rng.uniform(40, 260)
    n = [5, 8, 12][s]
    for _ in range(n):
        x, y = ix, iy
        ang = rng.uniform(0, 2 * math.pi)
        for _ in range(int(rng.uniform(4, 9))):
            ang += rng.uniform(-0.5, 0.5)
            step = rng.uniform(15, 35)
            nx_, ny_ = x + step * math.cos(ang), y + step * math.sin(ang)
            d.line([(x, y), (nx_, ny_)], fill=(255, 255, 255), width=1)
            d.line([(x + 1, y + 1), (nx_ + 1, ny_ + 1)], fill=(60, 60, 60), width=1)
            x, y = nx_, ny_
    r = [6, 10, 16][s]
    d.ellipse([ix - r, iy - r, ix + r, iy + r], fill=(200, 205, 210))
    ph_a = arr(phone)
    ph_a[12:288, 8:192] = ph_a[12:288, 8:192] * 0.85 + 25      # screen glass: lifted blacks
    phone = img(ph_a)
    layer = with_alpha(phone, Image.new('L', phone.size, 255)).rotate(rng.uniform(-10, 10), Image.BICUBIC, expand=True)
    x = (W - layer.size[0]) // 2
    y = (H - layer.size[1]) // 2
    table = drop_shadow(table, layer.split()[3], x, y, (4, 6), 5, 0.5)
    full = Image.new('RGBA', (W, H), (0, 0, 0, 0))
    full.paste(layer, (x, y), layer)
    can = paste_rgba(table, full)
    # glare
    a = arr(can)
    yy, xx = np.mgrid[0:H, 0:W]
    t = (xx - yy * 0.5) / W
    c0 = rng.uniform(0.0, 0.6)
    a += (np.exp(-((t - c0) / 0.08) ** 2) * [30, 50, 70][s])[..., None]
    return img(a)


def scene_boxlabel(rng, pids, s):
    """The end of a cardboard box with a printed label: product thumbnail, barcode, size grid, tape."""
    pid = pids[0]
    a = np.ones((H, W, 3)) * np.array([180, 140, 95], float)
    yy, xx = np.mgrid[0:H, 0:W]
    a *= (0.92 + 0.05 * np.sin(xx * 1.3) + 0.08 * noise_field(rng, W, H, 30))[..., None]
    can = img(a)
    d = ImageDraw.Draw(can)
    # packing tape along the top
    d.rectangle([0, 0, W, 22], fill=(200, 170, 120))
    # the label
    lx0, ly0, lx1, ly1 = 14, 34, W - 14, H - 18
    d.rectangle([lx0, ly0, lx1, ly1], fill=(246, 246, 242))
    bars(d, lx0 + 8, ly0 + 6, 120, 2, rng, (40, 40, 40), h=5, gap=4)
    pw, ph = fitbox(pid, lx1 - lx0 - 16, 190)
    can.paste(product(pid, pw, ph), ((W - pw) // 2, ly0 + 26))
    yb = ly0 + 26 + ph + 6
    # size grid with the size circled
    for i in range(6):
        d.rectangle([lx0 + 8 + i * 22, yb, lx0 + 26 + i * 22, yb + 12], outline=(60, 60, 60))
    k = int(rng.integers(6))
    d.ellipse([lx0 + 6 + k * 22, yb - 2, lx0 + 28 + k * 22, yb + 14], outline=(20, 20, 20), width=2)
    # barcode
    x = lx0 + 10
    for _ in range(55):
        wbar = int(rng.integers(1, 3))
        if rng.random() < 0.55:
            d.rectangle([x, yb + 18, x + wbar - 1, ly1 - 8], fill=(15, 15, 15))
        x += wbar + 1
    bars(d, lx1 - 70, yb + 20, 60, 3, rng, (70, 70, 70), h=4, gap=5)
    # a scuff and creases, then taken at an angle
    a = arr(can)
    a *= (1 - [0.04, 0.08, 0.14][s] * (np.abs(np.sin((xx + yy * 0.3) * 0.05 + rng.uniform(0, 6))) < 0.05))[..., None]
    can = img(a)
    quad = jitter_quad(rng, 6, 6, W - 6, H - 6, [0.03, 0.06, 0.09][s])
    return paste_rgba(gradient(W, H, (90, 80, 70), (60, 55, 50)), warp(can, quad))


# ----------------------------------------------------------------------------------------------------------------
# screens and pages with two or three products side by side

def tiles(pids, tw, th, bg=(255, 255, 255)):
    """The products in a row of tiles, each tw x th (catalog photo fitted and centred)."""
    out = []
    for pid in pids:
        t = Image.new('RGB', (tw, th), bg)
        pw, ph = fitbox(pid, tw, th)
        t.paste(product(pid, pw, ph), ((tw - pw) // 2, (th - ph) // 2))
        out.append(t)
    return out


def row_layout(n, x0, x1, gap):
    w = (x1 - x0 - gap * (n - 1)) // n
    return [x0 + i * (w + gap) for i in range(n)], w


def status_bar(d, rng, y, color, w=W):
    bars(d, 8, y + 3, 22, 1, rng, color, h=6)
    d.rectangle([w - 26, y + 3, w - 10, y + 9], outline=color)
    d.rectangle([w - 24, y + 5, w - 14, y + 7], fill=color)
    for i in range(3):
        d.rectangle([w - 46 + i * 5, y + 9 - 2 * i - 2, w - 43 + i * 5, y + 9], fill=color)


def app_icons(d, rng, y, n=5, size=30, w=W):
    gap = (w - n * size) // (n + 1)
    for i in range(n):
        c = tuple(int(v) for v in rng.integers(30, 240, 3))
        x = gap + i * (size + gap)
        d.rounded_rectangle([x, y, x + size, y + size], radius=8, fill=c)
        d.ellipse([x + 9, y + 9, x + size - 9, y + size - 9], fill=(255, 255, 255))


def scene_homescreen(rng, pids, s):
    """A cropped phone screenshot: status bar, shop-app header, a row of product cards, the dock of app icons."""
    can = solid((242, 242, 245))
    d = ImageDraw.Draw(can)
    dark = rng.random() < 0.3
    d.rectangle([0, 0, W, 18], fill=(20, 20, 20) if dark else (242, 242, 245))
    status_bar(d, rng, 2, (240, 240, 240) if dark else (20, 20, 20))
    hc = tuple(int(v) for v in rng.integers(20, 200, 3))
    d.rectangle([0, 18, W, 50], fill=hc)
    d.rounded_rectangle([40, 26, W - 40, 43], radius=8, fill=(255, 255, 255))
    bars(d, 8, 58, 110, 1, rng, (80, 80, 80), h=6)
    n = len(pids)
    xs, tw = row_layout(n, 4, W - 4, 4)
    th = int(tw * 4 / 3)
    ty = 76
    for x, t in zip(xs, tiles(pids, tw, th)):
        d.rectangle([x - 1, ty - 1, x + tw, ty + th + 34], fill=(255, 255, 255))
        can.paste(t, (x, ty))
        bars(d, x + 3, ty + th + 5, tw - 8, 2, rng, (150, 150, 150), h=3, gap=4)
        d.rectangle([x + 3, ty + th + 20, x + 3 + tw // 3, ty + th + 25], fill=(40, 40, 40))
        d.ellipse([x + tw - 14, ty + 3, x + tw - 4, ty + 13], outline=(200, 60, 80), width=2)
    # below: the next row cut off by the home-screen dock (the screenshot was taken over the app switcher)
    yb = ty + th + 44
    d.rectangle([0, yb, W, H], fill=(60, 70, 90))
    app_icons(d, rng, yb + 12, 4)
    app_icons(d, rng, yb + 54 if yb + 84 < H else yb + 12, 4)
    # crop: the shopper trimmed the screenshot
    c = [0.0, 0.05, 0.1][s]
    box = (int(W * rng.uniform(0, c)), int(H * rng.uniform(0, c)), W - int(W * rng.uniform(0, c)), H - int(H * rng.uniform(0, c)))
    return can.crop(box).resize((W, H), Image.BICUBIC)


def scene_laptop(rng, pids, s):
    """A laptop showing a wishlist, photographed at an angle in a dim room: bezel, keyboard, moiré."""
    scr = Image.new('RGB', (300, 190), (255, 255, 255))
    d = ImageDraw.Draw(scr)
    d.rectangle([0, 0, 300, 16], fill=(222, 224, 228))
    d.rounded_rectangle([40, 3, 260, 13], radius=4, fill=(255, 255, 255))
    d.rectangle([0, 16, 300, 34], fill=tuple(int(v) for v in rng.integers(30, 120, 3)))
    bars(d, 8, 40, 90, 1, rng, (60, 60, 60), h=6)
    xs, tw = row_layout(len(pids), 6, 294, 6)
    th = min(120, int(tw * 4 / 3))
    for x, t in zip(xs, tiles(pids, tw, th)):
        scr.paste(t, (x, 52))
        d.rectangle([x, 52, x + tw - 1, 52 + th - 1], outline=(225, 225, 225))
        bars(d, x + 2, 52 + th + 4, tw - 6, 2, rng, (140, 140, 140), h=3, gap=3)
    a = arr(scr)
    yy, xx = np.mgrid[0:190, 0:300]
    moire = 1 + [0.04, 0.07, 0.11][s] * np.sin(xx * 0.9 + yy * 0.35 + 3 * np.sin(yy * 0.05))
    a = (a * 0.86 + 22) * moire[..., None] * np.array([0.95, 0.98, 1.06])
    scr = img(a)
    room = gradient(W, H, (60, 58, 62), (30, 28, 30))
    # bezel and keyboard deck in perspective
    lap = Image.new('RGB', (316, 330), (25, 25, 28))
    lap.paste(scr, (8, 8))
    kd = ImageDraw.Draw(lap)
    kd.rectangle([0, 206, 316, 330], fill=(150, 152, 156))
    for r in range(5):
        for c in range(14):
            kd.rectangle([12 + c * 21, 214 + r * 18, 28 + c * 21, 228 + r * 18], fill=(40, 40, 44))
    tl = (rng.uniform(-30, 0), rng.uniform(10, 30))
    tr = (W + rng.uniform(0, 30), rng.uniform(0, 20))
    br = (W + rng.uniform(40, 70), H + rng.uniform(60, 100))
    bl = (rng.uniform(-70, -40), H + rng.uniform(60, 100))
    can = paste_rgba(room, warp(lap, [tl, tr, br, bl]))
    return blur(can, [0.4, 0.8, 1.2][s])


def scene_flyer(rng, pids, s):
    """A printed sale leaflet, on a fridge door (magnets) or a table, slightly curled and in perspective."""
    pg = Image.new('RGB', (220, 300), (252, 250, 244))
    d = ImageDraw.Draw(pg)
    hc = [(210, 30, 40), (20, 90, 170), (240, 120, 0)][rng.integers(3)]
    d.rectangle([0, 0, 220, 46], fill=hc)
    d.rectangle([14, 12, 150, 30], fill=(255, 255, 255))
    xs, tw = row_layout(len(pids), 6, 214, 5)
    th = int(tw * 4 / 3)
    ty = 70
    for x, t in zip(xs, tiles(pids, tw, th)):
        pg.paste(t, (x, ty))
        r = 12
        d.ellipse([x + tw - 2 * r + 2, ty + th - r, x + tw + 2, ty + th + r], fill=(250, 215, 0))
        d.rectangle([x + tw - r - 4, ty + th - 3, x + tw - 4, ty + th + 2], fill=(200, 20, 20))
        bars(d, x + 2, ty + th + 16, tw - 6, 2, rng, (90, 90, 90), h=3, gap=4)
    bars(d, 10, 250, 200, 4, rng, (150, 150, 150), h=3, gap=6)
    a = arr(pg)
    yy, xx = np.mgrid[0:300, 0:220]
    curl = 1 - [0.05, 0.1, 0.15][s] * (xx / 220.0) ** 3 - 0.06 * np.abs(np.sin(yy / 300.0 * math.pi * 2))
    pg = img(a * curl[..., None])
    on_fridge = rng.random() < 0.5
    bg = gradient(W, H, (236, 236, 234), (210, 212, 212)) if on_fridge else shade(gradient(W, H, (150, 110, 80), (110, 80, 55)), 0.9 + 0.15 * noise_field(rng, W, H, 25))
    quad = jitter_quad(rng, 10, 12, W - 10, H - 12, [0.03, 0.06, 0.09][s])
    can = paste_rgba(bg, warp(pg, quad))
    d = ImageDraw.Draw(can)
    if on_fridge:
        for q, dx in ((quad[0], 4), (quad[1], -24)):
            col = [(220, 40, 40), (40, 120, 220), (60, 170, 80)][rng.integers(3)]
            d.ellipse([q[0] + dx, q[1] - 6, q[0] + dx + 20, q[1] + 14], fill=col)
    return blur(can, [0.3, 0.7, 1.1][s])


def scene_chat(rng, pids, s):
    """A messenger screenshot: two photos sent side by side in one bubble, a reply below, the input bar."""
    can = Image.new('RGB', (W, H), (236, 229, 221))
    a = arr(can)
    yy, xx = np.mgrid[0:H, 0:W]
    doodle = (np.sin(xx * 0.3) * np.sin(yy * 0.3) > 0.92)
    a[doodle] *= 0.93
    can = img(a)
    d = ImageDraw.Draw(can)
    d.rectangle([0, 0, W, 16], fill=(7, 94, 84))
    status_bar(d, rng, 2, (230, 230, 230))
    d.rectangle([0, 16, W, 46], fill=(7, 94, 84))
    d.ellipse([30, 20, 52, 42], fill=(200, 180, 160))
    bars(d, 60, 24, 80, 1, rng, (240, 240, 240), h=6)
    bars(d, 60, 34, 50, 1, rng, (170, 210, 200), h=4)
    # incoming bubble with the album
    bx0, by0 = 8, 60
    xs, tw = row_layout(len(pids), bx0 + 5, W - 30, 3)
    th = int(tw * 4 / 3)
    d.rounded_rectangle([bx0, by0, W - 25, by0 + th + 26], radius=8, fill=(255, 255, 255))
    for x, t in zip(xs, tiles(pids, tw, th)):
        can.paste(t, (x, by0 + 5))
    bars(d, W - 70, by0 + th + 12, 35, 1, rng, (160, 160, 160), h=4)
    # reply bubble
    yb = by0 + th + 36
    d.rounded_rectangle([W - 150, yb, W - 8, yb + 30], radius=8, fill=(220, 248, 198))
    bars(d, W - 142, yb + 8, 120, 2, rng, (70, 70, 70), h=4, gap=5)
    d.rectangle([0, H - 36, W, H], fill=(240, 240, 240))
    d.rounded_rectangle([8, H - 30, W - 44, H - 6], radius=12, fill=(255, 255, 255))
    d.ellipse([W - 38, H - 32, W - 8, H - 4], fill=(7, 94, 84))
    c = [0.0, 0.04, 0.08][s]
    box = (0, int(H * rng.uniform(0, c)), W, H - int(H * rng.uniform(0, c)))
    return can.crop(box).resize((W, H), Image.BICUBIC)


def scene_newsprint(rng, pids, s):
    """A colour newspaper supplement: grey paper, columns, a headline, coarse washed-out print, a fold."""
    pg = Image.new('RGB', (260, 340), (226, 222, 210))
    d = ImageDraw.Draw(pg)
    d.rectangle([10, 10, 250, 30], fill=(30, 30, 30))
    bars(d, 10, 38, 240, 2, rng, (90, 90, 90), h=4, gap=5)
    xs, tw = row_layout(len(pids), 10, 250, 6)
    th = int(tw * 4 / 3)
    ty = 62
    for x, t in zip(xs, tiles(pids, tw, th, bg=(240, 238, 230))):
        ta = arr(t) / 255.0
        g = ta.mean(axis=2, keepdims=True)
        ta = g + (ta - g) * 0.7                      # newsprint: duller colours, ink spread
        ta = ta * 0.9 + 0.06
        t = img(ta * 255).filter(ImageFilter.GaussianBlur(0.6))
        pg.paste(t, (x, ty))
        bars(d, x, ty + th + 5, tw - 4, 3, rng, (110, 110, 110), h=2, gap=4)
    for col in range(3):
        bars(d, 10 + col * 82, ty + th + 30, 74, 10, rng, (130, 130, 130), h=2, gap=5, minfrac=0.85)
    a = arr(pg)
    a *= (0.95 + 0.08 * noise_field(rng, 260, 340, 4, 2))[..., None]
    a += rng.normal(0, 6, a.shape[:2])[..., None]
    yy, xx = np.mgrid[0:340, 0:260]
    fold = 1 - 0.12 * np.exp(-((yy - 170) / 5.0) ** 2) + 0.05 * np.exp(-((yy - 176) / 4.0) ** 2)
    pg = img(a * fold[..., None])
    bg = gradient(W, H, (110, 100, 90), (80, 72, 64))
    quad = jitter_quad(rng, -6, -4, W + 6, H + 4, [0.03, 0.05, 0.08][s])
    can = paste_rgba(bg, warp(pg, quad))
    # the shadow of the phone taking the picture
    sh = Image.new('L', (W, H), 0)
    ImageDraw.Draw(sh).ellipse([rng.uniform(60, 140), H - 60, rng.uniform(160, 280), H + 60], fill=255)
    return shade(can, 1 - 0.3 * np.asarray(sh.filter(ImageFilter.GaussianBlur(18))) / 255.0)


def scene_darkmode(rng, pids, s):
    """A newsletter in a dark-mode mail app, screenshot: black page, grey text, bright product cards."""
    can = solid((16, 16, 18))
    d = ImageDraw.Draw(can)
    status_bar(d, rng, 2, (230, 230, 230))
    d.rectangle([0, 18, W, 44], fill=(28, 28, 32))
    bars(d, 10, 26, 60, 1, rng, (110, 150, 255), h=8)
    bars(d, 14, 54, 150, 2, rng, (200, 200, 200), h=6, gap=5)
    xs, tw = row_layout(len(pids), 6, W - 6, 5)
    th = int(tw * 4 / 3)
    ty = 86
    for x, t in zip(xs, tiles(pids, tw, th)):
        can.paste(t, (x, ty))
        bars(d, x + 2, ty + th + 6, tw - 6, 2, rng, (150, 150, 150), h=3, gap=4)
        d.rounded_rectangle([x + 4, ty + th + 24, x + tw - 4, ty + th + 36], radius=5, fill=(60, 90, 200))
    bars(d, 14, ty + th + 50, 200, 5, rng, (90, 90, 95), h=3, gap=6)
    return can


def scene_tablet(rng, pids, s):
    """A tablet held in both hands showing a row of products, thumbs over the bezel, room behind."""
    room = blur(gradient(W, H, tuple(int(v) for v in rng.integers(120, 200, 3)), (70, 66, 60)), 3)
    tab = Image.new('RGB', (300, 230), (15, 15, 17))
    scr = Image.new('RGB', (276, 206), (255, 255, 255))
    d = ImageDraw.Draw(scr)
    d.rectangle([0, 0, 276, 20], fill=tuple(int(v) for v in rng.integers(30, 160, 3)))
    xs, tw = row_layout(len(pids), 6, 270, 6)
    th = min(150, int(tw * 4 / 3))
    for x, t in zip(xs, tiles(pids, tw, th)):
        scr.paste(t, (x, 28))
        bars(d, x + 2, 28 + th + 5, tw - 6, 2, rng, (140, 140, 140), h=3, gap=4)
    tab.paste(scr, (12, 12))
    # held in landscape: the tablet spans the photo, thumbs on the sides
    quad = [(rng.uniform(-12, -2), rng.uniform(60, 80)), (W + rng.uniform(2, 12), rng.uniform(50, 70)),
            (W + rng.uniform(6, 16), rng.uniform(240, 260)), (rng.uniform(-16, -6), rng.uniform(250, 270))]
    can = paste_rgba(room, warp(tab, quad))
    d = ImageDraw.Draw(can)
    col = skin(rng)
    t = [20, 28, 36][s]
    finger(d, -14, 215 + rng.uniform(-15, 15), t + 10, 26, col)
    finger(d, W - t + 4, 205 + rng.uniform(-15, 15), t + 10, 26, col)
    a = arr(can)
    yy, xx = np.mgrid[0:H, 0:W]
    a += (np.exp(-(((xx - rng.uniform(0, W)) / 60.0) ** 2 + ((yy - rng.uniform(60, 240)) / 30.0) ** 2)) * [30, 45, 60][s])[..., None]
    return img(a)


def scene_compare(rng, pids, s):
    """A price-comparison app screenshot: two product cards, struck-through prices, 'cheapest' badge on the left."""
    can = solid((244, 246, 250))
    d = ImageDraw.Draw(can)
    status_bar(d, rng, 2, (30, 30, 30))
    d.rectangle([0, 18, W, 48], fill=(255, 255, 255))
    bars(d, 10, 28, 100, 1, rng, (40, 40, 40), h=8)
    xs, tw = row_layout(len(pids), 6, W - 6, 8)
    th = int(tw * 4 / 3)
    ty = 60
    for i, (x, t) in enumerate(zip(xs, tiles(pids, tw, th))):
        d.rounded_rectangle([x - 3, ty - 3, x + tw + 2, ty + th + 80], radius=6, fill=(255, 255, 255))
        can.paste(t, (x, ty))
        bars(d, x + 4, ty + th + 8, tw - 12, 2, rng, (120, 120, 120), h=4, gap=4)
        d.rectangle([x + 4, ty + th + 30, x + 4 + (40 if i == 0 else 56), ty + th + 38], fill=(20, 140, 60) if i == 0 else (30, 30, 30))
        d.rectangle([x + 4, ty + th + 44, x + 50, ty + th + 49], fill=(170, 170, 170))
        d.line([x + 2, ty + th + 46, x + 52, ty + th + 46], fill=(200, 30, 30), width=1)
        for k in range(5):
            d.ellipse([x + 4 + k * 10, ty + th + 56, x + 11 + k * 10, ty + th + 63], fill=(250, 180, 0) if k < 4 - i else (210, 210, 210))
        if i == 0:
            d.rounded_rectangle([x + 2, ty + 2, x + 52, ty + 16], radius=4, fill=(20, 150, 70))
            d.rectangle([x + 8, ty + 7, x + 44, ty + 10], fill=(255, 255, 255))
    return can


SCENES = {
    'shelf': scene_shelf, 'lap': scene_lap, 'strap': scene_strap, 'dusk': scene_dusk, 'fridge': scene_fridge,
    'carrier': scene_carrier, 'carousel': scene_carousel, 'videocall': scene_videocall, 'basket': scene_basket,
    'giftwrap': scene_giftwrap, 'bench': scene_bench, 'clothesline': scene_clothesline, 'cracked': scene_cracked,
    'boxlabel': scene_boxlabel, 'homescreen': scene_homescreen, 'laptop': scene_laptop, 'flyer': scene_flyer,
    'chat': scene_chat, 'newsprint': scene_newsprint, 'darkmode': scene_darkmode, 'tablet': scene_tablet,
    'compare': scene_compare,
}


def finish(im, rng, s):
    """Phone-camera damage on the canvas, then the shrink to 60x80, sensor noise, JPEG quality by strength."""
    a = arr(im) / 255.0
    wb = np.array([rng.uniform(0.94, 1.06) for _ in range(3)])
    a = a * wb * rng.uniform(0.92, 1.08)
    a = np.clip(a, 0, 1) ** rng.uniform(0.9, 1.12)
    im = img(a * 255)
    im = blur(im, [0.3, 0.6, 1.0][s] * rng.uniform(0.8, 1.25))
    a = arr(im) + rng.normal(0, [2.0, 4.0, 6.0][s], (H, W, 3))
    small = img(a).resize((60, 80), Image.LANCZOS)
    a = arr(small) + rng.normal(0, [1.0, 2.0, 3.5][s], (80, 60, 3))
    q = int([82, 66, 48][s] + rng.integers(-6, 7))
    return img(a), q


def main():
    os.makedirs(OUT, exist_ok=True)
    for k, (did, scene, pids, s) in enumerate(PHOTOS):
        rng = np.random.default_rng([SEED, int(did.split('-')[1])])
        canvas = SCENES[scene](rng, pids, s)
        assert canvas.size == (W, H), (did, canvas.size)
        small, q = finish(canvas, rng, s)
        small.save(os.path.join(OUT, did + '.jpg'), 'JPEG', quality=q)
    print('wrote %d photos to %s' % (len(PHOTOS), OUT))


if __name__ == '__main__':
    main()
