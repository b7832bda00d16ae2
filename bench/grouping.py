"""How well suggest_themes groups short texts, next to a plain baseline, on labelled sets.

In one run: the time for an evening's 300 Swedish notes (the first call loads the Swedish word
list, the second is what every later press of "Föreslå" costs); the time to find the shared words
of a board's six themes (36 and 300 priorities; the board's read model does it on every change);
plain TF-IDF + k-means against
suggest_themes on the labelled Swedish sets in tests/data/ (NMI with the leaders' number of themes,
and the number chosen when it is left open); the order-invariance check (20 shuffles of each
Swedish set: how many distinct groupings and label sets came back); and the three short-text
clustering benchmarks of the STC² paper from ../shared/data/stc/ (StackOverflow: 20,000 titles, 20
labels; SearchSnippets: 12,340 snippets, 8; Biomedical: 20,000 titles, 20): NMI, adjusted Rand
index, accuracy under the best one-to-one matching of groups to labels (Hungarian), and seconds.
The baseline is TfidfVectorizer() + KMeans(n_init=1) with the true number of groups.

    .venv/bin/python bench/grouping.py [--data ../shared/data/stc] [--only StackOverflow] [--levers]

The Swedish table also counts the suggested labels that tests/support/label_quality.py refuses (a fragment,
a lone adjective, a word that names no topic: the shapes of tests/data/label_failures.tsv).

``--levers`` instead measures what each choice in clustering/ gives on the Swedish sets, as the
mean NMI over k-means seeds 0–4 (one seed's figure moves by ±0.1 on sets this small). Held out
(tests/clustering_data.HELD_OUT, never tuned on): ``kvall_harryda`` and ``prioriteringar_18`` were
written after the synonym list and the settings were fixed; ``kvall_ale``, ``kvall_stenungsund``,
``enkat_vanersborg`` and ``strategi_ekeby`` after issue 22. Issue 22's changes (concepts counted twice,
a few more general concepts, "besökare" out of tourism, plural genitives stemmed) were chosen on the
tuned sets; the held-out column was run only to report. Last run (2-core machine, December 2026):

| what (rows with + add to the row above)          | tuned sets | held out | all   |
| ------------------------------------------------- | ---------- | -------- | ----- |
| TfidfVectorizer() + KMeans                        | 0.298      | 0.240    | 0.269 |
| stems + n-grams 1.0, k-means + self-training      | 0.457      | 0.348    | 0.402 |
| + compound splitting (wordfreq's Swedish list)    | 0.481      | 0.375    | 0.428 |
| synonyms instead of splitting                     | 0.571      | 0.399    | 0.485 |
| + splitting + synonyms                            | 0.584      | 0.438    | 0.511 |
| + abbreviations                                   | 0.584      | 0.433    | 0.508 |
| n-gram weight 0.5                                 | 0.641      | 0.446    | 0.543 |
| n-gram weight 0.25, concepts counted twice (chosen) | 0.702    | 0.482    | 0.592 |
| n-gram weight 0                                   | 0.678      | 0.450    | 0.564 |
| chosen, without splitting                         | 0.619      | 0.455    | 0.537 |
| chosen, without synonyms                          | 0.462      | 0.351    | 0.407 |
| chosen, without abbreviations                     | 0.707      | 0.487    | 0.597 |
| chosen, split margin 1 instead of 10              | 0.712      | 0.508    | 0.610 |
| chosen, concepts counted once                     | 0.672      | 0.473    | 0.573 |
| chosen, concepts counted three times              | 0.701      | 0.493    | 0.597 |

With seed 0 only, as suggest_themes runs: tuned 0.662 before issue 22, 0.687 now; held out 0.437, 0.487
(TF-IDF + KMeans 0.303, 0.238); suggested labels refused by tests/support/label_quality.py 4 of 38 tuned and
5 of 40 held out before, 0 of 38 and 1 of 40 ("Samtliga stationer") now.

Measured once by hand, not in --levers: agglomerative clustering (average linkage, cosine) for up
to 40 texts instead of k-means gave 0.682 against 0.706 for k-means at that point, so there is one
grouping path; 20 k-means starts instead of 5 moved the mean by ±0.01 and cost time on 20,000
texts. The split margin changes the mean within noise (held out 0.664 against 0.630, tuned the
other way); 10 was kept because it stops nonsense parts (bred+band, lägen+heter, näring+liv) that
the board and the strategy matching would show. Number of themes left open: the silhouette's
maximum missed the leaders' number by 2.0 on average (often picking the top of the range), its
first peak by 1.0, so the first peak is used.
"""

import argparse
import os
import random
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))
from clustering import shared_words, suggest_themes  # noqa: E402
from support.clustering_data import HELD_OUT, swedish_sets  # noqa: E402
from support.label_quality import is_fragment  # noqa: E402

BENCHMARKS = {"StackOverflow": 20, "SearchSnippets": 8, "Biomedical": 20}
SHUFFLES = 20


def accuracy(labels: np.ndarray, predicted: np.ndarray) -> float:
    size = max(labels.max(), predicted.max()) + 1
    counts = np.zeros((size, size), dtype=int)
    np.add.at(counts, (predicted, labels), 1)
    rows, columns = linear_sum_assignment(-counts)
    return counts[rows, columns].sum() / len(labels)


def load(folder: str, name: str) -> tuple[list[str], np.ndarray]:
    with open(os.path.join(folder, f"{name}.txt"), encoding="utf-8-sig") as handle:
        texts = handle.read().splitlines()
    with open(os.path.join(folder, f"{name}_gnd.txt"), encoding="utf-8") as handle:
        labels = np.array([int(line) for line in handle.read().split()])
    assert len(texts) == len(labels), name
    return texts, labels - labels.min()


def as_assignment(themes, count: int) -> np.ndarray:
    assignment = np.full(count, -1)
    for number, theme in enumerate(themes):
        assignment[theme.members] = number
    assert (assignment >= 0).all()
    return assignment


def baseline(texts: list[str], groups: int, seed: int = 0) -> np.ndarray:
    return KMeans(groups, random_state=seed, n_init=1).fit_predict(TfidfVectorizer().fit_transform(texts))


def score(name: str, method: str, labels: np.ndarray, predicted: np.ndarray, seconds: float) -> str:
    return (f"| {name} | {method} | {normalized_mutual_info_score(labels, predicted):.3f} | "
            f"{adjusted_rand_score(labels, predicted):.3f} | {accuracy(labels, predicted):.3f} | {seconds:.2f} |")


def labelled(name: str) -> tuple[list[str], list[str], int]:
    notes = swedish_sets()[name]
    labels = [theme for _, theme in notes]
    return [text for text, _ in notes], labels, len(set(labels))


def evening_timing() -> None:
    texts = [text for name in swedish_sets() for text in labelled(name)[0]]
    evening = [text if index < len(texts) else f"{text} ({index // len(texts) + 1})"
               for index, text in enumerate((texts * (300 // len(texts) + 1))[:300])]
    for call, n_themes in (("6 themes, first call, loading the Swedish word list", 6),
                           ("6 themes, every later call", 6), ("number of themes left open", None)):
        started = time.perf_counter()
        suggest_themes(evening, n_themes, "sv")
        print(f"An evening's 300 Swedish notes (tests/data), {call}: {time.perf_counter() - started:.3f} s")


def board_words_timing(repeats: int = 50) -> None:
    """clustering.shared_words for a board of six themes, as the board's read model calls it on
    every change: priorities whose words the analyzer has not seen yet, then seen (the usual case:
    the suggestion has analysed them), as the median of ``repeats`` calls."""
    import clustering.text as text

    notes = sorted((label, text_) for name in swedish_sets() for text_, label in swedish_sets()[name])
    for count in (36, 300):
        texts = [text_ for _, text_ in notes[:count]]
        board = [texts[number::6] for number in range(6)] if count == 300 else \
            [texts[number * 6:(number + 1) * 6] for number in range(6)]
        text.analyzer.cache_clear()
        text.split_compound.cache_clear()
        started = time.perf_counter()
        shared_words(board, "sv")
        unseen = time.perf_counter() - started
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            shared_words(board, "sv")
            times.append(time.perf_counter() - started)
        print(f"Shared words of a board of 6 themes, {count} priorities: {unseen * 1000:.1f} ms with words not "
              f"seen before, {np.median(times) * 1000:.2f} ms (median of {repeats}) once seen")


def swedish_table() -> None:
    print("\n| Swedish set | notes | themes | TF-IDF + KMeans NMI | suggest_themes NMI | themes when left open "
          "| NMI then | labels refused (tests/support/label_quality.py) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    plain_scores, our_scores, refused = {}, {}, {}
    for name in swedish_sets():
        texts, labels, groups = labelled(name)
        plain_scores[name] = normalized_mutual_info_score(labels, baseline(texts, groups))
        themes = suggest_themes(texts, groups, "sv")
        our_scores[name] = normalized_mutual_info_score(labels, as_assignment(themes, len(texts)))
        open_themes = suggest_themes(texts, None, "sv")
        open_score = normalized_mutual_info_score(labels, as_assignment(open_themes, len(texts)))
        bad = [theme.label for theme in themes if is_fragment(theme.label)]
        refused[name] = (len(bad), len(themes))
        held = " (held out)" if name in HELD_OUT else ""
        print(f"| {name}{held} | {len(texts)} | {groups} | {plain_scores[name]:.3f} | {our_scores[name]:.3f} | "
              f"{len(open_themes)} | {open_score:.3f} | {len(bad)} of {len(themes)}{': ' if bad else ''}"
              f"{', '.join(bad)} |")
    for title, names in (("mean, tuned sets", [n for n in plain_scores if n not in HELD_OUT]),
                         ("mean, held out", [n for n in plain_scores if n in HELD_OUT]),
                         ("mean, all", list(plain_scores))):
        print(f"| {title} | | | {np.mean([plain_scores[n] for n in names]):.3f} | "
              f"{np.mean([our_scores[n] for n in names]):.3f} | | | {sum(refused[n][0] for n in names)} of "
              f"{sum(refused[n][1] for n in names)} |")


def order_invariance() -> None:
    print(f"\n| Swedish set | distinct groupings in {SHUFFLES} shuffles | distinct label sets |")
    print("| --- | --- | --- |")
    for name in swedish_sets():
        texts, _, groups = labelled(name)
        partitions, label_sets = set(), set()
        for seed in range(SHUFFLES):
            shuffled = texts[:]
            random.Random(seed).shuffle(shuffled)
            themes = suggest_themes(shuffled, groups, "sv")
            partitions.add(frozenset(frozenset(shuffled[i] for i in theme.members) for theme in themes))
            label_sets.add(frozenset(theme.label for theme in themes))
        print(f"| {name} | {len(partitions)} | {len(label_sets)} |")


def levers() -> None:
    """The ablation in the docstring: each lever switched by patching clustering's own constants."""
    import clustering.text as text
    import clustering.themes as themes

    split, concepts, abbreviations = text.split_compound, text._swedish_concepts, text._swedish_abbreviations

    def setting(split_on=True, synonyms=True, abbreviate=True, char=0.25, margin=10, counted=2):
        text.analyzer.cache_clear()
        split.cache_clear()
        themes.CONCEPT_COUNT = counted
        text.split_compound = split if split_on else (lambda word: (word,))
        text._swedish_concepts = concepts if synonyms else dict
        text._swedish_abbreviations = abbreviations if abbreviate else dict
        themes.CHAR_WEIGHT["sv"] = char
        text.SPLIT_MARGIN = margin

    def row(title, **kwargs):
        setting(**kwargs)
        scores = {}
        for name in swedish_sets():
            texts, labels, groups = labelled(name)
            runs = []
            for seed in range(5):
                themes.SEED = seed
                runs.append(normalized_mutual_info_score(
                    labels, as_assignment(suggest_themes(texts, groups, "sv"), len(texts))))
            scores[name] = np.mean(runs)
        themes.SEED = 0
        tuned = np.mean([v for n, v in scores.items() if n not in HELD_OUT])
        held = np.mean([v for n, v in scores.items() if n in HELD_OUT])
        print(f"| {title} | {tuned:.3f} | {held:.3f} | {np.mean(list(scores.values())):.3f} |", flush=True)

    print("| what | tuned sets | held out | all |\n| --- | --- | --- | --- |")
    plain = {name: np.mean([normalized_mutual_info_score(labelled(name)[1], baseline(*labelled(name)[::2], seed))
                            for seed in range(5)]) for name in swedish_sets()}
    print(f"| TfidfVectorizer() + KMeans | {np.mean([v for n, v in plain.items() if n not in HELD_OUT]):.3f} | "
          f"{np.mean([v for n, v in plain.items() if n in HELD_OUT]):.3f} | {np.mean(list(plain.values())):.3f} |")
    row("stems + n-grams 1.0", split_on=False, synonyms=False, abbreviate=False, char=1.0, counted=1)
    row("+ compound splitting", synonyms=False, abbreviate=False, char=1.0, counted=1)
    row("+ synonyms, no splitting", split_on=False, abbreviate=False, char=1.0, counted=1)
    row("+ splitting + synonyms", abbreviate=False, char=1.0, counted=1)
    row("+ abbreviations", char=1.0, counted=1)
    row("n-gram weight 0.5", char=0.5, counted=1)
    row("n-gram weight 0.25, concepts counted twice (chosen)")
    row("n-gram weight 0", char=0.0, counted=1)
    row("chosen, without splitting", split_on=False)
    row("chosen, without synonyms", synonyms=False)
    row("chosen, without abbreviations", abbreviate=False)
    row("chosen, split margin 1", margin=1)
    row("chosen, concepts counted once", counted=1)
    row("chosen, concepts counted three times", counted=3)
    setting()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "stc"))
    parser.add_argument("--only", choices=sorted(BENCHMARKS))
    parser.add_argument("--levers", action="store_true", help="measure each choice on the Swedish sets instead")
    args = parser.parse_args()
    if args.levers:
        levers()
        return 0
    evening_timing()
    board_words_timing()
    swedish_table()
    order_invariance()
    print()
    if not os.path.isdir(args.data):
        print(f"skipped the benchmarks: {os.path.abspath(args.data)} is absent (see ../shared/README.md)")
        return 0
    print("| data set | method | NMI | ARI | accuracy | seconds |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, groups in BENCHMARKS.items():
        if args.only and name != args.only:
            continue
        texts, labels = load(args.data, name)
        started = time.perf_counter()
        plain = baseline(texts, groups)
        print(score(name, "TfidfVectorizer() + KMeans", labels, plain, time.perf_counter() - started), flush=True)
        started = time.perf_counter()
        themes = suggest_themes(texts, groups, "en")
        print(score(name, "suggest_themes", labels, as_assignment(themes, len(texts)), time.perf_counter() - started),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
