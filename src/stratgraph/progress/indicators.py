"""A strategy's indicators and their observed values, read from any store, each with its assessment.

Two queries give the rows (``queries/indikatoren.rq``, ``queries/intern/fortschritt_werte.rq``), so the same answer
comes from the embedded store, an Oxigraph server or Virtuoso; this module only groups them and calls
``assessment.assess``. A goal's progress summarises the indicators that measure it (``assessment.summarise``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from stratgraph.model import answers
from stratgraph.progress.assessment import Assessment, GoalSummary, Indicator, Value, assess, number, summarise
from stratgraph.store.embedded import Store
from stratgraph.store.named_queries import query_text, sparql_term

__all__ = [
    "METHOD",
    "IndicatorRecord",
    "Observation",
    "Progress",
    "indicator_answer",
    "indicators_answer",
    "progress_answer",
    "progress_text",
    "read_progress",
    "strategy_progress",
]


@dataclass(frozen=True)
class Observation:
    year: int
    value: float
    status: str  # vorlaeufig or endgueltig (the notations of strat:BeobachtungsstatusSchema)
    source: str | None


@dataclass
class IndicatorRecord:
    """One indicator as the graph states it, its values oldest first, and its assessment."""

    iri: str
    name: str
    definition: str | None
    unit: str
    symbol: str
    direction: str  # hoeher or niedriger
    measures: dict[str, str] = field(default_factory=dict)  # goal (or measure) IRI → name
    baseline: float | None = None
    baseline_year: int | None = None
    target: float | None = None
    target_year: int | None = None
    target_kind: str | None = None
    sdg_indicators: dict[str, tuple[str, str]] = field(default_factory=dict)  # UN IRI → code (7.2.1), UN title
    sources: dict[str, str] = field(default_factory=dict)  # IRI → name
    values: list[Observation] = field(default_factory=list)
    assessment: Assessment | None = None

    @property
    def slug(self) -> str:
        return self.iri.rstrip("/").rsplit("/", 1)[-1]

    def method_input(self) -> Indicator:
        return Indicator(
            higher_is_better=self.direction == "hoeher",
            target=self.target,
            target_year=self.target_year,
            target_kind=self.target_kind or "erreichen",
            baseline=self.baseline,
            baseline_year=self.baseline_year,
        )


@dataclass(frozen=True)
class Progress:
    """Every indicator of a strategy with its assessment, and per measured goal the summary of its indicators."""

    indicators: list[IndicatorRecord]
    goals: dict[str, tuple[str, GoalSummary, list[IndicatorRecord]]]  # goal IRI → name, summary, its indicators

    def indicator(self, slug_or_iri: str) -> IndicatorRecord | None:
        return next((i for i in self.indicators if slug_or_iri in (i.iri, i.slug)), None)


def _text(row: dict[str, Node], key: str) -> str | None:
    return str(row[key]) if key in row else None


def _number(row: dict[str, Node], key: str) -> float | None:
    """A number from a typed literal or, as the values query gives it, from its lexical form."""
    node = row.get(key)
    if not isinstance(node, Literal):
        return None
    return float(node) if node.datatype is None else float(node.toPython())


def _year(row: dict[str, Node], key: str) -> int | None:
    text = _text(row, key)
    return int(text[:4]) if text else None


def read_progress(store: Store, queries_dir: Path, only: str | None = None) -> Progress:
    """The indicators (``only``: the one with this IRI) with their values and assessments, from ``store``."""
    restrict = "" if only is None else f"VALUES ?__indikator_iri {{ {sparql_term(URIRef(only))} }}\n"
    found: dict[str, IndicatorRecord] = {}
    for row in store.select(_restricted(query_text(queries_dir, "indikatoren.rq"), restrict)):
        iri = str(row["indikator"])
        record = found.get(iri)
        if record is None:
            record = found[iri] = IndicatorRecord(
                iri=iri,
                name=str(row["name"]),
                definition=_text(row, "definition"),
                unit=str(row["einheit"]),
                symbol=str(row["zeichen"]),
                direction=str(row["richtung"]),
                baseline=_number(row, "ausgangswert"),
                baseline_year=_year(row, "ausgangsjahr"),
                target=_number(row, "zielwert"),
                target_year=_year(row, "zieljahr"),
                target_kind=_text(row, "zielart"),
            )
        record.measures[str(row["ziel"])] = str(row["zielName"])
        if "sdgIndikator" in row:
            record.sdg_indicators[str(row["sdgIndikator"])] = (str(row["sdgCode"]), str(row["sdgTitel"]))
        if "quelle" in row:
            record.sources[str(row["quelle"])] = str(row.get("quelleName", row["quelle"]))
    for row in store.select(_restricted(query_text(queries_dir, "intern/fortschritt_werte.rq"), restrict)):
        record = found.get(str(row["indikator"]))
        year, value = _year(row, "jahr"), _number(row, "messwert")
        if record is not None and year is not None and value is not None:
            status = str(row["status"])
            record.values.append(Observation(year, value, status, _text(row, "quelle")))
    indicators = sorted(found.values(), key=lambda r: r.name)
    goals: dict[str, tuple[str, list[IndicatorRecord]]] = {}
    for record in indicators:
        record.values.sort(key=lambda v: v.year)
        series = [Value(v.year, v.value, v.status == "vorlaeufig") for v in record.values]
        record.assessment = assess(record.method_input(), series)
        for goal, name in record.measures.items():
            goals.setdefault(goal, (name, []))[1].append(record)
    summaries = {
        goal: (name, summarise([r.assessment for r in records if r.assessment is not None]), records)
        for goal, (name, records) in sorted(goals.items(), key=lambda kv: kv[1][0])
    }
    return Progress(indicators, summaries)


def _restricted(query: str, values: str) -> str:
    """The query with ``values`` (a VALUES block for its optional parameter) at the start of its WHERE group."""
    if not values:
        return query
    where = query.index("WHERE {") + len("WHERE {")
    return query[:where] + "\n  " + values + query[where:]


METHOD = (
    "Bewertet nach der Methode des EU-SDG-Monitoringberichts von Eurostat: mit Zielwert die beobachtete "
    "jährliche Wachstumsrate der letzten fünf Jahre gegen die für das Ziel nötige (≥ 95 % deutlicher, ≥ 60 % "
    "mäßiger, ≥ 0 % unzureichender Fortschritt, sonst Entfernung vom Ziel), ohne Zielwert die Rate in der "
    "gewünschten Richtung (±1 % pro Jahr); mindestens drei Werte über drei Jahre."
)


def _assessment(a: Assessment) -> answers.Bewertung:
    return answers.Bewertung(
        kategorie=a.category.words,
        zeichen=a.category.symbol,
        stufe=a.category.level or None,
        begruendung=a.reason,
        beobachtet=None if a.observed is None else round(a.observed, 6),
        benoetigt=None if a.required is None else round(a.required, 6),
        verhaeltnis=None if a.ratio is None else round(a.ratio, 4),
        linear=a.linear,
        von_jahr=a.start.year if a.start else None,
        bis_jahr=a.end.year if a.end else None,
    )


def _value(v: Observation) -> answers.Indikatorwert:
    return answers.Indikatorwert(jahr=v.year, wert=v.value, vorlaeufig=v.status == "vorlaeufig", quelle=v.source)


def _entry(r: IndicatorRecord) -> dict[str, object]:
    assert r.assessment is not None
    return {
        "iri": r.iri,
        "slug": r.slug,
        "name": r.name,
        "einheit": r.unit,
        "einheit_zeichen": r.symbol,
        "richtung": r.direction,
        "misst": [answers.Ref(iri=iri, name=name) for iri, name in r.measures.items()],
        "ausgangswert": r.baseline,
        "ausgangsjahr": r.baseline_year,
        "zielwert": r.target,
        "zieljahr": r.target_year,
        "zielart": r.target_kind,
        "letzter_wert": _value(r.values[-1]) if r.values else None,
        "bewertung": _assessment(r.assessment),
    }


def indicators_answer(progress: Progress) -> answers.Indikatoren:
    """``/api/indikatoren``: every indicator with its latest value and assessment."""
    entries = [answers.IndikatorEintrag.model_validate(_entry(r)) for r in progress.indicators]
    return answers.Indikatoren(methode=METHOD, anzahl=len(entries), indikatoren=entries)


def indicator_answer(record: IndicatorRecord) -> answers.IndikatorDetail:
    """``/api/indikatoren/{slug}``: one indicator with all its values, sources and SDG indicators."""
    return answers.IndikatorDetail.model_validate(
        {
            **_entry(record),
            "definition": record.definition,
            "quellen": [answers.Ref(iri=iri, name=name) for iri, name in record.sources.items()],
            "werte": [_value(v) for v in record.values],
            "sdg_indikatoren": [
                answers.SdgIndikator(iri=iri, code=code, titel_un=title)
                for iri, (code, title) in sorted(record.sdg_indicators.items(), key=lambda kv: kv[1][0])
            ],
            "methode": METHOD,
        }
    )


def progress_answer(progress: Progress, implementation: answers.Umsetzung) -> answers.Fortschritt:
    """``/api/fortschritt``: the measures by status (``implementation``), per measured goal the summary of its
    indicators, and all of them together."""
    overall = summarise([r.assessment for r in progress.indicators if r.assessment is not None])
    return answers.Fortschritt(
        methode=METHOD,
        umsetzung=implementation,
        gesamt=answers.Gesamtstand(stufe=overall.level, worte=overall.words, begruendung=overall.reason),
        ziele=[
            answers.ZielFortschritt(
                iri=goal,
                name=name,
                stufe=summary.level,
                worte=summary.words,
                begruendung=summary.reason,
                indikatoren=[answers.Ref(iri=r.iri, name=r.name) for r in records],
            )
            for goal, (name, summary, records) in progress.goals.items()
        ],
        indikatoren=indicators_answer(progress).indikatoren,
    )


def progress_text(answer: answers.Fortschritt) -> str:
    """The progress for people at a terminal: the whole, each goal, each indicator with the numbers behind it."""
    u = answer.umsetzung
    lines = [f"Umsetzung der {u.bezeichnung_massnahmen}:"]
    for a in u.laut_quellen:
        source = f" ({'; '.join(q.name for q in a.quellen)})" if a.quellen else ""
        lines.append(f"  {a.stichtag:<8} {a.angabe}: {a.anzahl}{source}")
    for v in u.aus_statusverlauf:
        counts = ", ".join(f"{n} {s}" for s, n in v.anzahl.items() if n)
        lines.append(f"  Ende {v.jahresende}: {counts} (aus {v.massnahmen_mit_verlauf} Statusverläufen)")
    lines.append("  heute:    " + ", ".join(f"{n} {s}" for s, n in u.heute.items() if n) + f" (von {u.gesamt})")
    lines += ["", f"Fortschritt: {answer.gesamt.worte} – {answer.gesamt.begruendung}", answer.methode, "", "Ziele:"]
    for goal in answer.ziele:
        lines.append(f"  {goal.worte:<21} {goal.name} ({goal.begruendung.split(';', 1)[0]})")
    if not answer.ziele:
        lines.append("  – (kein Ziel hat einen Indikator)")
    lines += ["", "Indikatoren:"]
    for i in answer.indikatoren:
        last = i.letzter_wert
        shown = "kein Wert" if last is None else f"{number(last.wert)} {i.einheit_zeichen} ({last.jahr}"
        if last is not None:
            shown += ", vorläufig)" if last.vorlaeufig else ")"
        lines.append(f"  {i.bewertung.zeichen} {i.bewertung.kategorie}: {i.name} – {shown}")
        lines.append(f"      {i.bewertung.begruendung}")
    return "\n".join(lines)


def strategy_progress(store: Store, queries_dir: Path) -> answers.Fortschritt:
    """The progress answer of the strategy ``store`` is scoped to: its measures by status and its indicators."""
    from stratgraph.coverage import matrix as cov
    from stratgraph.progress.implementation import implementation_answer

    measures_word = cov.wording(cov.context(store, queries_dir), "kompetenz")[1]
    return progress_answer(read_progress(store, queries_dir), implementation_answer(store, queries_dir, measures_word))
