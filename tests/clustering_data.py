"""The small Swedish labelled set in tests/data/: 60 notes as an evening's tables might write them."""

import csv
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "swedish_notes.tsv")


def swedish_notes() -> list[tuple[str, str]]:
    """(text, theme) pairs; six themes of ten notes each."""
    with open(DATA, encoding="utf-8", newline="") as handle:
        return [(row["text"], row["theme"]) for row in csv.DictReader(handle, delimiter="\t")]
