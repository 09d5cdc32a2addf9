"""Fixtures shared by the retrieval tests."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest

from retrieval.encoders import get_text_encoder
from retrieval.index import EdgeProductIndex, IndexPoint
from retrieval.records import load_catalog_csv

CATALOG = Path(__file__).resolve().parents[2] / "data" / "fashion-small" / "catalog.csv"


@pytest.fixture(scope="module")
def text_index_of(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[list[str]], EdgeProductIndex]]:
    """Embedded indexes of chosen demo products with real MiniLM text vectors of their documents, as production
    indexes them; every index is closed when the module's tests are done."""
    opened: list[EdgeProductIndex] = []

    def build(skus: list[str]) -> EdgeProductIndex:
        records = [r for r in load_catalog_csv(CATALOG) if r.sku in skus]
        index = EdgeProductIndex(tmp_path_factory.mktemp("index"), "products")
        opened.append(index)
        index.recreate({"text": 384})
        vectors = get_text_encoder().encode([r.document() for r in records])
        index.upsert([IndexPoint(r.sku, {"text": v.tolist()}, r.payload()) for r, v in zip(records, vectors)])
        return index

    yield build
    for index in opened:
        index.close()
