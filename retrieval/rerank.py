"""Test-time reranking: a verifier scores every candidate against the inferred intent and the scores are fused.

Each candidate gets interpretable features (all in [0, 1], or -1/0 for violations):

| feature     | meaning                                                                           |
| ----------- | --------------------------------------------------------------------------------- |
| type        | article type is one the shopper asked for (or the reference photo shows)          |
| gender      | gender fits (unisex fits everyone)                                                |
| colour      | 1 for the asked colour, a little for a colour of the same family                  |
| violation   | an excluded colour, type or word, or a price outside the asked range              |
| name        | share of the quoted name words the title holds (IDF-weighted, typos forgiven)     |
| title_words | the same for the words no slot explained, among those some title holds: a name    |
|             | said without a cue ("Nike makke, i think", "search Winter maybe?"), and the words  |
|             | the kind was named by ("balerinas": titles say "Ballerinas" or "Flats")            |
| lexical     | BM25 of every content word over the product text, scaled to the best candidate    |
| dense       | cosine of the MiniLM query (state description) and the product text               |
| image       | cosine of the reference photo (or product) and the product photo                  |
| model       | "like this but ...": share of title words in common with the product recognised    |
|             | in the photo, colour and fit words left out (the same model in another colour)     |
| match       | exact-photo verification (``photo_match.py``): how exactly the shopper's photo     |
|             | lines up with the product photo, (NCC - 0.5) / 0.5; only for "this very product"  |
| recognised  | not scored: the verifier says this may be the very product in the photo           |
| generator   | share of the generative retriever's beam probability mass on this product         |
| cheap       | when the shopper asked for something cheap: 1 - price / dearest candidate's price  |
| wording     | the shopper's own words, all turns as typed: reciprocal-rank fusion of BM25 and    |
|             | MiniLM search, scaled to the best candidate; carries requests the slots miss       |
| need        | when no kind of product was named or shown: the share of the article type among    |
|             | the kinds the words describe ("my hands freeze" -> gloves; ``pipeline.NeedTypes``) |

The fused score is a weighted sum; weights are plain numbers in ``RerankWeights`` so a person can read why a product
came first. A photo with no change asked for ("do you have this?") shifts the weight onto image similarity and the
exact-photo verification: the encoder finds look-alikes, the verifier picks the one in the photo among them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .intent import COLOUR_FAMILIES, COLOUR_PHRASES, GENDER_WORDS, DialogueState
from .photo_match import CONTENDER_MARGIN, IDENTIFIED_MATCH
from .text import LexicalIndex, normalise_token, tokenize, word_stem


@dataclass(frozen=True)
class RerankWeights:
    type: float = 4.0
    gender: float = 3.0
    colour: float = 4.0
    violation: float = 6.0
    name: float = 2.5
    title_words: float = 1.0
    lexical: float = 0.8
    dense: float = 2.0
    image_composed: float = 2.0
    image_exact: float = 12.0
    match: float = 30.0
    generator: float = 0.6
    cheap: float = 1.0
    wording: float = 1.0
    need: float = 2.0
    model: float = 1.5


RRF_K = 60
# Title words that say a product's colour or fit, not its model.
NOT_MODEL_WORDS = frozenset(word for phrase in (*COLOUR_PHRASES, *GENDER_WORDS, "kids", "unisex")
                            for word in tokenize(phrase))


def model_words(title: str) -> frozenset[str]:
    """The words of a title that name the product's model (brand, line, cut and kind): the same model in another
    colour keeps them all ("Lino Perros Women Flower Turquoise Blue Wallet", "... Flower Pink Wallet")."""
    return frozenset(word for word in (normalise_token(t) for t in tokenize(title)) if word not in NOT_MODEL_WORDS)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Cormack et al.'s RRF: each ranking gives 1 / (k + rank), rank from 1; best fused score first."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, sku in enumerate(ranking, 1):
            scores[sku] = scores.get(sku, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


@dataclass
class Candidate:
    sku: str
    payload: dict
    text_vector: np.ndarray | None
    image_vector: np.ndarray | None
    sources: set[str] = field(default_factory=set)
    generator_prob: float = 0.0
    photo_match: float | None = None  # NCC with the shopper's photo, for the image search's candidates
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0


def gender_fits(wanted: str | None, actual: str) -> bool:
    return wanted is None or actual == wanted or actual == "Unisex" or wanted == "Unisex"


def colour_score(wanted: tuple[str, ...], actual: str) -> float:
    if actual in wanted:
        return 1.0
    if any(actual in family and colour in family for colour in wanted for family in COLOUR_FAMILIES):
        return 0.3
    return 0.0


@dataclass(frozen=True)
class ReferenceEvidence:
    """What a reference photo says about the wanted product when the text does not: type and gender shares, and for
    "this very product" the colour too. ``identified``: the exact-photo verifier recognised the catalog product."""

    type_shares: dict[str, float]
    gender_shares: dict[str, float]
    colour_shares: dict[str, float] = field(default_factory=dict)
    identified: bool = False
    best_match: float = 0.0  # the verifier's best score, when ``identified``
    model_words: frozenset[str] = frozenset()  # the recognised product's ``model_words``, when ``identified``

    def contends(self, candidate: "Candidate") -> bool:
        """Whether the candidate may be the very product in the photo (a verified match close to the best)."""
        return self.identified and (candidate.photo_match or 0.0) >= max(IDENTIFIED_MATCH,
                                                                         self.best_match - CONTENDER_MARGIN)


class TestTimeReranker:
    """Scores candidates with the verifier features and sorts them; stateless apart from its weights."""

    __test__ = False  # not a pytest class, despite the name

    def __init__(self, weights: RerankWeights | None = None) -> None:
        self.weights = weights or RerankWeights()

    def features(self, state: DialogueState, candidate: Candidate, query_vector: np.ndarray,
                 evidence: ReferenceEvidence | None, lexical: LexicalIndex | None,
                 unexplained: Sequence[str] = ()) -> dict[str, float]:
        """``unexplained``: the free words some title holds (``title_words``), found once per turn by ``score``."""
        payload = candidate.payload
        title = f"{payload.get('title', '')} {payload.get('brand', '')}"
        article_type, gender, colour = payload.get("article_type", ""), payload.get("gender", ""), payload.get(
            "colour", "")
        features: dict[str, float] = {}
        exact = bool(state.references) and state.references[-1].exact
        if exact and evidence and evidence.contends(candidate):
            # Could be the very product in the photo: its own attributes are the evidence; the photo match decides.
            evidence = ReferenceEvidence({article_type: 1.0}, {gender: 1.0}, {colour: 1.0})
            features["recognised"] = 1.0
        if state.article_types:
            features["type"] = 1.0 if article_type in state.article_types else 0.0
        elif evidence and evidence.type_shares:
            features["type"] = evidence.type_shares.get(article_type, 0.0)
        if state.gender:
            features["gender"] = 1.0 if gender_fits(state.gender, gender) else 0.0
        elif evidence and evidence.gender_shares:
            features["gender"] = max(evidence.gender_shares.get(gender, 0.0),
                                     1.0 if gender == "Unisex" else 0.0)
        if state.colours:
            features["colour"] = colour_score(state.colours, colour)
        elif evidence and evidence.colour_shares:
            features["colour"] = evidence.colour_shares.get(colour, 0.0)
        violation = 0.0
        if colour in state.excluded_colours or article_type in state.excluded_types:
            violation = 1.0
        if state.excluded_words:
            title_stems = {word_stem(normalise_token(t)) for t in tokenize(f"{title} {payload.get('usage', '')}")}
            if title_stems & {word_stem(word) for word in state.excluded_words}:
                violation = 1.0
        price = payload.get("price")
        if price is not None and ((state.price_max is not None and price > state.price_max)
                                  or (state.price_min is not None and price < state.price_min)):
            violation = 1.0
        features["violation"] = violation
        if state.name_words and lexical is not None:
            features["name"] = lexical.coverage(state.name_words, title)
        if unexplained and lexical is not None:
            features["title_words"] = lexical.coverage(unexplained, title)
        if candidate.text_vector is not None:
            features["dense"] = float(np.dot(query_vector, candidate.text_vector))
        if state.references:
            latest = state.references[-1]
            own = candidate.image_vector if latest.space == "image" else candidate.text_vector
            if own is not None:
                features["image"] = float(np.dot(latest.vector, own))
            if latest.exact and candidate.photo_match is not None:
                features["match"] = max(0.0, (candidate.photo_match - 0.5) / 0.5)
        if candidate.generator_prob:
            features["generator"] = candidate.generator_prob
        if evidence and evidence.model_words and not exact:
            own = model_words(str(payload.get("title", "")))  # the same text as the reference's
            features["model"] = len(own & evidence.model_words) / len(own | evidence.model_words) if own else 0.0
        return features

    def score(self, state: DialogueState, candidates: list[Candidate], query_vector: np.ndarray,
              evidence: ReferenceEvidence | None = None, lexical: LexicalIndex | None = None,
              lexical_scores: dict[str, float] | None = None,
              wording_scores: dict[str, float] | None = None,
              need_types: dict[str, float] | None = None) -> list[Candidate]:
        """Fill ``features`` and ``score`` of every candidate and return them best first."""
        w = self.weights
        exact = bool(state.references) and state.references[-1].exact
        best_lexical = max(lexical_scores.values(), default=0.0) if lexical_scores else 0.0
        best_wording = max(wording_scores.values(), default=0.0) if wording_scores else 0.0
        dearest = max((c.payload.get("price") or 0.0 for c in candidates), default=0.0) if state.wants_cheap else 0.0
        if exact:
            evidence = self._recognised(state, candidates, query_vector, evidence, lexical)
        said = dict.fromkeys([*state.free_words, *state.product_words])
        unexplained = [word for word in said if lexical.expand(word)] if lexical is not None else []
        for candidate in candidates:
            f = self.features(state, candidate, query_vector, evidence, lexical, unexplained)
            if best_lexical > 0:
                f["lexical"] = lexical_scores.get(candidate.sku, 0.0) / best_lexical
            if best_wording > 0:
                f["wording"] = wording_scores.get(candidate.sku, 0.0) / best_wording
            if need_types:
                f["need"] = need_types.get(candidate.payload.get("article_type", ""), 0.0)
            if dearest > 0 and candidate.payload.get("price") is not None:
                f["cheap"] = 1.0 - candidate.payload["price"] / dearest
            candidate.features = f
            # "This very product": look-alikes compete on the photo, but once the verifier has recognised the product,
            # the rest of the list is its type, fit and colour first, and only then the closest looking.
            in_contest = exact and (evidence is None or evidence.contends(candidate))
            image_weight, match_weight = (w.image_exact, w.match) if in_contest else (w.image_composed, 0.0)
            candidate.score = (w.type * f.get("type", 0.0) + w.gender * f.get("gender", 0.0)
                               + w.colour * f.get("colour", 0.0) - w.violation * f["violation"]
                               + w.name * f.get("name", 0.0) + w.title_words * f.get("title_words", 0.0)
                               + w.lexical * f.get("lexical", 0.0)
                               + w.dense * f.get("dense", 0.0) + image_weight * f.get("image", 0.0)
                               + match_weight * f.get("match", 0.0)
                               + w.generator * f.get("generator", 0.0) + w.cheap * f.get("cheap", 0.0)
                               + w.wording * f.get("wording", 0.0) + w.need * f.get("need", 0.0)
                               + w.model * f.get("model", 0.0))
        return sorted(candidates, key=lambda c: (-c.score, c.sku))

    def _recognised(self, state: DialogueState, candidates: list[Candidate], query_vector: np.ndarray,
                    evidence: ReferenceEvidence | None, lexical: LexicalIndex | None) -> ReferenceEvidence | None:
        """For "this very product": the contender that wins on the photo alone (verified match and image
        similarity), whose type, fit and colour then order the rest of the list. None when the verifier recognised
        nothing: then the photo alone decides, since the neighbours' votes would only blur it."""
        contenders = [c for c in candidates if evidence and evidence.contends(c)]
        if evidence is None or not contenders:
            return None

        def on_the_photo(candidate: Candidate) -> float:
            f = self.features(state, candidate, query_vector, None, lexical)
            return self.weights.image_exact * f.get("image", 0.0) + self.weights.match * f.get("match", 0.0)

        winner = max(sorted(contenders, key=lambda c: c.sku), key=on_the_photo).payload
        return ReferenceEvidence({winner.get("article_type", ""): 1.0}, {winner.get("gender", ""): 1.0},
                                 {winner.get("colour", ""): 1.0}, identified=True, best_match=evidence.best_match)


def matched_attributes(state: DialogueState, candidate: Candidate) -> list[str]:
    """The chips a result card shows: the asked-for attributes this product has."""
    f, p = candidate.features, candidate.payload
    chips: list[str] = []
    if f.get("type", 0.0) >= 0.5:
        chips.append(p.get("article_type", ""))
    if f.get("colour", 0.0) >= 1.0:
        chips.append(p.get("colour", ""))
    if f.get("gender", 0.0) >= 1.0 and p.get("gender"):
        chips.append(p["gender"])
    if f.get("name", 0.0) > 0:
        title_terms = {normalise_token(t) for t in tokenize(p.get("title", ""))}
        chips.extend(w for w in state.name_words if w in title_terms)
    return [c for c in chips if c]


def explain(candidate: Candidate) -> str:
    """One short sentence: the strongest reasons this product ranks where it does."""
    f = candidate.features
    reasons: list[str] = []
    if f.get("recognised"):
        reasons.append("the product in your photo")
    elif f.get("image", 0.0) > 0.8:
        reasons.append("looks like your photo")
    elif f.get("image", 0.0) > 0.5:
        reasons.append("similar to your reference")
    if f.get("name", 0.0) >= 0.99:
        reasons.append("has the words you remembered")
    elif f.get("name", 0.0) > 0:
        reasons.append("has some of the words you remembered")
    matched = [k for k in ("type", "colour", "gender") if f.get(k, 0.0) >= 1.0]
    if matched:
        reasons.append("matches your " + ", ".join({"type": "item type", "colour": "colour",
                                                   "gender": "fit"}[k] for k in matched))
    if f.get("need", 0.0) >= 0.5:
        reasons.append("the kind of item your words describe")
    if f.get("violation", 0.0):
        reasons.append("but breaks one of your conditions")
    if not reasons:
        reasons.append("close to your description")
    return "; ".join(reasons).capitalize() + "."
