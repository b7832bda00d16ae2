"""Grouping short texts into themes: TF-IDF of Swedish-aware terms and character n-grams.

:func:`suggest_themes` makes labelled groups of texts' indices, the same for the same texts in
any order, each with the shared words that grouped it; :func:`shared_words` finds those words again
for groups as people have since changed them; :func:`nearest_themes` places further texts under
groups people settled on. :mod:`clustering.text` turns a text into its terms (stems, compound
parts, municipal synonyms) for anything else that compares texts, such as matching themes against
a strategy (``terms``, ``shared_terms``). It knows nothing of events or tables.
The machine suggests; people decide.
"""

from clustering.themes import Theme, nearest_themes, shared_words, suggest_themes

__all__ = ["Theme", "nearest_themes", "shared_words", "suggest_themes"]
