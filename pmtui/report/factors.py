"""Recurring factors: entries from different postmortems that say the same thing in other words, grouped.

TF-IDF over word stems (pmtui.report.words), cosine similarity; pairs at or above SIMILARITY are
linked most similar first, and two groups join only when their centroids are that similar too (GUARD).
Pairs are found with the AllPairs prefix filter (Bayardo et al., 2007): each text is indexed only by
its rarest words, as many as it takes for the rest to weigh less than SIMILARITY, which
finds every pair above the threshold without comparing every text with every other. Deterministic and
offline: the same folder always gives the same groups.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from pmtui.report.words import words

K = TypeVar("K")
"""The caller's key for a text (where it comes from), handed back in the groups."""

SIMILARITY = 0.35
"""Cosine similarity from which two texts are taken to say the same thing.

Measured on the planted corpus of tests/report_corpus.py (250 postmortems; 7 planted factors, each
written five ways in ten incidents; decoys sharing their common words; invented-word filler), seeds
11-16: at 0.35 no group mixes a planted factor with anything else and a planted factor's largest
group holds 86 % of its entries on average (60 % at worst); 0.30 pulls a decoy into a planted group
in three seeds of 11-14, 0.40 holds 77 % on average. Average-link did no better than single-link here.
"""


GUARD: float | None = SIMILARITY
"""Two groups join only when their centroids are this similar (None: plain single link).

Plain single link let the benchmark's 1,000 generated files (templated whys and went-wrong entries
about seven services) chain into one group of 6,901 entries; with the guard they fall into seven,
one per service. On the planted corpus (seeds 11-16) the guard at 0.35 changes nothing: 86 % held
on average, no group mixed; at 0.40 the average falls to 78 %.
"""


@dataclass(frozen=True)
class Text(Generic[K]):
    """A text to group and where it comes from: any key the caller chooses (incident, entry)."""

    key: K
    incident: int
    text: str


@dataclass
class Group(Generic[K]):
    """Texts that say the same thing, named by the words most of them share."""

    name: str
    members: list[Text[K]]

    @property
    def incidents(self) -> list[int]:
        return sorted({member.incident for member in self.members})


class Vectors:
    """Unit-length TF-IDF vectors of texts, and the words they were made of."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.bags: list[Counter[str]] = []
        self.spelled: dict[str, Counter[str]] = defaultdict(Counter)
        for text in texts:
            bag: Counter[str] = Counter()
            for stem, written in words(text):
                bag[stem] += 1
                self.spelled[stem][written] += 1
            self.bags.append(bag)
        self.df: Counter[str] = Counter(stem for bag in self.bags for stem in bag)
        n = len(self.bags)
        # Smoothed idf: a word in every text still counts a little, so two texts made only of common words can meet.
        self.idf = {stem: math.log((1 + n) / (1 + df)) + 1 for stem, df in self.df.items()}
        self.vectors = [self._vector(bag) for bag in self.bags]

    def _vector(self, bag: Counter[str]) -> dict[str, float]:
        weights = {stem: (1 + math.log(count)) * self.idf[stem] for stem, count in bag.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {stem: w / norm for stem, w in weights.items()}

    def query(self, text: str) -> dict[str, float]:
        """A unit vector for a text that is not one of these, weighted by these texts' idf."""
        bag: Counter[str] = Counter(stem for stem, _ in words(text))
        unseen = math.log(1 + len(self.bags)) + 1  # a word none of the texts has: the rarest there is
        weights = {stem: (1 + math.log(count)) * self.idf.get(stem, unseen) for stem, count in bag.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {stem: w / norm for stem, w in weights.items()}

    def nearest(self, vector: dict[str, float], threshold: float) -> list[tuple[int, float]]:
        """(text number, cosine) of every text at or above threshold, most similar first."""
        if not hasattr(self, "_postings"):
            self._postings: dict[str, list[int]] = defaultdict(list)
            for i, own in enumerate(self.vectors):
                for stem in own:
                    self._postings[stem].append(i)
        scores: dict[int, float] = defaultdict(float)
        for stem, weight in vector.items():
            for i in self._postings.get(stem, ()):
                scores[i] += weight * self.vectors[i][stem]
        found = [(i, score) for i, score in scores.items() if score >= threshold - 1e-12]
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))

    def similar_pairs(self, threshold: float) -> list[tuple[int, int, float]]:
        """Every pair (i < j) of texts whose cosine similarity is at least threshold."""
        # Rarest words first: they carry the weight, so a short prefix of each vector is enough to index.
        order = {stem: (df, stem) for stem, df in self.df.items()}
        index: dict[str, list[int]] = defaultdict(list)
        pairs = []
        seen_bags: dict[frozenset[tuple[str, int]], int] = {}
        twins: list[tuple[int, int]] = []
        for j, vector in enumerate(self.vectors):
            if not vector:
                continue
            signature = frozenset(self.bags[j].items())
            if signature in seen_bags:  # the same words: the same vector, so the same group as its twin
                twins.append((seen_bags[signature], j))
                continue
            seen_bags[signature] = j
            candidates: set[int] = set()
            for stem in vector:
                candidates.update(index.get(stem, ()))
            for i in candidates:
                other = self.vectors[i]
                score = sum(w * other[s] for s, w in vector.items() if s in other)
                if score >= threshold - 1e-12:
                    pairs.append((i, j, score))
            rest = 1.0
            for stem in sorted(vector, key=order.__getitem__):
                if math.sqrt(max(rest, 0.0)) < threshold:
                    break
                index[stem].append(j)
                rest -= vector[stem] ** 2
        pairs.extend((i, j, 1.0) for i, j in twins)
        return pairs


def group_texts(
    texts: Sequence[Text[K]], threshold: float = SIMILARITY, min_incidents: int = 2, guard: float | None = GUARD
) -> list[Group[K]]:
    """Groups of texts that say the same thing, from at least min_incidents different incidents.

    Pairs are linked most similar first; with guard, two groups join only if their centroids are at
    least that similar, so a chain of near neighbours cannot drift from one subject to another.
    Most incidents first, then larger groups, then by name: the order never depends on file order.
    """
    vectors = Vectors([t.text for t in texts])
    parent = list(range(len(texts)))
    sums: dict[int, dict[str, float]] = {}
    norms: dict[int, float] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def centroid(i: int) -> dict[str, float]:
        if i not in sums:
            sums[i], norms[i] = dict(vectors.vectors[i]), 1.0
        return sums[i]

    for i, j, _ in sorted(vectors.similar_pairs(threshold), key=lambda p: (-p[2], p[0], p[1])):
        a, b = root(i), root(j)
        if a == b:
            continue
        if guard is not None:
            small, large = sorted((centroid(a), centroid(b)), key=len)
            dot = sum(w * large.get(s, 0.0) for s, w in small.items())
            if dot < guard * norms[a] * norms[b] - 1e-12:
                continue
        keep, gone = min(a, b), max(a, b)
        parent[gone] = keep
        if guard is not None:
            merged = sums.pop(gone)
            target = sums[keep]
            for s, w in merged.items():
                target[s] = target.get(s, 0.0) + w
            norms.pop(gone)
            norms[keep] = math.sqrt(sum(w * w for w in target.values()))
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        clusters[root(i)].append(i)
    groups = []
    for members in clusters.values():
        if len({texts[i].incident for i in members}) < min_incidents:
            continue
        groups.append(Group(_name(vectors, members), [texts[i] for i in members]))
    groups.sort(key=lambda g: (-len(g.incidents), -len(g.members), g.name))
    return groups


def _name(vectors: Vectors, members: list[int]) -> str:
    """The words most members share (at least half of them), rarest in the folder first among equals."""
    shared: Counter[str] = Counter(stem for i in members for stem in vectors.bags[i])
    ranked = sorted(shared, key=lambda s: (-shared[s], -vectors.idf[s], s))
    common = [s for s in ranked if shared[s] * 2 >= len(members)][:4] or ranked[:3]
    return " ".join(vectors.spelled[s].most_common(1)[0][0] for s in common)
