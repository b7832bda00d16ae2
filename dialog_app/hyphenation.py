"""Soft hyphens for the long Swedish words the screens show, from pyphen's Swedish dictionary.

Chromium's own ``hyphens: auto`` needs a dictionary it downloads, which a venue off the internet may
lack; without one a narrow projector column breaks "Ambassadörsprogram" anywhere. So the server
sends, with every message that carries text a screen shows, the long words in it with soft hyphens
(U+00AD) at their syllables (``{"Ambassadörsprogram": "Am\u00adbas\u00adsa\u00addörs\u00adpro\u00adgram"}``);
the pages put them in when they draw (``Dialog.shy``) and the browser breaks there, with a hyphen,
only where a line needs it. What people typed is stored and exported as they typed it. The words are
Swedish whatever the page's language: the evening's texts are.
"""

import functools
import re

import pyphen

# Shorter words fit any column; a word is a run of letters (the pages' \p{L}+ in JavaScript).
MIN_LENGTH = 8
_WORD = re.compile(r"[^\W\d_]+")
# The fields of the messages that hold text people read on a screen.
TEXT_FIELDS = frozenset({"text", "title", "vision_question", "deepen_question", "warmup_story"})


@functools.lru_cache(maxsize=1)
def _swedish() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="sv")


@functools.lru_cache(maxsize=50_000)
def hyphenated(word: str) -> str:
    return _swedish().inserted(word, hyphen="\u00ad")


def _texts(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if key in TEXT_FIELDS and isinstance(value, str):
                yield value
            elif isinstance(value, (dict, list)):
                yield from _texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from _texts(item)


def hyphens(data) -> dict[str, str]:
    """Every long word in ``data``'s texts that can be split, with its soft hyphens."""
    found: dict[str, str] = {}
    for text in _texts(data):
        for word in _WORD.findall(text):
            if len(word) >= MIN_LENGTH and word not in found:
                marked = hyphenated(word)
                if marked != word:
                    found[word] = marked
    return found


def with_hyphens(data: dict) -> dict:
    """``data`` and the hyphens of its long words, as the field ``hyphens``."""
    return data | {"hyphens": hyphens(data)}
