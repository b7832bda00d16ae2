"""Grouping short texts into themes: TF-IDF with stemming, stop words and character n-grams.

:func:`suggest_themes` makes labelled groups of texts' indices; :func:`nearest_themes` places
further texts under groups people settled on. It knows nothing of events or tables.
The machine suggests; people decide.
"""

from clustering.themes import Theme, nearest_themes, suggest_themes

__all__ = ["Theme", "nearest_themes", "suggest_themes"]
