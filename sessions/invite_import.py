"""Reading the invitation lists organisers already keep: CSV (Excel's semicolons too) and XLSX.

Swedish and English column names are recognised without mapping (Namn, Organisation,
Bransch/Sektor, Kön, Inbjuden av, E-post, Status), and so are values as people type them
(Kvinna, kvinna, K; Man, M; Deltog, Anmäld). A list with a bad row is not half-imported: every
bad row is reported with its line number and nothing is stored until the list is clean.
"""

import csv
import io
import sqlite3
import time
from dataclasses import dataclass, field

from sessions import storage
from sessions.errors import DomainError
from sessions.people import clean_person
from sessions.roles import Principal, authorise
from sessions.service import get_event
from sessions.text import decode_file

FIELDS = ("name", "organisation", "sector", "gender", "inviter", "contact", "status")
MAX_ROWS = 5000

HEADER_NAMES = {
    "name": {"namn", "name", "för- och efternamn", "fullständigt namn", "deltagare", "full name"},
    "organisation": {"organisation", "organization", "företag", "company", "arbetsplats", "skola"},
    "sector": {"bransch/sektor", "bransch", "sektor", "sector", "branch", "industry"},
    "gender": {"kön", "gender", "sex"},
    "inviter": {"inbjuden av", "inbjudare", "invited by", "inviter", "kontaktperson"},
    "contact": {"e-post", "epost", "e-mail", "email", "mejl", "kontakt", "contact", "telefon", "phone"},
    "status": {"status", "anmälningsstatus"},
}

GENDER_VALUES = {
    "woman": {"kvinna", "k", "kv", "woman", "female", "f", "w"},
    "man": {"man", "m", "male"},
    "unknown": {"", "annat", "annat/ej angivet", "ej angivet", "vill ej ange", "other", "unknown", "-", "x"},
}
STATUS_VALUES = {
    "invited": {"", "inbjuden", "invited", "inbjudan skickad"},
    "registered": {"anmäld", "anmälda", "registered", "anmält", "ja"},
    "attended": {"deltog", "närvarande", "kom", "attended", "present", "incheckad"},
    "declined": {"avböjd", "avböjde", "declined", "nej", "tackat nej"},
    "no_show": {"uteblev", "kom inte", "no-show", "no show", "noshow", "no_show"},
}


@dataclass
class ParsedList:
    """A read list: its columns, what each maps to, the clean people, and the bad rows."""

    header: list[str]
    mapping: dict[int, str]
    people: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def read_table(filename: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a CSV or XLSX file, as text."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception:
            raise DomainError("import.unreadable") from None
        rows = [[_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    else:
        text = decode_file(content, unreadable="import.unreadable")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        rows = [[_text(cell) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    if not rows or not any(rows[0]):
        raise DomainError("import.empty")
    if len(rows) - 1 > MAX_ROWS:
        raise DomainError("import.too_many", limit=MAX_ROWS)
    return rows[0], rows[1:]


def guess_mapping(header: list[str]) -> dict[int, str]:
    """Column index → field, for the columns whose names are recognised; others are ignored."""
    mapping = {}
    for index, name in enumerate(header):
        key = " ".join(name.casefold().split())
        for field_name, names in HEADER_NAMES.items():
            if key in names and field_name not in mapping.values():
                mapping[index] = field_name
    return mapping


def _normalise(value: str, table: dict[str, set[str]]) -> str | None:
    key = " ".join(value.casefold().split())
    for normal, spellings in table.items():
        if key in spellings:
            return normal
    return None


def parse(header: list[str], rows: list[list[str]], mapping: dict[int, str] | None = None) -> ParsedList:
    """Check every row; line numbers count the header as line 1, as a spreadsheet shows them."""
    mapping = guess_mapping(header) if mapping is None else {int(k): v for k, v in mapping.items() if v in FIELDS}
    parsed = ParsedList(header=header, mapping=mapping, rows=rows)
    if "name" not in mapping.values():
        raise DomainError("import.no_name_column")
    for line, row in enumerate(rows, start=2):
        if not any(row):
            continue
        values = {field_name: (row[index] if index < len(row) else "") for index, field_name in mapping.items()}
        gender = _normalise(values.get("gender", ""), GENDER_VALUES)
        status = _normalise(values.get("status", ""), STATUS_VALUES)
        if gender is None:
            parsed.errors.append({"line": line, "code": "import.bad_gender", "value": values["gender"]})
            continue
        if status is None:
            parsed.errors.append({"line": line, "code": "import.bad_status", "value": values["status"]})
            continue
        try:
            parsed.people.append(clean_person(values | {"gender": gender, "status": status}))
        except DomainError as error:
            parsed.errors.append({"line": line, "code": error.code, "value": values.get("name", "")})
    return parsed


def import_people(conn: sqlite3.Connection, principal: Principal, event_id: str, parsed: ParsedList) -> int:
    """Store every person of a clean list in one transaction; a list with bad rows stores nothing."""
    authorise(principal, "people.edit", event_id=event_id)
    if parsed.errors:
        raise DomainError("import.bad_rows", lines=[error["line"] for error in parsed.errors])
    with storage.transaction(conn):
        get_event(conn, event_id)
        storage.insert_people(conn, event_id, parsed.people, False, time.time())
    return len(parsed.people)
