"""The DCAT-AP.de 3.0 record of a release: catalogue, dataset, one distribution per file with size and checksum.

Checked twice: by our own shapes in shapes/katalog/ at release time, and in the tests by the official
DCAT-AP.de 3.0 shapes (GovData's validator profile), which must report no violation and no warning.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD
from rdflib.term import Node

from stratgraph.errors import StratgraphError
from stratgraph.model.formats import sorted_graph
from stratgraph.model.graph import ProjectGraphs, load_turtle, turtle_files
from stratgraph.model.media import FILE_TYPES
from stratgraph.model.namespaces import DCATDE, ONTOLOGY_IRI, SHAPES_IRI, SPDX, UN_SDG_KOS, VCARD
from stratgraph.release.facts import keywords, strategy_facts, summary_de, summary_en, title_de, title_en
from stratgraph.release.options import SDG_CITATION, ReleaseFile, ReleaseOptions
from stratgraph.strategies.validation import Report, validate

__all__ = ["CATALOG_PATHS", "build_catalog", "validate_catalog"]

# the first path segments (under the main strategy's base) of the resources the catalogue and VoID describe
CATALOG_PATHS = ("katalog", "datensatz", "kontakt")

GEODCATAP = Namespace("http://data.europa.eu/930/")
EU = "http://publications.europa.eu/resource/authority/"
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3 term; rdflib's closed DCAT namespace is DCAT 2
MUNICIPALITY_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")


def build_catalog(
    graph: Graph, files: list[ReleaseFile], version: str, released: date, options: ReleaseOptions, base_iri: str
) -> Graph:
    """The DCAT-AP.de record: catalogue, dataset, one distribution per data file with size and checksum.

    Title, description, keywords, originators, spatial and temporal coverage come from each strategy's data
    (``facts.strategy_facts``); with several strategies the dataset describes each of them."""
    licence = options.licence_iri
    base = base_iri.rstrip("/") + "/"
    catalog, dataset = URIRef(base + CATALOG_PATHS[0]), URIRef(base + CATALOG_PATHS[1])
    publisher = URIRef(options.publisher_iri)
    contact = URIRef(base + CATALOG_PATHS[2])
    period = URIRef(base + "datensatz/zeitraum")
    strategies = strategy_facts(graph)
    if not strategies:
        raise StratgraphError("Keine Strategie im Graphen (strat:Strategie ohne dct:isVersionOf); kein Katalog.")
    authors = ", ".join(f"{s.publisher_name or 'Herausgeber'}, {s.name}" for s in strategies)
    attribution = f"{authors}; aufbereitet und veröffentlicht von {options.publisher}"
    day = Literal(released.isoformat(), datatype=XSD.date)
    triples: list[tuple[Node, Node, Node]] = []

    def add(s: Node, p: Node, *objects: Node) -> None:
        triples.extend((s, p, o) for o in objects)

    add(catalog, RDF.type, DCAT.Catalog)
    add(
        catalog,
        DCTERMS.title,
        Literal(f"stratgraph: {title_de(strategies)} (Linked Open Data)", lang="de"),
        Literal(f"stratgraph: {title_en(strategies)} (linked open data)", lang="en"),
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
    add(catalog, DCTERMS.language, URIRef(EU + "language/DEU"))

    add(dataset, RDF.type, DCAT.Dataset)
    add(dataset, DCTERMS.title, Literal(title_de(strategies), lang="de"), Literal(title_en(strategies), lang="en"))
    add(
        dataset,
        DCTERMS.description,
        Literal(" ".join(summary_de(s) for s in strategies), lang="de"),
        Literal(" ".join(summary_en(s) for s in strategies), lang="en"),
    )
    # Whoever runs the release publishes and made this graph; each strategy's publisher authored its sources.
    add(dataset, DCTERMS.publisher, publisher)
    add(dataset, DCTERMS.creator, publisher)
    add(dataset, DCAT.contactPoint, contact)
    add(dataset, DCAT.keyword, *(Literal(k, lang="de") for k in keywords(strategies)))
    add(dataset, DCAT.theme, URIRef(EU + "data-theme/GOVE"), URIRef(EU + "data-theme/REGI"))
    for s in strategies:
        if s.publisher is not None:
            add(dataset, GEODCATAP.originator, s.publisher)
            add(s.publisher, RDF.type, FOAF.Organization)
            add(s.publisher, FOAF.name, Literal(s.publisher_name or str(s.publisher)))
            if s.homepage is not None:
                add(s.publisher, FOAF.homepage, s.homepage)
        if s.spatial is not None:
            add(dataset, DCTERMS.spatial, s.spatial)  # DCAT-AP.de 3.0: dct:spatial replaces politicalGeocodingURI
            add(s.spatial, RDF.type, DCTERMS.Location)
    if any(s.spatial is not None for s in strategies):
        add(dataset, DCATDE.politicalGeocodingLevelURI, MUNICIPALITY_LEVEL)
    starts = [s.start for s in strategies if s.start is not None]
    ends = [s.end for s in strategies if s.end is not None]
    if starts or ends:
        add(dataset, DCTERMS.temporal, period)
        add(period, RDF.type, DCTERMS.PeriodOfTime)
        if starts:
            add(period, DCAT.startDate, min(starts, key=str))
        if ends:
            add(period, DCAT.endDate, max(ends, key=str))
    add(dataset, DCTERMS.issued, day)
    add(dataset, DCTERMS.modified, day)
    add(dataset, DCAT_VERSION, Literal(version))  # DCAT-AP 3.0: dcat:version replaces owl:versionInfo
    add(dataset, DCTERMS.conformsTo, ONTOLOGY_IRI, SHAPES_IRI)
    add(dataset, DCTERMS.license, licence)
    add(dataset, DCATDE.licenseAttributionByText, Literal(attribution, lang="de"))
    add(dataset, DCTERMS.relation, UN_SDG_KOS)
    add(dataset, DCTERMS.bibliographicCitation, Literal(SDG_CITATION))
    add(dataset, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/IRREG"))

    add(contact, RDF.type, VCARD.Organization)
    add(contact, VCARD.fn, Literal(options.publisher))
    add(contact, VCARD.hasURL, publisher)
    add(publisher, RDF.type, FOAF.Organization)
    add(publisher, FOAF.name, Literal(options.publisher))

    for item in files:
        media, filetype = FILE_TYPES.get(Path(item.name).suffix, ("application/octet-stream", "BIN"))
        url = URIRef(f"{options.download_base.rstrip('/')}/{version}/{item.name}")
        dist = URIRef(f"{base}datensatz/{version}/{item.name}")
        checksum = URIRef(f"{dist}#pruefsumme")
        add(dataset, DCAT.distribution, dist)
        add(dist, RDF.type, DCAT.Distribution)
        add(dist, DCTERMS.title, Literal(item.name))
        add(dist, DCAT.accessURL, url)
        add(dist, DCAT.downloadURL, url)
        add(dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}"))
        add(dist, DCTERMS.format, URIRef(f"{EU}file-type/{filetype}"))
        add(dist, DCAT.byteSize, Literal(item.size, datatype=XSD.nonNegativeInteger))
        add(dist, SPDX.checksum, checksum)
        add(checksum, RDF.type, SPDX.Checksum)
        add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        add(checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary))
        add(dist, DCTERMS.license, licence)
        add(dist, DCATDE.licenseAttributionByText, Literal(attribution, lang="de"))
        add(dist, DCTERMS.issued, day)
    return sorted_graph(triples)


def validate_catalog(catalog: Graph, shapes_dir: Path) -> Report:
    """Check the catalogue against our DCAT-AP.de shapes (mandatory: violation, recommended: warning)."""
    shapes = load_turtle(turtle_files(shapes_dir / "katalog"))
    return validate(ProjectGraphs(ontology=Graph(), data=catalog, shapes=shapes), [])
