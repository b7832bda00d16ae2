"""suggest_themes: group short texts into a few labelled themes, the same way every time.

Texts become TF-IDF vectors of word stems beside character n-grams of those stems (Swedish
compounds share fragments: bygglov, bygglovshandläggning). Sets large enough are reduced with LSA
(truncated SVD) to a few dozen dimensions; k-means on the unit sphere makes a first grouping,
which self-training then refines: a Complement Naive Bayes classifier is fitted on each group's
most typical members and re-assigns every text, for a few rounds. On the public short-text
benchmarks this lifts accuracy well above plain TF-IDF + k-means (see bench/grouping.py).
Seeds are fixed, so the same input gives the same themes.
"""

import math
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.naive_bayes import ComplementNB
from sklearn.preprocessing import normalize

from clustering.text import Analyzer, normalise

SEED = 0
LSA_DIMENSIONS = 30       # measured best of 30/50/80/100 on the benchmarks, and fast
# Weight of character n-grams beside word stems: Swedish compounds need them more than English
# (measured on tests/data/swedish_notes.tsv and the English benchmarks).
CHAR_WEIGHT = {"sv": 1.0, "en": 0.3}
SELF_TRAINING_ROUNDS = 10
TYPICAL_SHARE = 0.8       # the share of each group, nearest its centre, that teaches the classifier
LABEL_WORDS = 3
AND = {"sv": "och", "en": "and"}


@dataclass(frozen=True)
class Theme:
    label: str
    members: list[int]


def suggest_themes(texts: list[str], n_themes: int = 6, language: str = "sv") -> list[Theme]:
    """Group ``texts`` into at most ``n_themes`` themes; every index lands in exactly one.

    Identical notes (ignoring case and spacing) always share a theme, and there are never more
    themes than distinct notes. Empty notes carry nothing to group by: they join the largest
    theme. The result depends only on the input.
    """
    if n_themes < 1:
        raise ValueError("n_themes must be at least 1")
    analyzer = Analyzer(language)
    texts = [str(text or "") for text in texts]
    if not texts:
        return []

    distinct: dict[str, int] = {}
    position_of_text: list[int | None] = []
    for text in texts:
        key = normalise(text)
        if not key:
            position_of_text.append(None)
            continue
        position_of_text.append(distinct.setdefault(key, len(distinct)))
    unique_texts = list(distinct)

    if not unique_texts:
        return [Theme(label="", members=list(range(len(texts))))]

    words = [analyzer.words(text) for text in unique_texts]
    stems = [[analyzer.stem(word) for word in text_words] for text_words in words]
    groups = min(n_themes, len(unique_texts))
    if groups == 1:
        assignment = np.zeros(len(unique_texts), dtype=int)
    else:
        assignment = _group(_features(stems, analyzer.language), groups)

    by_group: dict[int, list[int]] = defaultdict(list)
    for position, group in enumerate(assignment):
        by_group[int(group)].append(position)
    labeller = _Labeller(words, stems, language)
    members_of = {group: [] for group in by_group}
    for index, position in enumerate(position_of_text):
        if position is not None:
            members_of[int(assignment[position])].append(index)
    order = sorted(by_group, key=lambda group: (-len(members_of[group]), members_of[group][0]))
    themes = [Theme(label=labeller.label(by_group[group]), members=members_of[group]) for group in order]
    empties = [index for index, position in enumerate(position_of_text) if position is None]
    if empties:
        themes[0] = Theme(label=themes[0].label, members=sorted(themes[0].members + empties))
    return themes


def _features(stems: list[list[str]], language: str):
    """Word stems (TF-IDF) side by side with character n-grams of those stems, rows unit length.

    The n-grams are those of ``char_wb`` (within words), computed once per distinct stem and
    summed into texts by a matrix product: the same counts as analysing every text, a fraction of
    the time on 20,000 texts."""
    min_df = 2 if len(stems) >= 1000 else 1
    counts = CountVectorizer(analyzer=lambda text_stems: text_stems, dtype=np.float32)
    try:
        word_counts = counts.fit_transform(stems)
    except ValueError:  # not one word survived stemming and stop words
        return csr_matrix((len(stems), 1), dtype=np.float32)
    vocabulary = counts.get_feature_names_out()
    fragments = CountVectorizer(analyzer="char_wb", ngram_range=(3, 4), dtype=np.float32)
    parts = [_tfidf(word_counts, min_df)]
    try:
        fragment_counts = word_counts @ fragments.fit_transform(vocabulary)
        parts.append(_tfidf(fragment_counts, 3 if len(stems) >= 1000 else 1) * CHAR_WEIGHT[language])
    except ValueError:  # every stem shorter than a fragment
        pass
    return normalize(hstack(parts).tocsr())


def _tfidf(counts, min_df: int):
    """Sublinear TF-IDF of a count matrix, keeping columns seen in at least ``min_df`` rows."""
    document_frequency = np.asarray((counts > 0).sum(axis=0)).ravel()
    kept = counts[:, np.flatnonzero(document_frequency >= min_df)]
    return TfidfTransformer(sublinear_tf=True).fit_transform(kept)


def _group(features, groups: int) -> np.ndarray:
    if min(features.shape) - 1 > LSA_DIMENSIONS:
        reduced = normalize(TruncatedSVD(LSA_DIMENSIONS, random_state=SEED).fit_transform(features))
    else:
        # Too few texts or fragments for a reduction to help: group the vectors as they are.
        reduced = features.toarray()
        if not reduced.any(axis=1).all():
            # A note with no usable fragment gets a direction of its own instead of none.
            blank = np.flatnonzero(~reduced.any(axis=1))
            extra = np.zeros((reduced.shape[0], len(blank)), dtype=reduced.dtype)
            extra[blank, np.arange(len(blank))] = 1.0
            reduced = np.hstack([reduced, extra])
    with warnings.catch_warnings():
        # Texts that read alike to TF-IDF give fewer distinct groups; _fill_empty_groups handles that.
        warnings.simplefilter("ignore", ConvergenceWarning)
        assignment = KMeans(groups, random_state=SEED, n_init=5).fit_predict(reduced)
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


class _Labeller:
    """Names a group with up to three of its own words: frequent in it, rarer elsewhere."""

    def __init__(self, words: list[list[str]], stems: list[list[str]], language: str):
        self.words = words
        self.stems = stems
        self.language = language
        self.document_frequency = Counter(stem for text_stems in stems for stem in set(text_stems))

    def label(self, positions: list[int]) -> str:
        in_group = Counter()
        written = defaultdict(Counter)
        for position in positions:
            for word, stem in set(zip(self.words[position], self.stems[position])):
                written[stem][word] += 1
            in_group.update(set(self.stems[position]))
        if not in_group:
            return ""
        total = len(self.stems)

        def weight(stem: str) -> tuple:
            # Class-based TF-IDF: frequent in the group, rare in the whole set ("bygglov" over "nya").
            return (-(in_group[stem] * math.log(1 + total / self.document_frequency[stem])), stem)

        shared = [stem for stem in in_group if in_group[stem] > 1]
        # A word that several notes share names the group better than one note's word.
        best = sorted(shared or in_group, key=weight)[:LABEL_WORDS]
        chosen = [written[stem].most_common(1)[0][0] for stem in best]
        label = chosen[0] if len(chosen) == 1 else f"{', '.join(chosen[:-1])} {AND[self.language]} {chosen[-1]}"
        return label[:1].upper() + label[1:]


def nearest_themes(themes: list[list[str]], texts: list[str], language: str = "sv") -> list[int | None]:
    """For each text, the index of the theme (given by its own texts) it resembles most.

    ``None`` where a text shares nothing with any theme. Used to show every idea of the evening
    under the theme it is closest to, for context."""
    analyzer = Analyzer(language)
    theme_texts = [" ".join(group) for group in themes]
    everything = theme_texts + [str(text or "") for text in texts]
    if not themes or not texts:
        return [None] * len(texts)
    features = _features([analyzer.stems(text) for text in everything], language)
    similarity = (features[len(themes):] @ features[:len(themes)].T).toarray()
    best = similarity.argmax(axis=1)
    return [int(index) if similarity[row, index] > 0 else None for row, index in enumerate(best)]
