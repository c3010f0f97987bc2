"""Choropleth maps of an indicator over the wijken, as one Vega-Lite spec for the web page and
for SVG/PNG in the report (rendered by vl-convert, no browser).

Classes are quantiles of the wijk values, labelled with their bounds; areas without data and
suppressed areas get their own, explained legend entries, never a colour of the scale.
"""

import itertools
import json
from pathlib import Path
from typing import Any

import yaml

from sociale_staat.analysis.neighbourhoods import Neighbourhoods
from sociale_staat.core import paths
from sociale_staat.core.errors import InputError, SocialeStaatError
from sociale_staat.core.formatting import format_number

NO_DATA = "geen gegevens"
SCHEMES = {"lager_is_beter": "oranges", "hoger_is_beter": "greens", "neutraal": "blues"}


def boundary_files() -> dict[str, str]:
    """gemeente code -> GeoJSON file, as declared in data/geo/grenzen.yml."""
    declared = paths.geo_dir() / "grenzen.yml"
    try:
        data = yaml.safe_load(declared.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise InputError(f"{declared}: niet te lezen ({err})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InputError(f"{declared}: verwacht per gemeentecode een bestandsnaam")
    return {str(k): v for k, v in data.items()}


def boundaries_for(gemeente_code: str) -> dict[str, Any] | None:
    """The bundled wijk boundaries of a gemeente, oriented for Vega; None when there are none.
    Only names declared in grenzen.yml are opened, never a path built from the request."""
    name = boundary_files().get(gemeente_code)
    path = paths.geo_dir() / name if name else None
    return load_boundaries(path) if path is not None and path.exists() else None


def load_boundaries(path: Path) -> dict[str, Any]:
    """The GeoJSON with outer rings clockwise (d3 fills the whole globe otherwise)."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(f"{path}: geen geldige GeoJSON ({err})") from None
    for feature in data.get("features", []):
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = _orient(geometry["coordinates"])
        elif geometry["type"] == "MultiPolygon":
            geometry["coordinates"] = [_orient(p) for p in geometry["coordinates"]]
    return data


def _orient(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    """Outer ring clockwise, holes counter-clockwise (planar signed area on lon/lat)."""
    out = []
    for index, ring in enumerate(rings):
        area = sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring))
        clockwise = area < 0
        want_clockwise = index == 0
        out.append(ring if clockwise == want_clockwise else ring[::-1])
    return out


def _subtitle(hoods: Neighbourhoods, indicator: str, missing_shapes: list[str]) -> list[str]:
    ind, city = hoods.indicators[indicator], hoods.city[indicator]
    subtitle = [
        f"Wijken van {hoods.gemeente.name}, {city.period} (indeling {hoods.indeling}); "
        f"{hoods.gemeente.name}: {format_number(city.value, ind.decimals)} {ind.unit}"
    ]
    if missing_shapes:
        subtitle.append(f"Geen grens beschikbaar voor: {', '.join(missing_shapes)}")
    return subtitle


def _class_of(value: float, bounds: list[tuple[float, float]]) -> int:
    """The class a value falls in (the last class takes everything above)."""
    return next(i for i, (_, hi) in enumerate(bounds) if value <= hi or i == len(bounds) - 1)


def choropleth(
    hoods: Neighbourhoods, indicator: str, boundaries: dict[str, Any], classes: int = 5
) -> dict[str, Any]:
    """A Vega-Lite spec of `indicator` over the wijken of `hoods`."""
    if indicator not in hoods.indicators:
        raise SocialeStaatError(
            f"indicator '{indicator}' staat niet in het wijkprofiel: kies uit {', '.join(hoods.indicators)}"
        )
    ind = hoods.indicators[indicator]
    wijken = {a.code: a for a in hoods.level("wijk")}
    features = boundaries.get("features", [])
    codes = {f["properties"].get("code") for f in features}
    missing_shapes = sorted(set(wijken) - codes)
    values = sorted(x for a in wijken.values() if (x := a.values[indicator].value) is not None)
    if not values:
        raise SocialeStaatError(f"geen wijkwaarden voor '{indicator}' om in kaart te brengen")
    bounds = _quantiles(values, classes)
    labels = [
        f"{format_number(lo, ind.decimals)} – {format_number(hi, ind.decimals)}"
        for lo, hi in bounds
    ]
    rows = []
    suppressed_label = f"onderdrukt (< {hoods.spec.min_inwoners} inwoners)"
    for feature in features:
        code = feature["properties"].get("code")
        area = wijken.get(code)
        v = area.values[indicator] if area else None
        if v is not None and v.value is not None:
            label, shown = labels[_class_of(v.value, bounds)], format_number(v.value, ind.decimals)
        elif v is not None and v.note and "onderdrukt" in v.note:
            label, shown = suppressed_label, "onderdrukt"
        else:
            label, shown = NO_DATA, "geen gegevens"
        rows.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "code": code,
                    "naam": area.name if area else feature["properties"].get("name"),
                    "waarde": shown,
                    "klasse": label,
                },
            }
        )
    domain = [*labels, suppressed_label, NO_DATA]
    scheme = SCHEMES.get(ind.polarity, "blues")
    subtitle = _subtitle(hoods, indicator, missing_shapes)
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": ind.title, "subtitle": subtitle, "anchor": "start", "fontSize": 16},
        "width": 560,
        "height": 520,
        "data": {"values": rows},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#555555", "strokeWidth": 0.6},
        "encoding": {
            "color": {
                "field": "properties.klasse",
                "type": "ordinal",
                "title": _wrap(ind.unit, 28),
                "scale": {
                    "domain": domain,
                    "range": [*_colors(scheme, len(labels)), "#8c8c8c", "#e3e3e3"],
                },
                "legend": {"orient": "right", "labelLimit": 260, "titleLimit": 260},
            },
            "tooltip": [
                {"field": "properties.naam", "title": "Wijk"},
                {"field": "properties.code", "title": "Code"},
                {"field": "properties.waarde", "title": ind.title},
            ],
        },
        "config": {"font": "DejaVu Sans", "view": {"stroke": None}},
    }


def _wrap(text: str, width: int) -> list[str]:
    """A legend title over several lines instead of cut off."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _quantiles(values: list[float], classes: int) -> list[tuple[float, float]]:
    classes = max(1, min(classes, len(set(values))))
    cuts = [
        values[min(len(values) - 1, round(i * (len(values) - 1) / classes))]
        for i in range(classes + 1)
    ]
    bounds: list[tuple[float, float]] = []
    for lo, hi in itertools.pairwise(cuts):
        if not bounds or hi > bounds[-1][1]:
            bounds.append((lo if not bounds else bounds[-1][1], hi))
    return bounds or [(values[0], values[-1])]


_PALETTES = {  # colour-blind-safe sequential ramps (ColorBrewer), light to dark
    "oranges": ["#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"],
    "greens": ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"],
    "blues": ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
}


def _colors(scheme: str, n: int) -> list[str]:
    ramp = _PALETTES[scheme]
    return (
        [ramp[round(i * (len(ramp) - 1) / max(1, n - 1))] for i in range(n)] if n > 1 else [ramp[2]]
    )


def render(spec: dict[str, Any], out: Path) -> None:
    """Write SVG or PNG (by suffix), atomically."""
    import vl_convert as vlc

    suffix = out.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise SocialeStaatError(f"{out}: kies .svg of .png")
    if not out.parent.is_dir():
        raise SocialeStaatError(f"map bestaat niet: {out.parent}")
    tmp = out.with_name(f".{out.name}.tmp")
    if suffix == ".svg":
        tmp.write_text(vlc.vegalite_to_svg(spec, format_locale="nl-NL"), encoding="utf-8")
    else:
        tmp.write_bytes(vlc.vegalite_to_png(spec, scale=2, format_locale="nl-NL"))
    tmp.replace(out)
