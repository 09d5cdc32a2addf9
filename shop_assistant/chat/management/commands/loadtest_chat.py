"""Drive N concurrent shoppers over real websockets and report turn latency (send ``turn`` -> receive ``results``).

Each client connects, waits for ``session.ready``, then sends its turns one after another, waiting for the end of
the streamed assistant message before the next one, as a person would. The summary is one JSON object.
"""
from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException
from websockets.typing import Origin

DIALOGUES = (
    ("navy blue shirt for men", "actually in white", "something casual"),
    ("women's running shoes", "in black please", "under 3000"),
    ("a watch for men", "with a leather strap", "brown"),
    ("red dress for a party", "shorter", "not red, make it black"),
    ("kids t-shirt", "for girls", "pink"),
    ("sports sandals for women", "grey", "any brand"),
)


@dataclass
class ClientReport:
    results_ms: list[float] = field(default_factory=list)
    accepted_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


class Command(BaseCommand):
    help = "Load-test the chat websocket with concurrent clients; prints p50/p95 turn->results latency as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="ws://127.0.0.1:8000/ws/chat/")
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--turns", type=int, default=3)
        parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one turn's answer")
        parser.add_argument("--think-s", type=float, default=0.0,
                            help="mean pause between a shopper's turns (uniform 0..2x); 0 sends the next turn at once")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clients"] < 1 or options["turns"] < 1 or options["think_s"] < 0:
            raise CommandError("--clients and --turns must be at least 1 and --think-s not negative")
        summary = asyncio.run(run_load(options["url"], options["clients"], options["turns"], options["timeout"],
                                       options["think_s"], options["seed"]))
        self.stdout.write(json.dumps(summary, indent=2))


async def run_load(url: str, clients: int, turns: int, timeout: float, think_s: float, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    scripts = [rng.choice(DIALOGUES) for _ in range(clients)]
    pauses = [[rng.uniform(0, 2 * think_s) for _ in range(turns)] for _ in range(clients)]
    progress = tqdm(total=clients * turns, desc="turns", unit="turn")
    started = time.perf_counter()
    reports = await asyncio.gather(*(shopper(url, script, pause, timeout, progress)
                                     for script, pause in zip(scripts, pauses)))
    wall_s = time.perf_counter() - started
    progress.close()
    results_ms = sorted(ms for report in reports for ms in report.results_ms)
    accepted_ms = sorted(ms for report in reports for ms in report.accepted_ms)
    errors: Counter[str] = Counter()
    for report in reports:
        errors.update(report.errors)
    return {
        "url": url,
        "clients": clients,
        "turns_per_client": turns,
        "think_s": think_s,
        "turns_sent": clients * turns,
        "turns_answered": len(results_ms),
        "errors": sum(errors.values()),
        "errors_by_code": dict(errors),
        "results_ms": percentiles(results_ms),
        "accepted_ms": percentiles(accepted_ms),
        "wall_s": round(wall_s, 2),
        "turns_per_s": round(len(results_ms) / wall_s, 2) if wall_s else None,
    }


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None, "max": None, "mean": None}
    return {
        "p50": round(nearest_rank(values, 50), 1),
        "p95": round(nearest_rank(values, 95), 1),
        "max": round(values[-1], 1),
        "mean": round(statistics.fmean(values), 1),
    }


def nearest_rank(sorted_values: list[float], percent: float) -> float:
    rank = max(1, -(-len(sorted_values) * percent // 100))
    return sorted_values[int(rank) - 1]


async def shopper(url: str, script: tuple[str, ...], pauses: list[float], timeout: float,
                  progress: tqdm) -> ClientReport:
    """One shopper: connect, then for each turn think for its pause and send the next line of its script."""
    report = ClientReport()
    try:
        async with connect(url, origin=origin_of(url), open_timeout=timeout, max_size=2**22) as socket:
            await expect(socket, "session.ready", timeout)
            for index, pause in enumerate(pauses):
                await asyncio.sleep(pause)
                text = script[index % len(script)]
                outcome = await one_turn(socket, text, timeout, report)
                progress.update(1)
                if outcome is not None:
                    report.errors[outcome] += 1
    except (OSError, TimeoutError, WebSocketException) as error:
        report.errors[f"connection:{type(error).__name__}"] += 1
    return report


def origin_of(url: str) -> Origin:
    """Browsers send an Origin; the server checks it against ALLOWED_HOSTS, so this client sends the server's own."""
    parts = urlsplit(url)
    return Origin(f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}")


async def one_turn(socket: Any, text: str, timeout: float, report: ClientReport) -> str | None:
    """Send a turn and read until its assistant message is done; returns an error code, or None when it worked."""
    sent = time.perf_counter()
    await socket.send(json.dumps({"type": "turn", "text": text, "image_id": None, "reference_sku": None}))
    deadline = sent + timeout
    turn_number = None
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            return "timeout"
        try:
            message = json.loads(await asyncio.wait_for(socket.recv(), remaining))
        except TimeoutError:
            return "timeout"
        kind = message.get("type")
        elapsed_ms = (time.perf_counter() - sent) * 1000
        if kind == "error":
            return str(message.get("code"))
        if kind == "turn.accepted":
            turn_number = message["turn"]
            report.accepted_ms.append(elapsed_ms)
        elif kind == "results" and message.get("turn") == turn_number:
            report.results_ms.append(elapsed_ms)
        elif kind == "assistant.message" and message.get("turn") == turn_number and message.get("done"):
            return None


async def expect(socket: Any, kind: str, timeout: float) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(socket.recv(), timeout))
    if message.get("type") != kind:
        raise WebSocketException(f"expected {kind}, got {message.get('type')}")
    return message
