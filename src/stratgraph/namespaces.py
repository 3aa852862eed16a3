"""RDF namespaces: our closed vocabulary and the external ones we use."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["ONTOLOGY_IRI", "SDG", "SDGO", "STRAT", "STRATSH", "instance_namespace"]

ONTOLOGY_IRI = URIRef("https://w3id.org/stratgraph/ontology")


class STRAT(DefinedNamespace):
    """The stratgraph vocabulary; a misspelt term raises instead of minting a new IRI.

    tests/test_namespaces.py keeps this list and ontology/*.ttl in step.
    """

    _NS = Namespace("https://w3id.org/stratgraph/ontology#")
    _fail = True

    Gremium: URIRef
    Kennzahl: URIRef
    Kernaktivitaet: URIRef
    Kompetenz: URIRef
    Leitbegriff: URIRef
    Marke: URIRef
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
    Strategie: URIRef
    StrategischesZiel: URIRef
    Tranche: URIRef
    Umsetzungskonzept: URIRef
    Umsetzungsstatus: URIRef
    UmsetzungsstatusSchema: URIRef
    Wesenskern: URIRef
    Zuordnung: URIRef
    Zuordnungsbasis: URIRef
    ZuordnungsbasisSchema: URIRef
    Zuordnungsstaerke: URIRef
    ZuordnungsstaerkeSchema: URIRef
    abgelehnt: URIRef
    adressiertQuerschnittsthema: URIRef
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
    eingesetztVon: URIRef
    eingestellt: URIRef
    ende: URIRef
    gehoertZuKompetenz: URIRef
    gehoertZuSchwerpunkt: URIRef
    gehoertZuStrategie: URIRef
    hatBasis: URIRef
    hatLeitbegriff: URIRef
    hatPruefstatus: URIRef
    hatStaerke: URIRef
    hatStatus: URIRef
    hatWesenskern: URIRef
    inQuelleBelegt: URIRef
    indikatorStichwort: URIRef
    indirekt: URIRef
    istTeilVonUmsetzungskonzept: URIRef
    keinSdgBezug: URIRef
    kernaussage: URIRef
    konkretisiertStrategie: URIRef
    kurzformel: URIRef
    laufend: URIRef
    nummerInKompetenzliste: URIRef
    position: URIRef
    praegtKompetenz: URIRef
    redaktionell: URIRef
    statusHerleitung: URIRef
    stichtag: URIRef
    traegtBeiZuSdg: URIRef
    ueberfuehrt: URIRef
    ueberfuehrtIn: URIRef
    umfang: URIRef
    umgesetzt: URIRef
    vorgeschlagen: URIRef
    wert: URIRef
    wirdVerantwortetVon: URIRef
    zaehltKlasse: URIRef
    zaehltStatus: URIRef
    zeitangabe: URIRef
    zielbild2030: URIRef
    zuordnungUeber: URIRef
    zuordnungVon: URIRef
    zuordnungZu: URIRef


STRATSH = Namespace("https://w3id.org/stratgraph/shapes#")
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")


def instance_namespace(base_iri: str, klasse: str) -> Namespace:
    """Namespace of the instances of one class under the configured base, e.g. ``…/bochum/kernaktivitaet/``."""
    return Namespace(f"{base_iri.rstrip('/')}/{klasse}/")
