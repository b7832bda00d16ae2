"""Text as people typed it, made safe to store, show and export: the one place text is cleaned.

Every text that reaches storage (ideas, priorities, proposals, parking notes, theme titles, event
fields, names, the organiser's lists) passes :func:`clean_text`, so no stored text can break a
DOCX or XLSX export or a page: control characters are removed, a lone UTF-16 surrogate (which
no encoder can write) becomes U+FFFD, and "å" typed as a + ring is the same "å" as typed whole.

Characters nobody sees are removed too, so a text cannot look like another ("Anna Be\u200brg" is
"Anna Berg", and an import finds her) nor turn a page around: bidi overrides, embeddings, isolates
and marks, zero-width spaces, the word joiner, soft hyphens (the projector adds its own, see
``dialog_app/hyphenation.py``), fillers, and tag characters outside a flag. What joins characters
where people see the join stays: the zero-width joiner inside an emoji sequence ("👩\u200d💻"), and
the joiner and non-joiner between letters of Arabic, Persian and Indic scripts, which spell words.
"""

import functools
import re
import unicodedata

from sessions.ground.errors import DomainError

# C0 controls but tab and newline, DEL, and the two non-characters XML 1.0 forbids: invisible to
# people, and python-docx and openpyxl refuse to write them.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Invisible and never needed in an evening's text: bidi marks (ALM, LRM, RLM), embeddings and overrides
# (U+202A-202E) and isolates (U+2066-2069); soft hyphen, combining grapheme joiner, Hangul and Khmer
# fillers, Mongolian vowel separator, zero-width space, word joiner, invisible operators, deprecated
# format characters, byte-order mark, interlinear annotation.
_HIDDEN = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u202a-\u202e"
                     "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]")
_EMOJI = ("\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u25fe\u2600-\u27bf"
          "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff")
_JOINING_SCRIPTS = "\u0600-\u08ff\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufefe"
# A joiner stays between two emoji (the first maybe with its presentation selector or skin tone), and
# a joiner or non-joiner between two letters of a script that joins its letters; elsewhere it goes.
_JOINER = re.compile(f"(?<=[{_EMOJI}\ufe0f])\u200d(?=[{_EMOJI}])"
                     f"|(?<=[{_JOINING_SCRIPTS}])[\u200c\u200d](?=[{_JOINING_SCRIPTS}])"
                     "|([\u200c\u200d])")
# A variation selector after a Latin letter changes nothing anyone sees ("Anna\ufe0f").
_LATIN_VARIATION = re.compile("(?<=[A-Za-z\u00c0-\u024f])[\ufe00-\ufe0f]+")
# Tag characters belong only in a subdivision flag (black flag, tags, cancel tag); elsewhere they hide text.
_TAGS = re.compile("(\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f)|[\U000e0000-\U000e007f]")


def normalise_text(value, *, one_line: bool = False) -> str:
    """The cleaned text, possibly empty; anything but a string counts as empty."""
    if not isinstance(value, str):
        return ""
    text = _LONE_SURROGATE.sub("\ufffd", value)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _HIDDEN.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINER.sub(lambda found: "" if found.group(1) else found.group(0), text)
    text = _LATIN_VARIATION.sub("", text)
    if text and max(text) >= "\U000e0000":
        text = _TAGS.sub(lambda found: found.group(1) or "", text)
    if one_line:
        return " ".join(text.split())
    return text.strip()


def clean_text(value, *, limit: int, code: str | None = None, empty: str | None = None,
               too_long: str | None = None, one_line: bool = False, required: bool = True, **params) -> str:
    """Cleaned text within ``limit`` characters, or a refusal.

    The refusal codes are ``{code}.empty`` and ``{code}.too_long`` unless ``empty`` and
    ``too_long`` name others; ``params`` go with either (e.g. which form field it was)."""
    text = normalise_text(value, one_line=one_line)
    if required and not text:
        raise DomainError(empty or f"{code}.empty", **params)
    if len(text) > limit:
        raise DomainError(too_long or f"{code}.too_long", limit=limit, length=len(text), **params)
    return text


# Letters NFKD does not take apart, as they appear in Nordic and other European names.
_BASE_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "œ": "oe"})


@functools.lru_cache(maxsize=20_000)
def search_key(text: str) -> str:
    """``text`` as it is typed at the door on any keyboard: no case, no accents ("oberg" finds "Öberg"),
    nothing hidden (a name stored before hidden characters were cleaned away is found too)."""
    decomposed = unicodedata.normalize("NFKD", normalise_text(str(text)).casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(letters.translate(_BASE_LETTERS).split())
