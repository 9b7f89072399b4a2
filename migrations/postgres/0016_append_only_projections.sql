-- Issue 31: every table whose rows the trail covers by digest is append-only,
-- like events: the database refuses to change or remove a revision's text,
-- an earlier Korean version, an override or a log leaf. (Someone who can
-- drop a trigger can still rewrite them; `galley trail verify` and the
-- publication check compare them with the trail for that.)

CREATE FUNCTION append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions
    FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION append_only();

CREATE TRIGGER ko_versions_append_only_update BEFORE UPDATE ON ko_versions
    FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER ko_versions_append_only_delete BEFORE DELETE ON ko_versions
    FOR EACH ROW EXECUTE FUNCTION append_only();

CREATE TRIGGER qa_overrides_append_only_update BEFORE UPDATE ON qa_overrides
    FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER qa_overrides_append_only_delete BEFORE DELETE ON qa_overrides
    FOR EACH ROW EXECUTE FUNCTION append_only();

CREATE TRIGGER log_leaves_append_only_update BEFORE UPDATE ON log_leaves
    FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER log_leaves_append_only_delete BEFORE DELETE ON log_leaves
    FOR EACH ROW EXECUTE FUNCTION append_only();
