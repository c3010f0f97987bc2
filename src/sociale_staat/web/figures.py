"""Chart pictures for the screen: the render stage's specs at the width they are shown, with
text that stays readable (at least 12 px in the picture, never scaled below 11 px on a
390 px phone: a narrow picture for phones, a wide one for desktops, chosen by <picture>)."""

from typing import Any

from sociale_staat.analysis.results import IndicatorBenchmark, Trend
from sociale_staat.render import charts, maps
from sociale_staat.web.i18n import translate
from sociale_staat.web.models import Maat, Soort

FONT = 12  # px in the picture; a picture is never shown below 0.92 x its own width
SMALLEST_LABEL = 11  # map names below this are left out (the table below has every name)
WIDTH = {  # plot width (px) per chart and size; axis labels and legends come on top
    (Soort.vergelijking, Maat.breed): 420,
    (Soort.vergelijking, Maat.smal): 190,
    (Soort.trend, Maat.breed): 460,
    (Soort.trend, Maat.smal): 270,
    (Soort.klein, Maat.breed): 230,
    (Soort.klein, Maat.smal): 230,
}
MAP_SIZE = {Maat.breed: (560, 520), Maat.smal: (320, 300)}


def bars(item: IndicatorBenchmark, maat: Maat) -> dict[str, Any]:
    return screen(charts.bars(item), WIDTH[Soort.vergelijking, maat], maat)


def trend(computed: Trend, soort: Soort, maat: Maat) -> dict[str, Any]:
    spec = screen(charts.trend(computed), WIDTH[soort, maat], maat)
    if soort is Soort.klein:  # a small multiple: the legend is said once above them all
        spec["height"] = 110
        _walk(spec, _no_legend)
        _walk(spec, _few_years)
    return spec


def wijkmap(hoods: Any, indicator: str, shapes: dict[str, Any], maat: Maat) -> dict[str, Any]:
    titled = maat is Maat.breed  # on a phone the caption carries the title
    spec = maps.choropleth(hoods, indicator, shapes, titled=titled, size=MAP_SIZE[maat])
    # Names placed below 11 px (the smaller wijken) would be unreadable: the table has them.
    spec["layer"] = [layer for layer in spec["layer"] if not _small_text(layer)]
    if maat is Maat.smal:
        _walk(spec, _legend_below)
    return screen(spec, None, maat)


def screen(spec: dict[str, Any], width: int | None, maat: Maat) -> dict[str, Any]:
    """Fonts of at least FONT px everywhere (axes, legends, titles, text marks), the chart's
    words in the page's language, and the width the picture is shown at."""
    if width is not None:
        spec["width"] = width
    config = spec.setdefault("config", {})
    for part in ("axis", "legend", "header"):
        config[part] = {**config.get(part, {}), "labelFontSize": FONT, "titleFontSize": FONT}
    config["title"] = {"fontSize": FONT + 3, "subtitleFontSize": FONT}
    if "title" in spec and isinstance(spec["title"], dict):
        spec["title"]["fontSize"] = FONT + 3
    _walk(spec, _readable_text)
    _walk(spec, _translated)
    if maat is Maat.smal:
        _walk(spec, _legend_one_column)
    return spec


def _walk(node: Any, visit: Any) -> None:
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def _readable_text(node: dict[str, Any]) -> None:
    if node.get("type") == "text" and node.get("fontSize", FONT) < FONT:
        node["fontSize"] = FONT


def _small_text(layer: dict[str, Any]) -> bool:
    mark = layer.get("mark")
    if not isinstance(mark, dict) or mark.get("type") != "text":
        return False
    return bool(mark.get("fontSize", FONT) < SMALLEST_LABEL)


def _no_legend(node: dict[str, Any]) -> None:
    if "legend" in node and "field" in node:
        node["legend"] = None


def _few_years(node: dict[str, Any]) -> None:
    """At most four year labels on a small multiple's axis, the latest year always among them."""
    axis = node.get("axis")
    if node.get("field") == "jaar" and isinstance(axis, dict) and len(axis.get("values", [])) > 4:
        years = axis["values"]
        step = -(-len(years) // 4)
        axis["values"] = years[::-1][::step][::-1]


def _legend_below(node: dict[str, Any]) -> None:
    if isinstance(node.get("legend"), dict):
        node["legend"] = {**node["legend"], "orient": "bottom", "labelLimit": 300, "titleLimit": 300}


def _legend_one_column(node: dict[str, Any]) -> None:
    if isinstance(node.get("legend"), dict):
        node["legend"] = {**node["legend"], "columns": 1, "labelLimit": 300}


def _translated(node: dict[str, Any]) -> None:
    """Series, labels and axis titles the render stage writes in Dutch ('Nederland', 'mediaan
    benchmarkgemeenten', 'reeksbreuk 2019', a unit), in the page's language."""
    if isinstance(node.get("title"), str):
        node["title"] = translate(node["title"])
    values = node.get("values")
    if isinstance(values, list):
        for row in values:
            if isinstance(row, dict):
                for key in ("reeks", "label", "gebied"):
                    if isinstance(row.get(key), str):
                        row[key] = _words(row[key])
    domain = node.get("domain")
    if isinstance(domain, list):
        node["domain"] = [_words(d) if isinstance(d, str) else d for d in domain]


def _words(text: str) -> str:
    if text.startswith("reeksbreuk "):
        return translate("reeksbreuk") + text[len("reeksbreuk") :]
    return translate(text)
