"""Find the picture inside a shopper's wider photo: a printed page or a screen lying on a table, or the product itself.

Catalog photos show the product filling the frame. A shopper often photographs something lying on a surface instead
(a magazine page on a bed, a phone on a table, the shoe on the floor), and the surface around it drags both the image
encoder and the exact-photo verifier away from the catalog photo. The surface is what the photo's outer band shows: it
is modelled as a smooth colour gradient, fitted robustly so that a picture touching one edge does not spoil it.
Whatever differs from that surface and forms one solid region (holes filled) that fills most of its bounding box is
the picture; it is cut out, widened to the photo's own aspect ratio, and searched and verified as another view of the
photo. A picture can hold another (the product photo printed on that magazine page, or shown in a shop app on that
phone): the search runs again inside what it found, and both are kept. The outer search looks at a smoothed photo, so
that wood grain or fabric still counts as one surface, and straightens a tilted picture first. On a close shot (the
product against its own backdrop) nothing is found, or the product's own outline, which is a fair view as well.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter
from scipy import ndimage

# Detection works on a copy whose longer side is at most this many pixels (about 1 ms).
WORK_SIDE = 160
# The outer band taken as the surface, as a share of the shorter side.
BAND_SHARE = 0.04
# At least this share of the band must fit the surface model: else the photo has no surface around its subject.
MIN_SURFACE_SHARE = 0.5
# The surface's colour may deviate from a smooth gradient by this much (RMS over RGB, 0-255): shading and texture yes,
# a busy scene no.
MAX_SURFACE_RMS = 30.0
# A pixel belongs to the picture when its colour is this far from the surface's (or 4 times the surface's RMS).
MIN_CONTRAST = 35.0
# The picture must fill this much of its bounding box (a page or screen in perspective fills 0.9-1) ...
MIN_FILL = 0.85
# ... and cover this share of the photo: smaller is a detail, larger is the whole photo anyway.
MIN_AREA, MAX_AREA = 0.3, 0.92
# The outer search smooths the photo by a Gaussian of this radius (in working pixels) to flatten a surface's texture.
SURFACE_SMOOTHING = 1.5
# A product taken out of its surface covers at least this share of the photo, and gets this margin (a share of its
# longer side) of white around it, as in a catalog photo; a surface this light is a studio's white already.
MIN_PRODUCT_AREA = 0.05
PRODUCT_MARGIN = 0.05
STUDIO_WHITE = 225
# The share of the photo's width each side names on a page of products side by side ("the left one"): the outer
# halves, or the middle third.
SIDES: dict[str, tuple[float, float]] = {"left": (0.0, 0.5), "right": (0.5, 1.0), "middle": (1 / 3, 2 / 3)}
# A page framed by an app's bars: its colour (binned in steps of this many levels) covers at least this share of the
# photo.
PAGE_COLOUR_STEP = 24
MIN_PAGE_SHARE = 0.3
# A product on such a page covers at least this share of its side (icons, prices and buttons are smaller).
MIN_TILE_PRODUCT_AREA = 0.04
# A plain backdrop at least this light (its darkest channel, 0-255) is a white one under coloured light: a wall, a
# sheet, a studio backdrop in a lamp's or a screen's cast. Gains below this much change nothing worth a view.
MIN_BACKDROP_LIGHT = 170.0
MIN_CAST_GAIN = 1.03
# A region tilted by more than this (degrees, from its second moments) is straightened before it is cut out.
MIN_TILT = 2.0


def find_pictures(image: Image.Image) -> list[Image.Image]:
    """The picture lying in the photo and the picture inside that one (or inside the photo itself when nothing lies
    on a surface), each cropped to the photo's aspect ratio; outermost first, none, one or two."""
    found: list[Image.Image] = []
    outer = _find(image.convert("RGB"), SURFACE_SMOOTHING, straighten=True)
    if outer is not None:
        found.append(outer)
    inner = _find(outer if outer is not None else image.convert("RGB"), 0.0, straighten=False)
    if inner is not None:
        found.append(inner)
    return found


def find_product(image: Image.Image) -> Image.Image | None:
    """The product itself lying on a surface (a shoe on the floor, a shirt on a bed), taken out onto white like a
    catalog photo: whatever differs from the surface and forms the largest region, any shape. None when the photo shows
    no surface around its subject (a close shot or a busy scene) or nothing of product size on it."""
    rgb = image.convert("RGB")
    found = _off_surface(rgb, SURFACE_SMOOTHING)
    if found is None:
        return None
    region, colours = found
    if float(np.median(colours)) >= STUDIO_WHITE:  # already on white: the photo itself is the view
        return None
    region = ndimage.binary_erosion(region, iterations=max(1, round(SURFACE_SMOOTHING)))
    if not MIN_PRODUCT_AREA <= region.mean() <= MAX_AREA:
        return None
    mask = Image.fromarray(region.astype(np.uint8) * 255).resize(rgb.size, Image.Resampling.BILINEAR)
    white = Image.new("RGB", rgb.size, (255, 255, 255))
    return _crop_around(Image.composite(rgb, white, mask.filter(ImageFilter.GaussianBlur(1))), region)


# Where a place in a row may lie: the second product is in the middle of three, or on the right of two.
SIDE_PLACES: dict[str, tuple[str, ...]] = {"second": ("middle", "right")}


def find_pointed(image: Image.Image, side: str) -> Image.Image | None:
    """The product the shopper points at ("the left one", "the second one") on a page: the photo itself, or the page
    or screen found lying in it (a tablet on a table, a flyer). None when no such product is found."""
    for page in (image, *find_pictures(image)):
        for place in SIDE_PLACES.get(side, (side,)):
            product = find_on_side(page, place)
            if product is not None:
                return product
    return None


def find_on_side(image: Image.Image, side: str) -> Image.Image | None:
    """The product on one side of a page that shows several side by side (a shop app's grid, a screenshot: "the left
    one please"): the largest region lying wholly on that side that differs from the page, cropped with a margin to
    the photo's aspect ratio. The page is the colour of the photo's border, or, where an app's bars and buttons frame
    it, the colour that covers most of the photo. ``side``: a key of ``SIDES``. None when the photo has no plain page,
    or that side shows nothing of product size (one product photographed close has no sides to pick)."""
    rgb = image.convert("RGB")
    pixels = np.asarray(_working_copy(rgb), dtype=np.float32)
    height, width = pixels.shape[:2]
    page = _page_colour(pixels)
    if page is None:
        return None  # a busy scene, not a page
    start, stop = (round(share * width) for share in SIDES[side])
    differs = np.zeros((height, width), dtype=bool)
    differs[:, start:stop] = np.linalg.norm(pixels[:, start:stop] - page, axis=-1) > MIN_CONTRAST
    labels, count = ndimage.label(ndimage.binary_closing(differs, iterations=2))
    best: np.ndarray | None = None
    for index in range(1, count + 1):
        region = labels == index
        cols = np.nonzero(region.any(axis=0))[0]
        if (start > 0 and cols[0] <= start) or (stop < width and cols[-1] >= stop - 1):
            continue  # part of something wider than the side: a bar, a banner, or one product shot close
        if best is None or region.sum() > best.sum():
            best = region
    if best is None or best.sum() < MIN_TILE_PRODUCT_AREA * height * (stop - start):
        return None
    return _crop_around(rgb, ndimage.binary_fill_holes(best))


def _working_copy(rgb: Image.Image) -> Image.Image:
    """The photo shrunk so that its longer side is at most ``WORK_SIDE`` pixels."""
    scale = min(1.0, WORK_SIDE / max(rgb.size))
    return rgb.resize((max(8, round(rgb.width * scale)), max(8, round(rgb.height * scale))), Image.Resampling.BILINEAR)


def white_balanced(image: Image.Image) -> Image.Image | None:
    """The photo with its light, plain backdrop turned white ("white patch" colour constancy): a lamp's or a screen's
    cast taken off the product too, as in the catalog's studio photos. None when the border is busy or dark, or
    already white."""
    pixels = np.asarray(image.convert("RGB"), dtype=np.float32)
    backdrop = _plain_border(pixels)
    if backdrop is None or float(backdrop.min()) < MIN_BACKDROP_LIGHT:
        return None
    gains = 255.0 / np.maximum(backdrop, 1.0)
    if float(gains.max()) < MIN_CAST_GAIN:
        return None
    return Image.fromarray(np.clip(pixels * gains, 0, 255).astype(np.uint8))


def _outer_band(height: int, width: int) -> np.ndarray:
    """The mask of the photo's outer band, ``BAND_SHARE`` of its shorter side wide."""
    band = max(2, round(BAND_SHARE * min(height, width)))
    in_band = np.zeros((height, width), dtype=bool)
    in_band[:band], in_band[-band:], in_band[:, :band], in_band[:, -band:] = True, True, True, True
    return in_band


def _plain_border(pixels: np.ndarray) -> np.ndarray | None:
    """The colour of the photo's outer band when it is plain (within ``MAX_SURFACE_RMS``), else None."""
    border = pixels[_outer_band(*pixels.shape[:2])]
    colour = np.median(border, axis=0)
    return colour if float(np.median(np.linalg.norm(border - colour, axis=1))) <= MAX_SURFACE_RMS else None


def _page_colour(pixels: np.ndarray) -> np.ndarray | None:
    """The colour of a page of products: its border's, when the border is plain, else the colour that covers at least
    ``MIN_PAGE_SHARE`` of the photo (an app's page between its bars); None for a busy scene."""
    page = _plain_border(pixels)
    if page is not None:
        return page
    flat = pixels.reshape(-1, 3)
    bins = (flat // PAGE_COLOUR_STEP).astype(np.int64) @ np.array([1024, 32, 1])
    values, counts = np.unique(bins, return_counts=True)
    common = flat[bins == values[np.argmax(counts)]].mean(axis=0)
    near = np.linalg.norm(flat - common, axis=1) <= MIN_CONTRAST
    return flat[near].mean(axis=0) if near.mean() >= MIN_PAGE_SHARE else None


def _crop_around(image: Image.Image, region: np.ndarray) -> Image.Image:
    """``image`` cropped to the region (a mask over a working copy) with a ``PRODUCT_MARGIN``, at the photo's aspect
    ratio, as a catalog photo frames its product."""
    height, width = region.shape
    rows, cols = np.nonzero(region.any(axis=1))[0], np.nonzero(region.any(axis=0))[0]
    box = (cols[0] / width, rows[0] / height, (cols[-1] + 1) / width, (rows[-1] + 1) / height)
    margin = PRODUCT_MARGIN * max(box[2] - box[0], box[3] - box[1])
    box = _widen_to_photo_aspect((max(0.0, box[0] - margin), max(0.0, box[1] - margin),
                                  min(1.0, box[2] + margin), min(1.0, box[3] + margin)))
    return image.crop((round(box[0] * image.width), round(box[1] * image.height),
                       round(box[2] * image.width), round(box[3] * image.height)))


def _find(rgb: Image.Image, smoothing: float, straighten: bool) -> Image.Image | None:
    """One search: the solid region that differs from the surface around it, straightened when asked and tilted."""
    found = _off_surface(rgb, smoothing)
    if found is None:
        return None
    region, colours = found
    height, width = region.shape
    if smoothing:  # smoothing spreads the picture's edge over the surface by about its radius: take that back
        region = ndimage.binary_erosion(region, iterations=max(1, round(smoothing)))
        if not region.any():
            return None
    if straighten and region.sum() >= MIN_AREA * height * width and abs(tilt := _tilt(region)) > MIN_TILT:
        surface_colour = tuple(int(c) for c in np.median(colours.reshape(-1, 3), axis=0))
        return _find(rgb.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=surface_colour), smoothing,
                     straighten=False)
    rows, cols = np.nonzero(region.any(axis=1))[0], np.nonzero(region.any(axis=0))[0]
    top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    box_area = (bottom - top) * (right - left)
    if region.sum() < MIN_FILL * box_area or not MIN_AREA <= box_area / (height * width) <= MAX_AREA:
        return None
    box = _widen_to_photo_aspect((left / width, top / height, right / width, bottom / height))
    return rgb.crop((round(box[0] * rgb.width), round(box[1] * rgb.height),
                     round(box[2] * rgb.width), round(box[3] * rgb.height)))


def _off_surface(rgb: Image.Image, smoothing: float) -> tuple[np.ndarray, np.ndarray] | None:
    """On a working copy (smoothed when asked): the largest solid region that differs from the surface the photo's
    border shows, and the surface's colour at every pixel; None when the border shows no surface or nothing differs."""
    small = _working_copy(rgb)
    if smoothing:
        small = small.filter(ImageFilter.GaussianBlur(smoothing))
    pixels = np.asarray(small, dtype=np.float32)
    height, width = pixels.shape[:2]
    in_band = _outer_band(height, width)
    surface = _surface(pixels, in_band)
    if surface is None:
        return None
    colours, rms = surface
    region = _largest_region(np.linalg.norm(pixels - colours, axis=-1) > max(MIN_CONTRAST, 4 * rms))
    return None if region is None else (region, colours)


def _surface(pixels: np.ndarray, in_band: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The surface colour at every pixel (a linear gradient per channel fitted to the band, outliers dropped and
    refitted) and its RMS deviation; ``None`` when the band does not look like one surface."""
    height, width = pixels.shape[:2]
    ys, xs = np.nonzero(in_band)
    design = np.stack([np.ones(len(xs), np.float32), xs / width, ys / height], axis=1)
    colours = pixels[ys, xs]
    keep = np.ones(len(xs), dtype=bool)
    for _ in range(3):
        coefficients = np.linalg.lstsq(design[keep], colours[keep], rcond=None)[0]
        residual = np.linalg.norm(colours - design @ coefficients, axis=1)
        keep = residual <= max(12.0, 2.5 * float(np.median(residual[keep])))
    rms = float(np.sqrt(np.mean(residual[keep] ** 2)))
    if keep.mean() < MIN_SURFACE_SHARE or rms > MAX_SURFACE_RMS:
        return None
    grid_y, grid_x = np.mgrid[0:height, 0:width]
    full_design = np.stack([np.ones((height, width), np.float32), grid_x / width, grid_y / height], axis=-1)
    return full_design @ coefficients, rms


def _tilt(region: np.ndarray) -> float:
    """How far (degrees, counter-clockwise positive as PIL rotates) the region's main axis leans from the nearest
    image axis, from its second moments."""
    ys, xs = np.nonzero(region)
    covariance = np.cov(np.stack([xs - xs.mean(), ys - ys.mean()]))
    major = np.linalg.eigh(covariance)[1][:, 1]
    angle = float(np.degrees(np.arctan2(major[1], major[0])))
    return (angle + 45.0) % 90.0 - 45.0


def _largest_region(mask: np.ndarray) -> np.ndarray | None:
    """The largest connected region of ``mask`` with its holes filled."""
    labels, count = ndimage.label(mask)
    if count == 0:
        return None
    sizes = ndimage.sum(mask, labels, range(1, count + 1))
    return ndimage.binary_fill_holes(labels == 1 + int(np.argmax(sizes)))


def _widen_to_photo_aspect(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The smallest box around ``box`` (fractions of the photo's width and height) with the photo's own aspect ratio,
    which in fractions is a square, kept inside the photo: a wide subject gains surface above and below rather than
    being stretched."""
    left, top, right, bottom = box
    side = max(right - left, bottom - top)
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    left = min(max(0.0, centre_x - side / 2), 1.0 - side)
    top = min(max(0.0, centre_y - side / 2), 1.0 - side)
    return left, top, left + side, top + side
