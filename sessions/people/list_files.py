"""Reading the list files organisers keep, without letting one file freeze the evening.

CSV comes from Excel on Windows (cp1252, semicolons), Excel's "CSV UTF-8" and "Unicode text"
(UTF-16, tabs), Outlook's contact export, Google Sheets, old Macs (CR-only line ends) and municipal
systems; XLSX from Excel and from systems that write it themselves. Whatever arrives, the result is
either the file's rows as text or a refusal with a stable code: never an exception of a library.

A spreadsheet is a zip, and a zip can unpack to far more than it weighs. So an XLSX is checked
before openpyxl sees it, by the guard every file the app reads goes through (:mod:`sessions.ground.file_limits`,
with :data:`LIST_LIMITS`): the sizes its directory declares (zipfile never unpacks more than that),
then a count of row and cell elements in the sheet XML made while streaming it in small chunks.
Only then is it read with openpyxl in read-only mode, with the declared dimension ignored and
columns capped, stopping at the first row beyond the limit. Empty rows never count; the time
the whole reading took is checked at every row.
"""

import codecs
import csv
import datetime
import io
import itertools
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from sessions.ground.errors import DomainError
from sessions.ground.file_limits import OLE2_SIGNATURE, ZIP_SIGNATURE, FileLimits, Reading
from sessions.ground.text import normalise_text

MAX_FILE_BYTES = 2 * 1024 * 1024
# Rows with something in them, after the header; empty rows are skipped and not counted.
MAX_ROWS = 5000
# A title or a blank line may stand above the header; this many non-empty rows are searched for it.
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 120  # Outlook's contact export has 92 columns
# What an XLSX may unpack to: 5,000 rows of 120 written-out columns is about 20 MB of sheet XML.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_PART_BYTES = 24 * 1024 * 1024
# Row and cell elements in all sheets together, empty ones included (openpyxl parses every one).
MAX_ROW_ELEMENTS = 100_000
MAX_CELL_ELEMENTS = 600_000
MAX_CELLS_PER_ROW = 2_000
MAX_SHARED_STRINGS = 200_000
MAX_ZIP_MEMBERS = 2_000
LIST_LIMITS = FileLimits(kind="import", file_bytes=MAX_FILE_BYTES, unpacked_bytes=MAX_UNPACKED_BYTES,
                         part_bytes=MAX_PART_BYTES, zip_members=MAX_ZIP_MEMBERS, seconds=20)

DELIMITERS = (";", ",", "\t")
# Encodings a Swedish list is written in when it is not UTF-8 (tried by charset-normalizer, in this set only:
# left free it reads a short cp1252 list as Big5).
LEGACY_ENCODINGS = ["cp1252", "iso8859_15", "mac_roman", "cp850", "utf_16_le", "utf_16_be"]
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# Row, cell and shared-string elements; and a DTD, which no spreadsheet has (it is how entity bombs come).
_ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s/>]|<(!DOCTYPE|!ENTITY)")


@dataclass
class ListFile:
    """A file's non-empty rows as text, each with the line number a spreadsheet shows for it."""

    kind: str  # "csv" or "xlsx"
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    sheet_count: int = 1


def read_list_file(content: bytes) -> ListFile:
    """The rows of a CSV or XLSX file, told apart by their content (a renamed file is still read right)."""
    if not content:
        raise DomainError("import.empty")
    reading = Reading(LIST_LIMITS)
    reading.check_size(content)
    if content.startswith(OLE2_SIGNATURE):
        raise DomainError("import.old_format")
    if content.startswith(ZIP_SIGNATURE):
        listed = _read_xlsx(reading, content)
    else:
        listed = _read_csv(reading, content)
    listed.rows = _without_empty_columns(listed.rows)
    if not listed.rows:
        raise DomainError("import.empty")
    return listed


def cell_text(value) -> str:
    """A cell as the organiser sees it in Excel: 46701234567 not 46701234567.0, a date as 2024-05-02."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ", "minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return normalise_text(str(value), one_line=True)


class _Rows:
    """Collects non-empty rows and refuses at the first one beyond what a list may hold."""

    limit = MAX_ROWS + HEADER_SEARCH_ROWS

    def __init__(self, reading: Reading):
        self.reading = reading
        self.rows: list[tuple[int, list[str]]] = []

    def add(self, line: int, values) -> None:
        self.reading.check_time()
        cells = [cell_text(value) for value in values[:MAX_COLUMNS]]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            return
        if len(self.rows) == self.limit:
            raise DomainError("import.too_many", limit=MAX_ROWS)
        self.rows.append((line, cells))


def _without_empty_columns(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Drop columns with nothing in them anywhere (exports carry dozens), so the preview shows the list."""
    width = max((len(cells) for _, cells in rows), default=0)
    used = [index for index in range(width) if any(index < len(cells) and cells[index] for _, cells in rows)]
    if len(used) == width:
        return rows
    return [(line, [cells[index] if index < len(cells) else "" for index in used]) for line, cells in rows]


# --- CSV -------------------------------------------------------------------------------------------

def decode(content: bytes, unreadable: str = "import.unreadable") -> tuple[str, str]:
    """The text and the name of its encoding: a byte-order mark, else UTF-8, else the likeliest legacy one;
    the refusal ``unreadable`` when it is none of them."""
    for bom, encoding in BOMS:
        if content.startswith(bom):
            try:
                return content.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                raise DomainError(unreadable) from None
    if b"\x00" in content[:4096]:
        # Text never holds NUL; UTF-16 without a mark does, in every other byte of ASCII letters.
        sample = content[:4096]
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return content.decode(encoding), encoding.replace("-", "_")
        except UnicodeDecodeError:
            raise DomainError(unreadable) from None
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # charset-normalizer finds the encodings the bytes make sense in; among those, a list of Swedish
    # names is told by its letters (it ranks a cp1252 "Kön" as Mac Roman "Kˆn" otherwise).
    candidates = [match.encoding for match in from_bytes(content, cp_isolation=LEGACY_ENCODINGS)]
    candidates += [encoding for encoding in LEGACY_ENCODINGS[:4] if encoding not in candidates]
    best, best_score = None, -1.0
    for encoding in sorted(candidates,
                           key=lambda name: LEGACY_ENCODINGS.index(name) if name in LEGACY_ENCODINGS else 99):
        try:
            text = content.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = letter_score(text)
        if score > best_score:
            best, best_score = (text, encoding), score
    if best is None:
        raise DomainError(unreadable)
    return best


# How much a character says "this is a Swedish list": å, ä, ö most; letters of other names in Swedish
# lists (José, Müller, Søren) less; punctuation cp1252 adds (”, –, €) least; anything else nothing.
SWEDISH_LETTERS = frozenset("åäöÅÄÖ")
NAME_LETTERS = frozenset("éÉèÈëËüÜæÆøØáÁàÀíÍóÓúÚñÑçßšŠžŽčČłŁ")
PUNCTUATION = frozenset("–—’‘“”«»€§°½´·…•")


def letter_score(text: str) -> float:
    """How much the text's non-ASCII characters look like names: 1.0 when all are letters of names."""
    unusual = [char for char in text[:200_000] if ord(char) > 127 or (ord(char) < 32 and char not in "\r\n\t")]
    if not unusual:
        return 1.0
    weights = [1.0 if char in SWEDISH_LETTERS else 0.6 if char in NAME_LETTERS else 0.3 if char in PUNCTUATION else 0.0
               for char in unusual]
    return sum(weights) / len(weights)


def _looks_like_text(text: str) -> bool:
    """A PDF or an image renamed .csv decodes as something; control characters give it away."""
    sample = text[:20_000]
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\r\n\t")
    return controls <= len(sample) // 100


def choose_delimiter(text: str) -> str:
    """The separator that splits the first lines into the same number of columns most often.

    A semicolon list may have commas in a note, and the other way round; consistency across lines
    tells them apart where counting characters does not."""
    lines = [line for line in text[:65_536].splitlines() if line.strip()][:20]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        columns, times = max(counts.items(), key=lambda item: (item[1], item[0]))
        if columns > 1 and (times, columns) > best_score:
            best, best_score = delimiter, (times, columns)
    return best


def _read_csv(reading: Reading, content: bytes) -> ListFile:
    text, encoding = decode(content)
    if not _looks_like_text(text):
        raise DomainError("import.unreadable")
    delimiter = choose_delimiter(text)
    collected = _Rows(reading)
    # newline="" lets csv see \r, \n and \r\n alike, and keep line breaks inside quoted cells.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        start = 1
        for values in reader:
            collected.add(start, values)
            start = reader.line_num + 1
    except csv.Error:
        raise DomainError("import.unreadable") from None
    return ListFile("csv", collected.rows, encoding=encoding, delimiter=delimiter)


# --- XLSX ------------------------------------------------------------------------------------------

def _open_zip(reading: Reading, content: bytes) -> zipfile.ZipFile:
    archive = reading.open_zip(content)
    names = set(archive.namelist())
    if "content.xml" in names and "mimetype" in names:  # an OpenDocument spreadsheet (.ods)
        raise DomainError("import.old_format")
    if not any(name.startswith("xl/") for name in names):
        raise DomainError("import.unreadable")
    return archive


def _count_elements(reading: Reading, archive: zipfile.ZipFile) -> None:
    """Count row and cell elements (and shared strings) before openpyxl parses them one by one, and
    refuse a DTD in any part.

    A 40 KB file of four million ``<row/>`` took openpyxl 3 s and 380 MB just to open; counting
    bytes in 64 KB chunks refuses it in milliseconds and never holds more than a chunk."""
    rows = cells = strings = 0
    for member in archive.infolist():
        name = member.filename
        is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
        counted = is_sheet or name == "xl/sharedStrings.xml"
        if not name.endswith((".xml", ".rels")):
            continue
        cells_in_row = 0
        for tag in _element_names(reading, archive, member):
            if tag.startswith(b"!"):
                raise DomainError("import.damaged")
            if not counted:
                continue
            if tag == b"row":
                rows, cells_in_row = rows + 1, 0
            elif tag == b"c":
                cells, cells_in_row = cells + 1, cells_in_row + 1
            else:
                strings += 1
            if rows > MAX_ROW_ELEMENTS or cells > MAX_CELL_ELEMENTS or cells_in_row > MAX_CELLS_PER_ROW \
                    or strings > MAX_SHARED_STRINGS:
                raise DomainError("import.sheet_too_big", limit=MAX_ROW_ELEMENTS)


def _element_names(reading: Reading, archive: zipfile.ZipFile, member: zipfile.ZipInfo):
    """The names of the row, cell and shared-string elements in one part, as it is unpacked."""
    tail = b""
    for chunk in itertools.chain(reading.chunks(archive, member), [b""]):
        data = tail + chunk
        # Hold back a tag that may continue in the next chunk; at the end, read everything.
        last = data.rfind(b"<")
        cut = last if chunk and last >= len(data) - 64 else len(data)
        for match in _ROW_OR_CELL.finditer(data, 0, cut):
            yield match.group(1) or match.group(2)
        tail = data[cut:]


def _read_xlsx(reading: Reading, content: bytes) -> ListFile:
    archive = _open_zip(reading, content)
    _count_elements(reading, archive)
    from openpyxl import load_workbook

    collected = _Rows(reading)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise DomainError("import.empty")
            sheet = book.worksheets[0]
            # The declared size (A1:XFD1048576 in some files) would pad every row to 16,384 cells.
            sheet.reset_dimensions()
            for line, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
                collected.add(line, values)
            return ListFile("xlsx", collected.rows, sheet=sheet.title, sheet_count=len(book.worksheets))
        finally:
            book.close()
    except DomainError:
        raise
    except Exception:
        # The zip was whole, so a part that openpyxl or the XML parser cannot read is damaged (a sheet
        # that stops mid-way); they raise many kinds of error for it, all meaning the same here.
        raise DomainError("import.damaged") from None
