-- The leader shows or hides each parking-lot note on the projector, and marks it answered.
ALTER TABLE parking_note ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE parking_note ADD COLUMN answered_at REAL;
