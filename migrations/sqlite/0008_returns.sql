-- The last return of an article, while it stands (cleared by the next stage
-- action): who sent it back, when, and the note, for the desk and the
-- article page of whoever it went back to. The trail records the return.
ALTER TABLE articles ADD COLUMN returned_by INTEGER REFERENCES users(id);
ALTER TABLE articles ADD COLUMN returned_at TEXT;
ALTER TABLE articles ADD COLUMN returned_note TEXT;
