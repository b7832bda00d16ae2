"""suggest_themes: group short texts into a few labelled themes, the same way every time.

Texts become TF-IDF vectors of their terms (word stems; for Swedish also compound parts and the
municipal concepts of ``sv_synonyms.txt``, counted twice: see clustering.text) beside character
n-grams of the word stems, which catch typos and what compound splitting misses. The distinct texts are put in
one canonical order (sorted) before anything is computed, and every seed is fixed, so the result
depends on the set of texts, not on the order they arrived in.

Grouping: sets large enough are reduced with LSA (truncated SVD); k-means on the unit sphere makes
a first grouping, which self-training then refines: a Complement Naive Bayes classifier is fitted on each
group's most typical members and re-assigns every text, for a few rounds. When the leader leaves the number of themes
open, it is where the silhouette (cosine) first peaks, counting up from MIN_THEMES to MAX_THEMES.

Each theme is labelled with a short noun phrase one of its own texts wrote (see ``clustering.labels``)
and carries the shared terms that grouped it, as written (``terms``), so people can see why.
What each of these choices gave on the benchmarks is in bench/grouping.py.
"""

import math
import warnings
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.metrics import silhouette_score
from sklearn.naive_bayes import ComplementNB
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from clustering.labels import Labeller
from clustering.text import Term, analyzer, normalise

SEED = 0
LSA_DIMENSIONS = 30       # measured best of 30/50/80/100 on the benchmarks, and fast
# Weight of character n-grams beside terms: Swedish compounds and typos need them more than English
# (measured on tests/data/sv_*.tsv and the English benchmarks).
CHAR_WEIGHT = {"sv": 0.25, "en": 0.3}
# A municipal concept of sv_synonyms.txt counts as this many mentions: it is what texts worded apart
# share (tuned sets 0.669 at 1, 0.697 at 2, 0.705 at 3, 0.687 at 5; bench/grouping.py --levers; 3
# split "Bostadsbrist hindrar rekrytering" from its pair in tests/data/sv_prioriteringar_12).
CONCEPT_COUNT = 2
SELF_TRAINING_ROUNDS = 10
KMEANS_STARTS = 5
TYPICAL_SHARE = 0.8       # the share of each group, nearest its centre, that teaches the classifier
MIN_THEMES, MAX_THEMES = 2, 10   # the range searched when the number of themes is left open


@dataclass(frozen=True)
class Theme:
    """A suggested theme: a short phrase (``label``), the indices of its texts (``members``) and
    the words they share that grouped them, as written (``terms``, e.g. ("bygglov", "tillstånd"))."""

    label: str
    members: list[int]
    terms: tuple[str, ...] = ()


def suggest_themes(texts: list[str], n_themes: int | None = 6, language: str = "sv") -> list[Theme]:
    """Group ``texts`` into at most ``n_themes`` themes; every index lands in exactly one.

    ``n_themes=None`` lets the texts decide (between MIN_THEMES and MAX_THEMES). Identical notes
    (ignoring case and spacing) always share a theme, and there are never more themes than
    distinct notes. Empty notes carry nothing to group by: they join the largest theme. The
    result depends only on the multiset of texts: shuffled, the same partition and labels come
    back (themes are listed largest first, ties by their first text in sorted order).
    """
    if n_themes is not None and n_themes < 1:
        raise ValueError("n_themes must be at least 1")
    words_of = analyzer(language)
    texts = [str(text or "") for text in texts]
    if not texts:
        return []

    # Canonical order: distinct notes sorted, each written as the first of its spellings in sorted order.
    keys_of = [normalise(text) for text in texts]
    spellings: dict[str, list[str]] = defaultdict(list)
    for text, key in zip(texts, keys_of):
        if key:
            spellings[key].append(" ".join(text.split()))
    keys = sorted(spellings)
    if not keys:
        return [Theme(label="", members=list(range(len(texts))))]
    written = [min(spellings[key]) for key in keys]
    position_of_key = {key: position for position, key in enumerate(keys)}

    text_terms = [words_of.terms(text) for text in written]
    features = _features(text_terms, words_of.language)
    # One thread: on a machine shared with the server (and others), k-means' OpenMP threads
    # waiting on each other took 100 times longer than one thread alone (2.3 s against 0.02 s).
    with threadpool_limits(1):
        if n_themes is None:
            # Read on the concepts counted once: counted more, a concept two themes share ("rekrytering"
            # beside "bostadsbrist") tops the silhouette a theme too early (bench/grouping.py).
            n_themes = _number_by_silhouette(_features(text_terms, words_of.language, concept_count=1), len(keys))
        groups = min(n_themes, len(keys))
        assignment = np.zeros(len(keys), dtype=int) if groups == 1 else _group(features, groups)

    positions_of: dict[int, list[int]] = defaultdict(list)
    for position, group in enumerate(assignment):
        positions_of[int(group)].append(position)
    members_of: dict[int, list[int]] = defaultdict(list)
    for index, key in enumerate(keys_of):
        if key:
            members_of[int(assignment[position_of_key[key]])].append(index)
    # Positions are in sorted order, so a group's first position is its first text in sorted order.
    order = sorted(positions_of, key=lambda group: (-len(members_of[group]), positions_of[group][0]))
    labeller = Labeller(written, text_terms, features, words_of)
    themes = []
    for group in order:
        label, shared = labeller.describe(positions_of[group])
        themes.append(Theme(label=label, members=members_of[group], terms=shared))
    empties = [index for index, key in enumerate(keys_of) if not key]
    if empties:
        themes[0] = Theme(label=themes[0].label, members=sorted(themes[0].members + empties), terms=themes[0].terms)
    return themes


def _features(text_terms: list[list[Term]], language: str, concept_count: int | None = None):
    """Terms (TF-IDF) side by side with character n-grams of the word stems, rows unit length.

    The n-grams are those of ``char_wb`` (within words), computed once per distinct stem and
    summed into texts by a matrix product: the same counts as analysing every text, a fraction of
    the time on 20,000 texts."""
    count = len(text_terms)
    min_df = 2 if count >= 1000 else 1
    concept_count = CONCEPT_COUNT if concept_count is None else concept_count
    term_lists = [[term.stem for term in terms for _ in range(concept_count if term.kind == "concept" else 1)]
                  for terms in text_terms]
    word_lists = [[term.stem for term in terms if term.kind == "word"] for terms in text_terms]
    words = CountVectorizer(analyzer=_as_is, dtype=np.float32)
    try:
        word_counts = words.fit_transform(word_lists)
    except ValueError:  # not one word survived stemming and stop words
        return csr_matrix((count, 1), dtype=np.float32)
    # English has no compound parts or concepts: its terms are its words, counted once.
    term_counts = word_counts if term_lists == word_lists else \
        CountVectorizer(analyzer=_as_is, dtype=np.float32).fit_transform(term_lists)
    fragments = CountVectorizer(analyzer="char_wb", ngram_range=(3, 4), dtype=np.float32)
    parts = [_tfidf(term_counts, min_df)]
    try:
        fragment_counts = word_counts @ fragments.fit_transform(words.get_feature_names_out())
        parts.append(_tfidf(fragment_counts, 3 if count >= 1000 else 1) * CHAR_WEIGHT[language])
    except ValueError:  # every stem shorter than a fragment
        pass
    return normalize(hstack(parts).tocsr())


def _as_is(stems: list[str]) -> list[str]:
    return stems


def _tfidf(counts, min_df: int):
    """Sublinear TF-IDF of a count matrix, keeping columns seen in at least ``min_df`` rows."""
    document_frequency = np.asarray((counts > 0).sum(axis=0)).ravel()
    kept = counts[:, np.flatnonzero(document_frequency >= min_df)]
    return TfidfTransformer(sublinear_tf=True).fit_transform(kept)


def _dense(features) -> np.ndarray:
    """The vectors as an array; a note with no usable fragment gets a direction of its own."""
    reduced = features.toarray()
    blank = np.flatnonzero(~reduced.any(axis=1))
    if len(blank):
        extra = np.zeros((reduced.shape[0], len(blank)), dtype=reduced.dtype)
        extra[blank, np.arange(len(blank))] = 1.0
        reduced = np.hstack([reduced, extra])
    return reduced


def _group(features, groups: int) -> np.ndarray:
    if min(features.shape) - 1 > LSA_DIMENSIONS:
        reduced = normalize(TruncatedSVD(LSA_DIMENSIONS, random_state=SEED).fit_transform(features))
    else:
        # Too few texts or fragments for a reduction to help: group the vectors as they are.
        reduced = _dense(features)
    with warnings.catch_warnings():
        # Texts that read alike to TF-IDF give fewer distinct groups; _fill_empty_groups handles that.
        warnings.simplefilter("ignore", ConvergenceWarning)
        assignment = KMeans(groups, random_state=SEED, n_init=KMEANS_STARTS).fit_predict(reduced)
    for _ in range(SELF_TRAINING_ROUNDS):
        typical = _typical_members(reduced, assignment, groups)
        if len(np.unique(assignment[typical])) < 2:
            break
        classifier = ComplementNB(alpha=0.3).fit(features[typical], assignment[typical])
        refined = classifier.predict(features)
        if np.array_equal(refined, assignment):
            break
        assignment = refined
    return _fill_empty_groups(assignment, groups)


def _number_by_silhouette(features, count: int) -> int:
    """The number of groups at the first peak of the silhouette (cosine), counting up from MIN_THEMES
    groups to MAX_THEMES. On short texts the silhouette is small and keeps creeping up with more
    groups; its first peak came nearer the leaders' own number than its maximum did
    (bench/grouping.py)."""
    if count <= MIN_THEMES:
        return count
    best, best_score = MIN_THEMES, -math.inf
    for groups in range(MIN_THEMES, min(MAX_THEMES, count - 1) + 1):
        score = silhouette_score(features, _group(features, groups), metric="cosine")
        if score < best_score:
            break
        best, best_score = groups, score
    return best


def _fill_empty_groups(assignment: np.ndarray, groups: int) -> np.ndarray:
    """Always ``groups`` groups: when texts are too alike to tell apart, the largest group gives
    its last member to an empty one. People asked for that many themes and will sort them."""
    assignment = assignment.copy()
    for empty in sorted(set(range(groups)) - set(assignment.tolist())):
        sizes = np.bincount(assignment, minlength=groups)
        largest = int(np.argmax(sizes))
        assignment[np.flatnonzero(assignment == largest)[-1]] = empty
    return assignment


def _typical_members(reduced: np.ndarray, assignment: np.ndarray, groups: int) -> np.ndarray:
    """The texts nearest their own group's centre: TYPICAL_SHARE of each group."""
    keep = np.zeros(len(assignment), dtype=bool)
    for group in range(groups):
        indices = np.flatnonzero(assignment == group)
        if len(indices) == 0:
            continue
        centre = reduced[indices].mean(axis=0)
        closeness = reduced[indices] @ centre
        cut = np.quantile(closeness, 1 - TYPICAL_SHARE)
        keep[indices[closeness >= cut]] = True
    return keep
