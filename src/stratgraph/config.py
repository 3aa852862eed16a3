"""Settings: where the project's files are and under which base IRI instances live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigurationError

__all__ = ["DEFAULT_BASE_IRI", "Settings", "find_project_root"]

DEFAULT_BASE_IRI = "https://w3id.org/stratgraph/bochum/"


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) that has ontology/ and data/, else the checkout."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "ontology").is_dir() and (folder / "data").is_dir():
            return folder
    # An editable install lives in the checkout: src/stratgraph/config.py -> repo root.
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology").is_dir():
        return checkout
    raise ConfigurationError("Kein Projektordner mit ontology/ und data/ gefunden; --root angeben.")


def _extra_graphs(text: str) -> tuple[tuple[str, Path], ...]:
    """``IRI=file;IRI=file`` from STRATGRAPH_EXTRA_GRAPHS: more named graphs for the SPARQL endpoint."""
    pairs = []
    for item in filter(None, (part.strip() for part in text.split(";"))):
        name, sep, path = item.partition("=")
        if not sep or not name.startswith(("http://", "https://")):
            raise ConfigurationError(f"STRATGRAPH_EXTRA_GRAPHS: „{item}“ ist nicht IRI=Datei")
        pairs.append((name, Path(path)))
    return tuple(pairs)


@dataclass(frozen=True)
class Settings:
    """Paths of the source folders and the base IRI; one place so every adapter reads the same files."""

    root: Path
    base_iri: str = DEFAULT_BASE_IRI
    ontology_dir: Path | None = None
    data_dir: Path | None = None
    shapes_dir: Path | None = None
    checks_dir: Path | None = None
    dist_dir: Path | None = None
    query_timeout: float = 10.0  # seconds; a query past it is stopped (503/504)
    query_workers: int = 2
    row_cap: int = 10_000
    max_body: int = 1_048_576  # bytes of a request body (413 above)
    endpoint: str | None = None  # a remote SPARQL 1.1 query endpoint; None: the embedded store
    extra_graphs: tuple[tuple[str, Path], ...] = ()  # (graph IRI, Turtle or N-Triples file) for /sparql only
    admin_token: str | None = None  # enables POST /admin/reload with this bearer token; None: switched off

    @classmethod
    def from_env(cls, root: Path | None = None) -> Settings:
        """Settings from ``STRATGRAPH_ROOT`` and ``STRATGRAPH_BASE_IRI``, falling back to the project root."""
        env_root = os.environ.get("STRATGRAPH_ROOT")
        chosen = root or (Path(env_root) if env_root else find_project_root())
        dist = os.environ.get("STRATGRAPH_DIST")
        try:
            timeout = float(os.environ.get("STRATGRAPH_QUERY_TIMEOUT", "10"))
            workers = int(os.environ.get("STRATGRAPH_QUERY_WORKERS", "2"))
            row_cap = int(os.environ.get("STRATGRAPH_ROW_CAP", "10000"))
        except ValueError:
            raise ConfigurationError(
                "STRATGRAPH_QUERY_TIMEOUT, _QUERY_WORKERS und _ROW_CAP müssen Zahlen sein"
            ) from None
        if timeout <= 0 or workers < 1 or row_cap < 1:
            raise ConfigurationError("STRATGRAPH_QUERY_TIMEOUT, _QUERY_WORKERS und _ROW_CAP müssen positiv sein")
        return cls(
            root=chosen.resolve(),
            base_iri=os.environ.get("STRATGRAPH_BASE_IRI", DEFAULT_BASE_IRI),
            dist_dir=Path(dist).resolve() if dist else None,
            query_timeout=timeout,
            query_workers=workers,
            row_cap=row_cap,
            endpoint=os.environ.get("STRATGRAPH_ENDPOINT") or None,
            extra_graphs=_extra_graphs(os.environ.get("STRATGRAPH_EXTRA_GRAPHS", "")),
            admin_token=os.environ.get("STRATGRAPH_ADMIN_TOKEN") or None,
        )

    def require_folders(self) -> None:
        """Refuse at once, before any parsing, when a source folder is missing; name all of them."""
        missing = [str(p) for p in (self.ontology, self.data, self.shapes, self.checks) if not p.is_dir()]
        if missing:
            raise ConfigurationError("Ordner fehlt: " + ", ".join(missing))

    @property
    def ontology(self) -> Path:
        return self.ontology_dir or self.root / "ontology"

    @property
    def data(self) -> Path:
        return self.data_dir or self.root / "data"

    @property
    def shapes(self) -> Path:
        return self.shapes_dir or self.root / "shapes"

    @property
    def checks(self) -> Path:
        return self.checks_dir or self.root / "queries" / "checks"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def dist(self) -> Path:
        return self.dist_dir or self.root / "dist"
