"""Fixtures for the browser tests (see browser_support for what the server is and why)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    ChatPage,
    ChatServer,
    free_port,
    require_static_files,
    run_setup_command,
    server_environment,
    wait_until_serving,
    write_test_catalog,
)
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, sync_playwright


@pytest.fixture(scope="module")
def chat_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    """Migrate, import the test catalog with demo prices, train a small image encoder and a (barely trained)
    previewer, build its index, collect the static files, then serve it with daphne: the steps of `make run`."""
    data_dir = tmp_path_factory.mktemp("browser-server")
    log_path = data_dir / "server.log"
    demo_catalog = Path(settings.DEMO_CATALOG_DIR)
    catalog_path = data_dir / "catalog.csv"
    skus = write_test_catalog(demo_catalog / "catalog.csv", catalog_path)
    environment = server_environment(data_dir)
    run_setup_command(["migrate", "--noinput"], environment, log_path)
    run_setup_command(["import_catalog", str(catalog_path), "--images", str(demo_catalog / "images"),
                       "--demo-prices", "--no-sync"], environment, log_path)
    run_setup_command(["train_image_encoder", "--epochs", "6"], environment, log_path)
    run_setup_command(["train_previewer", "--steps", "2", "--held-out", "4"], environment, log_path)
    run_setup_command(["reindex"], environment, log_path)
    run_setup_command(["collectstatic", "--noinput", "-v", "0"], environment, log_path)

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with log_path.open("a") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "shop_assistant.asgi:application"],
            cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(url, process, log_path)
        require_static_files(url)
        yield ChatServer(url=url, skus=skus, images_dir=demo_catalog / "images", log_path=log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (never a Playwright-downloaded browser), headless."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium: apt-get install -y --no-install-recommends chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_chat(browser: Browser, chat_server: ChatServer) -> Iterator[Callable[[int, int], ChatPage]]:
    """Opens the chat page in a fresh context (empty localStorage) and waits until its conversation is ready."""
    contexts: list[BrowserContext] = []

    def open_page(width: int, height: int) -> ChatPage:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(chat_server.url)
        page.wait_for_selector('#connection-status[data-state="ready"]', timeout=15_000)
        return ChatPage(page=page, errors=errors)

    yield open_page
    for context in contexts:
        context.close()
