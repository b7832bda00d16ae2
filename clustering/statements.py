"""A document's statements: a strategy cut into what it commits to, each with its section.

:func:`split_statements` cuts a document (plain text or Markdown: headings, paragraphs, bullet
lists) into statements, each with its section heading; a bullet carries the lead-in that introduces
it ("Kommunen ska därför:"), which is no statement of its own. Pure functions: no knowledge of
events, themes or files.
"""

import re
from collections import Counter
from dataclasses import dataclass

# The heading's text; its closing #s are cut apart (a lazy match with "\s*#*\s*$" took minutes on a line
# with a few thousand spaces in it).
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^(\s*)(?:[-*•–—▪◦·]|\d{1,2}[.)])\s+(.*)$")
_SENTENCE_END = (".", "!", "?")
HEADING_MAX_WORDS = 10


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    section: str


# --- statements --------------------------------------------------------------------------------

@dataclass
class _Element:
    kind: str  # "heading", "paragraph" or "bullet"
    text: str
    level: int = 0  # headings: 1 for "#"; bullets: depth of indentation, 0 outermost
    after_blank: bool = False


def _indent_depth(spaces: str) -> int:
    width = len(spaces.replace("\t", "    "))
    return 0 if width == 0 else 1 + (width - 1) // 2


def _heading_text(text: str) -> str:
    return text.rstrip().rstrip("#").rstrip()


def _elements(text: str) -> list[_Element]:
    elements: list[_Element] = []
    wrapped: dict[int, list[str]] = {}  # an element's wrapped lines, joined once (adding each one copied it all)
    blank = True
    open_paragraph = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            blank, open_paragraph = True, False
            continue
        heading, bullet = _HEADING.match(line.strip()), _BULLET.match(line)
        if heading:
            elements.append(_Element("heading", _heading_text(heading.group(2)), len(heading.group(1)), blank))
            open_paragraph = False
        elif bullet and bullet.group(2).strip():
            elements.append(_Element("bullet", bullet.group(2).strip(), _indent_depth(bullet.group(1)), blank))
            open_paragraph = False
        elif open_paragraph or (elements and elements[-1].kind == "bullet" and not blank and raw[:1].isspace()):
            wrapped.setdefault(len(elements) - 1, []).append(line.strip())  # goes on with the one above
        else:
            elements.append(_Element("paragraph", line.strip(), 0, blank))
            open_paragraph = True
        blank = False
    for index, lines in wrapped.items():
        elements[index].text = " ".join([elements[index].text, *lines])
    return elements


def _looks_like_heading(element: _Element, following: _Element | None) -> bool:
    """A plain-text heading: a short line standing alone, without a sentence's full stop.

    "Inriktning:" followed by a paragraph is a heading too; followed by a list it is a lead-in."""
    text = element.text
    if (element.kind != "paragraph" or len(text.split()) > HEADING_MAX_WORDS
            or text.endswith(_SENTENCE_END + (",", ";"))):
        return False
    if text.endswith(":"):
        return following is not None and following.kind == "paragraph"
    return following is None or following.after_blank


def split_statements(text: str) -> list[Statement]:
    """The document's statements in order, ids "s1", "s2", …; a heading used twice is numbered."""
    elements = _elements(text)
    statements: list[Statement] = []
    section = ""
    seen_sections: Counter = Counter()
    headings: list[tuple[int, str, int]] = []  # (level, text, position) of the headings above, outermost first
    lead_ins: list[tuple[int, str, bool]] = []  # (level, text, has children deeper than itself)

    for index, element in enumerate(elements):
        following = elements[index + 1] if index + 1 < len(elements) else None
        if element.kind == "heading" or _looks_like_heading(element, following):
            # A plain-text label ("Inriktning:") sits under the heading above it.
            level = element.level if element.kind == "heading" else 2 if element.text.endswith(":") else 1
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, element.text.rstrip(":").strip(), index))
            # The document's title (its first line) names no section once a heading below it does.
            shown = headings[1:] if len(headings) > 1 and headings[0][2] == 0 else headings
            name = " › ".join(text for _, text, _ in shown)
            seen_sections[name] += 1
            section = name if seen_sections[name] == 1 else f"{name} ({seen_sections[name]})"
            lead_ins = []
            continue
        introduces_list = element.text.endswith(":") and following is not None and following.kind == "bullet"
        if element.kind == "paragraph":
            lead_ins = [(-1, element.text, False)] if introduces_list else []
            if not introduces_list:
                statements.append(Statement(f"s{len(statements) + 1}", element.text, section))
            continue
        # A bullet: drop the lead-ins whose list it has left.
        while lead_ins:
            level, _, has_children = lead_ins[-1]
            if element.level > level:
                break
            # Same level: its list still goes on when the lead-in had no deeper items ("Förvaltningen
            # ska:" then "- Ta initiativ …"), or when pasted text lost the indent of a fragment.
            same_list = element.level == level and not introduces_list and (
                not has_children or not element.text.endswith(_SENTENCE_END))
            if same_list:
                break
            lead_ins.pop()
        if lead_ins and element.level > lead_ins[-1][0] >= 0:
            lead_ins[-1] = (lead_ins[-1][0], lead_ins[-1][1], True)
        if introduces_list:
            lead_ins.append((element.level, element.text, False))
            continue
        carried = " ".join(text for _, text, _ in lead_ins)
        statements.append(Statement(f"s{len(statements) + 1}", f"{carried} {element.text}".strip(), section))
    return statements
