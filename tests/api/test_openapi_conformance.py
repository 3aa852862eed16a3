"""The OpenAPI document matches the service: schemathesis, with all its checks, against `stratgraph serve`
on 127.0.0.1 (issue: 400 where the spec said 422, undocumented content types). The one allowance it is given
(names only the graph knows, SPARQL texts only the grammar knows) is in schemathesis.toml with its reason.

Run through schemathesis' own command line: its pytest plugin does not load with this pytest version."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT
from .test_hardening import Served


@pytest.mark.slow
def test_the_service_does_what_its_openapi_says(tmp_path: Path) -> None:
    # generous fair-use limits: the checks send many /sparql requests from one address
    with Served(tmp_path, STRATGRAPH_SPARQL_PER_CLIENT="64", STRATGRAPH_SPARQL_QUEUE="64") as served:
        command = [str(Path(sys.executable).parent / "schemathesis"), "run", served.base + "/openapi.json"]
        options = ["--checks", "all", "--max-examples", "15", "--workers", "1", "--seed", "1", "--no-color"]
        result = subprocess.run(
            [*command, *options], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
        )
    summary = result.stdout[result.stdout.rfind("SUMMARY") :]
    assert result.returncode == 0, result.stdout[-6000:]
    selected = re.search(r"Selected: (\d+)/(\d+)\s+Tested: (\d+)", summary)
    assert selected and len(set(selected.groups())) == 1, summary  # every operation tested
    assert "failures" not in summary.splitlines()[-1], summary


def test_the_allowance_is_narrow() -> None:
    """Only the resolving parameters and the SPARQL text may answer a well-formed value with 400/404."""
    text = (ROOT / "schemathesis.toml").read_text(encoding="utf-8")
    assert text.count("[[operations]]") == 1 and "expected-statuses" in text and "queries" not in text
