"""Text as people typed it, made safe to store, show and export: the one place text is cleaned.

Every text that reaches storage (ideas, priorities, proposals, parking notes, theme titles, event
fields, names, the organiser's lists) passes :func:`clean_text`, so no stored text can break a
DOCX or XLSX export or a page: control characters are removed, a lone UTF-16 surrogate (which
no encoder can write) becomes U+FFFD, and "å" typed as a + ring is the same "å" as typed whole.
"""

import re
import unicodedata

from sessions.errors import DomainError

# C0 controls but tab and newline, DEL, and the two non-characters XML 1.0 forbids: invisible to
# people, and python-docx and openpyxl refuse to write them.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_text(value, *, one_line: bool = False) -> str:
    """The cleaned text, possibly empty; anything but a string counts as empty."""
    if not isinstance(value, str):
        return ""
    text = _LONE_SURROGATE.sub("\ufffd", value)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
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

