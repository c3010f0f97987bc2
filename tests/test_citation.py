"""One number, four places: the CLI, the report, the indicator page and the CSV download all cite
its source with the same table id, title and licence (one `Source.citation()`)."""

import html
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sociale_staat.analysis.benchmark import run
from sociale_staat.analysis.peers import resolve
from sociale_staat.core import paths, settings
from sociale_staat.report import document as reporting
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Source
from sociale_staat.web.app import create_app
from tests.test_cli import run as cli

INDICATOR = "werkloosheid"


@pytest.fixture(scope="module")
def source(warehouse: Warehouse) -> tuple[Source, int]:
    """The source of the focus gemeente's werkloosheid in the benchmark, and its year."""
    focus = settings.get("default_focus")
    group = resolve(warehouse, paths.peer_groups_dir(), settings.get("default_peers"), focus)
    item = next(i for i in run(warehouse, group, theme="arbeid").items if i.id == INDICATOR)
    assert item.focus is not None and item.focus.table_id and item.period
    return warehouse.source(item.focus.table_id), item.period


def _cites(text: str, source: Source) -> None:
    assert source.cbs_table in text and source.title in text and source.licence in text, text
    assert source.citation() in text


def test_citation_names_table_title_and_licence(source: tuple[Source, int]) -> None:
    s, _ = source
    assert s.cbs_table == "86088NED" and s.licence.startswith("CC BY 4.0")
    assert s.citation() == f"CBS, tabel 86088NED — {s.title} ({s.licence})"


def test_same_source_line_in_cli_report_page_and_download(
    source: tuple[Source, int], warehouse: Warehouse, almere_store: Path
) -> None:
    s, period = source
    focus = settings.get("default_focus")

    out = cli(
        "value",
        INDICATOR,
        "--area",
        focus,
        "--period",
        str(period),
        "--warehouse",
        str(almere_store),
    ).stdout
    _cites(next(line for line in out.splitlines() if line.startswith("Bron:")), s)

    group = resolve(warehouse, paths.peer_groups_dir(), settings.get("default_peers"), focus)
    report = reporting.assemble(warehouse, run(warehouse, group, theme="arbeid"), None, None)
    arbeid = next(c for c in report.chapters if c.key == "arbeid")
    section = next(x for x in arbeid.sections if x.title == "Werkloosheid")
    _cites(section.figures[0].caption, s)
    _cites(report.notes[section.sentences[0].note], s)

    client = TestClient(create_app(almere_store))
    page = html.unescape(client.get(f"/indicator/{INDICATOR}").text)
    _cites(next(line for line in page.splitlines() if "<figcaption>" in line), s)

    csv_text = client.get(f"/data/indicator/{INDICATOR}.csv").text
    header = {
        key: value
        for key, _, value in (
            line[2:].partition(": ") for line in csv_text.splitlines() if line.startswith("# ")
        )
    }
    _cites(header["bron"], s)
    assert header["licentie"] == s.licence
