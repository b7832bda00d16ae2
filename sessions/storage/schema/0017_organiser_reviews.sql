-- The organiser reviews what the tool judged: the imprint's verdicts and the report's placements.
-- The organiser confirms or corrects each of the imprint's verdicts (tas upp, osäker, syns inte).
-- Never updated: the newest review of an item is in force, the older ones are its history (who, when).
-- An item is named by what the imprint compares (a theme's title; a proposal's theme and text), not by
-- an id, so a review outlives the imprint's recomputation while the same item is still there.
CREATE TABLE verdict_review (
    id             INTEGER PRIMARY KEY,
    event_id       TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    subject_kind   TEXT NOT NULL CHECK (subject_kind IN ('theme', 'proposal')),
    theme          TEXT NOT NULL,
    proposal       TEXT NOT NULL DEFAULT '',
    verdict        TEXT NOT NULL CHECK (verdict IN ('taken_up', 'unsure', 'not_seen')),
    tool_verdict   TEXT NOT NULL CHECK (tool_verdict IN ('taken_up', 'unsure', 'not_seen')),
    reviewed_by    TEXT NOT NULL,
    reviewed_at    REAL NOT NULL
);
CREATE INDEX verdict_review_by_event ON verdict_review(event_id, id);

-- The organiser removes a placement of the tool's ("Liknande idéer från borden") before the report goes
-- out: the idea stays with its table in every export. Named by the idea and the theme's title, so a
-- placement under another theme (the board changed) is the tool's again to show.
CREATE TABLE placement_removal (
    event_id    TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    idea_id     TEXT NOT NULL,
    theme       TEXT NOT NULL,
    removed_by  TEXT NOT NULL,
    removed_at  REAL NOT NULL,
    PRIMARY KEY (event_id, idea_id, theme)
);
