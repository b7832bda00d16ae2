-- The other formats' writing (issue 24): a log entry's details (a visitor's category and who follows it
-- up, an answer's sector, age band and gender; JSON), and when the panel answered a question ("besvarad").
ALTER TABLE idea ADD COLUMN details TEXT NOT NULL DEFAULT '';
ALTER TABLE idea ADD COLUMN answered_at REAL;
