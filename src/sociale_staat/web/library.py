"""The kennisbank as the dashboard reads it: opened on first use from the app database (never
created by a page: without a database file the pages say that no documents are loaded), with a
version that changes whenever a document is added, so cached pages are remade only then."""

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy.exc import SQLAlchemyError

from sociale_staat.core import paths
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.kennisbank import library
from sociale_staat.kennisbank.claims import ClaimCheck, Current, check_claim
from sociale_staat.kennisbank.library import ClaimView
from sociale_staat.kennisbank.store import Hit, Kennisbank

log = logging.getLogger("sociale_staat.web")

Version = tuple[int, int, str]
State = Literal["geen_database", "geen_documenten", "geen_claims", "claims"]


@dataclass(frozen=True)
class CheckedClaim:
    claim: ClaimView
    check: ClaimCheck


@dataclass(frozen=True)
class ClaimsBlock:
    """'Wat documenten zeggen' on an indicator page: the state says what a reader is told."""

    state: State
    claims: tuple[CheckedClaim, ...] = ()


class Library:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or paths.kennisbank_url()  # the configured one when the site starts
        self._kb: Kennisbank | None = None
        self._lock = threading.Lock()

    def kennisbank(self) -> Kennisbank | None:
        """The kennisbank, or None when there is no app database to read (yet)."""
        with self._lock:
            if self._kb is None:
                url = self.url
                if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
                    return None  # a page never creates the database; `docs add` does
                try:
                    self._kb = Kennisbank(url, paths.taxonomy_dir())
                except (SocialeStaatError, SQLAlchemyError) as err:
                    log.warning("kennisbank niet te openen: %s", err)
                    return None
            return self._kb

    def version(self) -> Version | None:
        """Changes with every document added or replaced; None without a database."""
        kb = self.kennisbank()
        if kb is None:
            return None
        try:
            return library.version(kb.db)
        except SQLAlchemyError as err:
            log.warning("kennisbank niet te lezen: %s", err)
            return None

    def search(
        self,
        query: str,
        *,
        year: int | None = None,
        doc_type: str | None = None,
        theme: str | None = None,
        document: int | None = None,
        limit: int = 50,
    ) -> list[Hit]:
        kb = self.kennisbank()
        if kb is None:
            return []
        try:
            return kb.search(
                query, year=year, doc_type=doc_type, theme=theme, document=document, limit=limit
            )
        except SocialeStaatError:
            return []  # a query of only stop words or signs: nothing to look for

    def claims_block(self, indicator: str, current: Current) -> ClaimsBlock:
        kb = self.kennisbank()
        if kb is None:
            return ClaimsBlock("geen_database")
        try:
            count = library.version(kb.db)[0]
            found = library.claims(kb.db, indicator) if count else []
        except SQLAlchemyError as err:  # the page still shows its figures
            log.warning("kennisbank niet te lezen: %s", err)
            return ClaimsBlock("geen_database")
        if not count:
            return ClaimsBlock("geen_documenten")
        if not found:
            return ClaimsBlock("geen_claims")
        checked = [
            CheckedClaim(c, check_claim(c.value, c.unit, c.qualifier, c.area, current, c.sentence))
            for c in found
        ]
        return ClaimsBlock("claims", tuple(checked))
