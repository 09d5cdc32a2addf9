"""``/healthz`` answers without I/O; ``/readyz`` reports every dependency and is 503 when any is not ready."""
from __future__ import annotations

from pathlib import Path

import pytest

from shop_assistant.chat import readiness

pytestmark = pytest.mark.django_db


@pytest.fixture
def built_index(settings, tmp_path: Path) -> Path:
    settings.QDRANT_URL = ""
    settings.QDRANT_PATH = str(tmp_path / "qdrant")
    Path(settings.QDRANT_PATH).mkdir()
    (Path(settings.QDRANT_PATH) / "segments").mkdir()
    return Path(settings.QDRANT_PATH)


def test_healthz_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_ready_in_process(client, settings, built_index, fake_retriever):
    settings.REDIS_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert set(checks) == {"database", "broker", "index", "models"}
    assert all(check["ok"] for check in checks.values())


def test_not_ready_without_an_index(client, settings, tmp_path, fake_retriever):
    settings.REDIS_URL = ""
    settings.QDRANT_URL = ""
    settings.QDRANT_PATH = str(tmp_path / "missing")
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready" and body["checks"]["index"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_qdrant_server_unreachable(client, settings, fake_retriever):
    settings.REDIS_URL = ""
    settings.QDRANT_URL = "http://127.0.0.1:9"
    response = client.get("/readyz")
    assert response.status_code == 503 and "error" in response.json()["checks"]["index"]


def test_broker_down(client, settings, built_index):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    checks = client.get("/readyz").json()["checks"]
    assert checks["broker"]["ok"] is False and "ConnectionError" in checks["broker"]["error"]
    assert checks["models"]["ok"] is False


def test_fleet_models_ready_once_a_worker_reports(client, settings, built_index, chat_redis):
    redis_url = settings.REDIS_URL
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["models"] == {"ok": False, "workers_ready": 0,
                                                   "detail": "no Celery worker has loaded the models yet"}
    heartbeat = readiness.WorkerHeartbeat(redis_url, "test-worker:1")
    heartbeat.start()
    try:
        key = heartbeat.client
        for _ in range(50):
            if key.exists(heartbeat.key):
                break
            heartbeat.stopped.wait(0.05)
        assert key.ttl(heartbeat.key) <= readiness.HEARTBEAT_TTL_S
        response = client.get("/readyz")
        assert response.status_code == 200, response.json()
        assert response.json()["checks"]["models"] == {"ok": True, "workers_ready": 1}
    finally:
        heartbeat.stop()
    assert not chat_redis.exists(heartbeat.key)
    assert client.get("/readyz").status_code == 503


def test_chat_page_is_served_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "chat.html"
