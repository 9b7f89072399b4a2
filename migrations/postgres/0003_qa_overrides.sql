-- QA findings a reviewer overrode, with the written reason. Version numbers
-- match migrations/sqlite. The trail records each override too.
CREATE TABLE qa_overrides (
    segment_id BIGINT NOT NULL REFERENCES segments(id),
    finding_key TEXT NOT NULL,
    reason TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (segment_id, finding_key)
);
