"""Dutch full-text search over passages, one query meaning on both engines.

A query is a list of clauses; a clause matches when any of its phrases occurs (a word with its
synonyms, or one quoted phrase); the clauses are combined with AND ("all") or OR ("any"). Terms
are stems from the pinned Snowball stemmer on both engines, so SQLite and PostgreSQL find the
same passages:
- SQLite: an FTS5 MATCH expression over the stemmed text, ranked by bm25 (heading counts double);
- PostgreSQL: `phraseto_tsquery('dutch', …)` over a tsvector built with the `dutch`
  configuration, ranked by bm25 computed in SQL the way FTS5 does.
Footnotes, reference lists and colofon text (a passage's `kind`) are found, but their score is
multiplied by DEMOTED, so the running text they support comes first on both engines.
"""

import json
import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, RowMapping, text

from sociale_staat.core.text import STOPWORDS, stem, stems, tokens

Phrase = tuple[str, ...]
DEMOTED = 0.3  # weight of a note, reference or colofon passage against running text (1.0)
_WEIGHT = f"(CASE p.kind WHEN 'tekst' THEN 1.0 ELSE {DEMOTED} END)"
Mode = Literal["all", "any"]


@dataclass(frozen=True)
class Clause:
    """Matches a passage holding any one of these phrases (a phrase of one word: a word)."""

    phrases: tuple[Phrase, ...]


@dataclass(frozen=True)
class Filters:
    theme: str | None = None
    year: int | None = None
    doc_type: str | None = None
    document: int | None = None


@dataclass(frozen=True)
class Match:
    """A passage that matched, with its document and its score (higher is better)."""

    passage_id: int
    page: int | None
    heading: str | None
    text: str
    themes: list[str]
    concepts: list[str]
    document_id: int
    title: str
    year: int | None
    type: str | None
    publisher: str | None
    score: float
    kind: str = "tekst"
    stemmed: str = ""  # the text's word stems as indexed, one per token (snippets reuse them)


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


def match(
    conn: Connection,
    dialect: Literal["sqlite", "postgresql"],
    clauses: list[Clause],
    mode: Mode,
    filters: Filters,
    limit: int,
) -> list[Match]:
    """The best `limit` passages for the clauses, filtered by theme, year and document type."""
    where, params = _filters(dialect, filters)
    params["limit"] = limit
    columns = (
        "p.id, p.page, p.heading, p.text, p.themes, p.concepts, p.kind, p.search_body,"
        " d.id AS document_id, d.title, d.year, d.type, d.publisher"
    )
    if dialect == "sqlite":
        params["expr"] = _fts5(clauses, mode)
        sql = (
            f"SELECT {columns}, -bm25(kb_passages_fts, 1.0, 2.0) * {_WEIGHT} AS score"
            " FROM kb_passages_fts JOIN kb_passages p ON p.id = kb_passages_fts.rowid"
            " JOIN kb_documents d ON d.id = p.document_id"
            f" WHERE kb_passages_fts MATCH :expr{where}"
            " ORDER BY score DESC, p.id LIMIT :limit"
        )
    else:
        sql = _postgresql(columns, clauses, mode, params, where)
    return [_match(row) for row in conn.execute(text(sql), params).mappings()]


def _filters(dialect: str, filters: Filters) -> tuple[str, dict[str, object]]:
    # Conditions are added only when a filter is set: PostgreSQL cannot type a bare ":x IS NULL".
    where, params = "", dict[str, object]()
    if filters.theme is not None:
        where += (
            " AND EXISTS (SELECT 1 FROM json_each(p.themes) WHERE value = :theme)"
            if dialect == "sqlite"
            else " AND p.themes::jsonb @> jsonb_build_array(CAST(:theme AS text))"
        )
        params["theme"] = filters.theme
    if filters.year is not None:
        where += " AND d.year = :year"
        params["year"] = filters.year
    if filters.doc_type is not None:
        where += " AND d.type = :doc_type"
        params["doc_type"] = filters.doc_type
    if filters.document is not None:
        where += " AND d.id = :document"
        params["document"] = filters.document
    return where, params


def _fts5(clauses: list[Clause], mode: Mode) -> str:
    # Stems come from the tokenizer (letters, digits, . , ' -), never a double quote, so
    # quoting each phrase makes every FTS5 operator in the user's query plain text.
    parts = [
        "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in clause.phrases) + ")"
        for clause in clauses
    ]
    return (" AND " if mode == "all" else " OR ").join(parts)


def _postgresql(
    columns: str, clauses: list[Clause], mode: Mode, params: dict[str, object], where: str
) -> str:
    # PostgreSQL finds the passages; they are ranked with bm25 as SQLite's FTS5 computes it
    # (per phrase of the query: k1 1.2, b 0.75, idf floored at 1e-6, an occurrence in the
    # heading counting double), so both engines put the same passage first. ts_rank would not
    # do: it ignores how rare a word is. A phrase's frequency in a passage is taken as that of
    # its least frequent word (exact when its words occur only together), read from kb_terms.
    phrases: list[str] = []
    queries = []
    for clause in clauses:
        alternatives = []
        for phrase in clause.phrases:
            name = f"p{len(params)}"
            params[name] = " ".join(phrase)
            phrases.append(
                f"({len(phrases)}, phraseto_tsquery('dutch', :{name}),"
                f" tsvector_to_array(to_tsvector('dutch', :{name})))"
            )
            alternatives.append(f"phraseto_tsquery('dutch', :{name})")
        queries.append("(" + " || ".join(alternatives) + ")")
    combined = (" && " if mode == "all" else " || ").join(queries)
    return (
        f"WITH phrases (n, query, lexemes) AS (VALUES {', '.join(phrases)}),"
        " cand AS (SELECT p.id, p.search, p.search_length FROM kb_passages p"
        f" JOIN kb_documents d ON d.id = p.document_id WHERE p.search @@ ({combined}){where}),"
        " stats AS MATERIALIZED (SELECT count(*) AS total, greatest(avg(search_length), 1) AS avgdl"
        " FROM kb_passages),"
        " idf AS MATERIALIZED (SELECT ph.n, greatest(ln((s.total - f.df + 0.5) / (f.df + 0.5)), 1e-6) AS idf"
        " FROM phrases ph CROSS JOIN stats s CROSS JOIN LATERAL (SELECT count(*) AS df"
        " FROM kb_passages x WHERE x.search @@ ph.query) f),"
        " tf AS MATERIALIZED (SELECT c.id, c.search_length, ph.n, (SELECT min(t.tf)"
        " FROM kb_terms t WHERE t.passage_id = c.id AND t.lexeme = ANY(ph.lexemes)) AS tf"
        " FROM cand c JOIN phrases ph ON c.search @@ ph.query),"
        " scored AS (SELECT tf.id, sum(idf.idf * tf.tf * 2.2 / (tf.tf + 1.2 * (0.25 + 0.75"
        " * tf.search_length / s.avgdl))) AS score FROM tf JOIN idf ON idf.n = tf.n"
        " CROSS JOIN stats s GROUP BY tf.id)"
        f" SELECT {columns}, scored.score * {_WEIGHT} AS score FROM scored"
        " JOIN kb_passages p ON p.id = scored.id"
        " JOIN kb_documents d ON d.id = p.document_id"
        " ORDER BY score DESC, p.id LIMIT :limit"
    )


def _match(row: RowMapping) -> Match:
    return Match(
        passage_id=int(row["id"]),
        page=row["page"],
        heading=row["heading"],
        text=row["text"],
        themes=json.loads(row["themes"]),
        concepts=json.loads(row["concepts"]),
        document_id=int(row["document_id"]),
        title=row["title"],
        year=row["year"],
        type=row["type"],
        publisher=row["publisher"],
        score=float(row["score"]),
        kind=row["kind"],
        stemmed=row["search_body"],
    )
