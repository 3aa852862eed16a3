"""Every linkage answer has exactly the shape the OpenAPI description gives it, on both stores."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter, ValidationError

from stratgraph.model import answers
from stratgraph.model import answers as models

from ..conftest import STORES, service_client

ROUTES: list[tuple[str, Any]] = [
    ("/api/zielsystem", models.Zielsystem),
    ("/api/kompetenzen", list[models.KompetenzUebersicht]),
    ("/api/kompetenzen/shootingstar-der-wissensarbeit", models.KompetenzDetail),
    ("/api/kernaktivitaeten?sdg=13", models.Kernaktivitaeten),
    ("/api/kernaktivitaeten/bochums-speisekammer", models.KernaktivitaetDetail),
    ("/api/kernaktivitaeten/gigabit-city-bochum", models.KernaktivitaetDetail),
    ("/api/kernaktivitaeten/rathausclubbing", models.KernaktivitaetDetail),
    ("/api/suche?text=klima", models.Suche),
    ("/api/querschnittsthemen", list[models.Querschnittsthema]),
    ("/api/sdgs", models.Sdgs),
    ("/api/sdgs/11", models.SdgDetail),
    ("/api/sdgs/11.2", models.UnterzielDetail),
    ("/api/abdeckung?nach=schwerpunkt", models.Abdeckung),
    ("/api/luecken", models.Luecken),
    ("/api/warum?kernaktivitaet=gigabit-city-bochum&sdg=9", models.Warum),
]


@pytest.fixture(scope="module", params=STORES)
def client(request: pytest.FixtureRequest, served_dist: Path) -> Iterator[TestClient]:
    yield from service_client(request, served_dist)


@pytest.mark.parametrize(("path", "model"), ROUTES)
def test_answer_fits_its_model(client: TestClient, path: str, model: Any) -> None:
    response = client.get(path)
    assert response.status_code == 200
    TypeAdapter(model).validate_python(response.json())  # unknown keys are errors (extra="forbid")


def test_a_model_refuses_what_it_does_not_describe() -> None:
    with pytest.raises(ValidationError):
        models.Suche.model_validate({"text": "x", "anzahl": 0, "treffer": [], "undokumentiert": 1})
    with pytest.raises(ValidationError):
        models.Kernaktivitaeten.model_validate({"anzahl": "viele", "hinweis": None, "kernaktivitaeten": []})


def test_openapi_describes_every_linkage_answer(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in [r[0].split("?")[0] for r in ROUTES]:
        template = path.replace("shootingstar-der-wissensarbeit", "{slug}").replace("bochums-speisekammer", "{slug}")
        template = template.replace("gigabit-city-bochum", "{slug}").replace("rathausclubbing", "{slug}")
        template = template.replace("/api/sdgs/11.2", "/api/sdgs/{code}").replace("/api/sdgs/11", "/api/sdgs/{code}")
        schema = spec["paths"][template]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        # a model, a list of models, or one of several models (an SDG goal or a target)
        assert "$ref" in schema or schema.get("type") == "array" or "anyOf" in schema, template
    kernaktivitaet = spec["components"]["schemas"]["KernaktivitaetDetail"]["properties"]
    assert {"zuordnungen", "status", "quellen", "ueberfuehrt_in"} <= set(kernaktivitaet)


# the English keys the answers had before they were German (issue: „keys mix languages“); none may come back
ENGLISH = {
    "notice", "count", "results", "classes", "kinds", "title", "description", "publisher", "start", "end", "plural",
    "kind", "class", "level", "children", "paths", "link", "links", "to", "from", "to_name", "rationale", "strength",
    "review", "asserted_by", "date", "alt_names", "number", "year_decided", "responsible", "programme",
    "transferred_into", "notes", "sources", "direct", "via_theme_only", "view", "counted", "goal_level", "targets",
    "target", "measures", "measure", "filters", "row_title", "goals", "rows", "cells", "goal", "via_theme",
    "strategy", "confirmed", "confirmed_share", "formula", "indicator", "conforms", "counts", "findings", "summary",
    "parameters", "required", "files", "severity", "focus", "message", "source", "label", "stated", "in_graph",
}  # fmt: skip
KEY = re.compile(r"[a-z][a-z0-9_]*")  # lower case, ASCII: ae/oe/ue/ss for umlauts


def test_every_answer_key_is_german() -> None:
    """The rule of docs/architecture.md, read from every model: one language, no umlauts, no English word."""
    found = {}
    for name, model in vars(answers).items():
        if isinstance(model, type) and issubclass(model, BaseModel) and model.__module__ == answers.__name__:
            for field, info in model.model_fields.items():
                found[f"{name}.{field}"] = info.alias or field
    assert len(found) > 150
    assert sorted(k for k, key in found.items() if key in ENGLISH or not KEY.fullmatch(key)) == []
