"""SPARQL 1.1 for the endpoint: what a query is (from its parse tree), which format fits, and the result writers.

Safety is decided on the parsed query, never on its text: updates are refused, and so is ``SERVICE``, because
every engine tried here fetches a SERVICE IRI by itself and pyoxigraph has no switch to stop it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib.namespace import XSD
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from stratgraph.errors import StratgraphError

__all__ = [
    "ForbiddenQuery",
    "MalformedQuery",
    "QueryInfo",
    "analyse",
    "write_boolean",
    "write_solutions",
]


class MalformedQuery(StratgraphError):  # noqa: N818 - named after the protocol's error, like the spec
    """The text is not a SPARQL 1.1 query (HTTP 400)."""


class ForbiddenQuery(StratgraphError):  # noqa: N818
    """The query would change data or reach out to another server (HTTP 403)."""


@dataclass(frozen=True)
class QueryInfo:
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    from_graphs: tuple[str, ...]
    from_named: tuple[str, ...]

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def _names(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, CompValue):
        found.add(node.name)
        for value in node.values():
            _names(value, found)
    elif isinstance(node, list | tuple) or hasattr(node, "asList"):
        for value in node:
            _names(value, found)
    return found


# Strings, IRIs and comments, whose brackets do not nest; the rest of a query is scanned for its depth.
_OPAQUE = re.compile(
    r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n]*'''
)
# the keyword before its endpoint (a variable or prefixed name, or — the IRI blanked out — its group); not a
# variable such as ?service or a prefixed name such as ex:service
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE\s+(?:SILENT\s+)?[{?$\w]", re.IGNORECASE)
_PROLOGUE = re.compile(r"\bPREFIX\s+[^\s:]*:|\bBASE\b", re.IGNORECASE)  # what is left of a prologue
_NO_SERVICE = "SERVICE ist nicht erlaubt: der Dienst stellt keine Anfragen an andere Server."
MAX_NESTING = 24  # rdflib's parser (pyparsing) recurses per level: near 32 it gives up, with a misleading message, as
# soon as the caller's stack is deep (a test runner, a worker thread); 24 leaves room


def nesting(text: str) -> int:
    """How deep groups and brackets nest in a query text, outside strings, IRIs and comments."""
    depth = deepest = 0
    for char in _OPAQUE.sub(" ", text):
        if char in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})":
            depth -= 1
    return deepest


@lru_cache(maxsize=128)  # in each query process; texts are at most max_query bytes
def analyse(text: str) -> QueryInfo:
    """Parse the query; refuse updates and SERVICE; report its form and dataset clauses."""
    try:
        parsed = parseQuery(text)
    except Exception:
        try:
            parseUpdate(text)
        except Exception as exc:
            if _SERVICE.search(_OPAQUE.sub(" ", text)):  # rdflib cannot parse SERVICE inside SERVICE
                raise ForbiddenQuery(_NO_SERVICE) from None
            depth = nesting(text)
            if depth > MAX_NESTING:
                raise MalformedQuery(
                    f"Die Abfrage ist {depth} Ebenen tief verschachtelt; hier sind höchstens {MAX_NESTING} "
                    "möglich. Bitte flacher formulieren (z. B. Gruppen zusammenfassen)."
                ) from None
            raise MalformedQuery(f"keine gültige SPARQL-1.1-Abfrage: {str(exc).splitlines()[0]}") from None
        if not _PROLOGUE.sub(" ", _OPAQUE.sub(" ", text)).strip():  # comments and prefixes: an empty update
            raise MalformedQuery("Die Abfrage ist leer (nur Kommentare oder Präfixe).") from None
        raise ForbiddenQuery("SPARQL Update ist hier nicht erlaubt; der Dienst ist nur lesend.") from None
    if "ServiceGraphPattern" in _names(parsed, set()):
        raise ForbiddenQuery(_NO_SERVICE)
    query = parsed[1]
    forms = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
    dataset = [d for d in (query.get("datasetClause") or []) if isinstance(d, CompValue)]
    return QueryInfo(
        form=forms[query.name],
        from_graphs=tuple(str(d["default"]) for d in dataset if "default" in d),  # CompValue.get never says None
        from_named=tuple(str(d["named"]) for d in dataset if "named" in d),
    )


def _term_json(term: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != str(XSD.string):
        out["datatype"] = term.datatype.value
    return out


def _term_xml(term: Any) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != str(XSD.string):
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _term_tsv(term: Any) -> str:
    return str(term)  # pyoxigraph's str() is the N-Triples/Turtle form the TSV format asks for


def write_solutions(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SELECT results in one of the four SPARQL 1.1 result formats; rows hold pyoxigraph terms or None.

    Our own writer: pyoxigraph serialises only a whole QuerySolutions, and the row cap needs a cut-off list.
    """
    if fmt == "json":
        bindings = [{v: _term_json(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        results = "".join(
            "<result>"
            + "".join(
                f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            + "</result>"
            for row in rows
        )
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>{head}</head>'
            f"<results>{results}</results></sparql>\n"
        ).encode()
    if fmt == "csv":
        # SPARQL 1.1 CSV results stay faithful (no formula guard, unlike our downloads): they are data for
        # programs, and a changed value would be a wrong answer; docs/betrieb.md says so
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([["" if t is None else t.value for t in row] for row in rows])
        return out.getvalue().encode()
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else _term_tsv(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def write_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return ("true" if value else "false").encode() + (b"\r\n" if fmt == "csv" else b"\n")
