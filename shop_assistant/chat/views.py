"""HTTP side of the chat: the page, photo uploads, and health checks for load balancers."""
from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .readiness import run_checks
from .uploads import UploadRejected, store_upload

# Multipart framing around the file; a request longer than this plus the limit cannot hold an acceptable image.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
RATE_WINDOW_S = 60


@require_GET
def chat_page(request: HttpRequest) -> HttpResponse:
    return render(request, "chat.html")


def within_upload_rate(client: str) -> bool:
    """Count this upload in the client's current one-minute window (in the shared cache); False once over the limit.

    A fixed window is enough here: it caps what one address can make a web process decode and store."""
    key = f"upload-rate:{client}:{int(time.time()) // RATE_WINDOW_S}"
    cache.add(key, 0, timeout=RATE_WINDOW_S * 2)
    return cache.incr(key) <= settings.UPLOAD_RATE_LIMIT


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


@csrf_exempt  # API clients post without a session; image ids are unguessable UUIDs and grant nothing else
def upload_image(request: HttpRequest) -> JsonResponse:
    """``POST /api/images/`` with multipart field ``image`` -> 201 ``{"image_id", "url"}``."""
    if request.method != "POST":
        return _error(405, "method_not_allowed", "POST a multipart form with an 'image' file.")
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > settings.UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD_BYTES:
        return _error(413, "too_large", f"The upload limit is {settings.UPLOAD_MAX_BYTES} bytes.")
    if not within_upload_rate(request.META.get("REMOTE_ADDR") or "unknown"):
        response = _error(429, "rate_limited", f"At most {settings.UPLOAD_RATE_LIMIT} photos a minute; "
                                               f"please wait a moment.")
        response["Retry-After"] = str(RATE_WINDOW_S)
        return response
    upload = request.FILES.get("image")
    if upload is None:
        return _error(400, "missing_image", "Send the photo as multipart form field 'image'.")
    try:
        image = store_upload(upload)
    except UploadRejected as rejected:
        return _error(rejected.status, rejected.code, rejected.message)
    return JsonResponse({"image_id": str(image.id), "url": image.file.url}, status=201)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive; touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when database, broker, index and models are all ready, else 503; the body says which check failed."""
    ready, checks = run_checks()
    return JsonResponse({"status": "ready" if ready else "not_ready", "checks": checks}, status=200 if ready else 503)
