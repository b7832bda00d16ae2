-- The report the municipality publishes, the strategy it fed, and the yearly follow-up.
-- Who publishes the report (its author), and the clock its times are read on.
ALTER TABLE event ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE event ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Stockholm';

-- The adopted strategy as uploaded, as plain text with its headings and lists kept; one per event.
CREATE TABLE strategy_document (
    event_id     TEXT PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    text         TEXT NOT NULL,
    uploaded_at  REAL NOT NULL
);

-- Follow-up of a theme or a proposal, never updated: the newest entry is the status in force, the
-- older ones are its history. No foreign key to theme or idea: the board rewrites its themes, and
-- a follow-up written for the council must outlive that; the subject's text is kept with it.
CREATE TABLE followup_entry (
    id            INTEGER PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('theme', 'proposal')),
    subject_id    TEXT NOT NULL,
    subject_text  TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'not_relevant')),
    note          TEXT NOT NULL DEFAULT '',
    responsible   TEXT NOT NULL DEFAULT '',
    status_date   TEXT NOT NULL DEFAULT '',
    changed_by    TEXT NOT NULL,
    changed_at    REAL NOT NULL
);
CREATE INDEX followup_entry_by_subject ON followup_entry(event_id, subject_kind, subject_id, id);
