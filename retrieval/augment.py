"""What a shopper's own photo of a product looks like, synthesised from the catalog photo.

Used to train the image encoder (a shopper's photo must land next to the catalog photo of the same product) and by the
generative retriever's training data. The ranges are deliberately broad and generic (camera framing, lighting, lens and
compression), not fitted to any benchmark photo set.
"""
from __future__ import annotations

import io
import random

from PIL import Image, ImageEnhance, ImageFilter, ImageOps

MIN_SIDE = 16


def _background_colour(image: Image.Image) -> tuple[int, int, int]:
    """The colour of the photo's corners: what lies around the product when the framing moves."""
    width, height = image.size
    corners = [image.getpixel((0, 0)), image.getpixel((width - 1, 0)),
               image.getpixel((0, height - 1)), image.getpixel((width - 1, height - 1))]
    return tuple(sorted(channel)[len(channel) // 2] for channel in zip(*corners))  # type: ignore[return-value]


def _reframe(image: Image.Image, rng: random.Random) -> Image.Image:
    """Crop in (a closer, off-centre shot) or, less often, zoom out (the product smaller in a wider frame)."""
    width, height = image.size
    if rng.random() < 0.2:
        scale = rng.uniform(1.05, 1.3)
        canvas = Image.new("RGB", (round(width * scale), round(height * scale)), _background_colour(image))
        canvas.paste(image, (rng.randint(0, canvas.width - width), rng.randint(0, canvas.height - height)))
        return canvas
    area = rng.uniform(0.55, 1.0)
    aspect = rng.uniform(0.85, 1.18)
    crop_w = min(width, max(MIN_SIDE, round(width * (area * aspect) ** 0.5)))
    crop_h = min(height, max(MIN_SIDE, round(height * (area / aspect) ** 0.5)))
    left = rng.randint(0, width - crop_w)
    top = rng.randint(0, height - crop_h)
    return image.crop((left, top, left + crop_w, top + crop_h))


def _relight(image: Image.Image, rng: random.Random) -> Image.Image:
    """Other light: exposure, contrast, saturation, white balance (colour temperature) and gamma."""
    image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.7, 1.3))
    image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.7, 1.3))
    image = ImageEnhance.Color(image).enhance(rng.uniform(0.7, 1.3))
    warmth = rng.uniform(-0.12, 0.12)
    gains = (1.0 + warmth, 1.0 + warmth * 0.2, 1.0 - warmth)
    gamma = rng.uniform(0.75, 1.35)
    tables: list[int] = []
    for gain in gains:
        tables.extend(min(255, round(255 * (min(1.0, i / 255 * gain)) ** gamma)) for i in range(256))
    return image.point(tables)


def _rotate(image: Image.Image, rng: random.Random) -> Image.Image:
    """A slightly tilted camera; the uncovered corners take the background colour."""
    return image.rotate(rng.uniform(-8.0, 8.0), resample=Image.Resampling.BILINEAR,
                        fillcolor=_background_colour(image))


def _lens(image: Image.Image, rng: random.Random) -> Image.Image:
    """Focus blur or a little sensor noise."""
    if rng.random() < 0.4:
        image = image.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.3, 1.0)))
    if rng.random() < 0.3:
        noise = Image.effect_noise(image.size, rng.uniform(3.0, 10.0)).convert("RGB")
        image = Image.blend(image, noise, 0.08)
    return image


def _recompress(image: Image.Image, rng: random.Random) -> Image.Image:
    """A phone or messenger app re-encodes the photo at some JPEG quality."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=rng.randint(30, 95))
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def shopper_photo(image: Image.Image, rng: random.Random, size: tuple[int, int] | None = None) -> Image.Image:
    """A random shopper's photo of the product in ``image``, returned at ``size`` (default: the input's size)."""
    image = image.convert("RGB")
    out_size = size or image.size
    image = _reframe(image, rng)
    if rng.random() < 0.5:
        image = ImageOps.mirror(image)
    if rng.random() < 0.6:
        image = _rotate(image, rng)
    image = _relight(image, rng)
    image = _lens(image, rng)
    # A lower-resolution capture, then scaled to the size the shop works with.
    detail = rng.uniform(0.6, 1.0)
    low = (max(MIN_SIDE, round(out_size[0] * detail)), max(MIN_SIDE, round(out_size[1] * detail)))
    image = image.resize(low, Image.Resampling.BILINEAR).resize(out_size, Image.Resampling.BICUBIC)
    return _recompress(image, rng)
