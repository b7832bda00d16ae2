"""Importing the invitation lists organisers already keep, in three steps: read, preview, confirm.

1. ``start_import`` reads the file (``list_files``: any encoding, separator, CSV or XLSX, bombs refused)
   and keeps its rows with the import's id, which is all the preview and the confirm need: no file is
   sent twice.
2. ``preview`` says what each row would do: add a person, update one already on the list (matched by
   e-mail, else by name and organisation), change nothing, repeat an earlier row, or be skipped (no
   name). A value it does not know ("Kanske") is the organiser's to map, not a reason to refuse.
3. ``confirm`` is accepted once (a double click or a resubmission finds the import done), and
   ``undo_last_import`` takes the last one back.

Columns are recognised by their names in Swedish and English (Namn, Förnamn + Efternamn, Organisation,
Bransch/Sektor, Kön, Inbjuden av, E-post, Status), and values as Swedish lists write them ("Avböjt",
"Återbud", "Kan ej", "Anmäld", "Kommer", "Närvarande"), in any case.
"""

import json
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass, field

from sessions import storage
from sessions.evening import events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import PersonImport
from sessions.ground.roles import Principal, authorise
from sessions.people.list_files import HEADER_SEARCH_ROWS, MAX_ROWS, ListFile, read_list_file
from sessions.people.people import GENDERS, PERSON_FIELDS, STATUSES, clean_person, search_key

# What a column can be: a person's field, or half of a name that Outlook and HR systems split in two.
FIELDS = ("name", "first_name", "last_name", "organisation", "sector", "gender", "inviter", "contact", "status")
PAGE_SIZE = 50
PREVIEW_KEPT_SECONDS = 24 * 3600

HEADER_NAMES = {
    "name": {"namn", "name", "för- och efternamn", "fullständigt namn", "deltagare", "deltagarens namn", "full name",
             "namn på deltagare", "kontaktperson namn"},
    "first_name": {"förnamn", "tilltalsnamn", "first name", "firstname", "given name"},
    "last_name": {"efternamn", "last name", "lastname", "surname", "family name"},
    "organisation": {"organisation", "organization", "företag", "company", "arbetsplats", "skola", "företagsnamn",
                     "organisationsnamn", "verksamhet", "myndighet", "förvaltning"},
    "sector": {"bransch/sektor", "bransch", "sektor", "sector", "branch", "industry", "organisationstyp",
               "typ av organisation", "kategori"},
    "gender": {"kön", "gender", "sex", "juridiskt kön"},
    "inviter": {"inbjuden av", "inbjudare", "invited by", "inviter", "bjuden av", "inbjudan från", "kontaktperson"},
    "contact": {"e-post", "epost", "e-postadress", "epostadress", "e-mail", "email", "e-mail address",
                "email address", "mejl", "mejladress", "mail", "e-post 1"},
    "status": {"status", "anmälningsstatus", "svar", "osa", "o.s.a.", "anmälan", "närvaro", "rsvp"},
}
# Used only when no column above names the field: a phone number is contact when there is no e-mail.
HEADER_FALLBACKS = {"contact": {"telefon", "phone", "mobil", "mobiltelefon", "mobilnummer", "kontakt", "contact"}}

GENDER_VALUES = {
    "woman": {"kvinna", "k", "kv", "kvinnor", "kvinnlig", "dam", "woman", "female", "f", "w"},
    "man": {"man", "m", "män", "manlig", "herr", "male"},
    "unknown": {"annat", "annat/ej angivet", "ej angivet", "vill ej ange", "icke-binär", "ickebinär", "hen",
                "other", "unknown", "-", "x", "?", "okänt", "uppgift saknas"},
}
STATUS_VALUES = {
    "invited": {"inbjuden", "inbjudna", "invited", "inbjudan skickad", "ej svarat", "inget svar", "ej svar",
                "obesvarad", "väntar på svar", "avvaktar"},
    "registered": {"anmäld", "anmälda", "anmält", "anmälan", "registered", "ja", "kommer", "tackat ja", "bekräftad",
                   "bekräftat", "accepterad", "accepted", "yes", "deltar"},
    "attended": {"deltog", "närvarande", "närvarade", "kom", "attended", "present", "incheckad", "deltagit",
                 "på plats", "checked in"},
    "declined": {"avböjd", "avböjt", "avböjde", "avböjer", "declined", "nej", "tackat nej", "tackar nej", "återbud",
                 "lämnat återbud", "kan ej", "kan inte", "kan inte komma", "no", "avanmäld", "avregistrerad"},
    "no_show": {"uteblev", "kom inte", "no-show", "no show", "noshow", "no_show"},
}
# What an unknown value means until the organiser says otherwise: nothing is assumed about a person.
UNKNOWN_VALUE_DEFAULTS = {"status": "invited", "gender": "unknown"}
VALUE_TABLES = {"status": STATUS_VALUES, "gender": GENDER_VALUES}
ALLOWED_CHOICES = {"status": STATUSES, "gender": GENDERS}
_EMAIL = re.compile(r"[^\s<>;,:\"'()\[\]]+@[^\s<>;,:\"'()\[\]]+\.[^\s<>;,:\"'()\[\]]+")


def _key(value: str) -> str:
    """A header or a value as it is compared: NFC, no case, single spaces, no trailing : * or full stop."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split()).strip(" .:*!")


def known_value(field_name: str, value: str) -> str | None:
    """The stored value for a gender or status as a list writes it; None when it is not recognised."""
    key = _key(value)
    for normal, spellings in VALUE_TABLES[field_name].items():
        if key in spellings:
            return normal
    return None


def guess_mapping(header: list[str]) -> dict[int, str]:
    """Column index → field, for the columns whose names are recognised; others are not used."""
    mapping: dict[int, str] = {}
    for names in (HEADER_NAMES, HEADER_FALLBACKS):
        for index, column in enumerate(header):
            key = _key(column)
            for field_name, spellings in names.items():
                if key in spellings and index not in mapping and field_name not in mapping.values():
                    mapping[index] = field_name
    return mapping


def _names_a_person(mapping: dict[int, str]) -> bool:
    return bool({"name", "first_name", "last_name"} & set(mapping.values()))


def find_header(rows: list[tuple[int, list[str]]]) -> int:
    """Which of the first rows is the header: the first that names a person's column, else the first."""
    for position, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _names_a_person(guess_mapping(cells)):
            return position
    return 0


def email_key(contact: str) -> str:
    """The e-mail address in a contact cell ("Åsa <ASA@x.se>" → "asa@x.se"), or "" when there is none."""
    found = _EMAIL.search(contact or "")
    return found.group(0).casefold().removeprefix("mailto:") if found else ""


def name_key(name: str, organisation: str) -> str:
    return f"{search_key(name)}|{search_key(organisation)}"


def status_after_import(current: str, incoming: str) -> str:
    """A list never takes back a check-in at the door, and never moves a person back to "invited"
    (an older list re-imported would otherwise undo every registration)."""
    if current == "attended" or (incoming == "invited" and current != "invited"):
        return current
    return incoming


# --- one row of the list, as the import understands it ---------------------------------------------

@dataclass
class PlannedRow:
    line: int
    cells: list[str]
    action: str = "add"  # add, update, unchanged, duplicate, skip
    person: dict = field(default_factory=dict)  # the fields the row gives (empty cells give nothing)
    problem: dict | None = None  # why a skipped row cannot become a person: {"code", **params}
    unknown: dict = field(default_factory=dict)  # field → value not recognised, mapped by the organiser
    match_id: str | None = None
    match_name: str = ""
    changes: dict = field(default_factory=dict)  # field → (before, after), for an update
    duplicate_of: int | None = None


@dataclass
class Preview:
    import_id: str
    filename: str
    state: str
    file_info: dict
    header: list[str]
    mapping: dict[int, str]
    choices: dict[str, dict[str, str]]
    rows: list[PlannedRow]
    unknown_values: dict[str, dict[str, int]]  # field → value → rows with it
    outcome: dict | None = None

    @property
    def names_a_person(self) -> bool:
        return _names_a_person(self.mapping)

    def counts(self) -> dict[str, int]:
        counted = dict.fromkeys(("add", "update", "unchanged", "duplicate", "skip"), 0)
        for row in self.rows:
            counted[row.action] += 1
        return counted

    def page(self, number: int) -> tuple[list[PlannedRow], int, int]:
        """The rows of page ``number`` (from 1, clamped), that page's number, and how many pages there are."""
        pages = max(1, -(-len(self.rows) // PAGE_SIZE))
        number = min(max(1, number), pages)
        return self.rows[(number - 1) * PAGE_SIZE:number * PAGE_SIZE], number, pages


def _person_from_row(cells: list[str], mapping: dict[int, str], choices: dict) -> PlannedRow:
    values = {name: "" for name in FIELDS}
    for index, field_name in mapping.items():
        if index < len(cells) and cells[index]:
            values[field_name] = cells[index]
    if not values["name"]:
        values["name"] = " ".join(part for part in (values["first_name"], values["last_name"]) if part)
    planned = PlannedRow(line=0, cells=cells)
    given = {name: values[name] for name in PERSON_FIELDS if values[name]}
    for name in ("gender", "status"):
        if name in given:
            normal = known_value(name, given[name])
            if normal is None:
                planned.unknown[name] = given[name]
                normal = choices.get(name, {}).get(_key(given[name]), UNKNOWN_VALUE_DEFAULTS[name])
            given[name] = normal
    try:
        cleaned = clean_person(given)
    except DomainError as error:
        planned.action, planned.problem = "skip", {"code": error.code, **error.params}
        return planned
    planned.person = {name: cleaned[name] for name in given}
    return planned


def _same_person(email: str, name: str, candidates: list[tuple[str, object]]):
    """The first candidate (its e-mail, and what it is) that is this person: the same e-mail, else the
    same name and organisation when one of the two has no e-mail (two e-mails that differ are two people)."""
    for other_email, other in candidates:
        if email and other_email == email:
            return other
    for other_email, other in candidates:
        if other_email == "" or email == "":
            if other[0] == name:
                return other
    return None


def _plan(rows: list[tuple[int, list[str]]], mapping: dict[int, str], choices: dict, existing: list) -> list[PlannedRow]:
    """What each row would do to the list as it stands now."""
    on_list: dict[str, list] = {}  # e-mail or name key → [(e-mail, (name key, person))]
    for person in existing:
        email, key = email_key(person.contact), name_key(person.name, person.organisation)
        for index in {email, key} - {""}:
            on_list.setdefault(index, []).append((email, (key, person)))
    in_file: dict[str, list] = {}  # the same, for the rows above: (e-mail, (name key, line))
    matched: dict[str, int] = {}  # person id → the row that updates them
    planned_rows = []
    for line, cells in rows:
        planned = _person_from_row(cells, mapping, choices)
        planned.line = line
        planned_rows.append(planned)
        if planned.action == "skip":
            continue
        person = planned.person
        email, key = email_key(person.get("contact", "")), name_key(person["name"], person.get("organisation", ""))
        earlier = _same_person(email, key, in_file.get(email, []) + in_file.get(key, []))
        if earlier is not None:
            planned.action, planned.duplicate_of = "duplicate", earlier[1]
            continue
        for index in {email, key} - {""}:
            in_file.setdefault(index, []).append((email, (key, line)))
        found = _same_person(email, key, on_list.get(email, []) + on_list.get(key, []))
        if found is None:
            continue
        match = found[1]
        if match.id in matched:  # two rows of the file that find the same person: the first one counts
            planned.action, planned.duplicate_of = "duplicate", matched[match.id]
            continue
        matched[match.id] = line
        planned.match_id, planned.match_name = match.id, match.name
        for name, value in person.items():
            if name in ("status", "gender"):
                after = status_after_import(match.status, value) if name == "status" else value
                changed = after != getattr(match, name)
            else:
                # "per ek" or "Asa Oberg" from a careless export does not overwrite "Per Ek" or "Åsa Öberg".
                after, changed = value, search_key(value) != search_key(getattr(match, name))
            if changed:
                planned.changes[name] = (getattr(match, name), after)
        planned.action = "update" if planned.changes else "unchanged"
    return planned_rows


def _unknown_values(planned_rows: list[PlannedRow]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {"status": {}, "gender": {}}
    for row in planned_rows:
        for name, value in row.unknown.items():
            found[name][_key(value)] = found[name].get(_key(value), 0) + 1
    return {name: values for name, values in found.items() if values}


# --- the three steps ------------------------------------------------------------------------------

def start_import(conn: storage.Connection, principal: Principal, event_id: str, filename: str, content: bytes) -> str:
    """Read the file and keep its rows for the preview; returns the import's id. CPU-heavy: run it off
    the event loop. Refuses an unreadable file, or one over the limits, before anything is kept."""
    authorise(principal, "people.edit", event_id=event_id)
    now = clock.now()
    try:
        listed = read_list_file(content)
    except DomainError:
        raise
    except Exception:
        # Whatever a file does to a library, the organiser gets a sentence, not a server error.
        logging.getLogger(__name__).exception("import: %s could not be read", filename)
        raise DomainError("import.unreadable") from None
    start = find_header(listed.rows)
    header_line, header = listed.rows[start]
    data = [(line, cells) for line, cells in listed.rows[start + 1:]]
    if len(data) > MAX_ROWS:
        raise DomainError("import.too_many", limit=MAX_ROWS)
    if not data:
        raise DomainError("import.empty")
    width = max(len(header), *(len(cells) for _, cells in data))
    header = header + [""] * (width - len(header))
    import_id = secrets.token_urlsafe(12)
    with storage.transaction(conn):
        events.get(conn, event_id)
        storage.delete_stale_person_imports(conn, now - PREVIEW_KEPT_SECONDS)
        storage.insert_person_import(conn, import_id, event_id, filename[:200], json.dumps(_file_info(listed, header_line)),
                                     json.dumps(header), json.dumps(data), json.dumps(guess_mapping(header)), now)
    return import_id


def _file_info(listed: ListFile, header_line: int) -> dict:
    return {"kind": listed.kind, "encoding": listed.encoding, "delimiter": listed.delimiter, "sheet": listed.sheet,
            "sheet_count": listed.sheet_count, "header_line": header_line}


def _load(conn: storage.Connection, event_id: str, import_id: str) -> PersonImport:
    record = storage.fetch_person_import(conn, event_id, import_id)
    # A preview older than a day is gone even before the next import deletes its rows.
    if record is None or (record.state == "preview" and record.created_at < clock.now() - PREVIEW_KEPT_SECONDS):
        raise DomainError("import.not_found")
    return record


def _mapping(text: str) -> dict[int, str]:
    return {int(index): name for index, name in json.loads(text).items()}


def _build(conn: storage.Connection, record: PersonImport) -> Preview:
    mapping, choices = _mapping(record.mapping), json.loads(record.choices)
    rows = json.loads(record.rows) if record.rows else []
    planned = _plan(rows, mapping, choices, storage.fetch_people(conn, record.event_id)) \
        if _names_a_person(mapping) else [PlannedRow(line, cells, action="skip") for line, cells in rows]
    return Preview(import_id=record.id, filename=record.filename, state=record.state,
                   file_info=json.loads(record.file_info), header=json.loads(record.header), mapping=mapping,
                   choices=choices, rows=planned, unknown_values=_unknown_values(planned),
                   outcome=json.loads(record.outcome) if record.outcome else None)


def preview(conn: storage.Connection, principal: Principal, event_id: str, import_id: str) -> Preview:
    """Every row and what it would do now; an import already confirmed shows what it did."""
    authorise(principal, "people.edit", event_id=event_id)
    return _build(conn, _load(conn, event_id, import_id))


def clean_choices(header: list[str], mapping: dict, choices: dict) -> tuple[dict[int, str], dict[str, dict[str, str]]]:
    """The organiser's column and value choices, checked: each field once, known fields and values only."""
    cleaned_mapping: dict[int, str] = {}
    for index, name in mapping.items():
        if name == "" or name is None:
            continue
        try:
            index = int(index)
        except (TypeError, ValueError):
            raise DomainError("import.bad_choice") from None
        if name not in FIELDS or not 0 <= index < len(header):
            raise DomainError("import.bad_choice")
        if name in cleaned_mapping.values():
            raise DomainError("import.field_twice", field=name)
        cleaned_mapping[index] = name
    cleaned_choices: dict[str, dict[str, str]] = {}
    for name, values in (choices or {}).items():
        if name not in ALLOWED_CHOICES:
            raise DomainError("import.bad_choice")
        for value, meaning in values.items():
            if meaning not in ALLOWED_CHOICES[name]:
                raise DomainError("import.bad_choice")
            if meaning != UNKNOWN_VALUE_DEFAULTS[name]:  # the default needs no keeping: a page showing it changed nothing
                cleaned_choices.setdefault(name, {})[_key(value)] = meaning
    return cleaned_mapping, cleaned_choices


def choose(conn: storage.Connection, principal: Principal, event_id: str, import_id: str, mapping: dict,
           choices: dict) -> bool:
    """Keep the organiser's columns and value meanings for the preview; True when they changed anything."""
    authorise(principal, "people.edit", event_id=event_id)
    with storage.transaction(conn):
        record = _load(conn, event_id, import_id)
        if record.state != "preview":
            raise DomainError("import.already_done", **json.loads(record.outcome or "{}"))
        new_mapping, new_choices = clean_choices(json.loads(record.header), mapping, choices)
        if new_mapping == _mapping(record.mapping) and new_choices == json.loads(record.choices):
            return False
        storage.set_person_import_choices(conn, import_id, json.dumps(new_mapping), json.dumps(new_choices))
        return True


def confirm_import(conn: storage.Connection, principal: Principal, event_id: str, import_id: str, *,
                   mapping: dict | None = None, choices: dict | None = None) -> dict:
    """Add and update the people as the preview showed; accepted once. Returns the counts.

    ``mapping``/``choices`` are what the confirming page showed: if they differ from the preview's
    (changed without pressing "read again"), they are kept and the import waits for a look at the new
    preview, so nobody imports what they have not seen."""
    authorise(principal, "people.edit", event_id=event_id)
    if mapping is not None and choose(conn, principal, event_id, import_id, mapping, choices or {}):
        raise DomainError("import.review_changes")
    now = clock.now()
    with storage.transaction(conn):
        record = _load(conn, event_id, import_id)
        if record.state != "preview":
            raise DomainError("import.already_done", **json.loads(record.outcome or "{}"))
        planned = _build(conn, record)
        if not planned.names_a_person:
            raise DomainError("import.no_name_column")
        people = {person.id: person for person in storage.fetch_people(conn, event_id)}
        added = [row for row in planned.rows if row.action == "add"]
        new_people = [clean_person(row.person) for row in added]
        new_ids = storage.insert_people(conn, event_id, new_people, False, now)
        changes: list[tuple[str, str | None]] = [(person_id, None) for person_id in new_ids]
        for row in planned.rows:
            if row.action != "update":
                continue
            before = {name: getattr(people[row.match_id], name) for name in PERSON_FIELDS}
            storage.update_person(conn, event_id, row.match_id, before | {k: v[1] for k, v in row.changes.items()}, now)
            changes.append((row.match_id, json.dumps(before | {"updated_at": people[row.match_id].updated_at})))
        storage.insert_person_import_changes(conn, import_id, changes)
        counts = planned.counts()
        outcome = {"added": counts["add"], "updated": counts["update"], "unchanged": counts["unchanged"],
                   "duplicates": counts["duplicate"], "skipped": counts["skip"], "filename": record.filename}
        storage.mark_person_import_done(conn, import_id, json.dumps(outcome), now)
    return outcome


def last_import(conn: storage.Connection, principal: Principal, event_id: str) -> dict | None:
    """The import "undo" would take back: its file name and counts, or None."""
    authorise(principal, "people.view", event_id=event_id)
    record = storage.fetch_last_person_import(conn, event_id)
    if record is None:
        return None
    return json.loads(record.outcome) | {"id": record.id, "imported_at": record.imported_at}


def undo_last_import(conn: storage.Connection, principal: Principal, event_id: str) -> dict:
    """Take the last import back: remove the people it added, restore those it changed.

    Anyone changed since (checked in at the door, corrected by hand) is left as they are now, because
    that work came later; the result says how many."""
    authorise(principal, "people.edit", event_id=event_id)
    now = clock.now()
    with storage.transaction(conn):
        record = storage.fetch_last_person_import(conn, event_id)
        if record is None:
            raise DomainError("import.nothing_to_undo")
        removed = restored = kept = 0
        for change in storage.fetch_person_import_changes(conn, record.id):
            if change.updated_at > record.imported_at:
                kept += 1
            elif change.previous is None:
                storage.delete_person(conn, event_id, change.person_id)
                removed += 1
            else:
                # Back to how they were, their time of last change included, so an earlier import can be undone too.
                previous = json.loads(change.previous)
                storage.update_person(conn, event_id, change.person_id, previous, previous["updated_at"])
                restored += 1
        storage.mark_person_import_undone(conn, record.id, now)
    return {"filename": record.filename, "removed": removed, "restored": restored, "kept": kept}


def import_file(conn: storage.Connection, principal: Principal, event_id: str, filename: str, content: bytes) -> tuple[dict, Preview]:
    """Read, check and import in one go, for the command line: with no preview to look at, a list with
    a skipped row, an unknown value or no name column is refused whole (``import.needs_review``)."""
    import_id = start_import(conn, principal, event_id, filename, content)
    planned = preview(conn, principal, event_id, import_id)
    if not planned.names_a_person:
        raise DomainError("import.no_name_column")
    if planned.unknown_values or planned.counts()["skip"]:
        raise DomainError("import.needs_review", lines=[row.line for row in planned.rows
                                                         if row.action == "skip" or row.unknown])
    return confirm_import(conn, principal, event_id, import_id), planned

