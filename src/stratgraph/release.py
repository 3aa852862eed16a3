"""The open-data release: validated dumps, CSV tables, DCAT-AP.de and VoID metadata, checksums, a data changelog.

``build_release`` writes everything into a temporary folder inside ``dist/`` and renames it to ``dist/<version>/``
at the end, so a failed release never leaves a half-written folder. The same input gives byte-identical files:
triples are written in sorted order and the only date is the release date (given, or the last data change).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

from .config import DEFAULT_BASE_IRI, Settings
from .errors import StratgraphError
from .graph import ProjectGraphs, load_project, load_turtle, rebase, turtle_files
from .links import LINK_FILE, export_links
from .namespaces import ONTOLOGY_IRI, SDGO, STRAT
from .validation import Report, load_checks, validate

__all__ = [
    "DEFAULT_DOWNLOAD_BASE",
    "DEFAULT_LICENCE",
    "ReleaseFile",
    "ReleaseOptions",
    "ReleaseRefusedError",
    "ReleaseResult",
    "build_catalog",
    "build_release",
    "diff_graphs",
    "latest_release",
    "validate_catalog",
]

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DEFAULT_DOWNLOAD_BASE = "https://w3id.org/stratgraph/bochum/download/"
DEFAULT_LICENCE = "dl-by-de/2.0"
LICENCES = {
    "dl-by-de/2.0": ("http://dcat-ap.de/def/licenses/dl-by-de/2.0", "https://www.govdata.de/dl-de/by-2-0"),
    "dl-zero-de/2.0": ("http://dcat-ap.de/def/licenses/dl-zero-de/2.0", "https://www.govdata.de/dl-de/zero-2-0"),
    "cc-by/4.0": ("http://dcat-ap.de/def/licenses/cc-by/4.0", "https://creativecommons.org/licenses/by/4.0/"),
}
UN_SDG_KOS = URIRef("http://metadata.un.org/sdg")
SDG_CITATION = (
    "Amit Joshi, Luis Gonzalez Morales, Szymon Klarman, and Aaron Helton. 2019. A Knowledge Organization System "
    "for the United Nations Sustainable Development Goals. New York, NY. http://metadata.un.org/sdg"
)
BOCHUM_AGS = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05911000"
MEDIA = {  # file suffix -> (IANA media type, EU file type)
    ".ttl": ("text/turtle", "RDF_TURTLE"),
    ".nt": ("application/n-triples", "RDF_N_TRIPLES"),
    ".jsonld": ("application/ld+json", "JSON_LD"),
    ".rdf": ("application/rdf+xml", "RDF_XML"),
    ".trig": ("application/trig", "RDF_TRIG"),
    ".csv": ("text/csv", "CSV"),
    ".json": ("application/json", "JSON"),
    ".md": ("text/markdown", "TXT"),
    ".txt": ("text/plain", "TXT"),
}


class ReleaseRefusedError(StratgraphError):
    """The data or the catalogue does not conform; nothing was written to dist/."""

    def __init__(self, reason: str, report: Report | None = None) -> None:
        self.report = report
        super().__init__(reason)


@dataclass(frozen=True)
class ReleaseOptions:
    dist: Path = Path("dist")
    version: str | None = None
    release_date: date | None = None
    download_base: str = DEFAULT_DOWNLOAD_BASE
    licence: str = DEFAULT_LICENCE


@dataclass(frozen=True)
class ReleaseFile:
    name: str
    size: int
    sha256: str


@dataclass
class ReleaseResult:
    path: Path
    version: str
    release_date: date
    files: list[ReleaseFile] = field(default_factory=list)
    previous: str | None = None


# ----------------------------------------------------------------------------------------------- helpers


def _german(graph: Graph, node: Node, predicate: URIRef = SKOS.prefLabel) -> str:
    fallback = None
    for value in graph.objects(node, predicate):
        if isinstance(value, Literal) and value.language == "de":
            return str(value)
        fallback = fallback or str(value)
    return fallback or str(node)


def _sorted_copy(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """A graph whose insertion order, and so its serialisation order, is sorted: same input, same bytes."""
    graph = Graph()
    _bind(graph)
    for triple in sorted(triples, key=lambda t: tuple(term.n3() for term in t)):
        graph.add(triple)
    return graph


def _bind(graph: Graph) -> None:
    for prefix, namespace in (
        ("strat", STRAT._NS),
        ("skos", SKOS),
        ("dct", DCTERMS),
        ("owl", OWL),
        ("rdfs", RDFS),
        ("xsd", XSD),
        ("org", URIRef("http://www.w3.org/ns/org#")),
        ("prov", URIRef("http://www.w3.org/ns/prov#")),
        ("foaf", FOAF),
        ("sdgo", SDGO),
        ("sdg", URIRef("http://metadata.un.org/sdg/")),
        ("dcat", DCAT),
        ("dcatde", DCATDE),
        ("spdx", SPDX),
        ("vcard", VCARD),
        ("void", VOID),
    ):
        graph.bind(prefix, namespace, override=True, replace=True)


PREFIXES = {
    "strat": str(STRAT._NS),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": str(FOAF),
    "sdgo": str(SDGO),
    "sdg": "http://metadata.un.org/sdg/",
    "dcat": str(DCAT),
    "dcatde": str(DCATDE),
    "spdx": str(SPDX),
    "vcard": str(VCARD),
    "void": str(VOID),
}


def _ntriples(graph: Graph) -> str:
    """N-Triples with sorted lines: the canonical, reproducible form every other format is made from."""
    return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))


def _serialize(graph: Graph, fmt: str) -> bytes:
    """Serialise reproducibly: same graph, same bytes, whatever Python's hash seed.

    rdflib's RDF/XML, JSON-LD and TriG writers follow randomised set order, and pyoxigraph rewrites derived
    integer types (xsd:nonNegativeInteger becomes xsd:integer), so those formats are written here from sorted
    triples: Turtle by rdflib (it sorts), N-Triples sorted by line, JSON-LD with every array sorted.
    """
    if fmt == "turtle":
        return _sorted_copy(graph).serialize(format="turtle", encoding="utf-8")
    if fmt == "nt":
        return _ntriples(graph).encode("utf-8")
    if fmt == "xml":
        return _rdfxml(graph)
    if fmt == "json-ld":
        document = json.loads(_sorted_copy(graph).serialize(format="json-ld"))
        return (json.dumps(_sorted_json(document), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    raise StratgraphError(f"unbekanntes Format {fmt}")


def _sorted_json(value: Any) -> Any:
    """JSON-LD with every array in a fixed order (our graph has no rdf:List, so arrays are unordered sets)."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _rdfxml(graph: Graph) -> bytes:
    """Flat RDF/XML, one rdf:Description per subject in sorted order."""
    from xml.sax.saxutils import escape, quoteattr

    used: dict[str, str] = {}
    known = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

    def qname(predicate: URIRef) -> str:
        text = str(predicate)
        cut = max(text.rfind("#"), text.rfind("/")) + 1
        namespace, local = text[:cut], text[cut:]
        if not local or not (local[0].isalpha() or local[0] == "_"):
            raise StratgraphError(f"Eigenschaft ohne gültigen lokalen Namen für RDF/XML: {text}")
        prefix = next((p for p, ns in known if ns == namespace), None)
        if prefix is None:  # unknown vocabulary: a stable generated prefix
            prefix = next((p for p, ns in used.items() if ns == namespace), f"ns{len(used) + 1}")
        used[prefix] = namespace
        return f"{prefix}:{local}"

    body = []
    for subject in sorted(set(graph.subjects()), key=lambda n: n.n3()):
        about = (
            f"rdf:about={quoteattr(str(subject))}"
            if isinstance(subject, URIRef)
            else f"rdf:nodeID={quoteattr(str(subject))}"
        )
        body.append(f"  <rdf:Description {about}>")
        for predicate, obj in sorted(graph.predicate_objects(subject), key=lambda po: (po[0].n3(), po[1].n3())):
            name = qname(predicate)  # type: ignore[arg-type]
            if isinstance(obj, URIRef):
                body.append(f"    <{name} rdf:resource={quoteattr(str(obj))}/>")
            elif isinstance(obj, Literal):
                attrs = f" xml:lang={quoteattr(obj.language)}" if obj.language else ""
                if obj.datatype is not None:
                    attrs = f" rdf:datatype={quoteattr(str(obj.datatype))}"
                body.append(f"    <{name}{attrs}>{escape(str(obj))}</{name}>")
            else:
                body.append(f"    <{name} rdf:nodeID={quoteattr(str(obj))}/>")
        body.append("  </rdf:Description>")
    used["rdf"] = str(RDF)
    spaces = "".join(f"\n    xmlns:{p}={quoteattr(ns)}" for p, ns in sorted(used.items()))
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{spaces}>\n' + "\n".join(body) + "\n</rdf:RDF>\n"
    ).encode()


def named_parts(settings: Settings, project: ProjectGraphs) -> list[tuple[URIRef, Graph]]:
    """The graph as three named graphs, as in the TriG download and in both stores: ontologie, daten, zuordnungen."""
    links_file = settings.data / LINK_FILE
    links = load_turtle([links_file]) if links_file.is_file() else Graph()
    if settings.base_iri != DEFAULT_BASE_IRI:
        links = rebase(links, DEFAULT_BASE_IRI, settings.base_iri)
    content = Graph()
    for prefix, namespace in project.data.namespaces():  # the same prefixes in the download
        content.bind(prefix, namespace, replace=True)
    for triple in project.data:
        if triple not in links:
            content.add(triple)
    base = settings.base_iri.rstrip("/")
    return [
        (URIRef(f"{base}/graph/{name}"), part)
        for name, part in (("ontologie", project.ontology), ("daten", content), ("zuordnungen", links))
    ]


def _trig(parts: list[tuple[URIRef, Graph]]) -> bytes:
    """TriG with one named graph per part: each block is rdflib's sorted Turtle of that part."""
    prefixes: set[str] = set()
    blocks = []
    for name, graph in parts:
        lines = _serialize(graph, "turtle").decode("utf-8").splitlines()
        prefixes |= {line for line in lines if line.startswith("@prefix")}
        body = [f"    {line}" if line else "" for line in lines if not line.startswith("@prefix")]
        blocks.append(f"<{name}> {{\n" + "\n".join(body).strip("\n") + "\n}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def _write(path: Path, content: str | bytes) -> None:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def last_change(graph: Graph) -> date:
    """The date of the last data change: the newest ontology modification or link date in the graph."""
    dates = [o.toPython() for o in graph.objects(ONTOLOGY_IRI, DCTERMS.modified) if isinstance(o, Literal)]
    dates += [
        o.toPython()
        for s in graph.subjects(RDF.type, STRAT.Zuordnung)
        for o in graph.objects(s, DCTERMS.date)
        if isinstance(o, Literal)
    ]
    found = [d for d in dates if isinstance(d, date)]
    if not found:
        raise StratgraphError("Kein Änderungsdatum im Graphen gefunden; --datum angeben.")
    return max(found)


# ----------------------------------------------------------------------------------------------- tables


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _kernaktivitaeten_csv(graph: Graph) -> str:
    rows = []
    for ka in sorted(graph.subjects(RDF.type, STRAT.Kernaktivitaet), key=str):

        def names(predicate: URIRef, node: Node = ka) -> str:
            return "; ".join(sorted(_german(graph, o) for o in graph.objects(node, predicate)))

        sdgs = sorted(str(graph.value(o, SKOS.notation)) for o in graph.objects(ka, STRAT.traegtBeiZuSdg))
        rows.append(
            [
                str(ka),
                _german(graph, ka),
                names(STRAT.gehoertZuKompetenz),
                str(graph.value(ka, STRAT.nummerInKompetenzliste) or ""),
                names(STRAT.gehoertZuSchwerpunkt),
                names(STRAT.hatStatus),
                str(graph.value(ka, STRAT.beschlussjahr) or ""),
                names(STRAT.adressiertQuerschnittsthema),
                "; ".join(sdgs),
            ]
        )
    return _csv(
        [
            "iri",
            "name",
            "kompetenz",
            "nummer_in_kompetenzliste",
            "schwerpunkt",
            "status",
            "beschlussjahr",
            "querschnittsthemen",
            "sdg",
        ],
        rows,
    )


def _schwerpunkte_csv(graph: Graph) -> str:
    def pos(node: Node | None) -> int:
        value = graph.value(node, STRAT.position)
        return int(value.toPython()) if isinstance(value, Literal) else 0

    rows = []
    for sp in graph.subjects(RDF.type, STRAT.Schwerpunkt):
        kompetenz = graph.value(sp, STRAT.gehoertZuKompetenz)
        for ziel in graph.subjects(STRAT.gehoertZuSchwerpunkt, sp):
            if (ziel, RDF.type, STRAT.ProgrammatischesZiel) in graph:
                rows.append(
                    (
                        pos(kompetenz),
                        pos(sp),
                        pos(ziel),
                        [
                            _german(graph, kompetenz) if kompetenz else "",
                            str(sp),
                            _german(graph, sp),
                            str(pos(ziel)),
                            str(ziel),
                            _german(graph, ziel),
                        ],
                    )
                )
    rows.sort(key=lambda r: r[:3])
    return _csv(
        ["kompetenz", "schwerpunkt_iri", "schwerpunkt", "ziel_nummer", "ziel_iri", "programmatisches_ziel"],
        [r[3] for r in rows],
    )


# ----------------------------------------------------------------------------------------------- metadata


def build_catalog(
    graph: Graph, files: list[ReleaseFile], version: str, released: date, options: ReleaseOptions, base_iri: str
) -> Graph:
    """The DCAT-AP.de record: catalogue, dataset, one distribution per data file with size and checksum."""
    if options.licence not in LICENCES:
        raise StratgraphError(f"unbekannte Lizenz „{options.licence}“ (erlaubt: {', '.join(LICENCES)})")
    licence = URIRef(LICENCES[options.licence][0])
    base = base_iri.rstrip("/") + "/"
    catalog, dataset = URIRef(base + "katalog"), URIRef(base + "datensatz")
    publisher = URIRef(base + "organisation/stadt-bochum")
    contact = URIRef(base + "kontakt")
    period = URIRef(base + "datensatz/zeitraum")
    attribution = "Stadt Bochum, Bochum Strategie; aufbereitet vom stratgraph-Projekt"
    day = Literal(released.isoformat(), datatype=XSD.date)
    triples: list[tuple[Node, Node, Node]] = []

    def add(s: Node, p: Node, *objects: Node) -> None:
        triples.extend((s, p, o) for o in objects)

    add(catalog, RDF.type, DCAT.Catalog)
    add(
        catalog,
        DCTERMS.title,
        Literal("stratgraph: Bochum Strategie als Linked Open Data", lang="de"),
        Literal("stratgraph: the Bochum Strategie as linked open data", lang="en"),
    )
    add(
        catalog,
        DCTERMS.description,
        Literal("Katalog der Veröffentlichungen des stratgraph-Wissensgraphen.", lang="de"),
        Literal("Catalogue of the releases of the stratgraph knowledge graph.", lang="en"),
    )
    add(catalog, DCTERMS.publisher, publisher)
    add(catalog, DCAT.dataset, dataset)
    add(catalog, DCTERMS.modified, day)
    add(catalog, DCTERMS.language, URIRef("http://publications.europa.eu/resource/authority/language/DEU"))

    add(dataset, RDF.type, DCAT.Dataset)
    add(
        dataset,
        DCTERMS.title,
        Literal("Bochum Strategie 2030 als Wissensgraph", lang="de"),
        Literal("Bochum Strategy 2030 as a knowledge graph", lang="en"),
    )
    add(
        dataset,
        DCTERMS.description,
        Literal(
            "Das Zielsystem der Bochum Strategie (Version 2.0): Wesenskern, 5 Kompetenzen, 25 Schwerpunkte mit "
            "programmatischen Zielen, die in den Quellen genannten Kernaktivitäten mit Status, 5 Querschnittsthemen, "
            "Umsetzungskonzepte, Meilensteine und Gremien, jede Aussage mit Quelle; dazu redaktionelle, belegte "
            "Bezüge zu den 17 UN-Nachhaltigkeitszielen (Prüfstatus je Bezug).",
            lang="de",
        ),
        Literal(
            "The goal system of the Bochum Strategy (version 2.0): core identity, 5 competences, 25 focus areas with "
            "programmatic goals, the core activities named in the sources with their status, 5 cross-cutting themes, "
            "implementation concepts, milestones and bodies, each statement with its source; plus editorial, "
            "evidenced links to the 17 UN Sustainable Development Goals (review status per link).",
            lang="en",
        ),
    )
    add(dataset, DCTERMS.publisher, publisher)
    add(dataset, DCTERMS.creator, URIRef("https://w3id.org/stratgraph/projekt"))
    add(dataset, DCAT.contactPoint, contact)
    add(
        dataset,
        DCAT.keyword,
        *(
            Literal(k, lang="de")
            for k in (
                "Bochum",
                "Stadtstrategie",
                "Bochum Strategie",
                "Nachhaltigkeitsziele",
                "SDG",
                "Kernaktivitäten",
                "Stadtentwicklung",
                "Linked Open Data",
            )
        ),
    )
    add(
        dataset,
        DCAT.theme,
        URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE"),
        URIRef("http://publications.europa.eu/resource/authority/data-theme/REGI"),
    )
    add(dataset, DCATDE.politicalGeocodingURI, URIRef(BOCHUM_AGS))
    add(
        dataset,
        DCATDE.politicalGeocodingLevelURI,
        URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality"),
    )
    add(dataset, DCTERMS.spatial, URIRef(BOCHUM_AGS))
    add(dataset, DCTERMS.temporal, period)
    add(period, RDF.type, DCTERMS.PeriodOfTime)
    add(period, DCAT.startDate, Literal("2016-07", datatype=XSD.gYearMonth))
    add(period, DCAT.endDate, Literal("2030", datatype=XSD.gYear))
    add(dataset, DCTERMS.issued, day)
    add(dataset, DCTERMS.modified, day)
    add(dataset, OWL.versionInfo, Literal(version))
    add(dataset, DCTERMS.conformsTo, ONTOLOGY_IRI, URIRef("https://w3id.org/stratgraph/shapes"))
    add(dataset, DCTERMS.license, licence)
    add(dataset, DCATDE.licenseAttributionByText, Literal(attribution, lang="de"))
    add(dataset, DCTERMS.relation, UN_SDG_KOS)
    add(dataset, DCTERMS.bibliographicCitation, Literal(SDG_CITATION))
    add(dataset, DCTERMS.accrualPeriodicity, URIRef("http://publications.europa.eu/resource/authority/frequency/IRREG"))

    add(contact, RDF.type, VCARD.Organization)
    add(contact, VCARD.fn, Literal("Stadt Bochum, Referat des Oberbürgermeisters für gesamtstädtische Angelegenheiten"))
    add(contact, VCARD.hasURL, URIRef("https://www.bochum-strategie.de/"))
    add(publisher, RDF.type, FOAF.Organization)
    add(publisher, FOAF.name, Literal("Stadt Bochum"))

    for item in files:
        suffix = Path(item.name).suffix
        media, filetype = MEDIA.get(suffix, ("application/octet-stream", "BIN"))
        url = URIRef(f"{options.download_base.rstrip('/')}/{version}/{item.name}")
        dist = URIRef(f"{base}datensatz/{version}/{item.name}")
        checksum = URIRef(f"{dist}#pruefsumme")
        add(dataset, DCAT.distribution, dist)
        add(dist, RDF.type, DCAT.Distribution)
        add(dist, DCTERMS.title, Literal(item.name))
        add(dist, DCAT.accessURL, url)
        add(dist, DCAT.downloadURL, url)
        add(dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}"))
        add(dist, DCTERMS.format, URIRef(f"http://publications.europa.eu/resource/authority/file-type/{filetype}"))
        add(dist, DCAT.byteSize, Literal(item.size, datatype=XSD.nonNegativeInteger))
        add(dist, SPDX.checksum, checksum)
        add(checksum, RDF.type, SPDX.Checksum)
        add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        add(checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary))
        add(dist, DCTERMS.license, licence)
        add(dist, DCATDE.licenseAttributionByText, Literal(attribution, lang="de"))
        add(dist, DCTERMS.issued, day)
    return _sorted_copy(triples)


def build_void(graph: Graph, dumps: list[str], version: str, options: ReleaseOptions, base_iri: str) -> Graph:
    """VoID: size, classes and properties with counts, endpoint, dumps, and the linkset to the UN SDG KOS."""
    base = base_iri.rstrip("/") + "/"
    dataset = URIRef(base + "datensatz")
    linkset = URIRef(base + "datensatz/linkset-un-sdg")
    triples: list[tuple[Node, Node, Node]] = [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, DCTERMS.title, Literal("Bochum Strategie 2030 als Wissensgraph", lang="de")),
        (dataset, VOID.triples, Literal(len(graph))),
        (dataset, VOID.distinctSubjects, Literal(len(set(graph.subjects())))),
        (dataset, VOID.distinctObjects, Literal(len(set(graph.objects())))),
        (dataset, VOID.properties, Literal(len(set(graph.predicates())))),
        (dataset, VOID.classes, Literal(len(set(graph.objects(None, RDF.type))))),
        (dataset, VOID.sparqlEndpoint, URIRef(options.download_base.rstrip("/").rsplit("/", 1)[0] + "/sparql")),
        (dataset, VOID.uriSpace, Literal(base)),
        (dataset, VOID.vocabulary, URIRef(str(STRAT._NS))),
        (dataset, VOID.subset, linkset),
        (linkset, RDF.type, VOID.Linkset),
        (linkset, VOID.subjectsTarget, dataset),
        (linkset, VOID.objectsTarget, UN_SDG_KOS),
        (linkset, VOID.linkPredicate, STRAT.traegtBeiZuSdg),
        (linkset, VOID.triples, Literal(len(list(graph.triples((None, STRAT.traegtBeiZuSdg, None)))))),
        (linkset, DCTERMS.bibliographicCitation, Literal(SDG_CITATION)),
    ]
    for name in dumps:
        triples.append((dataset, VOID.dataDump, URIRef(f"{options.download_base.rstrip('/')}/{version}/{name}")))
    for klasse in sorted(set(graph.objects(None, RDF.type)), key=str):
        part = URIRef(f"{base}datensatz/klasse/{_fragment(klasse)}")
        triples += [
            (dataset, VOID.classPartition, part),
            (part, VOID["class"], klasse),
            (part, VOID.entities, Literal(len(set(graph.subjects(RDF.type, klasse))))),
        ]
    for prop in sorted(set(graph.predicates()), key=str):
        part = URIRef(f"{base}datensatz/eigenschaft/{_fragment(prop)}")
        triples += [
            (dataset, VOID.propertyPartition, part),
            (part, VOID.property, prop),
            (part, VOID.triples, Literal(len(list(graph.triples((None, prop, None)))))),
        ]
    return _sorted_copy(triples)


def _fragment(iri: Node) -> str:
    """A readable, IRI-safe key for a class or property: its namespace prefix and local name."""
    text = str(iri)
    for prefix, ns in (
        ("strat", str(STRAT._NS)),
        ("skos", str(SKOS)),
        ("dct", str(DCTERMS)),
        ("owl", str(OWL)),
        ("rdf", str(RDF)),
        ("rdfs", str(RDFS)),
        ("org", "http://www.w3.org/ns/org#"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("foaf", str(FOAF)),
        ("sdgo", str(SDGO)),
        ("vann", "http://purl.org/vocab/vann/"),
    ):
        if text.startswith(ns):
            return f"{prefix}-{text[len(ns) :]}"
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def validate_catalog(catalog: Graph, shapes_dir: Path) -> Report:
    """Check the catalogue against our DCAT-AP.de shapes (mandatory: violation, recommended: warning)."""
    shapes = load_turtle(turtle_files(shapes_dir / "katalog"))
    return validate(ProjectGraphs(ontology=Graph(), data=catalog, shapes=shapes), [])


# ----------------------------------------------------------------------------------------------- changelog


def diff_graphs(old: Graph, new: Graph, labels: Graph) -> dict[str, Any]:
    """Resources added, removed and changed (which properties, old and new values) between two releases."""

    def subjects(g: Graph) -> set[URIRef]:
        return {s for s in g.subjects() if isinstance(s, URIRef)}

    def values(g: Graph, s: URIRef) -> dict[URIRef, set[Node]]:
        out: dict[URIRef, set[Node]] = {}
        for p, o in g.predicate_objects(s):
            out.setdefault(p, set()).add(o)  # type: ignore[arg-type]
        return out

    def show(node: Node) -> str:
        if isinstance(node, URIRef):
            return _german(labels, node) if (node, None, None) in labels else str(node)
        return str(node)

    def kind(s: URIRef, g: Graph) -> str:
        klasse = g.value(s, RDF.type)
        return _german(labels, klasse, RDFS.label) if klasse is not None else "Ressource"

    old_s, new_s = subjects(old), subjects(new)
    changed = []
    for s in sorted(old_s & new_s, key=str):
        before, after = values(old, s), values(new, s)
        props = []
        for p in sorted(set(before) | set(after), key=str):
            removed = sorted(before.get(p, set()) - after.get(p, set()), key=str)
            added = sorted(after.get(p, set()) - before.get(p, set()), key=str)
            if removed or added:
                props.append(
                    {
                        "property": str(p),
                        "label": _german(labels, p, RDFS.label),
                        "removed": [show(v) for v in removed],
                        "added": [show(v) for v in added],
                    }
                )
        if props:
            changed.append({"iri": str(s), "class": kind(s, new), "name": show(s), "changes": props})
    return {
        "added": [
            {"iri": str(s), "class": kind(s, new), "name": _german(new, s)} for s in sorted(new_s - old_s, key=str)
        ],
        "removed": [
            {"iri": str(s), "class": kind(s, old), "name": _german(old, s)} for s in sorted(old_s - new_s, key=str)
        ],
        "changed": changed,
    }


def changes_markdown(diff: dict[str, Any] | None, version: str, released: date, previous: str | None) -> str:
    lines = [f"# Änderungen in Version {version} ({released.isoformat()})", ""]
    if diff is None or previous is None:
        lines.append("Dies ist die erste Veröffentlichung; es gibt keine frühere, mit der sie verglichen werden kann.")
        return "\n".join(lines) + "\n"
    lines.append(f"Verglichen mit Version {previous}.")
    if not (diff["added"] or diff["removed"] or diff["changed"]):
        lines += ["", "Keine inhaltlichen Änderungen."]
    for title, key in (("Hinzugefügt", "added"), ("Entfernt", "removed")):
        if diff[key]:
            lines += ["", f"## {title} ({len(diff[key])})", ""]
            lines += [f"- {r['class']} „{r['name']}“ <{r['iri']}>" for r in diff[key]]
    if diff["changed"]:
        lines += ["", f"## Geändert ({len(diff['changed'])})", ""]
        for r in diff["changed"]:
            for c in r["changes"]:
                if len(c["removed"]) == 1 and len(c["added"]) == 1:
                    what = f"{c['removed'][0]} → {c['added'][0]}"
                else:
                    what = "; ".join([f"entfernt {v}" for v in c["removed"]] + [f"neu {v}" for v in c["added"]])
                lines.append(f"- {r['class']} „{r['name']}“: {c['label']} {what}")
    return "\n".join(lines) + "\n"


def latest_release(dist: Path, exclude: str | None = None) -> tuple[str, Path] | None:
    """The newest complete release in dist/ (by release date, then version), optionally skipping one version."""
    found = []
    for manifest in dist.glob("*/release.json"):
        try:
            meta = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("version") != exclude:
            found.append((str(meta.get("date", "")), str(meta.get("version", "")), manifest.parent))
    if not found:
        return None
    _, version, path = max(found)
    return version, path


# ----------------------------------------------------------------------------------------------- build


def _readme(version: str, released: date, files: list[ReleaseFile]) -> str:
    rows = "\n".join(f"| `{f.name}` | {f.size} |" for f in files)
    return f"""# stratgraph – Bochum Strategie, Veröffentlichung {version} ({released.isoformat()})

Der Wissensgraph der Bochum Strategie 2.0 mit Quellenangaben und redaktionellen, belegten SDG-Bezügen.
Lizenz: siehe `catalog.ttl` (dct:license). SDG-IRIs nach: {SDG_CITATION}

| Datei | Bytes |
| --- | ---: |
{rows}

Prüfsummen: `SHA256SUMS` (prüfen mit `sha256sum -c SHA256SUMS`).

## Inhalt

- `stratgraph.ttl`, `.nt`, `.jsonld`, `.rdf`: der ganze Graph (Vokabular, Inhalte, Bezüge) in vier Formaten.
- `stratgraph.trig`: derselbe Graph in drei benannten Graphen: `…/graph/ontologie`, `…/graph/daten`,
  `…/graph/zuordnungen` (redaktionelle SDG-, Querschnittsthemen- und Schwerpunkt-Bezüge mit Beleg).
- `ontologie.ttl`, `shapes.ttl`: Vokabular und SHACL-Formen für sich.
- `validierung.json`: Bericht der Validierung (Formen und Prüfabfragen), aus der die Veröffentlichung entstand.
- `catalog.ttl`, `catalog.rdf`: DCAT-AP.de-Beschreibung; `void.ttl`: VoID-Beschreibung.
- `CHANGES.md`, `changes.json`: Änderungen gegenüber der vorigen Veröffentlichung.

## Spalten der CSV-Tabellen (UTF-8, Komma, eine Kopfzeile)

`kernaktivitaeten.csv`: `iri`, `name`, `kompetenz`, `nummer_in_kompetenzliste` (leer, wo die Quelle keine
nennt), `schwerpunkt` (redaktionell), `status` (umgesetzt, laufend, eingestellt, überführt), `beschlussjahr`,
`querschnittsthemen` und `sdg` (redaktionelle Vorschläge, mit „; “ getrennt).

`schwerpunkte.csv`: je programmatisches Ziel eine Zeile: `kompetenz`, `schwerpunkt_iri`, `schwerpunkt`,
`ziel_nummer`, `ziel_iri`, `programmatisches_ziel`.

`sdg-zuordnungen.csv`: je Bezug eine Zeile mit Beleg: `iri`, `ressource`, `sdg` (Code oder „keiner“),
`querschnittsthema`, `schwerpunkt`, `kompetenz` (genau eine dieser vier gefüllt), `staerke`, `begruendung`,
`basis`, `pruefstatus`, `zugeordnet_von`, `datum` – dasselbe Format, das `stratgraph links import` liest.
"""


def build_release(settings: Settings, options: ReleaseOptions) -> ReleaseResult:
    """Validate, then write dist/<version>/ with dumps, tables, metadata, checksums and the changelog."""
    project = load_project(settings)
    report = validate(project, load_checks(settings.checks))
    if not report.conforms:
        raise ReleaseRefusedError(
            f"Die Daten sind nicht konform ({report.count('Violation')} Verstöße); keine Veröffentlichung.", report
        )
    merged = project.merged()
    released = options.release_date or last_change(merged)
    version = options.version or released.isoformat()
    if not version or "/" in version or version.startswith("."):
        raise StratgraphError(f"ungültige Version „{version}“")
    parts = named_parts(settings, project)

    options.dist.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=options.dist, prefix=".release-"))
    try:
        _write(work / "stratgraph.ttl", _serialize(merged, "turtle"))
        _write(work / "stratgraph.nt", _serialize(merged, "nt"))
        _write(work / "stratgraph.jsonld", _serialize(merged, "json-ld"))
        _write(work / "stratgraph.rdf", _serialize(merged, "xml"))
        _write(work / "stratgraph.trig", _trig(parts))
        _write(work / "ontologie.ttl", _serialize(project.ontology, "turtle"))
        _write(work / "shapes.ttl", project.shapes.serialize(format="turtle"))
        _write(work / "kernaktivitaeten.csv", _kernaktivitaeten_csv(merged))
        _write(work / "schwerpunkte.csv", _schwerpunkte_csv(merged))
        export_links(merged, work / "sdg-zuordnungen.csv")
        _write(
            work / "validierung.json", json.dumps(report.as_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        )

        previous = latest_release(options.dist, exclude=version)
        diff = None
        if previous is not None:
            old = Graph().parse(previous[1] / "stratgraph.nt", format="nt")
            diff = diff_graphs(old, merged, merged)
        _write(work / "CHANGES.md", changes_markdown(diff, version, released, previous[0] if previous else None))
        _write(
            work / "changes.json",
            json.dumps(
                {
                    "version": version,
                    "previous": previous[0] if previous else None,
                    "first_release": previous is None,
                    "diff": diff,
                },
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            )
            + "\n",
        )

        data_files = sorted(p.name for p in work.iterdir())
        files = [ReleaseFile(n, (work / n).stat().st_size, _sha256(work / n)) for n in data_files]
        catalog = build_catalog(merged, files, version, released, options, settings.base_iri)
        catalog_report = validate_catalog(catalog, settings.shapes)
        if not catalog_report.conforms:
            problems = "; ".join(
                f"{f.focus_label}: {f.message}" for f in catalog_report.findings if f.severity == "Violation"
            )
            raise ReleaseRefusedError(f"Der Katalog erfüllt DCAT-AP.de nicht: {problems}", catalog_report)
        _write(work / "catalog.ttl", _serialize(catalog, "turtle"))
        _write(work / "catalog.rdf", _serialize(catalog, "xml"))
        dumps = [n for n in data_files if n.startswith("stratgraph.")]
        _write(
            work / "void.ttl", build_void(merged, dumps, version, options, settings.base_iri).serialize(format="turtle")
        )

        listed = sorted(p.name for p in work.iterdir())
        files = [ReleaseFile(n, (work / n).stat().st_size, _sha256(work / n)) for n in listed]
        _write(work / "LIESMICH.md", _readme(version, released, files))
        files.append(ReleaseFile("LIESMICH.md", (work / "LIESMICH.md").stat().st_size, _sha256(work / "LIESMICH.md")))
        manifest = {
            "version": version,
            "date": released.isoformat(),
            "files": [
                {"name": f.name, "bytes": f.size, "sha256": f.sha256} for f in sorted(files, key=lambda f: f.name)
            ],
        }
        _write(work / "release.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        everything = sorted(p.name for p in work.iterdir())
        _write(work / "SHA256SUMS", "".join(f"{_sha256(work / n)}  {n}\n" for n in everything))
        for path in work.iterdir():
            os.chmod(path, 0o644)
        os.chmod(work, 0o755)

        target = options.dist / version
        if target.exists():  # replace an earlier build of the same version in one rename
            old_dir = Path(tempfile.mkdtemp(dir=options.dist, prefix=".old-"))
            os.replace(target, old_dir / version)
            os.replace(work, target)
            shutil.rmtree(old_dir)
        else:
            os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    final = [
        ReleaseFile(n, (target / n).stat().st_size, _sha256(target / n))
        for n in sorted(p.name for p in target.iterdir())
    ]
    return ReleaseResult(target, version, released, final, previous[0] if previous else None)
