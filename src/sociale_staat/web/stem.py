"""Stem van de stad on the dashboard: "Herkent u dit?" per indicator and wijk, and the reaction
form. No account and no cookie for residents; abuse is kept out by a signed form token (CSRF), a
proof of work solved by /static/stem.js (or, without JavaScript, a confirmation step after a
short wait) and a rate limit on a daily salted hash of the address. Nothing here is cached: the
pages carry fresh tokens and counts.
"""

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from sociale_staat.analysis.neighbourhoods import Neighbourhoods, for_gemeente
from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core import settings
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.core.formatting import format_number
from sociale_staat.stem import challenge, keys, reactions
from sociale_staat.stem.reactions import AGE_BANDS, ANSWER_LABELS, ANSWERS, NewReaction
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Area
from sociale_staat.web.i18n import current, translate

DEFAULT_FOCUS = settings.get("default_focus")

FORM_HOURS = 2
MAX_BODY = 16 * 1024


class TooLong(ValueError):
    """The free text is longer than a reaction may be (the form itself limits it too)."""


class Services:
    """What the Stem pages need, made on first use (the app database is opened lazily, so a
    dashboard without reactions never creates one)."""

    def __init__(
        self, warehouse: Warehouse, db_url: str | None, titles_en: dict[str, str] | None = None
    ) -> None:
        self.warehouse = warehouse
        self.db_url = db_url
        self.titles_en = titles_en or {}  # indicators' declared English titles (web/site.py)
        self._db: AppDatabase | None = None
        self._signer: keys.Signer | None = None
        self._hoods: dict[str, Neighbourhoods | None] = {}
        self._lock = threading.Lock()
        self.threads = CapacityLimiter(8)  # reactions: not in the pages' queue (web/app.py)
        self._warehouse_lock = threading.Lock()
        self._subjects: dict[tuple[str, ...], Subject] = {}
        self.env = Environment(
            loader=PackageLoader("sociale_staat.web", "templates"),
            autoescape=select_autoescape(["html"]),
        )
        self.env.globals.update(
            _=translate,  # base.html, shared with the dashboard's pages, asks for _ and lang
            lang=current.get,
            fmt=lambda v, d=0: format_number(v, d),
            labels=ANSWER_LABELS,
            answers=ANSWERS,
        )

    @property
    def db(self) -> AppDatabase:
        with self._lock:  # handlers run in a thread pool: open the database once
            if self._db is None:
                self._db = AppDatabase(self.db_url)
            return self._db

    @property
    def signer(self) -> keys.Signer:
        if self._signer is None:
            key = keys.server_key(self.db)
            with self._lock:
                self._signer = self._signer or keys.Signer(key)
        return self._signer

    def wijken(self, gemeente: str) -> list[tuple[str, str]]:
        """(code, name) of the gemeente's wijken in the newest indeling; empty when unknown."""
        with self._warehouse_lock:
            if gemeente not in self._hoods:
                try:
                    self._hoods[gemeente] = for_gemeente(self.warehouse, gemeente)
                except SocialeStaatError:
                    self._hoods[gemeente] = None
        hoods = self._hoods[gemeente]
        return [(a.code, a.name) for a in hoods.level("wijk")] if hoods else []

    def subject(self, make: Callable[[Warehouse], "Subject"], key: tuple[str, ...]) -> "Subject":
        """A subject looked up once: the warehouse is read-only while serving, and its DuckDB
        connection is used by one thread at a time."""
        with self._warehouse_lock:
            if key not in self._subjects:
                self._subjects[key] = make(self.warehouse)
            return self._subjects[key]

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


@dataclass(frozen=True)
class Subject:
    kind: reactions.SubjectKind
    code: str
    title: str
    gemeente: Area
    back: str  # the dashboard page this is about
    title_en: str | None = None  # an indicator's declared English title

    @property
    def shown(self) -> str:
        """The title in the page's language (Dutch where no English is declared)."""
        return self.title_en if self.title_en and current.get() == "en" else self.title

    @property
    def bound(self) -> str:
        return f"{self.kind}:{self.code}:{self.gemeente.code}"




def router(s: Services) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    # Handlers that touch the database are plain functions or hand their work to the thread
    # pool: a commit waits for the disk (synchronous=FULL), and must not stall other requests.
    @r.get("/stem/indicator/{indicator}", response_class=HTMLResponse)
    def on_indicator(indicator: str, focus: str = DEFAULT_FOCUS, antwoord: str = "") -> Response:
        return _subject_page(s, _indicator_subject(s, indicator, focus), antwoord)

    @r.get("/stem/wijk/{code}", response_class=HTMLResponse)
    def on_wijk(code: str, antwoord: str = "") -> Response:
        return _subject_page(s, _wijk_subject(s, code), antwoord)

    @r.post("/stem/reactie", response_class=HTMLResponse)
    async def react(request: Request) -> Response:
        form = await form_fields(request)
        # Its own threads: a reaction does not wait behind pages being rendered (web/app.py).
        return await to_thread.run_sync(_react, s, request, form, limiter=s.threads)

    return r


def _react(s: Services, request: Request, form: dict[str, str] | None) -> Response:
    """Check the form, its token and its challenge (or confirmation), then store it."""
    if form is None or not same_origin(request):
        return _refuse(s, 403, "Het formulier kon niet worden verwerkt. Open de pagina opnieuw.")
    try:
        subject = _subject_of(s, form)
        reaction = _reaction_of(s, subject, form)
    except TooLong:
        return _refuse(s, 400, "Uw tekst is te lang: maximaal {n} tekens.", n=reactions.MAX_TEXT)
    except (SocialeStaatError, ValueError):
        return _refuse(s, 400, "Het formulier bevat een ongeldige keuze. Open de pagina opnieuw.")
    token = form.get("csrf", "")
    if not s.signer.check(token, "reactie", subject.bound, FORM_HOURS * 3600):
        return _refuse(s, 403, "Het formulier is verlopen of ongeldig. Open de pagina opnieuw.")
    spent = [token]
    if form.get("altcha"):
        solved = challenge.verify(form["altcha"], s.signer.key)
        if solved is None:
            return _refuse(s, 400, "De controle op automatisch invullen is mislukt.")
        spent.append(solved)
    elif form.get("bevestiging"):
        waited = _check_confirmation(s, form["bevestiging"], reaction)
        if waited is not None:
            return waited
        spent.append(form["bevestiging"])
    else:  # no JavaScript: show the reaction back and ask to confirm after a short wait
        return _confirm_page(s, subject, reaction, token)
    return _store(s, request, subject, reaction, spent)


def _store(
    s: Services, request: Request, subject: Subject, reaction: NewReaction, spent: list[str]
) -> Response:
    try:
        stored = reactions.submit(s.db, reaction, _client(request), spent)
    except reactions.Throttled as err:
        return _refuse(s, 429, "Even wachten: {reden}.", reden=translate(str(err)))
    except reactions.Replayed as err:
        return _refuse(s, 400, "Deze reactie is al verstuurd: {reden}.", reden=translate(str(err)))
    # Only now, after the commit, does the page say "ontvangen".
    return s.page(
        "stem/received.html", title=translate("Reactie ontvangen"), subject=subject, reaction=stored
    )


def _subject_page(s: Services, subject: Subject, answer: str) -> Response:
    tallies = reactions.tallies(s.db, subject.gemeente.code, subject.kind, subject.code)
    names = dict(s.wijken(subject.gemeente.code))
    by_wijk = sorted(
        ((names.get(k, k), t) for k, t in tallies.items() if k is not None), key=lambda kv: kv[0]
    )
    made = challenge.create(s.signer.key)
    return s.page(
        "stem/subject.html",
        title=f"{translate('Herkent u dit?')} {subject.shown}",
        subject=subject,
        total=tallies.get(None),
        by_wijk=by_wijk,
        quotes=reactions.quotes(s.db, subject.gemeente.code, subject.kind, subject.code),
        names=names,
        wijken=s.wijken(subject.gemeente.code),
        age_bands=AGE_BANDS,
        chosen=answer if answer in ANSWERS else "",
        csrf=s.signer.make("reactie", subject.bound),
        challenge=made.as_json(),
        max_text=reactions.MAX_TEXT,
        min_count=reactions.MIN_COUNT,
    )


def _confirm_page(s: Services, subject: Subject, reaction: NewReaction, token: str) -> Response:
    wait = settings.get_int("stem_wait_seconds")
    return s.page(
        "stem/confirm.html",
        title=translate("Bevestig uw reactie"),
        subject=subject,
        reaction=reaction,
        names=dict(s.wijken(subject.gemeente.code)),
        csrf=token,
        confirmation=s.signer.make("bevestig", _digest(reaction)),
        wait=wait,
    )


def _check_confirmation(s: Services, token: str, reaction: NewReaction) -> Response | None:
    """None when the confirmation is valid for exactly this reaction and the wait is over."""
    digest = _digest(reaction)
    wait = settings.get_int("stem_wait_seconds")
    if s.signer.check(token, "bevestig", digest, max_age=1800, min_age=wait):
        return None
    if s.signer.check(token, "bevestig", digest, max_age=1800):  # valid, but too soon
        return _refuse(
            s, 429, "Wacht {n} seconden voordat u bevestigt, en probeer het opnieuw.", n=wait
        )
    return _refuse(s, 400, "De bevestiging is verlopen of hoort niet bij deze reactie.")


def _digest(reaction: NewReaction) -> str:
    parts = [reaction.gemeente, reaction.subject_kind, reaction.subject, reaction.answer,
             reaction.wijk or "", reaction.age_band or "", reaction.text or ""]  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _indicator_subject(s: Services, indicator: str, focus: str) -> Subject:
    def make(warehouse: Warehouse) -> Subject:
        ind = warehouse.indicator(indicator)
        area = warehouse.area(focus)
        if area.level != "gemeente":
            raise SocialeStaatError(f"{area.name} is geen gemeente")
        back = f"/indicator/{ind.id}?focus={area.code}"
        return Subject("indicator", ind.id, ind.title, area, back, s.titles_en.get(ind.id))

    return s.subject(make, ("indicator", indicator, focus))


def _wijk_subject(s: Services, code: str) -> Subject:
    def make(warehouse: Warehouse) -> Subject:
        area = warehouse.area(code)
        if area.level != "wijk":
            raise SocialeStaatError(f"{area.name} is geen wijk")
        gemeente = warehouse.area(area.parent)
        return Subject("wijk", area.code, area.name, gemeente, f"/gebied/{area.code}")

    return s.subject(make, ("wijk", code))


def _subject_of(s: Services, form: dict[str, str]) -> Subject:
    match form.get("soort"):
        case "indicator":
            return _indicator_subject(s, form.get("onderwerp", ""), form.get("gemeente", ""))
        case "wijk":
            subject = _wijk_subject(s, form.get("onderwerp", ""))
            if subject.gemeente.code != form.get("gemeente"):
                raise ValueError("wijk hoort niet bij de gemeente")
            return subject
        case _:
            raise ValueError("onbekende soort")


def _reaction_of(s: Services, subject: Subject, form: dict[str, str]) -> NewReaction:
    """Every choice is looked up in its declared set; free text is only trimmed."""
    answer = form.get("antwoord", "")
    wijk = form.get("wijk") or None
    age = form.get("leeftijd") or None
    words = reactions.clean_text(form.get("tekst", ""))
    if answer not in ANSWERS or (age is not None and age not in AGE_BANDS):
        raise ValueError("ongeldig antwoord of leeftijd")
    if wijk is not None and wijk not in dict(s.wijken(subject.gemeente.code)):
        raise ValueError("onbekende wijk")
    if len(words) > reactions.MAX_TEXT:
        raise TooLong(f"Uw tekst is te lang: maximaal {reactions.MAX_TEXT} tekens.")
    kind: reactions.SubjectKind = subject.kind
    return NewReaction(
        subject.gemeente.code, kind, subject.code, answer,
        wijk, age, words or None,
    )  # fmt: skip


async def form_fields(request: Request) -> dict[str, str] | None:
    """The url-encoded form, one value per field; None when it is too big or malformed."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return None
    body = await request.body()
    if len(body) > MAX_BODY:
        return None
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        return None
    return {k: v[0] for k, v in fields.items()}


def same_origin(request: Request) -> bool:
    """A form posted from another site is refused when the browser names that site. Our pages
    send Referrer-Policy no-referrer, so a browser says "null" for our own forms: that is left
    to the form token."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _client(request: Request) -> str:
    """The address to rate-limit on (hashed at once, never stored)."""
    host = request.client.host if request.client else "onbekend"
    proxy = settings.get("stem_trusted_proxy")
    forwarded = request.headers.get("x-forwarded-for")
    if proxy and host == proxy and forwarded:
        return forwarded.split(",")[-1].strip()
    return host


def _refuse(s: Services, status: int, message: str, **values: object) -> Response:
    """A refusal in the request's language: `message` is Dutch, with {names} for `values`."""
    title = translate("Reactie niet verwerkt")
    text = translate(message).format(**values)
    return s.page("stem/message.html", status=status, title=title, message=text)
