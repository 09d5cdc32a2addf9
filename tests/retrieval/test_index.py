"""One suite, both engines: the embedded Qdrant Edge shard and the server API (``QdrantClient(":memory:")``)."""
from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest

from retrieval.index import (EdgeProductIndex, IndexLockedError, IndexPoint, IndexSchemaError, ProductIndex,
                             SearchFilter, ServerProductIndex, open_index, point_id)
from retrieval.records import ProductRecord

DIM = 8


def _unit(seed: int) -> list[float]:
    vector = np.random.default_rng(seed).normal(size=DIM)
    return (vector / np.linalg.norm(vector)).tolist()


RECORDS = [
    ProductRecord(sku="1", title="Nike Red Shoes", brand="Nike", article_type="Casual Shoes", gender="Men",
                  colour="Red", master_category="Footwear", sub_category="Shoes", year=2012, price=40.0,
                  currency="EUR", in_stock=True),
    ProductRecord(sku="2", title="Puma Blue Tshirt", brand="Puma", article_type="Tshirts", gender="Women",
                  colour="Blue", master_category="Apparel", sub_category="Topwear", year=2011, price=15.0,
                  currency="EUR", in_stock=False),
    ProductRecord(sku="3", title="Adidas Black Shoes", brand="Adidas", article_type="Sports Shoes", gender="Men",
                  colour="Black", master_category="Footwear", sub_category="Shoes", year=2013, price=80.0,
                  currency="EUR", in_stock=True),
    ProductRecord(sku="4", title="Fossil Watch", brand="Fossil", article_type="Watches", gender="Unisex",
                  colour="Black", master_category="Accessories", sub_category="Watches", year=None, price=None,
                  currency="", in_stock=True),
]


def _points() -> list[IndexPoint]:
    return [IndexPoint(sku=r.sku, vectors={"text": _unit(i), "image": _unit(100 + i)}, payload=r.payload())
            for i, r in enumerate(RECORDS)]


@pytest.fixture(params=["edge", "server"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ProductIndex]:
    if request.param == "edge":
        engine: ProductIndex = EdgeProductIndex(tmp_path / "qdrant", "products")
    else:
        from qdrant_client import QdrantClient

        engine = ServerProductIndex(QdrantClient(":memory:"), "products")
    engine.ensure_collection({"text": DIM, "image": DIM})
    engine.upsert(_points())
    yield engine
    engine.close()


def test_collection_reports_its_named_vectors(index: ProductIndex) -> None:
    assert index.vector_sizes() == {"image": DIM, "text": DIM}
    assert index.count() == len(RECORDS)


def test_nearest_point_comes_first_with_its_payload(index: ProductIndex) -> None:
    hits = index.search("text", _unit(2), limit=2)
    assert hits[0].sku == "3"
    assert hits[0].score == pytest.approx(1.0, abs=1e-4)
    assert ProductRecord.from_payload(hits[0].payload) == RECORDS[2]
    assert hits[0].vectors is None


def test_search_by_image_vector_and_return_vectors(index: ProductIndex) -> None:
    hits = index.search("image", _unit(101), limit=1, with_vectors=True)
    assert hits[0].sku == "2"
    assert hits[0].vectors is not None
    np.testing.assert_allclose(hits[0].vectors["image"], _unit(101), atol=1e-5)
    np.testing.assert_allclose(hits[0].vectors["text"], _unit(1), atol=1e-5)


@pytest.mark.parametrize("search_filter, expected", [
    (SearchFilter(any_of={"master_category": ["Footwear"]}), {"1", "3"}),
    (SearchFilter(any_of={"colour": ["Black", "Blue"], "gender": ["Men"]}), {"3"}),
    (SearchFilter(none_of={"brand": ["Nike", "Fossil"]}), {"2", "3"}),
    (SearchFilter(price_min=20.0), {"1", "3"}),
    (SearchFilter(price_max=40.0), {"1", "2"}),
    (SearchFilter(price_min=20.0, price_max=50.0), {"1"}),
    (SearchFilter(in_stock_only=True), {"1", "3", "4"}),
    (SearchFilter(in_stock_only=True, price_max=60.0), {"1"}),
    (SearchFilter(any_of={"sku": ["2", "4"]}), {"2", "4"}),
    (SearchFilter(any_of={"colour": []}), {"1", "2", "3", "4"}),
])
def test_filters_keep_exactly_the_matching_products(index: ProductIndex, search_filter: SearchFilter,
                                                    expected: set[str]) -> None:
    hits = index.search("text", _unit(0), limit=10, search_filter=search_filter)
    assert {h.sku for h in hits} == expected


def test_optimised_index_answers_as_before_and_takes_new_points(index: ProductIndex) -> None:
    """A rebuild ends with ``optimize``: searches and filters answer the same, and later upserts are found."""
    before = [(h.sku, round(h.score, 4)) for h in index.search("text", _unit(2), limit=4)]
    index.optimize()
    assert [(h.sku, round(h.score, 4)) for h in index.search("text", _unit(2), limit=4)] == before
    assert [h.sku for h in index.search("text", _unit(0), 4, SearchFilter(any_of={"colour": ["Black"]}))] == ["3", "4"]
    record = dataclasses.replace(RECORDS[0], sku="5", title="New Red Shoes")
    index.upsert([IndexPoint(sku="5", vectors={"text": _unit(7), "image": _unit(107)}, payload=record.payload())])
    assert index.search("text", _unit(7), limit=1)[0].sku == "5"


def test_unknown_filter_field_is_refused(index: ProductIndex) -> None:
    with pytest.raises(ValueError, match="cannot filter on size"):
        index.search("text", _unit(0), limit=3, search_filter=SearchFilter(any_of={"size": ["M"]}))


def test_payload_keeps_types(index: ProductIndex) -> None:
    (hit,) = index.retrieve(["2"])
    assert hit.payload["in_stock"] is False
    assert hit.payload["year"] == 2011
    assert hit.payload["price"] == 15.0


def test_retrieve_returns_existing_points_only(index: ProductIndex) -> None:
    hits = index.retrieve(["1", "4", "missing"], with_vectors=True)
    assert {h.sku for h in hits} == {"1", "4"}
    assert all(h.vectors and set(h.vectors) == {"text", "image"} for h in hits)
    assert index.retrieve([]) == []


def test_upsert_replaces_a_point_and_delete_removes_it(index: ProductIndex) -> None:
    renamed = ProductRecord(**{**RECORDS[0].payload(), "title": "Nike Crimson Runner"})
    index.upsert([IndexPoint(sku="1", vectors={"text": _unit(7), "image": _unit(8)}, payload=renamed.payload())])
    assert index.count() == len(RECORDS)
    assert index.retrieve(["1"])[0].payload["title"] == "Nike Crimson Runner"
    assert index.search("text", _unit(7), limit=1)[0].sku == "1"
    index.delete(["1", "3"])
    assert index.count() == len(RECORDS) - 2
    assert index.retrieve(["1", "3"]) == []


def test_scroll_visits_every_point_once(index: ProductIndex) -> None:
    many = [IndexPoint(sku=f"x{i}", vectors={"text": _unit(i), "image": _unit(i)}, payload={"sku": f"x{i}"})
            for i in range(30)]
    index.upsert(many)
    skus = [h.sku for h in index.scroll(batch_size=7, with_vectors=True)]
    assert sorted(skus) == sorted([r.sku for r in RECORDS] + [p.sku for p in many])


def test_points_that_do_not_fit_the_vectors_are_refused(index: ProductIndex) -> None:
    with pytest.raises(IndexSchemaError, match="reindex"):
        index.upsert([IndexPoint(sku="9", vectors={"text": [1.0, 0.0]}, payload={"sku": "9"})])
    with pytest.raises(IndexSchemaError, match="reindex"):
        index.ensure_collection({"text": DIM})


def test_recreate_empties_and_changes_the_vectors(index: ProductIndex) -> None:
    index.recreate({"text": DIM})
    assert index.count() == 0
    assert index.vector_sizes() == {"text": DIM}
    index.upsert([IndexPoint(sku="1", vectors={"text": _unit(0)}, payload=RECORDS[0].payload())])
    assert index.search("text", _unit(0), limit=5)[0].sku == "1"


def test_concurrent_threads_share_one_index(index: ProductIndex) -> None:
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(10):
                sku = f"t{offset}-{i}"
                index.upsert([IndexPoint(sku=sku, vectors={"text": _unit(i), "image": _unit(i)},
                                         payload={"sku": sku})])
                index.search("text", _unit(i), limit=3)
        except BaseException as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert index.count() == len(RECORDS) + 40


def test_point_ids_are_stable_uuids() -> None:
    assert point_id("15970") == point_id("15970")
    assert point_id("15970") != point_id("15971")


def test_edge_index_persists_and_is_locked_to_one_process(tmp_path: Path) -> None:
    first = EdgeProductIndex(tmp_path, "products")
    first.ensure_collection({"text": DIM, "image": DIM})
    first.upsert(_points())
    with pytest.raises(IndexLockedError, match="another process"):
        EdgeProductIndex(tmp_path, "products")
    first.close()
    reopened = open_index("", tmp_path, "products")
    assert isinstance(reopened, EdgeProductIndex)
    assert reopened.count() == len(RECORDS)
    assert reopened.search("text", _unit(3), limit=1)[0].sku == "4"
    reopened.close()


def test_missing_edge_index_counts_zero_and_asks_for_a_rebuild(tmp_path: Path) -> None:
    empty = EdgeProductIndex(tmp_path, "products")
    assert empty.count() == 0
    assert empty.vector_sizes() == {}
    with pytest.raises(IndexSchemaError, match="reindex"):
        empty.search("text", _unit(0), limit=1)


def test_edge_writes_survive_a_process_that_dies_without_closing(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import os, sys\n"
        "from retrieval.index import EdgeProductIndex, IndexPoint\n"
        "index = EdgeProductIndex(sys.argv[1], 'products')\n"
        f"index.ensure_collection({{'text': {DIM}}})\n"
        f"index.upsert([IndexPoint(sku='7', vectors={{'text': [1.0] + [0.0] * {DIM - 1}}}, payload={{'sku': '7'}})])\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, cwd=Path(__file__).parents[2])
    reopened = EdgeProductIndex(tmp_path, "products")
    assert [h.sku for h in reopened.retrieve(["7"])] == ["7"]
    reopened.close()
