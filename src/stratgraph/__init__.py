"""stratgraph: a city's strategy as a linked-open-data knowledge graph, with evidenced SDG links."""

from stratgraph.config import Settings
from stratgraph.errors import ConfigurationError, SourceError, StratgraphError
from stratgraph.model.graph import ProjectGraphs, load_project
from stratgraph.strategies.stats import Stats, compute_stats
from stratgraph.strategies.validation import Finding, Report, validate

__version__ = "0.1.0"

__all__ = [
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
