"""The SDG report (page, PDF, DOCX): its text compared with the service's answers for the same graph, the same
text in every format, the same bytes twice, on Bochum and on the hand-made gamma with indicators."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratgraph.api import create_app
from stratgraph.cli import EXIT_OK, EXIT_USAGE, main
from stratgraph.config import Settings

from .conftest import FIXTURES, ROOT, data_folder


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, served_dist: Path) -> Iterator[TestClient]:
    data = data_folder(tmp_path_factory.mktemp("bericht") / "data", "bochum", "gamma")
    for path in (FIXTURES / "fortschritt" / "gamma").glob("*.ttl"):
        shutil.copyfile(path, data / "gamma" / path.name)
    with TestClient(create_app(Settings(root=ROOT, data_dir=data, dist_dir=served_dist))) as served:
        yield served


def _lines(client: TestClient, stadt: str, **params: str) -> list[str]:
    """The report's lines as the page shows them (headings, paragraphs, list items), without the download links."""
    import html

    page = client.get("/bericht", params={"stadt": stadt, **params}, headers={"Accept": "text/html"}).text
    body = page[page.index('<div class="bericht">') : page.index("</main>")]
    text = re.sub(r"<(h[1-4]|p|li)[^>]*>", "\n", body)
    cleaned = (html.unescape(re.sub(r"<[^>]+>", "", line)).strip() for line in text.split("\n"))
    return [line for line in cleaned if line and not line.startswith("Zum Weitergeben:")]


def test_each_chapter_counts_what_the_api_answers(client: TestClient) -> None:
    lines = _lines(client, "bochum")
    overview = client.get("/api/sdgs", params={"stadt": "bochum"}).json()
    for sdg in overview["sdgs"]:
        n = sdg["direkt"]
        word = "Kernaktivität" if n == 1 else "Kernaktivitäten"
        heading = f"3.{sdg['code']} SDG {sdg['code']}: {sdg['name']}"
        assert heading in lines, heading
        assert lines[lines.index(heading) + 2].startswith(f"{n} {word} mit eigenem Bezug"), heading
    # the measures under one target are those the API lists for it (rejected links aside: none in Bochum yet)
    target = client.get("/api/sdgs/11.2", params={"stadt": "bochum"}).json()
    start = lines.index("Unterziel 11.2")
    under = []
    for line in lines[start + 2 :]:
        if not re.match(r".+ \((Kernaktivität|Querschnittsthema|Umsetzungskonzept);", line):
            break
        under.append(line)
    measures = sorted(line.split(" (Kernaktivität;")[0] for line in under if "(Kernaktivität;" in line)
    assert measures == sorted(target["kernaktivitaeten"])
    assert "Lizenz: Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0)" in lines
    assert any(line.startswith("Quellen: ") and "Die Bochum Strategie" in line for line in lines)
    gaps = [s["code"] for s in overview["sdgs"] if s["direkt"] == 0]
    summary = next(line for line in lines if line.startswith("Ohne Kernaktivität mit eigenem Bezug:"))
    assert [int(c) for c in re.findall(r"SDG (\d+):", summary)] == [int(c) for c in gaps]


def test_the_documents_hold_the_pages_text_and_are_the_same_twice(client: TestClient) -> None:
    from docx import Document
    from pypdf import PdfReader

    lines = _lines(client, "gamma")
    docx = client.get("/bericht.docx", params={"stadt": "gamma"})
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs if p.text.strip()]
    assert paragraphs == lines
    pdf = client.get("/bericht.pdf", params={"stadt": "gamma"})
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    for heading in (line for line in lines if re.match(r"3\.\d+ SDG \d+:", line)):
        assert heading in flat, heading
    assert client.get("/bericht.odt").status_code == 404


def test_the_same_graph_gives_the_same_documents(client: TestClient, tmp_path: Path) -> None:
    """Opened twice from the files (two processes' worth of work: parsing, store, answers), the same bytes."""
    data = client.app.state.service.settings.data  # type: ignore[attr-defined]
    for suffix in ("pdf", "docx"):
        made = []
        for run in (1, 2):
            target = tmp_path / f"{run}.{suffix}"
            assert main(["--root", str(ROOT), "--data", str(data), "--stadt", "gamma", "bericht", str(target)]) == 0
            made.append(target.read_bytes())
        assert made[0] == made[1], suffix


def test_the_other_shape_reports_its_goals_and_its_indicators(client: TestClient) -> None:
    """gamma: the operative goal „Solarleistung … verdreifachen“ is linked to 7.2 (bestätigt in its link file) and
    its indicator „Anteil erneuerbarer Energie“ corresponds to 7.2.1 (category by hand: deutlicher Fortschritt)."""
    lines = _lines(client, "gamma")
    start = lines.index("Unterziel 7.2")
    block = lines[start : start + 12]
    assert any(
        line.startswith("Solarleistung auf städtischen Dächern bis 2030 verdreifachen (operatives Ziel;")
        for line in block
    )
    indicator = next(line for line in lines if line.startswith("Anteil erneuerbarer Energie am Endenergieverbrauch"))
    assert "(entspricht 7.2.1): deutlicher Fortschritt" in indicator
    assert lines.index(indicator) > lines.index("3.7 SDG 7: Bezahlbare und saubere Energie")


def test_the_cli_writes_the_report_and_refuses_other_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bericht.docx"
    assert main(["--root", str(ROOT), "bericht", str(target)]) == EXIT_OK
    assert target.read_bytes()[:2] == b"PK"
    assert main(["--root", str(ROOT), "bericht", str(tmp_path / "bericht.odt")]) == EXIT_USAGE
    assert "nicht geschrieben" in capsys.readouterr().err and not (tmp_path / "bericht.odt").exists()


def test_the_strategys_own_site_is_named_where_the_sources_give_it(client: TestClient) -> None:
    """Bochum's brochure and last slide name www.bochum-strategie.de (data/bochum/strategie.ttl says so, with the
    scheme added); gamma names no site. No address of a single document is in the sources: none is linked."""
    site = "https://www.bochum-strategie.de/"
    cities = {c["slug"]: c for c in client.get("/api/staedte").json()}
    assert cities["bochum"]["website"] == site and cities["gamma"]["website"] is None
    assert f"Die Strategie im Original: {site}" in _lines(client, "bochum")
    assert not [line for line in _lines(client, "gamma") if line.startswith("Die Strategie im Original")]
    brochure = client.get("/stratgraph/bochum/quelle/broschuere-2025", headers={"Accept": "text/html"}).text
    original = brochure[brochure.index('id="original"') : brochure.index("</section>", brochure.index('id="original"'))]
    assert "Die Quellen nennen keine Adresse dieses Dokuments" in original and f'href="{site}"' in original
    strategy = client.get("/stratgraph/bochum/strategie/bochum-strategie", headers={"Accept": "text/html"}).text
    assert f'<a href="{site}">' in strategy  # the property „Website“
    assert 'id="original"' not in strategy  # a section of source documents only


LINK_LINE = re.compile(r"^(.+) \(([^;()]+); (direkt|indirekt); ([^)]+)\): ")


def test_the_report_the_office_signs_holds_only_confirmed_links(client: TestClient, tmp_path: Path) -> None:
    """gamma's link file (tests/fixtures/staedte/gamma/zuordnungen.ttl) confirms three links: the strategic goal
    „Den Energiebedarf …“ and the measure „Solaroffensive städtische Gebäude“ → 7.2, the measure „Fahrradparkhaus am
    Bahnhof“ → 11.2. The signed report lists those and counts only them; the full one lists open links too."""
    full = _lines(client, "gamma")
    signed = _lines(client, "gamma", nur="bestaetigt")
    assert signed[0] == "SDG-Bericht: Nachhaltigkeitsstrategie Musterstadt Gamma – nur bestätigte Bezüge"
    links = [m.groups() for m in map(LINK_LINE.match, signed) if m]
    assert sorted({m[0] for m in links}) == [
        "Den Energiebedarf der Stadt aus erneuerbaren Quellen decken",
        "Fahrradparkhaus am Bahnhof",
        "Solaroffensive städtische Gebäude",
    ]
    assert {m[3] for m in links} == {"bestätigt"}
    assert {m[4] for m in map(LINK_LINE.match, full) if m} > {"bestätigt"}  # open links too
    overview = [line for line in signed if line.startswith("SDG ") and "Unterzielen erreicht" in line]
    with_measures = [line.split(":")[0] for line in overview if not re.search(r": 0 Maßnahmen", line)]
    assert with_measures == ["SDG 7 Bezahlbare und saubere Energie", "SDG 11 Nachhaltige Städte und Gemeinden"]
    document = client.get("/bericht.docx", params={"stadt": "gamma", "nur": "bestaetigt"})
    assert (
        document.status_code == 200 and "sdg-bericht-gamma-bestaetigt.docx" in document.headers["content-disposition"]
    )
    assert client.get("/bericht", params={"nur": "alles"}).status_code == 400
    target = tmp_path / "gezeichnet.docx"
    data = client.app.state.service.settings.data  # type: ignore[attr-defined]
    argv = ["--root", str(ROOT), "--data", str(data), "--stadt", "gamma", "bericht", str(target), "--nur-bestaetigte"]
    assert main(argv) == EXIT_OK
    from docx import Document

    assert Document(str(target)).paragraphs[0].text == signed[0]
