"""The open-data release: validated dumps, CSV tables, DCAT-AP.de and VoID metadata, checksums, a data changelog.

One module per part: ``formats`` (reproducible serialisations), ``tables`` (CSV), ``dcat`` (catalogue),
``void``, ``changelog`` and ``build`` (the orchestration); ``options`` holds what a release is made with.
"""

from .build import build_release, last_change
from .changelog import changes_markdown, diff_graphs, latest_release
from .dcat import build_catalog, validate_catalog
from .options import (
    DEFAULT_DOWNLOAD_BASE,
    DEFAULT_LICENCE,
    DEFAULT_PUBLISHER,
    LICENCES,
    SDG_CITATION,
    ReleaseFile,
    ReleaseOptions,
    ReleaseRefusedError,
    ReleaseResult,
)
from .void import build_void

__all__ = [
    "DEFAULT_DOWNLOAD_BASE",
    "DEFAULT_LICENCE",
    "DEFAULT_PUBLISHER",
    "LICENCES",
    "SDG_CITATION",
    "ReleaseFile",
    "ReleaseOptions",
    "ReleaseRefusedError",
    "ReleaseResult",
    "build_catalog",
    "build_release",
    "build_void",
    "changes_markdown",
    "diff_graphs",
    "last_change",
    "latest_release",
    "validate_catalog",
]
