"""One ``Previewer`` interface, two implementations: the catalog-trained model (CPU, small pictures) and a Stable
Diffusion-family checkpoint such as SD-Turbo (GPU deployments). The folder's ``model_index.json`` says which.

Both render text-to-image, or image-to-image from a reference photo ("like this but in red"), report every denoising
step, and draw the same picture for the same request (the seed is part of the request).
"""
from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from genir.pipeline import MODEL_INDEX, PIPELINE_CLASS, CatalogPreviewPipeline, StepCallback, TextEmbedder

if TYPE_CHECKING:
    from diffusers import StableDiffusionPipeline
    from PIL import Image

STABLE_DIFFUSION_CLASSES = ("StableDiffusionPipeline", "StableDiffusionImg2ImgPipeline")
DISPLAY_HEIGHT = 192


class PreviewError(ValueError):
    """A request that cannot be rendered; ``code`` is what the chat tells the client."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PreviewRequest:
    """What to draw: a prompt, optionally a reference picture to start from, and the seed that fixes the noise."""

    prompt: str
    seed: int
    reference: "Image.Image | None" = None
    strength: float = 0.6

    def __post_init__(self) -> None:
        if not self.prompt.strip():
            raise PreviewError("empty_prompt", "A preview needs a description of the product; the prompt is empty.")
        if not 0.0 < self.strength <= 1.0:
            raise PreviewError("invalid_strength", f"strength must be in (0, 1], got {self.strength}.")


def load_reference(source: str | Path | BinaryIO) -> "Image.Image":
    """Open a reference photo fully (a path or a binary file), or raise ``PreviewError`` ``unreadable_reference``."""
    from PIL import Image, UnidentifiedImageError

    try:
        data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
        with Image.open(io.BytesIO(data)) as image:
            return image.convert("RGB")
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as error:
        raise PreviewError("unreadable_reference", f"The reference image cannot be read: {error}") from error


class Previewer(Protocol):
    """Renders a ``PreviewRequest``; ``steps`` is how many times ``on_step`` will be called for a text prompt."""

    steps: int

    def render(self, request: PreviewRequest, on_step: StepCallback | None = None) -> "Image.Image": ...


class CatalogPreviewer:
    """The catalog-trained pipeline, its tiny output scaled up to ``display_height`` for the page."""

    def __init__(self, pipeline: CatalogPreviewPipeline, steps: int = 8, guidance_scale: float = 3.0,
                 display_height: int = DISPLAY_HEIGHT) -> None:
        self.pipeline = pipeline
        self.steps = steps
        self.guidance_scale = guidance_scale
        self.display_height = display_height
        self._lock = threading.Lock()

    def render(self, request: PreviewRequest, on_step: StepCallback | None = None) -> "Image.Image":
        import torch
        from PIL import Image

        with self._lock:
            image = self.pipeline(request.prompt, generator=torch.Generator().manual_seed(request.seed),
                                  num_inference_steps=self.steps, guidance_scale=self.guidance_scale,
                                  image=request.reference, strength=request.strength, callback=on_step)
        height, width = self.pipeline.size
        return image.resize((round(width * self.display_height / height), self.display_height),
                            Image.Resampling.BICUBIC)


class StableDiffusionPreviewer:
    """A Stable Diffusion-family checkpoint (SD-Turbo by default settings: 4 steps, no guidance) on the GPU when
    there is one; text-to-image and image-to-image share the loaded components."""

    def __init__(self, pipeline: "StableDiffusionPipeline", steps: int = 4, guidance_scale: float = 0.0) -> None:
        from diffusers import StableDiffusionImg2ImgPipeline

        self.text_to_image = pipeline
        self.image_to_image = StableDiffusionImg2ImgPipeline(**pipeline.components)
        self.steps = steps
        self.guidance_scale = guidance_scale
        self._lock = threading.Lock()

    @classmethod
    def from_pretrained(cls, folder: str | Path) -> "StableDiffusionPreviewer":
        import torch
        from diffusers import StableDiffusionPipeline

        device = "cuda" if torch.cuda.is_available() else "cpu"
        dtype = torch.float16 if device == "cuda" else torch.float32
        pipeline = StableDiffusionPipeline.from_pretrained(folder, dtype=dtype, safety_checker=None,
                                                           requires_safety_checker=False)
        pipeline.set_progress_bar_config(disable=True)
        return cls(pipeline.to(device))

    def render(self, request: PreviewRequest, on_step: StepCallback | None = None) -> "Image.Image":
        import torch

        def report(pipe: object, index: int, timestep: object, tensors: dict[str, object]) -> dict[str, object]:
            if on_step is not None:
                on_step(index + 1, pipe.num_timesteps)  # type: ignore[attr-defined]
            return tensors

        generator = torch.Generator(device=self.text_to_image.device).manual_seed(request.seed)
        common = {"prompt": request.prompt, "num_inference_steps": self.steps, "generator": generator,
                  "guidance_scale": self.guidance_scale, "callback_on_step_end": report}
        with self._lock:
            if request.reference is None:
                return self.text_to_image(**common).images[0]
            size = self.text_to_image.unet.config.sample_size * self.text_to_image.vae_scale_factor
            start = request.reference.convert("RGB").resize((size, size))
            return self.image_to_image(image=start, strength=request.strength, **common).images[0]


def load_previewer(folder: str | Path, embed_texts: TextEmbedder | None = None) -> Previewer | None:
    """The previewer saved at ``folder``, or None when nothing is there yet (not trained, not configured)."""
    index_path = Path(folder) / MODEL_INDEX
    if not index_path.is_file():
        return None
    class_name = json.loads(index_path.read_text(encoding="utf-8")).get("_class_name")
    if class_name == PIPELINE_CLASS:
        return CatalogPreviewer(CatalogPreviewPipeline.from_pretrained(folder, embed_texts))
    if class_name in STABLE_DIFFUSION_CLASSES:
        return StableDiffusionPreviewer.from_pretrained(folder)
    raise ValueError(f"{index_path}: pipeline {class_name!r} is not a supported previewer "
                     f"({PIPELINE_CLASS}, {', '.join(STABLE_DIFFUSION_CLASSES)})")


_previewers: dict[str, Previewer] = {}
_previewers_lock = threading.Lock()


def get_previewer(folder: str | Path) -> Previewer | None:
    """The process-wide previewer for ``folder`` (loaded on first use; None while no model is there)."""
    key = str(Path(folder).resolve())
    with _previewers_lock:
        if key not in _previewers:
            previewer = load_previewer(key)
            if previewer is None:
                return None
            _previewers[key] = previewer
        return _previewers[key]
