-- An event runs a format (issue 24): its id, and its steps as they were when the event was made, so a
-- later change to a built-in format never rewrites a past event. Empty steps: the open forum's (older events).
ALTER TABLE event ADD COLUMN format_id TEXT NOT NULL DEFAULT 'oppet-forum';
ALTER TABLE event ADD COLUMN steps TEXT NOT NULL DEFAULT '';
