"""Checks behind ``/readyz``: can this deployment answer a turn right now?

With Redis, turns are answered by Celery workers on other processes or machines, so "models ready" means at least one
worker process has loaded the retriever: each one keeps a short-lived Redis key alive (``WorkerHeartbeat``) once its
models are loaded. Without Redis, turns run in this process, so the check loads the retriever here (once).
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Callable

import redis
from django.conf import settings
from django.db import connection

HEARTBEAT_PREFIX = "shop_assistant:models-ready:"
HEARTBEAT_TTL_S = 60
HEARTBEAT_EVERY_S = 20
CHECK_TIMEOUT_S = 2.0

Check = Callable[[], dict[str, Any]]


class WorkerHeartbeat:
    """Keeps ``HEARTBEAT_PREFIX + name`` alive in Redis while this worker process has its models loaded."""

    def __init__(self, redis_url: str, name: str) -> None:
        self.client = redis.Redis.from_url(redis_url, socket_timeout=CHECK_TIMEOUT_S)
        self.key = HEARTBEAT_PREFIX + name
        self.stopped = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._beat, name="models-heartbeat", daemon=True).start()

    def _beat(self) -> None:
        while not self.stopped.is_set():
            try:
                self.client.set(self.key, str(time.time()), ex=HEARTBEAT_TTL_S)
            except redis.RedisError:
                pass  # the broker is down; /readyz reports that through its broker check
            self.stopped.wait(HEARTBEAT_EVERY_S)

    def stop(self) -> None:
        self.stopped.set()
        try:
            self.client.delete(self.key)
        except redis.RedisError:
            pass


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True, "vendor": connection.vendor}


def check_broker() -> dict[str, Any]:
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "no REDIS_URL: tasks run in this process"}
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=CHECK_TIMEOUT_S,
                                  socket_connect_timeout=CHECK_TIMEOUT_S)
    client.ping()
    return {"ok": True}


def check_index() -> dict[str, Any]:
    """The Qdrant server answers and has the collection, or the embedded index folder exists."""
    if settings.QDRANT_URL:
        from qdrant_client import QdrantClient

        client = QdrantClient(url=settings.QDRANT_URL, api_key=settings.QDRANT_API_KEY or None,
                              timeout=int(CHECK_TIMEOUT_S), check_compatibility=False)
        try:
            points = client.count(settings.QDRANT_COLLECTION, exact=False).count
        finally:
            client.close()
        return {"ok": points > 0, "engine": "qdrant-server", "points": points}
    path = Path(settings.QDRANT_PATH)
    present = path.is_dir() and any(path.iterdir())
    return {"ok": present, "engine": "qdrant-edge", "path": str(path),
            **({} if present else {"detail": "no index yet: run manage.py reindex"})}


def check_models() -> dict[str, Any]:
    if settings.REDIS_URL:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=CHECK_TIMEOUT_S,
                                      socket_connect_timeout=CHECK_TIMEOUT_S)
        workers = sorted(key.decode()[len(HEARTBEAT_PREFIX):]
                         for key in client.scan_iter(match=HEARTBEAT_PREFIX + "*", count=200))
        detail = {} if workers else {"detail": "no Celery worker has loaded the models yet"}
        return {"ok": bool(workers), "workers_ready": len(workers), **detail}
    from .tasks import load_retriever

    load_retriever()
    return {"ok": True, "detail": "loaded in this process"}


CHECKS: dict[str, Check] = {
    "database": check_database,
    "broker": check_broker,
    "index": check_index,
    "models": check_models,
}


def run_checks() -> tuple[bool, dict[str, dict[str, Any]]]:
    """Every check runs even if one fails, so the JSON says everything that is wrong at once."""
    report: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure of a dependency means "not ready", with its reason
            report[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    return all(item["ok"] for item in report.values()), report
