"""What reading a file people bring may cost: one guard for every kind of file the app reads.

A participant list (CSV, XLSX) and a strategy (DOCX, TXT, MD, and PDF) are each read inside a
:class:`Reading` with the :class:`FileLimits` of their kind, checked before and while they are read:

- the file's size;
- for a zip (XLSX, DOCX): the sizes its directory declares, before anything is unpacked, and the
  bytes actually unpacked, counted in 64 KB chunks while streaming (a member whose declared size
  lies stops at that size, and its checksum then fails); a PDF's compressed streams likewise
  (:meth:`Reading.check_inflated`);
- what a person would count in it (rows, paragraphs, lines, pages) and what a parser builds
  (XML elements, their depth), counted as they stream by, never all held at once;
- the characters of text kept;
- the time since the file arrived (a PDF reader asks :meth:`Reading.check_time` per page).

The first limit passed refuses the file with ``DomainError("{kind}.{reason}", ...)`` and nothing is
kept. The PDF reader (sessions/documents/strategy_pdf.py, pdfminer) needed nothing new here::

    reading = Reading(STRATEGY_LIMITS)
    reading.check_size(content)
    for page in pages:               # as the library yields them, never all at once
        reading.count("pages")       # strategy.too_many_pages
        reading.check_time()         # strategy.too_slow
        text = page.extract_text()
        reading.add_characters(len(text))  # strategy.too_long
 XML is parsed by lxml as a stream of events into a small target object, never into a tree:
a DTD is refused (so no entity is ever expanded: no billion laughs), the network is off, and text
is counted as it arrives.
"""

import io
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from sessions.ground import clock
from sessions.ground.errors import DomainError

MB = 1024 * 1024
CHUNK_BYTES = 65_536
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls and .doc, and password-protected .xlsx and .docx
ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class FileLimits:
    """What reading one kind of file may cost. Refusals are ``"{kind}.{reason}"``."""

    kind: str  # "import", "strategy"
    file_bytes: int
    unpacked_bytes: int = 0  # a zip's members together, as declared and as unpacked
    part_bytes: int = 0  # one member of a zip
    zip_members: int = 2_000
    counts: Mapping[str, int] = field(default_factory=dict)  # e.g. {"paragraphs": 20_000}: "too_many_paragraphs"
    characters: int = 0  # text kept; 0 when not counted
    seconds: float = 10.0
    xml_depth: int = 256


class Reading:
    """One file being read against its limits; the clock starts when the file arrives."""

    def __init__(self, limits: FileLimits):
        self.limits = limits
        self.started = clock.now()
        self.counted: Counter = Counter()
        self.characters = 0
        self.unpacked = 0

    def refusal(self, reason: str, **params) -> DomainError:
        return DomainError(f"{self.limits.kind}.{reason}", **params)

    def check_size(self, content: bytes) -> None:
        if len(content) > self.limits.file_bytes:
            raise self.refusal("too_big", limit_mb=self.limits.file_bytes // MB)

    def check_time(self) -> None:
        if clock.now() - self.started > self.limits.seconds:
            raise self.refusal("too_slow", seconds=round(self.limits.seconds))

    def count(self, what: str, number: int = 1) -> None:
        """``number`` more ``what`` (paragraphs, lines, pages, elements); refused past the limit."""
        self.counted[what] += number
        limit = self.limits.counts[what]
        if self.counted[what] > limit:
            raise self.refusal(f"too_many_{what}", limit=limit)

    def add_characters(self, number: int) -> None:
        self.characters += number
        if self.characters > self.limits.characters:
            raise self.refusal("too_long", limit=self.limits.characters)

    # --- zips ------------------------------------------------------------------------------------

    def open_zip(self, content: bytes) -> zipfile.ZipFile:
        """The zip, once its directory promises no more than the limits; nothing is unpacked yet."""
        if content.startswith(OLE2_SIGNATURE):
            raise self.refusal("old_format")
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise self.refusal("unreadable") from None
        members = archive.infolist()
        if not members:
            raise self.refusal("unreadable")
        if len(members) > self.limits.zip_members:
            raise self._unpacked_too_big()
        if any(member.flag_bits & 0x1 for member in members):
            raise self.refusal("old_format")  # encrypted members
        if any(member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for member in members):
            # Office writes only these; zipfile unpacks bzip2 and LZMA without a bound on one read.
            raise self.refusal("unreadable")
        if sum(member.file_size for member in members) > self.limits.unpacked_bytes \
                or max(member.file_size for member in members) > self.limits.part_bytes:
            raise self._unpacked_too_big()
        return archive

    def check_inflated(self, data: bytes) -> None:
        """A compressed stream (a PDF's FlateDecode) inflated 64 KB at a time against the unpacked limits
        and dropped, before a library that inflates it whole sees it; a broken stream is the library's to judge."""
        inflater, inflated = zlib.decompressobj(), 0
        try:
            while data:
                chunk = inflater.decompress(data, CHUNK_BYTES)
                data = inflater.unconsumed_tail
                inflated += len(chunk)
                self.unpacked += len(chunk)
                if inflated > self.limits.part_bytes or self.unpacked > self.limits.unpacked_bytes:
                    raise self._unpacked_too_big()
                if not chunk:
                    break
        except zlib.error:
            return

    def _unpacked_too_big(self) -> DomainError:
        return self.refusal("unpacked_too_big", limit_mb=self.limits.unpacked_bytes // MB)

    def chunks(self, archive: zipfile.ZipFile, member: str | zipfile.ZipInfo, *,
               again: bool = False) -> Iterator[bytes]:
        """A member's bytes as they are unpacked, 64 KB at a time, counted against the limits and the clock
        (``again``: a second pass over a member already counted)."""
        unpacked = 0
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(CHUNK_BYTES):
                    unpacked += len(chunk)
                    self.unpacked += 0 if again else len(chunk)
                    if unpacked > self.limits.part_bytes or self.unpacked > self.limits.unpacked_bytes:
                        raise self._unpacked_too_big()
                    self.check_time()
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error):
            # A checksum that fails (a member longer than its directory says), a cut-off or odd stream.
            raise self.refusal("damaged") from None

    def _count_elements(self, archive: zipfile.ZipFile, member: str,
                        markers: Mapping[str, tuple[bytes, ...]]) -> None:
        """Count a part's elements in its bytes before any is parsed (at most one per "<" that opens no end
        tag): a million empty elements are refused in milliseconds, where parsing them took seconds. The
        refusal names what most of them are when ``markers`` say it (b"<w:p>" ... for "paragraphs")."""
        limit, elements = self.limits.counts["elements"] - self.counted["elements"], 0
        marked: Counter = Counter()
        for chunk in self.chunks(archive, member):
            elements += chunk.count(b"<") - chunk.count(b"</")
            for what, patterns in markers.items():
                marked[what] += sum(chunk.count(pattern) for pattern in patterns)
            if elements > limit:
                for what, number in marked.items():
                    if number > self.limits.counts[what]:
                        raise self.refusal(f"too_many_{what}", limit=self.limits.counts[what])
                break
        self.count("elements", elements)

    def parse_xml(self, archive: zipfile.ZipFile, member: str, target: "XmlTarget") -> None:
        """Stream one member's XML into ``target``; a DTD, a malformed document or a limit refuses it."""
        from lxml import etree

        self._count_elements(archive, member, target.markers)
        target.reading = self
        parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True, huge_tree=False,
                                 load_dtd=False, dtd_validation=False)
        try:
            for chunk in self.chunks(archive, member, again=True):
                parser.feed(chunk)
            parser.close()
        except etree.XMLSyntaxError:
            raise self.refusal("damaged") from None


class XmlTarget:
    """Receives an XML part's events (lxml's parser target) with the guard's checks done first: no
    DTD, depth bounded (elements and time are counted per chunk by :meth:`Reading.parse_xml`).
    Subclasses get ``path`` (the tags from the root down to the element that starts or ends) and
    define ``opened``, ``closed`` and ``text``."""

    reading: Reading
    # What most elements are, told by their start tags in the bytes, to name a refusal (see parse_xml).
    markers: Mapping[str, tuple[bytes, ...]] = {}

    def __init__(self):
        self.path: list[str] = []

    def doctype(self, *_) -> None:
        raise self.reading.refusal("damaged")  # OOXML has no DTD; one here is an entity bomb or worse

    def start(self, tag: str, attrib) -> None:
        path = self.path
        path.append(tag)
        if len(path) > self.reading.limits.xml_depth:
            raise self.reading.refusal("damaged")
        self.opened(tag, attrib)

    def end(self, tag: str) -> None:
        self.closed(tag)
        self.path.pop()

    def data(self, text: str) -> None:
        self.text(text)

    def close(self) -> None:
        return None

    def opened(self, tag: str, attrib) -> None:
        pass

    def closed(self, tag: str) -> None:
        pass

    def text(self, text: str) -> None:
        pass
