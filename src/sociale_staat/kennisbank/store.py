"""The kennisbank: documents split into passages, searchable in Dutch (stemmed BM25, SQLite FTS5),
tagged with themes and concepts, with the figures they state as claims.

One document is added in one transaction: it is there whole, or not at all.
"""

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from sociale_staat.core.errors import InputError, SocialeStaatError
from sociale_staat.core.text import STEMMER, STOPWORDS, stem, stems, tokens
from sociale_staat.declarations.taxonomy import Taxonomy
from sociale_staat.kennisbank.claims import extract_claims
from sociale_staat.kennisbank.documents import Block, extract

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, file_name TEXT NOT NULL, path TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE, title TEXT NOT NULL, year INTEGER, publisher TEXT,
    type TEXT, area TEXT, pages INTEGER, added_at TEXT NOT NULL, stemmer TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, page INTEGER, heading TEXT, text TEXT NOT NULL,
    themes TEXT NOT NULL, concepts TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS passages_document ON passages(document_id);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    body, heading, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    passage_id INTEGER NOT NULL, page INTEGER, value REAL NOT NULL, unit TEXT NOT NULL,
    qualifier TEXT, subject TEXT, area TEXT, area_name TEXT, year INTEGER, sentence TEXT NOT NULL,
    indicator TEXT);
"""
TYPES = ("onderzoek", "beleid", "dialoogverslag", "programma", "blog", "nieuws", "overig")
MIN_WORDS, MAX_WORDS = 40, 180  # a passage is about a paragraph


@dataclass
class Passage:
    page: int | None
    heading: str | None
    text: str


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


def split_passages(blocks: list[Block]) -> list[Passage]:
    """Paragraph-sized passages under their heading: short paragraphs are joined, long ones cut
    at sentence ends; a heading or a new page starts a new passage."""
    from sociale_staat.kennisbank.claims import sentences

    out: list[Passage] = []
    heading: str | None = None
    current: list[str] = []
    page: int | None = None

    def flush() -> None:
        if current:
            out.append(Passage(page, heading, " ".join(current)))
            current.clear()

    for block in blocks:
        if block.heading:
            flush()
            heading = block.text
            continue
        if current and block.page != page:
            flush()
        if not current:
            page = block.page
        for sentence in sentences(block.text):
            if current and _words(current) + len(sentence.split()) > MAX_WORDS:
                flush()
                page = block.page
            current.append(sentence)
        if _words(current) >= MIN_WORDS:
            flush()
    flush()
    return out


def _words(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


class Kennisbank:
    def __init__(self, path: Path, taxonomy_folder: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.con = sqlite3.connect(path)
        self.con.row_factory = sqlite3.Row
        self.con.execute("PRAGMA foreign_keys = ON")
        self.con.executescript(SCHEMA)
        self.taxonomy = Taxonomy(taxonomy_folder)

    def close(self) -> None:
        self.con.close()

    # --- adding ----------------------------------------------------------------------------

    def add(self, path: Path, meta: dict[str, Any] | None = None) -> AddResult:
        """Add or replace one document; the same file twice is detected and left alone."""
        meta = dict(meta or {})
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        row = self.con.execute("SELECT id FROM documents WHERE sha256 = ?", [digest]).fetchone()
        if row is not None:
            return AddResult(path, "al aanwezig", row["id"])
        extracted = extract(path)
        doc_type = meta.get("type") or "overig"
        if doc_type not in TYPES:
            raise InputError(
                f"{path}: onbekend documenttype '{doc_type}' (kies uit {', '.join(TYPES)})"
            )
        passages = split_passages(extracted.blocks)
        title = meta.get("title") or extracted.title or _title_from(extracted.blocks, path)
        previous = self.con.execute(
            "SELECT id FROM documents WHERE file_name = ?", [path.name]
        ).fetchone()
        with self.con:  # one transaction: the whole document or nothing
            if previous is not None:
                self.con.execute(
                    "DELETE FROM passages_fts WHERE rowid IN "
                    "(SELECT id FROM passages WHERE document_id = ?)",
                    [previous["id"]],
                )
                self.con.execute("DELETE FROM documents WHERE id = ?", [previous["id"]])
            cursor = self.con.execute(
                "INSERT INTO documents (file_name, path, sha256, title, year, publisher, type, area,"
                " pages, added_at, stemmer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    path.name,
                    str(path.resolve()),
                    digest,
                    title,
                    meta.get("year"),
                    meta.get("publisher"),
                    doc_type,
                    meta.get("area"),
                    extracted.pages,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    STEMMER,
                ],
            )
            doc_id = int(cursor.lastrowid or 0)
            n_claims = 0
            for seq, passage in enumerate(passages):
                stemmed = stems(passage.text)
                themes, concepts = self.taxonomy.tag(stemmed + stems(passage.heading or ""))
                pid = self.con.execute(
                    "INSERT INTO passages (document_id, seq, page, heading, text, themes, concepts)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        doc_id,
                        seq,
                        passage.page,
                        passage.heading,
                        passage.text,
                        json.dumps(themes),
                        json.dumps(concepts),
                    ],
                ).lastrowid
                self.con.execute(
                    "INSERT INTO passages_fts (rowid, body, heading) VALUES (?, ?, ?)",
                    [pid, " ".join(stemmed), " ".join(stems(passage.heading or ""))],
                )
                for claim in extract_claims(passage.text, self.taxonomy, meta.get("area")):
                    self.con.execute(
                        "INSERT INTO claims (document_id, passage_id, page, value, unit, qualifier,"
                        " subject, area, area_name, year, sentence, indicator)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            doc_id,
                            pid,
                            passage.page,
                            claim.value,
                            claim.unit,
                            claim.qualifier,
                            claim.subject,
                            claim.area,
                            claim.area_name,
                            claim.year,
                            claim.sentence,
                            claim.indicator,
                        ],
                    )
                    n_claims += 1
        status = "vervangen" if previous is not None else "toegevoegd"
        return AddResult(path, status, doc_id, len(passages), n_claims)

    def add_folder(
        self, folder: Path, progress: Callable[[str], None] = lambda _: None
    ) -> list[AddResult]:
        """Every supported file in a folder, with metadata from its `documenten.yml` if present."""
        listed = _metadata(folder / "documenten.yml")
        results = []
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".pdf", ".docx", ".html", ".htm", ".txt", ".md"):
                progress(path.name)
                results.append(self.add(path, listed.get(path.name)))
        return results

    # --- reading ---------------------------------------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        rows = self.con.execute(
            "SELECT d.*, count(p.id) AS passages,"
            " (SELECT count(*) FROM claims c WHERE c.document_id = d.id) AS claims"
            " FROM documents d LEFT JOIN passages p ON p.document_id = d.id"
            " GROUP BY d.id ORDER BY d.year DESC, d.title"
        ).fetchall()
        return [dict(r) for r in rows]

    def claims(self, indicator: str | None = None) -> list[dict[str, Any]]:
        rows = self.con.execute(
            "SELECT c.*, d.title AS document, d.year AS document_year FROM claims c"
            " JOIN documents d ON d.id = c.document_id"
            " WHERE ? IS NULL OR c.indicator = ? ORDER BY d.title, c.id",
            [indicator, indicator],
        ).fetchall()
        return [dict(r) for r in rows]

    def search(
        self,
        query: str,
        *,
        theme: str | None = None,
        year: int | None = None,
        doc_type: str | None = None,
        limit: int = 10,
    ) -> list[Hit]:
        """BM25 over stemmed passages; all words must match, else any word (fewer terms)."""
        terms, phrases = parse_query(query)
        if not terms and not phrases:
            raise SocialeStaatError(f"zoekvraag '{query}' bevat geen zoekwoorden")
        if theme is not None and theme not in self.taxonomy.themes:
            raise SocialeStaatError(
                f"onbekend thema '{theme}' (kies uit {', '.join(self.taxonomy.themes)})"
            )
        synonyms = self.taxonomy.synonyms
        parts = [
            "(" + " OR ".join(f'"{v}"' for v in [t, *synonyms.get(t, [])]) + ")" for t in terms
        ] + ['"' + " ".join(p) + '"' for p in phrases]
        # Passages where the words stand together come first, then those with all the words,
        # then (only if none has them all) those with any of them.
        rows: list[sqlite3.Row] = []
        if len(terms) > 1 and not phrases:
            rows = self._match('"' + " ".join(terms) + '"', theme, year, doc_type, limit)
        seen = {r["id"] for r in rows}
        rows += [
            r
            for r in self._match(" AND ".join(parts), theme, year, doc_type, limit)
            if r["id"] not in seen
        ][: limit - len(rows)]
        if not rows and len(parts) > 1:
            rows = self._match(" OR ".join(parts), theme, year, doc_type, limit)
        wanted = set(terms) | {s for p in phrases for s in p}
        wanted |= {v for t in terms for v in synonyms.get(t, [])}
        return [
            Hit(
                document={k: r[k] for k in ("document_id", "title", "year", "type", "publisher")},
                passage_id=r["id"],
                page=r["page"],
                heading=r["heading"],
                text=r["text"],
                snippet=snippet(r["text"], wanted),
                score=round(-r["rank"], 4),
                themes=json.loads(r["themes"]),
                concepts=json.loads(r["concepts"]),
            )
            for r in rows
        ]

    def _match(
        self, expr: str, theme: str | None, year: int | None, doc_type: str | None, limit: int
    ) -> list[sqlite3.Row]:
        return self.con.execute(
            "SELECT p.*, d.id AS document_id, d.title, d.year, d.type, d.publisher,"
            " bm25(passages_fts, 1.0, 2.0) AS rank"
            " FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid"
            " JOIN documents d ON d.id = p.document_id"
            " WHERE passages_fts MATCH ?"
            " AND (? IS NULL OR EXISTS (SELECT 1 FROM json_each(p.themes) WHERE value = ?))"
            " AND (? IS NULL OR d.year = ?) AND (? IS NULL OR d.type = ?)"
            " ORDER BY rank LIMIT ?",
            [expr, theme, theme, year, year, doc_type, doc_type, limit],
        ).fetchall()


def group_by_document(hits: list[Hit], per_document: int = 3) -> list[dict[str, Any]]:
    """Results per document, best document first, with its best passages and their pages."""
    groups: dict[int, dict[str, Any]] = {}
    for hit in hits:
        group = groups.setdefault(hit.document["document_id"], {**hit.document, "hits": []})
        if len(group["hits"]) < per_document:
            group["hits"].append(hit)
    return list(groups.values())


_QUOTED = re.compile(r'"([^"]+)"')


def parse_query(query: str) -> tuple[list[str], list[list[str]]]:
    """Stemmed words and quoted phrases; FTS operators and stray quotes are plain text here."""
    phrases = [stems(p) for p in _QUOTED.findall(query)]
    rest = _QUOTED.sub(" ", query)
    words = [
        t
        for t in tokens(rest)
        if t not in STOPWORDS and t.lower() not in {"and", "or", "not", "near"}
    ]
    terms = list(dict.fromkeys(stem(w) for w in words))
    return terms, [p for p in phrases if p]


def snippet(text: str, wanted: set[str], width: int = 30) -> str:
    """About `width` words around the densest run of matches, matches marked **like this**."""
    words = text.split()
    marks = [bool(set(stems(w)) & wanted) for w in words]
    if not any(marks):
        return " ".join(words[:width]) + (" …" if len(words) > width else "")
    best = max(range(max(1, len(words) - width + 1)), key=lambda i: sum(marks[i : i + width]))
    shown = [
        re.sub(r"^(\W*)(.*?)(\W*)$", r"\1**\2**\3", w) if m else w
        for w, m in zip(words[best : best + width], marks[best : best + width], strict=True)
    ]
    return ("… " if best else "") + " ".join(shown) + (" …" if best + width < len(words) else "")


def _title_from(blocks: list[Block], path: Path) -> str:
    first = next((b.text for b in blocks if b.heading), None)
    return first or path.stem.replace("_", " ")


def _metadata(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise InputError(f"{path}: geen geldige YAML: {err}") from None
    if not isinstance(data, dict):
        raise InputError(
            f"{path}: verwacht per bestandsnaam de velden title, year, publisher, type"
        )
    return data
