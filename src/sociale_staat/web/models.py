"""The API's parameters and answers as pydantic models and enums, for the OpenAPI document
(and for the property test generated from it)."""

from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sociale_staat.analysis.peers import group_names
from sociale_staat.core import paths
from sociale_staat.declarations.catalogue import THEMES

Thema = Enum("Thema", {key: key for key in THEMES}, type=str)  # type: ignore[misc]
Peergroep = Enum(  # type: ignore[misc]
    "Peergroep", {name: name for name in group_names(paths.peer_groups_dir())}, type=str
)


class Formaat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    excel_csv = "excel-csv"  # CSV for Dutch Excel: `;`, decimal comma, UTF-8 BOM


class Bestand(StrEnum):
    """The file kinds of a download address (`.csv`, `.json`, `.xlsx`)."""

    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class CsvSoort(StrEnum):
    """`?formaat=` of a .csv download: plain CSV, or CSV for Dutch Excel."""

    csv = "csv"
    excel_csv = "excel-csv"


class Grafiek(StrEnum):
    vergelijking = "vergelijking"
    trend = "trend"
    wijken = "wijken"
    buurten = "buurten"


class Soort(StrEnum):
    """The chart pictures (/grafiek/...svg): those of the indicator page (comparison, trend,
    wijk and buurt maps), and the small trend of a theme page's small multiples."""

    vergelijking = "vergelijking"
    trend = "trend"
    wijken = "wijken"
    buurten = "buurten"
    klein = "klein"


class Maat(StrEnum):
    """Wide for a desktop column, narrow for a phone: each drawn at the size it is shown, so
    its text stays at least 11 px."""

    breed = "breed"
    smal = "smal"


class Fout(BaseModel):
    """Every error of /api and /data has this shape."""

    fout: str = Field(description="Wat er mis is, in het Nederlands")
    status: int
    verzoek: str | None = Field(None, description="Verzoeknummer (ook in het serverlog)")


class AreaRef(BaseModel):
    code: str
    name: str
    level: str
    indeling: int | None = None


class SourceRef(BaseModel):
    model_config = ConfigDict(extra="allow")
    table_id: str
    cbs_table: str | None = None
    title: str | None = None
    publisher: str | None = None
    licence: str | None = None


class Waarde(BaseModel):
    indicator: str
    title: str
    area: AreaRef
    unit: str | None
    decimals: int | None
    period: int
    value: float | None
    lower: float | None
    upper: float | None
    status: str
    source: SourceRef | None
    reason: str | None = Field(None, description="Waarom er geen waarde is")


class Indicator(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    theme: str
    title: str
    unit: str | None
    polarity: str | None
    first_period: int | None = None
    last_period: int | None = None


class Member(BaseModel):
    code: str
    name: str
    distance: float | None = None
    contributions: dict[str, float] = {}
    in_depth: bool = False


class Vergelijkingsgroep(BaseModel):
    name: str
    title: str
    kind: str
    rationale: str
    focus: dict[str, Any]
    notes: list[str]
    members: list[Member]


class Cel(BaseModel):
    model_config = ConfigDict(extra="allow")
    area: str
    name: str
    period: int
    value: float | None


class IndicatorVergelijking(BaseModel):
    model_config = ConfigDict(extra="allow")
    indicator: str
    title: str
    theme: str
    period: int | None
    focus: Cel | None
    nederland: Cel | None
    peers: list[Cel]
    rank: int | None
    n: int


class BenchmarkAntwoord(BaseModel):
    focus: dict[str, Any]
    peer_group: Vergelijkingsgroep
    indicators: list[IndicatorVergelijking]


class Wijken(BaseModel):
    gemeente: dict[str, Any]
    indeling: int | None
    gebieden: list[dict[str, Any]]


class Grafiekdata(BaseModel):
    metadata: dict[str, Any]
    data: list[dict[str, Any]]


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": Fout,
        "description": "Ongeldige parameter (onbekend thema, formaat, grafiek, "
        "peergroep of periode)",
    },
    404: {"model": Fout, "description": "Onbekend gebied of onbekende indicator"},
    414: {"model": Fout, "description": "Adres of parameter te lang"},
    503: {"model": Fout, "description": "Antwoord duurde te lang"},
}


PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {
        "description": answer["description"] + " (Nederlandse HTML-pagina)",
        "content": {"text/html": {"schema": {"type": "string"}}},
    }
    for code, answer in ERRORS.items()
}


def table_media(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """A 200 that is JSON (this model), CSV or XLSX, plus the error answers."""
    return {
        200: {
            "model": model,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        },
        **ERRORS,
    }
