"""Support for the browser tests: the whole application in one daphne process over a small real catalog, and
Debian's Chromium driven by Playwright.

The server is a separate process, started the way `make run` starts it, so it gets its own environment: a SQLite
database, media and index under a temporary DATA_DIR, no REDIS_URL (Celery runs eagerly in the daphne process and the
channel layer is in memory). The catalog is imported, priced and indexed by the project's own management commands,
and the image encoder is trained on the test catalog by the project's own command: nothing in the stack is replaced.
"""
from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 60
SETUP_COMMAND_TIMEOUT_S = 600

# The test catalog: per (gender, article type), up to this many products of each listed colour, in file order.
# Enough alternatives for "navy blue shirt for men" and "like this but in white" to be real choices, small enough
# to import and index in seconds.
CATALOG_SLICES: dict[tuple[str, str], tuple[tuple[str, ...], int]] = {
    ("Men", "Shirts"): (("Navy Blue", "White", "Blue", "Black", "Red", "Grey"), 12),
    ("Men", "Tshirts"): (("Navy Blue", "White", "Black"), 8),
    ("Women", "Tops"): (("Navy Blue", "White", "Pink"), 6),
    ("Women", "Shirts"): (("Navy Blue", "White"), 5),
    ("Men", "Casual Shoes"): (("White", "Black", "Navy Blue"), 5),
    ("Men", "Watches"): (("Black", "Silver"), 5),
}


@dataclass(frozen=True)
class ChatServer:
    url: str
    skus: frozenset[str]  # the test catalog
    images_dir: Path
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def write_test_catalog(source: Path, destination: Path) -> frozenset[str]:
    """Copy the rows selected by ``CATALOG_SLICES`` from the demo catalog's CSV; returns their SKUs."""
    taken: dict[tuple[str, str, str], int] = defaultdict(int)
    selected: dict[str, dict[str, str]] = {}
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fieldnames = reader.fieldnames
        for row in reader:
            colours, per_colour = CATALOG_SLICES.get((row["gender"], row["articleType"]), ((), 0))
            key = (row["gender"], row["articleType"], row["baseColour"])
            if row["baseColour"] in colours and taken[key] < per_colour:
                taken[key] += 1
                selected[row["id"]] = row
    with destination.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(selected.values())
    return frozenset(selected)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(data_dir: Path) -> dict[str, str]:
    """This process's environment minus the shared services; models live in the test's own data folder."""
    shared_services = ("DATABASE_URL", "REDIS_URL", "QDRANT_URL", "QDRANT_PATH", "MEDIA_ROOT", "STATIC_ROOT")
    environment = {name: value for name, value in os.environ.items() if name not in shared_services}
    environment.update(
        DJANGO_SETTINGS_MODULE="shop_assistant.settings",
        DJANGO_DEBUG="true",
        DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir / 'db.sqlite3'}",
        MODELS_DIR=str(data_dir / "models"),
        IMAGE_ENCODER_PATH=str(data_dir / "models" / "image-encoder"),
        RETRIEVER_PATH=str(data_dir / "models" / "generative-retriever"),
        HF_HUB_OFFLINE="1",
        PYTHONUNBUFFERED="1",
    )
    return environment


def run_setup_command(arguments: list[str], environment: dict[str, str], log_path: Path) -> None:
    with log_path.open("a") as log:
        log.write(f"\n$ manage.py {' '.join(arguments)}\n")
        log.flush()
        finished = subprocess.run(
            [sys.executable, "manage.py", *arguments], cwd=REPO, env=environment, stdout=log,
            stderr=subprocess.STDOUT, timeout=SETUP_COMMAND_TIMEOUT_S,
        )
    if finished.returncode != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-40:])
        pytest.fail(f"manage.py {' '.join(arguments)} failed (exit {finished.returncode}):\n{tail}")


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"daphne exited with {process.returncode}:\n{log_path.read_text(errors='replace')[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"daphne did not answer {url} within {SERVER_START_TIMEOUT_S} s")


@dataclass
class ChatPage:
    page: Page
    errors: list[str]  # JavaScript errors the page raised; tests assert there were none


def require_static_files(url: str) -> None:
    """The page is inert without its script: say so plainly instead of timing out on a page that never connects."""
    script = f"{url}static/chat/app.js"
    try:
        with urllib.request.urlopen(script, timeout=5) as response:
            status = response.status
    except urllib.error.URLError as error:
        pytest.fail(f"the ASGI app does not serve the chat page's static files ({script}: {error})")
    if status != 200:
        pytest.fail(f"the ASGI app answers {status} for the chat page's script {script}")
