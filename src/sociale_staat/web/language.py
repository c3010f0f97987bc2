"""The page's language from the request (`?lang=en` or the `/en/` prefix), and English pages that
stay English: every internal link and GET form of an English page carries `lang=en`.

The language is decided once per request by the Guard middleware (web/http.py), which sets the
context variable `i18n.current` that templates read through `_()` and `lang()`. Keeping links in
the language is done here, on the finished HTML, so no template (nor a new one) has to remember
it; links marked with `hreflang` (the language switch) are left as they are.
"""

import html
import re
from urllib.parse import parse_qsl, urlencode

from sociale_staat.web.i18n import LANGUAGES

SWITCH = b'"/__taal__"'  # the language switch in base.html; filled in per request
# Links, form actions and chart pictures (their labels are in the page's language too).
_LINK = re.compile(
    rb'(<a\b[^>]*?\bhref|<form\b[^>]*?\baction|<img\b[^>]*?\bsrc|<source\b[^>]*?\bsrcset)'
    rb'="(/[^"]*)"([^>]*)>'
)
_GET_FORM = re.compile(rb"<form\b[^>]*>")
_HIDDEN = b'<input type="hidden" name="lang" value="en">'


def from_request(path: str, query: bytes) -> tuple[str, str]:
    """(language, path without the language prefix): '/en/thema/zorg' -> ('en', '/thema/zorg')."""
    if path == "/en" or path.startswith("/en/"):
        return "en", path[3:] or "/"
    for key, value in parse_qsl(query.decode("latin-1")):
        if key == "lang" and value in LANGUAGES:
            return value, path
    return "nl", path


def switch_target(path: str, query: bytes, lang: str) -> str:
    """The same page in the other language, with the same parameters."""
    kept = [(k, v) for k, v in parse_qsl(query.decode("latin-1")) if k != "lang"]
    if lang == "nl":
        kept.append(("lang", "en"))
    return path + ("?" + urlencode(kept) if kept else "")


def localise(body: bytes, lang: str, path: str, query: bytes, status: int = 200) -> bytes:
    """Fill in the language switch; on an English page add `lang=en` to every internal link,
    to POST form actions, and as a hidden field to GET forms (a browser drops an action's
    query string when it submits a GET form). An error page's switch leads to the home page:
    a page never echoes an address that did not work."""
    if status != 200:
        path, query = "/", b""
    if SWITCH in body:
        target = html.escape(switch_target(path, query, lang), quote=True)
        body = body.replace(SWITCH, b'"' + target.encode() + b'"')
    if lang != "en":
        return body
    body = _LINK.sub(_with_lang, body)
    return _GET_FORM.sub(_hidden_field, body)


def redirect(location: str, lang: str) -> str:
    """A redirect from an English page to a page of this site stays English."""
    if lang != "en" or not location.startswith("/") or location.startswith("//"):
        return location
    if "lang=" in location:
        return location
    return location + ("&" if "?" in location else "?") + "lang=en"


def _with_lang(match: re.Match[bytes]) -> bytes:
    start, url, rest = match.group(1), match.group(2), match.group(3)
    tag = match.group(0)
    skip = url.startswith((b"/static/", b"//")) or b"hreflang" in tag or b"lang=" in url
    if skip or (start.startswith(b"<form") and b'method="post"' not in tag.lower()):
        return tag
    url, hash_, fragment = url.partition(b"#")
    url += (b"&amp;" if b"?" in url else b"?") + b"lang=en"
    return start + b'="' + url + hash_ + fragment + b'"' + rest + b">"


def _hidden_field(match: re.Match[bytes]) -> bytes:
    tag = match.group(0)
    if b'method="post"' in tag.lower() or b"hreflang" in tag:
        return tag
    return tag + _HIDDEN
