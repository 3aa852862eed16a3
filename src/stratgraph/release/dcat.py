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

from ..graph import ProjectGraphs, load_turtle, turtle_files
from ..media import FILE_TYPES
from ..namespaces import DCATDE, ONTOLOGY_IRI, SHAPES_IRI, SPDX, UN_SDG_KOS, VCARD
from ..validation import Report, validate
from .formats import sorted_graph
from .options import SDG_CITATION, ReleaseFile, ReleaseOptions

__all__ = ["CITY_NAME", "build_catalog", "validate_catalog"]

GEODCATAP = Namespace("http://data.europa.eu/930/")
EU = "http://publications.europa.eu/resource/authority/"
BOCHUM_AGS = URIRef("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05911000")
CITY_NAME = "Stadt Bochum"
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3 term; rdflib's closed DCAT namespace is DCAT 2
KEYWORDS = (
    "Bochum",
    "Stadtstrategie",
    "Bochum Strategie",
    "Nachhaltigkeitsziele",
    "SDG",
    "Kernaktivitäten",
    "Stadtentwicklung",
    "Linked Open Data",
)
DESCRIPTION_DE = (
    "Das Zielsystem der Bochum Strategie (Version 2.0): Wesenskern, 5 Kompetenzen, 25 Schwerpunkte mit "
    "programmatischen Zielen, die in den Quellen genannten Kernaktivitäten mit Status, 5 Querschnittsthemen, "
    "Umsetzungskonzepte, Meilensteine und Gremien, jede Aussage mit Quelle; dazu redaktionelle, belegte "
    "Bezüge zu den 17 UN-Nachhaltigkeitszielen (Prüfstatus je Bezug). Die Strategie ist ein Werk der "
    "Stadt Bochum; dieser Graph ist keine amtliche Veröffentlichung der Stadt."
)
DESCRIPTION_EN = (
    "The goal system of the Bochum Strategy (version 2.0): core identity, 5 competences, 25 focus areas with "
    "programmatic goals, the core activities named in the sources with their status, 5 cross-cutting themes, "
    "implementation concepts, milestones and bodies, each statement with its source; plus editorial, "
    "evidenced links to the 17 UN Sustainable Development Goals (review status per link). The strategy is "
    "the work of the City of Bochum; this graph is not an official publication of the city."
)


def build_catalog(
    graph: Graph, files: list[ReleaseFile], version: str, released: date, options: ReleaseOptions, base_iri: str
) -> Graph:
    """The DCAT-AP.de record: catalogue, dataset, one distribution per data file with size and checksum."""
    licence = options.licence_iri
    base = base_iri.rstrip("/") + "/"
    catalog, dataset = URIRef(base + "katalog"), URIRef(base + "datensatz")
    publisher = URIRef(options.publisher_iri)
    city = URIRef(base + "organisation/stadt-bochum")
    contact = URIRef(base + "kontakt")
    period = URIRef(base + "datensatz/zeitraum")
    attribution = f"{CITY_NAME}, Bochum Strategie; aufbereitet und veröffentlicht von {options.publisher}"
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
    add(catalog, DCTERMS.language, URIRef(EU + "language/DEU"))

    add(dataset, RDF.type, DCAT.Dataset)
    add(
        dataset,
        DCTERMS.title,
        Literal("Bochum Strategie 2030 als Wissensgraph", lang="de"),
        Literal("Bochum Strategy 2030 as a knowledge graph", lang="en"),
    )
    add(dataset, DCTERMS.description, Literal(DESCRIPTION_DE, lang="de"), Literal(DESCRIPTION_EN, lang="en"))
    # Whoever runs the release publishes and made this graph; the city is the author of the sources.
    add(dataset, DCTERMS.publisher, publisher)
    add(dataset, DCTERMS.creator, publisher)
    add(dataset, GEODCATAP.originator, city)
    add(dataset, DCAT.contactPoint, contact)
    add(dataset, DCAT.keyword, *(Literal(k, lang="de") for k in KEYWORDS))
    add(dataset, DCAT.theme, URIRef(EU + "data-theme/GOVE"), URIRef(EU + "data-theme/REGI"))
    add(
        dataset,
        DCATDE.politicalGeocodingLevelURI,
        URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality"),
    )
    add(dataset, DCTERMS.spatial, BOCHUM_AGS)  # DCAT-AP.de 3.0: dct:spatial replaces politicalGeocodingURI
    add(BOCHUM_AGS, RDF.type, DCTERMS.Location)
    add(dataset, DCTERMS.temporal, period)
    add(period, RDF.type, DCTERMS.PeriodOfTime)
    add(period, DCAT.startDate, Literal("2016-07", datatype=XSD.gYearMonth))
    add(period, DCAT.endDate, Literal("2030", datatype=XSD.gYear))
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
    add(city, RDF.type, FOAF.Organization)
    add(city, FOAF.name, Literal(CITY_NAME))
    add(city, FOAF.homepage, URIRef("https://www.bochum-strategie.de/"))

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
