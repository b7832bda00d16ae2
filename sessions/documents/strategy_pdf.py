"""Reading an adopted strategy published as a PDF (a text PDF, as municipalities publish them).

pdfminer.six reads it, because its layout analysis puts a column's lines together as text boxes and
orders the boxes (two columns come out one after the other; pypdf gives a page's text in drawing
order, which mixes the columns line by line). From the boxes the text is written as the other readers
write it: a paragraph per box, headings (larger type) as "#", bullets as "-"; running heads and feet
(the same line at the top or bottom of most pages) and page numbers are dropped, and a word hyphenated
at a line's end is joined again ("närings-" + "livet": "näringslivet"; "skol- och" stays).

The guard is :mod:`sessions.ground.file_limits`, as for every file: the size; before pdfminer sees
the file, every compressed stream is inflated in 64 KB steps against the limits and dropped
(:meth:`Reading.check_inflated`; pdfminer inflates a stream whole: a few KB that inflate to gigabytes
would take the process's memory), nesting deeper
than any document's and a page count past the limit are refused; then pages are counted as they are
read and the clock is checked every few hundred characters. An encrypted PDF, one without text (a scan)
and one pdfminer cannot read are refused with their own words; pdfminer's exceptions never leave here.
"""

import io
import re
import statistics
from collections import Counter
from typing import NamedTuple

from sessions.ground.errors import DomainError
from sessions.ground.file_limits import Reading

PDF_SIGNATURE = b"%PDF-"
NESTING_MAX = 64  # arrays or dictionaries in one another; a strategy's PDF needs a handful
_DEEP = re.compile(rb"(?:\[\s*){%d}|(?:<<\s*){%d}" % (NESTING_MAX, NESTING_MAX))
_STREAM = re.compile(rb"stream\r?\n")
_PAGE_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")
_PAGE_NUMBER = re.compile(r"^(?:sida\s+)?\d{1,4}(?:\s*(?:av|/|\()\s*\d{1,4}\)?)?$", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[•●▪■◦–—\-*]|\(cid:\d+\))\s*(?=\S)")
_KEEP_HYPHEN = ("och", "eller", "samt", "respektive", "som")  # "skol- och förskola": the hyphen is meant
_CHECK_EVERY = 500  # characters between looks at the clock
EDGE = 0.08  # the top and bottom of a page, as a share of its height: where running heads and feet stand


class Box(NamedTuple):
    """A text box of a page: its top, bottom, left and right as shares of the page, its type size, its text."""

    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str


def pdf_text(reading: Reading, content: bytes) -> str:
    """The strategy's text from a PDF, paragraphs apart, headings as "#" and bullets as "-"."""
    if not content.lstrip()[:1024].startswith(PDF_SIGNATURE):
        raise DomainError("strategy.pdf_damaged")
    _check_structure(reading, content)
    pages = _pages(reading, content)
    text = _write(pages)
    if not text.strip():
        raise DomainError("strategy.no_text")
    reading.add_characters(len(text))
    return text


def _check_structure(reading: Reading, content: bytes) -> None:
    """What would cost pdfminer more than a strategy: deep nesting, a page count past the limit, and
    compressed streams that inflate past the limits (each inflated here, 64 KB at a time, and dropped)."""
    if _DEEP.search(content):
        raise DomainError("strategy.pdf_damaged")
    limit = reading.limits.counts["pages"]
    for match in _PAGE_COUNT.finditer(content):
        if int(match.group(1) or match.group(2)) > limit:
            raise reading.refusal("too_many_pages", limit=limit)
    for match in _STREAM.finditer(content):
        end = content.find(b"endstream", match.end())
        if end < 0:
            break
        header = content[max(0, match.start() - 512):match.start()]
        if b"/FlateDecode" in header or b"/Fl " in header or b"/Fl]" in header:
            reading.check_inflated(content[match.end():end])
        reading.check_time()


def _pages(reading: Reading, content: bytes) -> list[list[Box]]:
    """Each page's text boxes in reading order."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTTextBox
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    class Device(PDFPageAggregator):
        """Looks at the clock while a page is drawn: one page's content may be long."""

        drawn = 0

        def render_char(self, *args, **kwargs):
            self.drawn += 1
            if self.drawn % _CHECK_EVERY == 0:
                reading.check_time()
            return super().render_char(*args, **kwargs)

    pages = []
    try:
        document = PDFDocument(PDFParser(io.BytesIO(content)))
        if document.encryption is not None:
            raise DomainError("strategy.encrypted")
        resources = PDFResourceManager(caching=True)
        device = Device(resources, laparams=LAParams())
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.create_pages(document):
            reading.count("pages")
            reading.check_time()
            interpreter.process_page(page)
            width = float(page.mediabox[2] - page.mediabox[0]) or 1.0
            height = float(page.mediabox[3] - page.mediabox[1]) or 1.0
            boxes = []
            for item in device.get_result():
                if isinstance(item, LTTextBox):
                    sizes = [char.size for line in item for char in line if isinstance(char, LTChar)]
                    boxes.append(Box((height - item.y1) / height, (height - item.y0) / height, item.x0 / width,
                                     item.x1 / width, statistics.median(sizes) if sizes else 0.0, item.get_text()))
            pages.append(_in_reading_order(boxes))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise DomainError("strategy.encrypted") from None
    except DomainError:
        raise
    except Exception:  # whatever pdfminer meets in a broken file (a RecursionError too) is one refusal
        raise DomainError("strategy.pdf_damaged") from None
    return pages


def _in_reading_order(boxes: list["Box"]) -> list["Box"]:
    """A page's boxes as a person reads them: what spans the page in turn, and between two such, the
    left column top to bottom, then the right."""
    ordered: list[Box] = []
    band: list[Box] = []

    def close_band() -> None:
        ordered.extend(sorted((b for b in band if b.x1 <= 0.55), key=lambda b: b.top))
        ordered.extend(sorted((b for b in band if b.x1 > 0.55), key=lambda b: b.top))
        band.clear()

    for box in sorted(boxes, key=lambda b: b.top):
        if box.x0 < 0.45 and box.x1 > 0.55:  # across the middle: a heading or text over the whole width
            close_band()
            ordered.append(box)
        else:
            band.append(box)
    close_band()
    return ordered


def _normal(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _repeated(pages) -> set[str]:
    """Lines at the top or bottom of at least half the pages (two at least): running heads and feet."""
    if len(pages) < 2:
        return set()
    seen: Counter = Counter()
    for boxes in pages:
        edges = {_normal(line) for box in boxes if box.top < EDGE or box.bottom > 1 - EDGE
                 for line in box.text.splitlines() if line.strip()}
        seen.update(edges)
    return {line for line, number in seen.items() if number >= max(2, len(pages) / 2)}


def _joined(lines: list[str]) -> str:
    """A box's lines as one paragraph; a word hyphenated at a line's end joined again."""
    text = ""
    for line in lines:
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower() \
                and line.split()[0].strip(".,;:") not in _KEEP_HYPHEN:
            text = text[:-1] + line
        elif text:
            text += " " + line
        else:
            text = line
    return text


def _write(pages) -> str:
    repeated = _repeated(pages)
    sizes = [box.size for boxes in pages for box in boxes for _ in range(len(box.text)) if box.size]
    body = statistics.median(sizes) if sizes else 0.0
    paragraphs: list[str] = []
    for boxes in pages:
        for box in boxes:
            at_edge = box.top < EDGE or box.bottom > 1 - EDGE
            lines = [" ".join(line.split()) for line in box.text.splitlines()]
            lines = [line for line in lines if line and not (at_edge and _normal(line) in repeated)
                     and not (at_edge and _PAGE_NUMBER.match(line))]
            if not lines:
                continue
            if body and box.size >= body * 1.2 and sum(map(len, lines)) < 150:
                paragraphs.append("# " + " ".join(lines))
                continue
            items: list[list[str]] = []
            for line in lines:
                if _BULLET.match(line) or not items:
                    items.append([_BULLET.sub("", line)] if _BULLET.match(line) else [line])
                    if _BULLET.match(line):
                        items[-1].insert(0, "- ")
                else:
                    items[-1].append(line)
            for item in items:
                paragraphs.append(item[0] + _joined(item[1:]) if item[0] == "- " else _joined(item))
    return "\n\n".join(paragraphs) + "\n"
