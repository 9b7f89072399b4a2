-- Lists of articles page by id, newest first, with a cursor (the last id
-- of the page before). Who is assigned the stage an article is in, and by
-- when, are the article's own columns, kept in the transaction of every
-- assignment and every change of stage (a projection of `assignments`), so
-- that each of the desk's lists walks an index of its own: a stage's, a
-- person's, the unassigned, the due.
ALTER TABLE articles ADD COLUMN assignee_id BIGINT REFERENCES users(id);
ALTER TABLE articles ADD COLUMN due_at TEXT;
UPDATE articles SET
    assignee_id = (SELECT g.assignee_id FROM assignments g
                   WHERE g.article_id = articles.id AND g.stage = articles.stage),
    due_at = (SELECT g.due_at FROM assignments g
              WHERE g.article_id = articles.id AND g.stage = articles.stage);
CREATE INDEX articles_by_stage ON articles (stage, id);
CREATE INDEX articles_by_assignee ON articles (assignee_id, id) WHERE assignee_id IS NOT NULL;
CREATE INDEX articles_unassigned ON articles (stage, id) WHERE assignee_id IS NULL;
CREATE INDEX articles_due ON articles (due_at) WHERE due_at IS NOT NULL;
