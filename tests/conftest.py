"""Shared fixtures: the project's own sources, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from stratgraph.config import Settings
from stratgraph.graph import ProjectGraphs, load_project

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(root=ROOT)


@pytest.fixture(scope="session")
def project(settings: Settings) -> ProjectGraphs:
    return load_project(settings)


@pytest.fixture(scope="session")
def graph(project: ProjectGraphs) -> Graph:
    """Ontology plus data, as validated and published."""
    return project.merged()
