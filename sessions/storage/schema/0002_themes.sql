-- Theming: the leaders' board of themes, the priorities placed in them, and an undo history.
ALTER TABLE event ADD COLUMN themes_finalised_at REAL;
ALTER TABLE event ADD COLUMN show_context INTEGER NOT NULL DEFAULT 0;

CREATE TABLE theme (
    id          TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    position    INTEGER NOT NULL,
    created_at  REAL NOT NULL
);
CREATE INDEX theme_by_event ON theme(event_id, position);

-- A priority sits in at most one theme; one not placed is shown as unsorted.
CREATE TABLE theme_priority (
    priority_id  TEXT PRIMARY KEY REFERENCES priority(id) ON DELETE CASCADE,
    theme_id     TEXT NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL
);
CREATE INDEX theme_priority_by_theme ON theme_priority(theme_id, position);

-- The board as it was before each change, newest last: "undo" restores and drops the newest.
CREATE TABLE board_history (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    snapshot    TEXT NOT NULL,
    created_at  REAL NOT NULL
);
CREATE INDEX board_history_by_event ON board_history(event_id, id);
