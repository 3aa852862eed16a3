"""The linkage API: the questions users ask, as JSON (English keys, German values).

Everything here is answered by SPARQL through the store's ``select`` (plus the coverage core), so the same
routes can sit on another SPARQL store. The graph does not change while the service runs, so answers are
cached by URL.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from rdflib import URIRef
from rdflib.term import Node

from .. import coverage as cov
from .. import reports
from ..coverage import DIMENSIONS, Filters
from ..namespaces import STRAT
from ..store import Store

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["Verknüpfungen"])
PREFIXES = """PREFIX strat: <https://w3id.org/stratgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
STATUSES = ("umgesetzt", "laufend", "eingestellt", "ueberfuehrt")
NOTICE = "Die SDG- und Querschnittsthemen-Bezüge sind redaktionelle Einschätzungen, keine Aussagen der Quellen."


def cached(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Answer a repeated request from memory, on the event loop: the embedded graph is immutable.

    The encoded body is kept, not the response object (a response is sent once); a miss runs the handler
    in the thread pool, so SPARQL work never blocks the loop.
    """

    @wraps(handler)
    async def wrapper(request: Request, *args: Any, **kwargs: Any) -> Response:
        def compute() -> bytes:
            return bytes(JSONResponse(handler(request, *args, **kwargs)).body)

        if not getattr(request.app.state, "immutable", False):  # a remote store may change underneath
            return Response(await run_in_threadpool(compute), media_type="application/json")
        cache: dict[str, bytes] = request.app.state.__dict__.setdefault("linkage_cache", {})
        key = str(request.url)
        body = cache.get(key)
        if body is None:
            body = cache[key] = await run_in_threadpool(compute)
        return Response(body, media_type="application/json")

    return wrapper


def _store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _rows(request: Request, query: str) -> list[dict[str, Node]]:
    return _store(request).select(PREFIXES + query)


def _iri(request: Request, klasse: str, value: str) -> str:
    """A resource given by slug or full IRI, as an IRI checked against the base and a safe slug pattern."""
    base = request.app.state.settings.base_iri.rstrip("/")
    iri = value if value.startswith(base + "/") else f"{base}/{klasse}/{value}"
    slug = iri[len(base) + 1 :]
    if not slug.startswith(klasse + "/") or not all(c.isalnum() or c in "-./" for c in slug) or ".." in slug:
        raise HTTPException(400, f"„{value}“ ist keine gültige Angabe für {klasse}")
    return iri


def _sdg_iri(code: str) -> str:
    goal, _, target = code.partition(".")
    if not goal.isdigit() or not 1 <= int(goal) <= 17 or (target and not target.isalnum()):
        raise HTTPException(400, f"„{code}“ ist kein SDG-Code (z. B. 13 oder 13.2)")
    return f"http://metadata.un.org/sdg/{code}"


def _ref(row: dict[str, Node], iri: str, name: str) -> dict[str, str] | None:
    return {"iri": str(row[iri]), "name": str(row.get(name, row[iri]))} if iri in row else None


def _local(node: Node) -> str:
    return str(node).rsplit("#", 1)[-1]


@router.get("/zielsystem", summary="Das Zielsystem als Baum: Wesenskern, Kompetenzen, Ziele, Schwerpunkte")
@cached
def zielsystem(request: Request) -> dict[str, Any]:
    kompetenzen = _rows(
        request,
        """SELECT ?k ?name ?pos WHERE { ?k a strat:Kompetenz ; skos:prefLabel ?name ;
        strat:position ?pos . FILTER (lang(?name) = "de") } ORDER BY ?pos""",
    )
    ziele = _rows(
        request,
        """SELECT ?k ?z ?name ?stichwort WHERE { ?z a strat:StrategischesZiel ; strat:gehoertZuKompetenz ?k ;
        skos:prefLabel ?name ; strat:position ?pos . OPTIONAL { ?z strat:indikatorStichwort ?stichwort } } ORDER BY ?pos""",
    )
    schwerpunkte = _rows(
        request,
        """SELECT ?k ?s ?name (COUNT(?pz) AS ?ziele) WHERE { ?s a strat:Schwerpunkt ;
        strat:gehoertZuKompetenz ?k ; skos:prefLabel ?name ; strat:position ?pos . FILTER (lang(?name) = "de")
        OPTIONAL { ?pz strat:gehoertZuSchwerpunkt ?s ; a strat:ProgrammatischesZiel } } GROUP BY ?k ?s ?name ?pos ORDER BY ?pos""",
    )
    leitbegriffe = _rows(
        request,
        """SELECT ?l ?name ?formel ?k WHERE { ?l a strat:Leitbegriff ; skos:prefLabel ?name ;
        strat:kurzformel ?formel ; strat:position ?pos ; strat:praegtKompetenz ?k . FILTER (lang(?name) = "de") } ORDER BY ?pos""",
    )
    themen = _rows(
        request,
        """SELECT ?q ?name WHERE { ?q a strat:Querschnittsthema ; skos:prefLabel ?name ; strat:position ?pos .
        FILTER (lang(?name) = "de") } ORDER BY ?pos""",
    )
    wesenskern = _rows(
        request,
        """SELECT ?w ?name WHERE { ?w a strat:Wesenskern ; skos:prefLabel ?name . FILTER (lang(?name) = "de") }""",
    )
    terms: dict[str, dict[str, Any]] = {}
    for row in leitbegriffe:
        entry = terms.setdefault(
            str(row["l"]),
            {"iri": str(row["l"]), "name": str(row["name"]), "formula": str(row["formel"]), "kompetenzen": []},
        )
        entry["kompetenzen"].append(str(row["k"]))
    return {
        "wesenskern": {
            "iri": str(wesenskern[0]["w"]),
            "name": str(wesenskern[0]["name"]),
            "leitbegriffe": list(terms.values()),
        },
        "kompetenzen": [
            {
                "iri": str(k["k"]),
                "name": str(k["name"]),
                "position": int(str(k["pos"])),
                "strategische_ziele": [
                    {"iri": str(z["z"]), "name": str(z["name"]), "indicator": str(z.get("stichwort", ""))}
                    for z in ziele
                    if z["k"] == k["k"]
                ],
                "schwerpunkte": [
                    {"iri": str(s["s"]), "name": str(s["name"]), "programmatische_ziele": int(str(s["ziele"]))}
                    for s in schwerpunkte
                    if s["k"] == k["k"]
                ],
            }
            for k in kompetenzen
        ],
        "querschnittsthemen": [{"iri": str(q["q"]), "name": str(q["name"])} for q in themen],
    }


def _kernaktivitaeten(request: Request, where: str) -> list[dict[str, Any]]:
    rows = _rows(
        request,
        f"""SELECT ?ka ?name ?k ?kname ?status ?s ?sname WHERE {{
        ?ka a strat:Kernaktivitaet ; skos:prefLabel ?name ; strat:hatStatus ?status .
        OPTIONAL {{ ?ka strat:gehoertZuKompetenz ?k . ?k skos:prefLabel ?kname . FILTER (lang(?kname) = "de") }}
        OPTIONAL {{ ?ka strat:gehoertZuSchwerpunkt ?s . ?s skos:prefLabel ?sname . FILTER (lang(?sname) = "de") }}
        {where} }} ORDER BY ?name""",
    )
    return [
        {
            "iri": str(r["ka"]),
            "name": str(r["name"]),
            "kompetenz": _ref(r, "k", "kname"),
            "schwerpunkt": _ref(r, "s", "sname"),
            "status": _local(r["status"]),
        }
        for r in rows
    ]


@router.get("/kernaktivitaeten", summary="Kernaktivitäten, gefiltert nach Kompetenz, Schwerpunkt, Status, Thema, SDG")
@cached
def kernaktivitaeten(
    request: Request,
    kompetenz: str | None = Query(None, description="Slug oder IRI der Kompetenz"),
    schwerpunkt: str | None = Query(None, description="Slug oder IRI des Schwerpunkts"),
    status: str | None = Query(None, description="umgesetzt, laufend, eingestellt oder ueberfuehrt"),
    querschnittsthema: str | None = Query(None, description="Slug oder IRI des Querschnittsthemas"),
    sdg: str | None = Query(None, description="SDG-Ziel oder -Unterziel, z. B. 13 oder 13.2"),
) -> dict[str, Any]:
    where = []
    if kompetenz:
        where.append(f"?ka strat:gehoertZuKompetenz <{_iri(request, 'kompetenz', kompetenz)}> .")
    if schwerpunkt:
        where.append(f"?ka strat:gehoertZuSchwerpunkt <{_iri(request, 'schwerpunkt', schwerpunkt)}> .")
    if status:
        if status not in STATUSES:
            raise HTTPException(400, f"unbekannter Status „{status}“ (erlaubt: {', '.join(STATUSES)})")
        where.append(f"?ka strat:hatStatus strat:{status} .")
    if querschnittsthema:
        where.append(
            f"?ka strat:adressiertQuerschnittsthema <{_iri(request, 'querschnittsthema', querschnittsthema)}> ."
        )
    if sdg:
        target = _sdg_iri(sdg)
        where.append(f"""{{ ?ka strat:traegtBeiZuSdg <{target}> }} UNION {{ ?ka strat:traegtBeiZuSdg ?t . ?t skos:broader <{target}> }}
            UNION {{ ?ka strat:adressiertQuerschnittsthema ?q . {{ ?q strat:traegtBeiZuSdg <{target}> }} UNION
            {{ ?q strat:traegtBeiZuSdg ?u . ?u skos:broader <{target}> }} }}""")
    items = _kernaktivitaeten(request, "\n".join(where))
    unique = list({item["iri"]: item for item in items}.values())
    return {
        "count": len(unique),
        "notice": NOTICE if (schwerpunkt or querschnittsthema or sdg) else None,
        "kernaktivitaeten": unique,
    }


def _evidence(request: Request, subject: str) -> list[dict[str, Any]]:
    rows = _rows(
        request,
        f"""SELECT ?z ?via ?to ?toName ?code ?why ?staerke ?basis ?pruef ?wer ?datum WHERE {{
        ?z a strat:Zuordnung ; strat:zuordnungVon <{subject}> ; strat:zuordnungUeber ?via ; strat:zuordnungZu ?to ;
           strat:begruendung ?why ; strat:hatStaerke ?staerke ; strat:hatBasis ?basis ; strat:hatPruefstatus ?pruef ;
           prov:wasAttributedTo ?wer ; dct:date ?datum .
        OPTIONAL {{ ?to skos:prefLabel ?toName . FILTER (lang(?toName) = "de") }}
        OPTIONAL {{ ?to skos:notation ?code }} }} ORDER BY ?via ?to""",
    )
    return [
        {
            "iri": str(r["z"]),
            "link": _local(r["via"]),
            "to": str(r["to"]),
            "to_name": str(r.get("toName", r["to"])),
            "sdg": str(r["code"]) if "code" in r else None,
            "rationale": str(r["why"]),
            "strength": _local(r["staerke"]),
            "basis": _local(r["basis"]),
            "review": _local(r["pruef"]),
            "asserted_by": str(r["wer"]),
            "date": str(r["datum"]),
        }
        for r in rows
    ]


@router.get("/kernaktivitaeten/{slug}", summary="Eine Kernaktivität mit allem, womit sie verknüpft ist")
@cached
def kernaktivitaet(request: Request, slug: str) -> dict[str, Any]:
    iri = _iri(request, "kernaktivitaet", slug)
    rows = _rows(
        request,
        f"""SELECT ?p ?o ?oName WHERE {{ <{iri}> ?p ?o .
        OPTIONAL {{ ?o skos:prefLabel ?oName . FILTER (lang(?oName) = "de") }} }}""",
    )
    if not any(r["o"] == STRAT.Kernaktivitaet for r in rows):
        raise HTTPException(404, f"keine Kernaktivität „{slug}“")
    values: dict[str, list[Any]] = {}
    for r in rows:
        key = _local(r["p"]) if "#" in str(r["p"]) else str(r["p"]).rsplit("/", 1)[-1]
        values.setdefault(key, []).append(
            {"iri": str(r["o"]), "name": str(r["oName"])} if "oName" in r else str(r["o"])
        )

    def one(key: str) -> Any:
        return values.get(key, [None])[0]

    return {
        "iri": iri,
        "name": one("prefLabel"),
        "alt_names": values.get("altLabel", []),
        "kompetenz": one("gehoertZuKompetenz"),
        "status": one("hatStatus"),
        "status_inferred_how": one("statusHerleitung"),
        "number": one("nummerInKompetenzliste"),
        "year_decided": one("beschlussjahr"),
        "tranche": one("beschlossenInTranche"),
        "responsible": values.get("wirdVerantwortetVon", []),
        "programme": values.get("istTeilVonUmsetzungskonzept", []),
        "transferred_into": one("ueberfuehrtIn"),
        "notes": values.get("editorialNote", []),
        "sources": values.get("source", []),
        "links": _evidence(request, iri),
        "notice": NOTICE,
    }


@router.get("/querschnittsthemen", summary="Die Querschnittsthemen mit ihren SDGs und Kernaktivitäten")
@cached
def querschnittsthemen(request: Request) -> list[dict[str, Any]]:
    themes = _rows(
        request,
        """SELECT ?q ?name ?text (COUNT(DISTINCT ?ka) AS ?n) WHERE { ?q a strat:Querschnittsthema ;
        skos:prefLabel ?name ; dct:description ?text ; strat:position ?pos . FILTER (lang(?name) = "de")
        OPTIONAL { ?ka strat:adressiertQuerschnittsthema ?q ; a strat:Kernaktivitaet } } GROUP BY ?q ?name ?text ?pos ORDER BY ?pos""",
    )
    return [
        {
            "iri": str(q["q"]),
            "name": str(q["name"]),
            "description": str(q["text"]),
            "kernaktivitaeten": int(str(q["n"])),
            "links": _evidence(request, str(q["q"])),
            "notice": NOTICE,
        }
        for q in themes
    ]


@router.get("/sdgs", summary="Die 17 SDGs mit der Zahl der Kernaktivitäten, die sie erreichen")
@cached
def sdgs(request: Request) -> dict[str, Any]:
    store = _store(request)
    paths = cov.sdg_paths(store, request.app.state.settings.queries)
    goals = _rows(
        request,
        """SELECT ?g ?code ?name WHERE { ?g a sdgo:Goal ; skos:notation ?code ; skos:altLabel ?name .
        FILTER (lang(?name) = "de") }""",
    )
    goals.sort(key=lambda g: int(str(g["code"])))
    return {
        "notice": NOTICE,
        "sdgs": [
            {
                "iri": str(g["g"]),
                "code": str(g["code"]),
                "name": str(g["name"]),
                "direct": len({p.kernaktivitaet for p in paths if p.goal == g["g"] and p.direct}),
                "via_theme_only": len(
                    {p.kernaktivitaet for p in paths if p.goal == g["g"]}
                    - {p.kernaktivitaet for p in paths if p.goal == g["g"] and p.direct}
                ),
            }
            for g in goals
        ],
    }


def _filters(
    request: Request, status: str | None, pruefstatus: str | None, staerke: str | None, kompetenz: str | None
) -> Filters:
    for value, allowed, name in (
        (status, STATUSES, "status"),
        (pruefstatus, ("vorgeschlagen", "bestaetigt", "abgelehnt"), "pruefstatus"),
        (staerke, ("direkt", "indirekt"), "staerke"),
    ):
        if value is not None and value not in allowed:
            raise HTTPException(400, f"unbekannter Wert „{value}“ für {name} (erlaubt: {', '.join(allowed)})")
    return Filters(
        status=STRAT[status] if status else None,
        review=STRAT[pruefstatus] if pruefstatus else None,
        strength=STRAT[staerke] if staerke else None,
        kompetenz=URIRef(_iri(request, "kompetenz", kompetenz)) if kompetenz else None,
    )


@router.get("/sdgs/{code}", summary="Ein SDG mit Unterzielen, Kernaktivitäten (direkt und über Themen) und Kompetenzen")
@cached
def sdg(
    request: Request,
    code: str,
    status: str | None = None,
    pruefstatus: str | None = None,
    staerke: str | None = None,
    kompetenz: str | None = None,
) -> dict[str, Any]:
    goal = URIRef(_sdg_iri(code))
    if "." in code:
        raise HTTPException(400, "Hier ein Ziel (1–17), kein Unterziel angeben")
    store = _store(request)
    detail = cov.drilldown(
        store, request.app.state.settings.queries, goal, _filters(request, status, pruefstatus, staerke, kompetenz)
    )
    return reports.drilldown_json(store.graph, detail)


@router.get("/abdeckung", summary="Abdeckungsmatrix Kompetenz, Schwerpunkt oder Querschnittsthema × SDG")
@cached
def abdeckung(
    request: Request,
    nach: str = "kompetenz",
    status: str | None = None,
    pruefstatus: str | None = None,
    staerke: str | None = None,
    kompetenz: str | None = None,
) -> dict[str, Any]:
    if nach not in DIMENSIONS:
        raise HTTPException(400, f"nach muss eines von {', '.join(DIMENSIONS)} sein")
    filters = _filters(request, status, pruefstatus, staerke, kompetenz)
    store = _store(request)
    return reports.matrix_json(
        store.graph, cov.matrix(store, request.app.state.settings.queries, nach, filters), filters
    )


@router.get("/luecken", summary="Lückenlisten: SDGs, Unterziele, Kernaktivitäten, Querschnittsthemen ohne Bezug")
@cached
def luecken(
    request: Request,
    status: str | None = None,
    pruefstatus: str | None = None,
    staerke: str | None = None,
    kompetenz: str | None = None,
) -> dict[str, Any]:
    store = _store(request)
    filters = _filters(request, status, pruefstatus, staerke, kompetenz)
    return {
        "notice": NOTICE,
        **reports.gaps_json(store.graph, cov.gaps(store, request.app.state.settings.queries, filters)),
    }


@router.get("/warum", summary="Warum ist eine Kernaktivität mit einem SDG verbunden? Alle Wege mit Beleg")
@cached
def warum(request: Request, kernaktivitaet: str, sdg: str) -> dict[str, Any]:
    ka = URIRef(_iri(request, "kernaktivitaet", kernaktivitaet))
    store = _store(request)
    if (ka, None, None) not in store.graph:
        raise HTTPException(404, f"keine Kernaktivität „{kernaktivitaet}“")
    target = URIRef(_sdg_iri(sdg))
    paths = cov.why(store, request.app.state.settings.queries, ka, target)
    return reports.why_json(store.graph, ka, target, paths)
