"""The pages in a real browser: Debian's Chromium driven by Playwright against `stratgraph serve` on 127.0.0.1.

A person's walk through the goal system by clicks, a heatmap cell against the JSON API, a named example in the
SPARQL editor, the search, and axe-core on every page type. Every page visited must load without console
errors, failed requests or requests to another host. Screenshots of every page type go to dist/screenshots/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright import sync_api as playwright_sync

from .conftest import FIXTURES, ROOT, data_folder, free_port

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "dist" / "screenshots"
GIGABIT = "/stratgraph/bochum/kernaktivitaet/gigabit-city-bochum"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # without these Chromium calls Google's hosts at start, which this closed network refuses
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release folder of the server below (it builds a release there after its start; ``_serve`` waits)."""
    return tmp_path_factory.mktemp("browser-dist")


@contextmanager
def _serve(dist: Path, *options: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`stratgraph serve` as the README starts it, with its own release folder (and ``env``); waited for, bounded."""
    port = free_port()
    log = dist / "server.log"
    env = {**os.environ, "STRATGRAPH_DIST": str(dist), **(env or {})}
    command = [str(Path(sys.executable).parent / "stratgraph"), "--root", str(ROOT), *options, "serve"]
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen([*command, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/api/kompetenzen", timeout=2).read()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.5)
        # the first release is built after the start: the page walk reads it (and the Downloads page shows it)
        urllib.request.urlopen(base + "/download", timeout=90).read()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(served: Path) -> Iterator[str]:
    with _serve(served) as base:
        yield base


@pytest.fixture(scope="module")
def gamma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service over Bochum and the hand-made five-level strategy gamma (tests/fixtures/staedte/gamma), with its
    indicators and values (tests/fixtures/fortschritt/gamma)."""
    data = data_folder(tmp_path_factory.mktemp("gestalt") / "data", "bochum", "gamma")
    for path in (FIXTURES / "fortschritt" / "gamma").glob("*.ttl"):
        shutil.copyfile(path, data / "gamma" / path.name)
    with _serve(tmp_path_factory.mktemp("gestalt-dist"), "--data", str(data)) as base:
        yield base


def api(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.loads(response.read())


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is missing: apt-get install chromium (.ci/run does it)"
    with playwright_sync.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


class Watch:
    """What went wrong while a page was used: console errors, uncaught errors, failed or foreign requests."""

    def __init__(self, page: Any, base: str, expected_error: str = "") -> None:
        """``expected_error``: the path of a page that is meant to answer 4xx (the error page itself)."""
        self.problems: list[str] = []
        host = urlsplit(base).netloc

        def console(message: Any) -> None:
            expected = expected_error and message.location.get("url", "").endswith(expected_error)
            if message.type == "error" and not expected:
                self.problems.append(f"Konsole: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda e: self.problems.append(f"Skriptfehler: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"fehlgeschlagen: {r.url} {r.failure}"))
        page.on(
            "request",
            lambda r: (
                urlsplit(r.url).scheme in ("http", "https")
                and urlsplit(r.url).netloc != host
                and self.problems.append(f"anderer Host: {r.url}")
            ),
        )
        page.on(
            "response",
            lambda r: (
                r.status >= 400
                and not r.url.endswith("/gibt-es-nicht")
                and self.problems.append(f"{r.status}: {r.url}")
            ),
        )


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server, locale="de-DE", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    watch = Watch(tab, server)
    yield tab
    context.close()
    assert watch.problems == []


def test_a_walk_through_the_goal_system_by_clicks(page: Any, server: str) -> None:
    ka = api(server, "/api/kernaktivitaeten/gigabit-city-bochum")
    (listed,) = [k for k in api(server, "/api/kernaktivitaeten")["kernaktivitaeten"] if k["iri"] == ka["iri"]]
    target = next(link["sdg"] for link in ka["zuordnungen"] if link["sdg"] and "." in link["sdg"])

    page.goto("/")
    page.locator("main").get_by_role("link", name=ka["kompetenz"]["name"], exact=True).first.click()
    assert page.locator("h1").inner_text() == ka["kompetenz"]["name"]
    page.locator("main").get_by_role("link", name=listed["schwerpunkt"]["name"], exact=True).first.click()
    assert page.locator("h1").inner_text() == listed["schwerpunkt"]["name"]
    page.locator("main").get_by_role("link", name=ka["name"], exact=True).first.click()
    assert page.url.endswith(GIGABIT) and page.locator("h1").inner_text() == ka["name"]
    page.locator("main").get_by_role("link", name=f"SDG {target}", exact=True).first.click()
    assert page.url.endswith(f"/sdg/{target}")
    assert target in page.locator("h1").inner_text()
    assert page.locator("main").get_by_role("link", name=ka["name"], exact=True).count() == 1  # linked back
    page.go_back()
    assert page.url.endswith(GIGABIT) and page.locator("h1").inner_text() == ka["name"]


def test_a_heatmap_cell_lists_exactly_the_kernaktivitaeten_of_the_api(page: Any, server: str) -> None:
    matrix = api(server, "/api/abdeckung?nach=schwerpunkt")
    row, cell = max(
        ((r, c) for r in matrix["zeilen"] for c in r["zellen"] if c["nur_ueber_thema"]),
        key=lambda rc: len(rc[1]["direkt"]),
    )
    page.goto("/abdeckung?nach=schwerpunkt")
    page.get_by_role("link", name=f"SDG {cell['sdg']}, {row['name']}:").click()
    assert page.locator("h1").inner_text() == f"{row['name']} × SDG {cell['sdg']}"

    def listed(section: str) -> list[str]:
        hrefs = page.locator(f"section[aria-labelledby={section}] h3 a").evaluate_all("l => l.map(a => a.href)")
        return sorted(urlsplit(h).path for h in hrefs)

    assert listed("direkt") == sorted(urlsplit(i).path for i in cell["direkt"])
    assert listed("kontext") == sorted(urlsplit(i).path for i in cell["nur_ueber_thema"])
    assert page.get_by_text("Vorschlag der Redaktion, nicht geprüft").count() > 0  # evidence in plain words


def test_a_named_example_runs_in_the_query_page(page: Any, server: str) -> None:
    expected = api(server, "/api/queries/kompetenzen")
    page.goto("/abfrage")
    page.locator("body.editor-bereit").wait_for(timeout=15_000)
    page.locator('button[data-beispiel="kompetenzen"]').click()
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for(timeout=15_000)
    assert rows.count() == len(expected["results"]["bindings"]) == 5
    for kompetenz in api(server, "/api/kompetenzen"):
        assert page.locator(".yasr").get_by_text(kompetenz["name"]).count() >= 1
    found = serious_violations(page)  # the result table too
    assert not found, "\n".join(found)


def test_the_query_page_takes_only_the_query_from_its_address(page: Any, server: str) -> None:
    """A link that names another endpoint, method or headers makes no request: the query lands in the editor and
    runs only when the visitor asks."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(f"{r.method} {urlsplit(r.url).path}"))
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
    page.goto(
        "/abfrage?"
        + urllib.parse.urlencode(
            {"query": query, "endpoint": "/admin/reload", "requestMethod": "POST", "headers": "X-Admin: 1"}
        )
    )
    page.locator("body.editor-bereit").wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert not [a for a in asked if "/admin/" in a or a.endswith("/sparql")], asked
    editor = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert editor == query


def test_search_finds_buergerservice_by_clicks(page: Any) -> None:
    page.goto("/")
    page.get_by_role("searchbox", name="Suche").fill("buergerservice")
    page.get_by_role("button", name="Suchen").click()
    hit = page.locator("main").get_by_role("link", name="Bürgerservice").first
    hit.click()
    assert "Bürgerservice" in page.locator("h1").inner_text()


# one published IRI of each kind, read from the served release (its folder is the server's STRATGRAPH_DIST)
KINDS = (
    "kompetenz",
    "strategisches-ziel",
    "schwerpunkt",
    "programmatisches-ziel",
    "kernaktivitaet",
    "querschnittsthema",
    "umsetzungskonzept",
    "meilenstein",
    "gremium",
    "organisation",
    "quelle",
    "zuordnung",
    "graph",
    "datensatz",
)


def _page_types(server: str, dist: Path) -> dict[str, str]:
    (trig,) = dist.glob("*/stratgraph.trig")
    (catalog,) = dist.glob("*/catalog.ttl")
    published = sorted(
        set(
            re.findall(
                r"https://w3id\.org/stratgraph/bochum/([a-z-]+(?:/[a-z0-9-]+)?)[>\s]",
                trig.read_text() + catalog.read_text(),
            )
        )
    )
    instances = {kind: next(f"/stratgraph/bochum/{p}" for p in published if p.split("/")[0] == kind) for kind in KINDS}
    matrix = api(server, "/api/abdeckung")
    row = matrix["zeilen"][0]
    cell = next(c for c in row["zellen"] if c["direkt"])
    ka = api(server, "/api/kernaktivitaeten/gigabit-city-bochum")
    target = next(link["sdg"] for link in ka["zuordnungen"] if link["sdg"] and "." in link["sdg"])
    return {
        "start": "/",
        "abdeckung": "/abdeckung",
        "abdeckung-zelle": f"/abdeckung/zelle?zeile={row['iri'].rsplit('/', 1)[1]}&sdg={cell['sdg']}",
        "warum": f"/warum?kernaktivitaet=gigabit-city-bochum&sdg={target}",
        "sdg-ziel": "/sdg/13",
        "sdg-unterziel": f"/sdg/{target}",
        "suche": "/suche?text=buergerservice",
        "fortschritt": "/fortschritt",  # Bochum's sources name no indicator: the page says so
        "bericht": "/bericht",
        "massnahmen": "/massnahmen",
        "downloads": "/download",
        "katalog": "/katalog",
        "abfrage": "/abfrage",
        "staedte": "/staedte",
        "vergleich": "/vergleich",
        "api-docs": "/docs",
        "api-redoc": "/redoc",
        "vokabular": "/stratgraph/ontology",
        "status-begriff": "/stratgraph/ontology#umgesetzt",
        **instances,
        "fehler-404": "/stratgraph/bochum/kernaktivitaet/gibt-es-nicht",
    }


def serious_violations(tab: Any) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{v['id']} ({v['impact']}): {[n['html'][:120] for n in v['nodes']][:3]}"
        for v in Axe().run(tab).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.slow
def test_every_page_type_passes_axe_and_is_photographed(browser: Any, server: str, served: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}
    for name, path in _page_types(server, served).items():
        context = browser.new_context(base_url=server, locale="de-DE", viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        watch = Watch(tab, server, expected_error=path if name == "fehler-404" else "")
        response = tab.goto(path)
        assert response is not None and response.status == (404 if name == "fehler-404" else 200), path
        tab.wait_for_load_state("networkidle")
        tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        # nothing widens the page: wide content scrolls in its own box (a grid rule once made a Kompetenz page 5,574 px)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 1280, name
        serious = serious_violations(tab)
        if serious:
            found[name] = serious
        context.close()
        assert watch.problems == [], (name, watch.problems)
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_pages_fit_a_phone(browser: Any, server: str) -> None:
    """At 375 px nothing but the wide matrix scrolls sideways, and that inside its own frame."""
    context = browser.new_context(base_url=server, locale="de-DE", viewport={"width": 375, "height": 800})
    tab = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone = {
        "start": "/",
        "kernaktivitaet": GIGABIT,
        "abdeckung": "/abdeckung",
        "sdg": "/sdg/9",
        "downloads": "/download",
        "katalog": "/katalog",
        "bericht": "/bericht",
    }
    for name, path in phone.items():
        tab.goto(path)
        tab.screenshot(path=str(SCREENSHOTS / f"telefon-{name}.png"), full_page=True)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
    context.close()


GAMMA_PAGES = {  # every page type a strategy of the other shape has, with ?stadt=gamma
    "start": "/?stadt=gamma",
    "abdeckung-massnahmen": "/abdeckung?stadt=gamma",
    "abdeckung-ziele": "/abdeckung?stadt=gamma&nach=ziele",
    "abdeckung-zelle-ziele": "/abdeckung/zelle?stadt=gamma&nach=ziele&zeile=operatives-ziel&sdg=11",
    "warum-ziel": "/warum?stadt=gamma&kernaktivitaet=radverkehrsanteil-25-prozent&sdg=11.2",
    "sdg-ziel": "/sdg/7?stadt=gamma",
    "sdg-unterziel": "/sdg/11.2?stadt=gamma",
    "suche": "/suche?stadt=gamma&text=rad",
    "fortschritt": "/fortschritt?stadt=gamma",
    "bericht": "/bericht?stadt=gamma",
    "massnahmen": "/massnahmen?stadt=gamma",
    "indikator": "/indikator/co2-je-einwohner?stadt=gamma",
    "indikator-vorlaeufig": "/indikator/solarleistung?stadt=gamma",
    "leitlinie-mit-fortschritt": "/stratgraph/gamma/leitlinie/gamma-wird-klimaneutral",
    "sdg-mit-indikator": "/sdg/7.2?stadt=gamma",
    "massnahme": "/stratgraph/gamma/massnahme/fahrradparkhaus-am-bahnhof",
    "operatives-ziel": "/stratgraph/gamma/operatives-ziel/busse-elektrisch",
    "themenfeld": "/stratgraph/gamma/themenfeld/mobilitaet",
    "ebene": "/stratgraph/gamma/ebene/leitlinie",
    "staedte": "/staedte",
    "vergleich": "/vergleich",
}


@pytest.mark.slow
def test_the_other_shape_passes_axe_on_every_page_type(browser: Any, gamma_server: str) -> None:
    """Each page of gamma at 1280 px: no console error, no foreign request, no serious axe finding; at 375 px
    nothing scrolls sideways but the matrix in its own frame. Screenshots: dist/screenshots/gamma-*.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}
    for width in (1280, 375):
        context = browser.new_context(base_url=gamma_server, locale="de-DE", viewport={"width": width, "height": 900})
        for name, path in GAMMA_PAGES.items():
            tab = context.new_page()
            watch = Watch(tab, gamma_server)
            response = tab.goto(path)
            assert response is not None and response.status == 200, path
            tab.wait_for_load_state("networkidle")
            tab.screenshot(path=str(SCREENSHOTS / f"gamma-{name}-{width}.png"), full_page=True)
            if width == 1280:
                serious = serious_violations(tab)
                if serious:
                    found[name] = serious
            else:
                assert tab.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
            assert watch.problems == [], (name, watch.problems)
            tab.close()
        context.close()
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_the_query_page_keeps_its_width_reads_german_and_shows_plain_values(page: Any, server: str) -> None:
    """A wide result (every Kernaktivität with its links) scrolls inside its box, which the keyboard reaches; the
    widget speaks German; a typed literal (the strategy's years, xsd:gYear) shows as its value, not „"2030"^^…“."""
    typed = api(server, "/api/queries/strategie")["results"]["bindings"]
    assert any(v.get("datatype") for row in typed for v in row.values())  # the example does hold typed literals
    page.goto("/abfrage")
    page.locator("body.editor-bereit").wait_for(timeout=15_000)
    page.locator('button[data-beispiel="kernaktivitaeten"]').click()
    page.locator(".yasr table tbody tr").first.wait_for(timeout=15_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    box = page.locator(".yasr_results")
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label") == "Ergebnis der Abfrage"
    header = page.locator(".yasr_header").inner_text()
    assert "Tabelle" in header and "Table" not in header and "seconds" not in header and "Page size" not in header
    assert serious_violations(page) == []
    page.locator('button[data-beispiel="strategie"]').click()
    page.locator(".yasr table tbody").get_by_text("Bochum Strategie", exact=True).first.wait_for(timeout=15_000)
    cells = page.locator(".yasr table tbody").inner_text()
    assert "^^" not in cells and "2030" in cells
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "abfrage-ergebnis.png"))
