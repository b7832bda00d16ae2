"""Reading the strategy an organiser brings (DOCX, PDF, TXT, MD) as text with its headings and lists kept.

Whatever arrives, the result is the strategy's text or a refusal with a stable code, within the
limits of :data:`STRATEGY_LIMITS` (see :mod:`sessions.ground.file_limits`): never an exception of a
library, and never more work than a long strategy needs.

A DOCX is not opened with python-docx: it loads every part into memory and looks up a paragraph's
style by scanning every style, for every paragraph (5,000 paragraphs took 10.8 s). Instead the
styles part is read once into a map of style ids, and the document part streams through a small
target that keeps, for each paragraph of the body, its text, its style and its list level; the
paragraph is then written as python-docx's reading did (headings as "#", list items as "-").
"""

import os
import posixpath
import re
import zipfile

from clustering.matching import split_statements
from sessions.documents.strategy_pdf import pdf_text
from sessions.ground.errors import DomainError
from sessions.ground.file_limits import MB, FileLimits, Reading, XmlTarget
from sessions.people.list_files import decode

STRATEGY_TYPES = (".txt", ".md", ".docx", ".pdf")
# A long strategy is some 100 pages: 2,000 paragraphs, 300,000 characters. The limits leave room for
# ten times that and stop what no strategy is (a million tiny paragraphs, a gigabyte of XML).
STRATEGY_LIMITS = FileLimits(
    kind="strategy",
    file_bytes=10 * MB,
    unpacked_bytes=100 * MB,  # images included; only the text parts are unpacked
    part_bytes=64 * MB,
    # "pages": the PDF reader (strategy_pdf.py) counts them and looks at the clock per page.
    counts={"paragraphs": 20_000, "lines": 100_000, "elements": 500_000, "pages": 1_000},
    characters=2_000_000,
    seconds=10,
)
STRATEGY_MAX_BYTES = STRATEGY_LIMITS.file_bytes
LIST_DEPTH_MAX = 8  # Word's list levels are 0-8

_WORDPROCESSING = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                   "http://purl.oclc.org/ooxml/wordprocessingml/main")  # transitional and strict
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TRAILING_NUMBER = re.compile(r"(\d+)$")


def read_strategy(filename: str, content: bytes) -> str:
    """The strategy's text from a .txt, .md or .docx file, with its headings and lists kept."""
    extension = os.path.splitext(filename or "")[1].lower()
    if extension not in STRATEGY_TYPES:
        raise DomainError("strategy.bad_type")
    reading = Reading(STRATEGY_LIMITS)
    reading.check_size(content)
    if extension == ".pdf":
        text = pdf_text(reading, content)
    else:
        text = _docx_text(reading, content) if extension == ".docx" else _plain_text(reading, content)
    if not split_statements(text):
        raise DomainError("strategy.empty")
    return text


def _plain_text(reading: Reading, content: bytes) -> str:
    text, _ = decode(content, unreadable="strategy.unreadable")
    reading.add_characters(len(text))
    reading.count("lines", text.count("\n") + text.count("\r") - text.count("\r\n") + 1)
    reading.check_time()
    return text


# --- DOCX --------------------------------------------------------------------------------------

def _docx_text(reading: Reading, content: bytes) -> str:
    archive = reading.open_zip(content)
    names = set(archive.namelist())
    document = _related(reading, archive, names, "", "officeDocument") or "word/document.xml"
    if document not in names:
        raise DomainError("strategy.unreadable")  # a zip, but no Word document in it
    styles = _Styles()
    styles_part = _related(reading, archive, names, document, "styles")
    if styles_part in names:
        reading.parse_xml(archive, styles_part, styles)
    body = _Body(styles)
    reading.parse_xml(archive, document, body)
    if not body.is_document:
        raise DomainError("strategy.unreadable")
    return "\n".join(body.lines)


def _related(reading: Reading, archive: zipfile.ZipFile, names: set[str], source: str, kind: str) -> str | None:
    """The part that ``source`` (a part's name, "" for the package) names as its ``kind`` (e.g. "styles")."""
    folder, base = posixpath.split(source)
    relationships = posixpath.join(folder, "_rels", f"{base}.rels")
    if relationships not in names:
        return None
    found = _Relationships(kind)
    reading.parse_xml(archive, relationships, found)
    if found.target is None:
        return None
    target = found.target.lstrip("/") if found.target.startswith("/") else posixpath.join(folder, found.target)
    return posixpath.normpath(target)


class _Relationships(XmlTarget):
    def __init__(self, kind: str):
        super().__init__()
        self.suffix = f"/{kind}"
        self.target: str | None = None

    def opened(self, tag, attrib) -> None:
        if tag == f"{{{_RELATIONSHIPS}}}Relationship" and self.target is None \
                and attrib.get("Type", "").endswith(self.suffix) and attrib.get("TargetMode") != "External":
            self.target = attrib.get("Target")


class _Styles(XmlTarget):
    """Paragraph styles' names by id, and the default one, as Word shows them (lower case)."""

    def __init__(self):
        super().__init__()
        self.names: dict[str, str] = {}
        self.default = ""
        self._style: tuple[str, bool] | None = None  # (id, is the default) of the style being read

    def opened(self, tag, attrib) -> None:
        namespace, _, name = tag[1:].partition("}")
        if namespace not in _WORDPROCESSING:
            return
        w = f"{{{namespace}}}"
        if name == "style" and len(self.path) == 2:
            if attrib.get(f"{w}type", "paragraph") == "paragraph":
                self._style = (attrib.get(f"{w}styleId", ""), attrib.get(f"{w}default") in ("1", "true", "on"))
        elif name == "name" and self._style is not None and len(self.path) == 3:
            style_id, default = self._style
            style_name = attrib.get(f"{w}val", "").lower()
            self.names.setdefault(style_id, style_name)
            if default:
                self.default = style_name

    def closed(self, tag) -> None:
        if len(self.path) == 2:
            self._style = None

    def name(self, style_id: str | None) -> str:
        """A paragraph's style name; an unknown or missing id is the default style, as in Word."""
        return self.names.get(style_id, self.default) if style_id else self.default


class _Body(XmlTarget):
    """The body's paragraphs as they stream by (as python-docx's ``Document.paragraphs`` saw them:
    runs directly in the paragraph or in a hyperlink), written as Markdown-like lines."""

    markers = {"paragraphs": (b"<w:p>", b"<w:p ", b"<w:p/>")}

    def __init__(self, styles: _Styles):
        super().__init__()
        self.styles = styles
        self.lines: list[str] = []
        self.is_document = False
        self._in_paragraph = False
        self._in_text = False
        self._parts: list[str] = []
        self._style_id: str | None = None
        self._numbered = False
        self._level = 0

    def _names(self, namespace: str) -> None:
        w = f"{{{namespace}}}"
        self.BODY, self.P, self.PPR, self.R, self.HYPERLINK, self.T = (
            f"{w}{name}" for name in ("body", "p", "pPr", "r", "hyperlink", "t"))
        self.PSTYLE, self.NUMPR, self.ILVL, self.VAL, self.TYPE = (
            f"{w}{name}" for name in ("pStyle", "numPr", "ilvl", "val", "type"))
        # What a run's content elements add to its text, as python-docx's Run.text reads them.
        self.RUN_TEXT = {f"{w}tab": " ", f"{w}ptab": " ", f"{w}cr": " ", f"{w}noBreakHyphen": "-"}
        self.BR = f"{w}br"

    def opened(self, tag, attrib) -> None:
        path = self.path
        depth = len(path)
        if depth == 1:
            namespace, _, name = tag[1:].partition("}")
            self.is_document = namespace in _WORDPROCESSING and name == "document"
            self._names(namespace)
            return
        if depth == 3:
            if tag == self.P and path[1] == self.BODY:
                self._in_paragraph, self._parts, self._style_id, self._numbered, self._level = True, [], None, False, 0
            return
        if not self._in_paragraph or depth < 5:
            return
        parent, child_of_paragraph = path[-2], path[3]
        if child_of_paragraph == self.PPR:
            if depth == 5 and tag == self.PSTYLE:
                self._style_id = attrib.get(self.VAL)
            elif depth == 5 and tag == self.NUMPR:
                self._numbered = True
            elif depth == 6 and tag == self.ILVL and parent == self.NUMPR:
                level = attrib.get(self.VAL, "0")
                self._level = min(int(level), LIST_DEPTH_MAX) if level.isdigit() else 0
        elif parent == self.R and (depth == 5 and child_of_paragraph == self.R or
                                   depth == 6 and child_of_paragraph == self.HYPERLINK):
            if tag == self.T:
                self._in_text = True
            elif tag in self.RUN_TEXT:
                self._parts.append(self.RUN_TEXT[tag])
            elif tag == self.BR and attrib.get(self.TYPE, "textWrapping") == "textWrapping":
                self._parts.append(" ")

    def text(self, text: str) -> None:
        if self._in_text:
            self.reading.add_characters(len(text))
            self._parts.append(text)

    def closed(self, tag) -> None:
        if self._in_text and tag == self.T:
            self._in_text = False
        elif self._in_paragraph and len(self.path) == 3:
            self._in_paragraph = False
            self.reading.count("paragraphs")
            self._write_paragraph()

    def _write_paragraph(self) -> None:
        text = " ".join("".join(self._parts).split())
        if not text:
            return
        style = self.styles.name(self._style_id)
        if style == "title" or style.startswith(("heading", "rubrik")):
            number = _TRAILING_NUMBER.search(style)
            level = int(number.group(1)) if number else 1
            self.lines += [f"{'#' * min(max(level, 1), 6)} {text}", ""]
        elif self._numbered or style.startswith(("list", "liststycke")):
            self.lines.append(f"{'  ' * self._level}- {text}")
        else:
            self.lines += ["", text, ""]
