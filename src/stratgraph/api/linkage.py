"""The linkage API: the questions users ask, as JSON (German keys and values; the models in ``model.answers``).

Everything here is answered by SPARQL through the store's ``select`` (plus the coverage core), so the same
routes can sit on another SPARQL store. The graph does not change while the service runs, so answers are
cached by URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import TypeAdapter
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from stratgraph.api.cache import Answer, linkage_key
from stratgraph.api.scope import STADT_PARAMETER, scope
from stratgraph.api.state import live, service
from stratgraph.config import Settings
from stratgraph.coverage import matrix as cov
from stratgraph.coverage import reports
from stratgraph.coverage.matrix import DIMENSIONS, GOAL_VIEW, Filters
from stratgraph.errors import ConfigurationError
from stratgraph.model import answers as models
from stratgraph.model.labels import NAME_PREDICATES, label
from stratgraph.model.namespaces import SDG, SDGO, STRAT
from stratgraph.model.resolve import Scheme, UnknownNameError, fold, resolve_resource, resolve_sdg
from stratgraph.store.embedded import ScopedStore, Store
from stratgraph.store.named_queries import NamedQuery, bind_parameters, render_query
from stratgraph.strategies.scopes import StrategyScope

__all__ = ["Api", "Linkage", "linkage", "linkage_for_iri", "router"]

router = APIRouter(prefix="/api", tags=["Verknüpfungen"])
SCHWERPUNKT_NOTICE = "Die Schwerpunkte der Kernaktivitäten sind redaktionell zugeordnet, nicht aus den Quellen."
NOTICE = "Die SDG- und Querschnittsthemen-Bezüge sind redaktionelle Einschätzungen, keine Aussagen der Quellen."


def cached(model: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Answer through the response model and keep the encoded answer for the fast path (``cache.CachedAnswers``).

    The handler's model instance is checked against ``model`` and encoded by it, as FastAPI would; the bytes are
    kept because the embedded graph changes only by a reload, which empties the cache. A remote store may change
    underneath, so its answers are not kept. The handler runs in the thread pool, so
    SPARQL work never blocks the loop.
    """
    adapter: TypeAdapter[Any] = TypeAdapter(model)

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(handler)
        async def wrapper(request: Request, *args: Any, **kwargs: Any) -> Response:
            def compute() -> bytes:
                return adapter.dump_json(adapter.validate_python(handler(request, *args, **kwargs)), by_alias=True)

            caches = live(request).caches
            cache = caches.linkage if caches is not None else None
            key = linkage_key(request.scope)
            answer = cache.get(key) if cache is not None else None
            if answer is None:
                answer = Answer(await run_in_threadpool(compute))
                if cache is not None:
                    cache.put(key, answer, len(answer.body))
            return Response(answer.body, media_type="application/json")

        return wrapper

    return decorate


def answer(
    path: str, model: Any, summary: str, on: APIRouter = router
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A linkage route: GET ``/api<path>`` (on ``on``), described and answered through ``model``, kept by ``cached``.

    The module keeps the plain function (it returns the answer's model), so the pages build their HTML from the
    very same answer.
    """

    def register(handler: Callable[..., Any]) -> Callable[..., Any]:
        on.get(path, response_model=model, summary=summary)(cached(model)(handler))
        return handler

    return register


@dataclass(frozen=True)
class Linkage:
    """What a linkage answer needs from the app: the store, the named queries, the ontology's values, settings."""

    store: Store  # scoped to the strategy
    named_queries: dict[str, NamedQuery]
    schemes: dict[str, Scheme]
    settings: Settings
    scope: StrategyScope

    @property
    def queries_dir(self) -> Path:
        return self.settings.queries

    def ask(self, name: str, **values: str | None) -> list[dict[str, Node]]:
        """Rows of the named query ``queries/<name>.rq``, its parameters bound as RDF terms (never pasted)."""
        query = self.named_queries[name]
        bound = bind_parameters(query, {k: v for k, v in values.items() if v is not None})  # ParameterError: 400
        return self.store.select(render_query(query, bound))

    def iri(self, klasse: str, value: str, status: int = 400) -> str:
        """A resource given by slug or full IRI, as an IRI checked against the base and a safe slug pattern.

        ``status`` is the answer to a value that cannot be one of ours: 400 for a parameter, 404 for a path."""
        base = self.scope.base.rstrip("/")
        iri = value if value.startswith(base + "/") else f"{base}/{klasse}/{value}"
        slug = iri[len(base) + 1 :]
        if not slug.startswith(klasse + "/") or not all(c.isalnum() or c in "-./" for c in slug) or ".." in slug:
            raise HTTPException(status, f"„{value}“ ist keine gültige Angabe für {klasse}")
        return iri

    def element(self, value: str, graph: Graph) -> URIRef:
        """A measure or goal of the strategy by IRI, path under the base (``massnahme/…``) or bare slug (measures
        first, then goals); 404 when the strategy has none such."""
        base = self.scope.base.rstrip("/")
        if value.startswith(base + "/"):
            value = value[len(base) + 1 :]
        if not value or not all(c.isalnum() or c in "-./" for c in value) or ".." in value:
            raise HTTPException(400, f"„{value}“ ist keine gültige Angabe einer Maßnahme oder eines Ziels")
        goals = [e for lv in cov.levels(graph, STRAT.zielebene) for e in cov.on_level(graph, lv)]
        for candidate in (*cov.measures(graph), *goals):
            path = str(candidate)[len(base) + 1 :]
            if path == value or ("/" not in value and path.rsplit("/", 1)[-1] == value):
                return candidate
        raise HTTPException(404, f"keine Maßnahme und kein Ziel „{value}“")

    def context(self) -> Graph:
        """Names, classes, codes and evidence as the store holds them now (``queries/intern/abdeckung_kontext.rq``)."""
        return cov.context(self.store, self.queries_dir)

    def concept(self, key: str, value: str | None) -> URIRef | None:
        """A controlled value (status, Prüfstatus, Stärke) from the ontology's scheme; 400 with the valid ones."""
        if value is None:
            return None
        return self.schemes[key].resolve(value).iri  # UnknownNameError: 400 (api/status.py)

    def named(self, klasse: URIRef, value: str | None, what: str) -> URIRef | None:
        """A resource given by name, slug or IRI, checked against the store; 400 with close matches."""
        if value is None:
            return None
        return resolve_resource(self.context(), klasse, value, what)  # UnknownNameError: 400

    def top_element(self, value: str | None) -> URIRef | None:
        """An element of the strategy's top level (a Kompetenz, a Themenfeld) by name, slug or IRI; 400 else."""
        if value is None:
            return None
        graph = self.context()
        klasse = STRAT.Kompetenz if (None, RDF.type, STRAT.Kompetenz) in graph else STRAT.Handlungsfeld
        top = cov.levels(graph)[:1]
        what = str(graph.value(top[0], SKOS.prefLabel)) if top else "Kompetenz"
        return resolve_resource(graph, klasse, value, what)  # UnknownNameError: 400

    def status_counts(self, items: list[models.KernaktivitaetEintrag]) -> models.StatusZahlen:
        counts = {"gesamt": len(items), **dict.fromkeys(self.schemes["status"].notations, 0)}
        for item in items:
            counts[item.status] += 1
        return models.StatusZahlen(**counts)


def linkage(
    request: Request,
    stadt: Annotated[str | None, Query(pattern="^[a-z0-9-]+$", description=STADT_PARAMETER["description"])] = None,
) -> Linkage:
    """The dependency every linkage route takes: the store scoped to one strategy, queries, values, settings."""
    served, chosen = service(request), scope(request, stadt)
    store = ScopedStore(live(request).store, chosen.graphs)
    return Linkage(store, served.named_queries, served.schemes, served.settings, chosen)


def linkage_for_iri(request: Request, iri: str) -> Linkage:
    """The linkage view of the strategy an IRI belongs to (by its base), else of the default one."""
    for slug, known in live(request).scopes.items():
        if iri.startswith(known.base):
            return linkage(request, slug)
    return linkage(request)


Api = Annotated[Linkage, Depends(linkage)]


_SDG_CODE = re.compile(r"(?:1[0-7]|[1-9])(?:\.[0-9a-z]{1,2})?", re.ASCII)  # ASCII: "²".isdigit() is true


def sdg_iri(code: str) -> str:
    if not _SDG_CODE.fullmatch(code):
        raise HTTPException(400, f"„{code}“ ist kein SDG-Code (z. B. 13 oder 13.2)")
    return str(SDG[code])


def _ref(row: dict[str, Node], iri: str, name: str) -> models.Ref | None:
    return models.Ref(iri=str(row[iri]), name=str(row.get(name, row[iri]))) if iri in row else None


def _slug(node: Node) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _local(node: Node) -> str:
    return str(node).rsplit("#", 1)[-1]


def _true(node: Node | None) -> bool:
    """A boolean answer: xsd:boolean true, or 1 from Virtuoso, which answers booleans as xsd:integer 0/1."""
    return isinstance(node, Literal) and bool(node.toPython())


def _wesenskern(api: Linkage) -> models.Wesenskern | None:
    """The core of the strategy (a vision) with its guiding terms, where it has one (``wesenskern.rq``)."""
    rows = api.ask("wesenskern")
    if not rows:
        return None
    terms: dict[str, models.Leitbegriff] = {}
    for row in rows:
        term = terms.setdefault(
            str(row["leitbegriff"]),
            models.Leitbegriff(
                iri=str(row["leitbegriff"]), name=str(row["name"]), kurzformel=str(row["kurzformel"]), kompetenzen=[]
            ),
        )
        term.kompetenzen.append(str(row["kompetenz"]))
    return models.Wesenskern(
        iri=str(rows[0]["wesenskern"]), name=str(rows[0]["wesenskernName"]), leitbegriffe=list(terms.values())
    )


def _ziele(rows: list[dict[str, Node]]) -> list[models.StrategischesZiel]:
    return [
        models.StrategischesZiel(
            iri=str(z["ziel"]),
            name=str(z["name"]),
            indikator=str(z.get("indikator", "")),
            beschreibung=str(z["beschreibung"]) if "beschreibung" in z else None,
        )
        for z in rows
    ]


def strategy_head(api: Linkage) -> models.StrategieKopf | None:
    """The strategy itself from its data (``queries/strategie.rq``): name, description, publisher, period."""
    rows = api.ask("strategie")
    if not rows:
        return None
    row = rows[0]

    def text(key: str) -> str | None:
        return str(row[key]) if key in row else None

    name, end = str(row["name"]), text("ende")
    return models.StrategieKopf(
        iri=str(row["strategie"]),
        name=name,
        titel=f"{name} {end}" if end and end not in name else name,
        beschreibung=text("beschreibung"),
        herausgeber=text("herausgeberName"),
        beginn=text("beginn"),
        ende=end,
    )


def levels_and_tree(api: Linkage) -> tuple[list[models.EbeneImBaum], list[models.ElementImBaum]]:
    """The strategy's levels from the top down and its elements as a tree (``ebenen.rq``, ``elemente.rq``)."""
    levels = [
        models.EbeneImBaum(
            iri=str(r["ebene"]),
            name=str(r["name"]),
            mehrzahl=str(r.get("mehrzahl", r["name"])),
            art={"gliederungsebene": "gliederung", "zielebene": "ziel"}.get(_local(r["art"]), "massnahme"),
            klasse=str(r["klasse"]),
            position=int(str(r["position"])),
            anzahl=int(str(r["elemente"])),
        )
        for r in api.ask("ebenen")
    ]
    nodes: dict[str, models.ElementImBaum] = {}
    parents: dict[str, str] = {}
    for r in api.ask("elemente"):
        iri = str(r["element"])
        if iri in nodes:  # a second parent on the level above: the shapes refuse it; shown once
            continue
        nodes[iri] = models.ElementImBaum(
            iri=iri,
            name=str(r["name"]),
            ebene=str(r["ebene"]),
            status=_local(r["status"]) if "status" in r else None,
            unterelemente=[],
        )
        if "uebergeordnet" in r:
            parents[iri] = str(r["uebergeordnet"])
    roots: list[models.ElementImBaum] = []
    for iri, node in nodes.items():  # in the query's order: level, position, name
        parent = nodes.get(parents.get(iri, ""))
        (parent.unterelemente if parent is not None else roots).append(node)
    top = levels[0].iri if levels else None
    return levels, [r for r in roots if r.ebene == top]


@answer(
    "/zielsystem",
    models.Zielsystem,
    "Das Zielsystem: die Strategie, ihre Ebenen und ihr Baum; mit Wesenskern und Kompetenzen, wo sie es hat",
)
def zielsystem(request: Request, api: Api) -> models.Zielsystem:
    ziele = api.ask("strategische_ziele")
    schwerpunkte = api.ask("schwerpunkte")
    levels, tree = levels_and_tree(api)
    return models.Zielsystem(
        strategie=strategy_head(api),
        ebenen=levels,
        elemente=tree,
        wesenskern=_wesenskern(api),
        kompetenzen=[
            models.KompetenzImBaum(
                iri=str(k["kompetenz"]),
                name=str(k["name"]),
                position=int(str(k["position"])),
                strategische_ziele=_ziele([z for z in ziele if z["kompetenz"] == k["kompetenz"]]),
                schwerpunkte=[
                    models.SchwerpunktImBaum(
                        iri=str(s["schwerpunkt"]),
                        name=str(s["name"]),
                        programmatische_ziele=int(str(s["programmatischeZiele"])),
                    )
                    for s in schwerpunkte
                    if s["kompetenz"] == k["kompetenz"]
                ],
            )
            for k in api.ask("kompetenzen")
        ],
        querschnittsthemen=[
            models.Ref(iri=str(q["querschnittsthema"]), name=str(q["name"])) for q in api.ask("querschnittsthemen")
        ],
    )


@answer(
    "/kompetenzen",
    list[models.KompetenzUebersicht],
    "Die fünf Kompetenzen mit der Zahl ihrer Kernaktivitäten je Status",
)
def kompetenzen(request: Request, api: Api) -> list[models.KompetenzUebersicht]:
    items = _kernaktivitaeten(api)
    return [
        models.KompetenzUebersicht(
            iri=str(k["kompetenz"]),
            slug=_slug(k["kompetenz"]),
            name=str(k["name"]),
            name_englisch=str(k["nameEn"]) if "nameEn" in k else None,
            position=int(str(k["position"])),
            kernaktivitaeten=api.status_counts(
                [i for i in items if i.kompetenz is not None and i.kompetenz.iri == str(k["kompetenz"])]
            ),
        )
        for k in api.ask("kompetenzen")
    ]


@answer(
    "/kompetenzen/{slug}",
    models.KompetenzDetail,
    "Eine Kompetenz mit Bild 2030, Zielen, Schwerpunkten und Kernaktivitäten",
)
def kompetenz(request: Request, api: Api, slug: str) -> models.KompetenzDetail:
    iri = api.iri("kompetenz", slug, 404)
    found = api.ask("kompetenzen", kompetenz_iri=iri)
    if not found:
        raise HTTPException(404, f"keine Kompetenz „{slug}“")
    k = found[0]
    core = _wesenskern(api)
    programmatische = api.ask("programmatische_ziele", kompetenz_iri=iri)
    items = _kernaktivitaeten(api, kompetenz_iri=iri)
    return models.KompetenzDetail(
        iri=iri,
        name=str(k["name"]),
        name_englisch=str(k["nameEn"]) if "nameEn" in k else None,
        position=int(str(k["position"])),
        bild_2030=str(k["bild2030"]) if "bild2030" in k else None,
        leitbegriffe=[t.name for t in (core.leitbegriffe if core else []) if iri in t.kompetenzen],
        strategische_ziele=_ziele(api.ask("strategische_ziele", kompetenz_iri=iri)),
        schwerpunkte=[
            models.SchwerpunktDetail(
                iri=str(s["schwerpunkt"]),
                name=str(s["name"]),
                programmatische_ziele=[str(z["text"]) for z in programmatische if z["schwerpunkt"] == s["schwerpunkt"]],
                kernaktivitaeten=[
                    models.KernaktivitaetKurz(iri=i.iri, name=i.name, status=i.status)
                    for i in items
                    if i.schwerpunkt and i.schwerpunkt.iri == str(s["schwerpunkt"])
                ],
            )
            for s in api.ask("schwerpunkte", kompetenz_iri=iri)
        ],
        kernaktivitaeten=api.status_counts(items),
        hinweis=SCHWERPUNKT_NOTICE,
    )


def _kernaktivitaeten(api: Linkage, **filters: str | None) -> list[models.KernaktivitaetEintrag]:
    items: dict[str, models.KernaktivitaetEintrag] = {}
    for r in api.ask("kernaktivitaeten", **filters):
        item = items.setdefault(
            str(r["kernaktivitaet"]),
            models.KernaktivitaetEintrag(
                iri=str(r["kernaktivitaet"]),
                name=str(r["name"]),
                kompetenz=_ref(r, "kompetenz", "kompetenzName"),
                schwerpunkt=_ref(r, "schwerpunkt", "schwerpunktName"),
                schwerpunkt_basis=_local(r["schwerpunktBasis"]) if "schwerpunktBasis" in r else None,
                status=_local(r["status"]),
                status_erschlossen=_true(r.get("statusErschlossen")),
                wege=[],
            ),
        )
        if "weg" in r:
            path = "direkt" if str(r["weg"]) == "direkt" else f"über das Querschnittsthema {r['wegThema']}"
            if path not in item.wege:
                item.wege.append(path)
    return sorted(items.values(), key=lambda item: item.name)


@answer(
    "/kernaktivitaeten",
    models.Kernaktivitaeten,
    "Kernaktivitäten, gefiltert nach Kompetenz, Schwerpunkt, Status, Thema, SDG",
)
def kernaktivitaeten(
    request: Request,
    api: Api,
    kompetenz: Annotated[str | None, Query(description="Name, Slug oder IRI der Kompetenz")] = None,
    schwerpunkt: Annotated[str | None, Query(description="Name, Slug oder IRI des Schwerpunkts")] = None,
    status: Annotated[str | None, Query(description="Status der Kernaktivität, z. B. umgesetzt")] = None,
    querschnittsthema: Annotated[str | None, Query(description="Name, Slug oder IRI des Querschnittsthemas")] = None,
    sdg: Annotated[str | None, Query(description="SDG-Ziel oder -Unterziel, z. B. 13 oder 13.2")] = None,
    wege: Annotated[
        str,
        Query(
            description="mit sdg: direkt (Standard: nur eigene Bezüge der Kernaktivität, sie zählen) oder alle "
            "(dazu die Wege über ein Querschnittsthema, als Kontext gekennzeichnet)"
        ),
    ] = "direkt",
) -> models.Kernaktivitaeten:
    def text(node: URIRef | None) -> str | None:
        return None if node is None else str(node)

    items = _kernaktivitaeten(
        api,
        kompetenz_iri=text(api.named(STRAT.Kompetenz, kompetenz, "Kompetenz")),
        schwerpunkt_iri=text(api.named(STRAT.Schwerpunkt, schwerpunkt, "Schwerpunkt")),
        status_iri=text(api.concept("status", status)),
        querschnittsthema_iri=text(api.named(STRAT.Querschnittsthema, querschnittsthema, "Querschnittsthema")),
        sdg_iri=sdg_iri(sdg) if sdg is not None else None,
        wege=wege,
    )
    return models.Kernaktivitaeten(
        anzahl=len(items),
        hinweis=NOTICE if (schwerpunkt or querschnittsthema or sdg) else None,
        kernaktivitaeten=items,
    )


def _evidence(api: Linkage, subject: str) -> list[models.Beleg]:
    return [
        models.Beleg(
            iri=str(r["zuordnung"]),
            eigenschaft=_local(r["ueber"]),
            zu=str(r["zu"]),
            zu_name=str(r.get("zuName", r["zu"])),
            sdg=str(r["code"]) if "code" in r else None,
            begruendung=str(r["begruendung"]),
            staerke=_local(r["staerke"]),
            basis=_local(r["basis"]),
            pruefstatus=_local(r["pruefstatus"]),
            urheber=str(r["urheber"]),
            datum=str(r["datum"]),
        )
        for r in api.ask("zuordnungen", von_iri=subject)
    ]


@answer(
    "/kernaktivitaeten/{slug}", models.KernaktivitaetDetail, "Eine Kernaktivität mit allem, womit sie verknüpft ist"
)
def kernaktivitaet(request: Request, api: Api, slug: str) -> models.KernaktivitaetDetail:
    iri = api.iri("kernaktivitaet", slug, 404)
    rows = api.ask("beschreibung", ressource_iri=iri)
    if not any(r["wert"] == STRAT.Kernaktivitaet for r in rows):
        raise HTTPException(404, f"keine Kernaktivität „{slug}“")
    values: dict[str, list[Any]] = {}
    for r in rows:
        key = _local(r["eigenschaft"]) if "#" in str(r["eigenschaft"]) else str(r["eigenschaft"]).rsplit("/", 1)[-1]
        values.setdefault(key, []).append(
            models.Ref(iri=str(r["wert"]), name=str(r["wertName"])) if "wertName" in r else str(r["wert"])
        )

    def one(key: str) -> Any:
        return values.get(key, [None])[0]

    return models.KernaktivitaetDetail(
        iri=iri,
        name=one("prefLabel"),
        weitere_namen=values.get("altLabel", []),
        kompetenz=one("gehoertZuKompetenz"),
        status=one("hatStatus"),
        status_herleitung=one("statusHerleitung"),
        nummer=one("nummerInKompetenzliste"),
        beschlussjahr=one("beschlussjahr"),
        tranche=one("beschlossenInTranche"),
        verantwortlich=values.get("wirdVerantwortetVon", []),
        umsetzungskonzept=values.get("istTeilVonUmsetzungskonzept", []),
        ueberfuehrt_in=one("ueberfuehrtIn"),
        anmerkungen=values.get("editorialNote", []),
        quellen=values.get("source", []),
        zuordnungen=_evidence(api, iri),
        hinweis=NOTICE,
    )


def context_of(request: Request, api: Linkage) -> Graph:
    """The strategy's context graph (names, classes, codes, evidence), read once per graph in service."""
    return live(request).kept(f"kontext:{api.scope.slug}", api.context)  # type: ignore[no-any-return]


@answer("/suche", models.Suche, "Suche in deutschen, englischen und älteren Namen (ohne Groß-/Kleinschreibung, ü = ue)")
def suche(request: Request, api: Api, text: str = Query(..., min_length=2, max_length=200)) -> models.Suche:
    hits: dict[str, models.Treffer] = {}
    graph = context_of(request, api)  # every search looks at the SDGs' names: read once per graph
    code = _SDG_ASKED.fullmatch(text)
    goals, targets = ([], []) if code else _sdg_named(graph, text)
    if code:  # „13“, „SDG 13“, „13.2“: the goal or target itself first
        try:
            sdg = resolve_sdg(graph, code.group(1).lower())
        except UnknownNameError:
            sdg = None
        goals = [sdg] if sdg is not None else []
    for sdg in goals:  # the SDGs by number or name first, their targets after the strategy's own resources
        klasse = SDGO.Goal if (sdg, RDF.type, SDGO.Goal) in graph else SDGO.Target
        hits[str(sdg)] = models.Treffer(iri=str(sdg), name=label(graph, sdg), klassen=[_local(klasse)], arten=[])
    for row in api.ask("suche", text=text):
        hit = hits.setdefault(
            str(row["ressource"]),
            models.Treffer(iri=str(row["ressource"]), name=str(row["name"]), klassen=[], arten=[]),
        )
        hit.klassen.append(_local(row["klasse"]) if "#" in str(row["klasse"]) else str(row["klasse"]))
    for target in targets:
        name = f"{cov.code_of(target)} {label(graph, target)}"
        hits.setdefault(str(target), models.Treffer(iri=str(target), name=name, klassen=["Target"], arten=[]))
    ontology = service(request).ontology
    for hit in hits.values():  # the kinds in German, as the ontology names them
        hit.arten = [_kind_name(ontology, name) for name in hit.klassen]
    return models.Suche(text=text, anzahl=len(hits), treffer=list(hits.values()))


SDG_TARGET_HITS = 30  # a word like „climate“ is in many targets' texts: the first ones by number


def _sdg_named(graph: Graph, text: str) -> tuple[list[URIRef], list[URIRef]]:
    """The SDG goals and targets whose names hold the text — the project's German working titles, the UN's
    English ones — folded as the search query folds (case, umlauts, dashes, spaces)."""
    wanted = fold(text).replace(" ", "")
    found: tuple[list[URIRef], list[URIRef]] = ([], [])
    for klasse, into in ((SDGO.Goal, found[0]), (SDGO.Target, found[1])):
        for node in graph.subjects(RDF.type, klasse):
            names = [v for p in NAME_PREDICATES for v in graph.objects(node, p) if isinstance(v, Literal)]
            if isinstance(node, URIRef) and any(
                v.language in ("de", "en") and wanted in fold(str(v)).replace(" ", "") for v in names
            ):
                into.append(node)
    found[0].sort(key=lambda n: cov.code_key(cov.code_of(n)))
    found[1].sort(key=lambda n: cov.code_key(cov.code_of(n)))
    return found[0], found[1][:SDG_TARGET_HITS]


_SDG_ASKED = re.compile(r"\s*(?:sdg\s*)?((?:1[0-7]|[1-9])(?:\.[0-9a-z]{1,2})?)\s*", re.IGNORECASE | re.ASCII)
_OTHER_KINDS = {"Goal": "SDG-Ziel", "Target": "SDG-Unterziel", "Concept": "Begriff"}


def _kind_name(ontology: Graph, name: str) -> str:
    if name.startswith("http"):  # a class of another vocabulary: its local name
        name = name.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    if name in _OTHER_KINDS:
        return _OTHER_KINDS[name]
    found = label(ontology, STRAT[name]) if (STRAT[name], None, None) in ontology else name
    return found


@answer(
    "/querschnittsthemen", list[models.Querschnittsthema], "Die Querschnittsthemen mit ihren SDGs und Kernaktivitäten"
)
def querschnittsthemen(request: Request, api: Api) -> list[models.Querschnittsthema]:
    return [
        models.Querschnittsthema(
            iri=str(q["querschnittsthema"]),
            name=str(q["name"]),
            beschreibung=str(q.get("beschreibung", "")),
            kernaktivitaeten=int(str(q["kernaktivitaeten"])),
            zuordnungen=_evidence(api, str(q["querschnittsthema"])),
            hinweis=NOTICE,
        )
        for q in api.ask("querschnittsthemen")
    ]


@answer("/sdgs", models.Sdgs, "Die 17 SDGs mit der Zahl der Maßnahmen (oder Ziele), die sie erreichen")
def sdgs(
    request: Request,
    api: Api,
    ansicht: Annotated[
        str,
        Query(
            pattern="^(massnahmen|ziele)$",
            description="massnahmen (Standard: die Maßnahmen der Strategie, etwa Kernaktivitäten) oder "
            "ziele (die Ziele aller Zielebenen mit eigenem Bezug); nie beides zusammengezählt",
        ),
    ] = "massnahmen",
) -> models.Sdgs:
    store = api.store
    graph = api.context()
    paths = cov.sdg_paths(store, api.queries_dir, graph=graph, goals=ansicht == "ziele")
    goals = api.ask("sdg_ziele")
    return models.Sdgs(
        hinweis=NOTICE,
        ansicht=ansicht,
        gezaehlt=cov.wording(graph, GOAL_VIEW if ansicht == "ziele" else "kompetenz")[1],
        sdgs=[
            models.SdgUebersicht(
                iri=str(g["ziel"]),
                code=str(g["code"]),
                name=str(g["name"]),
                titel_un=str(g["titel"]),
                direkt=len({p.kernaktivitaet for p in paths if p.goal == g["ziel"] and p.direct}),
                nur_ueber_thema=len(
                    {p.kernaktivitaet for p in paths if p.goal == g["ziel"]}
                    - {p.kernaktivitaet for p in paths if p.goal == g["ziel"] and p.direct}
                ),
            )
            for g in goals
        ],
    )


def coverage_filters(
    api: Api,
    status: Annotated[str | None, Query(description="Status der Kernaktivität, z. B. umgesetzt")] = None,
    pruefstatus: Annotated[str | None, Query(description="Prüfstatus der Bezüge, z. B. bestaetigt")] = None,
    staerke: Annotated[str | None, Query(description="Stärke der Bezüge: direkt oder indirekt")] = None,
    kompetenz: Annotated[
        str | None, Query(description="Name, Slug oder IRI eines Elements der obersten Ebene (etwa einer Kompetenz)")
    ] = None,
) -> Filters:
    """The filters every coverage view takes, resolved once (one resolver for CLI and API)."""
    return Filters(
        status=api.concept("status", status),
        review=api.concept("pruefstatus", pruefstatus),
        strength=api.concept("staerke", staerke),
        kompetenz=api.top_element(kompetenz),
    )


CoverageFilters = Annotated[Filters, Depends(coverage_filters)]


def check_dimension(nach: str, filters: Filters) -> None:
    """A known row kind; the goals' view takes no status (``coverage.check_view``, the rule's one owner)."""
    if nach not in DIMENSIONS:
        raise HTTPException(400, str(UnknownNameError("Zeilenart", nach, DIMENSIONS)))
    try:
        cov.check_view(nach, filters)
    except ConfigurationError as exc:
        raise HTTPException(400, str(exc)) from None


Dimension = Annotated[str, Query(description="Zeilen der Matrix: " + ", ".join(DIMENSIONS))]


@answer(
    "/sdgs/{code}",
    models.SdgDetail | models.UnterzielDetail,
    "Ein SDG mit Unterzielen, Kernaktivitäten (direkt und über Themen) und Kompetenzen; ein Unterziel (13.2) "
    "mit seinem UN-Text und den Kernaktivitäten, die selbst mit ihm verknüpft sind",
)
def sdg(request: Request, api: Api, code: str, filters: CoverageFilters) -> models.SdgDetail | models.UnterzielDetail:
    store, queries = api.store, api.queries_dir
    graph = cov.context(store, queries)
    try:
        found = resolve_sdg(graph, code)  # the same resolver as `stratgraph coverage sdg`
        goal = resolve_sdg(graph, code.split(".")[0], "goal")
    except UnknownNameError as exc:
        raise HTTPException(404, str(exc)) from None
    return reports.sdg_answer(store, queries, found, goal, filters, graph)


@answer(
    "/abdeckung",
    models.Abdeckung,
    "Abdeckungsmatrix: Maßnahmen je oberster Ebene (Kompetenz), Schwerpunkt oder Querschnittsthema × SDG, "
    "oder Ziele je Zielebene × SDG (nach=ziele)",
)
def abdeckung(request: Request, api: Api, filters: CoverageFilters, nach: Dimension = "kompetenz") -> models.Abdeckung:
    check_dimension(nach, filters)
    index = live(request).coverage_index  # the embedded store's: every strategy's matrix inputs, read at load
    if index is not None and index.has(api.scope.slug) and nach != GOAL_VIEW:  # it keeps the measures' paths
        return index.matrix_answer(api.scope.slug, nach, filters)
    store, queries = api.store, api.queries_dir
    graph = cov.context(store, queries)
    return reports.matrix_answer(graph, cov.matrix(store, queries, nach, filters, graph), filters)


@answer("/luecken", models.Luecken, "Lückenlisten: SDGs, Unterziele, Kernaktivitäten, Querschnittsthemen ohne Bezug")
def luecken(request: Request, api: Api, filters: CoverageFilters) -> models.Luecken:
    store, queries = api.store, api.queries_dir
    graph = cov.context(store, queries)
    return reports.gaps_answer(graph, cov.gaps(store, queries, filters, graph))


@answer(
    "/warum", models.Warum, "Warum ist eine Maßnahme (Kernaktivität) oder ein Ziel mit einem SDG verbunden? Alle Wege"
)
def warum(
    request: Request,
    api: Api,
    kernaktivitaet: Annotated[
        str,
        Query(
            max_length=300,
            description="die Maßnahme oder das Ziel: Slug (z. B. der Kernaktivität), Pfad unter der Basis "
            "(operatives-ziel/…) oder IRI",
        ),
    ],
    sdg: str,
) -> models.Warum:
    store, queries = api.store, api.queries_dir
    graph = cov.context(store, queries)
    element = api.element(kernaktivitaet, graph)
    goals = (graph.value(element, STRAT.aufEbene), STRAT.hatEbenenart, STRAT.zielebene) in graph
    target = URIRef(sdg_iri(sdg))
    return reports.why_answer(graph, element, target, cov.why(store, queries, element, target, graph, goals=goals))
