"""Errors that stratgraph reports to its users.

StratgraphError            base class; the CLI prints it and exits with code 2
 ├── SourceError           a source file cannot be read or parsed (carries file, line, column)
 └── ConfigurationError    the project folders or settings are unusable
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ConfigurationError", "SourceError", "StratgraphError"]


class StratgraphError(Exception):
    """Base class of all errors stratgraph reports to users."""


class SourceError(StratgraphError):
    """A source file (Turtle or SPARQL) cannot be read or parsed."""

    def __init__(self, path: Path, reason: str, line: int | None = None, column: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        self.column = column
        where = str(path)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type[SourceError], tuple[Path, str, int | None, int | None]]:
        # whole across processes: strategies are validated in worker processes
        return (SourceError, (self.path, self.reason, self.line, self.column))


class ConfigurationError(StratgraphError):
    """The project folders or settings are unusable."""
