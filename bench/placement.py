"""How right "Liknande idéer från borden" is: the tool's placement of the tables' other ideas under themes.

For every set of tests/data/placement (an evening's final themes with their priorities, and ideas
labelled with the theme they belong under or with none), the ideas are placed as the report places
them (sessions.board.similar_ideas: each theme is its title and its priorities; the placer is
dialog_app's, clustering.nearest_themes in Swedish) and scored: precision (of the ideas placed,
how many sit under their own theme), recall (of the ideas that belong under a theme, how many are
placed there), and how many of the ideas that fit no theme were placed all the same. Tuned and held
out apart; the figure to watch is held-out precision (precision before recall: an idea left with its
table costs little, one under the wrong theme misleads the council).

    .venv/bin/python bench/placement.py
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from clustering import nearest_themes  # noqa: E402
from matching_data import SPLITS, PlacementSet, placement_sets  # noqa: E402


def place(placement: PlacementSet) -> list[str | None]:
    """The theme each idea is placed under, as the report does it, or None where it stays with its table."""
    theme_texts = [[title, *priorities] for title, priorities in placement.themes]
    nearest = nearest_themes(theme_texts, [text for text, _ in placement.ideas], "sv")
    return [None if index is None else placement.themes[index][0] for index in nearest]


def scores(placement: PlacementSet, placed: list[str | None]) -> dict[str, float]:
    gold = [theme for _, theme in placement.ideas]
    put = [(tool, truth) for tool, truth in zip(placed, gold) if tool is not None]
    right = sum(tool == truth for tool, truth in put)
    belongs = sum(truth is not None for truth in gold)
    nowhere = [tool for tool, truth in zip(placed, gold) if truth is None]
    return {"placed": len(put), "precision": right / len(put) if put else 1.0, "recall": right / belongs,
            "fits nowhere, placed": sum(tool is not None for tool in nowhere) / len(nowhere)}


def main() -> int:
    names = ["placed", "precision", "recall", "fits nowhere, placed"]
    print("| set | split | ideas | fit a theme | " + " | ".join(names) + " |\n|" + " --- |" * (len(names) + 4))
    by_split: dict[str, list[dict[str, float]]] = {split: [] for split in SPLITS}
    for name, placement in sorted(placement_sets().items(), key=lambda item: (item[1].split != "tuned", item[0])):
        figures = scores(placement, place(placement))
        by_split[placement.split].append(figures)
        belongs = sum(theme is not None for _, theme in placement.ideas)
        print(f"| {name} | {placement.split} | {len(placement.ideas)} | {belongs} | {figures['placed']} | " +
              " | ".join(f"{figures[key]:.3f}" for key in names[1:]) + " |")
    for split, rows in by_split.items():
        if rows:
            print(f"| mean, {split} ({len(rows)}) | | | | | " +
                  " | ".join(f"{sum(row[key] for row in rows) / len(rows):.3f}" for key in names[1:]) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
