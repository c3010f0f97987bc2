-- Shared by every part: counters for rate limits and other state that must hold across workers.
-- A key is a salted hash or a name, never an IP address.
CREATE TABLE counters (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    window_start TEXT NOT NULL,
    hits INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, key, window_start)
);
