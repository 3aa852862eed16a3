"""The blind review of the SDG links (issue 26: „≥ 90 % sensible in a blind review“): the sample leaves out what
would lead the judgement, is random but reproducible, and its evaluation counts as a person filled it in."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from stratgraph.cli import EXIT_OK, EXIT_USAGE, main

from .conftest import FIXTURES, ROOT, data_folder

pytestmark = pytest.mark.slow  # each command opens and validates a strategy; left to `make test`

BOCHUM_LINKS = ROOT / "data" / "bochum" / "zuordnungen.ttl"
GAMMA_LINKS = FIXTURES / "staedte" / "gamma" / "zuordnungen.ttl"


def _published_sdg_links(path: Path) -> dict[str, str]:
    """The SDG links as published, read from the link file's text (not by the code under test): the local name
    of each Zuordnung → its rationale; not rejected, not „kein klarer SDG-Bezug“."""
    found = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        head = re.search(r"<[^>]+/zuordnung/([^>]+)> a strat:Zuordnung", block)
        if not head or "zuordnungUeber strat:traegtBeiZuSdg" not in block:
            continue
        if "strat:keinSdgBezug" in block or "strat:abgelehnt" in block:
            continue
        rationale = re.search(r'strat:begruendung "([^"]+)"@de', block)
        assert rationale, block
        found[head[1]] = rationale[1]
    return found


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))


def _run(*argv: str) -> int:
    return main(["--root", str(ROOT), *argv])


def test_the_sample_holds_every_published_sdg_link_and_nothing_that_leads_the_judgement(tmp_path: Path) -> None:
    expected = _published_sdg_links(BOCHUM_LINKS)
    assert len(expected) == 126  # 132 SDG links in the file, 6 of them „kein klarer SDG-Bezug“
    target = tmp_path / "blind.csv"
    assert _run("links", "blindprobe", str(target)) == EXIT_OK
    rows = _rows(target)
    assert sorted(r["kennung"] for r in rows) == sorted(expected)
    text = target.read_text(encoding="utf-8-sig")
    assert not [r for r in expected.values() if r in text]  # no rationale
    for word in ("direkt", "vorgeschlagen", "bestätigt", "redaktionell"):
        assert word not in text  # no strength, status, basis
    assert list(rows[0]) == [  # nor who proposed it or when
        *("nr", "kennung", "ressource", "einordnung", "beschreibung", "unterziel", "text_des_unterziels"),
        *("sinnvoll", "anmerkung"),
    ]
    assert {r["sinnvoll"] for r in rows} == {""}
    gigabit = next(r for r in rows if r["kennung"] == "gigabit-city-bochum--sdg--sdg-9-1")
    assert gigabit["ressource"] == "Gigabit-City Bochum" and gigabit["unterziel"] == "9.1"
    assert gigabit["text_des_unterziels"].startswith(
        "Develop quality, reliable, sustainable and resilient infrastructure"
    )
    # its Kompetenz (kernaktivitaeten.ttl), then its Schwerpunkt (zuordnungen.ttl)
    assert gigabit["einordnung"] == "Shootingstar der Wissensarbeit · Zukunftssichere und resiliente Infrastruktur"


def test_the_order_is_random_but_the_same_for_the_same_seed(tmp_path: Path) -> None:
    for name, seed in (("a", "eins"), ("b", "eins"), ("c", "zwei")):
        assert _run("links", "blindprobe", str(tmp_path / f"{name}.csv"), "--startwert", seed) == EXIT_OK
    a, b, c = ([r["kennung"] for r in _rows(tmp_path / f"{n}.csv")] for n in "abc")
    assert a == b and a != c and sorted(a) == sorted(c)
    assert a != sorted(a)  # links of one measure do not follow each other
    assert _run("links", "blindprobe", str(tmp_path / "d.xlsx"), "--anzahl", "20") == EXIT_OK
    assert _run("links", "blindprobe", str(tmp_path / "e.csv"), "--anzahl", "0") == EXIT_USAGE


def test_the_evaluation_counts_what_the_reviewer_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """20 links judged by hand: 18 ja, 1 nein, 1 unklar → 90,0 %; Wilson's 95 % interval for 18 of 20 is
    0.6990–0.9721 (tables of the Wilson score interval)."""
    sample = tmp_path / "probe.xlsx"
    assert _run("links", "blindprobe", str(sample), "--anzahl", "20") == EXIT_OK
    from openpyxl import load_workbook

    book = load_workbook(sample)
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    verdict, note = header.index("sinnvoll") + 1, header.index("anmerkung") + 1
    names = {}
    for number in range(2, 22):
        sheet.cell(number, verdict, "ja")
        names[number] = (sheet.cell(number, header.index("ressource") + 1).value, sheet.cell(number, 6).value)
    sheet.cell(2, verdict, "nein")
    sheet.cell(2, note, "Das Projekt dient dem Unterziel nicht.")
    sheet.cell(3, verdict, "Unklar")
    book.save(sample)
    capsys.readouterr()
    assert _run("links", "blindauswertung", str(sample)) == EXIT_OK
    out = capsys.readouterr().out
    assert "20 von 20 Bezügen beurteilt: 18 sinnvoll, 1 nicht sinnvoll, 1 unklar" in out
    assert "Anteil sinnvoll: 90,0 % (95-%-Intervall 69,9 % bis 97,2 %); Ziel 90,0 %: erreicht" in out
    assert "die Stichprobe ist zu klein" in out
    assert f"nicht sinnvoll: {names[2][0]} → {names[2][1]} – Das Projekt dient dem Unterziel nicht." in out
    assert f"unklar: {names[3][0]} → {names[3][1]}\n" in out


def test_a_sheet_that_does_not_fit_is_refused_row_by_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = tmp_path / "probe.csv"
    assert _run("links", "blindprobe", str(sample), "--anzahl", "3") == EXIT_OK
    rows = _rows(sample)
    rows[0]["sinnvoll"] = "vielleicht"
    rows[1]["kennung"] = "erfunden--sdg--sdg-1-1"
    rows[2]["sinnvoll"] = "ja"
    rows.append(dict(rows[2]))
    with sample.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    capsys.readouterr()
    assert _run("links", "blindauswertung", str(sample)) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Zeile 2, Spalte sinnvoll: „vielleicht“ – erlaubt: ja, nein, unklar" in err
    assert "Zeile 3: „erfunden--sdg--sdg-1-1“ ist kein SDG-Bezug dieser Strategie" in err
    assert "Zeile 5: " in err and "steht schon in Zeile 4" in err
    assert "Traceback" not in err
    headless = tmp_path / "kopf.csv"
    headless.write_text("nr;ressource\n1;x\n", encoding="utf-8")
    assert _run("links", "blindauswertung", str(headless)) == EXIT_USAGE
    assert "Spalte „kennung“ fehlt" in capsys.readouterr().err


def test_a_strategy_of_another_shape_gets_its_goals_links(tmp_path: Path) -> None:
    """gamma links goals of every level and measures to SDGs; one link is rejected (tests/fixtures/staedte)."""
    data = data_folder(tmp_path / "data", "gamma")
    expected = _published_sdg_links(GAMMA_LINKS)
    assert len(expected) == 10
    target = tmp_path / "gamma.csv"
    assert _run("--data", str(data), "--stadt", "gamma", "links", "blindprobe", str(target)) == EXIT_OK
    rows = _rows(target)
    assert sorted(r["kennung"] for r in rows) == sorted(expected)
    solar = next(r for r in rows if r["kennung"] == "solarleistung-verdreifachen--sdg--sdg-7-2")
    assert solar["einordnung"] == "Den Energiebedarf der Stadt aus erneuerbaren Quellen decken"


def test_a_place_that_cannot_be_written_is_named_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "blind.xlsx"
    taken.mkdir()  # a folder where the file should go
    assert _run("links", "blindprobe", str(taken)) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"{taken}: nicht schreibbar (dort liegt ein Ordner); nichts geschrieben" in err and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["blind.xlsx"]  # no scratch file left behind
