"""Placing further texts under themes people settled on, only where the tool is confident.

"Liknande idéer från borden": each of the evening's other ideas goes under the theme it is about, or
stays with its table. A theme is its texts (its title and the tables' priorities); an idea is compared
with each theme as :mod:`clustering.matching` compares a statement with what was asked (terms,
compound parts, concepts and character n-grams, weighed by rarity among the themes). An idea is placed
only when its nearest theme scores at least PLACE_FROM and leads the next one by at least LEAD: an idea
under the wrong theme misleads the council, one left with its table costs little (precision before
recall). Both were chosen on the tuned placement set only (bench/placement.py --calibrate).
"""

from dataclasses import dataclass

from clustering.matching import Asked, Space

PLACE_FROM = 0.1   # the nearest theme's score, from which an idea may be placed under it
LEAD = 0.08       # how far the nearest theme must lead the next one


@dataclass(frozen=True)
class Placement:
    """Where one text goes: ``theme`` (an index, None where it stays with its table) and why:
    the ``nearest`` theme whatever the confidence, its ``score`` (0 to 1), its ``lead`` over the
    next theme, and the theme's words the text met (``shared_terms``, as the theme writes them)."""

    theme: int | None
    nearest: int | None
    score: float
    lead: float
    shared_terms: list[str]


def place(themes: list[list[str]], texts: list[str], language: str = "sv") -> list[Placement]:
    """For each text, its placement under one of ``themes`` (each given by its own texts)."""
    if not themes:
        return [Placement(None, None, 0.0, 0.0, []) for _ in texts]
    space = Space([" ".join(str(text or "") for text in group) for group in themes], None, language)
    placements = []
    for text in texts:
        asked = Asked((str(text or ""),))
        scores = space.scores(asked)
        order = sorted(range(len(themes)), key=lambda index: (-round(float(scores[index]), 6), index))
        best = order[0]
        # Rounded as shown, so that what the report prints is what was decided on.
        score = round(float(scores[best]), 3)
        lead = round(float(scores[best]) - (float(scores[order[1]]) if len(order) > 1 else 0.0), 3)
        if score <= 0:
            placements.append(Placement(None, None, 0.0, 0.0, []))
            continue
        confident = score >= PLACE_FROM and lead >= LEAD
        placements.append(Placement(best if confident else None, best, score, lead, space.shared(asked, best)))
    return placements


def nearest_themes(themes: list[list[str]], texts: list[str], language: str = "sv") -> list[int | None]:
    """For each text, the index of the theme it belongs under, or ``None`` where the tool is not
    confident of one (see :func:`place`, which also says why)."""
    return [placement.theme for placement in place(themes, texts, language)]
