"""The process-wide conversational retriever, built from settings once per process (web or worker)."""
from __future__ import annotations

import logging
import threading

from django.conf import settings

from retrieval.pipeline import ConversationalRetriever

from .search import get_image_encoder, get_index

logger = logging.getLogger(__name__)

_retriever: ConversationalRetriever | None = None
_lock = threading.Lock()


def get_retriever() -> ConversationalRetriever:
    """Index, encoders and the generative retriever, loaded on first use and shared by every request after."""
    global _retriever
    with _lock:
        if _retriever is None:
            from retrieval.encoders import get_text_encoder, use_serving_threads
            from retrieval.generative import load_generative_retriever

            generator = load_generative_retriever(settings.RETRIEVER_PATH)
            if generator is None:
                logger.warning("no generative retriever at %s: run `manage.py train_retriever`",
                               settings.RETRIEVER_PATH)
            image_encoder = get_image_encoder()
            if image_encoder is None:
                logger.warning("no image encoder at %s: photo search is off until `manage.py train_image_encoder`",
                               settings.IMAGE_ENCODER_PATH)
            _retriever = ConversationalRetriever(get_index(), get_text_encoder(), image_encoder, generator)
            use_serving_threads()
        return _retriever


def reset_retriever() -> None:
    """Forget the loaded retriever (tests switch index paths and models with this)."""
    global _retriever
    with _lock:
        _retriever = None
