"""Labelled sets for placing texts against other texts, split into tuned and held out.

- Imprint sets (tests/data/imprint): a forum's export, the strategy the council adopted, and a hand-made
  mapping (``mapping-NAME.json``) saying which statements take up each theme and proposal; the
  mapping also names the set's split, export and strategy. A strategy named ``shared:PATH`` is read
  from ``../shared/PATH`` and never copied into the project (Lerum's real strategy); without that
  folder the set is left out, and :func:`unavailable_imprint_sets` says so.
- Placement sets (tests/data/placement): an evening's final themes with their priorities, and the
  tables' other ideas, each labelled with the theme it belongs under or ``None`` ("Liknande idéer
  från borden" should leave it with its table).

No app, no database: bench/ imports this too.
"""

import json
import os
from dataclasses import dataclass

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMPRINT = os.path.join(TESTS, "data", "imprint")
PLACEMENT = os.path.join(TESTS, "data", "placement")
SHARED = os.path.join(os.path.dirname(TESTS), "..", "shared")
SPLITS = ("tuned", "held_out")


@dataclass(frozen=True)
class ImprintSet:
    name: str
    split: str
    export: dict  # the forum's export, any schema version sessions.documents.document reads
    strategy: str  # the strategy's text
    strategy_path: str
    mapping: dict  # {"themes": {title: [snippet]}, "proposals": {text: [snippet]}}; a snippet names one statement


@dataclass(frozen=True)
class PlacementSet:
    name: str
    split: str
    themes: list[tuple[str, list[str]]]  # (title, the tables' priorities)
    ideas: list[tuple[str, str | None]]  # (idea, the title of the theme it belongs under, or None)


def _check_split(split: str | None) -> None:
    if split not in (None, *SPLITS):
        raise ValueError(f"split is one of {SPLITS}, not {split!r}")


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _mappings() -> dict[str, dict]:
    names = sorted(f[len("mapping-"):-len(".json")] for f in os.listdir(IMPRINT)
                   if f.startswith("mapping-") and f.endswith(".json"))
    return {name: json.loads(_read(os.path.join(IMPRINT, f"mapping-{name}.json"))) for name in names}


def _strategy_path(named: str) -> str:
    if named.startswith("shared:"):
        return os.path.normpath(os.path.join(SHARED, named[len("shared:"):]))
    return os.path.join(IMPRINT, named)


def imprint_sets(split: str | None = None) -> dict[str, ImprintSet]:
    """The imprint sets by name (of ``split`` when given) whose strategy can be read here."""
    _check_split(split)
    sets = {}
    for name, mapping in _mappings().items():
        path = _strategy_path(mapping["strategy"])
        if (split is None or mapping["split"] == split) and os.path.isfile(path):
            sets[name] = ImprintSet(name, mapping["split"], json.loads(_read(os.path.join(IMPRINT, mapping["export"]))),
                                    _read(path), path, mapping)
    return sets


def unavailable_imprint_sets() -> dict[str, str]:
    """Sets left out because their strategy is absent (../shared not mounted): name -> the missing path."""
    return {name: path for name, mapping in _mappings().items()
            if not os.path.isfile(path := _strategy_path(mapping["strategy"]))}


def placement_sets(split: str | None = None) -> dict[str, PlacementSet]:
    """The placement sets by name (``lerum`` for ``placement-lerum.json``), of ``split`` when given."""
    _check_split(split)
    sets = {}
    for filename in sorted(os.listdir(PLACEMENT)):
        if not (filename.startswith("placement-") and filename.endswith(".json")):
            continue
        document = json.loads(_read(os.path.join(PLACEMENT, filename)))
        if split is None or document["split"] == split:
            name = filename[len("placement-"):-len(".json")]
            sets[name] = PlacementSet(name, document["split"],
                                      [(theme["title"], theme["priorities"]) for theme in document["themes"]],
                                      [(idea["text"], idea["theme"]) for idea in document["ideas"]])
    return sets
