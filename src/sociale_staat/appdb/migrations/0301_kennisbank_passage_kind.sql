-- Kennisbank: what kind of text a passage is (running text, a footnote, a reference list, a
-- colofon), so that search ranks notes and references below the text they support; and with
-- which version of the passage rules a document was split, so that adding it again after the
-- rules changed splits it anew (the passages of older documents count as running text).
ALTER TABLE kb_passages ADD COLUMN kind TEXT NOT NULL DEFAULT 'tekst';
ALTER TABLE kb_documents ADD COLUMN split_version INTEGER NOT NULL DEFAULT 1;
