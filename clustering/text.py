"""Turning a short note into the words that carry its meaning, in Swedish or English."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from stop_words import get_stop_words

LANGUAGES = {"sv": "swedish", "en": "english"}

# Letters only: numbers in short notes ("2030", "5 min") say little about the theme.
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass
class Analyzer:
    """Lower-cased words without stop words, reduced to their stems (bygglovet → bygglov).

    Also remembers which written form each stem came from most often, so labels read as
    words people wrote rather than as stems."""

    language: str
    stop_words: frozenset[str] = field(init=False)
    _stemmer: object = field(init=False, repr=False)
    _cache: dict[str, str] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self):
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {sorted(LANGUAGES)}, not {self.language!r}")
        self.stop_words = _stop_words(self.language)
        self._stemmer = snowballstemmer.stemmer(LANGUAGES[self.language])

    def stem(self, word: str) -> str:
        # Stemming in pure Python is the slow part on 20,000 texts; the vocabulary is far smaller.
        stemmed = self._cache.get(word)
        if stemmed is None:
            stemmed = self._cache[word] = self._stemmer.stemWord(word)
        return stemmed

    def words(self, text: str) -> list[str]:
        return [word for word in _WORD.findall(text.lower()) if len(word) > 1 and word not in self.stop_words]

    def stems(self, text: str) -> list[str]:
        return [self.stem(word) for word in self.words(text)]


@lru_cache(maxsize=None)
def _stop_words(language: str) -> frozenset[str]:
    return frozenset(get_stop_words(LANGUAGES[language]))


def normalise(text: str) -> str:
    """The form two notes share when they say the same thing: case and spacing ignored."""
    return " ".join(str(text or "").lower().split())
