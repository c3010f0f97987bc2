-- Kennisbank: documents, their passages (with the stemmed text that search uses) and the
-- figures they state. Search: an FTS5 index over the stemmed text, kept in step by triggers,
-- with the passages table as its content (the text is stored once).
CREATE TABLE kb_documents (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    year INTEGER,
    publisher TEXT,
    type TEXT,
    area TEXT,
    pages INTEGER,
    added_at TEXT NOT NULL,
    stemmer TEXT NOT NULL
);
CREATE INDEX kb_documents_file_name ON kb_documents(file_name);

CREATE TABLE kb_passages (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES kb_documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    page INTEGER,
    heading TEXT,
    text TEXT NOT NULL,
    themes TEXT NOT NULL,
    concepts TEXT NOT NULL,
    search_body TEXT NOT NULL,
    search_heading TEXT NOT NULL,
    search_length INTEGER NOT NULL -- words in body and heading (bm25 on PostgreSQL)
);
CREATE INDEX kb_passages_document ON kb_passages(document_id);

CREATE VIRTUAL TABLE kb_passages_fts USING fts5(
    search_body, search_heading, content = 'kb_passages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER kb_passages_indexed AFTER INSERT ON kb_passages BEGIN
    INSERT INTO kb_passages_fts (rowid, search_body, search_heading)
    VALUES (new.id, new.search_body, new.search_heading);
END;
CREATE TRIGGER kb_passages_unindexed AFTER DELETE ON kb_passages BEGIN
    INSERT INTO kb_passages_fts (kb_passages_fts, rowid, search_body, search_heading)
    VALUES ('delete', old.id, old.search_body, old.search_heading);
END;

CREATE TABLE kb_claims (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES kb_documents(id) ON DELETE CASCADE,
    passage_id INTEGER NOT NULL REFERENCES kb_passages(id) ON DELETE CASCADE,
    page INTEGER,
    value REAL NOT NULL,
    unit TEXT NOT NULL,
    qualifier TEXT,
    subject TEXT,
    area TEXT,
    area_name TEXT,
    year INTEGER,
    sentence TEXT NOT NULL,
    indicator TEXT
);
CREATE INDEX kb_claims_document ON kb_claims(document_id);
CREATE INDEX kb_claims_passage ON kb_claims(passage_id);
CREATE INDEX kb_claims_indicator ON kb_claims(indicator);
