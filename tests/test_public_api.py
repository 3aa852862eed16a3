"""The public surface is declared and importable."""

from __future__ import annotations

import importlib
import pkgutil

import stratgraph

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(stratgraph.__path__, "stratgraph.") if m.name != "stratgraph.__main__"
)


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
    assert {"stratgraph.cli", "stratgraph.model.graph", "stratgraph.strategies.validation"} <= set(MODULES)
    for name in MODULES:
        module = importlib.import_module(name)
        for public in getattr(module, "__all__", ()):
            assert hasattr(module, public), f"{name}.{public}"


def test_errors_share_one_base() -> None:
    assert issubclass(stratgraph.SourceError, stratgraph.StratgraphError)
    assert issubclass(stratgraph.ConfigurationError, stratgraph.StratgraphError)
