"""Train the catalog image encoder: a small CLIP vision tower whose 384-d output shares the MiniLM text space.

No pretrained vision weights can be downloaded here, so the tower is built from ``CLIPVisionConfig`` and trained on the
catalog photos alone, with three losses on L2-normalised embeddings:

- instance discrimination (InfoNCE within the batch) between a synthetic shopper photo (``augment.shopper_photo``) of
  each product and its catalog photo, so that a shopper's own photo lands next to the exact product;
- product classification against one learnable prototype per product (initialised at the product's text embedding),
  which shows every step all other products as negatives, not just the batch; with a few epochs on two CPU cores this
  is what makes instance retrieval over thousands of products converge;
- alignment with the product's all-MiniLM-L6-v2 embedding of ``record.document()`` (cross-entropy over all distinct
  documents), so image and text vectors live in one space and visual neighbours share type, colour and gender.

The result is saved with ``save_pretrained`` next to its ``CLIPImageProcessorPil`` config and ``training.json``, so
``encoders.ImageEncoder.from_pretrained`` loads it exactly like a Hugging Face CLIP checkpoint.
"""
from __future__ import annotations

import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from retrieval.augment import shopper_photo
from retrieval.encoders import TEXT_DIM, image_features, limit_cpu_threads
from retrieval.artifacts import save_folder
from retrieval.records import ProductRecord, with_photos

if TYPE_CHECKING:
    from transformers import CLIPImageProcessorPil, CLIPVisionModelWithProjection



@dataclass(frozen=True)
class ImageTrainingConfig:
    """Architecture and optimisation settings.

    A 32x32 input with 8-pixel patches keeps the tower at 17 tokens: an epoch over the 9,583-product demo catalog
    took 55-75 s on this 2-core machine under light load (10 epochs: 547 s in all) and 6-7 minutes while other agents
    saturated it.
    """

    image_size: int = 32
    patch_size: int = 8
    hidden_size: int = 128
    num_layers: int = 3
    num_heads: int = 4
    epochs: int = 10
    batch_size: int = 128
    learning_rate: float = 2e-3
    prototype_learning_rate: float = 1e-2
    weight_decay: float = 0.05
    warmup_fraction: float = 0.05
    temperature: float = 0.05
    text_weight: float = 0.5
    seed: int = 0


@dataclass(frozen=True)
class TrainingResult:
    out_dir: Path
    products: int
    seconds: float
    final_loss: float


def build_model(config: ImageTrainingConfig) -> "CLIPVisionModelWithProjection":
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    vision_config = CLIPVisionConfig(
        image_size=config.image_size, patch_size=config.patch_size, hidden_size=config.hidden_size,
        intermediate_size=config.hidden_size * 4, num_hidden_layers=config.num_layers,
        num_attention_heads=config.num_heads, projection_dim=TEXT_DIM,
    )
    return CLIPVisionModelWithProjection(vision_config)


def build_processor(config: ImageTrainingConfig) -> "CLIPImageProcessorPil":
    """Squash the whole photo to a square (no centre crop): catalog photos are portrait and the product fills them."""
    from transformers import CLIPImageProcessorPil

    side = {"height": config.image_size, "width": config.image_size}
    return CLIPImageProcessorPil(size=side, crop_size=side, do_center_crop=False)


def _learning_rate_factor(step: int, total_steps: int, warmup_fraction: float) -> float:
    warmup = max(1, int(total_steps * warmup_fraction))
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total_steps - warmup)
    return 0.5 * (1.0 + math.cos(math.pi * progress))


def train_image_encoder(
    records: Sequence[ProductRecord],
    out_dir: str | Path,
    config: ImageTrainingConfig = ImageTrainingConfig(),
    embed_texts: Callable[[Sequence[str]], np.ndarray] | None = None,
    show_progress: bool = True,
) -> TrainingResult:
    """Train on ``records`` and save to ``out_dir`` (replaced only once training has succeeded).

    ``embed_texts`` maps documents to normalised 384-d vectors; the default is the project's MiniLM text encoder.
    """
    import torch
    import torch.nn.functional as F
    from PIL import Image
    from tqdm.auto import tqdm

    usable = with_photos(records, "image-encoder training")
    out_dir = Path(out_dir)
    started = time.monotonic()
    rng = random.Random(config.seed)
    torch.manual_seed(config.seed)
    limit_cpu_threads()

    if embed_texts is None:
        from retrieval.encoders import get_text_encoder

        embed_texts = get_text_encoder().encode
    documents = sorted({r.document() for r in usable})
    document_index = {doc: i for i, doc in enumerate(documents)}
    text_vectors = torch.from_numpy(np.asarray(embed_texts(documents), dtype=np.float32))
    product_document = torch.tensor([document_index[r.document()] for r in usable])

    photos: list[Image.Image] = []
    for record in usable:
        with Image.open(record.image_path) as image:
            photos.append(image.convert("RGB"))
    processor = build_processor(config)
    catalog_pixels = torch.cat([
        processor(photos[start:start + 256], return_tensors="pt")["pixel_values"]
        for start in range(0, len(photos), 256)
    ])

    model = build_model(config).train()
    prototypes = torch.nn.Parameter(text_vectors[product_document].clone())
    optimizer = torch.optim.AdamW([
        {"params": model.parameters(), "lr": config.learning_rate, "weight_decay": config.weight_decay},
        {"params": [prototypes], "lr": config.prototype_learning_rate, "weight_decay": 0.0},
    ])
    base_rates = [group["lr"] for group in optimizer.param_groups]
    batch_size = min(config.batch_size, len(usable))
    steps_per_epoch = len(usable) // batch_size
    total_steps = steps_per_epoch * config.epochs
    tau = config.temperature
    loss_value = float("nan")

    progress = tqdm(total=total_steps, desc="train image encoder", unit="step", disable=not show_progress)
    step = 0
    for _epoch in range(config.epochs):
        order = list(range(len(usable)))
        rng.shuffle(order)
        for start in range(0, steps_per_epoch * batch_size, batch_size):
            batch = order[start:start + batch_size]
            views = [shopper_photo(photos[i], rng) for i in batch]
            pixels = torch.cat([processor(views, return_tensors="pt")["pixel_values"], catalog_pixels[batch]])
            embeddings = F.normalize(image_features(model, pixels), dim=-1)
            shopper, catalog = embeddings[: len(batch)], embeddings[len(batch):]
            targets = torch.arange(len(batch))
            similarity = shopper @ catalog.T / tau
            instance_loss = (F.cross_entropy(similarity, targets) + F.cross_entropy(similarity.T, targets)) / 2
            product_targets = torch.tensor(batch * 2)
            prototype_loss = F.cross_entropy(embeddings @ F.normalize(prototypes, dim=-1).T / tau, product_targets)
            text_loss = F.cross_entropy(embeddings @ text_vectors.T / tau, product_document[product_targets])
            loss = instance_loss + prototype_loss + config.text_weight * text_loss

            factor = _learning_rate_factor(step, total_steps, config.warmup_fraction)
            for group, base_rate in zip(optimizer.param_groups, base_rates):
                group["lr"] = base_rate * factor
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            loss_value = loss.item()
            step += 1
            progress.update(1)
            progress.set_postfix(loss=f"{loss_value:.3f}", inst=f"{instance_loss.item():.2f}",
                                 text=f"{text_loss.item():.2f}")
    progress.close()

    seconds = time.monotonic() - started
    model.eval()

    def write(folder: Path) -> None:
        model.save_pretrained(folder)
        processor.save_pretrained(folder)

    save_folder(out_dir, write, {
        "config": asdict(config),
        "products": len(usable),
        "documents": len(documents),
        "steps": total_steps,
        "final_loss": loss_value,
        "train_seconds": round(seconds, 1),
        "torch_threads": torch.get_num_threads(),
        "text_space": "all-MiniLM-L6-v2 (384-d), record.document()",
    })
    return TrainingResult(out_dir=out_dir, products=len(usable), seconds=seconds, final_loss=loss_value)

