"""The resident pages of Stem van de stad, the sociale kaart and the programme monitor in English
(`?lang=en`): headings, labels, buttons, refusals and the words the pages generate are English,
the pages' own Dutch is gone, links and forms stay English, and data from declarations and
imports (programme names, service names) stays as declared. The Dutch pages are unchanged."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sociale_staat.web.app import create_app
from tests.conftest import environment, kaart_app_db
from tests.stem_support import open_form, received_id, solved

STEM = "/stem/indicator/werkloosheid?focus=GM0034"
PLAN = "/programma/almere-2-0-leer-en-werkomgeving"


@pytest.fixture(scope="module")
def site(almere_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The whole dashboard over the built warehouse, with the fixture sociale kaart imported."""
    url = kaart_app_db(tmp_path_factory.mktemp("english"))
    quick = {"SOCIALE_STAAT_STEM_REKENWERK": "2000"}  # a proof of work quick to solve in a test
    with (
        environment(SOCIALE_STAAT_APP_DB=url, **quick),
        TestClient(create_app(almere_store), base_url="https://testserver") as client,
    ):
        yield client


def english(client: TestClient, url: str, *english_texts: str, dutch: tuple[str, ...] = ()) -> str:
    """GET `url` in English; every English text is there and none of the Dutch ones."""
    page = client.get(url + ("&" if "?" in url else "?") + "lang=en")
    assert page.status_code == 200, page.text[:2000]
    text = page.text
    missing = [t for t in english_texts if t not in text]
    left = [t for t in dutch if t in text]
    assert not missing and not left, (missing, left)
    return text


def test_herkent_u_dit_block_on_indicator_and_wijk_pages(site: TestClient) -> None:
    asked = ("Do you recognise this?", "Does this picture match what you see yourself in Almere?",
             "Yes", "Partly", "Continue", "See what residents said about this")  # fmt: skip
    gone = ("Herkent u dit?", "Past dit beeld", "Verder<", "Bekijk wat inwoners", "Zonder account")
    english(site, "/indicator/werkloosheid?focus=GM0034", *asked, dutch=gone)
    wijk = english(site, "/gebied/WK003408", "Do you recognise this?", dutch=gone)
    # the GET form stays English (a browser drops the action's query, so a hidden field)
    block = wijk[wijk.index('<section class="stem-herkent"') :]
    assert '<input type="hidden" name="lang" value="en">' in block[: block.index("</form>")]


def test_reaction_page_in_english(site: TestClient) -> None:
    html = english(
        site, STEM,
        "<h1>Do you recognise this?</h1>", "What residents said", "Give your response",
        "Do you recognise this picture? (required)", "Would you like to explain? (optional, at most 500 characters)",
        "Your age (optional)", "I&#39;d rather not say", "under 18", "18 to 26 years", ">Send</button>",
        'data-klaar="Check done."', "You do not need an account.",
        dutch=("Wat inwoners zeiden", "Geef uw reactie", "(verplicht)", "Versturen", "Zeg ik liever niet",
               ">jonger dan 18", " jaar<", "Te weinig reacties", "U hebt geen account"),
    )  # fmt: skip
    assert "<title>Do you recognise this? Unemployment " in html
    assert (
        "Unemployment in Almere: does the picture the figures give match" in html
    )  # declared title_en
    # the reaction is posted to an English address, so its answer is English too
    assert re.search(r'<form class="stem-form" action="/stem/reactie\?lang=en" method="post"', html)
    # the Dutch page is as it was
    dutch = site.get(STEM).text
    assert (
        "<h1>Herkent u dit?</h1>" in dutch
        and "Geef uw reactie" in dutch
        and "18 tot 27 jaar" in dutch
    )


def test_confirm_received_and_refusal_in_english(site: TestClient) -> None:
    form = open_form(site, STEM + "&lang=en")
    without_js = {**form.fields, "antwoord": "deels", "leeftijd": "75 of ouder"}
    confirm = site.post("/stem/reactie?lang=en", data=without_js)
    assert confirm.status_code == 200, confirm.text[:2000]
    for text in ("<h1>Confirm your response</h1>", "Explanation", "none", "75 or older", "Partly",
                 "you can confirm after", ">Confirm</button>", "Do not send, back to"):  # fmt: skip
        assert text in confirm.text, text
    assert "Bevestig" not in confirm.text and "niet opgegeven" not in confirm.text
    assert 'action="/stem/reactie?lang=en"' in confirm.text

    stored = site.post("/stem/reactie?lang=en", data=solved(form, tekst="Herkenbaar."))
    assert stored.status_code == 200, stored.text[:2000]
    received_id(stored.text)
    for text in ("<h1>Response received</h1>", "Thank you. Your response to", "has been saved with reference",
                 "Your explanation will appear once a moderator has read it.", "Back to "):  # fmt: skip
        assert text in stored.text, text
    assert "Reactie ontvangen" not in stored.text and "Dank u wel" not in stored.text

    refused = site.post("/stem/reactie?lang=en", data={**solved(form), "csrf": "vals"})
    assert refused.status_code == 403
    assert "<h1>Response not processed</h1>" in refused.text
    assert "The form has expired or is invalid. Please open the page again." in refused.text
    assert "Het formulier" not in refused.text
    long = site.post("/stem/reactie?lang=en", data=solved(open_form(site, STEM), tekst="x" * 501))
    assert long.status_code == 400 and "Your text is too long: at most 500 characters." in long.text
    # the same refusal in Dutch, worded as before
    nl = site.post("/stem/reactie", data={**solved(open_form(site, STEM)), "csrf": "vals"})
    assert "Het formulier is verlopen of ongeldig. Open de pagina opnieuw." in nl.text


def test_sociale_kaart_search_in_english(site: TestClient) -> None:
    url = "/sociale-kaart?behoefte=schulden&postcode=1315&dag=zaterdag"
    html = english(
        site, url,
        "<h1>Find help</h1>", "What do you need help with?", "Near postcode", "Or in the district",
        "(all districts)", "At most (km)", "open now", "on Saturday", "Age", ">Search</button>",
        "3 services found", "Note: the services on this page do not exist.",
        "Distance as the crow flies from the centre of the neighbourhoods with postcode 1315 (approximation).",
        "Data checked:", "not checked recently", "Schuldhulp spreekuur Centrum",
        dutch=("Hulp zoeken<", "Waar zoekt u", "In de buurt van postcode", "diensten gevonden", "op zaterdag",
               "Afstand in rechte lijn", "Gegevens gecontroleerd", "niet recent gecontroleerd", "Let op"),
    )  # fmt: skip
    assert "<title>Find help (social map) " in html
    assert '<input type="hidden" name="lang" value="en">' in html  # the search form stays English
    unknown = english(
        site,
        "/sociale-kaart?postcode=9999",
        "postcode &#39;9999&#39; does not lie in an area with known boundaries",
    )
    assert "ligt niet in" not in unknown
    dutch = site.get(url).text
    assert (
        "3 diensten gevonden" in dutch
        and "het midden van de buurten met postcode 1315 (benadering)" in dutch
    )


def test_sociale_kaart_coverage_in_english(site: TestClient) -> None:
    html = english(
        site, "/sociale-kaart/dekking?behoefte=schulden&km=1.5",
        "<h1>Need and services per district</h1>", "Kind of help", "Debts and money worries",
        "Near means within (km)", "<strong>high</strong> when it is at least 25% higher than in the city",
        "High need, no services within 1.5 km", "Debts and money worries per district", "Nearest service",
        "Distance", "Map of the districts:", "Debts and money worries: need and services per district",
        "high need, no services nearby",
        dutch=("Nood en aanbod per wijk", "Soort hulp", "Hoge nood", "Dichtstbijzijnde aanbod",
               "Kaart van de wijken", "hoge nood, geen aanbod dichtbij", "dichtstbijzijnde "),
    )  # fmt: skip
    assert "<svg" in html
    dutch = site.get("/sociale-kaart/dekking?behoefte=schulden&km=1.5").text
    assert (
        "Hoge nood, geen aanbod binnen 1,5 km" in dutch
        and "<strong>hoog</strong> als die minstens 25% hoger" in dutch
    )


def test_programme_list_and_page_in_english(site: TestClient) -> None:
    listing = english(
        site, "/programmas", "<h1>Programme monitor</h1>", "The municipality&#39;s goals next to the figures",
        " goals, ", " indicators.",
        dutch=("De doelen van de gemeente", " doelen, ", " indicatoren."),
    )  # fmt: skip
    assert f'href="{PLAN}?lang=en"' in listing
    html = english(
        site, PLAN,
        "Programme monitor</a>", "Current status", "How the assessment is made", "With a target value:",
        "<h2>Goals</h2>", "Downloads", "Table for the budget (Almere, Netherlands, median of benchmark municipalities):",
        "Indicators over time", "Figures for this chart", "<th scope=\"col\">Year</th>", "Owner:",
        "Source of the goals:", "milestone", "Chart and figures", "unknown", "Netherlands: ",
        "median of benchmark municipalities", "target ", ". Assessment: ", "Compared with the Netherlands",
        dutch=("Stand van zaken", "Hoe het oordeel", "<h2>Doelen</h2>", "Indicatoren in de tijd",
               "Cijfers bij deze grafiek", "Bron van de doelen", "Eigenaar:", ">mijlpaal<", "Grafiek en cijfers",
               ". Oordeel: ", ">onbekend<", "Nederland: ", "Tabel voor de begroting", "mediaan benchmarkgemeenten"),
    )  # fmt: skip
    assert "600 - 800 leerlingen" in html  # the plan's own words stay as declared
    assert (
        'class="status status-onbekend"><span class="dot" aria-hidden="true"></span>unknown' in html
    )
    dutch = site.get(PLAN).text
    assert "<h2>Stand van zaken</h2>" in dutch and ">onbekend<" in dutch and ". Oordeel: " in dutch


def test_units_on_an_english_indicator_page_and_its_chart(site: TestClient) -> None:
    page = english(
        site,
        "/indicator/misdrijven_per_1000?focus=GM0034",
        "<dt>Unit</dt><dd>per 1,000 residents</dd>",
    )
    # Only the declared definition, which stays Dutch, still says it the Dutch way.
    assert page.count("per 1.000 inwoners") == 1 and page.count("(per 1,000 residents)") >= 2
    chart = site.get("/grafiek/misdrijven_per_1000.svg?focus=GM0034&lang=en").text
    assert "per 1,000 residents" in chart and "inwoners" not in chart
    dutch_chart = site.get("/grafiek/misdrijven_per_1000.svg?focus=GM0034").text
    assert "per 1.000 inwoners" in dutch_chart


def test_buurt_maps_on_an_english_page_are_described_in_english(site: TestClient) -> None:
    english(
        site,
        "/indicator/aandeel_65_plus?focus=GM0034",
        'alt="Map: Residents aged 65 and over per neighbourhood of Almere Stad, with a number',
        "scroll the map sideways for all neighbourhoods",
        dutch=("met een nummer op elke buurt", "schuif de kaart opzij"),
    )
