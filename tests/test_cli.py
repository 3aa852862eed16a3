"""The command line: exit codes 0/1/2, readable German reports, no tracebacks, a working console script."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from stratgraph.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main

from .conftest import FIXTURES, ROOT

CLI = FIXTURES / "cli"


def test_validate_shipped_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "validate"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Validierung: konform (0 Verstöße")


def test_validate_bad_data_exits_1_with_german_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "--data", str(CLI / "bad-data"), "validate"]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert "NICHT konform" in out
    assert "Verstöße (" in out
    # focus node by its label, the path and the German message
    assert (
        "• Fonds ohne Kompetenz – strat:gehoertZuKompetenz: Eine Kernaktivität gehört zu genau einer Kompetenz." in out
    )


def test_a_report_on_bad_data_shows_it_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    """Reports open the project the one way (validated) but show a graph with violations all the same."""
    assert main(["--root", str(ROOT), "--data", str(CLI / "bad-data"), "stats"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "nicht konform" in captured.err and "stratgraph validate" in captured.err
    assert "Kernaktivit" in captured.out  # the counts are there


def test_an_unknown_shacl_engine_is_refused_at_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when every report is kept (nothing would be validated), the setting is checked first."""
    monkeypatch.setenv("STRATGRAPH_SHACL", "schnell")
    assert main(["--root", str(ROOT), "validate"]) == EXIT_USAGE
    assert "STRATGRAPH_SHACL" in capsys.readouterr().err


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "--data", str(CLI / "bad-data"), "validate", "--format", "json"]) == EXIT_INVALID
    report = json.loads(capsys.readouterr().out)
    assert report["konform"] is False
    assert report["anzahl"]["Violation"] >= 1
    finding = next(f for f in report["befunde"] if f["quelle"] == "stratsh:kernaktivitaet-kompetenz")
    assert finding["fokus_name"] == "Fonds ohne Kompetenz"
    assert finding["pfad"] == "strat:gehoertZuKompetenz"


def test_warnings_alone_still_conform(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # a small graph of example.org resources, not Bochum's: the shapes without Bochum's completeness rule
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    for path in (ROOT / "shapes").glob("*.ttl"):
        (shapes / path.name).write_bytes(path.read_bytes())
    # a data folder without strategy folders is one strategy, „stadt“: here with Bochum's structure rules
    (shapes / "stadt").mkdir()
    (shapes / "stadt" / "struktur.ttl").write_bytes((ROOT / "shapes" / "bochum" / "struktur.ttl").read_bytes())
    command = ["--root", str(ROOT), "--data", str(CLI / "warning-data"), "--shapes", str(shapes), "validate"]
    assert main(command) == EXIT_OK
    out = capsys.readouterr().out
    assert "Validierung: konform (0 Verstöße, 1 Warnungen" in out
    assert "mehr als 5 Kernaktivitäten" in out


def test_broken_turtle_names_file_line_column(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "--data", str(CLI / "broken-turtle"), "validate"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert "kaputt.ttl:9:" in captured.err
    assert "Turtle-Syntaxfehler" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_missing_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--root", str(ROOT), "--data", str(tmp_path / "gibt-es-nicht"), "validate"]) == EXIT_USAGE
    assert "Ordner fehlt" in capsys.readouterr().err


def test_unknown_command_exits_2() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == EXIT_USAGE


def test_stats_sets_graph_beside_stated_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "stats"]) == EXIT_OK
    out = capsys.readouterr().out
    lines = {line.split()[0] + " " + line.split()[1]: line for line in out.splitlines() if len(line.split()) > 2}
    assert lines["Umgesetzte Kernaktivitäten"].split()[2:4] == ["34", "34"]
    assert lines["Beschlossene Kernaktivitäten"].split()[2:4] == ["75", "66"]
    assert "Kernaktivitäten je Status:" in out


def test_stats_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "stats", "--format", "json"]) == EXIT_OK
    stats = json.loads(capsys.readouterr().out)
    statuses = {s["status"]: s["anzahl"] for s in stats["status"]}
    assert statuses["umgesetzt"] == 34
    assert statuses["eingestellt"] == 1


def test_console_script_runs() -> None:
    script = shutil.which("stratgraph", path=str(Path(sys.executable).parent))
    assert script is not None, "console script stratgraph is not installed"
    done = subprocess.run(
        [script, "--root", str(ROOT), "--data", str(CLI / "broken-turtle"), "validate"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == EXIT_USAGE
    assert "Traceback" not in done.stderr
    ok = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert ok.returncode == 0 and ok.stdout.startswith("stratgraph ")


def test_python_m_stratgraph_is_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stratgraph", "--root", str(ROOT), "--data", str(CLI / "broken-turtle"), "validate"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == EXIT_USAGE and "kaputt.ttl:9:" in done.stderr
    assert "Traceback" not in done.stderr


def _no_validation(*args: object, **kwargs: object) -> None:
    raise AssertionError("the expensive step ran before the cheap check")


def test_a_taken_port_is_reported_before_validation(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("stratgraph.cli.open_project", _no_validation)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--root", str(ROOT), "serve", "--port", str(port)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"Port {port} auf 127.0.0.1 ist belegt" in err and "Traceback" not in err


def test_an_unreachable_store_is_reported_before_validation(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("stratgraph.cli.open_project", _no_validation)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]  # closed again below: nothing listens there
    assert main(["--root", str(ROOT), "load", "--endpoint", f"http://127.0.0.1:{port}/store"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}/store ist nicht erreichbar" in err


def test_missing_folders_are_named_at_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["--root", str(ROOT), "--data", str(tmp_path / "a"), "--shapes", str(tmp_path / "b"), "validate"]
    assert main(argv) == EXIT_USAGE
    err = capsys.readouterr().err
    assert str(tmp_path / "a") in err and str(tmp_path / "b") in err


@pytest.mark.parametrize("value", ["strategie.example.org", "ftp://strategie.example.org", "https://x.example/pfad"])
def test_a_public_url_that_is_no_base_address_is_refused(
    value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STRATGRAPH_PUBLIC_URL", value)
    assert main(["--root", str(ROOT), "validate"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "STRATGRAPH_PUBLIC_URL" in err and "Traceback" not in err


def test_a_public_url_with_a_trailing_slash_is_its_base(monkeypatch: pytest.MonkeyPatch) -> None:
    from stratgraph.config import Settings

    monkeypatch.setenv("STRATGRAPH_PUBLIC_URL", "https://strategie.example.org/")
    assert Settings.from_env(ROOT).public_base == "https://strategie.example.org"


@pytest.mark.parametrize(
    "command", [[], ["validate"], ["coverage"], ["coverage", "matrix"], ["links", "review"], ["serve"], ["vorlage"]]
)
def test_the_help_is_german(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main([*command, "--help"])
    assert ended.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: stratgraph") and "diese Hilfe zeigen und beenden" in out
    for english in ("usage:", "options:", "positional arguments", "show this help", "show program"):
        assert english not in out, english
