"""Shopper photo uploads: verified by Pillow, size- and pixel-limited, re-encoded to JPEG before anything keeps them.

Re-encoding drops whatever else the file carried (metadata, trailing payloads, animation frames) and leaves the
workers one well-formed format to open.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import UploadedImage

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
MAX_PIXELS = 40_000_000  # the retriever's own limit (retrieval.pipeline.MAX_IMAGE_PIXELS)
STORED_MAX_SIDE = 1024
JPEG_QUALITY = 90


@dataclass
class UploadRejected(Exception):
    status: int
    code: str
    message: str


def store_upload(upload: UploadedFile) -> UploadedImage:
    """Validate first (nothing written on failure), then save the re-encoded JPEG and its row."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise UploadRejected(413, "too_large", f"The file is {upload.size} bytes; the limit is "
                                               f"{settings.UPLOAD_MAX_BYTES} bytes.")
    data = upload.read()
    original_format, encoded, (width, height) = reencode(data)
    image = UploadedImage(original_format=original_format, original_bytes=len(data), width=width, height=height)
    image.file.save(f"{image.id}.jpg", ContentFile(encoded), save=False)
    image.save()
    return image


def reencode(data: bytes) -> tuple[str, bytes, tuple[int, int]]:
    """The original format, and the image as an RGB JPEG no larger than ``STORED_MAX_SIDE`` on its long side with
    its size."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            original_format = probe.format or ""
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise UploadRejected(415, "not_an_image", "The file is not an image Pillow can read.") from error
    if original_format not in ACCEPTED_FORMATS:
        raise UploadRejected(415, "not_an_image", f"{original_format or 'This'} images are not accepted; send "
                                                  f"JPEG, PNG, WebP or GIF.")
    if width * height > MAX_PIXELS:
        raise UploadRejected(413, "too_many_pixels", f"The image is {width}x{height} pixels; the limit is "
                                                     f"{MAX_PIXELS} pixels.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            image = ImageOps.exif_transpose(image)
            rgb = _flatten(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise UploadRejected(415, "not_an_image", "The image data is damaged and cannot be decoded.") from error
    rgb.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE))
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=JPEG_QUALITY)
    return original_format, out.getvalue(), rgb.size


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white, so transparent PNG/GIF/WebP products do not turn black."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
