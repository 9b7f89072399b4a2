-- Issue 31: every table whose rows the trail covers by digest is append-only,
-- like events: the database refuses to change or remove a revision's text,
-- an earlier Korean version, an override or a log leaf. (Someone who can
-- drop a trigger can still rewrite them; `galley trail verify` and the
-- publication check compare them with the trail for that.)

CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'a row''s revisions are append-only');
END;
CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'a row''s revisions are append-only');
END;

CREATE TRIGGER ko_versions_append_only_update BEFORE UPDATE ON ko_versions
BEGIN
    SELECT RAISE(ABORT, 'earlier versions of the Korean are append-only');
END;
CREATE TRIGGER ko_versions_append_only_delete BEFORE DELETE ON ko_versions
BEGIN
    SELECT RAISE(ABORT, 'earlier versions of the Korean are append-only');
END;

CREATE TRIGGER qa_overrides_append_only_update BEFORE UPDATE ON qa_overrides
BEGIN
    SELECT RAISE(ABORT, 'QA overrides are append-only');
END;
CREATE TRIGGER qa_overrides_append_only_delete BEFORE DELETE ON qa_overrides
BEGIN
    SELECT RAISE(ABORT, 'QA overrides are append-only');
END;

CREATE TRIGGER log_leaves_append_only_update BEFORE UPDATE ON log_leaves
BEGIN
    SELECT RAISE(ABORT, 'the log''s leaves are append-only');
END;
CREATE TRIGGER log_leaves_append_only_delete BEFORE DELETE ON log_leaves
BEGIN
    SELECT RAISE(ABORT, 'the log''s leaves are append-only');
END;
