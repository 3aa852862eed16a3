"""The review on the web in headless Chromium (Debian's, driven by Playwright) against `stratgraph serve` with
accounts: sign in, confirm and reject by clicks and see the counts change, a POST without the CSRF token refused,
a second reviewer's decision not lost, axe without serious findings on the sign-in and review pages at 1280 and
375 px (screenshots: dist/screenshots/pruefung-*.png)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stratgraph.api.pruefung import hash_password

from .conftest import ROOT, data_folder
from .test_browser import SCREENSHOTS, Watch, _serve, chromium, serious_violations

pytestmark = pytest.mark.browser

PASSWORD = "gruen-und-gerecht-2030"
BOCHUM = "https://w3id.org/stratgraph/bochum/"
BENCHES = "z-1000-baenke-fuer-bochum--sdg--sdg-11-7"
LABOUR = "z-arbeitsmarktstrategie--sdg--sdg-4-4"
LABOUR_THEME = "z-arbeitsmarktstrategie--querschnittsthema--soziale-lage"
TOTAL = (ROOT / "data" / "bochum" / "zuordnungen.ttl").read_text(encoding="utf-8").count(" a strat:Zuordnung ;")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data = data_folder(tmp_path_factory.mktemp("pruefung") / "data", "bochum", "gamma")
    accounts = (
        f'[konten.buero]\nrolle = "Nachhaltigkeitsbüro"\npasswort = "{hash_password(PASSWORD)}"\n'
        f'[konten.fachamt]\nrolle = "Fachamt"\npasswort = "{hash_password(PASSWORD)}"\n'
    )
    env = {
        "STRATGRAPH_KONTEN_TOML": accounts,
        "STRATGRAPH_SITZUNGSSCHLUESSEL": "nur-fuer-den-browser-test",
        "STRATGRAPH_PRUEFPROTOKOLL": str(data.parent / "pruefungen.jsonl"),
    }
    with _serve(tmp_path_factory.mktemp("pruefung-dist"), "--data", str(data), env=env) as base:
        yield base, data


def _sign_in(browser: Any, base: str, width: int = 1280, login: str = "buero") -> tuple[Any, Any]:
    context = browser.new_context(base_url=base, locale="de-DE", viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto("/anmelden")
    tab.get_by_label("Anmeldename").fill(login)
    tab.get_by_label("Passwort").fill(PASSWORD)
    tab.get_by_role("button", name="Anmelden").click()
    tab.wait_for_url(re.compile(r"/pruefung"))
    return context, tab


def _decide(tab: Any, anchor: str, button: str, reason: str = "") -> None:
    item = tab.locator(f"#{anchor}")
    if reason:
        item.locator("textarea").fill(reason)
    item.get_by_role("button", name=button).click()
    tab.wait_for_load_state("networkidle")


def _links(data: Path) -> str:
    return (data / "bochum" / "zuordnungen.ttl").read_text(encoding="utf-8")


def _status(text: str, anchor: str) -> str:
    iri = BOCHUM + "zuordnung/" + anchor.removeprefix("z-")
    block = text[text.index(f"<{iri}> a strat:Zuordnung") :].split("\n\n", 1)[0]
    found = re.search(r"strat:hatPruefstatus strat:(\w+)", block)
    assert found
    return found[1]


def test_sign_in_confirm_reject_and_the_counts_change(browser: Any, review_server: tuple[str, Path]) -> None:
    base, data = review_server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(base_url=base, locale="de-DE", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    watch = Watch(tab, base)
    tab.goto("/anmelden")
    assert serious_violations(tab) == []
    tab.screenshot(path=str(SCREENSHOTS / "pruefung-anmelden-1280.png"), full_page=True)
    tab.get_by_label("Anmeldename").fill("buero")
    tab.get_by_label("Passwort").fill("falsch")
    tab.get_by_role("button", name="Anmelden").click()
    assert "Anmeldename oder Passwort ist falsch" in tab.locator("[role=alert]").inner_text()
    context.close()
    context, tab = _sign_in(browser, base)
    watch = Watch(tab, base)
    assert f"0 von {TOTAL}" in tab.locator("#stand ~ p").first.inner_text()
    assert serious_violations(tab) == []
    tab.screenshot(path=str(SCREENSHOTS / "pruefung-liste-1280.png"))
    _decide(tab, BENCHES, "Bestätigen", "Bänke im öffentlichen Raum machen ihn zugänglicher, wie 11.7 es will.")
    assert "Gespeichert" in tab.locator("[role=status]").inner_text()
    _decide(tab, LABOUR, "Ablehnen", "Berufliche Bildung ist hier nur am Rand gemeint.")
    summary = tab.locator("#stand ~ p").first.inner_text()
    assert f"2 von {TOTAL}" in summary and f"1 bestätigt, 1 abgelehnt, {TOTAL - 2} offen" in summary
    text = _links(data)
    assert _status(text, BENCHES) == "bestaetigt" and _status(text, LABOUR) == "abgelehnt"
    tab.goto("/")  # the start page counts the same at once
    assert f"2 von {TOTAL}" in tab.locator("#pruefstand ~ p").first.inner_text()
    # a POST from this page without the CSRF token: refused, nothing written
    before = _links(data)
    status = tab.evaluate(
        """async () => (await fetch('/pruefung/entscheidung', {method: 'POST', body: new URLSearchParams(
               {zuordnung: '%s', aktion: 'ablehnen'})})).status"""
        % (BOCHUM + "zuordnung/" + BENCHES.removeprefix("z-"))
    )
    assert status == 403 and _links(data) == before
    assert watch.problems == [] or all("403" in p for p in watch.problems), watch.problems
    context.close()


def test_a_second_reviewers_decision_is_not_lost(browser: Any, review_server: tuple[str, Path]) -> None:
    base, data = review_server
    first, tab_a = _sign_in(browser, base)
    second, tab_b = _sign_in(browser, base)
    for tab in (tab_a, tab_b):
        tab.goto("/pruefung?status=alle")
    _decide(tab_a, LABOUR_THEME, "Bestätigen")  # the first reviewer decides …
    _decide(tab_b, LABOUR_THEME, "Ablehnen")  # … the second, on the page from before, is told, not merged
    assert "inzwischen geändert" in tab_b.content()
    assert _status(_links(data), LABOUR_THEME) == "bestaetigt"
    tab_b.goto("/pruefung?status=alle")  # read again, then decided: both decisions stand
    _decide(tab_b, LABOUR_THEME, "Kommentieren", "Nach Rücksprache mit dem Fachamt bestätigt.")
    text = _links(data)
    assert _status(text, LABOUR_THEME) == "bestaetigt" and "Nach Rücksprache mit dem Fachamt" in text
    first.close()
    second.close()


def test_the_review_pages_fit_a_phone_and_a_fachamt_sees_only_its_buttons(
    browser: Any, review_server: tuple[str, Path]
) -> None:
    base, _ = review_server
    context, tab = _sign_in(browser, base, width=375, login="fachamt")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    item = tab.locator(f"#{BENCHES}") if tab.locator(f"#{BENCHES}").count() else tab.locator(".bezug").first
    assert item.get_by_role("button", name="Kommentieren").count() == 1
    assert item.get_by_role("button", name="Bestätigen").count() == 0
    assert serious_violations(tab) == []
    tab.screenshot(path=str(SCREENSHOTS / "pruefung-liste-375.png"))
    tab.goto("/anmelden")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    tab.screenshot(path=str(SCREENSHOTS / "pruefung-anmelden-375.png"), full_page=True)
    context.close()


def test_the_blind_review_downloaded_filled_and_uploaded_in_the_browser(
    browser: Any, review_server: tuple[str, Path], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    base, _ = review_server
    context, tab = _sign_in(browser, base, login="fachamt")
    tab.get_by_text("Die SDG-Bezüge von jemand anderem beurteilen lassen").click()  # the section opens
    with tab.expect_download() as waiting:
        tab.get_by_role("link", name="Alle SDG-Bezüge als Arbeitsmappe für die Blindprüfung").click()
    sample = tmp_path / "blind.xlsx"
    waiting.value.save_as(sample)
    book = load_workbook(sample)
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    for number in range(2, sheet.max_row + 1):
        sheet.cell(number, header.index("sinnvoll") + 1, "ja" if number % 10 else "unklar")
    book.save(sample)
    unclear = len([n for n in range(2, sheet.max_row + 1) if n % 10 == 0])  # counted by hand: rows 10, 20, …
    tab.get_by_label("Ausgefüllte Datei (.xlsx oder .csv)").set_input_files(str(sample))
    tab.get_by_role("button", name="Auswerten").click()
    tab.wait_for_load_state("networkidle")
    result = tab.locator("#ergebnis ~ p").first.inner_text()
    assert f"{sheet.max_row - 1 - unclear} sinnvoll, 0 nicht sinnvoll, {unclear} unklar" in result
    assert serious_violations(tab) == []
    tab.screenshot(path=str(SCREENSHOTS / "pruefung-blind-1280.png"), full_page=True)
    context.close()
