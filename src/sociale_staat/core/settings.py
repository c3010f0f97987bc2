"""Every setting of the project, declared once with its environment variable, default and help.

The README's table "Instellingen" documents each one (a test checks that), and code reads a
setting only through `get()`, so a default is never written twice.
"""

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("home", "SOCIALE_STAAT_HOME", "var",
            "Map voor eigen gegevens: warehouse, imports, cache, app-database (relatief aan de repository)."),
    Setting("warehouse", "SOCIALE_STAAT_WAREHOUSE", "",
            "Pad van het warehouse (DuckDB); leeg = <home>/warehouse.duckdb."),
    Setting("kennisbank", "SOCIALE_STAAT_KENNISBANK", "",
            "Pad van een aparte kennisbank (SQLite-bestand); leeg = de kennisbank staat in de "
            "app-database."),
    Setting("app_db", "SOCIALE_STAAT_APP_DB", "",
            "App-database voor wat mensen toevoegen: sqlite:///pad of postgresql://…; "
            "leeg = SQLite in <home>/app.sqlite."),
    Setting("shared_data", "SOCIALE_STAAT_SHARED_DATA", "../shared/data",
            "Ruwe CBS/RIVM-bestanden waaruit de gebundelde snapshot gemaakt wordt (alleen voor make snapshot)."),
    Setting("default_focus", "SOCIALE_STAAT_FOCUS", "GM0034",
            "Standaard focusgemeente (CBS-code) voor CLI, dashboard en rapport."),
    Setting("default_peers", "SOCIALE_STAAT_PEERS", "almere-2023",
            "Standaard peergroep voor de standaard focusgemeente; andere gemeenten krijgen "
            "structuur-vergelijkbare gemeenten."),
    Setting("cache_size", "SOCIALE_STAAT_CACHE_SIZE", "512",
            "Aantal antwoorden dat het dashboard per werkproces in het geheugen bewaart."),
    Setting("verouderd_jaren", "SOCIALE_STAAT_VEROUDERD_JAREN", "3",
            "Een benchmarkjaar dat meer dan dit aantal jaren ouder is dan de laatste periode van "
            "de indicator heet 'verouderd': geen rangorde, niet in de samenvatting."),
    Setting("plausibiliteit_z", "SOCIALE_STAAT_PLAUSIBILITEIT_Z", "3.5",
            "Drempel (robuuste z) waarboven een jaar-op-jaarverandering van de focusgemeente "
            "tegenover die van de benchmarkgemeenten als 'controleer: mogelijke registratiebreuk' "
            "wordt gemarkeerd."),
    Setting("workers", "SOCIALE_STAAT_WORKERS", "1",
            "Aantal webwerkprocessen voor sociale-staat serve."),
    Setting("page_threads", "SOCIALE_STAAT_PAGINADRADEN", "3",
            "Pagina's die een werkproces tegelijk maakt; andere wachten zonder rekentijd te nemen "
            "(reacties van inwoners en vaste bestanden gaan niet in deze rij)."),
    Setting("precompute_groups", "SOCIALE_STAAT_PRECOMPUTE", "",
            "Peergroepen waarvan build de benchmark voor elke gemeente vooraf berekent "
            "(komma's; leeg = de standaard peergroep en de groep structureel vergelijkbare gemeenten, "
            "die een pagina zonder gekozen groep gebruikt; * = alle gedeclareerde groepen)."),
    Setting("stem_rate_limit", "SOCIALE_STAAT_STEM_LIMIET", "10",
            "Stem van de stad: reacties per inwoner (gezouten hash van het adres) per klokuur."),
    Setting("stem_pow_max", "SOCIALE_STAAT_STEM_REKENWERK", "50000",
            "Stem van de stad: moeilijkheid van de rekenpuzzel (ALTCHA maxnumber) die de browser oplost."),
    Setting("stem_wait_seconds", "SOCIALE_STAAT_STEM_WACHTTIJD", "5",
            "Stem van de stad: seconden tussen formulier en bevestiging als JavaScript uit staat."),
    Setting("stem_trusted_proxy", "SOCIALE_STAAT_STEM_PROXY", "",
            "Stem van de stad: adres van de eigen reverse proxy; alleen dan telt X-Forwarded-For."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The value of a declared setting: its environment variable, else its default.

    >>> get("default_focus")
    'GM0034'
    """
    setting = _BY_NAME[name]
    return os.environ.get(setting.env, setting.default)


def get_int(name: str) -> int:
    return int(get(name))


def get_path(name: str, root: Path) -> Path | None:
    """A path setting resolved against the repository root; None when it is empty."""
    value = get(name)
    return (root / value) if value else None
