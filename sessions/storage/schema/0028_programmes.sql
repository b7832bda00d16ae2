-- A programme groups events under one purpose (issue 24): "Underlag till näringslivsstrategin 2027".
-- Its themes across the events are the tool's suggestion that people correct, kept as JSON
-- ([{title, sources: [source key]}]); its events are checked as events are, where an event is found.
CREATE TABLE programme (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    themes      TEXT NOT NULL DEFAULT '',
    created_at  REAL NOT NULL
);

CREATE TABLE programme_event (
    programme_id  TEXT NOT NULL REFERENCES programme(id) ON DELETE CASCADE,
    event_id      TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    PRIMARY KEY (programme_id, event_id)
);
CREATE INDEX programme_event_by_event ON programme_event(event_id);
