"""Grouping short texts into themes: TF-IDF with stemming, stop words and character n-grams.

One entry point, :func:`suggest_themes`. It knows nothing of events or tables: it takes texts and
returns groups of their indices with a readable label. The machine suggests; people decide.
"""

from clustering.themes import Theme, suggest_themes

__all__ = ["Theme", "suggest_themes"]
