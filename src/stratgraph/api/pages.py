"""Web pages for people: server-rendered German HTML over the same answers the JSON API gives.

Every page is built from the linkage answers (``linkage.<route>`` functions, which return the API's models) or
from the same named queries; a template adds layout, never logic that computes an answer. Pages work without
JavaScript, carry a Content-Security-Policy without inline scripts or external hosts, and are cached like the
JSON answers (the embedded graph changes only by a reload, which empties the cache) with an ETag.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Literal, Node

from stratgraph.api import linkage, vergleich
from stratgraph.api.cache import Answer, linkage_key
from stratgraph.api.linkage import Api, context_of
from stratgraph.api.state import live, service
from stratgraph.api.vergleich import strategy_heads, strategy_names
from stratgraph.coverage import matrix as cov
from stratgraph.coverage.review import Entry, measure_list, review_entries, review_overview
from stratgraph.model import answers
from stratgraph.model.labels import label
from stratgraph.model.media import RDF_FORMATS
from stratgraph.model.namespaces import SDG, STRAT
from stratgraph.progress.assessment import summarise
from stratgraph.progress.indicators import read_progress

__all__ = [
    "CSP",
    "REVIEW_WORDS",
    "cached_file",
    "cached_page",
    "local_href",
    "render",
    "render_description",
    "render_resource",
    "router",
]

router = APIRouter(include_in_schema=False)
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
# no inline scripts or styles, nothing from other hosts
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# the editor and the API docs set styles inline and run web workers; scripts stay our own host's only
CSP_WIDGETS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + "; worker-src 'self' blob:"
REVIEW_WORDS = {
    "vorgeschlagen": "Vorschlag der Redaktion, nicht geprüft",
    "bestaetigt": "bestätigt",
    "bestätigt": "bestätigt",
    "abgelehnt": "abgelehnt",
}
# a link's review status in plain words („Vorschlag der Redaktion, nicht geprüft“), for every template
TEMPLATES.globals["pruefung_in_worten"] = lambda status: REVIEW_WORDS.get(status, status)
# German names of the reused vocabularies' properties (our own carry rdfs:label in the ontology)
PROPERTY_NAMES = {
    str(SKOS.altLabel): "weitere Namen",
    str(SKOS.editorialNote): "Anmerkung der Redaktion",
    str(SKOS.definition): "Definition",
    str(SKOS.notation): "Kennung",
    str(DCTERMS.source): "Quelle",
    str(DCTERMS.description): "Beschreibung",
    str(DCTERMS.title): "Titel",
    str(DCTERMS.identifier): "Kennung",
    str(DCTERMS.publisher): "Herausgeber",
    str(DCTERMS.isVersionOf): "Fassung von",
    str(DCTERMS.replaces): "ersetzt",
    str(DCTERMS.issued): "veröffentlicht",
    str(DCTERMS.language): "Sprache",
    str(OWL.versionInfo): "Version",
    str(FOAF.name): "Name",
    str(FOAF.homepage): "Website",
    str(ORG.subOrganizationOf): "Teil von",
    str(ORG.unitOf): "Einheit von",
    str(PROV.wasAttributedTo): "zugeordnet von",
    str(DCTERMS.date): "Datum",
}
# German names of the reused vocabularies' classes a resource page shows as its kind
CLASS_NAMES = {
    str(ORG.Organization): "Organisation",
    str(ORG.FormalOrganization): "Organisation (rechtlich verfasst)",
    str(ORG.OrganizationalUnit): "Organisationseinheit",
    str(FOAF.Organization): "Organisation",
    str(SKOS.Concept): "Begriff",
}
FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF/XML"}
# shown as the page's class line and heading, and as the status history table
HIDDEN = {str(RDF.type), str(SKOS.prefLabel), str(STRAT.hatStatuseintrag)}
# links of a Kernaktivität that no source states: shown as editorial
EDITORIAL = {str(STRAT.gehoertZuSchwerpunkt), str(STRAT.adressiertQuerschnittsthema), str(STRAT.traegtBeiZuSdg)}


def render(request: Request, template: str, title: str, shown: str | None = None, **context: Any) -> bytes:
    """A page as bytes: the template over the answer, nothing computed here.

    With several strategies, every page knows the strategy it shows (``stadt``, kept in the navigation's links):
    the one asked for, else ``shown`` (a resource page: the strategy its IRI belongs to), else the main one."""
    scopes = live(request).scopes
    asked = request.query_params.get("stadt") or shown
    stadt = asked if asked in scopes and len(scopes) > 1 else None
    main = service(request).settings.main_strategy
    current = stadt or (main if main in scopes else min(scopes))
    head = strategy_heads(request).get(current)  # the strategy's own name and publisher from its data
    page = TEMPLATES.get_template(template)
    review = service(request).review
    return page.render(
        title=title,
        request=request,
        stadt=stadt,
        brand=head.name if head else current,
        publisher=head.herausgeber if head else None,
        website=head.website if head else None,
        several=len(scopes) > 1,
        review_on=review is not None and review.enabled,  # the nav shows „Prüfen“ only where accounts exist
        **context,
    ).encode()


async def cached_page(request: Request, build: Callable[[], bytes], policy: str = CSP) -> Response:
    """A page kept like a linkage answer: built once per URL (off the event loop) until the next reload."""
    return await cached_file(request, build, "text/html; charset=utf-8", {"Content-Security-Policy": policy})


async def cached_file(
    request: Request, build: Callable[[], bytes], media_type: str, headers: dict[str, str] | None = None
) -> Response:
    """Bytes kept per URL like the pages (HTML, spreadsheets, pictures), with an ETag and 304 on a match."""
    caches = live(request).caches
    cache = caches.pages if caches is not None else None
    key = ("seite", *linkage_key(request.scope))
    answer = cache.get(key) if cache is not None else None
    if answer is None:
        answer = Answer(await run_in_threadpool(build))
        if cache is not None:
            cache.put(key, answer, len(answer.body))
    etag = '"' + hashlib.sha256(answer.body).hexdigest()[:32] + '"'
    headers = {**(headers or {}), "ETag": etag, "Vary": "Accept", "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type=media_type, headers=headers)


def download_links(path: str) -> list[dict[str, str]]:
    """The same resource in every RDF format, at ``<path>.<extension>``."""
    return [{"name": FORMAT_NAMES[f.name], "media": f.media, "href": f"{path}.{f.extension}"} for f in RDF_FORMATS]


def measure_list_of(request: Request, api: linkage.Linkage) -> answers.Massnahmenliste:
    """Every measure with its top-level element, status and own SDGs (kept like the context it is made from)."""
    graph = context_of(request, api)  # outside the lock of ``kept``: it is not reentrant
    return live(request).kept(  # type: ignore[no-any-return]
        f"massnahmen:{api.scope.slug}",
        lambda: measure_list(cov.sdg_paths(api.store, api.queries_dir, cov.Filters(), graph), graph),
    )


def review_entries_of(request: Request, api: linkage.Linkage) -> list[Entry]:
    """The strategy's reviewable links as the graph in service holds them (kept until the next reload)."""
    graph = context_of(request, api)
    return live(request).kept(f"pruefung:{api.scope.slug}", lambda: review_entries(graph))  # type: ignore[no-any-return]


def review_overview_of(request: Request, api: linkage.Linkage) -> answers.Pruefuebersicht:
    """How much of the strategy's links someone checked: overall, per SDG, per level (kept like the entries)."""
    entries = review_entries_of(request, api)  # made outside the lock of ``kept``: it is not reentrant
    return live(request).kept(f"pruefstand:{api.scope.slug}", lambda: review_overview(entries))  # type: ignore[no-any-return]


def local_href(request: Request, iri: str) -> str:
    """Where a person reads about an IRI here: our own IRIs at their path, SDGs on their page, else the IRI."""
    bases = [scope.base.rstrip("/") for scope in live(request).scopes.values()]
    if any(iri.startswith(base + "/") for base in bases):  # every strategy's IRIs resolve here
        return urlsplit(iri).path
    if iri.startswith(str(SDG)) and "/" not in iri[len(str(SDG)) :]:
        return "/sdg/" + quote(iri[len(str(SDG)) :])
    if iri.startswith(str(STRAT._NS)):
        return "/ontology#" + iri.rsplit("#", 1)[1]
    return iri


ISO_639_1 = "http://id.loc.gov/vocabulary/iso639-1/"  # dct:language of the sources
LANGUAGE_NAMES = {"de": "Deutsch", "en": "Englisch"}


def _property_name(row: dict[str, Node], key: str = "eigenschaft") -> str:
    """A property in German: the name the vocabulary gives, else ours, else its local name."""
    iri = str(row[key])
    given = row.get(f"{key}Name")
    return str(given) if given else PROPERTY_NAMES.get(iri, iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1])


def _value(request: Request, row: dict[str, Node]) -> dict[str, Any]:
    value = row["wert"]
    if isinstance(value, Literal):
        return {"text": str(value), "lang": value.language or ""}
    name = str(row["wertName"]) if "wertName" in row else None
    name = name or CLASS_NAMES.get(str(value))
    if name is None and str(value).startswith(ISO_639_1):
        code = str(value).removeprefix(ISO_639_1)
        name = LANGUAGE_NAMES.get(code, code)
    return {"text": name or str(value), "href": local_href(request, str(value)), "iri": str(value)}


def render_resource(request: Request, api: linkage.Linkage, iri: str) -> bytes:
    """The page of one resource: name, place in the hierarchy, every statement with links, what points here,
    the evidence of its editorial links, the IRI and its RDF downloads."""
    rows = api.ask("beschreibung", ressource_iri=iri)
    if not rows:
        raise HTTPException(404, f"Über <{iri}> weiß der Graph nichts.")
    incoming = [
        {
            "property": _property_name(r),
            "text": str(r.get("quelleName", r["quelle"])),
            "href": local_href(request, str(r["quelle"])),
        }
        for r in api.ask("verweise", ressource_iri=iri)
    ]
    evidence = [
        {
            "to": str(r.get("zuName", r["zu"])),
            "href": local_href(request, str(r["zu"])),
            "code": str(r["code"]) if "code" in r else None,
            "rationale": str(r["begruendung"]),
            "strength": str(r["staerke"]).rsplit("#", 1)[-1],
            "review": REVIEW_WORDS.get(str(r["pruefstatus"]).rsplit("#", 1)[-1], str(r["pruefstatus"])),
            "date": str(r["datum"]),
            "by": str(r.get("urheberName", r["urheber"])),
        }
        for r in api.ask("zuordnungen", von_iri=iri)
    ]
    # SDGs by number (7.2 before 13.2), then the themes and Schwerpunkte by name
    evidence.sort(key=lambda e: (e["code"] is None, cov.code_key(e["code"] or ""), e["to"]))
    history = [
        {
            "status": str(r["statusName"]),
            "date": reached(r["erreicht"]),
            "source": str(r.get("quelleName", r.get("quelle", ""))),
            "href": local_href(request, str(r["quelle"])) if "quelle" in r else None,
        }
        for r in api.ask("statusverlauf", ressource_iri=iri)
    ]
    ancestors = _ancestors(request, api, iri)
    # a goal (or measure) with indicators: their assessments and its summary, as /fortschritt shows them
    measured = [r for r in read_progress(api.store, api.queries_dir).indicators if iri in r.measures]
    members = _members(request, api, iri)
    original = None
    if any(r["eigenschaft"] == RDF.type and r["wert"] == STRAT.Quelldokument for r in rows):
        # where the document itself can be read: only addresses the data gives (none are guessed)
        at = [str(r["wert"]) for r in rows if r["eigenschaft"] in ORIGINAL_AT and isinstance(r["wert"], URIRef)]
        head = strategy_heads(request).get(api.scope.slug)
        original = {"links": sorted(at), "website": head.website if head else None}
    progress = None
    if measured:
        summary = summarise([r.assessment for r in measured if r.assessment is not None])
        progress = {"summary": summary, "indicators": measured}
    return _statements_page(
        request,
        iri,
        rows,
        incoming,
        evidence,
        history,
        ancestors,
        api.scope.slug,
        progress=progress,
        members=members,
        original=original,
        parts=_parts(request, api, iri, measures_listed=members is not None),
    )


ORIGINAL_AT = (FOAF.page, FOAF.homepage, DCAT.landingPage, DCAT.downloadURL, DCAT.accessURL)  # a document's address


def _members(request: Request, api: linkage.Linkage, iri: str) -> dict[str, Any] | None:
    """The measures of a top-level element (a Kompetenz, a Themenfeld) or of a Schwerpunkt, with status and SDGs."""
    graph = context_of(request, api)
    node = URIRef(iri)
    tops = cov.levels(graph)[:1]
    is_top = bool(tops) and (node, STRAT.aufEbene, tops[0]) in graph
    if not is_top and (node, RDF.type, STRAT.Schwerpunkt) not in graph:
        return None
    listing = measure_list_of(request, api)
    name = label(graph, node)
    if is_top:
        rows = [m for m in listing.massnahmen if m.oben == name]
        more = "/massnahmen?" + urlencode({"oben": name})
    else:
        rows = [m for m in listing.massnahmen if (URIRef(m.iri), STRAT.gehoertZuSchwerpunkt, node) in graph]
        more = None
    statuses = {c.notation: c.label for c in api.schemes["status"].concepts}
    return {"word": listing.bezeichnung, "rows": rows, "more": more, "statuses": statuses}


def _parts(request: Request, api: linkage.Linkage, iri: str, measures_listed: bool) -> list[dict[str, Any]]:
    """The elements directly below one, a section per level (a Kompetenz's strategic goals and Schwerpunkte);
    measures only where no table of them is shown (``_members``)."""
    graph = context_of(request, api)
    return [
        {
            "id": f"ebene-{i}",
            "word": cov.plural(graph, level) if len(elements) != 1 else cov.label_of(graph, level),
            "items": [{"name": label(graph, e), "href": local_href(request, str(e))} for e in elements],
        }
        for i, (level, elements) in enumerate(cov.below(graph, URIRef(iri)))
        if not (measures_listed and (level, STRAT.hatEbenenart, STRAT.massnahmenebene) in graph)
    ]


def reached(value: Node) -> str:
    """A date as the source gives it, in German writing: 2022, 06/2022 or 30.09.2025."""
    text = str(value)
    parts = text.split("-")
    if len(parts) == 3:
        return f"{parts[2]}.{parts[1]}.{parts[0]}"
    return f"{parts[1]}/{parts[0]}" if len(parts) == 2 else text


def _ancestors(request: Request, api: linkage.Linkage, iri: str) -> list[dict[str, str]]:
    """The elements above one in the strategy's tree, from the top down (``elemente.rq``)."""
    rows = {str(r["element"]): r for r in api.ask("elemente")}
    chain: list[dict[str, str]] = []
    node = rows.get(iri)
    while node is not None and "uebergeordnet" in node and len(chain) < 6:  # six levels at most; no cycle
        parent = str(node["uebergeordnet"])
        node = rows.get(parent)
        chain.insert(0, {"text": str(node["name"]) if node else parent, "href": local_href(request, parent)})
    return chain


def render_description(request: Request, iri: str, graph: Graph) -> bytes:
    """The page of a resource the release metadata describes (DCAT, VoID), from its triples."""
    rows: list[dict[str, Node]] = []
    for p, o in graph.predicate_objects(URIRef(iri)):
        row: dict[str, Node] = {"eigenschaft": p, "wert": o}
        name = next((n for pr in (SKOS.prefLabel, RDFS.label, DCTERMS.title) for n in graph.objects(o, pr)), None)
        if name is not None:
            row["wertName"] = name
        rows.append(row)
    return _statements_page(request, iri, rows, [], [], [], [])


def _statements_page(
    request: Request,
    iri: str,
    rows: list[dict[str, Node]],
    incoming: list[dict[str, str]],
    evidence: list[dict[str, Any]],
    history: list[dict[str, Any]],
    ancestors: list[dict[str, str]],
    shown: str | None = None,
    progress: dict[str, Any] | None = None,
    members: dict[str, Any] | None = None,
    parts: list[dict[str, Any]] | None = None,
    original: dict[str, Any] | None = None,
) -> bytes:
    names = [r["wert"] for r in rows if r["eigenschaft"] in (SKOS.prefLabel, DCTERMS.title)]
    german = [str(n) for n in names if isinstance(n, Literal) and n.language == "de"]
    title = german[0] if german else (str(names[0]) if names else iri.rsplit("/", 1)[-1])
    properties: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = str(row["eigenschaft"])
        entry = properties.setdefault(
            key,
            {
                "name": _property_name(row),
                "iri": key,
                "editorial": "redaktionell" if key in EDITORIAL else None,
                "values": [],
            },
        )
        entry["values"].append(_value(request, row))
    kinds = [
        v for v in properties.get(str(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")), {}).get("values", [])
    ]
    ends = [properties.get(str(p), {}).get("values", [None])[0] for p in (STRAT.zuordnungVon, STRAT.zuordnungZu)]
    if not names and ends[0] and ends[1]:  # a Zuordnung has no name of its own: what it links
        to = ends[1]["iri"]
        target = f"SDG {cov.code_of(to)}" if to.startswith(str(SDG)) else ends[1]["text"]
        title = f"Zuordnung: {ends[0]['text']} → {target}"
    # a Kernaktivität names its Kompetenz and Schwerpunkt; any other element: the chain of parents
    crumbs = [
        v
        for key in (str(STRAT.gehoertZuKompetenz), str(STRAT.gehoertZuSchwerpunkt))
        for v in properties.get(key, {}).get("values", [])
    ] or ancestors
    # what the sections below it list already is not listed again under „Was hierher verweist“
    listed = {e["href"] for part in parts or [] for e in part["items"]}
    listed |= {local_href(request, m.iri) for m in (members or {}).get("rows", [])}
    incoming = [i for i in incoming if i["href"] not in listed]
    path = urlsplit(iri).path
    downloads = download_links(path)
    return render(
        request,
        "ressource.html",
        title,
        shown,
        iri=iri,
        kinds=kinds,
        crumbs=crumbs,
        properties=sorted(
            (p for p in properties.values() if p["iri"] not in HIDDEN),
            key=lambda p: (p["editorial"] is not None, p["name"].casefold()),
        ),
        incoming=incoming,
        evidence=evidence,
        history=history,
        downloads=downloads,
        progress=progress,
        members=members,
        parts=parts or [],
        original=original,
        href=local_href,
    )


@router.get("/", response_class=HTMLResponse)
async def start(request: Request, api: Api) -> Response:
    def build() -> bytes:
        tree = linkage.zielsystem(request, api)
        counts = {k.iri: k.kernaktivitaeten for k in linkage.kompetenzen(request, api)}
        head = tree.strategie
        title = head.titel if head else strategy_names(request).get(api.scope.slug, api.scope.slug)
        statuses = {c.notation: c.label for c in api.schemes["status"].concepts}
        return render(
            request,
            "start.html",
            title,
            tree=tree,
            counts=counts,
            href=local_href,
            status_names=statuses,
            pruefstand=review_overview_of(request, api),
        )

    return await cached_page(request, build)


@router.get("/suche", response_class=HTMLResponse)
async def suche(
    request: Request,
    api: Api,
    text: Annotated[str, Query(max_length=200)] = "",
    q: Annotated[str, Query(max_length=200, description="wie text (die übliche Adresse einer Suche)")] = "",
) -> Response:
    asked = text or q

    def build() -> bytes:
        # two characters at least, or an SDG by its number alone (7)
        searched = len(asked.strip()) >= 2 or asked.strip().isdigit()
        found = linkage.suche(request, api, asked) if searched else None
        return render(request, "suche.html", "Suche", text=asked, found=found, href=local_href)

    return await cached_page(request, build)


def vendor_installed(request: Request, package: str) -> bool:
    """Whether `npm ci` put a front-end package where the service serves it from (see app.mount_vendor)."""
    return bool(service(request).vendor.get(package))


@router.get("/abfrage", response_class=HTMLResponse)
async def abfrage(request: Request) -> Response:
    queries = service(request).named_queries

    def build() -> bytes:
        examples = {name: q.text for name, q in queries.items()}
        editor = vendor_installed(request, "yasgui")
        return render(
            request, "abfrage.html", "Abfrage", queries=list(queries.values()), examples=examples, editor=editor
        )

    return await cached_page(request, build, CSP_WIDGETS)


@router.get("/docs", response_class=HTMLResponse)
async def swagger(request: Request) -> Response:
    return await cached_page(request, lambda: render(request, "docs.html", "API-Beschreibung"), CSP_WIDGETS)


@router.get("/redoc", response_class=HTMLResponse)
async def redoc(request: Request) -> Response:
    return await cached_page(request, lambda: render(request, "redoc.html", "API-Beschreibung"), CSP_WIDGETS)


@router.get("/staedte", response_class=HTMLResponse)
async def staedte(request: Request) -> Response:
    def build() -> bytes:
        return render(request, "staedte.html", "Städte", strategies=vergleich.staedte(request))

    return await cached_page(request, build)


COMPARED_AT_ONCE = 12  # columns a comparison table shows without a choice; more are chosen with ?staedte=


@router.get("/vergleich", response_class=HTMLResponse)
async def vergleich_page(request: Request, staedte: Annotated[str | None, Query(max_length=2000)] = None) -> Response:
    def build() -> bytes:
        everyone = sorted(live(request).scopes)
        chosen = staedte or ",".join(everyone[:COMPARED_AT_ONCE])
        answer = vergleich.vergleich(request, chosen)
        return render(
            request,
            "vergleich.html",
            "Vergleich der Städte",
            answer=answer,
            chosen=chosen,
            more=len(everyone) - len(answer.staedte),
        )

    return await cached_page(request, build)


@router.get("/massnahmen", response_class=HTMLResponse)
async def massnahmen(
    request: Request,
    api: Api,
    oben: Annotated[str | None, Query(max_length=300)] = None,
    status: Annotated[str | None, Query(pattern="^(umgesetzt|laufend|geplant|eingestellt|ueberfuehrt)$")] = None,
    sdg: Annotated[int | None, Query(ge=1, le=17)] = None,
) -> Response:
    """All measures of the strategy in one list, with their top-level element, status and SDGs; filtered."""

    def build() -> bytes:
        listing = measure_list_of(request, api)
        shown = [
            m
            for m in listing.massnahmen
            if (oben is None or m.oben == oben)
            and (status is None or m.status == status)
            and (sdg is None or any(c == str(sdg) or c.startswith(f"{sdg}.") for c in m.sdgs))
        ]
        statuses = {c.notation: c.label for c in api.schemes["status"].concepts}
        return render(
            request,
            "massnahmen.html",
            f"Alle {listing.bezeichnung}",
            listing=listing,
            rows=shown,
            tops=sorted({m.oben for m in listing.massnahmen if m.oben}),
            chosen={"oben": oben, "status": status, "sdg": sdg},
            statuses=statuses,
            href=local_href,
        )

    return await cached_page(request, build)
