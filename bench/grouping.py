"""How well suggest_themes groups short texts, next to a plain baseline, on labelled benchmarks.

Reads the three short-text clustering benchmarks of the STC² paper from ../shared/data/stc/
(StackOverflow: 20,000 titles, 20 labels; SearchSnippets: 12,340 snippets, 8; Biomedical: 20,000
titles, 20) and scores, in the same run, suggest_themes(language="en") and the plain baseline
TfidfVectorizer() + KMeans with the true number of groups: NMI, adjusted Rand index, accuracy under
the best one-to-one matching of groups to labels (Hungarian), and seconds. Also times an evening's
300 Swedish notes.

    .venv/bin/python bench/grouping.py [--data ../shared/data/stc] [--only StackOverflow]
"""

import argparse
import os
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from clustering import suggest_themes  # noqa: E402

BENCHMARKS = {"StackOverflow": 20, "SearchSnippets": 8, "Biomedical": 20}


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


def baseline(texts: list[str], groups: int) -> np.ndarray:
    return KMeans(groups, random_state=0, n_init=1).fit_predict(TfidfVectorizer().fit_transform(texts))


def score(name: str, method: str, labels: np.ndarray, predicted: np.ndarray, seconds: float) -> str:
    return (f"| {name} | {method} | {normalized_mutual_info_score(labels, predicted):.3f} | "
            f"{adjusted_rand_score(labels, predicted):.3f} | {accuracy(labels, predicted):.3f} | {seconds:.2f} |")


def evening_timing() -> str:
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from clustering_data import swedish_notes  # noqa: E402

    texts = [text for text, _ in swedish_notes()]
    evening = (texts * (300 // len(texts) + 1))[:300]
    evening = [f"{text} ({index // len(texts) + 1})" if index >= len(texts) else text
               for index, text in enumerate(evening)]
    started = time.perf_counter()
    suggest_themes(evening, 6, "sv")
    return f"An evening's 300 Swedish notes (tests/data, repeated): {time.perf_counter() - started:.3f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "stc"))
    parser.add_argument("--only", choices=sorted(BENCHMARKS))
    args = parser.parse_args()
    print(evening_timing())
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
