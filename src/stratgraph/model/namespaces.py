"""RDF namespaces: our closed vocabulary, the external ones we use, and the one prefix table every writer binds."""

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    VANN,
    VOID,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "DCATDE",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "PROJECT_IRI",
    "REVIEW_STATES",
    "SDG",
    "SDGO",
    "SHAPES_IRI",
    "SPDX",
    "STRAT",
    "STRATSH",
    "UN_SDG_KOS",
    "VCARD",
    "bind_prefixes",
    "instance_namespace",
    "prefixed_key",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/stratgraph/ontology")


class STRAT(DefinedNamespace):
    """The stratgraph vocabulary; a misspelt term raises instead of minting a new IRI.

    tests/test_namespaces.py keeps this list and ontology/*.ttl in step.
    """

    _NS = Namespace("https://w3id.org/stratgraph/ontology#")
    _fail = True

    Ebene: URIRef
    Ebenenart: URIRef
    EbenenartSchema: URIRef
    Gremium: URIRef
    Handlungsfeld: URIRef
    Kennzahl: URIRef
    Kernaktivitaet: URIRef
    Kompetenz: URIRef
    Leitbegriff: URIRef
    Marke: URIRef
    Massnahme: URIRef
    Meilenstein: URIRef
    Ort: URIRef
    ProgrammatischesZiel: URIRef
    Pruefstatus: URIRef
    PruefstatusSchema: URIRef
    Quelldokument: URIRef
    Quellenabweichung: URIRef
    Querschnittsthema: URIRef
    Schwerpunkt: URIRef
    SdgBezugSchema: URIRef
    SdgSonderwert: URIRef
    Statuseintrag: URIRef
    Strategie: URIRef
    Strategieelement: URIRef
    StrategischesZiel: URIRef
    Tranche: URIRef
    Umsetzungskonzept: URIRef
    Umsetzungsstatus: URIRef
    UmsetzungsstatusSchema: URIRef
    Wesenskern: URIRef
    Ziel: URIRef
    Zuordnung: URIRef
    Zuordnungsbasis: URIRef
    ZuordnungsbasisSchema: URIRef
    Zuordnungsstaerke: URIRef
    ZuordnungsstaerkeSchema: URIRef
    abgelehnt: URIRef
    adressiertQuerschnittsthema: URIRef
    arbeitstitel: URIRef
    aufEbene: URIRef
    beginn: URIRef
    begruendung: URIRef
    beraet: URIRef
    berichtetAn: URIRef
    beschlossenInTranche: URIRef
    beschlossenVon: URIRef
    beschlussjahr: URIRef
    bestaetigt: URIRef
    betrifft: URIRef
    betrifftOrt: URIRef
    direkt: URIRef
    ebenenKlasse: URIRef
    eingesetztVon: URIRef
    eingestellt: URIRef
    ende: URIRef
    erreichtAm: URIRef
    gehoertZu: URIRef
    gehoertZuKompetenz: URIRef
    gehoertZuSchwerpunkt: URIRef
    gehoertZuStrategie: URIRef
    geplant: URIRef
    gliederungsebene: URIRef
    hatBasis: URIRef
    hatEbenenart: URIRef
    hatLeitbegriff: URIRef
    hatPruefstatus: URIRef
    hatStaerke: URIRef
    hatStatus: URIRef
    hatStatuseintrag: URIRef
    hatWesenskern: URIRef
    indikatorStichwort: URIRef
    indirekt: URIRef
    inQuelleBelegt: URIRef
    istTeilVonUmsetzungskonzept: URIRef
    keinSdgBezug: URIRef
    kernaussage: URIRef
    konkretisiertStrategie: URIRef
    kurzformel: URIRef
    laufend: URIRef
    massnahmenebene: URIRef
    mehrzahl: URIRef
    nenntStatus: URIRef
    nummerInKompetenzliste: URIRef
    position: URIRef
    praegtKompetenz: URIRef
    redaktionell: URIRef
    statusHerleitung: URIRef
    stichtag: URIRef
    traegtBeiZuSdg: URIRef
    ueberfuehrt: URIRef
    ueberfuehrtIn: URIRef
    uebergeordneteEbene: URIRef
    umfang: URIRef
    umgesetzt: URIRef
    vorgeschlagen: URIRef
    wert: URIRef
    wirdVerantwortetVon: URIRef
    zaehltKlasse: URIRef
    zaehltStatus: URIRef
    zeitangabe: URIRef
    zielbild2030: URIRef
    zielebene: URIRef
    zuordnungUeber: URIRef
    zuordnungVon: URIRef
    zuordnungZu: URIRef
    Beobachtungsstatus: URIRef
    BeobachtungsstatusSchema: URIRef
    Indikator: URIRef
    Messrichtung: URIRef
    MessrichtungSchema: URIRef
    Zielart: URIRef
    ZielartSchema: URIRef
    ausgangsjahr: URIRef
    ausgangswert: URIRef
    bezugsjahr: URIRef
    einheit: URIRef
    einheitZeichen: URIRef
    endgueltig: URIRef
    entsprichtSdgIndikator: URIRef
    gebiet: URIRef
    hatBeobachtungsstatus: URIRef
    hatMessrichtung: URIRef
    hatZielart: URIRef
    hoeherIstBesser: URIRef
    indikator: URIRef
    messeinheit: URIRef
    messwert: URIRef
    misst: URIRef
    niedrigerIstBesser: URIRef
    vorlaeufig: URIRef
    wirdErhobenVon: URIRef
    zielErreichen: URIRef
    zielHoechstens: URIRef
    zielMindestens: URIRef
    zieljahr: URIRef
    zielwert: URIRef


STRATSH = Namespace("https://w3id.org/stratgraph/shapes#")
SHAPES_IRI = URIRef("https://w3id.org/stratgraph/shapes")
PROJECT_IRI = URIRef("https://w3id.org/stratgraph/projekt")  # the stratgraph project, default publisher
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
UN_SDG_KOS = URIRef("http://metadata.un.org/sdg")

# The review states of a Zuordnung by their German label (skos:prefLabel in ontology/, checked by a test): the
# one place the code names them, for counts in answers and reports
REVIEW_STATES = {STRAT.vorgeschlagen: "vorgeschlagen", STRAT.bestaetigt: "bestätigt", STRAT.abgelehnt: "abgelehnt"}
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

# The one prefix table: Turtle, TriG, RDF/XML and SPARQL answers, release files and reports all use it.
PREFIXES: dict[str, str] = {
    "strat": str(STRAT._NS),
    "stratsh": str(STRATSH),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "org": str(ORG),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "vann": str(VANN),
    "sdg": str(SDG),
    "sdgo": str(SDGO),
    "dcat": str(DCAT),
    "dcatde": str(DCATDE),
    "spdx": str(SPDX),
    "vcard": str(VCARD),
    "void": str(VOID),
    "unit": "http://qudt.org/vocab/unit/",
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the prefix table to a graph (ours win over rdflib's defaults, e.g. dct: rather than dcterms:)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def prefixed_key(iri: str) -> str | None:
    """``strat-Kernaktivitaet`` for a term of a known namespace (an IRI-safe key), else None."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}-{iri[len(namespace) :]}"
    return None


def instance_namespace(base_iri: str, klasse: str) -> Namespace:
    """Namespace of the instances of one class under the configured base, e.g. ``…/<stadt>/kernaktivitaet/``."""
    return Namespace(f"{base_iri.rstrip('/')}/{klasse}/")
