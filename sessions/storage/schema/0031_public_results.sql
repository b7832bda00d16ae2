-- The public results page: published or not (its link is a public_link of purpose 'results'), and the
-- last follow-up entry the participants who asked have been told of (the digest mails say what is newer).
ALTER TABLE event ADD COLUMN results_published_at REAL;
ALTER TABLE event ADD COLUMN results_told_through INTEGER NOT NULL DEFAULT 0;
