"""Errors that stratgraph reports to its users.

StratgraphError            base class; the CLI prints it and exits with code 2
 ├── SourceError           a source file cannot be read or parsed (carries file, line, column)
 └── ConfigurationError    the project folders or settings are unusable
"""

from __future__ import annotations

import errno
from pathlib import Path

__all__ = ["ConfigurationError", "SourceError", "StratgraphError", "os_reason"]


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


OS_REASONS = {
    errno.ENOENT: "der Ordner fehlt und lässt sich nicht anlegen",
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.EISDIR: "dort liegt ein Ordner",
    errno.ENOTDIR: "ein Teil des Pfads ist eine Datei",
    errno.ENOSPC: "kein Platz mehr",
    errno.EROFS: "nur lesbares Dateisystem",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused a file, in German where we know the reason."""
    return OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
