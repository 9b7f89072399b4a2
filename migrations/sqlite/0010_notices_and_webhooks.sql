-- What people are told (notifications) and what other systems are sent
-- (webhooks). Both are written in the same transaction as the trail event
-- they come from: no event without its notices and deliveries, and none of
-- those without their event (article_id, event_seq).

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id),
    article_id INTEGER NOT NULL REFERENCES articles(id),
    event_seq INTEGER NOT NULL,
    reason TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    stage TEXT,
    comment_id INTEGER REFERENCES comments(id),
    detail TEXT,
    created_at TEXT NOT NULL,
    read_at TEXT,
    FOREIGN KEY (article_id, event_seq) REFERENCES events(article_id, seq)
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- An endpoint's secret signs its messages (Standard Webhooks); it is kept
-- as given out, since signing needs it.
CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    disabled_at TEXT
);

-- The outbox: one message to one endpoint. A worker claims a delivery by
-- setting claimed_until (a lease), sends it, and records the attempt.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id),
    message_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    event_seq INTEGER NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    last_status INTEGER,
    last_error TEXT,
    created_at TEXT NOT NULL,
    retry_since TEXT NOT NULL,
    delivered_at TEXT,
    FOREIGN KEY (article_id, event_seq) REFERENCES events(article_id, seq),
    UNIQUE (endpoint_id, message_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';

CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id),
    at TEXT NOT NULL,
    status INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, id);
