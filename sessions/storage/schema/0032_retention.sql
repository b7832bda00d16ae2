-- When the names of an event's people were removed, its retention period over (NULL: kept still).
ALTER TABLE event ADD COLUMN names_removed_at REAL;
