-- A real room: organiser sessions the server can revoke, and what the seats are sized for.

-- A logged-in organiser's session; logging out revokes it here, so a copied cookie opens nothing.
CREATE TABLE organiser_session (
    id          TEXT PRIMARY KEY,
    username    TEXT NOT NULL,
    created_at  REAL NOT NULL,
    revoked_at  REAL
);

-- How many people the organiser expects (NULL: the list's registered, or who has joined so far),
-- and how many phones may join at most.
ALTER TABLE event ADD COLUMN expected_participants INTEGER;
ALTER TABLE event ADD COLUMN participant_cap INTEGER NOT NULL DEFAULT 500;
