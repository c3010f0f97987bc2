"""The kennisbank: documents split into passages, searchable in Dutch (stemmed words, ranked),
tagged with themes and concepts, with the figures they state as claims.

It lives in the app database (SQLite with FTS5, or PostgreSQL with its `dutch` text search), so
a shared installation has one kennisbank for every web worker. One document is added in one
transaction: it is there whole, or not at all; a crash halfway leaves no orphan passages.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DatabaseError, IntegrityError

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core.errors import InputError, SocialeStaatError
from sociale_staat.core.text import STEMMER, stems
from sociale_staat.declarations.taxonomy import Taxonomy
from sociale_staat.kennisbank.claims import Claim, extract_claims
from sociale_staat.kennisbank.documents import extract
from sociale_staat.kennisbank.passages import (
    Passage,
    folder_metadata,
    split_passages,
    title_from,
)
from sociale_staat.kennisbank.search import Clause, Filters, Match, Mode, match, parse_query
from sociale_staat.kennisbank.snippets import Segment, as_text, snippet_segments

__all__ = ["AddResult", "Hit", "Kennisbank", "group_by_document", "parse_query", "split_passages"]

# The passage rules (kennisbank/passages.py); a document split by older rules is split anew
# when it is added again. 2: lists with their lead-in, notes and references marked.
SPLIT_VERSION = 2
TYPES = ("onderzoek", "beleid", "dialoogverslag", "programma", "blog", "nieuws", "overig")
SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")


@dataclass
class AddResult:
    path: Path
    status: str  # toegevoegd, vervangen, al aanwezig
    document_id: int
    passages: int = 0
    claims: int = 0


@dataclass
class Hit:
    document: dict[str, Any]
    passage_id: int
    page: int | None
    heading: str | None
    text: str
    snippet: str
    score: float
    themes: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    kind: str = "tekst"  # tekst, voetnoot, bronnen or colofon (passages.KINDS)
    segments: list[Segment] = field(default_factory=list)  # the snippet, matches marked


@dataclass(frozen=True)
class Consistency:
    """What a crash could leave behind; all zero in a sound kennisbank."""

    documents: int
    passages: int
    orphan_passages: int
    orphan_claims: int
    index_ok: bool


@dataclass(frozen=True)
class _Prepared:
    passage: Passage
    body: list[str]
    heading: list[str]
    themes: list[str]
    concepts: list[str]
    claims: list[Claim]


class Kennisbank:
    """The kennisbank in an app database; a path opens (or creates) a SQLite file of its own.

    >>> kb = Kennisbank(AppDatabase(), paths.taxonomy_dir())  # doctest: +SKIP
    """

    def __init__(self, store: AppDatabase | Path | str, taxonomy_folder: Path) -> None:
        if isinstance(store, AppDatabase):
            self.db, self._owned = store, False
        else:
            url = store if isinstance(store, str) and "://" in store else f"sqlite:///{store}"
            self.db, self._owned = AppDatabase(url), True
        self.taxonomy = Taxonomy(taxonomy_folder)

    def close(self) -> None:
        if self._owned:
            self.db.close()

    # --- adding ----------------------------------------------------------------------------

    def add(self, path: Path, meta: dict[str, Any] | None = None) -> AddResult:
        """Add or replace one document; the same file twice is detected and left alone."""
        meta = dict(meta or {})
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        with self.db.reader() as conn:
            existing = _document_with(conn, digest)
        if existing is not None:
            return AddResult(path, "al aanwezig", existing)
        extracted = extract(path)
        doc_type = meta.get("type") or "overig"
        if doc_type not in TYPES:
            raise InputError(
                f"{path}: onbekend documenttype '{doc_type}' (kies uit {', '.join(TYPES)})"
            )
        # Stemming, tagging and claims are worked out before the write transaction, so that
        # other writers wait only for the inserts.
        prepared = [self._prepare(p, meta.get("area")) for p in split_passages(extracted.blocks)]
        document = {
            "file_name": path.name,
            "path": str(path.resolve()),
            "sha256": digest,
            "title": meta.get("title") or extracted.title or title_from(extracted.blocks, path),
            "year": meta.get("year"),
            "publisher": meta.get("publisher"),
            "type": doc_type,
            "area": meta.get("area"),
            "pages": extracted.pages,
            "added_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "stemmer": STEMMER,
            "split_version": SPLIT_VERSION,
        }
        try:
            with self.db.transaction() as conn:  # one transaction: the whole document or nothing
                existing = _document_with(conn, digest)
                if existing is not None:  # another process added the same file meanwhile
                    return AddResult(path, "al aanwezig", existing)
                replaced = conn.execute(
                    text("DELETE FROM kb_documents WHERE file_name = :name OR sha256 = :digest"),
                    {"name": path.name, "digest": digest},
                ).rowcount
                doc_id = _insert_document(conn, document)
                n_claims = sum(
                    _insert_passage(conn, doc_id, seq, p) for seq, p in enumerate(prepared)
                )
        except IntegrityError:
            # PostgreSQL: a concurrent add of the same file committed first (unique sha256).
            with self.db.reader() as conn:
                existing = _document_with(conn, digest)
            if existing is None:
                raise
            return AddResult(path, "al aanwezig", existing)
        status = "vervangen" if replaced else "toegevoegd"
        return AddResult(path, status, doc_id, len(prepared), n_claims)

    def add_folder(
        self, folder: Path, progress: Callable[[str], None] = lambda _: None
    ) -> list[AddResult]:
        """Every supported file in a folder, with metadata from its `documenten.yml` if present."""
        listed = folder_metadata(folder / "documenten.yml")
        results = []
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in SUFFIXES:
                progress(path.name)
                results.append(self.add(path, listed.get(path.name)))
        return results

    def _prepare(self, passage: Passage, area: str | None) -> _Prepared:
        body, heading = stems(passage.text), stems(passage.heading or "")
        themes, concepts = self.taxonomy.tag(body + heading)
        claims = extract_claims(passage.text, self.taxonomy, area)
        return _Prepared(passage, body, heading, themes, concepts, claims)

    # --- reading ---------------------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        with self.db.reader() as conn:
            rows = conn.execute(
                text(
                    "SELECT d.*, count(p.id) AS passages,"
                    " (SELECT count(*) FROM kb_claims c WHERE c.document_id = d.id) AS claims"
                    " FROM kb_documents d LEFT JOIN kb_passages p ON p.document_id = d.id"
                    " GROUP BY d.id ORDER BY d.year DESC NULLS LAST, d.title"
                )
            ).mappings()
            return [dict(r) for r in rows]

    def claims(self, indicator: str | None = None) -> list[dict[str, Any]]:
        where = " WHERE c.indicator = :indicator" if indicator is not None else ""
        with self.db.reader() as conn:
            rows = conn.execute(
                text(
                    "SELECT c.*, d.title AS document, d.year AS document_year FROM kb_claims c"
                    f" JOIN kb_documents d ON d.id = c.document_id{where} ORDER BY d.title, c.id"
                ),
                {"indicator": indicator},
            ).mappings()
            return [dict(r) for r in rows]

    def consistency(self) -> Consistency:
        """Counts that show whether an interrupted write left anything behind."""
        with self.db.reader() as conn:

            def one(sql: str) -> int:
                return int(conn.execute(text(sql)).scalar_one())

            counts = Consistency(
                documents=one("SELECT count(*) FROM kb_documents"),
                passages=one("SELECT count(*) FROM kb_passages"),
                orphan_passages=one(
                    "SELECT count(*) FROM kb_passages p WHERE NOT EXISTS"
                    " (SELECT 1 FROM kb_documents d WHERE d.id = p.document_id)"
                ),
                orphan_claims=one(
                    "SELECT count(*) FROM kb_claims c WHERE NOT EXISTS"
                    " (SELECT 1 FROM kb_passages p WHERE p.id = c.passage_id)"
                ),
                index_ok=True,
            )
        return replace(counts, index_ok=self._index_ok())

    def _index_ok(self) -> bool:
        if self.db.dialect == "postgresql":
            return True  # the tsvector is a generated column: written with its row or not at all
        # FTS5 compares its index with the passages table (rank 1: the external content too).
        try:
            with self.db.transaction() as conn:
                conn.execute(
                    text(
                        "INSERT INTO kb_passages_fts (kb_passages_fts, rank) VALUES ('integrity-check', 1)"
                    )
                )
        except DatabaseError:
            return False
        return True

    def search(
        self,
        query: str,
        *,
        theme: str | None = None,
        year: int | None = None,
        doc_type: str | None = None,
        document: int | None = None,
        limit: int = 10,
    ) -> list[Hit]:
        """Ranked passages; all words must match, else any word (fewer terms)."""
        terms, phrases = parse_query(query)
        if not terms and not phrases:
            raise SocialeStaatError(f"zoekvraag '{query}' bevat geen zoekwoorden")
        if theme is not None and theme not in self.taxonomy.themes:
            raise SocialeStaatError(
                f"onbekend thema '{theme}' (kies uit {', '.join(self.taxonomy.themes)})"
            )
        synonyms = self.taxonomy.synonyms
        clauses = [Clause(tuple((v,) for v in [t, *synonyms.get(t, [])])) for t in terms]
        clauses += [Clause((tuple(p),)) for p in phrases]
        filters = Filters(theme, year, doc_type, document)
        with self.db.reader() as conn:

            def run(chosen: list[Clause], mode: Mode = "all") -> list[Match]:
                return match(conn, self.db.dialect, chosen, mode, filters, limit)

            # Passages where the words stand together come first, then those with all the
            # words, then (only if none has them all) those with any of them.
            found: list[Match] = []
            if len(terms) > 1 and not phrases:
                found = run([Clause((tuple(terms),))])
            seen = {m.passage_id for m in found}
            found += [m for m in run(clauses) if m.passage_id not in seen][: limit - len(found)]
            if not found and len(clauses) > 1:
                found = run(clauses, "any")
        # Notes, references and colofon text after the running text they support.
        found.sort(key=lambda m: m.kind != "tekst")
        wanted = set(terms) | {s for p in phrases for s in p}
        wanted |= {v for t in terms for v in synonyms.get(t, [])}
        return [_hit(m, wanted) for m in found]


def group_by_document(hits: list[Hit], per_document: int = 3) -> list[dict[str, Any]]:
    """Results per document, best document first, with its best passages and their pages."""
    groups: dict[int, dict[str, Any]] = {}
    for hit in hits:
        group = groups.setdefault(hit.document["document_id"], {**hit.document, "hits": []})
        if len(group["hits"]) < per_document:
            group["hits"].append(hit)
    return list(groups.values())


def _hit(m: Match, wanted: set[str]) -> Hit:
    segments = snippet_segments(m.text, wanted, stemmed=m.stemmed)
    return Hit(
        document={
            "document_id": m.document_id,
            "title": m.title,
            "year": m.year,
            "type": m.type,
            "publisher": m.publisher,
        },
        passage_id=m.passage_id,
        page=m.page,
        heading=m.heading,
        text=m.text,
        snippet=as_text(segments),
        score=round(m.score, 4),
        themes=m.themes,
        concepts=m.concepts,
        kind=m.kind,
        segments=segments,
    )


def _document_with(conn: Connection, digest: str) -> int | None:
    """The document with this content, split by the current passage rules."""
    found = conn.execute(
        text("SELECT id FROM kb_documents WHERE sha256 = :digest AND split_version >= :v"),
        {"digest": digest, "v": SPLIT_VERSION},
    ).scalar()
    return None if found is None else int(found)


def _insert_document(conn: Connection, document: dict[str, Any]) -> int:
    columns = ", ".join(document)
    values = ", ".join(f":{k}" for k in document)
    return int(
        conn.execute(
            text(f"INSERT INTO kb_documents ({columns}) VALUES ({values}) RETURNING id"), document
        ).scalar_one()
    )


def _insert_passage(conn: Connection, doc_id: int, seq: int, p: _Prepared) -> int:
    """One passage and its claims; returns the number of claims."""
    passage_id = int(
        conn.execute(
            text(
                "INSERT INTO kb_passages (document_id, seq, page, heading, text, themes, concepts,"
                " search_body, search_heading, search_length, kind) VALUES (:doc, :seq, :page,"
                " :heading, :text, :themes, :concepts, :body, :head, :length, :kind) RETURNING id"
            ),
            {
                "doc": doc_id,
                "seq": seq,
                "page": p.passage.page,
                "heading": p.passage.heading,
                "text": p.passage.text,
                "themes": json.dumps(p.themes),
                "concepts": json.dumps(p.concepts),
                "body": " ".join(p.body),
                "head": " ".join(p.heading),
                "length": len(p.body) + len(p.heading),
                "kind": p.passage.kind,
            },
        ).scalar_one()
    )
    if p.claims:
        conn.execute(
            text(
                "INSERT INTO kb_claims (document_id, passage_id, page, value, unit, qualifier,"
                " subject, area, area_name, year, sentence, indicator) VALUES (:doc, :pid, :page,"
                " :value, :unit, :qualifier, :subject, :area, :area_name, :year, :sentence,"
                " :indicator)"
            ),
            [
                {"doc": doc_id, "pid": passage_id, "page": p.passage.page, **c.as_dict()}
                for c in p.claims
            ],
        )
    return len(p.claims)
