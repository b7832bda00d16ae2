-- The first half of the evening: events, tables, role tokens, phases, ideas and priorities.
CREATE TABLE event (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    event_date       TEXT NOT NULL DEFAULT '',
    place            TEXT NOT NULL DEFAULT '',
    vision_question  TEXT NOT NULL,
    deepen_question  TEXT NOT NULL,
    warmup_story     TEXT NOT NULL DEFAULT '',
    table_count      INTEGER NOT NULL CHECK (table_count BETWEEN 1 AND 60),
    theme_count      INTEGER NOT NULL DEFAULT 6 CHECK (theme_count >= 1),
    phase            TEXT NOT NULL DEFAULT 'setup',
    timer_ends_at    REAL,
    created_at       REAL NOT NULL
);

CREATE TABLE event_table (
    event_id  TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    number    INTEGER NOT NULL,
    PRIMARY KEY (event_id, number)
);

-- Only hashes: a token is derived from the server's secret (see sessions/tokens.py).
CREATE TABLE access_token (
    token_hash    TEXT PRIMARY KEY,
    event_id      TEXT REFERENCES event(id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    table_number  INTEGER,
    generation    INTEGER NOT NULL,
    revoked_at    REAL
);
CREATE INDEX access_token_by_role ON access_token(event_id, role, table_number);

CREATE TABLE phase_log (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    phase       TEXT NOT NULL,
    started_at  REAL NOT NULL,
    ended_at    REAL
);
CREATE INDEX phase_log_by_event ON phase_log(event_id, id);

-- id is made by the tablet before sending, so a resent idea is recognised and stored once.
CREATE TABLE idea (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL,
    table_number  INTEGER NOT NULL,
    text          TEXT NOT NULL,
    created_at    REAL NOT NULL,
    updated_at    REAL NOT NULL,
    withdrawn_at  REAL,
    FOREIGN KEY (event_id, table_number) REFERENCES event_table(event_id, number) ON DELETE CASCADE
);
CREATE INDEX idea_by_table ON idea(event_id, table_number);

CREATE TABLE priority (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL,
    table_number  INTEGER NOT NULL,
    idea_id       TEXT UNIQUE REFERENCES idea(id) ON DELETE CASCADE,
    text          TEXT,
    created_at    REAL NOT NULL,
    CHECK ((idea_id IS NULL) <> (text IS NULL)),
    FOREIGN KEY (event_id, table_number) REFERENCES event_table(event_id, number) ON DELETE CASCADE
);
CREATE INDEX priority_by_table ON priority(event_id, table_number);
