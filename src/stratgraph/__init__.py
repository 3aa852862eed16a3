"""stratgraph: a city's strategy as a linked-open-data knowledge graph, with evidenced SDG links."""

from .config import Settings
from .errors import ConfigurationError, SourceError, StratgraphError
from .graph import ProjectGraphs, load_project
from .stats import Stats, compute_stats
from .validation import Finding, Report, validate

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
