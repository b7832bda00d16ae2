-- An invitation list on its way in: the file's rows while the organiser previews them (so a confirm
-- is accepted once, and the preview pages through every row), then what the import did (for undo).
-- The raw rows are personal data, columns nobody mapped included: they are cleared at confirm; a
-- preview nobody confirmed expires after a day and is deleted by the next import.
CREATE TABLE person_import (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    filename      TEXT NOT NULL,
    file_info     TEXT NOT NULL,            -- JSON: kind, encoding, separator, sheet
    header        TEXT NOT NULL,            -- JSON list of column names
    rows          TEXT,                     -- JSON [[line, [cells]], ...]; NULL once confirmed
    mapping       TEXT NOT NULL,            -- JSON {column index: field}
    choices       TEXT NOT NULL DEFAULT '{}',  -- JSON {"status": {value: status}, "gender": {value: gender}}
    state         TEXT NOT NULL DEFAULT 'preview' CHECK (state IN ('preview', 'imported', 'undone')),
    outcome       TEXT,                     -- JSON counts: added, updated, unchanged, skipped, duplicates
    created_at    REAL NOT NULL,
    imported_at   REAL,
    undone_at     REAL
);
CREATE INDEX person_import_by_event ON person_import(event_id, state, imported_at);

-- One row per person an import added (previous NULL) or changed (previous: their fields before it).
CREATE TABLE person_import_change (
    import_id  TEXT NOT NULL REFERENCES person_import(id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    previous   TEXT,
    PRIMARY KEY (import_id, person_id)
);
CREATE INDEX person_import_change_by_person ON person_import_change(person_id);
