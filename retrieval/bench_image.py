"""Benchmark an image encoder: photo → exact product, and photo → products of the same kind.

    python -m retrieval.bench_image [--model var/models/image-encoder] [--catalog data/fashion-small/catalog.csv]
                                    [--dialogues ../shared/bench/dev/dialogues.jsonl] [--synthetic 500]

Reports, over nearest catalog photos by cosine among all products:
- ``image`` dialogues (a shopper's photo of the target): top-1, top-10 and MRR (within the top 50, as ``score.py``),
  for the encoder alone and with its 60 nearest reordered by the exact-photo verifier (``photo_match.py``);
- ``composed`` dialogues (a photo of a similar product): the share of the reference photo's 10 nearest products that
  have the target's article type and gender;
- synthetic shopper photos (``augment.shopper_photo`` with a seed training never used) of random catalog products;
- encode latency of one photo and verification latency of 60 candidates (medians, model warm).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

import numpy as np
from PIL import Image

from retrieval.augment import shopper_photo
from retrieval.encoders import ImageEncoder, load_image_encoder
from retrieval.photo_match import PhotoVerifier
from retrieval.records import ProductRecord, load_catalog_csv

BENCH_SEED = 10_007
MRR_DEPTH = 50
VERIFIED_DEPTH = 60


def rank_of(scores: np.ndarray, target: int) -> int:
    """0-based rank of ``target`` (ties counted against it)."""
    return int((scores > scores[target]).sum())


def photo_metrics(ranks: list[int]) -> dict[str, float]:
    return {
        "n": len(ranks),
        "top1": 100 * float(np.mean([r == 0 for r in ranks])),
        "top10": 100 * float(np.mean([r < 10 for r in ranks])),
        "mrr": 100 * float(np.mean([1 / (r + 1) if r < MRR_DEPTH else 0.0 for r in ranks])),
    }


def verified_rank(verifier: PhotoVerifier, photo: Image.Image, scores: np.ndarray, records: list[ProductRecord],
                  target: int) -> int:
    """0-based rank of ``target`` once the encoder's nearest ``VERIFIED_DEPTH`` are reordered by the verifier."""
    nearest = np.argsort(-scores)[:VERIFIED_DEPTH]
    if target not in nearest:
        return rank_of(scores, target)
    matches = verifier.verify(photo, [(str(i), records[i].image_path) for i in nearest])
    return [int(m.sku) for m in matches].index(target)


def encode_catalog(encoder: ImageEncoder, records: list[ProductRecord]) -> np.ndarray:
    photos = []
    for record in records:
        with Image.open(record.image_path) as image:
            photos.append(image.convert("RGB"))
    return encoder.encode(photos)


def bench(encoder: ImageEncoder, records: list[ProductRecord], dialogues_path: Path | None,
          synthetic: int) -> dict[str, object]:
    records = [r for r in records if r.image_path]
    position = {r.sku: i for i, r in enumerate(records)}
    catalog = encode_catalog(encoder, records)
    verifier = PhotoVerifier()
    report: dict[str, object] = {"products": len(records), "dim": encoder.dim}

    if dialogues_path is not None:
        dialogues = [json.loads(line) for line in dialogues_path.read_text(encoding="utf-8").splitlines() if line]
        photo_ranks: list[int] = []
        verified_ranks: list[int] = []
        shared_kind: list[float] = []
        for dialogue in dialogues:
            if dialogue["kind"] not in ("image", "composed") or dialogue["target"] not in position:
                continue
            with Image.open(dialogues_path.parent / dialogue["turns"][0]["image"]) as image:
                photo = image.convert("RGB")
            scores = catalog @ encoder.encode_one(photo)
            if dialogue["kind"] == "image":
                photo_ranks.append(rank_of(scores, position[dialogue["target"]]))
                verified_ranks.append(verified_rank(verifier, photo, scores, records, position[dialogue["target"]]))
            else:
                wanted = dialogue["constraints"]
                top10 = np.argsort(-scores)[:10]
                shared_kind.append(100 * float(np.mean([
                    records[i].article_type == wanted["articleType"] and records[i].gender == wanted["gender"]
                    for i in top10])))
        report["image_dialogues"] = photo_metrics(photo_ranks)
        report["image_dialogues_verified"] = photo_metrics(verified_ranks)
        report["composed_top10_same_type_and_gender"] = {"n": len(shared_kind),
                                                          "percent": statistics.fmean(shared_kind)}

    rng = random.Random(BENCH_SEED)
    sample = rng.sample(range(len(records)), min(synthetic, len(records)))
    ranks, verified = [], []
    for index in sample:
        with Image.open(records[index].image_path) as image:
            photo = shopper_photo(image, rng)
        scores = catalog @ encoder.encode_one(photo)
        ranks.append(rank_of(scores, index))
        verified.append(verified_rank(verifier, photo, scores, records, index))
    report["synthetic_shopper_photos"] = photo_metrics(ranks)
    report["synthetic_shopper_photos_verified"] = photo_metrics(verified)

    with Image.open(records[0].image_path) as image:
        photo = image.convert("RGB")
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        encoder.encode_one(photo)
        timings.append(1000 * (time.perf_counter() - started))
    report["encode_one_photo_ms_p50"] = statistics.median(timings)
    candidates = [(r.sku, r.image_path) for r in records[:VERIFIED_DEPTH]]
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        verifier.verify(photo, candidates)
        timings.append(1000 * (time.perf_counter() - started))
    report["verify_60_candidates_ms_p50"] = statistics.median(timings)
    return report


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=root / "var" / "models" / "image-encoder")
    parser.add_argument("--catalog", type=Path, default=root / "data" / "fashion-small" / "catalog.csv")
    parser.add_argument("--dialogues", type=Path, default=root.parent / "shared" / "bench" / "dev" / "dialogues.jsonl")
    parser.add_argument("--synthetic", type=int, default=500, help="synthetic shopper photos to score")
    args = parser.parse_args()
    encoder = load_image_encoder(args.model)
    if encoder is None:
        parser.error(f"no image encoder at {args.model} (run `python manage.py train_image_encoder`)")
    dialogues = args.dialogues if args.dialogues.is_file() else None
    print(json.dumps(bench(encoder, load_catalog_csv(args.catalog), dialogues, args.synthetic), indent=2))


if __name__ == "__main__":
    main()
