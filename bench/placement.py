"""How right "Liknande idéer från borden" is: the tool's placement of the tables' other ideas under themes.

For every set of tests/data/placement (an evening's final themes with their priorities, and ideas
labelled with the theme they belong under or with none), the ideas are placed as the report places
them (sessions.evening.board.similar_ideas: each theme is its title and its priorities; the placer is
dialog_app's, clustering.nearest_themes in Swedish) and scored: precision (of the ideas placed,
how many sit under their own theme), recall (of the ideas that belong under a theme, how many are
placed there), and how many of the ideas that fit no theme were placed all the same. Tuned and held
out apart, beside the placement before issue 22 (every idea under its most similar theme, unless it
shares nothing with any). The figure to watch is held-out precision (precision before recall: an idea
left with its table costs little, one under the wrong theme misleads the council).

``--calibrate`` shows how PLACE_FROM and LEAD (clustering/placement.py) were chosen, on the tuned sets
only: the pair with the highest recall whose precision is at least 0.9, ties to the higher thresholds.

    .venv/bin/python bench/placement.py [--calibrate]

Last run (December 2026): tuned (lerum) precision 0.481 -> 0.947, recall 0.743 -> 0.514, ideas that fit
nowhere placed 100 % -> 0 %; held out (alvsala, kvarnby, run only to report) precision 0.545 -> 0.886,
recall 0.767 -> 0.390, fitting nowhere placed 85 % -> 11 %.
"""

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import clustering.placement as placement_module  # noqa: E402
import clustering.themes as themes_module  # noqa: E402
from clustering import nearest_themes, place  # noqa: E402
from clustering.text import analyzer  # noqa: E402
from support.matching_data import SPLITS, PlacementSet, placement_sets  # noqa: E402

PRECISION = 0.9


def theme_texts(placement: PlacementSet) -> list[list[str]]:
    return [[title, *priorities] for title, priorities in placement.themes]


def placed_now(placement: PlacementSet) -> list[str | None]:
    """The theme each idea is placed under, as the report does it, or None where it stays with its table."""
    nearest = nearest_themes(theme_texts(placement), [text for text, _ in placement.ideas], "sv")
    return [None if index is None else placement.themes[index][0] for index in nearest]


def placed_before(placement: PlacementSet) -> list[str | None]:
    """Before issue 22 (clustering.themes' grouping features, today's word lists): the most similar
    theme for any similarity above 0."""
    words_of = analyzer("sv")
    everything = [" ".join(group) for group in theme_texts(placement)] + [text for text, _ in placement.ideas]
    counted, themes_module.CONCEPT_COUNT = themes_module.CONCEPT_COUNT, 1  # as it was then
    try:
        features = themes_module._features([words_of.terms(text) for text in everything], "sv")
    finally:
        themes_module.CONCEPT_COUNT = counted
    themes = len(placement.themes)
    similarity = (features[themes:] @ features[:themes].T).toarray()
    return [placement.themes[row.argmax()][0] if row.max() > 0 else None for row in similarity]


def scores(placement: PlacementSet, placed: list[str | None]) -> dict[str, float]:
    gold = [theme for _, theme in placement.ideas]
    put = [(tool, truth) for tool, truth in zip(placed, gold) if tool is not None]
    right = sum(tool == truth for tool, truth in put)
    belongs = sum(truth is not None for truth in gold)
    nowhere = [tool for tool, truth in zip(placed, gold) if truth is None]
    return {"placed": len(put), "precision": right / len(put) if put else 1.0, "recall": right / belongs,
            "fits nowhere, placed": sum(tool is not None for tool in nowhere) / len(nowhere)}


def table() -> None:
    names = ["placed", "precision", "recall", "fits nowhere, placed"]
    print(f"PLACE_FROM {placement_module.PLACE_FROM}, LEAD {placement_module.LEAD}\n")
    print("| set | split | ideas | fit a theme | placer | " + " | ".join(names) + " |\n|" + " --- |" * (len(names) + 5))
    by_split: dict[tuple[str, str], list[dict[str, float]]] = {}
    for name, placement in sorted(placement_sets().items(), key=lambda item: (item[1].split != "tuned", item[0])):
        belongs = sum(theme is not None for _, theme in placement.ideas)
        for placer, placed in (("before", placed_before(placement)), ("now", placed_now(placement))):
            figures = scores(placement, placed)
            by_split.setdefault((placement.split, placer), []).append(figures)
            print(f"| {name} | {placement.split} | {len(placement.ideas)} | {belongs} | {placer} | "
                  f"{figures['placed']} | " + " | ".join(f"{figures[key]:.3f}" for key in names[1:]) + " |")
    for split in SPLITS:
        for placer in ("before", "now"):
            rows = by_split.get((split, placer))
            if rows:
                print(f"| mean, {split} ({len(rows)}) | | | | {placer} | | " +
                      " | ".join(f"{sum(row[key] for row in rows) / len(rows):.3f}" for key in names[1:]) + " |")


def calibrate() -> None:
    """PLACE_FROM and LEAD from the tuned sets only."""
    tuned = placement_sets("tuned")
    found = {name: place(theme_texts(p), [text for text, _ in p.ideas], "sv") for name, p in tuned.items()}
    print(f"Tuned sets: {', '.join(sorted(tuned))}\n\n| PLACE_FROM | LEAD | placed | precision | recall |\n"
          "| --- | --- | --- | --- | --- |")
    best = None
    for place_from in [round(0.02 * step, 2) for step in range(0, 16)]:
        for lead in [round(0.02 * step, 2) for step in range(0, 11)]:
            put = right = belongs = 0
            for name, p in tuned.items():
                for (_text, truth), placement in zip(p.ideas, found[name]):
                    belongs += truth is not None
                    if placement.nearest is not None and placement.score >= place_from and placement.lead >= lead:
                        put += 1
                        right += p.themes[placement.nearest][0] == truth
            precision, recall = (right / put if put else 1.0), right / belongs
            if lead in (0.0, 0.04, 0.06, 0.08, 0.1) and place_from in (0.0, 0.06, 0.1, 0.14, 0.2):
                print(f"| {place_from} | {lead} | {put} | {precision:.3f} | {recall:.3f} |")
            key = (precision >= PRECISION, round(recall, 6), place_from, lead)
            if best is None or key > best[0]:
                best = (key, place_from, lead)
    print(f"\nchosen: PLACE_FROM {best[1]}, LEAD {best[2]} (precision at least {PRECISION}, then recall); "
          f"in clustering/placement.py: {placement_module.PLACE_FROM}, {placement_module.LEAD}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="choose the thresholds on the tuned sets only")
    if parser.parse_args().calibrate:
        calibrate()
    else:
        table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
