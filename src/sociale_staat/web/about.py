"""Pages about the site itself: how it compares (/methode), who made it from what (/colofon) and
how accessible it is (/toegankelijkheid). Every rule, group, threshold and source on them is read
from its declaration or setting, never copied into the page, so the pages cannot drift from
what the analysis does.
"""

import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from sociale_staat.analysis import quality
from sociale_staat.analysis.neighbourhoods import load_profile_spec
from sociale_staat.analysis.peers import CriteriaGroup, ListGroup, Rule, declared, load_group
from sociale_staat.core import paths, settings
from sociale_staat.core.formatting import format_number
from sociale_staat.web.i18n import current, translate
from sociale_staat.web.models import PAGE_ERRORS
from sociale_staat.web.site import Site, site_of

router = APIRouter(tags=["pagina's"], default_response_class=HTMLResponse, responses=PAGE_ERRORS)
NOTICE = Path(__file__).parent / "static" / "nlds" / "NOTICE.md"
SOFTWARE = ("fastapi", "jinja2", "duckdb", "vl-convert-python", "weasyprint", "sqlalchemy")
KINDS = {
    "lijst": "een vaste lijst",
    "criteria": "gemeenten die aan regels voldoen",
    "gelijkenis": "de meest gelijkende gemeenten",
}


@dataclass(frozen=True)
class GroupView:
    """A declared peer group as the methods page shows it."""

    name: str
    title: str
    kind: str
    rationale: str
    members: tuple[str, ...]  # a fixed list: the names; otherwise empty
    basis: tuple[str, ...]  # rules or features the members are chosen on


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    licence: str


def groups(titles: dict[str, str]) -> list[GroupView]:
    """The declared peer groups; indicators named by their titles (`titles`: id -> title)."""
    out = []
    for name in declared(paths.peer_groups_dir()):
        spec = load_group(paths.peer_groups_dir(), name)
        members: tuple[str, ...] = ()
        basis: tuple[str, ...] = ()
        if isinstance(spec, ListGroup):
            members = tuple(spec.members.values())
        elif isinstance(spec, CriteriaGroup):
            basis = tuple(_rule(r, titles) for r in spec.rules)
        else:
            basis = tuple(titles.get(f.indicator, f.indicator) for f in spec.features)
        out.append(GroupView(name, spec.title, KINDS[spec.kind], spec.rationale, members, basis))
    return out


def _rule(rule: Rule, titles: dict[str, str]) -> str:
    parts = [titles.get(rule.indicator, rule.indicator)] if rule.indicator else []
    if rule.min is not None:
        parts.append(f"{translate('minstens')} {format_number(rule.min, 0)}")
    if rule.max is not None:
        parts.append(f"{translate('hoogstens')} {format_number(rule.max, 0)}")
    if rule.provincie:
        parts.append(f"{translate('in')} {titles.get(rule.provincie, rule.provincie)}")
    return " ".join(parts)


def software() -> list[Package]:
    """The main libraries as installed, and the NL Design System CSS as vendored (NOTICE.md)."""
    found = [Package("Sociale Staat", metadata.version("sociale-staat"), "zie de repository")]
    for name in SOFTWARE:
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        classifiers = [
            str(c).rsplit(" :: ", 1)[-1]
            for c in meta.get_all("Classifier") or []
            if str(c).startswith("License ::")
        ]
        declared = meta.get_all("License-Expression") or meta.get_all("License") or classifiers
        text = str(declared[0]).strip() if declared else ""
        licence = text.splitlines()[0][:40] if text else ""
        found.append(Package(meta["Name"], meta["Version"], licence))
    rows = re.findall(r"^\| [\w.-]+\.css \| (\S+)[^|]*\| ([\w.-]+) \| ([^|]+)\|", NOTICE.read_text(), re.M)
    found += [Package(p, v, lic.strip()) for p, v, lic in dict.fromkeys(rows)]
    return found


def _page(site: Site, name: str, key: str, **context: Any) -> Response:
    body: bytes = site.cache.get(
        ("page", current.get(), key), lambda: bytes(site.page(name, **context).body)
    )
    return HTMLResponse(body)


def _names(site: Site) -> dict[str, str]:
    """What a rule names, in words: indicator ids -> titles, provincie codes -> names."""
    names = {i.id: site.title(i) for i in site.indicators.values()}
    names |= {a.code: a.name for a in site.index.regions.values() if a.level == "provincie"}
    return names


@router.get("/methode", summary="Hoe de sociale staat vergelijkt")
def methode(request: Request) -> Response:
    site = site_of(request)
    breaks = [
        (ind, year, what)
        for ind in site.indicators.values()
        for year, what in sorted(set(ind.breuken))
    ]
    profile = load_profile_spec(paths.wijkprofiel_file())
    return _page(
        site,
        "methode.html",
        "methode",
        title=translate("Methode"),
        groups=groups(_names(site)),
        indicators=site.indicators,
        default_group=settings.get("default_peers"),
        stale=quality.stale_years(),
        z=quality.z_threshold(),
        min_peers=quality.MIN_PEERS_FOR_GUARD,
        flag=quality.FLAG_TEXT,
        breaks=breaks,
        min_inwoners=profile.min_inwoners,
        risks=profile.risico,
    )


@router.get("/colofon", summary="Wie, met welke bronnen en software")
def colofon(request: Request) -> Response:
    site = site_of(request)
    sources = sorted(site.sources.values(), key=lambda s: (s.publisher, s.cbs_table))
    return _page(
        site, "colofon.html", "colofon", title=translate("Colofon"), sources=sources, software=software()
    )


@router.get("/toegankelijkheid", summary="Toegankelijkheidsverklaring")
def toegankelijkheid(request: Request) -> Response:
    site = site_of(request)
    return _page(
        site, "toegankelijkheid.html", "toegankelijkheid", title=translate("Toegankelijkheidsverklaring")
    )
