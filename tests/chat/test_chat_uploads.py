"""``POST /api/images/``: accepted formats are re-encoded; everything else is refused with a code and leaves nothing."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shop_assistant.chat.models import UploadedImage
from shop_assistant.chat.uploads import STORED_MAX_SIDE

pytestmark = pytest.mark.django_db


def encoded(fmt: str, size: tuple[int, int] = (60, 80), mode: str = "RGB", colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def post(client, data: bytes, name: str = "photo", content_type: str = "application/octet-stream"):
    return client.post("/api/images/", {"image": SimpleUploadedFile(name, data, content_type=content_type)})


def stored_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.mark.parametrize(("fmt", "mode", "colour"), [
    ("JPEG", "RGB", (200, 30, 30)),
    ("PNG", "RGBA", (200, 30, 30, 255)),
    ("WEBP", "RGB", (200, 30, 30)),
    ("GIF", "P", 1),
])
def test_accepted_formats_are_stored_as_jpeg(client, fmt, mode, colour):
    response = post(client, encoded(fmt, mode=mode, colour=colour), name=f"photo.{fmt.lower()}")
    assert response.status_code == 201, response.content
    body = response.json()
    image = UploadedImage.objects.get(pk=body["image_id"])
    assert body["url"] == image.file.url and body["url"].startswith("/media/uploads/")
    assert image.original_format == fmt and (image.width, image.height) == (60, 80)
    with Image.open(image.file.path) as stored:
        assert stored.format == "JPEG" and stored.mode == "RGB" and stored.size == (60, 80)


def test_transparent_png_is_flattened_on_white(client):
    response = post(client, encoded("PNG", mode="RGBA", colour=(0, 0, 0, 0)))
    image = UploadedImage.objects.get(pk=response.json()["image_id"])
    with Image.open(image.file.path) as stored:
        assert stored.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=2)


def test_big_photos_are_scaled_down(client):
    response = post(client, encoded("JPEG", size=(3000, 1500)))
    image = UploadedImage.objects.get(pk=response.json()["image_id"])
    assert (image.width, image.height) == (STORED_MAX_SIDE, STORED_MAX_SIDE // 2)


def truncated_jpeg() -> bytes:
    return encoded("JPEG", size=(400, 400))[:300]


def pixel_bomb() -> bytes:
    """8000x6000 one-bit PNG: a few kilobytes on disk, 48 megapixels once decoded."""
    return encoded("PNG", size=(8000, 6000), mode="1", colour=0)


@pytest.mark.parametrize(("data", "status", "code"), [
    pytest.param(b"GIF89a? not really", 415, "not_an_image", id="fake-gif-header"),
    pytest.param(b"hello, I am text", 415, "not_an_image", id="text"),
    pytest.param(encoded("BMP"), 415, "not_an_image", id="bmp-not-accepted"),
    pytest.param(encoded("TIFF"), 415, "not_an_image", id="tiff-not-accepted"),
    pytest.param(truncated_jpeg(), 415, "not_an_image", id="truncated-jpeg"),
    pytest.param(pixel_bomb(), 413, "too_many_pixels", id="decompression-bomb"),
])
def test_refused_uploads(client, data, status, code):
    response = post(client, data)
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]
    assert not UploadedImage.objects.exists() and stored_files() == []


def test_file_over_the_byte_limit(client, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    data = encoded("PNG", size=(200, 200), mode="RGB", colour=(1, 2, 3)) + b"\0" * 1000
    response = post(client, data)
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert not UploadedImage.objects.exists() and stored_files() == []


def test_request_body_over_the_limit_is_refused_before_parsing(client, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = post(client, b"x" * 200_000)
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_missing_field_and_wrong_method(client):
    response = client.post("/api/images/", {"photo": SimpleUploadedFile("a.jpg", encoded("JPEG"))})
    assert response.status_code == 400 and response.json()["error"]["code"] == "missing_image"
    response = client.get("/api/images/")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


def test_upload_needs_no_csrf_token(settings):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post(strict, encoded("JPEG")).status_code == 201


def test_uploads_over_the_rate_limit_are_refused_and_store_nothing(client, settings):
    settings.UPLOAD_RATE_LIMIT = 2
    assert [post(client, encoded("JPEG")).status_code for _ in range(2)] == [201, 201]
    refused = post(client, encoded("JPEG"))
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused["Retry-After"]) > 0
    assert UploadedImage.objects.count() == 2 and len(stored_files()) == 2
