-- Stem van de stad: residents' reactions, moderation, dialogue records.
-- Ids are uuid4 hex made in Python; times are ISO text; no client address is ever stored.

-- Server-side secrets: the HMAC key for form tokens and challenges, and the daily salt for the
-- rate-limit hash ("salt:<date>"; yesterday's salt is deleted, so old hashes cannot be redone).
CREATE TABLE stem_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Tokens and challenges that were used once, so a captured form cannot be replayed.
CREATE TABLE stem_spent (
    token TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);

-- One reaction: received_on is a date (no time of day, so it cannot be matched to a server log).
-- A rejected text is erased (text NULL); only the decision and its reason remain.
CREATE TABLE stem_reactions (
    id TEXT PRIMARY KEY,
    received_on TEXT NOT NULL,
    gemeente TEXT NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('indicator', 'wijk')),
    subject TEXT NOT NULL,
    answer TEXT NOT NULL CHECK (answer IN ('ja', 'deels', 'nee')),
    wijk TEXT,
    age_band TEXT,
    text TEXT,
    status TEXT NOT NULL CHECK (status IN ('zonder tekst', 'te beoordelen', 'goedgekeurd', 'afgewezen')),
    decided_on TEXT,
    decided_by TEXT,
    reason TEXT,
    note TEXT
);
CREATE INDEX stem_reactions_subject ON stem_reactions (gemeente, subject_kind, subject);
CREATE INDEX stem_reactions_status ON stem_reactions (status);

CREATE TABLE stem_moderators (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL
);

-- A session is stored by the SHA-256 of its cookie value: the database alone cannot log in.
CREATE TABLE stem_sessions (
    id TEXT PRIMARY KEY,
    moderator_id TEXT NOT NULL REFERENCES stem_moderators (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE stem_dialogues (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    place TEXT NOT NULL,
    gemeente TEXT NOT NULL,
    participants INTEGER,
    organisations TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE stem_dialogue_tables (
    dialogue_id TEXT NOT NULL REFERENCES stem_dialogues (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    question TEXT NOT NULL,
    heading TEXT NOT NULL,
    themes TEXT NOT NULL,
    indicators TEXT NOT NULL,
    PRIMARY KEY (dialogue_id, seq)
);

CREATE TABLE stem_dialogue_outcomes (
    dialogue_id TEXT NOT NULL,
    table_seq INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (dialogue_id, table_seq, seq),
    FOREIGN KEY (dialogue_id, table_seq) REFERENCES stem_dialogue_tables (dialogue_id, seq) ON DELETE CASCADE
);

-- "Hoe gaat het verder": the follow-up steps of the whole session, which hold for every table.
CREATE TABLE stem_dialogue_steps (
    dialogue_id TEXT NOT NULL REFERENCES stem_dialogues (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (dialogue_id, seq)
);
