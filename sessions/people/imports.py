"""Importing the invitation lists organisers already keep, in three steps: read, preview, confirm.

1. ``start_import`` reads the file (``list_files``: any encoding, separator, CSV or XLSX, bombs refused)
   and keeps its rows with the import's id, which is all the preview and the confirm need: no file is
   sent twice.
2. ``preview`` says what each row would do: add a person, update one already on the list (matched by
   e-mail, else by name and organisation), change nothing, repeat an earlier row, or be skipped (no
   name). A value it does not know ("Kanske") is the organiser's to map, not a reason to refuse.
3. ``confirm`` is accepted once (a double click or a resubmission finds the import done), and
   ``undo_last_import`` takes the last one back.

How a row is read and what it would do is in :mod:`sessions.people.import_rows`.
"""

import json
import logging
import secrets

from sessions import storage
from sessions.evening import audit, events
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.ground.models import PersonImport
from sessions.ground.roles import Principal, authorise
from sessions.people.balance import evening_has_begun
from sessions.people.import_rows import (
    ALLOWED_CHOICES,
    FIELDS,
    UNKNOWN_VALUE_DEFAULTS,
    PlannedRow,
    Preview,
    find_header,
    guess_mapping,
    names_a_person,
    plan,
    unknown_values,
    value_key,
)
from sessions.people.list_files import MAX_ROWS, ListFile, read_list_file
from sessions.people.people import PERSON_FIELDS, clean_person

PREVIEW_KEPT_SECONDS = 24 * 3600


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
        storage.insert_person_import(conn, import_id, event_id, filename[:200],
                                     json.dumps(_file_info(listed, header_line)),
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
    event = events.get(conn, record.event_id)
    before_evening = not evening_has_begun(event, clock.today(event.time_zone))
    planned = plan(rows, mapping, choices, storage.fetch_people(conn, record.event_id), before_evening) \
        if names_a_person(mapping) else [PlannedRow(line, cells, action="skip") for line, cells in rows]
    return Preview(import_id=record.id, filename=record.filename, state=record.state,
                   file_info=json.loads(record.file_info), header=json.loads(record.header), mapping=mapping,
                   choices=choices, rows=planned, unknown_values=unknown_values(planned),
                   outcome=json.loads(record.outcome) if record.outcome else None, before_evening=before_evening)


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
            # The default needs no keeping: a page showing it changed nothing.
            if meaning != UNKNOWN_VALUE_DEFAULTS[name]:
                cleaned_choices.setdefault(name, {})[value_key(value)] = meaning
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
            match = row.match_id
            if row.action != "update" or match is None:
                continue
            before = {name: getattr(people[match], name) for name in PERSON_FIELDS}
            storage.update_person(conn, event_id, match, before | {k: v[1] for k, v in row.changes.items()}, now)
            changes.append((match, json.dumps(before | {"updated_at": people[match].updated_at})))
        storage.insert_person_import_changes(conn, import_id, changes)
        counts = planned.counts()
        outcome = {"added": counts["add"], "updated": counts["update"], "unchanged": counts["unchanged"],
                   "duplicates": counts["duplicate"], "skipped": counts["skip"], "filename": record.filename}
        storage.mark_person_import_done(conn, import_id, json.dumps(outcome), now)
        audit.record_on_event(conn, principal, "people.import", event_id, added=counts["add"],
                              updated=counts["update"])
    return outcome


def last_import(conn: storage.Connection, principal: Principal, event_id: str) -> dict | None:
    """The import "undo" would take back: its file name and counts, or None."""
    authorise(principal, "people.view", event_id=event_id)
    record = storage.fetch_last_person_import(conn, event_id)
    if record is None:
        return None
    return json.loads(record.outcome or "{}") | {"id": record.id, "imported_at": record.imported_at}


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
            if change.updated_at > (record.imported_at or 0.0):
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
        audit.record_on_event(conn, principal, "people.import_undone", event_id, removed=removed, restored=restored)
    return {"filename": record.filename, "removed": removed, "restored": restored, "kept": kept}


def import_file(conn: storage.Connection, principal: Principal, event_id: str, filename: str,
                content: bytes) -> tuple[dict, Preview]:
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

