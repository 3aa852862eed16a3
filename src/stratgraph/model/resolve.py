"""One resolver: names, slugs and IRIs of resources, SDG codes, and the values of the ontology's SKOS schemes.

The CLI, the API and the pages all call it, so a name means the same everywhere and an unknown one gets the same
answer: an error that lists the valid values (or the closest ones) and asks „meinten Sie …?“. Controlled values
(status, Prüfstatus, Stärke, Basis) are read from the ontology's concept schemes, never from hand-kept lists.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, SKOS

from stratgraph.errors import StratgraphError
from stratgraph.model.labels import label
from stratgraph.model.namespaces import SDGO, STRAT

__all__ = [
    "SCHEMES",
    "Concept",
    "NameIndex",
    "Scheme",
    "UnknownNameError",
    "fold",
    "read_schemes",
    "resolve_resource",
    "resolve_sdg",
]

# short name (CLI option, API parameter) -> concept scheme in the ontology
SCHEMES = {
    "status": STRAT.UmsetzungsstatusSchema,
    "pruefstatus": STRAT.PruefstatusSchema,
    "staerke": STRAT.ZuordnungsstaerkeSchema,
    "basis": STRAT.ZuordnungsbasisSchema,
    "richtung": STRAT.MessrichtungSchema,
    "zielart": STRAT.ZielartSchema,
}
_ADJECTIVE = {"SDG-Ziel": "unbekanntes", "SDG-Unterziel": "unbekanntes", "SDG-Code": "unbekannter"}
_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "–": "-", "—": "-"})


def fold(text: str) -> str:
    """Case, umlauts, dashes and spaces folded away: „Bürgerservice“ and „buergerservice“ are one name."""
    return re.sub(r"[\s\-_]+", " ", text.casefold().translate(_FOLDS)).strip()


class UnknownNameError(StratgraphError):
    """A name, code or value that is not in the graph or the ontology (CLI exit 2, HTTP 400 or 404)."""

    def __init__(self, what: str, given: str, valid: Iterable[str], hint: str = "") -> None:
        self.what, self.given = what, given
        self.valid = sorted(set(valid), key=fold)
        close = difflib.get_close_matches(fold(given), [fold(v) for v in self.valid], n=3, cutoff=0.5)
        self.suggestions = [v for c in close for v in self.valid if fold(v) == c][:3]
        adjective = _ADJECTIVE.get(what, "unbekannte")
        message = f"{adjective} {what}: „{given}“"
        if self.suggestions:
            message += "; meinten Sie " + " oder ".join(f"„{s}“" for s in self.suggestions) + "?"
        if hint:
            message += f" – {hint}"
        elif self.valid and len(self.valid) <= 12:
            message += " – erlaubt: " + ", ".join(self.valid) + "."
        super().__init__(message)


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    notation: str  # the value as CLI and API spell it, e.g. ueberfuehrt
    label: str  # German name, e.g. überführt


@dataclass(frozen=True)
class Scheme:
    """A SKOS concept scheme of the ontology and its values in their order."""

    key: str
    iri: URIRef
    concepts: tuple[Concept, ...]

    @property
    def notations(self) -> list[str]:
        return [c.notation for c in self.concepts]

    def resolve(self, text: str) -> Concept:
        """The value by notation, German name or IRI, ignoring case and umlaut spelling."""
        wanted = fold(text)
        for concept in self.concepts:
            if wanted in (fold(concept.notation), fold(concept.label), fold(str(concept.iri))):
                return concept
        raise UnknownNameError(f"Angabe für {self.key}", text, self.notations)


def read_schemes(ontology: Graph) -> dict[str, Scheme]:
    """The controlled values of the ontology (status, Prüfstatus, Stärke, Basis, Messrichtung, Zielart), each in its
    given order."""
    schemes = {}
    for key, iri in SCHEMES.items():
        members = [c for c in ontology.subjects(SKOS.inScheme, iri) if isinstance(c, URIRef)]
        if not members:
            raise StratgraphError(f"Die Ontologie hat keine Werte im Schema {iri}.")

        def position(concept: URIRef) -> int:
            value = ontology.value(concept, STRAT.position)
            return int(value.toPython()) if isinstance(value, Literal) else 0

        concepts = tuple(
            Concept(c, str(ontology.value(c, SKOS.notation) or str(c).rsplit("#", 1)[-1]), label(ontology, c))
            for c in sorted(members, key=lambda c: (position(c), str(c)))
        )
        schemes[key] = Scheme(key, iri, concepts)
    return schemes


class NameIndex:
    """What a person writes (a name in any language, an older name, a slug or the IRI) mapped to the graph's IRIs,
    built once for many look-ups: the spreadsheet import resolves every cell with it."""

    def __init__(self, graph: Graph, classes: Iterable[URIRef]) -> None:
        self.by_class: dict[URIRef, dict[str, URIRef]] = {}
        for klasse in classes:
            names: dict[str, URIRef] = {}
            for node in graph.subjects(RDF.type, klasse):
                if isinstance(node, URIRef):
                    names[fold(str(node))] = node
                    names[fold(str(node).rstrip("/").rsplit("/", 1)[-1])] = node
                    for predicate in (SKOS.prefLabel, SKOS.altLabel):
                        for value in graph.objects(node, predicate):
                            names.setdefault(fold(str(value)), node)
            self.by_class[klasse] = names
        self.sdg = {
            str(graph.value(node, SKOS.notation)): node
            for klasse in (SDGO.Goal, SDGO.Target)
            for node in graph.subjects(RDF.type, klasse)
            if isinstance(node, URIRef)
        }
        self.agents: dict[str, URIRef] = {}
        for klasse in (ORG.Organization, FOAF.Organization):
            for node in graph.subjects(RDF.type, klasse):
                if isinstance(node, URIRef):
                    self.agents[fold(str(node))] = node
                    for value in (*graph.objects(node, SKOS.prefLabel), *graph.objects(node, FOAF.name)):
                        self.agents.setdefault(fold(str(value)), node)

    def resource(self, text: str, classes: Iterable[URIRef]) -> URIRef | None:
        """The resource of the first of ``classes`` that has this name, or None."""
        for klasse in classes:
            found = self.by_class.get(klasse, {}).get(fold(text))
            if found is not None:
                return found
        return None

    def agent(self, text: str) -> URIRef | None:
        """An organisation (a role, never a person) by name or IRI."""
        return self.agents.get(fold(text))


def resolve_resource(graph: Graph, klasse: URIRef, text: str, what: str) -> URIRef:
    """A resource of a class by its name (any label, any language), slug or IRI, with folded spelling."""
    found = NameIndex(graph, [klasse]).resource(text, [klasse])
    if found is not None:
        return found
    candidates = [n for n in graph.subjects(RDF.type, klasse) if isinstance(n, URIRef)]
    slugs = [str(n).rsplit("/", 1)[-1] for n in candidates]
    names = [label(graph, n) for n in candidates]
    raise UnknownNameError(what, text, names + slugs if len(candidates) > 12 else names)


def resolve_sdg(graph: Graph, code: str, kind: str = "any") -> URIRef:
    """An SDG goal (``kind="goal"``), target (``"target"``) or either by its code, e.g. 13 or 13.2."""
    text = code.strip()
    classes = {"goal": (SDGO.Goal,), "target": (SDGO.Target,), "any": (SDGO.Goal, SDGO.Target)}[kind]
    for klasse in classes:
        for node in graph.subjects(RDF.type, klasse):
            if str(graph.value(node, SKOS.notation)) == text and isinstance(node, URIRef):
                return node
    what = {"goal": "SDG-Ziel", "target": "SDG-Unterziel", "any": "SDG-Code"}[kind]
    if kind == "goal" and re.fullmatch(r"\d{1,2}\.[0-9a-z]{1,2}", text):
        raise UnknownNameError(what, text, [], "Hier ein Ziel (1–17) angeben, kein Unterziel.")
    raise UnknownNameError(what, text, [], "Erwartet z. B. 13 oder 13.2.")
