-- An auditor reads everything and changes nothing: a fifth role.
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
    CHECK (role IN ('reporter', 'bilingual_reviewer', 'native_editor', 'admin', 'auditor'));
