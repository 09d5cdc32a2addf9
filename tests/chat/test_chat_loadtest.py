"""``loadtest_chat`` against a real daphne server and a real Celery worker (fake retriever) on Redis."""
from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from shop_assistant.chat.management.commands.loadtest_chat import nearest_rank, percentiles

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_percentiles_use_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert nearest_rank(values, 50) == 50 and nearest_rank(values, 95) == 95 and nearest_rank([7.0], 95) == 7.0
    assert percentiles([]) == {"p50": None, "p95": None, "max": None, "mean": None}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def daphne_server(chat_celery_worker, chat_services_env):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                               "shop_assistant.asgi:application"], env=chat_services_env, cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("daphne did not start")
            time.sleep(0.2)
    yield f"ws://127.0.0.1:{port}/ws/chat/"
    server.terminate()
    server.wait(timeout=10)


def test_load_command_drives_real_clients(daphne_server):
    out = io.StringIO()
    call_command("loadtest_chat", url=daphne_server, clients=4, turns=2, timeout=20, stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["turns_sent"] == 8 and summary["turns_answered"] == 8 and summary["errors"] == 0
    assert 0 < summary["results_ms"]["p50"] <= summary["results_ms"]["p95"] <= summary["results_ms"]["max"]
