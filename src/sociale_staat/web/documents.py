"""The kennisbank in the dashboard: search the municipality's documents (filters on document,
year, kind and theme; snippets with the matching words marked) and read one document with its
passages and page numbers.

Handlers are plain functions, run in the thread pool, so a search never blocks the event loop.
Pages are kept in the site's cache under their normalised parameters and the kennisbank's
version, so a page is made again only after a document was added.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as InPath
from fastapi.responses import HTMLResponse, Response

from sociale_staat.declarations.catalogue import THEMES
from sociale_staat.kennisbank import library
from sociale_staat.kennisbank.snippets import snippet_segments
from sociale_staat.kennisbank.store import TYPES, Kennisbank, group_by_document, parse_query
from sociale_staat.web.http import BadRequest, NotFound
from sociale_staat.web.i18n import current, translate
from sociale_staat.web.models import Thema
from sociale_staat.web.site import Site

LIMIT = 100  # passages shown for one search
PER_DOCUMENT = 5
KIND_LABELS = {"voetnoot": "voetnoot", "bronnen": "bronnenlijst", "colofon": "colofon"}

Tekst = Annotated[str, Query(max_length=200, description="Zoekwoorden")]
Jaar = Annotated[int | None, Query(ge=1800, le=2200, description="Jaar van het document")]
Soort = Annotated[str | None, Query(max_length=40, description="Soort document")]
Document = Annotated[int | None, Query(ge=1, description="Alleen in dit document")]


def router(site: Site) -> APIRouter:
    routes = APIRouter(tags=["documenten"])
    books = site.library

    @routes.get("/documenten", response_class=HTMLResponse, summary="Zoeken in de documenten")
    def documenten(
        q: Tekst = "",
        jaar: Jaar = None,
        soort: Soort = None,
        thema: Annotated[Thema | None, Query(description="Thema")] = None,
        document: Document = None,
    ) -> Response:
        if soort and soort not in TYPES:
            raise BadRequest(f"onbekende soort document '{soort}' (kies uit {', '.join(TYPES)})")
        text = " ".join(q.split())
        theme = thema.value if thema is not None else None
        asked = (text, jaar, soort or None, theme, document)
        key = ("page", "documenten", *asked, current.get(), books.version())
        return HTMLResponse(site.cache.get(key, lambda: _search_page(site, *asked)))

    @routes.get("/documenten/{ident}", response_class=HTMLResponse, summary="Eén document")
    def document_page(
        ident: Annotated[str, InPath(max_length=20)], q: Tekst = ""
    ) -> Response:
        kb = books.kennisbank()
        number = int(ident) if ident.isascii() and ident.isdigit() and len(ident) < 12 else None
        found = library.document(kb.db, number) if kb is not None and number else None
        if kb is None or found is None:
            raise NotFound(f"document {ident} staat niet in de kennisbank")
        text = " ".join(q.split())
        key = ("page", "document", found.id, text, current.get(), books.version())
        return HTMLResponse(site.cache.get(key, lambda: _document_page(site, kb, found, text)))

    return routes


def _search_page(
    site: Site,
    text: str,
    jaar: int | None,
    soort: str | None,
    theme: str | None,
    document: int | None,
) -> bytes:
    books = site.library
    kb = books.kennisbank()
    docs = library.documents(kb.db) if kb is not None else []
    facets = library.facets(kb.db) if kb is not None else library.Facets((), ())
    hits = (
        books.search(text, year=jaar, doc_type=soort, theme=theme, document=document, limit=LIMIT)
        if text
        else []
    )
    listed = [
        d
        for d in docs
        if (jaar is None or d.year == jaar)
        and (soort is None or d.type == soort)
        and (document is None or d.id == document)
    ]
    context: dict[str, Any] = {
        "title": translate("Documenten: {q}").format(q=text) if text else translate("Documenten"),
        "text": text,
        "form": {"jaar": jaar, "soort": soort, "thema": theme, "document": document},
        "docs": docs,
        "listed": listed,
        "facets": facets,
        "themes": THEMES,
        "has_db": kb is not None,
        "searchable": bool(text) and bool(parse_query(text)[0] or parse_query(text)[1]),
        "hits": hits,
        "groups": group_by_document(hits, PER_DOCUMENT),
        "limit": LIMIT,
        "kinds": KIND_LABELS,
    }
    return bytes(site.page("documents/search.html", **context).body)


def _document_page(site: Site, kb: Kennisbank, found: library.DocumentInfo, text: str) -> bytes:
    terms, phrases = parse_query(text) if text else ([], [])
    wanted = set(terms) | {s for p in phrases for s in p}
    wanted |= {v for t in terms for v in kb.taxonomy.synonyms.get(t, [])}
    passages = library.passages(kb.db, found.id)
    shown = []
    for p in passages:
        # The whole passage, with the searched words marked when the reader came from a search.
        segments = snippet_segments(p.text, wanted, width=len(p.text) + 1) if wanted else None
        shown.append({"p": p, "segments": segments})
    context: dict[str, Any] = {
        "title": found.title,
        "doc": found,
        "passages": shown,
        "paged": any(p.page is not None for p in passages),
        "text": text,
        "kinds": KIND_LABELS,
    }
    return bytes(site.page("documents/document.html", **context).body)
