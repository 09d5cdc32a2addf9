"""Exact-photo verification: is the shopper's photo a picture of this very catalog product?

The learned image encoder puts similar-looking products close together, which is what "more like this" needs; telling
the exact product apart from its near-twins (the same sneaker in another grey, the next T-shirt of the same cut) needs
a pixel-level check. For each candidate photo the verifier searches the scale, position and mirror image under which
the shopper's photo lines up best with it, and scores that alignment by normalised cross-correlation (NCC) over the
colour channels. NCC ignores brightness and contrast, so other light, a tinted backdrop, a tighter or wider framing and
JPEG re-encoding keep it near 1 for the same product, while another product of the same type stays lower.

This is the verifier of photo searches in test-time reranking (``rerank.py``, feature ``match``) and tells which
catalog product a reference photo shows ("like this but in red"), so its type and gender carry over reliably.
It costs about 1 ms per candidate (71 ms for 60 on two idle CPU cores): it runs on the image search's nearest only.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import scipy.fft
from PIL import Image

# Thumbnail size (width, height): the catalog's portrait photos at half their 60x80 size. Enough detail to separate
# near-twins, small enough that one candidate costs a fraction of a millisecond.
THUMBNAIL_SIZE = (30, 40)
# The shopper's photo is tried at these sizes relative to the catalog photo (below 1: it shows a part of it, a closer
# shot; above 1: a wider shot with the product smaller), each as it is and mirrored.
SCALES = (0.72, 0.8, 0.88, 0.96, 1.04, 1.14)
# A wider shot can show the catalog picture itself smaller, inside other surroundings (a printed page or a screen on a
# table): each candidate is also searched for inside the shopper's photo at these shares of its width and height.
INSET_SCALES = (0.6, 0.7, 0.8)
# When the photo lines up this well inside a catalog picture it is a close shot and the search the other way round is
# skipped (it costs as much again).
CLOSE_SHOT_MATCH = 0.93
# A photo whose verified match scores this much shows that catalog product (or a twin of it, the same model in
# another shade): photos of the same product scored 0.84-1.0 under reframing and relighting, other products of the
# same type mostly below 0.9.
IDENTIFIED_MATCH = 0.85
# Matches this close to the best one may be the product as well (the same model photographed alike, or a generic
# shape such as a clutch): those contend for "the product in your photo", the rest are alternatives.
CONTENDER_MARGIN = 0.02
# The border of the shopper's photo left out of the template, so that the alignment can slide by that much.
MARGIN = 0.12


# The layout descriptor, the catalog's ``layout`` index vector: the photo shrunk to this size (width, height), each
# colour channel centred and scaled to unit length. The cosine of two descriptors is their mean per-channel NCC
# without any shift: blind to light and colour casts, but only for the same framing, which a catalog picture cut out
# of a wider photo (``picture_finder``) has. On our held-out photos of pictures lying on a surface it put the product
# among the 60 nearest for 88 % of them, where the image encoder managed 40 %. Sizes 6x8 to 18x24 did about as well.
LAYOUT_SIZE = (9, 12)
LAYOUT_DIM = 3 * LAYOUT_SIZE[0] * LAYOUT_SIZE[1]


def layout_vector(image: Image.Image) -> np.ndarray:
    """The ``LAYOUT_DIM`` layout descriptor of a photo (unit length; zero for a flat photo)."""
    small = np.asarray(image.convert("RGB").resize(LAYOUT_SIZE, Image.Resampling.BOX), dtype=np.float32)
    channels = small.transpose(2, 0, 1).reshape(3, -1)
    channels = channels - channels.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(channels, axis=1, keepdims=True)
    channels = np.divide(channels, norms, out=np.zeros_like(channels), where=norms > 1e-6)
    vector = channels.reshape(-1)
    length = float(np.linalg.norm(vector))
    return vector / length if length > 0 else vector


# When no catalog product is recognised in a photo, its layout is also searched window by window: a product picture
# somewhere in a page, a screen or a pinned print lines up with one of these windows (shares of the photo's width and
# height, on a grid of this many positions per side). On our held-out snapshots of pictures in pages, screens and
# pinned prints, it put the product among the 60 nearest for 77 % of them, where the image encoder managed 67 %.
LAYOUT_WINDOW_SCALES = (0.5, 0.6, 0.7, 0.8)
LAYOUT_WINDOW_STEPS = 4


def window_layouts(image: Image.Image) -> np.ndarray:
    """The layout descriptors of the ``LAYOUT_WINDOW_SCALES`` x ``LAYOUT_WINDOW_STEPS``² windows over the photo."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    windows = []
    for scale in LAYOUT_WINDOW_SCALES:
        window_w, window_h = width * scale, height * scale
        for row in range(LAYOUT_WINDOW_STEPS):
            for column in range(LAYOUT_WINDOW_STEPS):
                left = (width - window_w) * column / (LAYOUT_WINDOW_STEPS - 1)
                top = (height - window_h) * row / (LAYOUT_WINDOW_STEPS - 1)
                box = (round(left), round(top), round(left + window_w), round(top + window_h))
                windows.append(layout_vector(rgb.crop(box)))
    return np.stack(windows)


def thumbnail(image: Image.Image) -> np.ndarray:
    """The photo as a (3, height, width) uint8 array at ``THUMBNAIL_SIZE`` (3.6 KB: a worker can keep the catalog's)."""
    small = image.convert("RGB").resize(THUMBNAIL_SIZE, Image.Resampling.BILINEAR)
    return np.asarray(small, dtype=np.uint8).transpose(2, 0, 1).copy()


def working_copy(photo: Image.Image) -> Image.Image:
    """The shopper's photo at twice the thumbnail size: every template is cut from it, and it is small to keep."""
    size = (2 * THUMBNAIL_SIZE[0], 2 * THUMBNAIL_SIZE[1])
    return photo.convert("RGB").resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)


def _summed_area(values: np.ndarray) -> np.ndarray:
    """Summed-area table of (..., H, W) with a zero first row and column: any window's sum is four look-ups."""
    return np.pad(values.cumsum(-1).cumsum(-2), [(0, 0)] * (values.ndim - 2) + [(1, 0), (1, 0)])


def _window_sums(table: np.ndarray, height: int, width: int) -> np.ndarray:
    """Sums over every height x width window that fits, from a summed-area table."""
    return (table[..., height:, width:] - table[..., :-height, width:]
            - table[..., height:, :-width] + table[..., :-height, :-width])


def _templates(photo: Image.Image) -> list[np.ndarray]:
    """The centre of the shopper's photo at every scale, plain and mirrored, each zero-mean per channel."""
    width, height = THUMBNAIL_SIZE
    templates: list[np.ndarray] = []
    for view in (photo, photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT)):
        for scale in SCALES:
            scaled_w, scaled_h = round(width * scale), round(height * scale)
            pixels = np.asarray(view.resize((scaled_w, scaled_h), Image.Resampling.BILINEAR),
                                dtype=np.float32).transpose(2, 0, 1)
            keep_w = min(width, scaled_w - 2 * round(scaled_w * MARGIN))
            keep_h = min(height, scaled_h - 2 * round(scaled_h * MARGIN))
            left, top = (scaled_w - keep_w) // 2, (scaled_h - keep_h) // 2
            template = pixels[:, top:top + keep_h, left:left + keep_w]
            templates.append(template - template.mean(axis=(1, 2), keepdims=True))
    return templates


def match_scores(photo: Image.Image, candidates: np.ndarray) -> np.ndarray:
    """The best NCC of ``photo`` against each candidate thumbnail (n, 3, H, W): one score in [-1, 1] each, the
    better of the photo inside the catalog picture (a closer or equal shot) and, unless that already lines up
    (``CLOSE_SHOT_MATCH``), the picture inside the photo."""
    if candidates.ndim != 4 or candidates.shape[1:] != (3, THUMBNAIL_SIZE[1], THUMBNAIL_SIZE[0]):
        raise ValueError(f"candidates must be (n, 3, {THUMBNAIL_SIZE[1]}, {THUMBNAIL_SIZE[0]}) thumbnails")
    if len(candidates) == 0:
        return np.zeros(0, dtype=np.float32)
    copy = working_copy(photo)
    direct = _photo_in_candidates(copy, candidates)
    if direct.max() >= CLOSE_SHOT_MATCH:  # a close shot, already lined up: no wider view to search
        return direct
    return np.maximum(direct, _candidates_in_photo(copy, candidates))


@dataclass(frozen=True)
class _Templates:
    """Zero-mean templates (m, 3, h, w) as the correlation needs them: the spectra of their flipped pixels, their
    size and their norms."""

    spectrum: np.ndarray
    height: int
    width: int
    norms: np.ndarray

    @classmethod
    def of(cls, templates: np.ndarray, pad: tuple[int, int]) -> "_Templates":
        spectrum = scipy.fft.rfft2(templates[:, :, ::-1, ::-1].astype(np.float32), s=pad, workers=-1)
        norms = np.linalg.norm(templates.reshape(len(templates), -1), axis=1)[:, None, None]
        return cls(spectrum, templates.shape[2], templates.shape[3], norms)


def _ncc(image_spectrum: np.ndarray, templates: _Templates, sums_table: np.ndarray, squares_table: np.ndarray,
         pad: tuple[int, int]) -> np.ndarray:
    """NCC of ``templates`` at every position inside images of which the spectra (n or 1, 3, ...) and summed-area
    tables (n or 1, [3,] H+1, W+1) are given: (max(n, m), positions)."""
    t_h, t_w = templates.height, templates.width
    height, width = sums_table.shape[-2] - 1, sums_table.shape[-1] - 1
    correlation = scipy.fft.irfft2((image_spectrum * templates.spectrum).sum(axis=1), s=pad, workers=-1)
    numerator = correlation[:, t_h - 1:height, t_w - 1:width]
    sums = _window_sums(sums_table, t_h, t_w)
    variance = _window_sums(squares_table, t_h, t_w) - (sums * sums).sum(axis=1) / (t_h * t_w)
    ncc = numerator / (np.sqrt(np.maximum(variance, 1e-3)) * np.maximum(templates.norms, 1e-3))
    ncc[np.broadcast_to(templates.norms < 1e-3, ncc.shape)] = -1.0  # a flat template aligns with nothing
    return ncc.reshape(len(ncc), -1)


def _image_tables(images: np.ndarray, pad: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What ``_ncc`` needs of images (n, 3, H, W): their spectra and the summed-area tables of their pixels and of
    their squared pixels (in float64: the window variances subtract large sums, which float32 loses)."""
    pixels = images.astype(np.float64)
    spectrum = scipy.fft.rfft2(pixels.astype(np.float32), s=pad, workers=-1)
    return spectrum, _summed_area(pixels), _summed_area((pixels * pixels).sum(axis=1))


def _photo_in_candidates(copy: Image.Image, candidates: np.ndarray) -> np.ndarray:
    """The centre of the photo at every scale, plain and mirrored, slid over each catalog picture.

    Correlations for every shift come from one FFT of the candidates and one inverse FFT per template; the variance
    of every window comes from summed-area tables built once, so a template costs little more than its FFT.
    """
    height, width = candidates.shape[2:]
    pad = (2 * height, 2 * width)
    spectrum, sums_table, squares_table = _image_tables(candidates, pad)
    best = np.full(len(candidates), -1.0)
    for template in _templates(copy):
        best = np.maximum(best, _ncc(spectrum, _Templates.of(template[None], pad), sums_table, squares_table,
                                     pad).max(axis=1))
    return np.clip(best, -1.0, 1.0)


def _candidates_in_photo(copy: Image.Image, candidates: np.ndarray) -> np.ndarray:
    """Each catalog picture, shrunk to every ``INSET_SCALES`` share, slid over the photo and its mirror image
    (each scale's template spectra serve both)."""
    height, width = candidates.shape[2:]
    pad = (2 * height, 2 * width)
    small = copy.resize(THUMBNAIL_SIZE, Image.Resampling.BILINEAR)
    views = [_image_tables(np.asarray(view).transpose(2, 0, 1)[None], pad)
             for view in (small, small.transpose(Image.Transpose.FLIP_LEFT_RIGHT))]
    pictures = [Image.fromarray(c.transpose(1, 2, 0)) for c in candidates]
    best = np.full(len(candidates), -1.0)
    for scale in INSET_SCALES:
        size = (round(width * scale), round(height * scale))
        templates = np.stack([np.asarray(p.resize(size, Image.Resampling.BILINEAR), dtype=np.float32)
                              for p in pictures]).transpose(0, 3, 1, 2)
        templates -= templates.mean(axis=(2, 3), keepdims=True)
        spectra = _Templates.of(templates, pad)
        for spectrum, sums_table, squares_table in views:
            best = np.maximum(best, _ncc(spectrum, spectra, sums_table, squares_table, pad).max(axis=1))
    return np.clip(best, -1.0, 1.0)


@dataclass(frozen=True)
class PhotoMatch:
    sku: str
    score: float


class CatalogThumbnails:
    """Catalog photo thumbnails by SKU, read from the products' image files on first use and kept (3.6 KB each).

    Keyed by SKU and image path, so a product whose photo was replaced is read again.
    """

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], np.ndarray | None] = {}
        self._lock = threading.Lock()

    def get(self, sku: str, image_path: str | None) -> np.ndarray | None:
        if not image_path:
            return None
        key = (sku, image_path)
        with self._lock:
            if key in self._items:
                return self._items[key]
        try:
            with Image.open(Path(image_path)) as photo:
                array: np.ndarray | None = thumbnail(photo)
        except (OSError, ValueError):  # missing or unreadable file: no verification for this product
            array = None
        with self._lock:
            self._items[key] = array
        return array


class PhotoVerifier:
    """Scores candidates by how exactly the shopper's photo shows them; thread-safe, one per process."""

    def __init__(self, thumbnails: CatalogThumbnails | None = None) -> None:
        self.thumbnails = thumbnails or CatalogThumbnails()

    def verify(self, photo: Image.Image, candidates: Iterable[tuple[str, str | None]]) -> list[PhotoMatch]:
        """``candidates``: (sku, image path) pairs; returns a match for each one with a readable photo, best first."""
        skus: list[str] = []
        arrays: list[np.ndarray] = []
        for sku, image_path in candidates:
            array = self.thumbnails.get(sku, image_path)
            if array is not None:
                skus.append(sku)
                arrays.append(array)
        if not arrays:
            return []
        scores = match_scores(photo, np.stack(arrays))
        matches = [PhotoMatch(sku, float(score)) for sku, score in zip(skus, scores)]
        return sorted(matches, key=lambda m: (-m.score, m.sku))
