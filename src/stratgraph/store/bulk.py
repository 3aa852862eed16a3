"""Files for a store's bulk loader: one N-Triples file per named graph, as Virtuoso's operators load data.

Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run``) reads every ``*.nt`` file of a folder into the graph
named by the ``.graph`` file beside it. Its default graph without ``FROM`` is the union of all graphs, so only
the named graphs are written (a separate default graph holding everything would count every triple twice).
``laden.sql`` is the script an operator runs with ``isql-vt``; the folder must be in the server's
``DirsAllowed``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from stratgraph.errors import StratgraphError

__all__ = ["LOAD_SCRIPT", "check_folder", "load_script", "write_bulk_folder"]

LOAD_SCRIPT = "laden.sql"


def load_script(folder: Path, graphs: Sequence[str], pattern: str = "*.nt") -> str:
    """The isql script that loads ``folder`` and makes it durable. The graphs are replaced, not added to, and
    the loader's memory of this folder is dropped first, so loading a new release the same way gives a store
    with exactly that release."""
    where = str(folder.resolve())
    clear = "".join(f"SPARQL CLEAR GRAPH <{name}>;\n" for name in graphs)
    return (
        f"DELETE FROM DB.DBA.load_list WHERE ll_file LIKE '{where}/%';\n"
        + clear
        + f"ld_dir('{where}', '{pattern}', NULL);\n"
        "rdf_loader_run();\n"
        "checkpoint;\n"
        "SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;\n"
    )


def check_folder(folder: Path) -> None:
    """Refuse a folder the loader could not use, before anything expensive (validation) runs."""
    if folder.exists() and not folder.is_dir():
        raise StratgraphError(f"{folder} ist eine Datei, kein Ordner.")
    if folder.is_dir() and any(folder.iterdir()):
        raise StratgraphError(f"Der Ordner {folder} ist nicht leer; der Massenlader läse alte Dateien mit.")
    if "'" in str(folder.resolve()):
        raise StratgraphError(f"Der Ordnername {folder} enthält ein Hochkomma; das Ladeskript könnte ihn nicht nennen.")
    if not folder.resolve().parent.is_dir():
        raise StratgraphError(f"Den Ordner {folder.resolve().parent} gibt es nicht.")


def write_bulk_folder(parts: Sequence[tuple[str, Graph]], folder: Path) -> int:
    """Write each named graph as ``NN.nt`` with ``NN.nt.graph``, and ``laden.sql``; returns the triples written.

    The folder is built beside its target and renamed into place, so a failure leaves nothing half-written;
    an existing folder that is not empty is refused (the loader would load its old files too).
    """
    check_folder(folder)
    parent = folder.resolve().parent
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=parent))
    try:
        written = 0
        for number, (name, part) in enumerate(parts, 1):
            lines = sorted(part.serialize(format="nt").splitlines(keepends=True))  # the same bytes every time
            (building / f"{number:04d}.nt").write_text("".join(lines), encoding="utf-8")
            (building / f"{number:04d}.nt.graph").write_text(name + "\n", encoding="utf-8")
            written += len(lines)
        (building / LOAD_SCRIPT).write_text(load_script(folder, [name for name, _ in parts]), encoding="utf-8")
        if folder.exists():
            folder.rmdir()
        os.replace(building, folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return written
