-- The organiser's lists: invited people, their status through the evening, and where they sit.
-- Personal data: only organisers see it; deleting the event deletes its people.
CREATE TABLE person (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    organisation  TEXT NOT NULL DEFAULT '',
    sector        TEXT NOT NULL DEFAULT '',
    gender        TEXT NOT NULL DEFAULT 'unknown' CHECK (gender IN ('woman', 'man', 'unknown')),
    inviter       TEXT NOT NULL DEFAULT '',
    contact       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'invited'
                  CHECK (status IN ('invited', 'registered', 'attended', 'declined', 'no_show')),
    walk_in       INTEGER NOT NULL DEFAULT 0,
    table_number  INTEGER,
    created_at    REAL NOT NULL,
    updated_at    REAL NOT NULL
);
CREATE INDEX person_by_event ON person(event_id, name);
