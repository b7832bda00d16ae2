-- Organiser accounts: a name and a password hash (werkzeug's scrypt), nothing else.
CREATE TABLE organiser_account (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash  TEXT NOT NULL,
    created_at     REAL NOT NULL
);

ALTER TABLE event ADD COLUMN balance_low REAL NOT NULL DEFAULT 0.4;
ALTER TABLE event ADD COLUMN balance_high REAL NOT NULL DEFAULT 0.6;
