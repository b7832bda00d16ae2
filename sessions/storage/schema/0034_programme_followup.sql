-- The yearly follow-up at a programme's level (issue 24): each of a programme's themes across events gets
-- a status as an event's themes do (0008's followup_entry), kept the same way: never updated, the newest
-- entry is the status in force and the older ones its history. Its own table, owned by the programme, so
-- an event's follow-up and a programme's never mix; sessions/documents/followup.py reads both with one rule.
-- The subject is the theme's key in the programme's themes, with its title kept beside it: people rename
-- and regroup the themes, and what was reported to the council must outlive that.
CREATE TABLE programme_followup_entry (
    id            INTEGER PRIMARY KEY,
    programme_id  TEXT NOT NULL REFERENCES programme(id) ON DELETE CASCADE,
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('theme')),
    subject_id    TEXT NOT NULL,
    subject_text  TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'not_relevant')),
    note          TEXT NOT NULL DEFAULT '',
    responsible   TEXT NOT NULL DEFAULT '',
    status_date   TEXT NOT NULL DEFAULT '',
    changed_by    TEXT NOT NULL,
    changed_at    REAL NOT NULL
);
CREATE INDEX programme_followup_entry_by_subject ON programme_followup_entry(programme_id, subject_id, id);
