-- Phones that take part (issue 24): a phone's idea or question keeps which phone sent it (so a resend is
-- recognised; never exported), the phones' votes (three each per step) and their short evaluation.
ALTER TABLE idea ADD COLUMN participant_id TEXT;

CREATE TABLE vote (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    participant_id  TEXT NOT NULL,
    phase           TEXT NOT NULL,
    target_id       TEXT NOT NULL,
    created_at      REAL NOT NULL,
    UNIQUE (participant_id, target_id)
);
CREATE INDEX vote_by_event ON vote(event_id, phase);

CREATE TABLE evaluation (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    participant_id  TEXT NOT NULL UNIQUE,
    rating          INTEGER NOT NULL,
    comment         TEXT NOT NULL DEFAULT '',
    created_at      REAL NOT NULL
);
CREATE INDEX evaluation_by_event ON evaluation(event_id);
