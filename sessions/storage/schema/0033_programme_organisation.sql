-- A programme belongs to the organisation whose organiser made it (issue 23's rule for whatever an
-- organisation owns): another organisation neither lists nor opens it. A programme made before
-- organisations takes the organisation of its first event.
ALTER TABLE programme ADD COLUMN organisation_id INTEGER REFERENCES organisation(id);
UPDATE programme SET organisation_id = (
    SELECT e.organisation_id FROM programme_event pe JOIN event e ON e.id = pe.event_id
    WHERE pe.programme_id = programme.id ORDER BY e.created_at LIMIT 1);
