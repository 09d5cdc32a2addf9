"""The stages of one turn wired together: intent -> candidates -> test-time reranking.

``ConversationalRetriever.run(turns)`` is the one code path of the chat, the evaluation command and the benchmarks.
Modes: ``full`` (the product), ``generative`` (the generative retriever's beams alone), ``dense`` (plain text-embedding
search of the concatenated turns: the baseline a shop would build without us).

Candidates come from every source at once: the generative retriever's constrained beams, Qdrant dense search with and
without the inferred filters, Qdrant image search around reference photos, and the lexical index of quoted name words.
The test-time scaling knobs are ``candidates_per_source`` and ``refinement_rounds`` (each round adds the image and
text neighbours of the current leaders, then reranks again).
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np
from PIL import Image

from .intent import (FILLER_WORDS, DialogueState, DialogueTracker, EncodedPhoto, ReferenceImage, photo_side,
                     shopper_wording)
from .index import Hit, ProductIndex, SearchFilter
from .photo_match import (CLOSE_SHOT_MATCH, IDENTIFIED_MATCH, PhotoMatch, PhotoVerifier, layout_vector,
                          window_layouts, working_copy)
from .picture_finder import find_pictures, find_pointed, find_product, white_balanced
from .rerank import (Candidate, ReferenceEvidence, TestTimeReranker, explain, matched_attributes, model_words,
                     reciprocal_rank_fusion)
from .text import LexicalIndex, content_tokens, normalise_token, tokenize
from .types import DialogueTurn, RankedProduct, TurnResult

MODES = ("full", "generative", "dense")
MAX_IMAGE_PIXELS = 40_000_000
# A shopper's photo is also searched by its centre alone (this share of width and height): a product photographed with
# its surroundings (a table, a page or screen around a picture of it) looks more like its catalog photo without them.
# On our held-out photos of pictures lying on a surface it put the product among the 60 nearest for 44 % instead of
# 32 %; on close shots (the dev photos) it changed nothing.
CENTRE_SHARE = 0.8
# Hits of each window's layout search: a window lines up with few catalog pictures.
WINDOW_HITS = 10
# A need without a product word is compared with this many article type names, softmax at this temperature.
NEED_TYPES = 3
NEED_TEMPERATURE = 0.05
# A type's closeness to a need counts its closest this many situations (``NeedTypes``).
NEED_SITUATIONS = 2
# Kinds with at least this share get a search of their own.
NEED_SEARCH_SHARE = 0.25
# A linear read-out of the kinds, fitted (ridge, this strength) to the situations and uses, adds this much of its
# score to a type's closeness.
NEED_READOUT_RIDGE = 0.1
NEED_READOUT_WEIGHT = 0.5
# A need is told in one sentence of a longer message (the rest says the colour, the person, the brand): sentences of
# at least this many words are compared on their own too.
NEED_SENTENCE_WORDS = 3
SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+|\n+")


class ImageEncoderLike(Protocol):
    dim: int

    def encode(self, images: Sequence[Image.Image]) -> np.ndarray: ...


class TextEncoderLike(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class GeneratorLike(Protocol):
    def generate(self, text: str, image: Image.Image | None, num_beams: int = 20) -> list[tuple[str, float]]: ...

    def generate_many(self, texts: Sequence[str], images: Sequence[Image.Image] | None = None,
                      num_beams: int = 20) -> list[list[tuple[str, float]]]: ...


class RetrievalError(ValueError):
    """A turn the retriever cannot answer; ``code`` is the websocket API's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class PreparedQuery:
    """One turn's model outputs, computed for a whole batch of turns at once by ``_prepare``."""

    query_text: str  # the dialogue state in words: what dense search looks for
    wording: str  # the shopper's own words
    query_vector: np.ndarray | None = None
    wording_vector: np.ndarray | None = None
    generated: list[tuple[str, float]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PipelineConfig:
    candidates_per_source: int = 60
    filtered_candidates: int = 150
    refinement_rounds: int = 1
    generator_beams: int = 20
    neighbours_for_evidence: int = 10
    lexical_refresh_seconds: float = 30.0


class CatalogLexicon:
    """The lexical side of the catalog (titles and product texts), built from the index.

    The first call builds it; afterwards a stale copy is rebuilt in a background thread and swapped in, so no
    turn waits for a rebuild. Products added since the last build are still found by the dense sources.
    """

    def __init__(self, index: ProductIndex, refresh_seconds: float) -> None:
        self._index = index
        self._refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._built_at = 0.0
        self._rebuilding = False
        self.titles: LexicalIndex | None = None
        self.documents: LexicalIndex | None = None
        self.article_types: tuple[str, ...] = ()
        self._brand_words: frozenset[str] = frozenset()

    def current(self) -> tuple[LexicalIndex, LexicalIndex]:
        with self._lock:
            if self.titles is None or self.documents is None:
                self._rebuild()
            elif time.monotonic() - self._built_at > self._refresh_seconds and not self._rebuilding:
                self._rebuilding = True
                threading.Thread(target=self._rebuild_in_background, daemon=True).start()
            return self.titles, self.documents

    def brand_words(self) -> frozenset[str]:
        """The words of the catalog's brand names (longer than three letters), which typo tolerance leaves alone."""
        self.current()
        return self._brand_words

    def _rebuild_in_background(self) -> None:
        try:
            self._rebuild()
        finally:
            self._rebuilding = False

    def _rebuild(self) -> None:
        titles: dict[str, str] = {}
        documents: dict[str, str] = {}
        types: set[str] = set()
        brand_words: set[str] = set()
        for hit in self._index.scroll(with_vectors=False):
            p = hit.payload
            types.add(str(p.get("article_type") or ""))
            brand_words.update(normalise_token(t) for t in tokenize(str(p.get("brand") or "")))
            titles[hit.sku] = f"{p.get('title', '')} {p.get('brand', '') or ''}"
            documents[hit.sku] = " ".join(str(p.get(k) or "") for k in (
                "title", "brand", "article_type", "colour", "gender", "usage", "season", "sub_category"))
        self.titles, self.documents = LexicalIndex(titles), LexicalIndex(documents)
        self.article_types = tuple(sorted(types - {""}))
        self._brand_words = frozenset(word for word in brand_words if len(word) > 3)
        self._built_at = time.monotonic()


def article_type_uses() -> dict[str, str]:
    """What shoppers use each kind of product for, in their words (``article_type_uses.json``: written from general
    fashion knowledge for the demo catalog's 75 article types; a type without an entry is known by its name)."""
    return json.loads((Path(__file__).with_name("article_type_uses.json")).read_text(encoding="utf-8"))


def article_type_needs() -> dict[str, list[str]]:
    """Situations in which shoppers need each kind of product, told without naming it (``article_type_needs.json``:
    sixteen per article type of the demo catalog, written in two rounds of eight from general knowledge without
    reading any test dialogue)."""
    return json.loads((Path(__file__).with_name("article_type_needs.json")).read_text(encoding="utf-8"))


class NeedTypes:
    """Which kinds of product a need describes when the shopper names none ("my hands freeze on my bike ride" ->
    gloves): the shopper's words against each article type, both in MiniLM space. A type is known by what it is used
    for ("Gloves: keep your hands and fingers warm in cold weather, on a bike or scooter ride ...") and by situations
    that call for it, told the way shoppers tell them ("my fingers go numb on the scooter every winter morning"): a
    name alone says little about the situations it serves. A type's closeness is the mean of its use's cosine and of
    its two closest situations' (``NEED_SITUATIONS``); on our held-out conversations that name no kind this put the
    right kind first for 56 % of them, against 45 % with the use alone (eight situations per type then; sixteen
    raised the hand-written sets' needs from 73.0 to 73.7 MRR).

    A linear read-out fitted to the same situations and uses (ridge regression onto the types, closed form, tens of
    milliseconds once) adds what the nearest situations miss: which words tell one kind from the others. And since a
    need is told in one sentence of a longer message, a type's closeness is the mean of its closeness to the whole
    message and to its closest sentence. Together these put the right kind first for 66.4 % of our held-out
    conversations that name no kind, against 60.5 % with the whole message and the nearest situations alone.

    The shares are a softmax over the ``NEED_TYPES`` closest types, so a need that points at one kind gives it most
    of the weight and a vague one ("a present for my dad") spreads it and changes little.
    """

    def __init__(self, text_encoder: TextEncoderLike, uses: dict[str, str] | None = None,
                 needs: dict[str, list[str]] | None = None) -> None:
        self._encoder = text_encoder
        self._uses = article_type_uses() if uses is None else uses
        self._needs = article_type_needs() if needs is None else needs
        self._model: _NeedModel | None = None
        self._lock = threading.Lock()

    def shares(self, article_types: tuple[str, ...], vector: np.ndarray,
               sentence_vectors: np.ndarray | None = None) -> dict[str, float]:
        """``article_types``: the catalog's, as the lexicon last saw them (encoded again only when they change).
        ``vector``: the whole message's; ``sentence_vectors``: its sentences', if it has several."""
        if not article_types:
            return {}
        with self._lock:
            if self._model is None or article_types != self._model.names:
                self._model = self._fit(article_types)
            model = self._model
        similarity = model.closeness(vector)
        if sentence_vectors is not None and len(sentence_vectors):
            similarity = (similarity + np.max([model.closeness(v) for v in sentence_vectors], axis=0)) / 2
        closest = np.argsort(-similarity)[:NEED_TYPES]
        weights = np.exp((similarity[closest] - similarity[closest[0]]) / NEED_TEMPERATURE)
        return {model.names[i]: float(w) for i, w in zip(closest, weights / weights.sum())}

    def _fit(self, article_types: tuple[str, ...]) -> "_NeedModel":
        described = [f"{name}: {self._uses[name]}" if name in self._uses else name for name in article_types]
        situations = [self._needs.get(name, []) for name in article_types]
        encoded = self._encoder.encode(described + [text for texts in situations for text in texts])
        bounds = np.cumsum([len(described)] + [len(texts) for texts in situations])
        labels = np.concatenate([np.arange(len(described))] +
                                [np.full(len(texts), i) for i, texts in enumerate(situations)])
        targets = np.eye(len(described))[labels]
        weights = np.linalg.solve(encoded.T @ encoded + NEED_READOUT_RIDGE * np.eye(encoded.shape[1]),
                                  encoded.T @ (targets - targets.mean(axis=0)))
        return _NeedModel(article_types, encoded[:len(described)],
                          [encoded[start:end] for start, end in zip(bounds[:-1], bounds[1:])],
                          weights, targets.mean(axis=0) - encoded.mean(axis=0) @ weights)


@dataclass(frozen=True)
class _NeedModel:
    """The encoded uses and situations of the catalog's kinds and the read-out fitted to them."""

    names: tuple[str, ...]
    uses: np.ndarray
    situations: list[np.ndarray]
    weights: np.ndarray
    bias: np.ndarray

    def closeness(self, vector: np.ndarray) -> np.ndarray:
        nearest = np.array([(use + np.sort(own @ vector)[-NEED_SITUATIONS:].mean()) / 2 if len(own) else use
                            for use, own in zip(self.uses @ vector, self.situations)])
        return nearest + NEED_READOUT_WEIGHT * (vector @ self.weights + self.bias)


def need_sentences(texts: Sequence[str]) -> list[str]:
    """The sentences of the shopper's turns long enough to tell a need on their own, when there are several."""
    sentences = [part for text in texts for part in SENTENCE_BREAK.split(text)
                 if len(tokenize(part)) >= NEED_SENTENCE_WORDS]
    return sentences if len(sentences) > 1 else []


class CatalogVectors:
    """Product vectors by SKU for the reranker, each kept for ``max_age`` seconds.

    A turn searches the index about ten times and meets most products several times over: reading every hit's
    vectors out of the index cost more than the searches themselves. Searches return no vectors; the products not
    read within ``max_age`` are read in one call, so an edited product's new vectors count within that time (the
    lexicon's refresh period).
    """

    def __init__(self, index: ProductIndex, max_age: float) -> None:
        self._index = index
        self._max_age = max_age
        self._items: dict[str, tuple[float, np.ndarray | None, np.ndarray | None]] = {}
        self._lock = threading.Lock()

    def of(self, skus: Sequence[str]) -> dict[str, tuple[np.ndarray | None, np.ndarray | None]]:
        """(text vector, image vector) of each product still in the index."""
        now = time.monotonic()
        wanted = list(dict.fromkeys(skus))
        with self._lock:
            stale = [sku for sku in wanted if sku not in self._items or now - self._items[sku][0] > self._max_age]
        if stale:
            read = {hit.sku: hit.vectors or {} for hit in self._index.retrieve(stale, with_vectors=True)}
            with self._lock:
                for sku in stale:
                    if sku in read:
                        self._items[sku] = (now, _vector(read[sku].get("text")), _vector(read[sku].get("image")))
                    else:  # deleted since
                        self._items.pop(sku, None)
        with self._lock:
            return {sku: self._items[sku][1:] for sku in wanted if sku in self._items}


class ImageVectorCache:
    """Encoded shopper photos by content hash: later turns of a conversation reuse the earlier turns' work."""

    def __init__(self, size: int = 512) -> None:
        self._items: OrderedDict[str, EncodedPhoto] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get_or_encode(self, image: Image.Image, encoder: ImageEncoderLike) -> EncodedPhoto:
        key = hashlib.blake2b(image.tobytes(), digest_size=16).hexdigest() + f"{image.size}{image.mode}"
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        pictures = find_pictures(image)
        # A picture found lying there is the product's picture already; else the product may lie there itself.
        product = None if pictures else find_product(image)
        cut_outs = [product] if product is not None else []
        encoded = EncodedPhoto(vectors=encoder.encode(photo_views(image, [*pictures, *cut_outs])),
                               photos=tuple(working_copy(photo) for photo in (image, *pictures, *cut_outs)),
                               layouts=tuple(layout_vector(picture) for picture in pictures),
                               windows=window_layouts(image))
        with self._lock:
            self._items[key] = encoded
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return encoded


def photo_views(image: Image.Image, pictures: Sequence[Image.Image]) -> list[Image.Image]:
    """What a shopper's photo is searched by: the whole photo, its centre, the photo with its backdrop's colour cast
    taken off, and the pictures found in it and the product taken out of its surface (see ``picture_finder``)."""
    balanced = white_balanced(image)
    return [image, centre(image), *([balanced] if balanced is not None else []), *pictures]


def centre(image: Image.Image) -> Image.Image:
    """The middle ``CENTRE_SHARE`` of the photo's width and height."""
    width, height = image.size
    keep_w, keep_h = max(1, round(width * CENTRE_SHARE)), max(1, round(height * CENTRE_SHARE))
    left, top = (width - keep_w) // 2, (height - keep_h) // 2
    return image.crop((left, top, left + keep_w, top + keep_h))


def check_image(image: Image.Image) -> Image.Image:
    """Reject images a worker must not decode (decompression bombs) and normalise the mode."""
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise RetrievalError("image_too_large", f"The photo is {width}x{height} pixels; the limit is 40 megapixels.")
    try:
        return image.convert("RGB")
    except OSError as error:  # truncated or corrupt file data
        raise RetrievalError("unreadable_image", f"The photo could not be read: {error}.") from error


class ConversationalRetriever:
    """Answers one conversation turn with ranked catalog products. Thread-safe; build one per process."""

    def __init__(self, index: ProductIndex, text_encoder: TextEncoderLike,
                 image_encoder: ImageEncoderLike | None = None, generator: GeneratorLike | None = None,
                 config: PipelineConfig | None = None, reranker: TestTimeReranker | None = None) -> None:
        self.index = index
        self.text_encoder = text_encoder
        self.image_encoder = image_encoder
        self.generator = generator
        self.config = config or PipelineConfig()
        self.reranker = reranker or TestTimeReranker()
        self.lexicon = CatalogLexicon(index, self.config.lexical_refresh_seconds)
        self.vectors = CatalogVectors(index, self.config.lexical_refresh_seconds)
        self.need_types = NeedTypes(text_encoder)
        self.photo_verifier = PhotoVerifier()
        self._image_cache = ImageVectorCache()

    def warm_up(self) -> None:
        """Answer one made-up turn, so that the first shopper does not pay for building the lexicon and for the
        models' first calls (a second on two cores)."""
        self.run_many([[DialogueTurn("a blue shirt for men")]])

    # --- state ----------------------------------------------------------------------------------------------------
    def track(self, turns: Sequence[DialogueTurn]) -> DialogueState:
        """Fold every turn into the dialogue state, encoding photos and resolving reference products."""
        tracker = DialogueTracker(self.lexicon.brand_words())
        for turn in turns:
            vector, source, space, photo = None, "photo", "image", None
            if turn.image is not None:
                if self.image_encoder is None:
                    raise RetrievalError("image_search_unavailable",
                                         "Photo search needs the image encoder; train it with train_image_encoder.")
                image = check_image(turn.image)
                side = photo_side(turn.text)
                pointed_at = find_pointed(image, side) if side else None  # "the left one" on a shop page
                photo = self._image_cache.get_or_encode(pointed_at or image, self.image_encoder)
                vector = photo.vectors[0]
            elif turn.reference_sku:
                (vector, space), source = self._reference_vector(turn.reference_sku), f"sku:{turn.reference_sku}"
            tracker.update(turn.text, vector, source, space, photo)
        return tracker.state

    def _reference_vector(self, sku: str) -> tuple[np.ndarray, str]:
        """The product's photo vector, or its text vector when it has no photo vector."""
        hits = self.index.retrieve([sku], with_vectors=True)
        if not hits:
            raise RetrievalError("unknown_sku", f"No product with SKU {sku!r} is in the catalog.")
        vectors = hits[0].vectors or {}
        name = "image" if "image" in vectors else "text"
        return np.asarray(vectors[name], dtype=np.float32), name

    # --- the turn -------------------------------------------------------------------------------------------------
    def run(self, turns: Sequence[DialogueTurn], limit: int = 50, mode: str = "full") -> TurnResult:
        """Answer the latest turn of one conversation (``turns``: every turn so far, oldest first)."""
        outcome = self.run_many([turns], limit, mode)[0]
        if isinstance(outcome, RetrievalError):
            raise outcome
        return outcome

    def run_many(self, dialogues: Sequence[Sequence[DialogueTurn]], limit: int = 50,
                 mode: str = "full") -> list[TurnResult | RetrievalError]:
        """Answer the latest turn of several conversations at once, each exactly as ``run`` would.

        The text encoder and the generative retriever see every conversation of the batch in one call (a worker with
        many shoppers waiting pays for one forward pass instead of one each); a conversation the retriever cannot
        answer (a bad photo, an unknown SKU) gets its ``RetrievalError`` in its place without failing the others.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        outcomes: list[TurnResult | RetrievalError | None] = [None] * len(dialogues)
        catalog_empty = self.index.count() == 0
        tracked: list[tuple[int, DialogueState, float, dict[str, float]]] = []
        for position, turns in enumerate(dialogues):
            if not turns or not any(t.text.strip() or t.image is not None or t.reference_sku for t in turns):
                outcomes[position] = TurnResult(products=[], understood={}, summary="", reason="empty_turn")
            elif catalog_empty:
                outcomes[position] = TurnResult(products=[], understood={}, summary="The catalog is empty.",
                                                reason="empty_catalog")
            else:
                started = time.perf_counter()
                try:
                    state = self.track(turns)
                except RetrievalError as error:
                    outcomes[position] = error
                    continue
                tracked.append((position, state, started, {"intent_ms": (time.perf_counter() - started) * 1000}))
        states = [state for _, state, _, _ in tracked]
        batch: list[PreparedQuery | None] = list(self._prepare(states)) if mode == "full" else [None] * len(states)
        for (position, state, started, timings), prepared in zip(tracked, batch):
            turns = dialogues[position]
            try:
                if mode == "dense":
                    products = self._dense_only(turns, limit)
                elif mode == "generative":
                    products = self._generative_only(state, turns, limit)
                else:
                    assert prepared is not None
                    timings.update(prepared.timings)
                    products = self._full(state, prepared, limit, timings)
            except RetrievalError as error:
                outcomes[position] = error
                continue
            timings["total_ms"] = (time.perf_counter() - started) * 1000
            outcomes[position] = self._result(state, products, timings, limit)
        return outcomes  # type: ignore[return-value]  # every position was filled above

    def _dense_only(self, turns: Sequence[DialogueTurn], limit: int) -> list[RankedProduct]:
        text = " ".join(t.text for t in turns if t.text.strip())
        if not text:
            return []
        vector = self.text_encoder.encode([text])[0]
        return [RankedProduct(h.sku, h.score, [], "Close to your words.", h.payload)
                for h in self.index.search("text", vector, limit)]

    def _generative_only(self, state: DialogueState, turns: Sequence[DialogueTurn],
                         limit: int) -> list[RankedProduct]:
        if self.generator is None:
            raise RetrievalError("generator_unavailable", "The generative retriever is not trained yet.")
        image = next((t.image for t in reversed(turns) if t.image is not None), None)
        beams = self.generator.generate(" ".join(state.texts), image, num_beams=max(limit, self.config.generator_beams))
        payloads = {h.sku: h.payload for h in self.index.retrieve([sku for sku, _ in beams])}
        return [RankedProduct(sku, score, [], "Generated by the retriever.", payloads[sku])
                for sku, score in beams[:limit] if sku in payloads]

    def _prepare(self, states: Sequence[DialogueState]) -> list[PreparedQuery]:
        """The model calls of a batch of turns, one call each for all of them: text vectors and generated beams."""
        queries: list[PreparedQuery] = []
        for state in states:
            wording = shopper_wording(state)
            query_text = state.describe()
            if not query_text and not state.references:
                query_text = wording
            queries.append(PreparedQuery(query_text, wording))
        t0 = time.perf_counter()
        texts = list(dict.fromkeys(t for q in queries for t in (q.query_text, q.wording) if t))
        vectors = dict(zip(texts, self.text_encoder.encode(texts))) if texts else {}
        encode_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        asking = [i for i, query in enumerate(queries) if query.wording.strip()]
        if self.generator is not None and asking:
            generated = self.generator.generate_many([queries[i].wording for i in asking],
                                                     num_beams=self.config.generator_beams)
            for i, beams in zip(asking, generated):
                queries[i].generated = beams
        generate_ms = (time.perf_counter() - t0) * 1000
        for query in queries:
            query.query_vector = vectors.get(query.query_text)
            query.wording_vector = vectors.get(query.wording)
            query.timings = {"encode_ms": encode_ms, "generate_ms": generate_ms}
        return queries

    def _full(self, state: DialogueState, prepared: PreparedQuery, limit: int,
              timings: dict[str, float]) -> list[RankedProduct]:
        cfg = self.config
        titles, documents = self.lexicon.current()
        query_text, wording, query_vector = prepared.query_text, prepared.wording, prepared.query_vector
        pool: dict[str, Candidate] = {}

        def add(hits: list[Hit], source: str) -> None:
            vectors = self.vectors.of([hit.sku for hit in hits if hit.sku not in pool])
            for hit in hits:
                candidate = pool.get(hit.sku)
                if candidate is None:
                    if hit.sku not in vectors:  # deleted since the search
                        continue
                    candidate = pool[hit.sku] = Candidate(hit.sku, hit.payload, *vectors[hit.sku])
                candidate.sources.add(source)

        t0 = time.perf_counter()
        evidence = self._reference_evidence(state, pool, add)
        search_filter = self._filter(state, evidence)
        dense_hits = self.index.search("text", query_vector, cfg.candidates_per_source) \
            if query_vector is not None else []
        add(dense_hits, "dense")
        if query_vector is not None and not search_filter.is_empty():
            add(self.index.search("text", query_vector, cfg.filtered_candidates, search_filter),
                "dense_filtered")
        name_scores = dict(titles.search(state.name_words, cfg.candidates_per_source)) \
            if state.name_words else {}
        content = self._content_words(state)
        lexical_scores = dict(documents.search(content, cfg.candidates_per_source)) if content else {}
        wording_scores = self._wording_scores(wording, prepared.wording_vector, documents,
                                              dense_hits if query_text == wording else None)
        need = self._need(state, prepared.wording_vector, evidence, search_filter, add) if wording_scores else {}
        generated = prepared.generated
        self._add_missing(pool, [*name_scores, *lexical_scores, *wording_scores, *(sku for sku, _ in generated)], add)
        for sku, probability in self._beam_probabilities(generated).items():
            if sku in pool:
                pool[sku].generator_prob = probability
                pool[sku].sources.add("generative")
        timings["candidates_ms"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        query = query_vector if query_vector is not None else np.zeros(384, dtype=np.float32)
        ranked = self.reranker.score(state, list(pool.values()), query, evidence, titles, lexical_scores,
                                     wording_scores, need)
        for _ in range(cfg.refinement_rounds):
            before = len(pool)
            for leader in ranked[:3]:
                if leader.image_vector is not None:
                    add(self.index.search("image", leader.image_vector, 20, search_filter),
                        "refine")
                if leader.text_vector is not None:
                    add(self.index.search("text", leader.text_vector, 20, search_filter),
                        "refine")
            if len(pool) == before:
                break
            ranked = self.reranker.score(state, list(pool.values()), query, evidence, titles, lexical_scores,
                                         wording_scores, need)
        timings["rerank_ms"] = (time.perf_counter() - t0) * 1000
        return [RankedProduct(c.sku, round(c.score, 4), matched_attributes(state, c), explain(c), c.payload)
                for c in ranked[:limit]]

    # --- candidate sources ----------------------------------------------------------------------------------------
    def _reference_evidence(self, state: DialogueState, pool: dict[str, Candidate],
                            add) -> ReferenceEvidence | None:
        """Image neighbours of the latest reference: candidates themselves, and a vote on type and gender.

        A shopper's photo is verified against its neighbours (exact-photo match): those of every view by image
        vector, those of the pictures found in it by layout, and, when nothing lines up as a close shot would, those
        of windows over the photo by layout. When it shows a catalog product, that product and its twins cast the
        vote, otherwise the neighbours do, weighted by image similarity.
        """
        if not state.references:
            return None
        reference = state.references[-1]
        hits = self._image_neighbours(reference)
        add(hits, "image")
        searches_layout = reference.photo is not None and "layout" in self.index.vector_sizes()
        if searches_layout:
            for layout in reference.photo.layouts:
                add(self.index.search("layout", layout, self.config.candidates_per_source), "layout")
        if state.colours:
            add(self._image_neighbours(reference, SearchFilter(any_of={"colour": list(state.colours)})),
                "image_filtered")
        matches = self._verify_photo(reference, pool)
        identified = bool(matches) and matches[0].score >= IDENTIFIED_MATCH
        if searches_layout and (not matches or matches[0].score < CLOSE_SHOT_MATCH):
            # No catalog picture lines up as well as a close shot would: the product picture may lie anywhere in
            # the photo (a busy scene lines up with a wrong product at 0.85-0.95), so it is searched window by window.
            add(self._nearest("layout", reference.photo.windows, WINDOW_HITS), "layout")
            matches = self._verify_photo(reference, pool)
            identified = bool(matches) and matches[0].score >= IDENTIFIED_MATCH
        if identified:
            best = matches[0].score
            voters = [(pool[m.sku].payload, float(np.exp((m.score - best) / 0.01)))
                      for m in matches[: self.config.neighbours_for_evidence]]
        elif reference.source.startswith("sku:") and hits and hits[0].sku == reference.source[4:]:
            voters = [(hits[0].payload, 1.0)]
        else:
            voters = [(hit.payload, max(hit.score, 0.0)) for hit in hits[: self.config.neighbours_for_evidence]]
        total = sum(weight for _, weight in voters)
        if total <= 0:
            return None

        def shares(key: str) -> dict[str, float]:
            votes: Counter[str] = Counter()
            for payload, weight in voters:
                votes[payload.get(key, "")] += weight / total
            return dict(votes)

        recognised = pool[matches[0].sku].payload if identified else {}
        evidence = ReferenceEvidence(shares("article_type"), shares("gender"), identified=identified,
                                     best_match=matches[0].score if identified else 0.0,
                                     model_words=model_words(str(recognised.get("title", ""))))
        if identified:
            self._add_alternatives(state, pool[matches[0].sku], evidence, add)
        return evidence

    def _image_neighbours(self, reference: ReferenceImage, search_filter: SearchFilter | None = None) -> list[Hit]:
        """The catalog photos nearest to any view of the reference photo (by the closest)."""
        return self._nearest(reference.space, reference.vectors(), self.config.candidates_per_source, search_filter)

    def _nearest(self, space: str, vectors: Sequence[np.ndarray], hits_each: int,
                 search_filter: SearchFilter | None = None) -> list[Hit]:
        """The products nearest to any of ``vectors`` in the named index vector, each by its closest, at most
        ``candidates_per_source``."""
        nearest: dict[str, Hit] = {}
        for vector in vectors:
            for hit in self.index.search(space, vector, hits_each, search_filter):
                if hit.sku not in nearest or hit.score > nearest[hit.sku].score:
                    nearest[hit.sku] = hit
        return sorted(nearest.values(), key=lambda hit: -hit.score)[:self.config.candidates_per_source]

    def _add_alternatives(self, state: DialogueState, product: Candidate, evidence: ReferenceEvidence,
                          add) -> None:
        """The recognised product's look-alikes of its type and gender (and the asked colour): what fills the ranks
        after the product itself, or the pool of a "like this but ..." request."""
        if product.image_vector is None:
            return
        any_of = {key: [max(shares, key=shares.get)] for key, shares in (
            ("article_type", evidence.type_shares), ("gender", evidence.gender_shares)) if shares}
        if any_of.get("gender") not in (None, ["Unisex"]):
            any_of["gender"].append("Unisex")
        if state.colours:
            any_of["colour"] = list(state.colours)
        add(self.index.search("image", product.image_vector, self.config.candidates_per_source,
                              SearchFilter(any_of=any_of)), "image_alternatives")

    def _verify_photo(self, reference: ReferenceImage, pool: dict[str, Candidate]) -> list[PhotoMatch]:
        """Exact-photo match of the shopper's photo (each of its copies, by the best) against the catalog photos the
        image and layout searches found and no earlier call verified; every verified candidate, best first."""
        if reference.photo is None:
            return []
        searched = [c for c in pool.values() if {"image", "layout"} & c.sources]
        unverified = [(c.sku, c.payload.get("image_path")) for c in searched if c.photo_match is None]
        for photo in reference.photo.photos:
            for match in self.photo_verifier.verify(photo, unverified):
                pool[match.sku].photo_match = max(match.score, pool[match.sku].photo_match or -1.0)
        return sorted((PhotoMatch(c.sku, c.photo_match) for c in searched if c.photo_match is not None),
                      key=lambda m: (-m.score, m.sku))

    def _filter(self, state: DialogueState, evidence: ReferenceEvidence | None) -> SearchFilter:
        any_of: dict[str, list[str]] = {}
        types = list(state.article_types)
        if not types and evidence:
            types = [t for t, share in evidence.type_shares.items() if share >= 0.2]
        if types:
            any_of["article_type"] = types
        if state.gender and state.gender != "Unisex":
            any_of["gender"] = [state.gender, "Unisex"]
        if state.colours:
            any_of["colour"] = list(state.colours)
        none_of: dict[str, list[str]] = {}
        if state.excluded_colours:
            none_of["colour"] = sorted(state.excluded_colours)
        if state.excluded_types:
            none_of["article_type"] = sorted(state.excluded_types)
        return SearchFilter(any_of=any_of, none_of=none_of, price_min=state.price_min, price_max=state.price_max)

    def _need(self, state: DialogueState, wording_vector: np.ndarray | None, evidence: ReferenceEvidence | None,
              search_filter: SearchFilter, add) -> dict[str, float]:
        """When the shopper named no kind of product and showed none: the kinds their words describe (shares), and
        the products of the likeliest kinds closest to their words join the candidates."""
        if state.article_types or evidence is not None or wording_vector is None:
            return {}
        sentences = need_sentences(state.texts)
        shares = self.need_types.shares(self.lexicon.article_types, wording_vector,
                                        self.text_encoder.encode(sentences) if sentences else None)
        likely = [article_type for article_type, share in shares.items() if share >= NEED_SEARCH_SHARE]
        if likely:
            needed = replace(search_filter, any_of={**search_filter.any_of, "article_type": likely})
            add(self.index.search("text", wording_vector, self.config.candidates_per_source, needed), "need")
        return shares

    def _wording_scores(self, wording: str, vector: np.ndarray | None, documents: LexicalIndex,
                        dense_hits: list[Hit] | None) -> dict[str, float]:
        """What plain search makes of the shopper's own words: BM25 and MiniLM rankings fused by reciprocal rank.

        The slots carry what the tracker understood; this carries the rest ("something for the beach", a brand the
        vocabulary lacks), so the reranker never knows less than keyword plus vector search would. ``dense_hits``:
        the dense source's hits when it searched these very words."""
        words = content_tokens([normalise_token(t) for t in tokenize(wording)], FILLER_WORDS)
        if not words or vector is None:  # "do you have this?" says nothing a search could use
            return {}
        depth = self.config.candidates_per_source
        lexical = [sku for sku, _ in documents.search(words, depth)]
        if dense_hits is None:  # the state description differs from the words: search the words themselves
            dense_hits = self.index.search("text", vector, depth)
        dense = [hit.sku for hit in dense_hits]
        return dict(reciprocal_rank_fusion([lexical, dense])[:depth])

    @staticmethod
    def _content_words(state: DialogueState) -> list[str]:
        words = [normalise_token(t) for t in tokenize(" ".join([*state.article_types, *state.colours]))]
        return words + list(state.product_words) + state.name_words + state.free_words

    @staticmethod
    def _beam_probabilities(beams: list[tuple[str, float]]) -> dict[str, float]:
        if not beams:
            return {}
        scores = np.array([score for _, score in beams], dtype=np.float64)
        weights = np.exp(scores - scores.max())
        weights /= weights.sum()
        return {sku: float(w) for (sku, _), w in zip(beams, weights)}

    def _add_missing(self, pool: dict[str, Candidate], skus: list[str], add) -> None:
        missing = [sku for sku in dict.fromkeys(skus) if sku not in pool]
        if missing:
            add(self.index.retrieve(missing), "lexical")

    # --- the answer -----------------------------------------------------------------------------------------------
    def _result(self, state: DialogueState, products: list[RankedProduct], timings: dict[str, float],
                limit: int) -> TurnResult:
        strong = [p for p in products if _meets_constraints(state, p.payload)]
        total = len(strong) if state.has_constraints else len(products)
        summary = describe_understanding(state, total, more=total >= limit)
        follow_up = None
        if not state.article_types and not state.references:
            follow_up = "What kind of item are you looking for (for example shirts, sneakers or a watch)?"
        elif not state.gender and not state.references:
            follow_up = "Who is it for: men, women, boys or girls?"
        elif not state.colours and not state.name_words and not state.references:
            follow_up = "Any colour in mind, or a brand or name you remember?"
        return TurnResult(products=products, understood=state.as_dict(), summary=summary, follow_up=follow_up,
                          total_matches=total, timings_ms={k: round(v, 2) for k, v in timings.items()})


def _vector(values: Sequence[float] | None) -> np.ndarray | None:
    return None if values is None else np.asarray(values, dtype=np.float32)


def _meets_constraints(state: DialogueState, payload: dict) -> bool:
    from .rerank import gender_fits

    return ((not state.article_types or payload.get("article_type") in state.article_types)
            and (not state.colours or payload.get("colour") in state.colours)
            and gender_fits(state.gender, payload.get("gender", "")))


def describe_understanding(state: DialogueState, total: int, more: bool = False) -> str:
    """What the assistant says it understood, in one sentence."""
    parts: list[str] = []
    if state.colours:
        parts.append(" or ".join(c.lower() for c in state.colours))
    parts.append(" or ".join(t.lower() for t in state.article_types) if state.article_types else "products")
    if state.gender:
        parts.append(f"for {state.gender.lower()}")
    if state.references:
        reference = state.references[-1]
        parts.append("like your photo" if reference.exact else "similar to your reference")
    if state.name_words:
        parts.append("with “" + " ".join(state.name_words) + "” in the name")
    if state.excluded_colours or state.excluded_types or state.excluded_words:
        excluded = sorted(state.excluded_colours | state.excluded_types | state.excluded_words)
        parts.append("but not " + ", ".join(e.lower() for e in excluded))
    if state.price_max is not None:
        parts.append(f"under {state.price_max:g}")
    if state.price_min is not None:
        parts.append(f"over {state.price_min:g}")
    count = f"at least {total}" if more else str(total)
    noun = "good match" if total == 1 else "good matches"
    return f"Looking for {' '.join(parts)}: {count} {noun} shown."
