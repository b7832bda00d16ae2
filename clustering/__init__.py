"""Grouping short texts into themes: TF-IDF of Swedish-aware terms and character n-grams.

:func:`suggest_themes` makes labelled groups of texts' indices, the same for the same texts in
any order, each with the shared words that grouped it; :func:`shared_words` finds those words again
for groups as people have since changed them; :func:`place` (and :func:`nearest_themes`) places
further texts under groups people settled on, only where it is confident, and says why.
:mod:`clustering.matching` finds a strategy's statements that take up a forum's themes, with a
verdict. :mod:`clustering.text` turns a text into its terms (stems, compound parts, municipal
synonyms) for all of them (``terms``, ``shared_terms``). It knows nothing of events or tables.
The machine suggests; people decide.
"""

from clustering.labels import shared_words
from clustering.placement import Placement, nearest_themes, place
from clustering.themes import Theme, suggest_themes

__all__ = ["Placement", "Theme", "nearest_themes", "place", "shared_words", "suggest_themes"]
