-- New versions of the Korean (issue 19). The article's current Korean stays
-- in ko_paragraphs; every earlier version is kept here, paragraph by
-- paragraph, so it stays readable and its digests checkable.
ALTER TABLE articles ADD COLUMN source_version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE ko_versions (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    version INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, version, idx)
);

-- What a new version did to a row, while it waits for a bilingual
-- reviewer ('changed', 'added', 'removed'; the trail's replay is the
-- record, this column what the page and the rules read), and the row's
-- Korean before the change, for the word diff.
ALTER TABLE segments ADD COLUMN source_change TEXT
    CHECK (source_change IN ('changed', 'added', 'removed'));
ALTER TABLE segments ADD COLUMN ko_before TEXT;
