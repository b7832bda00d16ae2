"""Calibrate and measure the imprint on our own forums and strategies (tests/data/imprint).

Åsby (calibration): for thresholds from 0.05 to 0.50, precision and recall of the (text, statement)
pairs the tool says take each other up, against the hand-made mapping, and of the "reached"
verdicts; top-1 (is the best statement one of the hand-mapped ones, for texts the strategy does
take up); and a leave-one-theme-out check. Norrvik (held out, written after the threshold was
set): the same figures at TAKEN_UP, with no tuning.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from clustering.matching import TAKEN_UP  # noqa: E402
from sessions.imprint import imprint  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "data", "imprint")


SETS = {"asby": ("forum-asby-v1.json", "naringslivsprogram-asby.md", "mapping-asby.json"),
        "norrvik": ("forum-norrvik-v2.json", "naringslivsstrategi-norrvik.txt", "mapping-norrvik.json")}


def load(name: str = "asby"):
    def read(filename):
        with open(os.path.join(DATA, filename), encoding="utf-8") as handle:
            return handle.read()

    export, strategy, mapping = SETS[name]
    return json.loads(read(export)), read(strategy), json.loads(read(mapping))


def top1(rows) -> tuple[int, int]:
    """How many texts the strategy takes up have a hand-mapped statement as their best; of how many."""
    taken_up = [(evidence, ids) for _, evidence, ids in rows if ids]
    return sum(bool(evidence) and evidence[0]["statement_id"] in ids for evidence, ids in taken_up), len(taken_up)


def show(figures) -> str:
    return (f"pairs P {figures['pair_precision']:.3f} R {figures['pair_recall']:.3f}; reached P "
            f"{figures['reached_precision']:.3f} R {figures['reached_recall']:.3f}; accuracy {figures['accuracy']:.3f}")


def gold_ids(result, snippets):
    ids = set()
    for snippet in snippets:
        hits = [s["id"] for s in result["statements"] if snippet in s["text"]]
        assert len(hits) == 1, f"mapping snippet {snippet!r} matches {hits}"
        ids.add(hits[0])
    return ids


def items(result, mapping):
    """(theme, evidence, gold statement ids) for every theme and proposal."""
    out = [(t["title"], t["evidence"], gold_ids(result, mapping["themes"][t["title"]])) for t in result["themes"]]
    out += [(p["theme"], p["evidence"], gold_ids(result, mapping["proposals"][p["text"]])) for p in result["proposals"]]
    return out


def measure(rows, threshold):
    predicted = {(i, e["statement_id"]) for i, (_, evidence, _) in enumerate(rows) for e in evidence
                 if e["score"] >= threshold}
    gold = {(i, s) for i, (_, _, ids) in enumerate(rows) for s in ids}
    hits = len(predicted & gold)
    said = [bool(evidence) and evidence[0]["score"] >= threshold for _, evidence, _ in rows]
    truly = [bool(ids) for _, _, ids in rows]
    right = sum(s and t for s, t in zip(said, truly))
    return {"pair_precision": hits / len(predicted) if predicted else 1.0, "pair_recall": hits / len(gold),
            "reached_precision": right / sum(said) if any(said) else 1.0, "reached_recall": right / sum(truly),
            "accuracy": sum(s == t for s, t in zip(said, truly)) / len(rows)}


def introduce(name: str, label: str) -> list:
    """Run the imprint on one set, print its size and top-1, and return its rows."""
    document, strategy, mapping = load(name)
    result = imprint(document, strategy)
    rows = items(result, mapping)
    hits, taken_up = top1(rows)
    print(f"{label}: {len(result['themes'])} themes, {len(result['proposals'])} proposals, "
          f"{len(result['statements'])} statements; {taken_up} texts the strategy takes up by the hand-made mapping")
    print(f"top-1 (best statement is a hand-mapped one): {hits / taken_up:.3f} ({hits} of {taken_up})")
    return rows


def main():
    rows = introduce("asby", "Åsby (calibration)")
    print("threshold  pairs P   pairs R   reached P  reached R  accuracy")
    thresholds = [round(0.05 + 0.01 * step, 2) for step in range(46)]
    for threshold in thresholds:
        figures = measure(rows, threshold)
        mark = "  <- TAKEN_UP" if threshold == TAKEN_UP else ""
        print(f"{threshold:9.2f}  {figures['pair_precision']:7.3f}  {figures['pair_recall']:7.3f}  "
              f"{figures['reached_precision']:9.3f}  {figures['reached_recall']:9.3f}  {figures['accuracy']:8.3f}{mark}")
    # Leave one theme (with its proposals) out: choose the threshold on the others, judge the one left out.
    themes = sorted({theme for theme, _, _ in rows})
    correct = total = 0
    for left_out in themes:
        training = [row for row in rows if row[0] != left_out]
        best = max(thresholds, key=lambda t: (round(measure(training, t)["accuracy"], 6), -abs(t - TAKEN_UP)))
        for _, evidence, ids in (row for row in rows if row[0] == left_out):
            correct += (bool(evidence) and evidence[0]["score"] >= best) == bool(ids)
            total += 1
    print(f"leave-one-theme-out accuracy of the reached verdict: {correct / total:.3f} ({correct} of {total})\n")

    rows = introduce("norrvik", "Norrvik (held out, threshold not tuned)")
    print(f"at {TAKEN_UP}: {show(measure(rows, TAKEN_UP))}")


if __name__ == "__main__":
    main()
