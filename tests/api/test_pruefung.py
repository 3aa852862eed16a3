"""The link review on the web (docs/pruefung.md): read-only by default; with accounts, sign-in with Argon2 hashes,
signed HttpOnly SameSite cookies, CSRF tokens, a rate limit on failed sign-ins, roles, and decisions written
exactly as `stratgraph links review` writes them, visible at once, logged with role and time.

Every test works on its own copy of the data (Bochum and the hand-made gamma), so a decision here never reaches
data/ or another test."""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratgraph.api import create_app
from stratgraph.api.pruefung import hash_password
from stratgraph.cli import EXIT_OK, main
from stratgraph.config import Settings
from stratgraph.strategies import links as links_module
from stratgraph.strategies import project as project_module
from stratgraph.strategies.links import LINK_FILE
from stratgraph.strategies.project import kept_reports, validate_strategy
from stratgraph.strategies.validation import Finding

from ..conftest import ROOT, data_folder

PASSWORDS = {"buero": "gruen-und-gerecht-2030", "redaktion": "quellen-lesen-2030", "fachamt": "strassen-bauen-2030"}
ROLES = {"buero": "Nachhaltigkeitsbüro", "redaktion": "Redaktion", "fachamt": "Fachamt"}
BOCHUM = "https://w3id.org/stratgraph/bochum/"
BENCHES_11_7 = BOCHUM + "zuordnung/1000-baenke-fuer-bochum--sdg--sdg-11-7"
LABOUR_4_4 = BOCHUM + "zuordnung/arbeitsmarktstrategie--sdg--sdg-4-4"
HTML = {"Accept": "text/html"}
# Bochum's links, counted in its link file (not by the code under test)
TOTAL = (ROOT / "data" / "bochum" / LINK_FILE).read_text(encoding="utf-8").count(" a strat:Zuordnung ;")


@pytest.fixture(scope="module")
def accounts() -> str:
    """The accounts as the operator writes them: role names, Argon2 hashes, never a password."""
    return "\n".join(
        f'[konten.{login}]\nrolle = "{ROLES[login]}"\npasswort = "{hash_password(password)}"\n'
        for login, password in PASSWORDS.items()
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return data_folder(tmp_path / "data", "bochum", "gamma")


@pytest.fixture
def settings(data: Path, tmp_path: Path, served_dist: Path, accounts: str) -> Settings:
    return Settings(
        root=ROOT,
        data_dir=data,
        dist_dir=served_dist,
        accounts_toml=accounts,
        session_key="test-schluessel-nur-fuer-tests",
        review_log_file=tmp_path / "protokoll" / "pruefungen.jsonl",
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as served:
        yield served


def _csrf(client: TestClient, path: str = "/anmelden") -> str:
    page = client.get(path, headers=HTML).text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page[:500]
    return found[1]


def _sign_in(client: TestClient, login: str, password: str | None = None) -> None:
    token = _csrf(client)
    answer = client.post(
        "/anmelden",
        data={"anmeldename": login, "passwort": password or PASSWORDS[login], "csrf": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def _form(client: TestClient, zuordnung: str, query: str = "status=alle") -> dict[str, str]:
    """The hidden fields of the form of one link on the review page (what a browser would send back)."""
    page = client.get(f"/pruefung?{query}", headers=HTML).text
    start = page.index(f'name="zuordnung" value="{zuordnung}"')
    form = page[page.rindex("<form", 0, start) : page.index("</form>", start)]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def _links(data: Path) -> str:
    return (data / "bochum" / LINK_FILE).read_text(encoding="utf-8")


def _block(text: str, iri: str) -> str:
    return text[text.index(f"<{iri}> a strat:Zuordnung") :].split("\n\n", 1)[0]


def test_without_accounts_the_service_is_read_only_and_sets_no_cookie(
    data: Path, served_dist: Path, tmp_path: Path
) -> None:
    settings = Settings(root=ROOT, data_dir=data, dist_dir=served_dist, review_log_file=tmp_path / "log.jsonl")
    before = _links(data)
    with TestClient(create_app(settings)) as client:
        for path in ("/", "/pruefung", "/anmelden", "/abdeckung"):
            answer = client.get(path, headers=HTML)
            assert "set-cookie" not in answer.headers, path
        assert client.get("/pruefung", headers=HTML).status_code == 403
        assert "Prüfen" not in client.get("/", headers=HTML).text.split("</nav>")[0]
        refused = client.post("/pruefung/entscheidung", data={"zuordnung": BENCHES_11_7, "aktion": "bestaetigen"})
        assert refused.status_code == 403
    assert _links(data) == before


def test_sign_in_gives_a_signed_httponly_samesite_cookie_and_a_wrong_password_none(client: TestClient) -> None:
    assert client.get("/pruefung", headers=HTML, follow_redirects=False).status_code == 303  # to the sign-in
    token = _csrf(client)
    wrong = client.post(
        "/anmelden", data={"anmeldename": "buero", "passwort": "falsch", "csrf": token}, follow_redirects=False
    )
    assert wrong.status_code == 401 and "Anmeldename oder Passwort ist falsch" in wrong.text
    assert client.get("/pruefung", headers=HTML, follow_redirects=False).status_code == 303
    answer = client.post(
        "/anmelden",
        data={"anmeldename": "buero", "passwort": PASSWORDS["buero"], "csrf": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"].casefold()
    assert cookie.startswith("stratgraph_sitzung=") and "httponly" in cookie and "samesite=strict" in cookie
    assert PASSWORDS["buero"] not in answer.headers["set-cookie"]
    page = client.get("/pruefung", headers=HTML)
    assert page.status_code == 200 and "Rolle <strong>Nachhaltigkeitsbüro</strong>" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert f"0 von {TOTAL}</strong> Bezügen geprüft" in page.text
    # a forged cookie (not signed with the service's key) is no session
    client.cookies.clear()
    client.cookies.set("stratgraph_sitzung", "eyJzaWQiOiAieCJ9.AAAA.BBBB")
    assert client.get("/pruefung", headers=HTML, follow_redirects=False).status_code == 303


def test_the_hash_is_no_password_and_five_failures_block_the_sixth_try(client: TestClient, accounts: str) -> None:
    stored = re.search(r'passwort = "([^"]+)"', accounts)
    assert stored and stored[1].startswith("$argon2id$")
    token = _csrf(client)
    for attempt in range(5):
        answer = client.post("/anmelden", data={"anmeldename": "buero", "passwort": stored[1], "csrf": token})
        assert answer.status_code == 401, attempt
    blocked = client.post(
        "/anmelden", data={"anmeldename": "buero", "passwort": PASSWORDS["buero"], "csrf": token}
    )  # even the right password: the account is blocked for a while
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert "stratgraph_sitzung" not in blocked.headers.get("set-cookie", "") or "sid" not in blocked.text


def test_no_decision_without_a_session_or_without_the_csrf_token(client: TestClient, data: Path) -> None:
    before = _links(data)
    anonymous = client.post("/pruefung/entscheidung", data={"zuordnung": BENCHES_11_7, "aktion": "bestaetigen"})
    assert anonymous.status_code == 401
    _sign_in(client, "buero")
    fields = _form(client, BENCHES_11_7)
    without = {k: v for k, v in fields.items() if k != "csrf"}
    assert client.post("/pruefung/entscheidung", data={**without, "aktion": "bestaetigen"}).status_code == 403
    forged = {**fields, "csrf": "x" * 43, "aktion": "bestaetigen"}
    assert client.post("/pruefung/entscheidung", data=forged).status_code == 403
    foreign = client.post(
        "/pruefung/entscheidung",
        data={**fields, "aktion": "bestaetigen"},
        headers={"Origin": "https://elsewhere.example"},
    )
    assert foreign.status_code == 403
    assert _links(data) == before


def test_a_decision_is_written_as_the_cli_writes_it_visible_at_once_and_logged(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    _sign_in(client, "buero")
    fields = _form(client, BENCHES_11_7)
    reason = "Bänke im öffentlichen Raum machen ihn zugänglicher, wie 11.7 es will."
    answer = client.post(
        "/pruefung/entscheidung", data={**fields, "aktion": "bestaetigen", "grund": reason}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    written = _links(settings.data)
    # the same decision by the command line, on a second copy of the same data
    other = data_folder(tmp_path / "cli", "bochum", "gamma")
    argv = ["--root", str(ROOT), "--data", str(other), "--stadt", "bochum", "links", "review"]
    argv += [BOCHUM + "kernaktivitaet/1000-baenke-fuer-bochum", "11.7", "--entscheidung", "bestätigt"]
    argv += ["--rolle", "Stadt Bochum", "--kommentar", reason, "--datum", date.today().isoformat()]
    assert main(argv) == EXIT_OK
    assert written == _links(other)  # the same file, byte for byte
    assert "strat:hatPruefstatus strat:bestaetigt" in _block(written, BENCHES_11_7)
    # visible at once: the answers and pages of the service
    page = client.get("/pruefung?status=bestaetigt", headers=HTML).text
    assert f"1 von {TOTAL}</strong> Bezügen geprüft: 1 bestätigt" in page and "Gespeichert:" in page
    evidence = client.get("/api/kernaktivitaeten/1000-baenke-fuer-bochum").json()
    statuses = {z["zu"]: z["pruefstatus"] for z in evidence["zuordnungen"]}
    assert statuses["http://metadata.un.org/sdg/11.7"] == "bestaetigt"
    # the audit log: role and time, no password
    entries = [json.loads(line) for line in settings.review_log.read_text(encoding="utf-8").splitlines()]
    assert [(e["rolle"], e["aktion"], e["vorher"], e["nachher"]) for e in entries] == [
        ("Nachhaltigkeitsbüro", "bestaetigen", "offen", "bestätigt")
    ]
    assert entries[0]["zeit"].startswith(date.today().isoformat()) and entries[0]["grund"] == reason


@pytest.mark.slow  # waits for processes to start / reads the strategy twice: left to `make test`
def test_a_decision_reloads_with_processes_started_ahead_and_its_own_validation(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What makes a decision visible within a second: the reload takes the query processes that waited for it,
    and the validation the decision ran before writing (it is not repeated)."""
    served = client.app.state.service  # type: ignore[attr-defined]
    waiting: list[int] = []
    for _ in range(600):  # bounded: the service starts its spare processes two seconds after its start
        waiting = served.warm.pids
        if len(waiting) == settings.query_workers + 1:
            break
        time.sleep(0.1)
    assert len(waiting) == settings.query_workers + 1
    before = set(served.current.runner.pids)
    _sign_in(client, "buero")
    fields = _form(client, BENCHES_11_7)
    validated: list[str] = []

    def counted(settings: Settings, slug: str, links: Path | None = None) -> list[Finding]:
        validated.append(slug)
        return validate_strategy(settings, slug, links)

    for module in (links_module, project_module):
        monkeypatch.setattr(module, "validate_strategy", counted)
    answer = client.post("/pruefung/entscheidung", data={**fields, "aktion": "bestaetigen"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert validated == ["bochum"]  # before writing; the reload took that report
    now = set(served.current.runner.pids)
    assert now == set(waiting) and not now & before  # the waiting processes now serve the new graph
    assert kept_reports(settings).get("bochum") == validate_strategy(settings, "bochum")  # the written file's


def test_roles_decide_what_they_may_and_a_change_needs_a_reason(client: TestClient, data: Path) -> None:
    _sign_in(client, "fachamt")
    fields = _form(client, LABOUR_4_4)
    before = _links(data)
    assert client.post("/pruefung/entscheidung", data={**fields, "aktion": "bestaetigen"}).status_code == 403
    assert _links(data) == before
    note = "Die Arbeitsmarktstrategie fördert auch digitale Grundkompetenzen."
    answer = client.post(
        "/pruefung/entscheidung", data={**fields, "aktion": "kommentieren", "grund": note}, follow_redirects=False
    )
    assert answer.status_code == 303
    block = _block(_links(data), LABOUR_4_4)
    assert f'skos:editorialNote "{note}"@de' in block and "strat:vorgeschlagen" in block  # status unchanged
    client.post("/abmelden", data={"csrf": _csrf(client, "/pruefung")})
    _sign_in(client, "redaktion")
    fields = _form(client, LABOUR_4_4)
    unexplained = client.post("/pruefung/entscheidung", data={**fields, "aktion": "aendern", "staerke": "direkt"})
    assert unexplained.status_code == 422 and "Grund" in unexplained.json()["fehler"]
    assert "strat:hatStaerke strat:indirekt" in _block(_links(data), LABOUR_4_4)
    reason = "Die Strategie nennt Weiterbildung ausdrücklich als eigenes Handlungsfeld."
    changed = client.post(
        "/pruefung/entscheidung",
        data={**fields, "aktion": "aendern", "staerke": "direkt", "grund": reason},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert "strat:hatStaerke strat:direkt" in _block(_links(data), LABOUR_4_4)


def test_signing_out_ends_the_session_at_once(client: TestClient) -> None:
    _sign_in(client, "buero")
    kept = dict(client.cookies)
    token = _csrf(client, "/pruefung")
    assert client.post("/abmelden", data={"csrf": token}, follow_redirects=False).status_code == 303
    client.cookies.clear()
    for name, value in kept.items():  # the old cookie, replayed: its session is closed on the server
        client.cookies.set(name, value)
    assert client.get("/pruefung", headers=HTML, follow_redirects=False).status_code == 303


def test_two_reviewers_at_once_lose_no_decision(settings: Settings, client: TestClient) -> None:
    """Two sessions decide two links at the same moment: both decisions are in the file. A third decision made on
    a page older than a decision of the other reviewer on the same link is refused (409), never merged silently."""
    second = TestClient(client.app, base_url="http://127.0.0.1")
    _sign_in(client, "buero")
    _sign_in(second, "buero")
    first_fields, second_fields = _form(client, BENCHES_11_7), _form(second, LABOUR_4_4)
    stale = _form(second, BENCHES_11_7)  # the second reviewer's page, before the first decision
    results: list[int] = []

    def decide(who: TestClient, fields: dict[str, str], action: str) -> None:
        answer = who.post("/pruefung/entscheidung", data={**fields, "aktion": action}, follow_redirects=False)
        results.append(answer.status_code)

    threads = [
        threading.Thread(target=decide, args=(client, first_fields, "bestaetigen")),
        threading.Thread(target=decide, args=(second, second_fields, "ablehnen")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results == [303, 303]
    text = _links(settings.data)
    assert "strat:bestaetigt" in _block(text, BENCHES_11_7) and "strat:abgelehnt" in _block(text, LABOUR_4_4)
    late = second.post("/pruefung/entscheidung", data={**stale, "aktion": "ablehnen"}, follow_redirects=False)
    assert late.status_code == 409 and "inzwischen geändert" in late.json()["fehler"]
    assert "strat:bestaetigt" in _block(_links(settings.data), BENCHES_11_7)


def test_accounts_that_cannot_work_stop_the_start_with_a_clear_message(data: Path, served_dist: Path) -> None:
    from stratgraph.errors import ConfigurationError

    base = Settings(root=ROOT, data_dir=data, dist_dir=served_dist)
    for text, expected in (
        ('[konten.buero]\nrolle = "Chef"\npasswort = "$argon2id$x"', "rolle „Chef“"),
        ('[konten.buero]\nrolle = "Redaktion"\npasswort = "geheim"', "kein Argon2-Hash"),
        ("[konten", "kein gültiges TOML"),
        ('[konten."Max Mustermann"]\nrolle = "Redaktion"\npasswort = "$argon2id$x"', "Anmeldename"),
    ):
        with pytest.raises(ConfigurationError, match=re.escape(expected)):
            create_app(replace(base, accounts_toml=text))


def test_the_cli_makes_an_accounts_entry_with_an_argon2_hash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from stratgraph.api.pruefung import _verify

    monkeypatch.setattr("sys.stdin", io.StringIO("ein-langes-passwort\n"))
    assert main(["--root", str(ROOT), "konto", "nachhaltigkeitsbuero", "--rolle", "Nachhaltigkeitsbüro"]) == EXIT_OK
    entry = capsys.readouterr().out
    assert entry.startswith('[konten.nachhaltigkeitsbuero]\nrolle = "Nachhaltigkeitsbüro"\npasswort = "$argon2id$')
    assert "ein-langes-passwort" not in entry
    assert _verify(re.search(r'passwort = "([^"]+)"', entry)[1], "ein-langes-passwort")  # type: ignore[index]
    monkeypatch.setattr("sys.stdin", io.StringIO("kurz\n"))
    assert main(["--root", str(ROOT), "konto", "buero", "--rolle", "Redaktion"]) == 2


def test_the_review_works_on_a_strategy_of_another_shape(client: TestClient, settings: Settings) -> None:
    """gamma (five levels, links from goals and measures; tests/fixtures/staedte/gamma/zuordnungen.ttl: 12 links,
    3 bestätigt, 1 abgelehnt, 8 vorgeschlagen): its review page, the level filter, a decision in its own file."""
    gamma = "https://w3id.org/stratgraph/gamma/zuordnung/"
    bochum_before = _links(settings.data)
    _sign_in(client, "buero")
    page = client.get("/pruefung?stadt=gamma&status=alle", headers=HTML).text
    assert "4 von 12</strong> Bezügen geprüft: 3 bestätigt, 1 abgelehnt, 8 offen" in page
    goals = client.get("/pruefung", params={"stadt": "gamma", "status": "alle", "ebene": "operatives Ziel"}).text
    shown = set(re.findall(r'name="zuordnung" value="([^"]+)"', goals))
    assert shown == {
        gamma + "solarleistung-verdreifachen--sdg--sdg-7-2",
        gamma + "radverkehrsanteil-25-prozent--sdg--sdg-11-2",
        gamma + "busse-elektrisch--sdg--sdg-11-6",
    }
    fields = _form(client, gamma + "busse-elektrisch--sdg--sdg-11-6", "stadt=gamma&status=alle")
    answer = client.post(
        "/pruefung/entscheidung?stadt=gamma", data={**fields, "aktion": "ablehnen"}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    text = (settings.data / "gamma" / LINK_FILE).read_text(encoding="utf-8")
    assert "strat:abgelehnt" in _block(text, gamma + "busse-elektrisch--sdg--sdg-11-6")
    assert _links(settings.data) == bochum_before
    page = client.get("/pruefung?stadt=gamma&status=alle", headers=HTML).text
    assert "5 von 12</strong> Bezügen geprüft: 3 bestätigt, 2 abgelehnt, 7 offen" in page


def test_the_review_state_shows_on_the_start_page_the_sdg_map_and_the_sdg_pages(
    client: TestClient, settings: Settings
) -> None:
    """Counted here from Bochum's files with rdflib (not by the code under test): its links to SDG 11 or an 11.x
    target, and the Kernaktivitäten with a link of their own to them; the UN KOS gives SDG 11 ten targets."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    strat, sdg = Namespace("https://w3id.org/stratgraph/ontology#"), "http://metadata.un.org/sdg/"
    graph = Graph()
    for path in (settings.data / "bochum").glob("*.ttl"):
        graph.parse(path)

    def to_11(target: object) -> bool:
        code = str(target).removeprefix(sdg)
        return code == "11" or code.startswith("11.")

    links = [z for z in graph.subjects(RDF.type, strat.Zuordnung) if to_11(graph.value(z, strat.zuordnungZu))]
    measures = {
        ka
        for ka, target in graph.subject_objects(strat.traegtBeiZuSdg)
        if to_11(target) and (ka, RDF.type, strat.Kernaktivitaet) in graph
    }
    reached = {
        t for ka, t in graph.subject_objects(strat.traegtBeiZuSdg) if ka in measures and str(t).startswith(sdg + "11.")
    }
    _sign_in(client, "buero")
    fields = _form(client, BENCHES_11_7)
    assert client.post("/pruefung/entscheidung", data={**fields, "aktion": "bestaetigen"}).status_code == 200
    start = re.sub(r"\s+", " ", client.get("/", headers=HTML).text)
    expected = f"<strong>1 von {TOTAL}</strong> redaktionellen Bezügen sind geprüft: 1 bestätigt, 0 abgelehnt; "
    expected += f"{TOTAL - 1} sind"
    assert expected in start
    page = re.sub(r"\s+", " ", client.get("/sdg/11", headers=HTML).text)
    assert f"<strong>1 von {len(links)} geprüft</strong> (1 bestätigt, 0 abgelehnt, {len(links) - 1} offen)" in page
    coverage = client.get("/abdeckung", headers=HTML).text
    tile = re.sub(r"<[^>]+>", " ", re.search(r'<li class="kachel sdg-11[^"]*">.*?</li>', coverage, re.S)[0])
    words = " ".join(tile.split())
    assert words.startswith("SDG 11 Nachhaltige Städte und Gemeinden")
    assert (
        f"{len(measures)} Kernaktivitäten {len(reached)} von 10 Unterzielen 1 von {len(links)} Bezügen geprüft" in words
    )
    gaps = re.findall(r'<li class="kachel sdg-(\d+) luecke">', coverage)
    linked = {str(t).removeprefix(sdg).split(".")[0] for _, t in graph.subject_objects(strat.traegtBeiZuSdg)}
    assert gaps and set(gaps) == {str(n) for n in range(1, 18)} - linked


def test_a_tile_of_one_measure_says_it_in_the_singular(client: TestClient) -> None:
    """SDG 2 has exactly one Kernaktivität with a link of its own in Bochum (Verwenden statt verschwenden, 2.1)."""
    coverage = client.get("/abdeckung", headers=HTML).text
    tile = " ".join(re.sub(r"<[^>]+>", " ", re.search(r'<li class="kachel sdg-2">.*?</li>', coverage, re.S)[0]).split())
    assert "1 Kernaktivität 1 von 8 Unterzielen 0 von 1 Bezug geprüft" in tile


def test_the_tiles_colours_in_the_stylesheet_are_the_uns() -> None:
    """The page can set no inline style (CSP), so site.css carries the 17 colours: the same as the answer's."""
    from stratgraph.coverage.review import SDG_COLOURS

    css = (ROOT / "src" / "stratgraph" / "static" / "site.css").read_text(encoding="utf-8")
    found = dict(re.findall(r"\.sdg-(\d+) \{ --sdg-farbe: (#[0-9A-Fa-f]{6}); \}", css))
    assert [found[str(n)] for n in range(1, 18)] == list(SDG_COLOURS)


@pytest.mark.slow  # waits for processes to start / reads the strategy twice: left to `make test`
def test_the_blind_review_on_the_web_gives_the_sample_and_counts_the_filled_sheet(
    client: TestClient, data: Path
) -> None:
    """Signed in, the office downloads the blind sample (126 of Bochum's SDG links: 132 in its link file, 6 of them
    „kein klarer SDG-Bezug“), has it filled and uploads it; the count is shown and nothing is written."""
    from io import BytesIO

    from openpyxl import load_workbook

    assert client.get("/pruefung/blindprobe.xlsx").status_code == 401
    _sign_in(client, "fachamt")  # any role may let links be judged blind
    sample = client.get("/pruefung/blindprobe.xlsx")
    assert sample.status_code == 200 and "blindpruefung-bochum.xlsx" in sample.headers["content-disposition"]
    book = load_workbook(BytesIO(sample.content))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert sheet.max_row - 1 == 126 and "begruendung" not in header and "staerke" not in header
    verdict = header.index("sinnvoll") + 1
    for number in range(2, sheet.max_row + 1):
        sheet.cell(number, verdict, "ja")
    sheet.cell(2, verdict, "nein")
    filled = BytesIO()
    book.save(filled)
    before = _links(data)
    token = _csrf(client, "/pruefung")
    upload = {"datei": ("blind.xlsx", filled.getvalue(), "application/octet-stream")}
    assert client.post("/pruefung/blindauswertung", files=upload, data={"csrf": "falsch"}).status_code == 403
    answer = client.post("/pruefung/blindauswertung", files=upload, data={"csrf": token}, headers=HTML)
    assert answer.status_code == 200, answer.text
    text = html.unescape(answer.text)
    assert "126 von 126 Bezügen beurteilt: 125 sinnvoll, 1 nicht sinnvoll, 0 unklar" in text
    assert "Anteil sinnvoll: 99,2 %" in text  # 125 / 126
    assert _links(data) == before  # an evaluation writes nothing
    wrong = {"datei": ("blind.txt", b"x", "text/plain")}
    assert client.post("/pruefung/blindauswertung", files=wrong, data={"csrf": token}).status_code == 400
    broken = {"datei": ("blind.csv", b"kennung;sinnvoll\nerfunden;ja\n", "text/csv")}
    refused = client.post("/pruefung/blindauswertung", files=broken, data={"csrf": token}, headers=HTML)
    assert refused.status_code == 422 and "Zeile 2: „erfunden“ ist kein SDG-Bezug dieser Strategie" in html.unescape(
        refused.text
    )
