"""The named queries: every ``queries/*.rq`` is one named question (grlc-style ``#+`` YAML header).

Parameters are variables in the body: ``?_name`` required, ``?__name`` optional; a suffix says the type
(``_iri``, ``_integer``, otherwise a plain literal). Values are checked, turned into RDF terms and bound in a
``VALUES`` block at the top of the WHERE group, written by ``sparql_term`` (our own escaping, proven by
property-based tests; rdflib's ``Literal.n3()`` can write a value whose closing quote ends up escaped); a
value is never pasted into the query text unescaped, so a quote or ``} ; DROP`` in it is just a literal.
(pyoxigraph's own substitutions only bind projected variables, and filter parameters are not projected.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from stratgraph.errors import ConfigurationError, SourceError, StratgraphError
from stratgraph.model.answers import Abfrage, AbfrageParameter

__all__ = [
    "NamedQuery",
    "Parameter",
    "ParameterError",
    "bind_parameters",
    "load_named_queries",
    "query_text",
    "render_query",
    "sparql_term",
]

_VARIABLE = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
# RFC 3987 forbids these in an IRI; rejecting them keeps a value from closing the IRI or the query.
_BAD_IRI = re.compile(r'[\x00-\x20\s<>"{}|\\^`]')
# SPARQL's string escapes (ECHAR); every other character, control characters included, may stand as itself.
# NUL is written as \U00000000: Virtuoso reads the query as a C string and fails on a raw NUL (and NUL is no
# SPARQL syntax, so its escape cannot close the string)
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ECHAR["\x00"] = "\\U00000000"
# A backslash before u or U: written as \\ and u0000, it would read as a backslash and a \u escape to parsers
# that replace \u escapes before they parse (rdflib does); so that u is written as \U00000075 (U as \U00000055:
# eight digits, as rdflib reads the longest run of hex digits)
_ECHAR.update({"\\u": "\\\\\\U00000075", "\\U": "\\\\\\U00000055"})
_NEEDS_ECHAR = re.compile(r'\\[uU]|[\\"\n\r\t\b\f\x00]')
_SURROGATE = re.compile("[\ud800-\udfff]")


def query_text(queries_dir: Path, name: str) -> str:
    """The text of a query file below ``queries_dir`` (``sdg_pfade.rq``, ``intern/staedte.rq``): the one reader of
    query files besides ``load_named_queries``; a missing file is a configuration error naming it."""
    path = queries_dir / name
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ConfigurationError(f"Abfrage fehlt oder ist nicht lesbar: {path}") from None


class ParameterError(StratgraphError):
    """A parameter value is missing, malformed or not among the allowed values (HTTP 400)."""


@dataclass(frozen=True)
class Parameter:
    name: str  # as the API and CLI spell it, e.g. kompetenz_iri
    variable: str  # the query variable without '?', e.g. _kompetenz_iri
    required: bool
    kind: str  # iri, integer or literal
    default: str | None = None
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    text: str

    def answer(self) -> Abfrage:
        """As ``/api/queries`` lists it (the ``#+`` header's grlc words in German)."""
        return Abfrage(
            name=self.name,
            zusammenfassung=self.summary,
            beschreibung=self.description,
            schlagwoerter=list(self.tags),
            parameter=[
                AbfrageParameter(
                    name=p.name,
                    pflicht=p.required,
                    typ=p.kind,
                    standard=p.default,
                    erlaubt=list(p.allowed) or None,
                )
                for p in self.parameters
            ],
        )


def _header(path: Path, text: str) -> dict[str, Any]:
    lines = [line[3:] if line.startswith("#+ ") else line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        meta = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as exc:
        raise SourceError(path, f"Kopf (#+) ist kein gültiges YAML: {exc}") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("summary"), str):
        raise SourceError(path, "Kopf (#+) braucht eine Zeile „summary:“ mit der Frage")
    return meta


def _parameters(path: Path, text: str, meta: Mapping[str, Any]) -> tuple[Parameter, ...]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    defaults = meta.get("defaults") or {}
    enumerate_ = meta.get("enumerate") or {}
    if isinstance(defaults, list):  # grlc writes lists of one-entry mappings
        defaults = {k: v for item in defaults for k, v in item.items()}
    if isinstance(enumerate_, list):
        enumerate_ = {k: v for item in enumerate_ for k, v in item.items()}
    found: dict[str, Parameter] = {}
    for underscores, name in _VARIABLE.findall(body):
        kind = "iri" if name.endswith("_iri") else "integer" if name.endswith("_integer") else "literal"
        default = defaults.get(name)
        found.setdefault(
            name,
            Parameter(
                name=name,
                variable=underscores + name,
                required=underscores == "_" and default is None,
                kind=kind,
                default=None if default is None else str(default),
                allowed=tuple(str(v) for v in enumerate_.get(name, []) or []),
            ),
        )
    return tuple(found.values())


def load_named_queries(folder: Path) -> dict[str, NamedQuery]:
    """Every named query of a folder (not its checks/), by file stem."""
    if not folder.is_dir():
        raise ConfigurationError(f"Ordner fehlt: {folder}")
    found = {}
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        meta = _header(path, text)
        tags = meta.get("tags") or []
        found[path.stem] = NamedQuery(
            name=path.stem,
            path=path,
            summary=meta["summary"].strip(),
            description=str(meta.get("description") or "").strip(),
            tags=tuple(str(t) for t in tags),
            parameters=_parameters(path, text, meta),
            text=text,
        )
    return found


def bind_parameters(query: NamedQuery, values: Mapping[str, str]) -> dict[str, Node]:
    """Check the given values and turn them into RDF terms keyed by query variable."""
    known = {p.name for p in query.parameters}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ParameterError(
            f"unbekannte Parameter: {', '.join(unknown)} (erlaubt: {', '.join(sorted(known)) or 'keine'})"
        )
    bound: dict[str, Node] = {}
    for p in query.parameters:
        raw = values.get(p.name, p.default)
        if raw is None or raw == "":
            if p.required:
                raise ParameterError(f"Parameter „{p.name}“ fehlt")
            continue
        if p.allowed and raw not in p.allowed:
            raise ParameterError(f"„{raw}“ ist für „{p.name}“ nicht erlaubt (erlaubt: {', '.join(p.allowed)})")
        if p.kind == "iri":
            if not _valid_iri(raw):
                raise ParameterError(f'„{p.name}“ braucht eine absolute IRI ohne Leerzeichen, <, >, ", {{, }}')
            bound[p.variable] = URIRef(raw)
        elif p.kind == "integer":
            if not re.fullmatch(r"[+-]?\d{1,18}", raw):
                raise ParameterError(f"„{p.name}“ braucht eine ganze Zahl")
            bound[p.variable] = Literal(int(raw), datatype=XSD.integer)
        else:
            if _SURROGATE.search(raw):
                raise ParameterError(f"„{p.name}“ enthält ein Zeichen, das kein Unicode-Zeichen ist (Ersatzwert)")
            bound[p.variable] = Literal(raw)
    return bound


def _valid_iri(text: str) -> bool:
    """An absolute IRI by RFC 3987 (pyoxigraph's check, the engine's own) that cannot close an IRIREF."""
    try:
        pyoxigraph.NamedNode(text)
    except ValueError:  # UnicodeEncodeError (a lone surrogate) included
        return False
    return _BAD_IRI.search(text) is None and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text) is not None


def sparql_term(term: Node) -> str:
    """``term`` written as a SPARQL term that reads back as exactly the same term.

    IRIs are checked against the characters SPARQL's IRIREF forbids; a literal's lexical form escapes
    backslash, quote and the characters with a short escape. A \\u escape would be replaced before parsing (a
    \\u0022 closes the string), so only two cases use \\U escapes, for characters that are no syntax: NUL, and a
    u or U right after a backslash. A lone surrogate cannot be part of an RDF string and is refused."""
    if isinstance(term, URIRef):
        if not _valid_iri(term):
            raise ParameterError(f"„{term}“ ist keine gültige IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        if _SURROGATE.search(term):
            raise ParameterError("Ein Wert enthält ein Zeichen, das kein Unicode-Zeichen ist (Ersatzwert)")
        text = '"' + _NEEDS_ECHAR.sub(lambda m: _ECHAR[m.group()], str(term)) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype:
            return f"{text}^^{sparql_term(term.datatype)}"
        return text
    raise TypeError(f"not a bindable term: {term!r}")


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def render_query(query: NamedQuery, bound: Mapping[str, Node]) -> str:
    """The query text with the bound terms in a VALUES block at the start of its WHERE group."""
    if not bound:
        return query.text
    match = _WHERE.search(query.text)
    if match is None:
        raise SourceError(query.path, "Abfrage mit Parametern braucht „WHERE {“")
    names = sorted(bound)
    terms = " ".join(sparql_term(bound[n]) for n in names)
    values = f"\n  VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }}\n"
    return query.text[: match.end()] + values + query.text[match.end() :]
