"""The catalog-trained preview pipeline: a small pixel-space UNet conditioned on a MiniLM sentence vector.

Kept diffusers-shaped: the denoiser (``UNet2DConditionModel``) and the sampler (any diffusers scheduler, DDIM by
default) are separate, swappable components and the pipeline has one ``__call__``. The text vector reaches the UNet
twice: as the class embedding (added to the time embedding, so it scales and shifts every ResNet block) and as the
one-token ``encoder_hidden_states`` that cross-attention blocks of a larger configuration read.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

if TYPE_CHECKING:
    import torch
    from diffusers import SchedulerMixin, UNet2DConditionModel
    from PIL import Image

PIPELINE_CLASS = "CatalogPreviewPipeline"
MODEL_INDEX = "model_index.json"

TextEmbedder = Callable[[Sequence[str]], np.ndarray]
StepCallback = Callable[[int, int], None]


def default_text_embedder() -> TextEmbedder:
    """all-MiniLM-L6-v2, the space the model was trained in (loaded once per process)."""
    from retrieval.encoders import get_text_encoder

    return get_text_encoder().encode


def pixels_to_image(pixels: "torch.Tensor") -> "Image.Image":
    """One CHW tensor in [-1, 1] to an RGB image."""
    import torch
    from PIL import Image

    array = ((pixels.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    return Image.fromarray(array.permute(1, 2, 0).numpy(), mode="RGB")


def image_to_pixels(image: "Image.Image", height: int, width: int) -> "torch.Tensor":
    """An RGB image squashed to ``height`` x ``width`` as a CHW tensor in [-1, 1] (training and img2img share it)."""
    import torch
    from PIL import Image

    resized = image.convert("RGB").resize((width, height), Image.Resampling.BOX)
    array = torch.from_numpy(np.asarray(resized, dtype=np.float32).copy())
    return array.permute(2, 0, 1) / 127.5 - 1.0


def predict(unet: "UNet2DConditionModel", sample: "torch.Tensor", timestep: "torch.Tensor",
            vectors: "torch.Tensor") -> "torch.Tensor":
    """The UNet's output for a batch: the one place (training and sampling) that decides how text vectors enter."""
    return unet(sample, timestep, encoder_hidden_states=vectors[:, None, :], class_labels=vectors).sample


class CatalogPreviewPipeline:
    """Text (and optionally a reference image) to a small product picture."""

    def __init__(self, unet: "UNet2DConditionModel", scheduler: "SchedulerMixin",
                 embed_texts: TextEmbedder | None = None) -> None:
        self.unet = unet.eval()
        self.scheduler = scheduler
        self.embed_texts = embed_texts or default_text_embedder()

    @property
    def size(self) -> tuple[int, int]:
        """(height, width) of the pictures the UNet was trained on."""
        sample_size = self.unet.config.sample_size
        if isinstance(sample_size, int):
            return sample_size, sample_size
        return int(sample_size[0]), int(sample_size[1])

    @classmethod
    def from_pretrained(cls, folder: str | Path, embed_texts: TextEmbedder | None = None) -> "CatalogPreviewPipeline":
        from diffusers import DDIMScheduler, UNet2DConditionModel

        folder = Path(folder)
        unet = UNet2DConditionModel.from_pretrained(folder / "unet")
        scheduler = DDIMScheduler.from_pretrained(folder / "scheduler")
        return cls(unet, scheduler, embed_texts)

    def save_pretrained(self, folder: str | Path) -> None:
        folder = Path(folder)
        self.unet.save_pretrained(folder / "unet")
        self.scheduler.save_pretrained(folder / "scheduler")
        index = {"_class_name": PIPELINE_CLASS, "unet": ["diffusers", type(self.unet).__name__],
                 "scheduler": ["diffusers", type(self.scheduler).__name__],
                 "text_embedder": "all-MiniLM-L6-v2 (sentence-transformers, normalised)"}
        (folder / MODEL_INDEX).write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")

    def condition(self, prompts: Sequence[str]) -> "torch.Tensor":
        """Text vectors, batch first; the all-zero vector is the unconditional prompt (dropped in training)."""
        import torch

        return torch.from_numpy(np.asarray(self.embed_texts(list(prompts)), dtype=np.float32))

    def __call__(self, prompt: str, *, generator: "torch.Generator", num_inference_steps: int = 8,
                 guidance_scale: float = 3.0, image: "Image.Image | None" = None, strength: float = 0.6,
                 callback: StepCallback | None = None) -> "Image.Image":
        """Sample one picture. With ``image``, start from it noised to ``strength`` (1 = pure noise) and denoise
        with the prompt (image-to-image); ``callback(step, steps)`` runs after every denoising step."""
        import torch

        if not 0.0 < strength <= 1.0:
            raise ValueError(f"strength must be in (0, 1], got {strength}")
        height, width = self.size
        cond = self.condition([prompt])
        vectors = torch.cat([torch.zeros_like(cond), cond])
        self.scheduler.set_timesteps(num_inference_steps)
        timesteps = self.scheduler.timesteps
        noise = torch.randn((1, 3, height, width), generator=generator)
        if image is None:
            sample = noise * self.scheduler.init_noise_sigma
        else:
            timesteps = timesteps[num_inference_steps - max(1, round(num_inference_steps * strength)):]
            start = image_to_pixels(image, height, width)[None]
            sample = self.scheduler.add_noise(start, noise, timesteps[:1])
        with torch.inference_mode():
            for step, timestep in enumerate(timesteps, start=1):
                model_input = self.scheduler.scale_model_input(torch.cat([sample, sample]), timestep)
                unconditional, conditional = predict(self.unet, model_input, timestep, vectors).chunk(2)
                guided = unconditional + guidance_scale * (conditional - unconditional)
                sample = self.scheduler.step(guided, timestep, sample, generator=generator).prev_sample
                if callback is not None:
                    callback(step, len(timesteps))
        return pixels_to_image(sample[0])
