"""The service's state is one typed object, swapped whole by a reload: requests answered while reloads swap a
strategy in and out see the old graph or the new one, never the new strategy list over the old store."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stratgraph.api import create_app
from stratgraph.api.state import InService, live_in
from stratgraph.config import Settings

from ..conftest import ROOT, data_folder

pytestmark = pytest.mark.slow  # four reloads of two strategies; left to `make test`

TOKEN = "geheim-und-lang-genug"
GAMMA_LEVELS = [2, 2, 2, 3, 5]  # Themenfelder … Maßnahmen, counted in tests/fixtures/staedte/README.md


def _consistent(client: TestClient, number: int) -> str | None:
    """One round of questions about gamma; a description of what is wrong, or None. ``number`` makes each URL
    new, so the answer is computed from the graph in service, not taken from a cache."""
    tree = client.get(f"/api/zielsystem?stadt=gamma&runde={number}")
    if tree.status_code == 200:
        counts = [level["anzahl"] for level in tree.json()["ebenen"]]
        if counts != GAMMA_LEVELS:
            return f"zielsystem: {counts}"
    elif tree.status_code != 400:  # gamma not in service: refused by name
        return f"zielsystem: HTTP {tree.status_code}"
    measures = client.get(f"/api/kernaktivitaeten?stadt=gamma&runde={number}")
    if measures.status_code == 200 and measures.json()["anzahl"] != 5:
        return f"kernaktivitaeten: {measures.json()['count']}"
    if measures.status_code not in (200, 400):
        return f"kernaktivitaeten: HTTP {measures.status_code}"
    cities = {c["slug"]: c["kernaktivitaeten"] for c in client.get(f"/api/staedte?runde={number}").json()}
    if set(cities) - {"bochum", "gamma"} or cities.get("gamma", 5) != 5 or "bochum" not in cities:
        return f"staedte: {cities}"
    return None


def test_answers_during_reloads_never_mix_two_graphs(tmp_path: Path) -> None:
    data = data_folder(tmp_path / "data", "bochum", "gamma")
    away = tmp_path / "gamma-weg"
    settings = Settings(root=ROOT, data_dir=data, dist_dir=tmp_path / "dist", admin_token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    wrong: list[str] = []
    rounds = [0]
    with TestClient(create_app(settings)) as client:
        stop = threading.Event()

        def hammer(offset: int) -> None:
            number = offset
            while not stop.is_set() and number < offset + 100_000:  # bounded
                found = _consistent(client, number)
                if found:
                    wrong.append(found)
                number += 1
                rounds[0] += 1

        threads = [threading.Thread(target=hammer, args=(i * 100_000,)) for i in range(4)]
        for thread in threads:
            thread.start()
        try:
            served = []
            for _ in range(2):  # gamma out, gamma in: four swaps
                shutil.move(data / "gamma", away)
                response = client.post("/admin/reload", params={"erzwingen": "true"}, headers=auth)
                served.append((response.status_code, sorted(c["slug"] for c in client.get("/api/staedte").json())))
                shutil.move(away, data / "gamma")
                response = client.post("/admin/reload", headers=auth)
                served.append((response.status_code, sorted(c["slug"] for c in client.get("/api/staedte").json())))
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
    assert served == [(200, ["bochum"]), (200, ["bochum", "gamma"])] * 2  # the swaps happened
    assert rounds[0] > 20  # questions were asked across them
    assert wrong == []


def test_a_request_keeps_the_graph_it_started_with() -> None:
    """The snapshot itself: the first read puts the graph in service into the request's scope; a swap after it
    does not change what that request sees, a new request sees the new graph."""

    class App:
        class state:  # noqa: N801 - Starlette's name
            service = None

    first = InService(store=object(), runner=object(), scopes={})  # type: ignore[arg-type]
    second = InService(store=object(), runner=object(), scopes={})  # type: ignore[arg-type]

    class Holder:
        current = first

    App.state.service = Holder  # type: ignore[assignment]
    request_scope: dict[str, object] = {"app": App}
    assert live_in(request_scope) is first
    Holder.current = second  # a reload swaps
    assert live_in(request_scope) is first
    assert live_in({"app": App}) is second
