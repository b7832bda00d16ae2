"""Turning a short note into the terms that carry its meaning, in Swedish or English.

One implementation for everything that compares texts by their words: grouping priorities into
themes, placing ideas under themes, and matching themes against a strategy document.

    >>> terms("Pendeltågsstationen behöver större parkering")
    ['pendeltågsstation', 'pendeltåg', 'station', 'kollektivtrafik', 'behöv', 'parkering']
    >>> shared_terms("Kompetensförsörjning för industrin", "Säkra tillgången på utbildad arbetskraft")
    ['kompetens']

A term is a word's stem (snowball, after stop words are dropped); for Swedish also the stems of a
compound's parts, split against the Swedish word list shipped in ``wordfreq``
(pendeltågsstationen → pendeltåg + station), and the name of the municipal concept a word belongs
to in ``sv_synonyms.txt`` (tillstånd, handläggning → bygglov). Abbreviations that table secretaries
use ("ftg", "komm.") are written out first (``sv_abbreviations.txt``).
"""

import os
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from math import sqrt
from typing import Any

import snowballstemmer
from stop_words import get_stop_words

LANGUAGES = {"sv": "swedish", "en": "english"}

# Letters only: numbers in short notes ("2030", "5 min") say little about the theme.
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_DATA = os.path.dirname(os.path.abspath(__file__))

# Compound splitting (Koehn & Knight 2003): split where the parts are, on average, more common
# words than the whole. Parts shorter than four letters are suffixes more often than words.
SHORTEST_PART = 4
SHORTEST_COMPOUND = 2 * SHORTEST_PART
MOST_PARTS = 3
# Words rarer than this in the word list are typos and names more often than compound parts.
RAREST_PART = 5e-7
# A split must make the parts this many times more common than the whole word: lexicalised
# compounds (näringslivet, kollektivtrafik, flygplatsen) stay whole (measured in bench/grouping.py).
SPLIT_MARGIN = 10
# What joins the parts of a Swedish compound: bostad-s-brist, skol(a)-gård, arbet(e)-s-plats.
_JOINS = (("", ""), ("s", ""), ("", "a"), ("s", "e"))
# Endings that the word list also holds as words of their own ("bussarna" is no buss + arna).
_ENDINGS = frozenset("arna erna orna ande ende heter het else ning ningar".split())


@dataclass(frozen=True)
class Term:
    """One term of a text and the form in which the text wrote it (stem "station", written
    "stationen"); ``kind`` says where it came from: the whole "word", a compound's "part", or the
    "concept" of sv_synonyms.txt that one of those belongs to."""

    stem: str
    written: str
    kind: str = "word"


# The letters after which the Swedish Snowball stemmer takes a final s for a genitive ending.
S_ENDING = frozenset("bcdfghjklmnoprtvy")


@dataclass
class Analyzer:
    """Lower-cased words without stop words, reduced to their terms (see the module's docstring)."""

    language: str
    stop_words: frozenset[str] = field(init=False)
    _stemmer: Any = field(init=False, repr=False)
    _cache: dict[str, str] = field(init=False, repr=False, default_factory=dict)
    _terms: dict[str, tuple[Term, ...]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self):
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {sorted(LANGUAGES)}, not {self.language!r}")
        self.stop_words = _stop_words(self.language)
        self._stemmer = snowballstemmer.stemmer(LANGUAGES[self.language])

    def stem(self, word: str) -> str:
        # Stemming in pure Python is the slow part on 20,000 texts; the vocabulary is far smaller.
        stemmed = self._cache.get(word)
        if stemmed is None:
            stemmed = self._stemmer.stemWord(word)
            plural_genitive = word.endswith(("ors", "ars", "ers")) and len(word) > 5
            if self.language == "sv" and plural_genitive and stemmed == word[:-1]:
                # A plural's genitive lost only its s ("kvinnors" → "kvinnor"): stem the plural, as "kvinnor" is.
                stemmed = self._stemmer.stemWord(stemmed)
            if self.language == "sv" and len(stemmed) > 3 and stemmed[-1] == "s" and stemmed[-2] in S_ENDING:
                # Snowball drops a final s (the genitive) from "plats" but keeps it in "platser" →
                # "plats"; dropping it from the stem too gives every form of the word one stem.
                stemmed = stemmed[:-1]
            self._cache[word] = stemmed
        return stemmed

    def words(self, text: str) -> list[str]:
        """The text's own words, lower-cased, abbreviations written out, stop words dropped."""
        words = WORD.findall(text.lower())
        if self.language == "sv":
            expand = _swedish_abbreviations()
            words = [part for word in words for part in expand.get(word, (word,))]
        return [word for word in words if len(word) > 1 and word not in self.stop_words]

    def stems(self, text: str) -> list[str]:
        return [self.stem(word) for word in self.words(text)]

    def word_terms(self, word: str) -> tuple[Term, ...]:
        """The terms of one word (lower case, not a stop word): its stem first, then its parts' and concepts'."""
        found = self._terms.get(word)
        if found is None:
            found = self._terms[word] = self._word_terms(word)
        return found

    def _word_terms(self, word: str) -> tuple[Term, ...]:
        whole = Term(self.stem(word), word)
        if self.language != "sv":
            return (whole,)
        found = [whole]
        parts = split_compound(word)
        if len(parts) > 1:
            found += [Term(self.stem(part), part, "part") for part in parts]
        concepts = _swedish_concepts()
        for term in list(found):
            concept = concepts.get(term.stem)
            if concept:
                found.append(Term(concept, term.written, "concept"))
        unique: dict[str, Term] = {}
        for term in found:
            unique.setdefault(term.stem, term)
        return tuple(unique.values())

    def terms(self, text: str) -> list[Term]:
        """Every term of ``text`` with its written form, in the order written (repeats kept)."""
        return [term for word in self.words(text) for term in self.word_terms(word)]


def terms(text: str, language: str = "sv") -> list[str]:
    """The terms of ``text`` after stop words, stemming, compound splitting and synonyms.

    Two texts share a term when they speak of the same thing: "Bygglovshandläggningen tar tid"
    and "Snabbare tillstånd" share "bygglov". Repeats are kept, in the order written."""
    return [term.stem for term in analyzer(language).terms(str(text or ""))]


def shared_terms(first: str, second: str, language: str = "sv") -> list[str]:
    """The terms two texts have in common, as ``first`` wrote them, in its order."""
    theirs = {term.stem for term in analyzer(language).terms(str(second or ""))}
    shared: dict[str, str] = {}
    for term in analyzer(language).terms(str(first or "")):
        if term.stem in theirs:
            shared.setdefault(term.stem, term.written)
    return list(shared.values())


@cache
def analyzer(language: str) -> Analyzer:
    """One analyzer a language, shared: it remembers every word it has seen, which makes it fast."""
    return Analyzer(language)


@cache
def _stop_words(language: str) -> frozenset[str]:
    return frozenset(get_stop_words(LANGUAGES[language]))


def normalise(text: str) -> str:
    """The form two notes share when they say the same thing: case and spacing ignored."""
    return " ".join(str(text or "").lower().split())


# --- Swedish compounds ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _swedish_frequencies() -> dict[str, float]:
    """wordfreq's large Swedish list (340,000 words with their frequencies): the words that can
    be parts of a compound, so no stop word ("för", "till") and nothing shorter than SHORTEST_PART."""
    import wordfreq  # imported here: English-only callers never pay for loading it

    stop_words = _stop_words("sv")
    return {word: frequency for word, frequency in wordfreq.get_frequency_dict("sv", wordlist="large").items()
            if frequency >= RAREST_PART and len(word) >= SHORTEST_PART and word.isalpha()
            and word not in stop_words}


@lru_cache(maxsize=100_000)
def _swedish_stem(word: str) -> str:
    return analyzer("sv").stem(word)


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """A Swedish compound's parts as words of their own, or ``(word,)`` when it is none.

    >>> split_compound("kompetensförsörjningen")
    ('kompetens', 'försörjningen')
    """
    word = word.lower()
    frequencies = _swedish_frequencies()
    parts, score = _best_split(word, frequencies, MOST_PARTS)
    return parts if len(parts) > 1 and score > SPLIT_MARGIN * frequencies.get(word, 0.0) else (word,)


def _best_split(word: str, frequencies: dict[str, float], most_parts: int) -> tuple[tuple[str, ...], float]:
    """The split of ``word`` into a modifier and a head (the last part, which keeps the word's
    ending) whose parts have the highest geometric mean frequency. Two words are tried first; a
    modifier that is itself a compound (kompetens-försörjnings-plan) only when no two words fit,
    because a mean over more parts favours short common words."""
    best: tuple[tuple[str, ...], float] = ((), 0.0)
    compound_modifiers = []
    for cut in range(SHORTEST_PART, len(word) - SHORTEST_PART + 1):
        head = word[cut:]
        if head in _ENDINGS:
            continue
        # The head carries the word's ending, and the list may lack that form: try the stem too.
        head_frequency = frequencies.get(head) or frequencies.get(_swedish_stem(head), 0.0)
        if not head_frequency:
            continue
        for join, restore in _JOINS:
            if not word[:cut].endswith(join):
                continue
            modifier = word[:cut - len(join)] + restore
            modifier_frequency = frequencies.get(modifier, 0.0)
            if modifier_frequency:
                score = sqrt(modifier_frequency * head_frequency)
                if score > best[1]:
                    best = ((modifier, word[cut:]), score)
            elif not restore and len(modifier) >= SHORTEST_COMPOUND and not (modifier.endswith("s") and not join):
                # (A modifier ending in s is tried without it: bostad-s-försörjning-s-program.)
                compound_modifiers.append((modifier, cut, head_frequency))
    if best[0] or most_parts < 3:
        return best
    for modifier, cut, head_frequency in compound_modifiers:
        inner, inner_score = _best_split(modifier, frequencies, most_parts - 1)
        if inner:
            score = (inner_score ** len(inner) * head_frequency) ** (1 / (len(inner) + 1))
            if score > best[1]:
                best = (inner + (word[cut:],), score)
    return best


# --- Swedish abbreviations and synonyms ----------------------------------------------------------

def _data_lines(name: str):
    with open(os.path.join(_DATA, name), encoding="utf-8") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if line:
                yield line


@lru_cache(maxsize=1)
def _swedish_abbreviations() -> dict[str, tuple[str, ...]]:
    """``sv_abbreviations.txt``: "ftg = företag" lines, the abbreviation without its full stop."""
    expansions = {}
    for line in _data_lines("sv_abbreviations.txt"):
        short, full = (side.strip() for side in line.split("=", 1))
        expansions[short.lower()] = tuple(full.lower().split())
    return expansions


@lru_cache(maxsize=1)
def _swedish_concepts() -> dict[str, str]:
    """``sv_synonyms.txt``: "concept: word word ..." lines, as stem → the concept's own stem."""
    stem = analyzer("sv").stem  # the texts' own stemming, or a listed word would miss its inflections
    concepts: dict[str, str] = {}
    for line in _data_lines("sv_synonyms.txt"):
        name, words = line.split(":", 1)
        concept = stem(name.strip().lower())
        for word in words.split():
            concepts.setdefault(stem(word.lower()), concept)
    return concepts
