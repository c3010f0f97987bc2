"""Reading the kennisbank as a reader browses it: the documents, one document with its passages,
the claims about an indicator, and a version that changes whenever a document is added or
replaced (so pages made from the kennisbank can be kept until then). Typed records only."""

import json
from dataclasses import dataclass

from sqlalchemy import RowMapping, text

from sociale_staat.appdb.database import AppDatabase


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    title: str
    year: int | None
    type: str | None
    publisher: str | None
    pages: int | None
    file_name: str
    added_at: str
    passages: int
    claims: int


@dataclass(frozen=True)
class PassageView:
    id: int
    seq: int
    page: int | None
    heading: str | None
    text: str
    kind: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class ClaimView:
    """A figure a document states, with where it stands."""

    id: int
    document_id: int
    document: str
    document_year: int | None
    passage_id: int
    page: int | None
    value: float
    unit: str
    qualifier: str | None
    subject: str | None
    area: str | None
    area_name: str | None
    year: int | None
    sentence: str
    indicator: str | None


@dataclass(frozen=True)
class Facets:
    """The values a reader can filter the documents on."""

    years: tuple[int, ...]
    types: tuple[str, ...]


_DOCUMENTS = (
    "SELECT d.id, d.title, d.year, d.type, d.publisher, d.pages, d.file_name, d.added_at,"
    " (SELECT count(*) FROM kb_passages p WHERE p.document_id = d.id) AS passages,"
    " (SELECT count(*) FROM kb_claims c WHERE c.document_id = d.id) AS claims"
    " FROM kb_documents d"
)


def version(db: AppDatabase) -> tuple[int, int, str]:
    """(documents, highest id, last added): changes with every add or replacement."""
    with db.reader() as conn:
        row = conn.execute(
            text("SELECT count(*), coalesce(max(id), 0), coalesce(max(added_at), '') FROM kb_documents")
        ).one()
    return int(row[0]), int(row[1]), str(row[2])


def documents(db: AppDatabase) -> list[DocumentInfo]:
    """Every document, newest year first."""
    with db.reader() as conn:
        rows = conn.execute(text(f"{_DOCUMENTS} ORDER BY d.year DESC NULLS LAST, d.title, d.id"))
        return [_document(r) for r in rows.mappings()]


def document(db: AppDatabase, document_id: int) -> DocumentInfo | None:
    with db.reader() as conn:
        row = conn.execute(text(f"{_DOCUMENTS} WHERE d.id = :id"), {"id": document_id})
        found = row.mappings().first()
    return _document(found) if found is not None else None


def passages(db: AppDatabase, document_id: int) -> list[PassageView]:
    """A document's passages in reading order."""
    with db.reader() as conn:
        rows = conn.execute(
            text(
                "SELECT id, seq, page, heading, text, kind, themes FROM kb_passages"
                " WHERE document_id = :id ORDER BY seq"
            ),
            {"id": document_id},
        ).mappings()
        return [
            PassageView(
                id=int(r["id"]),
                seq=int(r["seq"]),
                page=r["page"],
                heading=r["heading"],
                text=r["text"],
                kind=r["kind"],
                themes=tuple(json.loads(r["themes"])),
            )
            for r in rows
        ]


def claims(db: AppDatabase, indicator: str) -> list[ClaimView]:
    """The figures linked to one indicator, newest document first."""
    with db.reader() as conn:
        rows = conn.execute(
            text(
                "SELECT c.*, d.title AS document, d.year AS document_year FROM kb_claims c"
                " JOIN kb_documents d ON d.id = c.document_id WHERE c.indicator = :indicator"
                " ORDER BY d.year DESC NULLS LAST, d.title, c.id"
            ),
            {"indicator": indicator},
        ).mappings()
        return [_claim(r) for r in rows]


def facets(db: AppDatabase) -> Facets:
    with db.reader() as conn:
        years = [r[0] for r in conn.execute(text("SELECT DISTINCT year FROM kb_documents"))]
        types = [r[0] for r in conn.execute(text("SELECT DISTINCT type FROM kb_documents"))]
    return Facets(
        tuple(sorted((int(y) for y in years if y is not None), reverse=True)),
        tuple(sorted(str(t) for t in types if t)),
    )


def _document(r: RowMapping) -> DocumentInfo:
    return DocumentInfo(
        id=int(r["id"]),
        title=r["title"],
        year=r["year"],
        type=r["type"],
        publisher=r["publisher"],
        pages=r["pages"],
        file_name=r["file_name"],
        added_at=r["added_at"],
        passages=int(r["passages"]),
        claims=int(r["claims"]),
    )


def _claim(r: RowMapping) -> ClaimView:
    return ClaimView(
        id=int(r["id"]),
        document_id=int(r["document_id"]),
        document=r["document"],
        document_year=r["document_year"],
        passage_id=int(r["passage_id"]),
        page=r["page"],
        value=float(r["value"]),
        unit=r["unit"],
        qualifier=r["qualifier"],
        subject=r["subject"],
        area=r["area"],
        area_name=r["area_name"],
        year=r["year"],
        sentence=r["sentence"],
        indicator=r["indicator"],
    )
