-- Invitations by e-mail, registration with consent, a waiting list, and the links people get.
-- How many may register before the waiting list starts (NULL: no limit).
ALTER TABLE event ADD COLUMN capacity INTEGER;
-- When the person's invitation was stored for sending (each person is invited once), when they
-- registered, and since when they wait for a seat (NULL: not on the waiting list).
ALTER TABLE person ADD COLUMN invited_at REAL;
ALTER TABLE person ADD COLUMN registered_at REAL;
ALTER TABLE person ADD COLUMN waiting_since REAL;

-- What a person agreed to when registering: the version of the consent text shown, when, and whether
-- they want to hear what became of the ideas (results_mail; unsubscribed_at ends it, one click).
CREATE TABLE consent (
    person_id        TEXT PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
    event_id         TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    text_version     TEXT NOT NULL,
    given_at         REAL NOT NULL,
    results_mail     INTEGER NOT NULL DEFAULT 0,
    unsubscribed_at  REAL
);
CREATE INDEX consent_by_event ON consent(event_id);

-- A person's own links (registration, ticket, unsubscribe): HMAC of the server's secret, kept as hashes.
CREATE TABLE person_token (
    token_hash  TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    event_id    TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('register', 'ticket', 'unsubscribe'))
);
CREATE INDEX person_token_by_person ON person_token(person_id);

-- An event's public links (registration for people not on the list, the results page): as hashes,
-- replaced by a new generation, closed by revoking.
CREATE TABLE public_link (
    token_hash  TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('register', 'results')),
    generation  INTEGER NOT NULL,
    created_at  REAL NOT NULL,
    revoked_at  REAL
);
CREATE INDEX public_link_by_event ON public_link(event_id, purpose);
