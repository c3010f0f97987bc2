"""HTTP behaviour shared by every route: limits, request ids, security and cache headers, ETag,
HEAD, trailing slashes, a bounded wait, and the error responses (Dutch HTML for pages, JSON
`{"fout": ..., "verzoek": ...}` for /api and /data).

Written as plain ASGI middleware: Starlette's BaseHTTPMiddleware costs more per request than
a whole value lookup.
"""

import asyncio
import hashlib
import logging
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment
from starlette.exceptions import HTTPException

from sociale_staat.analysis.peers import UnknownPeerGroup
from sociale_staat.core.errors import (
    InputError,
    NotBuilt,
    SocialeStaatError,
    UnknownArea,
    UnknownIndicator,
)
from sociale_staat.web import language
from sociale_staat.web.i18n import current, translate

log = logging.getLogger("sociale_staat.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_PATH, MAX_QUERY, MAX_PARAM = 1024, 2048, 200
# Parameter names as a reader knows them (the API's names are English where the API is).
WORDS = {
    "theme": "thema",
    "groep": "vergelijkingsgroep",
    "group": "vergelijkingsgroep",
    "peers": "vergelijkingsgroep",
    "soort": "soort grafiek",
    "period": "periode",
}
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
TITLES = {
    400: "Ongeldige vraag",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    414: "Adres te lang",
    500: "Er ging iets mis",
    503: "Even te druk",
}
MESSAGES = {
    404: "Deze pagina bestaat niet.",
    405: "Deze pagina kan alleen worden opgevraagd (GET of HEAD).",
    414: "Het adres of een parameter is te lang.",
    500: "De pagina kon niet worden gemaakt. Noem het verzoeknummer als u dit meldt.",
    503: "Het antwoord duurde te lang. Probeer het zo opnieuw.",
}


def security_headers() -> dict[str, str]:
    """What every answer carries, pages, data and static files alike."""
    return {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


class NotFound(SocialeStaatError):
    """Something named in the path that does not exist (404)."""


class BadRequest(SocialeStaatError):
    """A parameter outside its declared choices (400)."""


def is_data(path: str) -> bool:
    return path.startswith(("/api/", "/data/", "/hsds/", "/openapi"))


class Errors:
    """Builds every error response, so pages and API say the same thing in their own form."""

    def __init__(self, env: Environment) -> None:
        self.env = env

    def response(
        self,
        path: str,
        status: int,
        message: str | None = None,
        request_id: str = "",
        allow: str = "GET, HEAD",
    ) -> Response:
        text = message or translate(MESSAGES.get(status, TITLES.get(status, "Fout")))
        if status == 405 and allow != "GET, HEAD":
            text = f"Deze pagina kan alleen worden gebruikt met {allow}."
        headers = {"Allow": allow} if status == 405 else None
        if is_data(path):
            body: dict[str, Any] = {"fout": text, "status": status}
            if request_id:
                body["verzoek"] = request_id
            return JSONResponse(body, status_code=status, headers=headers)
        html = self.env.get_template("error.html").render(
            title=translate(TITLES.get(status, "Fout")), message=text, request_id=request_id
        )
        return HTMLResponse(html, status_code=status, headers=headers)

    def install(self, app: Any) -> None:
        app.add_exception_handler(SocialeStaatError, self.known)
        app.add_exception_handler(HTTPException, self.http)
        app.add_exception_handler(RequestValidationError, self.invalid)

    async def known(self, request: Request, err: Exception) -> Response:
        if isinstance(err, InputError | NotBuilt):  # the server's own files: not the reader's
            return await self.unexpected(request, err)
        lookup = isinstance(err, UnknownArea | UnknownIndicator | NotFound)
        status = 404 if lookup and not isinstance(err, UnknownPeerGroup) else 400
        return self.response(request.url.path, status, str(err), _rid(request))

    async def http(self, request: Request, err: Exception) -> Response:
        status = err.status_code if isinstance(err, HTTPException) else 500
        allow = (getattr(err, "headers", None) or {}).get("Allow", "GET")
        allow = "GET, HEAD" if allow == "GET" else allow  # HEAD works wherever GET does
        return self.response(request.url.path, status, None, _rid(request), allow)

    async def invalid(self, request: Request, err: Exception) -> Response:
        assert isinstance(err, RequestValidationError)
        locs = [str(e["loc"][-1]) for e in err.errors() if e.get("loc")]
        names = sorted({WORDS.get(name, name) for name in locs})
        what = f"parameter {', '.join(names)}" if names else "een parameter"
        choices = [e["ctx"]["expected"] for e in err.errors() if "expected" in e.get("ctx", {})]
        hint = f" (kies uit {choices[0].replace(' or ', ' of ')})" if choices else ""
        message = f"Ongeldige waarde voor {what}{hint}."
        return self.response(request.url.path, 400, message, _rid(request))

    async def unexpected(self, request: Request, err: Exception) -> Response:
        return self.failed(request.url.path, _rid(request), err)

    def failed(self, path: str, rid: str, err: BaseException) -> Response:
        """Every unexpected error: one log line with the request id, which the page shows."""
        log.error("500 bij %s (verzoek %s)", path, rid, exc_info=err)
        return self.response(path, 500, None, rid)


def _rid(request: Request) -> str:
    return str(request.scope.get("request_id", ""))


class Guard:
    """Outermost middleware: limits, request id, HEAD, slashes, bounded wait, headers, ETag."""

    def __init__(
        self,
        app: ASGIApp,
        errors: Errors,
        timeout: float,
        quick: dict[str, Callable[[bytes], Response | None]] | None = None,
    ) -> None:
        self.app, self.errors, self.timeout = app, errors, timeout
        self.quick = quick or {}  # path -> answer without routing, or None to route as usual

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = uuid.uuid4().hex[:12]
        query: bytes = scope.get("query_string", b"")
        lang, path = language.from_request(scope["path"], query)
        if path != scope["path"]:  # /en/... is the same page as /...?lang=en
            scope = {**scope, "path": path, "raw_path": path.encode()}
        scope["request_id"], scope["lang"] = rid, lang
        # Handlers run in the thread pool; the context (and so the language) goes with them.
        token = current.set(lang)
        try:
            await self._serve(scope, receive, send, rid, path, query)
        finally:
            current.reset(token)

    async def _serve(
        self, scope: Scope, receive: Receive, send: Send, rid: str, path: str, query: bytes
    ) -> None:
        head = scope["method"] == "HEAD"
        if head:  # HEAD is GET without the body, wherever GET works
            scope = {**scope, "method": "GET"}
        early = self._early(path, query, rid)
        if early is not None:
            await self._send(early, scope, send, head, rid)
            return
        hot = self.quick.get(path)
        if hot is not None and (answer := hot(query)) is not None:
            await self._send(answer, scope, send, head, rid)
            return
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        try:
            async with asyncio.timeout(self.timeout):  # no extra task per request
                await self.app(scope, receive, keep)
        except TimeoutError:
            log.warning("503 na %.0f s bij %s (verzoek %s)", self.timeout, path, rid)
            await self._send(self.errors.response(path, 503, None, rid), scope, send, head, rid)
            return
        except Exception as err:  # never a stack trace to the reader, always a log line
            await self._send(self.errors.failed(path, rid, err), scope, send, head, rid)
            return
        start = next(m for m in messages if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        response = Response(body, status_code=start["status"])
        response.raw_headers = [*headers, (b"content-length", str(len(body)).encode())]
        await self._send(response, scope, send, head, rid)

    def _early(self, path: str, query: bytes, rid: str) -> Response | None:
        if len(path) > MAX_PATH or len(query) > MAX_QUERY:
            return self.errors.response(path[:MAX_PATH], 414, None, rid)
        if any(len(part) > MAX_PARAM * 3 for part in query.split(b"&")):
            return self.errors.response(path, 400, "Een parameter is te lang.", rid)
        if len(path) > 1 and path.endswith("/") and not path.startswith("/static/"):
            # A relative Location: never built from the Host header; "//x" would leave the site.
            target = "/" + path.strip("/")
            if query:
                target += "?" + query.decode("latin-1")
            return Response(status_code=308, headers={"Location": target})
        return None

    async def _send(
        self, response: Response, scope: Scope, send: Send, head: bool, rid: str
    ) -> None:
        h = response.headers
        if "location" in h:
            h["location"] = language.redirect(h["location"], scope["lang"])
        if h.get("content-type", "").startswith("text/html"):
            query = scope.get("query_string", b"")
            lang, path, status = scope["lang"], scope["path"], response.status_code
            page = language.localise(bytes(response.body), lang, path, query, status)
            if page != response.body:
                response.body = page
                h["content-length"] = str(len(page))
        h.update(security_headers())
        h["X-Request-ID"] = rid
        if scope["path"].startswith(("/api/", "/hsds/")):  # open data: any site may read it, GET only
            h["Access-Control-Allow-Origin"] = "*"
            h["Access-Control-Allow-Methods"] = "GET, HEAD"
        if response.status_code == 200:
            h.setdefault("Cache-Control", "public, max-age=300")
            body = response.body
            etag = h.get("etag") or 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
            h["ETag"] = etag
            if etag in _tags(_header(scope, b"if-none-match")):
                response = Response(status_code=304, headers=_keep_304(h))
                head = True
        else:
            h["Cache-Control"] = "no-store"
        if head:
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": response.raw_headers,
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


def _tags(value: str) -> set[str]:
    tags = {t.strip() for t in value.split(",") if t.strip()}
    return tags | {t.removeprefix("W/") for t in tags} | {"W/" + t for t in tags}


def _keep_304(headers: Any) -> dict[str, str]:
    keep = ("etag", "cache-control", "content-security-policy", "x-request-id", "vary")
    return {k: v for k, v in headers.items() if k.lower() in keep}
