"""Plain data passed between the chat, the pipeline and the evaluator."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PIL import Image


@dataclass(frozen=True)
class DialogueTurn:
    """One shopper turn: text, an optional photo, an optional catalog product taken as reference."""

    text: str = ""
    image: Image.Image | None = None
    reference_sku: str | None = None


@dataclass
class RankedProduct:
    sku: str
    score: float
    matched: list[str]
    why: str
    payload: dict[str, Any]


@dataclass
class TurnResult:
    """What one turn returns: products best first, and what the system understood (for the assistant message)."""

    products: list[RankedProduct]
    understood: dict[str, Any]
    summary: str
    follow_up: str | None = None
    total_matches: int = 0
    reason: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
