"""Does a preview show what was asked? Render previews for held-out products and let a judge that never saw them
say which kind of product and which colour each picture shows.

Each judge names a picture's article type ("Tshirts", "Casual Shoes"), shape (the sub-category: "Topwear", "Shoes",
"Watches", "Bags") and colour from the catalog photos of the training products only. ``EncoderJudge`` takes the
majority of the k nearest photos in an image encoder's space (the project's catalog-trained encoder, when there is
one); ``PixelJudge`` needs no model: nearest photos in pixel space for type and shape, and the mean colour of the
non-white pixels matched to per-colour means. The same judge on the held-out products' real photos is the ceiling;
agreement with another held-out product's labels is chance.
"""
from __future__ import annotations

import json
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

import numpy as np

from genir.pipeline import image_to_pixels
from genir.prompts import record_prompts
from retrieval.records import ProductRecord

if TYPE_CHECKING:
    import torch
    from PIL import Image

    from genir.previewers import Previewer

JUDGE_NEIGHBOURS = 5
JUDGE_SIZE = (24, 18)
BACKGROUND_LEVEL = 0.85  # pixels brighter than this in every channel ([-1, 1] scale) are the white studio background
MIN_COLOUR_PHOTOS = 20  # rarer colours (or, in a small catalog, all but the commonest) have no reliable mean
GRID_FILE = "held-out-previews.png"
REPORT_FILE = "evaluation.json"


def split_held_out(records: Sequence[ProductRecord], count: int,
                   seed: int) -> tuple[list[ProductRecord], list[ProductRecord]]:
    """A seeded sample of ``count`` products with a photo kept out of training; the rest train."""
    with_photo = [r for r in records if r.image_path and Path(r.image_path).is_file()]
    held = set(r.sku for r in random.Random(seed).sample(with_photo, min(count, max(0, len(with_photo) - 2))))
    return [r for r in records if r.sku not in held], [r for r in with_photo if r.sku in held]


LABELS = ("type", "shape", "colour")


@dataclass(frozen=True)
class PreviewQuality:
    """Share of pictures whose judged (type, shape, colour) equals the asked one, for previews, real photos and
    chance."""

    judge: str
    products: int
    previews: tuple[float, float, float]
    photos: tuple[float, float, float]
    chance: tuple[float, float, float]
    seconds_per_preview: float

    def summary(self) -> str:
        rows = [f"{label} {p:.0%} (real photos {r:.0%}, chance {c:.0%})"
                for label, p, r, c in zip(LABELS, self.previews, self.photos, self.chance)]
        return (f"held-out check on {self.products} products (judge: {self.judge}), previews agree with the prompt "
                f"on: " + ", ".join(rows) + f"; {self.seconds_per_preview:.2f} s per preview")


def labels_of(record: ProductRecord) -> tuple[str, str, str]:
    return record.article_type, record.sub_category, record.colour


class Judge(Protocol):
    name: str

    def judge(self, image: "Image.Image") -> tuple[str, str, str]: ...


def _catalog_photos(records: Sequence[ProductRecord]) -> tuple[list[ProductRecord], list["Image.Image"]]:
    from PIL import Image

    usable = [r for r in records if r.image_path and Path(r.image_path).is_file()]
    photos = []
    for record in usable:
        with Image.open(record.image_path) as photo:
            photos.append(photo.convert("RGB"))
    return usable, photos


def _vote(labels: Sequence[tuple[str, str, str]], nearest: Sequence[int], field: int) -> str:
    return Counter(labels[i][field] for i in nearest).most_common(1)[0][0]


class EncoderJudge:
    """All three labels by majority of the nearest catalog photos in an image encoder's (normalised) space."""

    name = f"image encoder, {JUDGE_NEIGHBOURS} nearest catalog photos"

    def __init__(self, records: Sequence[ProductRecord],
                 embed_images: Callable[[Sequence["Image.Image"]], np.ndarray]) -> None:
        usable, photos = _catalog_photos(records)
        self.embed_images = embed_images
        self.vectors = embed_images(photos)
        self.labels = [labels_of(r) for r in usable]

    def judge(self, image: "Image.Image") -> tuple[str, str, str]:
        similarity = self.vectors @ self.embed_images([image])[0]
        nearest = np.argsort(-similarity)[:JUDGE_NEIGHBOURS].tolist()
        return _vote(self.labels, nearest, 0), _vote(self.labels, nearest, 1), _vote(self.labels, nearest, 2)


class PixelJudge:
    """Type and shape by majority of the nearest catalog photos (L2 on small pixels); colour by the nearest
    per-colour mean of non-background pixels."""

    name = f"pixels, {JUDGE_NEIGHBOURS} nearest catalog photos and mean colour"

    def __init__(self, records: Sequence[ProductRecord]) -> None:
        import torch

        usable, photos = _catalog_photos(records)
        pictures = [image_to_pixels(photo, *JUDGE_SIZE) for photo in photos]
        self.pixels = torch.stack([picture.flatten() for picture in pictures])
        self.labels = [labels_of(r) for r in usable]
        by_colour: dict[str, list["torch.Tensor"]] = {}
        for record, picture in zip(usable, pictures):
            by_colour.setdefault(record.colour, []).append(_foreground_colour(picture))
        enough = min(MIN_COLOUR_PHOTOS, max(len(rows) for name, rows in by_colour.items() if name))
        self.colour_names = [name for name, rows in by_colour.items() if name and len(rows) >= enough]
        self.colour_means = torch.stack([torch.stack(by_colour[name]).mean(dim=0) for name in self.colour_names])

    def judge(self, image: "Image.Image") -> tuple[str, str, str]:
        picture = image_to_pixels(image, *JUDGE_SIZE)
        distances = (self.pixels - picture.flatten()).pow(2).sum(dim=1)
        nearest = distances.topk(JUDGE_NEIGHBOURS, largest=False).indices.tolist()
        colour_distances = (self.colour_means - _foreground_colour(picture)).pow(2).sum(dim=1)
        return (_vote(self.labels, nearest, 0), _vote(self.labels, nearest, 1),
                self.colour_names[int(colour_distances.argmin())])


def _foreground_colour(picture: "torch.Tensor") -> "torch.Tensor":
    """Mean RGB of the pixels that are not white background (all pixels when everything is near white)."""
    foreground = (picture < BACKGROUND_LEVEL).any(dim=0)
    pixels = picture[:, foreground] if foreground.any() else picture.flatten(1)
    return pixels.mean(dim=1)


def evaluate_previews(previewer: "Previewer", held_out: Sequence[ProductRecord], judge: Judge,
                      out_dir: str | Path | None = None) -> PreviewQuality:
    """Render each held-out product's "gender colour type" prompt (seed = its position) and judge it; with
    ``out_dir``, also write a grid (real photo above preview, per product) and the numbers there."""
    from PIL import Image

    from genir.previewers import PreviewRequest

    previews: list[Image.Image] = []
    photos: list[Image.Image] = []
    started = time.monotonic()
    for index, record in enumerate(held_out):
        previews.append(previewer.render(PreviewRequest(prompt=record_prompts(record)[1], seed=index)))
    seconds = (time.monotonic() - started) / max(1, len(held_out))
    for record in held_out:
        with Image.open(record.image_path) as photo:
            photos.append(photo.convert("RGB"))
    wanted = [labels_of(r) for r in held_out]
    shifted = wanted[1:] + wanted[:1]
    preview_votes = [judge.judge(image) for image in previews]
    photo_votes = [judge.judge(image) for image in photos]
    quality = PreviewQuality(judge=judge.name, products=len(held_out), previews=_shares(preview_votes, wanted),
                             photos=_shares(photo_votes, wanted), chance=_shares(preview_votes, shifted),
                             seconds_per_preview=seconds)
    if out_dir is not None:
        out_dir = Path(out_dir)
        _grid(photos, previews).save(out_dir / GRID_FILE)
        report = {**asdict(quality), "prompts": [record_prompts(r)[1] for r in held_out],
                  "preview_votes": preview_votes}
        (out_dir / REPORT_FILE).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return quality


def _shares(votes: Sequence[tuple[str, str, str]],
            wanted: Sequence[tuple[str, str, str]]) -> tuple[float, float, float]:
    count = max(1, len(wanted))
    return tuple(sum(vote[i] == want[i] for vote, want in zip(votes, wanted)) / count  # type: ignore[return-value]
                 for i in range(len(LABELS)))


def _grid(photos: Sequence["Image.Image"], previews: Sequence["Image.Image"], columns: int = 10) -> "Image.Image":
    """Pairs of rows: real photos, then the previews drawn from their descriptions, all at the preview's size."""
    from PIL import Image

    width, height = previews[0].size
    rows = -(-len(previews) // columns)
    grid = Image.new("RGB", (columns * width, rows * 2 * height), "white")
    for index, (photo, preview) in enumerate(zip(photos, previews)):
        x, y = (index % columns) * width, (index // columns) * 2 * height
        grid.paste(photo.resize((width, height)), (x, y))
        grid.paste(preview, (x, y + height))
    return grid
