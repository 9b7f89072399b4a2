-- An auditor reads everything and changes nothing: a fifth role.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt.
CREATE TABLE user_roles_new (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('reporter', 'bilingual_reviewer', 'native_editor', 'admin', 'auditor')),
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;
