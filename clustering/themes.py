"""suggest_themes: group short texts into a few labelled themes, the same way every time.

Texts become TF-IDF vectors of their terms (word stems; for Swedish also compound parts and the
municipal concepts of ``sv_synonyms.txt``, see clustering.text) beside character n-grams of the
word stems, which catch typos and what compound splitting misses. The distinct texts are put in
one canonical order (sorted) before anything is computed, and every seed is fixed, so the result
depends on the set of texts, not on the order they arrived in.

Grouping: sets large enough are reduced with LSA (truncated SVD); k-means on the unit sphere makes
a first grouping, which self-training then refines: a Complement Naive Bayes classifier is fitted on each group's most typical
members and re-assigns every text, for a few rounds. When the leader leaves the number of themes
open, it is where the silhouette (cosine) first peaks, counting up from MIN_THEMES to MAX_THEMES.

Each theme is labelled with a short phrase one of its own texts wrote (see ``_Labeller``) and
carries the shared terms that grouped it, as written (``terms``), so people can see why.
What each of these choices gave on the benchmarks is in bench/grouping.py.
"""

import math
import re
import warnings
from collections import Counter, defaultdict
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

from clustering.text import WORD, Analyzer, Term, analyzer, normalise

SEED = 0
LSA_DIMENSIONS = 30       # measured best of 30/50/80/100 on the benchmarks, and fast
# Weight of character n-grams beside terms: Swedish compounds and typos need them more than English
# (measured on tests/data/sv_*.tsv and the English benchmarks).
CHAR_WEIGHT = {"sv": 0.25, "en": 0.3}
SELF_TRAINING_ROUNDS = 10
KMEANS_STARTS = 5
TYPICAL_SHARE = 0.8       # the share of each group, nearest its centre, that teaches the classifier
MIN_THEMES, MAX_THEMES = 2, 10   # the range searched when the number of themes is left open
LABEL_LIMIT = 40          # characters: a label fits a card on the projector
LABEL_WORDS = 4           # the longest phrase a label is cut from
LABEL_SOURCES = 30        # a label comes from one of the texts nearest the group's centre
TERMS_SHOWN = 3           # shared terms shown with a theme
IDLE_WORD_COST = 0.25     # what a label word sharing nothing costs, against the group's heaviest term
NAMED_BONUS = 1e-3        # breaks ties only (see _Labeller._label)
_PUNCTUATION = re.compile(r"[,.;:!?()\[\]/–—]|\s-\s")
# Words that open a new clause or carry its verb: a label is a noun phrase and stops before them.
_CLAUSE_WORDS = {
    "sv": frozenset("""att som så men eller när där eftersom om ska skall måste kan kunna får få har
                    ha hade är var vara blir bli vill bör behöver behövs gör göra kommer finns går gå
                    tar ger saknas hindrar""".split()),
    "en": frozenset("""to that which so but or when where because if must should shall can could may
                    will would has have had is are was were be been do does need needs""".split()),
}
_VERB_NEXT = frozenset("som att ska skall måste kan vill bör får behöver to that which must should can will".split())


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
            assignment = _group_by_silhouette(features, len(keys))
        else:
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
    labeller = _Labeller(written, text_terms, features, words_of)
    themes = []
    for group in order:
        label, shared = labeller.describe(positions_of[group])
        themes.append(Theme(label=label, members=members_of[group], terms=shared))
    empties = [index for index, key in enumerate(keys_of) if not key]
    if empties:
        themes[0] = Theme(label=themes[0].label, members=sorted(themes[0].members + empties), terms=themes[0].terms)
    return themes


def _features(text_terms: list[list[Term]], language: str):
    """Terms (TF-IDF) side by side with character n-grams of the word stems, rows unit length.

    The n-grams are those of ``char_wb`` (within words), computed once per distinct stem and
    summed into texts by a matrix product: the same counts as analysing every text, a fraction of
    the time on 20,000 texts."""
    count = len(text_terms)
    min_df = 2 if count >= 1000 else 1
    term_lists = [[term.stem for term in terms] for terms in text_terms]
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


def _group_by_silhouette(features, count: int) -> np.ndarray:
    """The grouping at the first peak of the silhouette (cosine), counting up from MIN_THEMES
    groups to MAX_THEMES. On short texts the silhouette is small and keeps creeping up with more
    groups; its first peak came nearer the leaders' own number than its maximum did
    (bench/grouping.py)."""
    if count <= MIN_THEMES:
        return np.arange(count)
    best, best_score = None, -math.inf
    for groups in range(MIN_THEMES, min(MAX_THEMES, count - 1) + 1):
        assignment = _group(features, groups)
        score = silhouette_score(features, assignment, metric="cosine")
        if score < best_score:
            break
        best, best_score = assignment, score
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


class _Labeller:
    """Names a group with a phrase one of its texts wrote, and lists the terms its texts share.

    A term's weight in a group is class-based TF-IDF: the number of the group's texts that have it
    times how rare it is in the whole set ("bygglov" over "företag"). The label is the run of at
    most LABEL_WORDS words, within one clause of one text, that starts and ends on a word that is
    not a stop word, and whose shared terms weigh the most, less a little for every word that
    shares nothing ("Kortare handläggningstider för bygglov", not "Handläggningstider"). Ties go to
    the shorter phrase ("Industrimark" before "Industrimarken"), then to the text nearest the
    group's centre, then to the alphabet. Two
    themes never get the same label: the later one takes its next best phrase."""

    def __init__(self, written: list[str], text_terms: list[list[Term]], features, words_of: Analyzer):
        self.written = written
        self.text_terms = text_terms
        self.features = features
        self.words_of = words_of
        self.clause_words = _CLAUSE_WORDS[words_of.language]
        self.document_frequency = Counter(stem for terms in text_terms for stem in {term.stem for term in terms})
        self.used_labels: set[str] = set()

    def describe(self, positions: list[int]) -> tuple[str, tuple[str, ...]]:
        group_terms = [self.text_terms[position] for position in positions]
        if not any(group_terms):
            return "", ()
        # A lone text is labelled by its own terms; shared words need two texts that share them.
        weight = _weights(group_terms, self.document_frequency, len(self.written), least=2 if len(positions) > 1 else 1)
        shared = _shown_words(group_terms, weight, self.words_of) if len(positions) > 1 else ()
        return self._label(positions, weight), shared

    def _label(self, positions: list[int], weight: dict[str, float]) -> str:
        centre = np.asarray(self.features[positions].mean(axis=0)).ravel()
        closeness = dict(zip(positions, (self.features[positions] @ centre).tolist()))
        idle_cost = IDLE_WORD_COST * max(weight.values(), default=1.0)
        candidates = []
        typical = sorted(positions, key=lambda position: (-round(closeness[position], 9), position))[:LABEL_SOURCES]
        for position in typical:
            for phrase, word_terms in self._phrases(self.written[position]):
                covered = {term.stem for terms in word_terms for term in terms if term.stem in weight}
                idle_at = [index for index, terms in enumerate(word_terms)
                           if terms and not any(term.stem in weight for term in terms)]
                if not self._reads_as_a_noun_phrase(phrase, idle_at):
                    continue
                idle = len(idle_at)
                # Between phrases that share as much, the one that names the shared word itself
                # ("Bredband") comes before the one that reaches it through a synonym ("Fiber").
                named = sum(1 for terms in word_terms
                            if any(term.kind != "concept" and term.stem in weight for term in terms))
                score = sum(weight[stem] for stem in covered) - idle_cost * idle + NAMED_BONUS * named
                candidates.append((-round(score, 9), len(phrase), -round(closeness[position], 9), phrase))
        for *_, phrase in sorted(candidates):
            label = phrase[:1].upper() + phrase[1:]
            if label.lower() not in self.used_labels:
                self.used_labels.add(label.lower())
                return label
        return ""

    def _phrases(self, text: str):
        """Runs of words within a clause (no punctuation, verb or conjunction inside) that start
        and end on a word that is not a stop word, do not end inside a noun phrase (Swedish
        "lokala | hantverkare"), and are at most LABEL_WORDS words and LABEL_LIMIT characters; with
        each word's terms (none for stop words)."""
        stop_words = self.words_of.stop_words
        for clause in _PUNCTUATION.split(text):
            segment: list[tuple[str, int, int]] = []
            after = ""
            for match in list(WORD.finditer(clause)) + [None]:
                word = match.group().lower() if match else ""
                if match and word not in self.clause_words:
                    segment.append((word, match.start(), match.end()))
                    continue
                yield from self._runs(clause, segment, stop_words, verb_first=after in _VERB_NEXT)
                segment, after = [], word

    def _runs(self, clause: str, segment: list[tuple[str, int, int]], stop_words: frozenset[str], verb_first: bool):
        content = [len(word) > 1 and word not in stop_words for word, _, _ in segment]
        for first in range(len(segment)):
            # After "som", "att" or "ska" comes a verb ("Evenemang som | lockar besökare").
            if not content[first] or (first == 0 and verb_first):
                continue
            for last in range(first, min(first + LABEL_WORDS, len(segment))):
                if not content[last]:
                    continue
                if last + 1 < len(segment) and content[last + 1] and self._modifies_next(segment[last][0]):
                    continue
                phrase = clause[segment[first][1]:segment[last][2]]
                if len(phrase) > LABEL_LIMIT:
                    break
                yield phrase, [self.words_of.terms(word) if content[index] else []
                               for index, (word, _, _) in enumerate(segment[first:last + 1], start=first)]

    def _reads_as_a_noun_phrase(self, phrase: str, idle_at: list[int]) -> bool:
        """Words that no other text of the group shares may only lead, as a modifier ("Snabbare
        bygglov"): one in the middle is the verb of a sentence ("Kommunen säljer tomter"), and so
        is a Swedish leading word in -ar, -er, -ir ("Lockar besökare")."""
        if any(index > 0 for index in idle_at):
            return False
        if idle_at and self.words_of.language == "sv":
            first = phrase.split()[0].lower()
            return not (first.endswith(("ar", "er", "ir")) and not first.endswith("are"))
        return True

    def _modifies_next(self, word: str) -> bool:
        # Before a noun, Swedish adjectives end in -a ("nya bostäder") and genitives in -s
        # ("flygplatsens utveckling"); a noun phrase does not end there.
        return self.words_of.language == "sv" and word.endswith(("a", "s"))


def shared_words(groups: list[list[str]], language: str = "sv") -> list[tuple[str, ...]]:
    """For each group of texts (the themes of a board), the words that grouped it, as its texts
    wrote them: at most TERMS_SHOWN, each a term at least two of the group's texts have (compound
    parts and the concepts of sv_synonyms.txt count, as in grouping), heaviest first.

    A group of one text, or whose texts share nothing, gets ``()``. Rarity is counted over all the
    groups' texts, so right after :func:`suggest_themes` a theme shows the words it was given.

    >>> shared_words([["Snabbare bygglov", "Kortare handläggning av tillstånd"], ["Bredband"]])
    [('bygglov', 'tillstånd'), ()]
    """
    words_of = analyzer(language)
    group_terms = [[words_of.terms(str(text or "")) for text in group] for group in groups]
    document_frequency = Counter(stem for terms_of in group_terms for terms in terms_of for stem in {t.stem for t in terms})
    total = sum(len(group) for group in groups)
    return [_shown_words(terms_of, _weights(terms_of, document_frequency, total, least=2), words_of)
            if len(terms_of) > 1 else () for terms_of in group_terms]


def _weights(group_terms: list[list[Term]], document_frequency: Counter, total: int, least: int) -> dict[str, float]:
    """Class-based TF-IDF of the terms at least ``least`` of a group's texts have: how many of
    them have it, times how rare it is among all ``total`` texts ("bygglov" over "företag")."""
    in_group = Counter(stem for terms in group_terms for stem in {term.stem for term in terms})
    return {stem: count * math.log(1 + total / document_frequency[stem])
            for stem, count in in_group.items() if count >= least}


def _shown_words(group_terms: list[list[Term]], weight: dict[str, float], words_of: Analyzer) -> tuple[str, ...]:
    """The written forms of the heaviest terms in ``weight``, at most TERMS_SHOWN: for each the form
    most of the group's texts wrote (whole words before compound parts), and for a concept of
    sv_synonyms.txt written in several ways its own word and the next way ("bygglov, tillstånd")."""
    forms: dict[str, Counter] = defaultdict(Counter)
    concepts = set()
    for terms in group_terms:
        for term in set(terms):
            if term.stem in weight:
                forms[term.stem][(term.written, term.kind == "part")] += 1
                if term.kind == "concept":
                    concepts.add(term.stem)
    shown: list[str] = []
    for stem in sorted(weight, key=lambda stem: (-weight[stem], stem)):
        # The concept's own word first ("bredband, fiber"), then what most texts wrote.
        ranked = sorted(forms[stem].items(), key=lambda item: (words_of.stem(item[0][0]) != stem, -item[1],
                                                              item[0][1], len(item[0][0]), item[0][0]))
        room = 2 if stem in concepts else 1
        for (form, _), _ in ranked:
            if room and len(shown) < TERMS_SHOWN and not any(_alike(form, other) for other in shown):
                shown.append(form)
                room -= 1
        if len(shown) == TERMS_SHOWN:
            break
    return tuple(shown)


def _alike(form: str, other: str) -> bool:
    """Two written forms of one word, as far as a reader is concerned (bostad, bostäder; mark, industrimark)."""
    return form in other or other in form or form[:4] == other[:4]
