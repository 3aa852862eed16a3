"""`stratgraph release`: reproducible dumps, checksums, DCAT-AP.de and VoID, refusal of bad data, changelog."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import warnings
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SH, VOID

from stratgraph.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from stratgraph.config import Settings
from stratgraph.model.graph import load_turtle, turtle_files
from stratgraph.release import ReleaseOptions, ReleaseRefusedError, build_release, validate_catalog
from stratgraph.store.embedded import to_rdflib

from ..conftest import ROOT, data_folder

pytestmark = pytest.mark.slow  # release builds; left to `make test`

EXPECTED = {
    "stratgraph.ttl",
    "stratgraph.nt",
    "stratgraph.jsonld",
    "stratgraph.rdf",
    "stratgraph.trig",
    "ontologie.ttl",
    "shapes.ttl",
    "kernaktivitaeten.csv",
    "schwerpunkte.csv",
    "elemente.csv",
    "statusverlauf.csv",
    "indikatorwerte.csv",
    "sdg-zuordnungen.csv",
    "validierung.json",
    "catalog.ttl",
    "catalog.rdf",
    "void.ttl",
    "CHANGES.md",
    "changes.json",
    "LIESMICH.md",
    "release.json",
    "SHA256SUMS",
}
DAY = date(2026, 11, 22)
GEODCATAP_ORIGINATOR = URIRef("http://data.europa.eu/930/originator")


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    return build_release(Settings(root=ROOT), ReleaseOptions(dist=dist)).path


def copy_project(target: Path) -> Settings:
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, target / folder)
    return Settings(root=target)


def test_files_and_default_version(release: Path) -> None:
    assert release.name == "2026-12-05"  # the date of the last data change: the newest link date (re-read 2026-12-05)
    assert {p.name for p in release.iterdir()} == EXPECTED
    assert not [p for p in release.parent.iterdir() if p.name.startswith(".")]


def test_every_serialisation_is_the_same_graph(release: Path, graph: Graph) -> None:
    formats = {
        "stratgraph.ttl": "turtle",
        "stratgraph.nt": "nt",
        "stratgraph.jsonld": "json-ld",
        "stratgraph.rdf": "xml",
    }
    for name, fmt in formats.items():
        with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed = Graph().parse(release / name, format=fmt)
        assert len(parsed) == len(graph), name
        assert isomorphic(parsed, graph), name
    # TriG read back by a second, independent parser: pyoxigraph
    store = ox.Store()
    store.load(path=str(release / "stratgraph.trig"), format=ox.RdfFormat.TRIG)
    names: dict[str, Graph] = {}
    for quad in store:
        graph_name = str(quad.graph_name.value).rsplit("/", 1)[1]
        part = names.setdefault(graph_name, Graph())
        part.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    assert set(names) == {"ontologie", "sdg", "daten", "zuordnungen"}
    union = Graph()
    for g in names.values():
        union += g
    assert isomorphic(union, graph)
    assert all(
        (s, RDF.type, URIRef("https://w3id.org/stratgraph/ontology#Zuordnung")) in names["zuordnungen"]
        for s in names["zuordnungen"].subjects(RDF.type, None)
    )


def test_checksums_and_sizes(release: Path) -> None:
    sums = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) == len(EXPECTED) - 1
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest, name
    manifest = json.loads((release / "release.json").read_text(encoding="utf-8"))
    for entry in manifest["dateien"]:
        assert (release / entry["name"]).stat().st_size == entry["bytes"]


def test_two_releases_are_byte_identical(release: Path, tmp_path: Path) -> None:
    again = build_release(Settings(root=ROOT), ReleaseOptions(dist=tmp_path)).path
    for path in release.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_catalog_conforms_and_lists_every_file(release: Path) -> None:
    catalog = Graph().parse(release / "catalog.ttl")
    assert validate_catalog(catalog, ROOT / "shapes").findings == []
    dists = list(catalog.subjects(RDF.type, DCAT.Distribution))
    titles = {str(catalog.value(d, URIRef("http://purl.org/dc/terms/title"))) for d in dists}
    assert titles == EXPECTED - {"catalog.ttl", "catalog.rdf", "void.ttl", "LIESMICH.md", "release.json", "SHA256SUMS"}
    for d in dists:
        name = str(catalog.value(d, URIRef("http://purl.org/dc/terms/title")))
        assert int(catalog.value(d, DCAT.byteSize)) == (release / name).stat().st_size
        checksum = catalog.value(d, URIRef("http://spdx.org/rdf/terms#checksum"))
        value = str(catalog.value(checksum, URIRef("http://spdx.org/rdf/terms#checksumValue")))
        assert value == hashlib.sha256((release / name).read_bytes()).hexdigest()
    assert isomorphic(catalog, Graph().parse(release / "catalog.rdf", format="xml"))
    text = (release / "catalog.ttl").read_text(encoding="utf-8")
    assert "dl-by-de/2.0" in text and "municipalityKey/05911000" in text and "Knowledge Organization System" in text


def _dcat_shapes() -> list[URIRef]:
    shapes = load_turtle(turtle_files(ROOT / "shapes" / "katalog"))
    return sorted(s for s in shapes.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef))


@pytest.mark.parametrize("shape", _dcat_shapes(), ids=lambda s: str(s).rsplit("#", 1)[1])
def test_each_dcat_shape_fails_without_its_property(release: Path, shape: URIRef) -> None:
    shapes = load_turtle(turtle_files(ROOT / "shapes" / "katalog"))
    path = shapes.value(shape, SH.path)
    catalog = Graph().parse(release / "catalog.ttl")
    catalog.remove((None, path, None))
    report = validate_catalog(catalog, ROOT / "shapes")
    assert any(f.source.endswith(str(shape).rsplit("#", 1)[1]) for f in report.findings), shape


def test_void(release: Path, graph: Graph) -> None:
    void = Graph().parse(release / "void.ttl")
    dataset = next(void.subjects(RDF.type, VOID.Dataset))
    assert int(void.value(dataset, VOID.triples)) == len(graph)
    linkset = next(void.subjects(RDF.type, VOID.Linkset))
    assert void.value(linkset, VOID.objectsTarget) == URIRef("http://metadata.un.org/sdg")
    assert int(void.value(linkset, VOID.triples)) == len(
        list(graph.triples((None, URIRef("https://w3id.org/stratgraph/ontology#traegtBeiZuSdg"), None)))
    )
    partitions = {
        str(void.value(p, VOID["class"])): int(void.value(p, VOID.entities))
        for p in void.objects(dataset, VOID.classPartition)
    }
    assert partitions["https://w3id.org/stratgraph/ontology#Kernaktivitaet"] == 66
    assert len(list(void.objects(dataset, VOID.dataDump))) == 5
    assert void.value(dataset, DCTERMS.license) == URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
    typed = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert int(void.value(dataset, VOID.entities)) == len(typed)


def test_tables(release: Path) -> None:
    with (release / "kernaktivitaeten.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 66
    gigabit = next(r for r in rows if r["name"] == "Gigabit-City Bochum")
    assert gigabit["kompetenz"] == "Shootingstar der Wissensarbeit" and gigabit["status"] == "laufend"
    assert gigabit["sdg"] == "9.1"
    assert (gigabit["schwerpunkt_basis"], gigabit["sdg_basis"], gigabit["status_erschlossen"]) == (
        "redaktionell",
        "redaktionell",
        "ja",
    )
    with (release / "schwerpunkte.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 70
    assert "erste Veröffentlichung" in (release / "CHANGES.md").read_text(encoding="utf-8")


def test_refuses_non_conforming_data_and_leaves_dist_unchanged(tmp_path: Path, release: Path) -> None:
    settings = copy_project(tmp_path / "project")
    ka = settings.data / "bochum" / "kernaktivitaeten.ttl"
    ka.write_text(
        ka.read_text(encoding="utf-8").replace(
            "strat:gehoertZuKompetenz kompetenz:shootingstar-der-wissensarbeit ;\n"
            "    strat:hatStatus strat:eingestellt",
            "strat:hatStatus strat:eingestellt",
        ),
        encoding="utf-8",
    )
    dist = tmp_path / "dist"
    shutil.copytree(release, dist / release.name)
    before = sorted(str(p.relative_to(dist)) for p in dist.rglob("*"))
    with pytest.raises(ReleaseRefusedError, match="nicht konform"):
        build_release(settings, ReleaseOptions(dist=dist, version="kaputt"))
    assert sorted(str(p.relative_to(dist)) for p in dist.rglob("*")) == before
    assert main(["--root", str(settings.root), "release", "--dist", str(dist)]) == EXIT_INVALID


def test_changelog_lists_exactly_a_hand_made_change(tmp_path: Path) -> None:
    settings = copy_project(tmp_path / "project")
    dist = tmp_path / "dist"
    build_release(settings, ReleaseOptions(dist=dist, version="1.0", release_date=DAY))
    ka = settings.data / "bochum" / "kernaktivitaeten.ttl"
    text = ka.read_text(encoding="utf-8")
    block_start = text.index("ka:gigabit-city-bochum a strat:Kernaktivitaet")
    block = text[block_start : text.index(" .\n", block_start)]
    changed = block.replace("strat:hatStatus strat:laufend", "strat:hatStatus strat:umgesetzt")
    ka.write_text(text.replace(block, changed), encoding="utf-8")
    result = build_release(settings, ReleaseOptions(dist=dist, version="1.1", release_date=date(2026, 12, 1)))
    assert result.previous == "1.0"
    diff = json.loads((result.path / "changes.json").read_text(encoding="utf-8"))["aenderungen"]
    assert diff["hinzugefuegt"] == [] and diff["entfernt"] == []
    assert [(c["name"], [p["bezeichnung"] for p in c["aenderungen"]]) for c in diff["geaendert"]] == [
        ("Gigabit-City Bochum", ["hat Status"])
    ]
    changes = (result.path / "CHANGES.md").read_text(encoding="utf-8")
    assert "- Kernaktivität „Gigabit-City Bochum“: hat Status laufend → umgesetzt" in changes
    assert "Verglichen mit Version 1.0." in changes


def test_cli_release(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["--root", str(ROOT), "release", "--dist", str(tmp_path), "--version", "test", "--datum", "2026-12-24"])
        == EXIT_OK
    )
    out = capsys.readouterr().out
    assert out.startswith("Veröffentlichung test (2026-12-24)") and "stratgraph.ttl" in out
    assert json.loads((tmp_path / "test" / "release.json").read_text(encoding="utf-8"))["datum"] == "2026-12-24"


STANDARDS = ROOT.parent / "shared" / "standards" / "dcat-ap-de"


def _official_findings(catalog_file: Path) -> list[tuple[str, str, str]]:
    """GovData's DCAT-AP.de 3.0 profile, offline: four shape files; the catalogue plus the mirrored FOAF, ORG and
    vCard (the shapes check the types of agents and contacts); owl:imports are not followed."""
    from pyshacl import validate

    shapes = Graph()
    for name in (
        "dcat-ap-SHACL.ttl",
        "dcat-ap-SHACL-DE.ttl",
        "dcat-ap-de-deprecated.ttl",
        "dcat-ap-spec-german-additions.ttl",
    ):
        shapes.parse(STANDARDS / name)
    data = Graph().parse(catalog_file)
    data.parse(STANDARDS / "mirror" / "foaf_0_1.rdf", format="xml")
    for name in ("org.ttl", "vcard.ttl"):
        data.parse(STANDARDS / "mirror" / name)
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return [
        (
            str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[1],
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultMessage)),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["catalog.ttl", "catalog.rdf"])
def test_official_dcat_ap_de_shapes_find_nothing(release: Path, name: str) -> None:
    assert _official_findings(release / name) == []


@pytest.mark.slow
def test_official_dcat_ap_de_shapes_can_fail(release: Path, tmp_path: Path) -> None:
    """The same check sees a real fault: an untyped creator is a violation, owl:versionInfo a warning."""
    catalog = Graph().parse(release / "catalog.ttl")
    dataset = next(catalog.subjects(RDF.type, DCAT.Dataset))
    catalog.add((dataset, DCTERMS.creator, URIRef("https://example.org/ungetypt")))
    catalog.add((dataset, OWL.versionInfo, Literal("1")))
    broken = tmp_path / "catalog.ttl"
    catalog.serialize(broken, format="turtle")
    severities = sorted(severity for severity, _, _ in _official_findings(broken))
    assert severities == ["Violation", "Warning"]


def test_publisher_is_the_project_and_the_city_authored_the_sources(release: Path) -> None:
    catalog = Graph().parse(release / "catalog.ttl")
    dataset = next(catalog.subjects(RDF.type, DCAT.Dataset))
    publisher = catalog.value(dataset, DCTERMS.publisher)
    assert publisher == URIRef("https://w3id.org/stratgraph/projekt")
    assert str(catalog.value(publisher, FOAF.name)) == "stratgraph-Projekt"
    author = catalog.value(dataset, URIRef("http://data.europa.eu/930/originator"))
    assert str(catalog.value(author, FOAF.name)) == "Stadt Bochum"
    assert (author, RDF.type, FOAF.Organization) in catalog


def test_publisher_and_dist_are_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATGRAPH_DIST", str(tmp_path / "ziel"))
    argv = [
        "--root",
        str(ROOT),
        "release",
        "--herausgeber",
        "Open Data Ruhr",
        "--herausgeber-iri",
        "https://example.org/odr",
    ]
    assert main(argv) == EXIT_OK
    (folder,) = (tmp_path / "ziel").iterdir()  # STRATGRAPH_DIST, not dist/
    catalog = Graph().parse(folder / "catalog.ttl")
    void = Graph().parse(folder / "void.ttl")
    for graph in (catalog, void):
        publishers = set(graph.objects(None, DCTERMS.publisher))
        assert publishers == {URIRef("https://example.org/odr")}
    assert str(catalog.value(URIRef("https://example.org/odr"), FOAF.name)) == "Open Data Ruhr"
    assert main(["--root", str(ROOT), "release", "--herausgeber-iri", "kein-iri"]) == EXIT_USAGE


@pytest.fixture(scope="module")
def two_strategies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release of Bochum and the hand-made five-level strategy gamma (tests/fixtures/staedte/gamma)."""
    data = data_folder(tmp_path_factory.mktemp("zwei") / "data", "bochum", "gamma")
    settings = Settings(root=ROOT, data_dir=data)
    return build_release(settings, ReleaseOptions(dist=tmp_path_factory.mktemp("zwei-dist"))).path


def test_a_release_of_two_strategies_describes_each(two_strategies: Path) -> None:
    catalog = Graph().parse(two_strategies / "catalog.ttl")
    assert validate_catalog(catalog, ROOT / "shapes").findings == []
    dataset = next(catalog.subjects(RDF.type, DCAT.Dataset))
    title = str(catalog.value(dataset, DCTERMS.title))
    assert "Bochum Strategie 2030" in title and "Nachhaltigkeitsstrategie Musterstadt Gamma 2035" in title
    originators = {str(catalog.value(o, FOAF.name)) for o in catalog.objects(dataset, GEODCATAP_ORIGINATOR)}
    assert originators == {"Stadt Bochum", "Musterstadt Gamma"}
    descriptions = [str(d) for d in catalog.objects(dataset, DCTERMS.description) if d.language == "de"]
    assert "2 Themenfelder, 2 Leitlinien, 2 strategische Ziele, 3 operative Ziele, 5 Maßnahmen" in descriptions[0]
    assert "5 Kompetenzen" in descriptions[0]
    keywords = {str(k) for k in catalog.objects(dataset, DCAT.keyword)}
    assert {"Themenfelder", "Kernaktivitäten", "Musterstadt Gamma", "Stadt Bochum"} <= keywords
    period = catalog.value(dataset, DCTERMS.temporal)
    assert (str(catalog.value(period, DCAT.startDate)), str(catalog.value(period, DCAT.endDate))) == ("2016-07", "2035")
    # only Bochum's publisher names a municipality key in the data
    assert [str(s) for s in catalog.objects(dataset, DCTERMS.spatial)] == [
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05911000"
    ]
    readme = (two_strategies / "LIESMICH.md").read_text(encoding="utf-8")
    assert "**Nachhaltigkeitsstrategie Musterstadt Gamma**" in readme and "**Bochum Strategie**" in readme


def test_the_tables_of_any_shape(two_strategies: Path) -> None:
    with (two_strategies / "elemente.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    gamma = [r for r in rows if r["strategie"].endswith("/gamma/strategie/strategie")]
    assert len(gamma) == 14  # 2 Themenfelder, 2 Leitlinien, 2 + 3 Ziele, 5 Maßnahmen
    measures = {r["name"]: r for r in gamma if r["ebenenart"] == "massnahme"}
    assert sorted(r["status"] for r in measures.values()) == ["geplant", "geplant", "geplant", "laufend", "umgesetzt"]
    assert measures["Fahrradparkhaus am Bahnhof"]["sdg"] == "11.2"  # the rejected 9.1 has no direct triple
    assert measures["Radschnellweg Gamma-Nord"]["uebergeordnet"].endswith(
        "operatives-ziel/radverkehrsanteil-25-prozent"
    )
    assert len([r for r in rows if r["strategie"].endswith("/bochum/strategie/bochum-strategie")]) == 176
    with (two_strategies / "statusverlauf.csv").open(encoding="utf-8") as f:
        history = [(r["name"], r["status"], r["erreicht_am"]) for r in csv.DictReader(f)]
    assert [h for h in history if h[0] == "Fahrradparkhaus am Bahnhof"] == [
        ("Fahrradparkhaus am Bahnhof", "geplant", "2022"),
        ("Fahrradparkhaus am Bahnhof", "laufend", "2023-03"),
        ("Fahrradparkhaus am Bahnhof", "umgesetzt", "2025-09-30"),
    ]
    assert len(history) == 5


@pytest.mark.slow
def test_official_dcat_ap_de_shapes_accept_two_strategies(two_strategies: Path) -> None:
    assert _official_findings(two_strategies / "catalog.ttl") == []


@pytest.mark.slow
def test_the_values_are_a_data_cube_in_the_dumps_and_a_tidy_csv_in_the_catalogue(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """gamma with its indicators (tests/fixtures/fortschritt): 17 values (4 + 4 + 3 + 3 + 3, counted in the file)."""
    import csv
    import shutil

    from ..conftest import FIXTURES, data_folder

    data = data_folder(tmp_path_factory.mktemp("werte") / "data", "gamma")
    for path in (FIXTURES / "fortschritt" / "gamma").glob("*.ttl"):
        shutil.copyfile(path, data / "gamma" / path.name)
    dist = tmp_path_factory.mktemp("werte-dist")
    release = build_release(Settings(root=ROOT, data_dir=data), ReleaseOptions(dist=dist, release_date=DAY)).path
    rows = list(csv.DictReader((release / "indikatorwerte.csv").read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 17
    co2 = [r for r in rows if r["indikator_iri"].endswith("/co2-je-einwohner")]
    assert [(r["jahr"], r["wert"], r["status"]) for r in co2] == [
        ("2019", "8.0", "endgültig"),
        ("2021", "7.4", "endgültig"),
        ("2023", "6.8", "endgültig"),
    ]
    dump = Graph().parse(release / "stratgraph.nt", format="nt")
    observation = URIRef("http://purl.org/linked-data/cube#Observation")
    assert len(set(dump.subjects(RDF.type, observation))) == 17
    catalog = Graph().parse(release / "catalog.ttl")
    titles = {str(t) for t in catalog.objects(None, DCTERMS.title)}
    assert "indikatorwerte.csv" in titles


def test_a_release_still_being_written_is_not_the_latest(tmp_path: Path) -> None:
    """A build writes into a hidden scratch folder and renames it when whole: a reader that took the scratch folder
    for a release found its files gone a moment later."""
    from stratgraph.release.changelog import latest_release

    whole, scratch = tmp_path / "2026-12-04", tmp_path / ".release-abc123"
    for folder, day in ((whole, "2026-12-04"), (scratch, "2026-12-05")):
        folder.mkdir()
        (folder / "release.json").write_text(
            json.dumps({"version": day, "datum": day, "dateien": []}), encoding="utf-8"
        )
    found = latest_release(tmp_path)
    assert found is not None and found[0] == "2026-12-04"
