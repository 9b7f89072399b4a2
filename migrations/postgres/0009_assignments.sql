-- Who is responsible for a stage of an article, and by when. One row per
-- article and stage; the trail records every assignment.
CREATE TABLE assignments (
    article_id BIGINT NOT NULL REFERENCES articles(id),
    stage TEXT NOT NULL CHECK (stage IN ('bilingual_review', 'native_edit')),
    assignee_id BIGINT NOT NULL REFERENCES users(id),
    due_at TEXT,
    assigned_by BIGINT NOT NULL REFERENCES users(id),
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (article_id, stage)
);
