-- The imprint is computed once per strategy and results, off the event loop, and kept: a page view
-- reads it. ``digest`` names the strategy's text (a new upload of other text gives another).
ALTER TABLE strategy_document ADD COLUMN digest TEXT NOT NULL DEFAULT '';

-- The imprint as last computed, with what it was computed from: the strategy's version and a
-- fingerprint of the forum's results. When either differs from today's, it is computed again.
CREATE TABLE strategy_imprint (
    event_id          TEXT PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,
    strategy_version  TEXT NOT NULL,
    results_digest    TEXT NOT NULL,
    shown             TEXT NOT NULL,  -- JSON: what the page shows (its sections cut at 50), a few KB
    result            TEXT NOT NULL,  -- the whole imprint but its statements (those come from the strategy's
                                      -- text again), JSON compressed with zlib, in base64: for downloads
    computed_at       REAL NOT NULL
);
