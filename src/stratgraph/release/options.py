"""What a release is made with (options, licences, publisher) and what it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import URIRef

from stratgraph.errors import StratgraphError
from stratgraph.model.namespaces import PROJECT_IRI
from stratgraph.strategies.validation import Report

__all__ = [
    "DEFAULT_DOWNLOAD_BASE",
    "DEFAULT_LICENCE",
    "DEFAULT_PUBLISHER",
    "LICENCES",
    "SDG_CITATION",
    "ReleaseFile",
    "ReleaseOptions",
    "ReleaseRefusedError",
    "ReleaseResult",
]

DEFAULT_DOWNLOAD_BASE = ""  # empty: <base IRI>download/ (build_release fills it in)
DEFAULT_LICENCE = "dl-by-de/2.0"
DEFAULT_PUBLISHER = "stratgraph-Projekt"
LICENCES = {  # key -> (DCAT-AP.de licence IRI, readable licence text)
    "dl-by-de/2.0": ("http://dcat-ap.de/def/licenses/dl-by-de/2.0", "https://www.govdata.de/dl-de/by-2-0"),
    "dl-zero-de/2.0": ("http://dcat-ap.de/def/licenses/dl-zero-de/2.0", "https://www.govdata.de/dl-de/zero-2-0"),
    "cc-by/4.0": ("http://dcat-ap.de/def/licenses/cc-by/4.0", "https://creativecommons.org/licenses/by/4.0/"),
}
# The UN SDG KOS may be redistributed with this citation (its void.ttl says so); we repeat it wherever we do.
SDG_CITATION = (
    "Amit Joshi, Luis Gonzalez Morales, Szymon Klarman, and Aaron Helton. 2019. A Knowledge Organization System "
    "for the United Nations Sustainable Development Goals. New York, NY. http://metadata.un.org/sdg"
)


class ReleaseRefusedError(StratgraphError):
    """The data or the catalogue does not conform; nothing was written to dist/."""

    def __init__(self, reason: str, report: Report | None = None) -> None:
        self.report = report
        super().__init__(reason)


@dataclass(frozen=True)
class ReleaseOptions:
    """``dist`` None: the settings' release folder (STRATGRAPH_DIST or dist/)."""

    dist: Path | None = None
    version: str | None = None
    release_date: date | None = None
    download_base: str = DEFAULT_DOWNLOAD_BASE
    licence: str = DEFAULT_LICENCE
    # Whoever runs the release publishes the graph; the city wrote the strategy (it is the sources' author).
    publisher: str = DEFAULT_PUBLISHER
    publisher_iri: str = str(PROJECT_IRI)

    def __post_init__(self) -> None:
        if self.licence not in LICENCES:
            raise StratgraphError(f"unbekannte Lizenz „{self.licence}“ (erlaubt: {', '.join(LICENCES)})")
        if not self.publisher.strip():
            raise StratgraphError("Der Herausgeber braucht einen Namen.")
        if not self.publisher_iri.startswith(("http://", "https://")):
            raise StratgraphError(f"Die IRI des Herausgebers muss mit http(s):// beginnen: „{self.publisher_iri}“")

    @property
    def licence_iri(self) -> URIRef:
        return URIRef(LICENCES[self.licence][0])


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
