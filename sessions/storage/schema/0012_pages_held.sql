-- The leader may hold the projector's page turns (WCAG 2.2.2), kept with the event's other screen settings.
ALTER TABLE event ADD COLUMN pages_held INTEGER NOT NULL DEFAULT 0;
