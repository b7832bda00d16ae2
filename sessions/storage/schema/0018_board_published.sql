-- The theme board is the leaders' draft until a leader shows it to the room: the projector shows
-- the board only from then (and every change after). A new suggestion is a draft again.
ALTER TABLE event ADD COLUMN board_published_at REAL;
-- Boards that exist already were on the projector as they were made: they stay shown.
UPDATE event SET board_published_at = created_at WHERE EXISTS (SELECT 1 FROM theme WHERE theme.event_id = event.id);
