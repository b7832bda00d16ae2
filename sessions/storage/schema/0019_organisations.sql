-- Many municipalities on one installation: an organisation owns its accounts and events (and through
-- the events their lists, strategies and follow-ups), its settings and its audit log.
CREATE TABLE organisation (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    -- Who the follow-up reports to ("kommunfullmäktige", "regionfullmäktige", ...).
    council           TEXT NOT NULL DEFAULT 'kommunfullmäktige',
    -- The balance band a new event starts with.
    balance_low       REAL NOT NULL DEFAULT 0.4,
    balance_high      REAL NOT NULL DEFAULT 0.6,
    -- How many months after an event its people's names are kept (NULL: until the event is deleted).
    retention_months  INTEGER,
    created_at        REAL NOT NULL
);

ALTER TABLE organiser_account ADD COLUMN organisation_id INTEGER REFERENCES organisation(id);
ALTER TABLE event ADD COLUMN organisation_id INTEGER REFERENCES organisation(id);
CREATE INDEX event_by_organisation ON event(organisation_id, created_at);

-- An installation that already has accounts or events: all of them go into one organisation,
-- renamed later on its settings page (or by ORGANISATION_NAME when the server starts).
INSERT INTO organisation (name, created_at)
    SELECT 'Min organisation', 0
    WHERE EXISTS (SELECT 1 FROM organiser_account) OR EXISTS (SELECT 1 FROM event);
UPDATE organiser_account SET organisation_id = (SELECT MIN(id) FROM organisation);
UPDATE event SET organisation_id = (SELECT MIN(id) FROM organisation);

-- Who created, changed, exported or deleted what, and when; per organisation, for its administrators.
CREATE TABLE audit_entry (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER REFERENCES organisation(id),
    at               REAL NOT NULL,
    account          TEXT,
    action           TEXT NOT NULL,
    subject          TEXT NOT NULL DEFAULT '',
    detail           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entry_by_organisation ON audit_entry(organisation_id, id);
