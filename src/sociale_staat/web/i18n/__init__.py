"""The dashboard's second language. Dutch is the text in the templates; English comes from
declared catalogues (`i18n/en/*.yml`, one per part of the site: Dutch text -> English text).

A page asks `_("Dutch text")`; the language of the request is a context variable the HTTP
layer sets from `?lang=en` (or the `/en/` prefix). A text without a declared translation stays
Dutch, so a missing entry is visible but never an error.
"""

from contextvars import ContextVar
from functools import cache
from importlib import resources

import yaml

LANGUAGES = ("nl", "en")
current: ContextVar[str] = ContextVar("lang", default="nl")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every declared translation of one language, merged over the part files."""
    if lang == "nl":
        return {}
    merged: dict[str, str] = {}
    folder = resources.files("sociale_staat.web.i18n").joinpath(lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yml"):
            loaded = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            clash = {k for k in loaded if k in merged and merged[k] != loaded[k]}
            if clash:
                raise ValueError(f"{entry.name}: andere vertaling voor {sorted(clash)[0]!r}")
            merged.update({str(k): str(v) for k, v in loaded.items()})
    return merged


def translate(text: str, lang: str | None = None) -> str:
    """`text` (Dutch) in the request's language; Dutch where no translation is declared."""
    return catalogue(lang or current.get()).get(text, text)
