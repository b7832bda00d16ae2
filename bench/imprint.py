"""Calibrate and measure the imprint on our own forums and strategies (tests/data/imprint).

Åsby (calibration): for thresholds from 0.05 to 0.50, precision and recall of the (text, statement)
pairs the tool says take each other up, against the hand-made mapping, and of the "reached"
verdicts; top-1 (is the best statement one of the hand-mapped ones, for texts the strategy does
take up); and a leave-one-theme-out check. Then every set of tests/data/imprint (each mapping names
its split: tuned on, or held out and never tuned on; Lerum's real strategy is read from ../shared):
top-1 for themes and proposals apart, and the figures at TAKEN_UP, with the tuned and held-out
means apart.

    .venv/bin/python bench/imprint.py
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from clustering.matching import TAKEN_UP  # noqa: E402
from matching_data import imprint_sets, unavailable_imprint_sets  # noqa: E402
from sessions.imprint import imprint  # noqa: E402


def load(name: str = "asby"):
    """(export, strategy text, mapping) of one set of tests/data/imprint."""
    chosen = imprint_sets()[name]
    return chosen.export, chosen.strategy, chosen.mapping


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

    every_set()


def every_set() -> None:
    """Each set at TAKEN_UP, held out apart: what a strategy and forum the tool has not seen get."""
    columns = ["top-1 themes", "top-1 proposals", "pairs P", "pairs R", "reached P", "reached R", "accuracy"]
    print(f"At TAKEN_UP = {TAKEN_UP}:\n\n| set | split | statements | texts taken up | themes reached (tool, hand) | " +
          " | ".join(columns) + " |\n|" + " --- |" * (len(columns) + 5))
    means: dict[str, list[list[float]]] = {"tuned": [], "held_out": []}
    for name, chosen in sorted(imprint_sets().items(), key=lambda item: (item[1].split != "tuned", item[0])):
        result = imprint(chosen.export, chosen.strategy)
        rows = items(result, chosen.mapping)
        themes = len(result["themes"])
        theme_hits, theme_total = top1(rows[:themes])
        proposal_hits, proposal_total = top1(rows[themes:])
        figures = measure(rows, TAKEN_UP)
        values = [theme_hits / theme_total, proposal_hits / proposal_total, figures["pair_precision"],
                  figures["pair_recall"], figures["reached_precision"], figures["reached_recall"], figures["accuracy"]]
        means[chosen.split].append(values)
        reached = sum(theme["reached"] for theme in result["themes"])
        print(f"| {name} | {chosen.split} | {len(result['statements'])} | {theme_total} + {proposal_total} | "
              f"{reached}, {theme_total} of {themes} | {theme_hits}/{theme_total} | "
              f"{proposal_hits}/{proposal_total} | " +
              " | ".join(f"{value:.3f}" for value in values[2:]) + " |")
    for split, rows_of in means.items():
        if rows_of:
            print(f"| mean, {split} ({len(rows_of)}) | | | | | " +
                  " | ".join(f"{sum(column) / len(column):.3f}" for column in zip(*rows_of)) + " |")
    for name, path in unavailable_imprint_sets().items():
        print(f"skipped {name}: {path} is absent (see ../shared/README.md)")


if __name__ == "__main__":
    main()
