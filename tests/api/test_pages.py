"""Pages for people: German HTML at the service's own paths, built from the same answers as the JSON API."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratgraph.api import create_app
from stratgraph.config import Settings

from ..conftest import ROOT, data_folder

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
GIGABIT = "/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum"
PAGES = [
    "/",
    "/abdeckung",
    "/sdg/13",
    "/sdg/13.2",
    "/suche?text=klima",
    GIGABIT,
    "/stratgraph/bochum/kompetenz/hotspot-der-live-kultur",
]


@pytest.fixture(scope="module")
def client(served_dist: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(root=ROOT, dist_dir=served_dist))) as c:
        yield c


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_german_html_with_a_strict_policy(client: TestClient, path: str) -> None:
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert '<html lang="de">' in response.text and 'href="#inhalt"' in response.text  # language, skip link
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', response.text)  # nothing from other hosts
    assert "<script" not in response.text  # these pages work without JavaScript
    etag = response.headers["etag"]
    assert client.get(path, headers={**BROWSER, "If-None-Match": etag}).status_code == 304


def test_start_page_shows_the_goal_system_with_the_apis_counts(client: TestClient) -> None:
    html = client.get("/", headers=BROWSER).text
    for kompetenz in client.get("/api/kompetenzen").json():
        assert f">{kompetenz['name']}</a>" in html
        counts = kompetenz["kernaktivitaeten"]
        assert (
            f"{counts['gesamt']} Kernaktivitäten: {counts['umgesetzt']} umgesetzt, {counts['laufend']} laufend" in html
        )
    assert "Wissen – Wandel – Wir-Gefühl" in html


def test_a_resource_iri_gives_a_page_to_browsers_and_rdf_to_programs(client: TestClient) -> None:
    page = client.get(GIGABIT, headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html") and "Accept" in page.headers["vary"]
    assert "<h1>Gigabit-City Bochum</h1>" in page.text
    assert 'href="/stratgraph/bochum/kompetenz/shootingstar-der-wissensarbeit"' in page.text  # breadcrumb and link
    assert 'value="https://w3id.org/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum"' in page.text
    assert "Vorschlag der Redaktion, nicht geprüft" in page.text and 'class="redaktionell"' in page.text
    assert f'href="{GIGABIT}.ttl"' in page.text
    assert client.get(GIGABIT + ".html").text == page.text
    turtle = client.get(GIGABIT, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert f"<{'https://w3id.org' + GIGABIT}.html>" in turtle.headers["link"]
    assert client.get(GIGABIT).headers["content-type"].startswith("text/turtle")  # no Accept: RDF


def test_every_matrix_cell_shows_the_apis_direct_count(client: TestClient) -> None:
    html = client.get("/abdeckung", headers=BROWSER).text
    shown = {
        (sdg, row): int(n)
        for sdg, row, n in re.findall(r'aria-label="SDG (\d+), ([^:]+): (\d+) mit eigenem Bezug', html)
    }
    matrix = client.get("/api/abdeckung").json()
    expected = {
        (cell["sdg"], row["name"]): len(cell["direkt"])
        for row in matrix["zeilen"]
        for cell in row["zellen"]
        if cell["direkt"] or cell["nur_ueber_thema"]
    }
    assert shown == expected and len(shown) > 40


def test_search_finds_buergerservice_from_buergerservice(client: TestClient) -> None:
    html = client.get("/suche", params={"text": "buergerservice"}, headers=BROWSER).text
    assert re.search(r'<a href="/stratgraph/bochum/[^"]+">[^<]*Bürgerservice', html)


def test_search_page_takes_q_and_a_bare_sdg_number(client: TestClient) -> None:
    html = client.get("/suche", params={"q": "7"}, headers=BROWSER).text
    assert '<a href="/sdg/7">' in html and "(SDG-Ziel)" in html
    assert "(Kernaktivität" in client.get("/suche", params={"q": "buergerservice"}, headers=BROWSER).text


def test_sdg_pages_show_the_uns_text(client: TestClient) -> None:
    html = client.get("/sdg/13.2", headers=BROWSER).text
    assert "Integrate climate change measures into national policies, strategies and planning" in html
    assert '<a href="/stratgraph/bochum/kernaktivitaet/bochumer-waermewende">Bochumer Wärmewende</a>' in html
    assert '<a class="warum" href="/warum?kernaktivitaet=bochumer-waermewende&amp;sdg=13.2"' in html


def test_the_why_page_shows_every_path_of_the_api_with_its_evidence(client: TestClient) -> None:
    why = client.get("/api/warum", params={"kernaktivitaet": "bochumer-waermewende", "sdg": "13"}).json()
    html = client.get("/warum?kernaktivitaet=bochumer-waermewende&sdg=13", headers=BROWSER).text
    rationales = [link["begruendung"] for path in why["wege"] for link in path["zuordnungen"]]
    assert rationales and all(r in html for r in rationales)
    assert html.count('<div class="weg') == len(why["wege"])
    assert "Vorschlag der Redaktion, nicht geprüft" in html  # the review status in plain words
    assert '<a href="/stratgraph/bochum/kernaktivitaet/bochumer-waermewende">' in html


@pytest.mark.parametrize("nach", ["kompetenz", "schwerpunkt", "querschnittsthema"])
def test_a_cell_page_lists_exactly_the_cells_kernaktivitaeten(client: TestClient, nach: str) -> None:
    matrix = client.get("/api/abdeckung", params={"nach": nach, "status": "laufend"}).json()
    row, cell = max(
        ((r, c) for r in matrix["zeilen"] for c in r["zellen"]),
        key=lambda rc: len(rc[1]["direkt"]) + len(rc[1]["nur_ueber_thema"]),
    )
    page = client.get("/abdeckung", params={"nach": nach, "status": "laufend"}, headers=BROWSER).text
    link = re.search(
        rf'<a href="(/abdeckung/zelle[^"]+)" aria-label="SDG {cell["sdg"]}, {re.escape(row["name"])}:', page
    )
    assert link is not None
    html = client.get(link.group(1).replace("&amp;", "&"), headers=BROWSER).text
    direct, _, context = html.partition('id="kontext"')
    listed = re.compile(r'<h3><a href="(/stratgraph/bochum/kernaktivitaet/[^"]+)">')
    assert sorted(listed.findall(direct)) == sorted(i.replace("https://w3id.org", "") for i in cell["direkt"])
    assert sorted(listed.findall(context)) == sorted(i.replace("https://w3id.org", "") for i in cell["nur_ueber_thema"])
    assert "Status: laufend" in html or "laufend" in html  # the filter carried over


def test_cell_pages_refuse_cells_that_do_not_exist(client: TestClient) -> None:
    assert client.get("/abdeckung/zelle?zeile=gibt-es-nicht&sdg=13", headers=BROWSER).status_code == 404
    assert client.get("/abdeckung/zelle?zeile=hotspot-der-live-kultur&sdg=99", headers=BROWSER).status_code == 404


def test_errors_are_pages_for_browsers_and_json_for_programs(client: TestClient) -> None:
    missing = "/stratgraph/bochum/kernaktivitaet/gibt-es-nicht"
    page = client.get(missing, headers=BROWSER)
    assert page.status_code == 404 and "<h1>Fehler 404</h1>" in page.text
    assert client.get("/api/kernaktivitaeten/gibt-es-nicht", headers=BROWSER).json()["fehler"]


@pytest.mark.parametrize("path", ["/abfrage", "/docs", "/redoc"])
def test_editor_and_api_docs_come_from_this_server(client: TestClient, path: str) -> None:
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200
    assert "unsafe-inline" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', response.text)
    assert sources and all(s.startswith("/") for s in sources)  # no CDN
    for source in sources:
        assert client.get(source).status_code == 200, source  # installed by `make` (npm ci) and served


def test_query_page_offers_every_named_query(client: TestClient) -> None:
    html = client.get("/abfrage", headers=BROWSER).text
    for query in client.get("/api/queries").json():
        assert f'data-beispiel="{query["name"]}"' in html and query["zusammenfassung"] in html
    assert client.get("/sparql", headers=BROWSER, follow_redirects=False).headers["location"] == "/abfrage"


def test_the_matrix_downloads_hold_the_apis_numbers(client: TestClient) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    matrix = client.get("/api/abdeckung", params={"nach": "schwerpunkt", "status": "umgesetzt"}).json()
    expected = {(r["iri"], c["sdg"]): len(c["direkt"]) for r in matrix["zeilen"] for c in r["zellen"]}
    response = client.get("/abdeckung/matrix.csv", params={"nach": "schwerpunkt", "status": "umgesetzt"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())  # for German Excel: a BOM and „;“ by default
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {(r["iri"], r["sdg"]): int(r["direkt"]) for r in rows} == expected
    for_programs = client.get(
        "/abdeckung/matrix.csv", params={"nach": "schwerpunkt", "status": "umgesetzt", "trennzeichen": "komma"}
    )
    assert not for_programs.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(for_programs.text)))
    assert {(r["iri"], r["sdg"]): int(r["direkt"]) for r in rows} == expected
    book = load_workbook(io.BytesIO(client.get("/abdeckung/matrix.xlsx", params={"nach": "schwerpunkt"}).content))
    assert book.sheetnames == ["Abdeckung", "Zellen", "Hinweis"]
    overview = list(book["Abdeckung"].values)
    assert overview[1][0] == "Schwerpunkt"
    counted = overview[2 : 2 + 25]  # 25 Schwerpunkte
    # numbers as numbers (issue 26: „0 (+2)“ was text Excel could not sum); theme-only context in its own table
    assert all(isinstance(v, int) for row in counted for v in row[1:])
    heading = next(i for i, row in enumerate(overview) if i > 1 and row[0] and "nur über ein" in str(row[0]))
    context = overview[heading + 2 : heading + 2 + 25]
    assert heading > 2 + 25 and all(isinstance(v, int) for row in context for v in row[1:])
    assert sum(v for row in context for v in row[1:]) > 0


@pytest.mark.slow  # draws the heatmaps (seconds); `make test` runs it
def test_the_heatmap_downloads_are_pictures_of_the_chosen_matrix(client: TestClient) -> None:
    svg = client.get("/abdeckung/heatmap.svg", params={"nach": "querschnittsthema"})
    assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content[:500]
    assert "Querschnittsthema" in svg.text
    png = client.get("/abdeckung/heatmap.png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert client.get("/abdeckung/heatmap.gif").status_code == 404


def test_the_links_spreadsheet_holds_every_link_of_the_sources(client: TestClient, served_dist: Path) -> None:
    from openpyxl import load_workbook
    from rdflib import Graph
    from rdflib.namespace import RDF

    from stratgraph.model.namespaces import STRAT

    links = len(set(Graph().parse(ROOT / "data" / "bochum" / "zuordnungen.ttl").subjects(RDF.type, STRAT.Zuordnung)))
    excel = client.get("/abdeckung/zuordnungen.csv").content
    assert excel.startswith("\ufeff".encode()) and excel.decode("utf-8-sig").startswith("iri;ressource;sdg;")
    text = client.get("/abdeckung/zuordnungen.csv", params={"trennzeichen": "komma"}).text
    assert text.count("\r\n") == links + 1  # header and one line per link
    (published,) = served_dist.glob("*/sdg-zuordnungen.csv")
    assert text == published.read_bytes().decode("utf-8")  # for programs: the same file the release publishes
    book = load_workbook(io.BytesIO(client.get("/abdeckung/zuordnungen.xlsx").content))
    assert book["Zuordnungen"].max_row == links + 1 and "Abdeckung" in book.sheetnames


def test_the_sdg_pages_and_the_comparison_offer_their_tables(client: TestClient) -> None:
    """/sdg/{code}/bezuege.csv holds exactly the page's own links as the API lists them; /vergleich.csv one row per
    SDG and city with the API's numbers; both for German Excel by default (BOM, „;“), XLSX with numbers."""
    import csv

    from openpyxl import load_workbook

    detail = client.get("/api/sdgs/9").json()
    own = {(code, k) for code, kas in detail["unterziele"].items() for k in kas}
    own |= {("", k) for k in detail["ziel_selbst"]}
    page = client.get("/sdg/9", headers={"Accept": "text/html"}).text
    assert 'href="/sdg/9/bezuege.csv"' in page and 'href="/sdg/9/bezuege.xlsx"' in page
    response = client.get("/sdg/9/bezuege.csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {(r["unterziel"], r["name"]) for r in rows if r["art"].startswith("eigener Bezug")} == own
    target = client.get("/sdg/9.1/bezuege.csv", params={"trennzeichen": "komma"}).text
    listed = {r["name"] for r in csv.DictReader(io.StringIO(target)) if r["art"].startswith("eigener Bezug")}
    assert listed == set(client.get("/api/sdgs/9.1").json()["kernaktivitaeten"])
    comparison = client.get("/api/vergleich").json()
    expected = {(int(g["code"]), c["stadt"]): c["kernaktivitaeten"] for g in comparison["sdgs"] for c in g["staedte"]}
    rows = list(csv.DictReader(io.StringIO(client.get("/vergleich.csv").content.decode("utf-8-sig")), delimiter=";"))
    assert {(int(r["sdg"]), r["stadt"]): int(r["massnahmen_mit_bezug"]) for r in rows} == expected
    book = load_workbook(io.BytesIO(client.get("/vergleich.xlsx").content))
    values = list(book["Vergleich"].values)
    assert values[0][3] == "massnahmen_mit_bezug" and all(isinstance(v[3], int) for v in values[1:])
    assert client.get("/vergleich.pdf").status_code == 404


def test_a_resource_lists_its_sdgs_by_number_and_who_linked_them(client: TestClient) -> None:
    """A Kernaktivität whose SDG codes sort differently as text (13.2 before 7.2) and as numbers: the page lists
    them by number, each with „zugeordnet von“ (found in Bochum's link file here, not by the code under test)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import PROV, SKOS

    from stratgraph.model.namespaces import PROJECT_IRI, SDG, STRAT

    links = Graph().parse(ROOT / "data" / "bochum" / "zuordnungen.ttl")
    by_measure: dict[URIRef, list[str]] = {}
    for ka, target in links.subject_objects(STRAT.traegtBeiZuSdg):
        by_measure.setdefault(ka, []).append(str(target).removeprefix(str(SDG)))

    def numeric(code: str) -> tuple[int, ...]:
        return tuple(int(p) if p.isdigit() else 99 for p in code.split("."))

    ka, codes = next((k, c) for k, c in sorted(by_measure.items()) if sorted(c) != sorted(c, key=numeric))
    page = client.get(str(ka).removeprefix("https://w3id.org"), headers={"Accept": "text/html"}).text
    table = page[page.index('id="belege"') :]
    shown = re.findall(r">SDG ([0-9.a-z]+)</a>", table)
    assert shown == sorted(codes, key=numeric)
    assert '<th scope="col">Zugeordnet von</th>' in table
    ontology = Graph().parse(ROOT / "ontology" / "stratgraph.ttl")
    project = next(str(n) for n in ontology.objects(PROJECT_IRI, SKOS.prefLabel) if n.language == "de")
    attributed = {links.value(z, PROV.wasAttributedTo) for z in links.subjects(STRAT.zuordnungVon, ka)}
    assert attributed == {PROJECT_IRI}  # every proposal of this measure is the project's
    assert table.count(f'data-label="Zugeordnet von">{project}<') == len(list(links.subjects(STRAT.zuordnungVon, ka)))


def test_the_list_of_all_measures_filters_by_top_level_status_and_sdg(client: TestClient) -> None:
    """Counted from Bochum's files here: 66 Kernaktivitäten, those umgesetzt, those with a link of their own to
    SDG 15 or one of its targets."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    strat = Namespace("https://w3id.org/stratgraph/ontology#")
    graph = Graph()
    for path in (ROOT / "data" / "bochum").glob("*.ttl"):
        graph.parse(path)
    measures = set(graph.subjects(RDF.type, strat.Kernaktivitaet))
    done = {m for m in measures if (m, strat.hatStatus, strat.umgesetzt) in graph}
    land = {
        m
        for m, t in graph.subject_objects(strat.traegtBeiZuSdg)
        if m in measures and str(t).split("/")[-1].split(".")[0] == "15"
    }

    def listed(**params: str) -> set[str]:
        page = client.get("/massnahmen", params=params, headers={"Accept": "text/html"}).text
        table = page[page.index("<tbody>") : page.index("</tbody>")]
        return set(re.findall(r'<th scope="row"><a href="/stratgraph/bochum/kernaktivitaet/([a-z0-9-]+)"', table))

    def slugs(nodes: set[object]) -> set[str]:
        return {str(n).rsplit("/", 1)[-1] for n in nodes}

    assert listed() == slugs(measures) and len(measures) == 66
    assert listed(status="umgesetzt") == slugs(done)
    assert listed(sdg="15") == slugs(land) and len(land) == 3
    both = listed(status="umgesetzt", sdg="15")
    assert both == slugs(done & land)
    assert client.get("/massnahmen", params={"sdg": "18"}, headers={"Accept": "text/html"}).status_code == 400


def test_a_kompetenz_page_lists_its_kernaktivitaeten(client: TestClient) -> None:
    """Each Kompetenz page names as many Kernaktivitäten as Bochum's files give it (gehoertZuKompetenz)."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    strat = Namespace("https://w3id.org/stratgraph/ontology#")
    graph = Graph()
    for path in (ROOT / "data" / "bochum").glob("*.ttl"):
        graph.parse(path)
    for kompetenz in graph.subjects(RDF.type, strat.Kompetenz):
        members = {ka for ka in graph.subjects(strat.gehoertZuKompetenz, kompetenz)}
        members &= set(graph.subjects(RDF.type, strat.Kernaktivitaet))
        page = client.get(str(kompetenz).removeprefix("https://w3id.org"), headers={"Accept": "text/html"}).text
        heading = re.search(r'<h2 id="massnahmen">(\d+) Kernaktivitäten</h2>', page)
        assert heading and int(heading[1]) == len(members), kompetenz


def _sections(page: str) -> dict[str, list[str]]:
    """The sections of the elements below one: heading → the names listed, in order."""
    found = {}
    for heading, items in re.findall(r'<h2 id="ebene-\d+">([^<]+)</h2>\s*<ul class="teile">(.*?)</ul>', page, re.S):
        found[heading] = [html.unescape(n) for n in re.findall(r"<a [^>]+>([^<]+)</a>", items)]
    return found


def test_a_kompetenz_page_has_its_goals_and_schwerpunkte_as_sections(client: TestClient) -> None:
    """Bochum's files (kompetenzen.ttl, schwerpunkte.ttl): the Kompetenz has two strategic goals and five
    Schwerpunkte, in their positions; a Schwerpunkt has three programmatic goals; neither is listed again under
    „Was hierher verweist“."""
    page = client.get("/stratgraph/bochum/kompetenz/vorreiterin-modernen-stadtmanagements", headers=BROWSER).text
    sections = _sections(page)
    assert sections["2 strategische Ziele"] == ["Veränderungsklima", "Zufriedenheit mit Bochum als Stadt"]
    assert len(sections["5 Schwerpunkte"]) == 5
    assert sections["5 Schwerpunkte"][0] == "Die Stadt Bochum und ihre Tochtergesellschaften als Dienstleisterinnen"
    assert not any(k.endswith("Kernaktivitäten") for k in sections)  # they have their table with status and SDGs
    incoming = page[page.index('id="verweise"') :] if 'id="verweise"' in page else ""
    assert "Veränderungsklima" not in incoming
    schwerpunkt = (
        "/stratgraph/bochum/schwerpunkt/die-stadt-bochum-und-ihre-tochtergesellschaften-als-dienstleisterinnen"
    )
    goals = _sections(client.get(schwerpunkt, headers=BROWSER).text)
    assert list(goals) == ["3 programmatische Ziele"]
    assert goals["3 programmatische Ziele"][0].startswith("Wir entwickeln und sichern einen hohen Qualitätsstandard")


def test_an_element_of_another_strategy_has_the_levels_below_it(tmp_path: Path, served_dist: Path) -> None:
    """gamma (tests/fixtures/staedte/gamma/strategie.ttl): „Den Umweltverbund stärken“ has two operative goals
    in their positions, the Leitlinie „Gamma wird klimaneutral“ one strategic goal (said in the singular)."""
    data = data_folder(tmp_path / "data", "gamma")
    with TestClient(create_app(Settings(root=ROOT, data_dir=data, dist_dir=served_dist))) as gamma:
        goal = gamma.get("/stratgraph/gamma/strategisches-ziel/umweltverbund-staerken", headers=BROWSER).text
        line = gamma.get("/stratgraph/gamma/leitlinie/gamma-wird-klimaneutral", headers=BROWSER).text
    assert _sections(goal) == {
        "2 operative Ziele": ["Radverkehrsanteil auf 25 % steigern", "Alle Buslinien elektrisch betreiben"]
    }
    assert _sections(line) == {"1 strategisches Ziel": ["Den Energiebedarf der Stadt aus erneuerbaren Quellen decken"]}


def test_a_source_page_names_properties_and_languages_in_german(client: TestClient) -> None:
    """quellen.ttl: the Bild 2030 text is in German (dct:language …/iso639-1/de) and is the dct:source of the
    Kompetenz Vorreiterin modernen Stadtmanagements (kompetenzen.ttl)."""
    page = html.unescape(client.get("/stratgraph/bochum/quelle/bild-2030-vorreiterin", headers=BROWSER).text)
    language = page[page.index(">Sprache<") : page.index("</tr>", page.index(">Sprache<"))]
    assert ">Deutsch</a>" in language
    incoming = page[page.index('id="verweise"') :]
    assert 'Vorreiterin modernen Stadtmanagements</a> <span class="eigenschaft">(Quelle)</span>' in incoming
    assert "purl.org" not in incoming


def test_an_organisation_page_names_its_kind_in_german(client: TestClient) -> None:
    """organisation.ttl types Bochum Marketing as org:FormalOrganization (a class of W3C's ORG, no German label)."""
    page = client.get("/stratgraph/bochum/organisation/bochum-marketing", headers=BROWSER).text
    kinds = page[page.index('<p class="art">') : page.index("</p>", page.index('<p class="art">'))]
    assert re.findall(r">([^<]+)</a>", kinds) == ["Organisation (rechtlich verfasst)"]


def test_a_link_page_is_titled_by_what_it_links(client: TestClient) -> None:
    """zuordnungen.ttl: the Zuordnung …--sdg--sdg-11-7 links 1.000 Bänke für Bochum to SDG target 11.7."""
    page = html.unescape(
        client.get("/stratgraph/bochum/zuordnung/1000-baenke-fuer-bochum--sdg--sdg-11-7", headers=BROWSER).text
    )
    assert "<h1>Zuordnung: 1.000 Bänke für Bochum → SDG 11.7</h1>" in page
    assert ">Datum</th>" in page


def test_search_finds_sdgs_and_targets_by_name(client: TestClient) -> None:
    """data/sdg.ttl: SDG 13's German working title is „Maßnahmen zum Klimaschutz“; the UN's English text of target
    13.1 speaks of „climate-related hazards“. The SDG comes first, targets by number."""
    page = client.get("/suche", params={"q": "klimaschutz"}, headers=BROWSER).text
    main = page[page.index("<main") :]
    assert re.findall(r'<a href="(/sdg/[^"]+)"', main)[:1] == ["/sdg/13"] and "(SDG-Ziel)" in main
    found = client.get("/api/suche", params={"text": "climate"}).json()["treffer"]
    codes = [t["iri"].removeprefix("http://metadata.un.org/sdg/") for t in found if "metadata.un.org" in t["iri"]]
    assert codes[0] == "13" and "13.1" in codes
    assert codes[1:] == sorted(codes[1:], key=lambda c: [int(p) if p.isdigit() else 99 for p in c.split(".")])
    assert next(t for t in found if t["iri"].endswith("/13.1"))["arten"] == ["SDG-Unterziel"]
