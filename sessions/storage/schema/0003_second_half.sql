-- The second half of the evening: pass-2 proposals, table themes, participants, rotation, parking lot.

-- Proposals are written like ideas (same no-loss path) but in pass 2, for the table's theme.
ALTER TABLE idea ADD COLUMN kind TEXT NOT NULL DEFAULT 'idea';
ALTER TABLE idea ADD COLUMN theme_id TEXT REFERENCES theme(id) ON DELETE SET NULL;

ALTER TABLE event ADD COLUMN rotation_rounds_max INTEGER NOT NULL DEFAULT 2;
ALTER TABLE event ADD COLUMN parking_visible INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event_table ADD COLUMN seats INTEGER;
ALTER TABLE event_table ADD COLUMN theme_id TEXT REFERENCES theme(id) ON DELETE SET NULL;

-- A participant joins with a display name only; the key proves it is the same phone later.
CREATE TABLE participant (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    key_hash      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    table_number  INTEGER,
    created_at    REAL NOT NULL
);
CREATE INDEX participant_by_table ON participant(event_id, table_number);

CREATE TABLE rotation_round (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    opened_at   REAL NOT NULL,
    closed_at   REAL,
    UNIQUE (event_id, number)
);

CREATE TABLE rotation_move (
    id              INTEGER PRIMARY KEY,
    round_id        INTEGER NOT NULL REFERENCES rotation_round(id) ON DELETE CASCADE,
    participant_id  TEXT NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
    from_table      INTEGER,
    to_table        INTEGER NOT NULL,
    moved_at        REAL NOT NULL
);
CREATE INDEX rotation_move_by_round ON rotation_move(round_id);

CREATE TABLE parking_note (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    table_number    INTEGER,
    participant_id  TEXT REFERENCES participant(id) ON DELETE SET NULL,
    text            TEXT NOT NULL,
    created_at      REAL NOT NULL
);
CREATE INDEX parking_note_by_event ON parking_note(event_id, created_at);
