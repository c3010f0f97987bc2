"""Static files (stylesheets, scripts, vendored NL Design System CSS), read once at start-up and
answered before any middleware or routing: a stylesheet then never queues behind page work,
and costs a dictionary lookup and two prebuilt messages instead of the whole ASGI stack.

The set of files is listed when the app starts; a request path is looked up in it, never joined
into a file path. Headers are the ones every answer gets (`http.security_headers`), plus a
long cache time and an ETag computed once; `If-None-Match` gives 304 and HEAD no body.
"""

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from sociale_staat.web.http import Scope, Send, security_headers

PREFIX = "/static/"


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    gzipped: bytes | None  # compressed once, for clients that accept it
    headers: list[tuple[bytes, bytes]]
    etag: bytes

    async def answer(self, scope: Scope, send: Send) -> None:
        asked = _header(scope, b"if-none-match")
        tags = {t.strip() for t in asked.split(b",")} if asked else set()
        if self.etag in tags or self.etag.removeprefix(b"W/") in tags:
            await _send(send, 304, self.headers, b"")
            return
        body = self.body
        headers = [*self.headers, (b"vary", b"accept-encoding")]
        if self.gzipped is not None and b"gzip" in _header(scope, b"accept-encoding"):
            body = self.gzipped
            headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await _send(send, 200, headers, body if scope["method"] == "GET" else b"")


async def _send(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def read(folder: Path) -> dict[str, StaticFile]:
    """Every file under `folder` (subfolders too) by its URL path."""
    files: dict[str, StaticFile] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        body = path.read_bytes()
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if media.startswith("text/") or media in ("application/javascript", "image/svg+xml"):
            media += "; charset=utf-8"
        tag = b'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        headers = [
            (b"content-type", media.encode()),
            (b"cache-control", b"public, max-age=3600"),
            (b"etag", tag),
            *((k.lower().encode(), v.encode()) for k, v in security_headers().items()),
        ]
        packed = gzip.compress(body, mtime=0) if len(body) > 1024 else None
        if packed is not None and len(packed) >= len(body):  # pictures and fonts: already packed
            packed = None
        files[PREFIX + path.relative_to(folder).as_posix()] = StaticFile(body, packed, headers, tag)
    return files


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return b""
