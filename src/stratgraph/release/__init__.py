"""The open-data release: validated dumps, CSV tables, DCAT-AP.de and VoID metadata, checksums, a data changelog.

One module per part: ``tables`` (CSV), ``dcat`` (catalogue),
``void``, ``changelog`` and ``build`` (the orchestration); ``options`` holds what a release is made with.
(The reproducible serialisations are the core's: ``stratgraph.formats``.)
"""

from stratgraph.release import options
from stratgraph.release.build import build_release, last_change
from stratgraph.release.changelog import changes_markdown, diff_graphs, latest_release
from stratgraph.release.dcat import build_catalog, validate_catalog
from stratgraph.release.options import *  # noqa: F403 - what a release is made with, as options.__all__ lists it
from stratgraph.release.void import build_void

__all__ = [
    *options.__all__,
    "build_catalog",
    "build_release",
    "build_void",
    "changes_markdown",
    "diff_graphs",
    "last_change",
    "latest_release",
    "validate_catalog",
]
