-- Who may make organiser accounts: administrators. The first account of an installation is one,
-- and on an installation that already has accounts, its oldest account becomes the administrator.
ALTER TABLE organiser_account ADD COLUMN administrator INTEGER NOT NULL DEFAULT 0;
UPDATE organiser_account SET administrator = 1 WHERE id = (SELECT MIN(id) FROM organiser_account);
