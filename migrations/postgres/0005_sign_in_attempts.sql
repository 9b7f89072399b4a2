-- Sign-in attempts per key (exact user name and client address), counted
-- before the password is checked: one row per key, incremented atomically
-- (an upsert), so concurrent attempts cannot all read the same count. The
-- failures table it replaces was read before and written after the check.
DROP TABLE login_failures;

CREATE TABLE sign_in_attempts (
    key TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    attempts BIGINT NOT NULL
);
CREATE INDEX sign_in_attempts_by_window ON sign_in_attempts (window_start);
