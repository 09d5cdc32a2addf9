"""Train the catalog preview model: a small pixel-space diffusion UNet on the catalog photos, conditioned on the
all-MiniLM-L6-v2 vector of the product text.

No pretrained diffusion weights can be downloaded here, so everything is learned from the 9,583 catalog photos within
a CPU budget: pictures are squashed to 24x18 (the photos' 3:4 portrait shape), the UNet predicts v (which stays
well-behaved for few-step DDIM sampling), the loss is Min-SNR weighted (faster convergence), the condition is dropped
10% of the time for classifier-free guidance, each product is described by one of three short wordings
(``genir.prompts.record_prompts``), the form the chat sends, and products are drawn with weights 1/sqrt(size of their
article type), so watches and bags are not drowned by thousands of T-shirts. The learning rate follows a cosine over
``max(step / steps, elapsed / max_seconds)``, so a loaded machine ends training on time, annealed, and says so in
``training.json``.
"""
from __future__ import annotations

import math
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from genir.pipeline import CatalogPreviewPipeline, TextEmbedder, default_text_embedder, image_to_pixels, predict
from genir.prompts import record_prompts
from retrieval.encoders import TEXT_DIM
from retrieval.artifacts import save_folder
from retrieval.records import ProductRecord, with_photos

if TYPE_CHECKING:
    from diffusers import DDPMScheduler, UNet2DConditionModel
    import torch



@dataclass(frozen=True)
class PreviewTrainingConfig:
    """Architecture and optimisation settings (defaults: the demo catalog within 15 minutes on 2 shared cores).

    One torch thread: with another process busy on the second core, two threads trained at 10 images/s and one at
    125 (this UNet, batch 64, 24x18), so a shared machine is much faster single-threaded.
    """

    height: int = 24
    width: int = 18
    block_out_channels: tuple[int, ...] = (32, 64, 64)
    layers_per_block: int = 1
    text_dim: int = TEXT_DIM
    steps: int = 1500
    max_seconds: float = 12 * 60
    torch_threads: int = 1
    batch_size: int = 64
    learning_rate: float = 2e-3
    weight_decay: float = 0.01
    warmup_steps: int = 100
    condition_dropout: float = 0.1
    min_snr_gamma: float = 5.0
    train_timesteps: int = 1000
    inference_steps: int = 8
    seed: int = 0


@dataclass(frozen=True)
class PreviewTrainingResult:
    out_dir: Path
    products: int
    steps: int
    seconds: float
    final_loss: float


def build_unet(config: PreviewTrainingConfig) -> "UNet2DConditionModel":
    """Plain ResNet blocks with FiLM (scale-shift) conditioning from the text vector: at 24x18 attention costs more
    CPU time than it gives back."""
    from diffusers import UNet2DConditionModel

    levels = len(config.block_out_channels)
    return UNet2DConditionModel(
        sample_size=(config.height, config.width), in_channels=3, out_channels=3,
        down_block_types=("DownBlock2D",) * levels, up_block_types=("UpBlock2D",) * levels,
        mid_block_type="UNetMidBlock2D", block_out_channels=config.block_out_channels,
        layers_per_block=config.layers_per_block, norm_num_groups=16, cross_attention_dim=config.text_dim,
        class_embed_type="projection", projection_class_embeddings_input_dim=config.text_dim,
        resnet_time_scale_shift="scale_shift",
    )


def build_scheduler(config: PreviewTrainingConfig) -> "DDPMScheduler":
    from diffusers import DDPMScheduler

    return DDPMScheduler(num_train_timesteps=config.train_timesteps, beta_schedule="squaredcos_cap_v2",
                         prediction_type="v_prediction", clip_sample=True)


def _learning_rate_factor(step: int, progress: float, warmup_steps: int) -> float:
    if step < warmup_steps:
        return (step + 1) / warmup_steps
    return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def train_previewer(
    records: Sequence[ProductRecord],
    out_dir: str | Path,
    config: PreviewTrainingConfig = PreviewTrainingConfig(),
    embed_texts: TextEmbedder | None = None,
    show_progress: bool = True,
) -> PreviewTrainingResult:
    """Train on ``records`` and save to ``out_dir`` (replaced only once training has succeeded)."""
    import torch
    import torch.nn.functional as F
    from diffusers import DDIMScheduler
    from tqdm.auto import tqdm

    usable = with_photos(records, "previewer training")
    out_dir = Path(out_dir)
    started = time.monotonic()
    rng = random.Random(config.seed)
    torch.manual_seed(config.seed)
    generator = torch.Generator().manual_seed(config.seed)
    torch.set_num_threads(config.torch_threads)

    embed_texts = embed_texts or default_text_embedder()
    wordings = [record_prompts(record) for record in usable]
    texts = sorted({text for record_wordings in wordings for text in record_wordings})
    text_index = {text: i for i, text in enumerate(texts)}
    vectors = torch.from_numpy(np.asarray(embed_texts(texts), dtype=np.float32))
    wording_index = torch.tensor([[text_index[text] for text in record_wordings] for record_wordings in wordings])
    pixels = torch.stack([_photo_pixels(record.image_path, config) for record in usable])

    unet = build_unet(config).train()
    scheduler = build_scheduler(config)
    alphas = scheduler.alphas_cumprod
    snr = alphas / (1 - alphas)
    loss_weights = torch.clamp(snr, max=config.min_snr_gamma) / (snr + 1)
    optimizer = torch.optim.AdamW(unet.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay)
    batch_size = min(config.batch_size, len(usable))
    type_sizes = Counter(record.article_type for record in usable)
    sampling_weights = [1 / math.sqrt(type_sizes[record.article_type]) for record in usable]
    loss_value = float("nan")

    progress_bar = tqdm(total=config.steps, desc="train previewer", unit="step", disable=not show_progress)
    step = 0
    progress = 0.0
    while progress < 1.0:
        batch = rng.choices(range(len(usable)), weights=sampling_weights, k=batch_size)
        index = torch.tensor(batch)
        clean = pixels[index]
        flip = torch.rand(len(batch), generator=generator) < 0.5
        clean = torch.where(flip[:, None, None, None], clean.flip(-1), clean)
        wording = torch.randint(0, wording_index.shape[1], (len(batch),), generator=generator)
        condition = vectors[wording_index[index, wording]]
        dropped = torch.rand(len(batch), generator=generator) < config.condition_dropout
        condition = torch.where(dropped[:, None], torch.zeros_like(condition), condition)
        noise = torch.randn(clean.shape, generator=generator)
        timesteps = torch.randint(0, config.train_timesteps, (len(batch),), generator=generator)
        noisy = scheduler.add_noise(clean, noise, timesteps)
        target = scheduler.get_velocity(clean, noise, timesteps)
        predicted = predict(unet, noisy, timesteps, condition)
        per_sample = F.mse_loss(predicted, target, reduction="none").mean(dim=(1, 2, 3))
        loss = (per_sample * loss_weights[timesteps]).mean()

        progress = max((step + 1) / config.steps, (time.monotonic() - started) / config.max_seconds)
        for group in optimizer.param_groups:
            group["lr"] = config.learning_rate * _learning_rate_factor(step, progress, config.warmup_steps)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(unet.parameters(), 1.0)
        optimizer.step()
        loss_value = loss.item()
        step += 1
        progress_bar.update(1)
        progress_bar.set_postfix(loss=f"{loss_value:.4f}")
    progress_bar.close()

    seconds = time.monotonic() - started
    sampler = DDIMScheduler.from_config(scheduler.config, timestep_spacing="trailing")
    pipeline = CatalogPreviewPipeline(unet.eval(), sampler, embed_texts)
    save_folder(out_dir, pipeline.save_pretrained, {
        "config": asdict(config),
        "products": len(usable),
        "texts": len(texts),
        "steps": step,
        "stopped_by_time_limit": step < config.steps,
        "final_loss": loss_value,
        "train_seconds": round(seconds, 1),
        "torch_threads": torch.get_num_threads(),
        "text_space": "all-MiniLM-L6-v2 (384-d) of genir.prompts.record_prompts",
    })
    return PreviewTrainingResult(out_dir=out_dir, products=len(usable), steps=step, seconds=seconds,
                                 final_loss=loss_value)


def _photo_pixels(path: str, config: PreviewTrainingConfig) -> "torch.Tensor":
    from PIL import Image

    with Image.open(path) as photo:
        return image_to_pixels(photo, config.height, config.width)

