"""The one escaping function for named-query bindings, proven over arbitrary Unicode (issue: a value with a
newline ending in a backslash-quote escaped rdflib's ``n3()`` and, with two text parameters, rewrote the
VALUES block)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from stratgraph.store.named_queries import (
    NamedQuery,
    Parameter,
    ParameterError,
    bind_parameters,
    render_query,
    sparql_term,
)

# Every code point, surrogates included, control characters included.
ANY_TEXT = st.text(alphabet=st.characters(codec=None, blacklist_categories=()), max_size=40)
UNICODE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
HOSTILE = st.text(alphabet=st.sampled_from(list("\\\"'\n\r\t\x00\x01\x7f\u2028{}<>;#?$uU0022F")), max_size=30)
EMPTY_STORE = pyoxigraph.Store()


def _round_trip(term_text: str) -> object:
    """The value that a real SPARQL engine binds for the written term."""
    rows = list(EMPTY_STORE.query(f"SELECT ?v WHERE {{ VALUES ?v {{ {term_text} }} }}"))
    assert len(rows) == 1
    return rows[0]["v"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(UNICODE_TEXT, HOSTILE))
def test_every_unicode_string_comes_back_unchanged(value: str) -> None:
    written = sparql_term(Literal(value))
    assert _round_trip(written) == pyoxigraph.Literal(value)
    # rdflib reads it too (it replaces \\u escapes before parsing, even after an escaped backslash)
    rows = list(Graph().query(prepareQuery(f"SELECT ?v WHERE {{ VALUES ?v {{ {written} }} }}")))
    assert str(rows[0][0]) == value


@pytest.mark.parametrize("value", ["\\u0000", "\\u0022", "\\U00000022", "\x001234", "\\\x00", "a\\u"])
def test_escape_lookalikes_come_back_unchanged(value: str) -> None:
    written = sparql_term(Literal(value))
    assert _round_trip(written) == pyoxigraph.Literal(value)
    rows = list(Graph().query(prepareQuery(f"SELECT ?v WHERE {{ VALUES ?v {{ {written} }} }}")))
    assert str(rows[0][0]) == value


@settings(max_examples=100, deadline=None)
@given(UNICODE_TEXT, st.sampled_from(["de", "en", "de-DE"]))
def test_language_tagged_strings_come_back_unchanged(value: str, lang: str) -> None:
    assert _round_trip(sparql_term(Literal(value, lang=lang))) == pyoxigraph.Literal(value, language=lang)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), ANY_TEXT)
def test_a_lone_surrogate_is_refused_not_written(before: str, surrogate: str, after: str) -> None:
    with pytest.raises(ParameterError):
        sparql_term(Literal(before + surrogate + after))


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_an_iri_is_written_only_when_it_reads_back_as_itself(path: str) -> None:
    iri = "https://example.org/" + path
    try:
        written = sparql_term(URIRef(iri))
    except ParameterError:
        return
    assert _round_trip(written) == pyoxigraph.NamedNode(iri)


def test_the_case_from_the_issue_is_one_literal() -> None:
    value = 'zwei\nZeilen\\"'
    assert _round_trip(sparql_term(Literal(value))) == pyoxigraph.Literal(value)


def test_two_text_parameters_cannot_rewrite_the_values_block() -> None:
    """Two rows in the data; the query must find exactly the one whose two fields match both values."""
    store = pyoxigraph.Store()
    ex = "https://example.org/"
    first, second = 'a\nb\\"', ') (""" } UNION { ?s ?p ?o } #'
    for name, (x, y) in {"eins": (first, second), "zwei": ("anders", "auch anders")}.items():
        subject = pyoxigraph.NamedNode(ex + name)
        store.add(pyoxigraph.Quad(subject, pyoxigraph.NamedNode(ex + "x"), pyoxigraph.Literal(x)))
        store.add(pyoxigraph.Quad(subject, pyoxigraph.NamedNode(ex + "y"), pyoxigraph.Literal(y)))
    text = f"SELECT ?s WHERE {{ ?s <{ex}x> ?_x ; <{ex}y> ?_y . }}"
    query = NamedQuery(
        name="zwei",
        path=Path("zwei.rq"),
        summary="?",
        description="",
        tags=(),
        parameters=(Parameter("x", "_x", True, "literal"), Parameter("y", "_y", True, "literal")),
        text=text,
    )
    rendered = render_query(query, bind_parameters(query, {"x": first, "y": second}))
    assert [str(row["s"].value) for row in store.query(rendered)] == [ex + "eins"]
