-- The language each person reads the pages in: 'en' or 'ko'.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ko'));
