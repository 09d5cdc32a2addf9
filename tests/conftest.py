"""Shared fixtures. By default every test runs Celery tasks eagerly, uses Channels' in-memory layer, a fresh
embedded index and media folder under ``tmp_path``, and no trained image encoder or previewer. Tests that need the
real services ask for ``celery_worker`` (a Celery worker subprocess on Redis and the PostgreSQL test database)."""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

import numpy as np
import pytest

if TYPE_CHECKING:
    from genir.previewers import CatalogPreviewer
    from genir.training import PreviewTrainingConfig

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_CATALOG = REPO_ROOT / "data" / "fashion-small"
TEST_REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
WORKER_QUEUES = "indexing,retrieval,genir"
WORKER_START_TIMEOUT_S = 90
WORKER_WARM_UP_TIMEOUT_S = 180


@pytest.fixture(autouse=True)
def _isolated_services(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Eager Celery, in-memory channel layer and cache, and a private index and media folder for each test."""
    from channels.layers import channel_layers

    from shop_assistant.catalog.search import close_index
    from shop_assistant.celery import app as celery_app

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": str(tmp_path)}}  # fresh rate-limit counters per test
    channel_layers.backends = {}
    settings.QDRANT_URL = ""
    settings.QDRANT_PATH = tmp_path / "qdrant"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMAGE_ENCODER_PATH = str(tmp_path / "no-image-encoder")
    settings.PREVIEWER_PATH = str(tmp_path / "no-previewer")
    previous = {"task_always_eager": celery_app.conf.task_always_eager,
                "task_eager_propagates": celery_app.conf.task_eager_propagates}
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    close_index()
    yield
    close_index()
    channel_layers.backends = {}
    celery_app.conf.update(previous)


def write_small_catalog(target: Path, count: int = 24, step: int = 397) -> Path:
    """A few dozen rows of the demo catalog, spread over it so several categories appear; photos stay in place."""
    with (DEMO_CATALOG / "catalog.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fieldnames = list(reader.fieldnames or [])
        rows = [row for i, row in enumerate(reader) if i % step == 0][:count]
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    return target


@pytest.fixture
def small_catalog(tmp_path: Path) -> Path:
    """``catalog.csv`` with 24 demo products; pass ``--images`` = ``DEMO_CATALOG / "images"``."""
    return write_small_catalog(tmp_path / "catalog" / "catalog.csv")


@pytest.fixture
def demo_images() -> Path:
    return DEMO_CATALOG / "images"


def _database_url(settings_dict: dict[str, Any]) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture
def celery_worker(transactional_db: None, settings: Any, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``celery worker`` on Redis (db 15 unless REDIS_URL says otherwise) and the PostgreSQL test database.

    Tasks queued by the test go through Redis. The worker owns the embedded index while it runs (Qdrant Edge admits
    one process): stop it with ``stop_worker`` before the test opens the index itself.
    """
    from django.db import connection

    from shop_assistant.celery import app as celery_app

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL) so that a worker process can share the test database")
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL).ping()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at {TEST_REDIS_URL}: {error}")
    env = {**os.environ, "DATABASE_URL": _database_url(connection.settings_dict), "REDIS_URL": TEST_REDIS_URL,
           "DATA_DIR": str(tmp_path / "worker-data"), "QDRANT_URL": "", "QDRANT_PATH": str(settings.QDRANT_PATH),
           "MEDIA_ROOT": str(settings.MEDIA_ROOT), "IMAGE_ENCODER_PATH": settings.IMAGE_ENCODER_PATH,
           "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "shop_assistant.settings")}
    log_path = tmp_path / "worker.log"
    previous = {key: celery_app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    celery_app.conf.update(broker_url=TEST_REDIS_URL, result_backend=TEST_REDIS_URL, task_always_eager=False)
    celery_app.control.purge()
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "shop_assistant", "worker", "-Q", WORKER_QUEUES, "-P", "solo",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"test-{os.getpid()}@%h",
             "-l", "info"], cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(worker, log_path)
        yield worker
    finally:
        stop_worker(worker)
        celery_app.conf.update(previous)


def _wait_until_ready(worker: subprocess.Popen[bytes], log_path: Path) -> None:
    """Wait for the worker to answer, then run one sync so it loads the text encoder before the test times it."""
    from shop_assistant.catalog.tasks import sync_index
    from shop_assistant.celery import app as celery_app

    deadline = time.monotonic() + WORKER_START_TIMEOUT_S
    while not celery_app.control.ping(timeout=0.5):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Celery worker did not start:\n{log_path.read_text()[-3000:]}")
    sync_index.delay([]).get(timeout=WORKER_WARM_UP_TIMEOUT_S)


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Warm shutdown (finishes the running task), so the worker releases the index and the database."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


# --- GenIR: tiny preview models built from config, and a text embedder that needs no model -------------------------
TINY_TEXT_DIM = 16


def hashed_embeddings(texts: Sequence[str]) -> np.ndarray:
    """A fixed unit vector per text (seeded by its hash): deterministic, and different texts differ."""
    rows = []
    for text in texts:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
        row = np.random.default_rng(seed).standard_normal(TINY_TEXT_DIM)
        rows.append(row / np.linalg.norm(row))
    return np.asarray(rows, dtype=np.float32)


@pytest.fixture
def hashed_text_embedder() -> Callable[[Sequence[str]], np.ndarray]:
    return hashed_embeddings


@pytest.fixture
def tiny_preview_config() -> "PreviewTrainingConfig":
    """8x8 pictures, two UNet levels, 3 training steps, 4 sampling steps."""
    from genir.training import PreviewTrainingConfig

    return dataclasses.replace(
        PreviewTrainingConfig(), height=8, width=8, block_out_channels=(16, 32), text_dim=TINY_TEXT_DIM, steps=3,
        batch_size=4, warmup_steps=1, inference_steps=4, max_seconds=60,
    )


@pytest.fixture
def tiny_previewer(tiny_preview_config: "PreviewTrainingConfig") -> "CatalogPreviewer":
    """An untrained catalog previewer (random weights, seeded): real sampling, instant."""
    import torch
    from diffusers import DDIMScheduler

    from genir.pipeline import CatalogPreviewPipeline
    from genir.previewers import CatalogPreviewer
    from genir.training import build_scheduler, build_unet

    torch.manual_seed(0)
    sampler = DDIMScheduler.from_config(build_scheduler(tiny_preview_config).config, timestep_spacing="trailing")
    pipeline = CatalogPreviewPipeline(build_unet(tiny_preview_config), sampler, hashed_embeddings)
    return CatalogPreviewer(pipeline, steps=tiny_preview_config.inference_steps, display_height=16)
