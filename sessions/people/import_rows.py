"""A row of an invitation list as the import understands it: its columns recognised by their names, its
values read as Swedish lists write them, and what it would do to the list (add a person, update one already
there, change nothing, repeat an earlier row, or be skipped).

Columns are recognised by their names in Swedish and English (Namn, Förnamn + Efternamn, Organisation,
Bransch/Sektor, Kön, Inbjuden av, E-post, Status), and values as Swedish lists write them ("Avböjt",
"Återbud", "Kan ej", "Anmäld", "Kommer", "Närvarande"), in any case. A person already on the list is the
one with the same e-mail, else the same name and organisation.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sessions.ground.errors import DomainError
from sessions.ground.models import GENDERS, STATUSES
from sessions.people.list_files import HEADER_SEARCH_ROWS
from sessions.people.people import PERSON_FIELDS, clean_person, search_key

PAGE_SIZE = 50  # rows a page of the preview shows

# What a column can be: a person's field, or half of a name that Outlook and HR systems split in two.
FIELDS = ("name", "first_name", "last_name", "organisation", "sector", "gender", "inviter", "contact", "status")

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
# "before_evening": what a list's "Deltog" means before the evening has begun; a kept list from last
# time would otherwise check people in at the door before anyone arrived. Only the organiser's explicit
# choice marks them as attended.
UNKNOWN_VALUE_DEFAULTS = {"status": "invited", "gender": "unknown", "before_evening": "registered"}
VALUE_TABLES = {"status": STATUS_VALUES, "gender": GENDER_VALUES}
ALLOWED_CHOICES = {"status": STATUSES, "gender": GENDERS, "before_evening": ("registered", "attended")}
_EMAIL = re.compile(r"[^\s<>;,:\"'()\[\]]+@[^\s<>;,:\"'()\[\]]+\.[^\s<>;,:\"'()\[\]]+")


def value_key(value: str) -> str:
    """A header or a value as it is compared: NFC, no case, single spaces, no trailing : * or full stop."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split()).strip(" .:*!")


def known_value(field_name: str, value: str) -> str | None:
    """The stored value for a gender or status as a list writes it; None when it is not recognised."""
    key = value_key(value)
    for normal, spellings in VALUE_TABLES[field_name].items():
        if key in spellings:
            return normal
    return None


def guess_mapping(header: list[str]) -> dict[int, str]:
    """Column index → field, for the columns whose names are recognised; others are not used."""
    mapping: dict[int, str] = {}
    for names in (HEADER_NAMES, HEADER_FALLBACKS):
        for index, column in enumerate(header):
            key = value_key(column)
            for field_name, spellings in names.items():
                if key in spellings and index not in mapping and field_name not in mapping.values():
                    mapping[index] = field_name
    return mapping


def names_a_person(mapping: dict[int, str]) -> bool:
    return bool({"name", "first_name", "last_name"} & set(mapping.values()))


def find_header(rows: list[tuple[int, list[str]]]) -> int:
    """Which of the first rows is the header: the first that names a person's column, else the first."""
    for position, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if names_a_person(guess_mapping(cells)):
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
    status_value: str = ""  # the status cell as the file writes it


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
    before_evening: bool = False  # the evening has not begun: "Deltog" in the file needs the organiser's choice

    def status_map(self) -> list[dict]:
        """Each status value of the file (as it first appears), its rows, and the status it becomes."""
        found: dict[str, dict] = {}
        for row in self.rows:
            if row.action == "skip" or not row.status_value:
                continue
            entry = found.setdefault(value_key(row.status_value), {"value": row.status_value, "rows": 0,
                                                                     "becomes": row.person.get("status", "")})
            entry["rows"] += 1
        return list(found.values())

    def attended_held_back(self) -> int:
        """Rows whose "Deltog" the file gives before the evening has begun (kept as registered by default)."""
        if not self.before_evening:
            return 0
        return sum(row.action != "skip" and known_value("status", row.status_value) == "attended"
                   for row in self.rows)

    @property
    def names_a_person(self) -> bool:
        return names_a_person(self.mapping)

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


def _person_from_row(cells: list[str], mapping: dict[int, str], choices: dict, before_evening: bool) -> PlannedRow:
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
                normal = choices.get(name, {}).get(value_key(given[name]), UNKNOWN_VALUE_DEFAULTS[name])
            given[name] = normal
    if "status" in given:
        planned.status_value = values["status"]
        if before_evening and given["status"] == "attended":
            chosen = choices.get("before_evening", {})
            given["status"] = chosen.get("attended", UNKNOWN_VALUE_DEFAULTS["before_evening"])
    try:
        cleaned = clean_person(given)
    except DomainError as error:
        planned.action, planned.problem = "skip", {"code": error.code, **error.params}
        return planned
    planned.person = {name: cleaned[name] for name in given}
    return planned


def same_person(email: str, name: str, candidates: list[tuple[str, Any]]):
    """The one rule that two entries are one person (imports, and the memory across events)."""
    return _same_person(email, name, candidates)


def _same_person(email: str, name: str, candidates: list[tuple[str, Any]]):
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


def plan(rows: list[tuple[int, list[str]]], mapping: dict[int, str], choices: dict, existing: list,
         before_evening: bool = False) -> list[PlannedRow]:
    """What each row would do to the list as it stands now; ``before_evening``: the evening has not begun."""
    on_list: dict[str, list] = {}  # e-mail or name key → [(e-mail, (name key, person))]
    for person in existing:
        email, key = email_key(person.contact), name_key(person.name, person.organisation)
        for index in {email, key} - {""}:
            on_list.setdefault(index, []).append((email, (key, person)))
    in_file: dict[str, list] = {}  # the same, for the rows above: (e-mail, (name key, line))
    matched: dict[str, int] = {}  # person id → the row that updates them
    planned_rows = []
    for line, cells in rows:
        planned = _person_from_row(cells, mapping, choices, before_evening)
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


def unknown_values(planned_rows: list[PlannedRow]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {"status": {}, "gender": {}}
    for row in planned_rows:
        for name, value in row.unknown.items():
            found[name][value_key(value)] = found[name].get(value_key(value), 0) + 1
    return {name: values for name, values in found.items() if values}
