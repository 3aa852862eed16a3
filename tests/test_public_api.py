"""The public surface is declared and importable."""

from __future__ import annotations

import importlib

import stratgraph

MODULES = ["cli", "config", "errors", "graph", "namespaces", "stats", "validation"]


def test_package_all_is_exact() -> None:
    assert sorted(stratgraph.__all__) == sorted(
        [
            "ConfigurationError",
            "Finding",
            "ProjectGraphs",
            "Report",
            "Settings",
            "SourceError",
            "Stats",
            "StratgraphError",
            "__version__",
            "compute_stats",
            "load_project",
            "validate",
        ]
    )


def test_every_name_in_all_exists() -> None:
    for name in MODULES:
        module = importlib.import_module(f"stratgraph.{name}")
        for public in module.__all__:
            assert hasattr(module, public), f"stratgraph.{name}.{public}"


def test_errors_share_one_base() -> None:
    assert issubclass(stratgraph.SourceError, stratgraph.StratgraphError)
    assert issubclass(stratgraph.ConfigurationError, stratgraph.StratgraphError)
