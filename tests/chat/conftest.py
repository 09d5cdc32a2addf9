"""Fixtures for chat tests: the fake retriever, a websocket client on the real ASGI app, and (for the services
tests) the real Channels Redis layer plus a real Celery worker process on Redis."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, AsyncIterator, Iterator

import pytest
import redis
from channels.testing import WebsocketCommunicator
from chat_fakes import FakeRetriever
from django.conf import settings
from django.db import connection

from shop_assistant.asgi import application
from shop_assistant.celery import app as celery_app
from shop_assistant.chat import tasks

REPO = Path(__file__).resolve().parents[2]
TEST_REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture(autouse=True)
def chat_in_process(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Every chat test starts eager with the in-memory layer and its own MEDIA_ROOT; services tests switch back."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.MEDIA_ROOT = str(tmp_path / "media")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def fake_retriever(monkeypatch: pytest.MonkeyPatch) -> FakeRetriever:
    retriever = FakeRetriever()
    monkeypatch.setattr(tasks, "load_retriever", lambda: retriever)
    return retriever


class ChatClient:
    """A websocket client speaking the protocol, with helpers that read until a given message type."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.communicator = communicator

    async def send(self, message: dict[str, Any]) -> None:
        await self.communicator.send_json_to(message)

    async def send_raw(self, text: str) -> None:
        await self.communicator.send_to(text_data=text)

    async def receive(self, timeout: float = 5) -> dict[str, Any]:
        return await self.communicator.receive_json_from(timeout=timeout)

    async def receive_until(self, kind: str, timeout: float = 5) -> list[dict[str, Any]]:
        """Every message up to and including the first of type ``kind``."""
        seen = []
        while True:
            message = await self.receive(timeout)
            seen.append(message)
            if message["type"] == kind:
                return seen

    async def turn_answer(self, timeout: float = 5) -> tuple[dict[str, Any], str]:
        """Read a turn's ``results`` and its whole streamed assistant message."""
        messages = await self.receive_until("results", timeout)
        results = messages[-1]
        text = ""
        while True:
            chunk = await self.receive(timeout)
            assert chunk["type"] == "assistant.message" and chunk["turn"] == results["turn"]
            text += chunk["delta"]
            if chunk["done"]:
                return results, text

    async def expect_nothing(self) -> None:
        assert await self.communicator.receive_nothing(timeout=0.2)


@pytest.fixture
async def chat_client() -> AsyncIterator[ChatClient]:
    communicator = WebsocketCommunicator(application, "/ws/chat/")
    connected, _ = await communicator.connect()
    assert connected
    client = ChatClient(communicator)
    assert await client.receive() == {"type": "session.ready", "version": 1}
    yield client
    await communicator.disconnect()


@pytest.fixture
def chat_redis(settings: Any) -> Iterator[redis.Redis]:
    """The real Channels Redis layer and Celery on the Redis broker of REDIS_URL (make test: db 15).

    REDIS_URL must be set when the test run starts: Celery keeps the broker connection pool it made first.
    """
    if not TEST_REDIS_URL:
        pytest.fail("These tests need the real Redis: set REDIS_URL=redis://127.0.0.1:6379/15 (make test does).")
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not reachable at {TEST_REDIS_URL}")
    client.flushdb()
    settings.REDIS_URL = TEST_REDIS_URL
    # redis-py 8 reads with a 5 s socket timeout by default, the same as channels-redis' blocking pop: without a
    # longer one an idle consumer dies with "Timeout reading" (settings.py needs the same host entry).
    host = {"address": TEST_REDIS_URL, "socket_timeout": 15}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer",
                                           "CONFIG": {"hosts": [host]}}}
    celery_app.conf.task_always_eager = False
    yield client
    client.flushdb()


@pytest.fixture
def chat_services_env(chat_redis: redis.Redis, transactional_db: None) -> dict[str, str]:
    """Environment for server and worker processes of a test: this test's database, Redis and media folder."""
    if connection.vendor != "postgresql":
        pytest.fail("The real-worker tests need PostgreSQL: set DATABASE_URL (make test does).")
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": TEST_REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONPATH": os.pathsep.join([str(REPO / "tests" / "chat"), str(REPO), os.environ.get("PYTHONPATH", "")]),
        # A turn starting with "slow" sleeps past the soft limit (1 s), well inside the hard one.
        "FAKE_RETRIEVER_DELAY_S": "4",
        "CELERY_TASK_SOFT_TIME_LIMIT": "1",
        "CELERY_TASK_TIME_LIMIT": "10",
    }


@pytest.fixture
def chat_celery_worker(chat_redis: redis.Redis, chat_services_env: dict[str, str],
                       monkeypatch: pytest.MonkeyPatch) -> Iterator[subprocess.Popen[bytes]]:
    """A real prefork ``celery worker`` on the ``retrieval`` queue, on this test's database, with the fake retriever
    (1 s soft time limit)."""
    env = chat_services_env
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "chat_fake_worker", "worker", "-Q", "retrieval", "-P", "prefork",
         "-c", "1", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"chat-test-{os.getpid()}@%h",
         "--loglevel", "WARNING"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    # The sending process writes its task's limits into each message (cached in ``_exec_options``), so it needs
    # the worker's ones.
    monkeypatch.setattr(tasks.run_turn, "soft_time_limit", 1)
    monkeypatch.setattr(tasks.run_turn, "time_limit", 10)
    monkeypatch.setattr(tasks.run_turn, "_exec_options", None)
    try:
        wait_for_models_heartbeat(chat_redis, worker)
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def wait_for_models_heartbeat(client: redis.Redis, worker: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    """The worker is ready once its warm-up has loaded the (fake) retriever and published the readiness key."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            output = worker.stdout.read().decode() if worker.stdout else ""
            pytest.fail(f"celery worker exited with {worker.returncode}:\n{output}")
        if any(client.scan_iter(match="shop_assistant:models-ready:*")):
            return
        time.sleep(0.1)
    pytest.fail("celery worker did not become ready in time")

