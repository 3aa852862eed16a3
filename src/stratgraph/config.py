"""Settings: where the project's files are and under which base IRI instances live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from stratgraph.errors import ConfigurationError

__all__ = ["FLAT_STRATEGY", "SHACL_ENGINES", "STRATEGY_ROOT", "Settings", "find_project_root", "shacl_engine"]

SHACL_ENGINES = ("turbo", "pyshacl")  # STRATGRAPH_SHACL: the fast path first; pySHACL is the reference
STRATEGY_ROOT = "https://w3id.org/stratgraph/"  # every strategy's IRIs: <root><stadt>/<klasse>/<slug>
FLAT_STRATEGY = "stadt"  # the slug of a data folder that holds one strategy's files without a subfolder


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


def _public_url(text: str) -> str | None:
    """``STRATGRAPH_PUBLIC_URL``: http(s)://host[:port], the root of the service (its routes sit at the root)."""
    url = text.strip().rstrip("/")
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ConfigurationError(
            f"STRATGRAPH_PUBLIC_URL „{text}“ ist keine Basisadresse; erwartet z. B. https://strategie.example.org"
        )
    return url


# environment variable (after STRATGRAPH_) → setting; documented in docs/betrieb.md
LIMITS = {
    "QUERY_TIMEOUT": "query_timeout",
    "QUERY_WORKERS": "query_workers",
    "ROW_CAP": "row_cap",
    "BYTE_CAP": "byte_cap",
    "MAX_QUERY": "max_query",
    "WORKER_MEMORY_MB": "worker_memory",
    "SPARQL_QUEUE": "sparql_queue",
    "SPARQL_PER_CLIENT": "sparql_per_client",
    "RELOAD_MAX_LOSS": "reload_max_loss",
    "HEADER_TIMEOUT": "header_timeout",
    "MAX_CONNECTIONS": "max_connections",
    "MAX_CONNECTIONS_PER_CLIENT": "max_connections_per_client",
}
LIMIT_TYPES: dict[str, type[int] | type[float]] = {
    name: float if name in ("query_timeout", "reload_max_loss", "header_timeout") else int for name in LIMITS.values()
}


@dataclass(frozen=True)
class Settings:
    """Paths of the source folders and the base IRI; one place so every adapter reads the same files."""

    root: Path
    base_iri: str | None = None  # STRATGRAPH_BASE_IRI: moves the main strategy's IRIs to a city's own domain
    strategy: str | None = None  # --stadt, STRATGRAPH_STADT: the strategy meant; None: the first of data/ by slug
    ontology_dir: Path | None = None
    data_dir: Path | None = None
    shapes_dir: Path | None = None
    checks_dir: Path | None = None
    dist_dir: Path | None = None
    cache_dir: Path | None = None  # kept validation reports; default <root>/.stratgraph-cache
    query_timeout: float = 10.0  # seconds; a query past it is stopped (503/504)
    query_workers: int = 2  # processes for /sparql; Linked Data has one more of its own
    row_cap: int = 10_000
    byte_cap: int = 16 * 2**20  # bytes of one /sparql answer; cut (X-Stratgraph-Truncated) above
    max_query: int = 65_536  # bytes of a query text (414 in a URL, 413 in a body)
    worker_memory: int = 2048  # MiB of address space per query process; a query past it is stopped
    sparql_queue: int = 8  # /sparql requests waiting for a process at most; 429 beyond
    sparql_per_client: int = 2  # /sparql requests of one client address at once; 429 beyond
    reload_max_loss: float = 0.1  # share of resources a reload may drop without --force
    max_body: int = 1_048_576  # bytes of a request body (413 above)
    public_url: str | None = None  # e.g. https://stratgraph.example.org: links use it, other Host headers get 400
    listen_url: str | None = None  # set by `stratgraph serve`: the address bound, for links without public_url
    header_timeout: float = 10.0  # seconds for a client to send a request's head; slower connections are closed
    max_connections: int = 256  # open connections and requests at once; uvicorn answers 503 beyond
    max_connections_per_client: int = 32  # of one client address at once; its oldest idle one is closed beyond
    endpoint: str | None = None  # a remote SPARQL 1.1 query endpoint; None: the embedded store
    extra_graphs: tuple[tuple[str, Path], ...] = ()  # (graph IRI, Turtle or N-Triples file) for /sparql only
    admin_token: str | None = None  # enables POST /admin/reload with this bearer token; None: switched off
    # the link review on the web (docs/pruefung.md); without accounts the service stays read-only
    accounts_file: Path | None = None  # STRATGRAPH_KONTEN: a TOML file of accounts, roles and Argon2 hashes
    accounts_toml: str | None = None  # STRATGRAPH_KONTEN_TOML: the same as text, where a file is awkward
    session_key: str | None = None  # STRATGRAPH_SITZUNGSSCHLUESSEL: signs session cookies; None: one per start
    review_log_file: Path | None = None  # STRATGRAPH_PRUEFPROTOKOLL: the audit log; default <root>/protokoll/

    @classmethod
    def from_env(cls, root: Path | None = None) -> Settings:
        """Settings from ``STRATGRAPH_ROOT`` and ``STRATGRAPH_BASE_IRI``, falling back to the project root."""
        env_root = os.environ.get("STRATGRAPH_ROOT")
        chosen = root or (Path(env_root) if env_root else find_project_root())
        dist = os.environ.get("STRATGRAPH_DIST")
        cache = os.environ.get("STRATGRAPH_CACHE")  # kept validation reports (a read-only checkout: elsewhere)
        numbers = {name: os.environ.get(f"STRATGRAPH_{variable}") for variable, name in LIMITS.items()}
        try:
            limits: dict[str, Any] = {
                name: LIMIT_TYPES[name](value) for name, value in numbers.items() if value not in (None, "")
            }
        except ValueError:
            raise ConfigurationError(
                "Diese Einstellungen müssen Zahlen sein: " + ", ".join(f"STRATGRAPH_{v}" for v in LIMITS)
            ) from None
        wrong = [f"STRATGRAPH_{v}" for v, name in LIMITS.items() if name in limits and limits[name] <= 0]
        if wrong:
            raise ConfigurationError("Diese Einstellungen müssen positiv sein: " + ", ".join(wrong))
        shacl_engine()  # an unknown engine is refused at once, not first when a strategy needs validating
        return cls(
            root=chosen.resolve(),
            base_iri=os.environ.get("STRATGRAPH_BASE_IRI") or None,
            strategy=os.environ.get("STRATGRAPH_STADT") or None,
            dist_dir=Path(dist).resolve() if dist else None,
            cache_dir=Path(cache).resolve() if cache else None,
            **limits,
            public_url=_public_url(os.environ.get("STRATGRAPH_PUBLIC_URL", "")),
            endpoint=os.environ.get("STRATGRAPH_ENDPOINT") or None,
            extra_graphs=_extra_graphs(os.environ.get("STRATGRAPH_EXTRA_GRAPHS", "")),
            admin_token=os.environ.get("STRATGRAPH_ADMIN_TOKEN") or None,
            accounts_file=Path(os.environ["STRATGRAPH_KONTEN"]) if os.environ.get("STRATGRAPH_KONTEN") else None,
            accounts_toml=os.environ.get("STRATGRAPH_KONTEN_TOML") or None,
            session_key=os.environ.get("STRATGRAPH_SITZUNGSSCHLUESSEL") or None,
            review_log_file=Path(log) if (log := os.environ.get("STRATGRAPH_PRUEFPROTOKOLL")) else None,
        )

    @property
    def public_base(self) -> str:
        """The service's own address for links, redirects and descriptions: never taken from a Host header."""
        return self.public_url or self.listen_url or "http://127.0.0.1:8000"

    def require_folders(self) -> None:
        """Refuse at once, before any parsing, when a source folder is missing; name all of them."""
        missing = [str(p) for p in (self.ontology, self.data, self.shapes, self.checks) if not p.is_dir()]
        if missing:
            raise ConfigurationError("Ordner fehlt: " + ", ".join(missing))

    @cached_property
    def main_strategy(self) -> str:
        """The strategy commands and views are about when none is named: the configured one, else the first
        folder of data/ by slug (a data folder without subfolders is one strategy, ``FLAT_STRATEGY``)."""
        if self.strategy:
            return self.strategy
        if self.data.is_dir():
            folders = sorted(p.name for p in self.data.iterdir() if p.is_dir() and any(p.glob("*.ttl")))
            if folders:
                return folders[0]
        return FLAT_STRATEGY

    def base_for(self, slug: str) -> str:
        """The base of a strategy's IRIs, <root><slug>/; STRATGRAPH_BASE_IRI moves the main strategy's."""
        return self.base_iri if self.base_iri and slug == self.main_strategy else f"{STRATEGY_ROOT}{slug}/"

    @property
    def main_base(self) -> str:
        """The main strategy's base: the shared graphs (ontologie, sdg) and the release are named under it."""
        return self.base_for(self.main_strategy)

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
    def review_log(self) -> Path:
        """Where every review decision made on the web is appended (JSON lines), outside data/."""
        return self.review_log_file or self.root / "protokoll" / "pruefungen.jsonl"

    @property
    def cache(self) -> Path:
        return self.cache_dir or self.root / ".stratgraph-cache"

    @property
    def dist(self) -> Path:
        return self.dist_dir or self.root / "dist"


def shacl_engine() -> str:
    """The SHACL engine ``STRATGRAPH_SHACL`` names (default: turbo); an unknown name is a configuration error.
    Read from the environment where it is used, so worker processes see the same choice."""
    name = os.environ.get("STRATGRAPH_SHACL", "turbo")
    if name not in SHACL_ENGINES:
        raise ConfigurationError(f"STRATGRAPH_SHACL={name!r}: bekannt sind {', '.join(SHACL_ENGINES)}.")
    return name
