-- The participants' short code (/j/<code>) is found by an index instead of by deriving every event's
-- token: the column keeps a keyed hash of the code (tokens.join_code_key), so a copy of the database
-- cannot be searched for codes. Only a live participants' link has one; the server fills it in for
-- links issued before this migration when it starts (tokens.backfill_join_codes needs the secret).
ALTER TABLE access_token ADD COLUMN join_code_key TEXT;
CREATE UNIQUE INDEX access_token_by_join_code ON access_token(join_code_key) WHERE join_code_key IS NOT NULL;
