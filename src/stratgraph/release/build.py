"""Building a release: validate once, write every file into a scratch folder in dist/, rename it at the end.

A failed release never leaves a half-written folder. The same input gives byte-identical files: triples are
written in sorted order and the only date is the release date (given, or the last data change).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF

from stratgraph.config import Settings
from stratgraph.errors import StratgraphError
from stratgraph.model.answers import Datei, Veroeffentlichung
from stratgraph.model.formats import serialize, trig
from stratgraph.model.namespaces import ONTOLOGY_IRI, STRAT
from stratgraph.release.changelog import changes_markdown, diff_graphs, latest_release, review_decisions
from stratgraph.release.dcat import build_catalog, validate_catalog
from stratgraph.release.facts import StrategyFacts, strategy_facts, summary_de, title_de
from stratgraph.release.options import SDG_CITATION, ReleaseFile, ReleaseOptions, ReleaseRefusedError, ReleaseResult
from stratgraph.release.tables import (
    elemente_csv,
    indikatorwerte_csv,
    kernaktivitaeten_csv,
    schwerpunkte_csv,
    statusverlauf_csv,
)
from stratgraph.release.void import build_void
from stratgraph.strategies.links import export_links
from stratgraph.strategies.project import NotConformingError, Project, open_project

__all__ = ["build_release", "last_change"]


def _write(path: Path, content: str | bytes) -> None:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> list[ReleaseFile]:
    return [ReleaseFile(p.name, p.stat().st_size, _sha256(p)) for p in sorted(folder.iterdir())]


def last_change(graph: Graph) -> date:
    """The date of the last data change: the newest ontology modification or link date in the graph."""
    dates = [o.toPython() for o in graph.objects(ONTOLOGY_IRI, DCTERMS.modified) if isinstance(o, Literal)]
    dates += [
        o.toPython()
        for s in graph.subjects(RDF.type, STRAT.Zuordnung)
        for o in graph.objects(s, DCTERMS.date)
        if isinstance(o, Literal)
    ]
    found = [d for d in dates if isinstance(d, date)]
    if not found:
        raise StratgraphError("Kein Änderungsdatum im Graphen gefunden; --datum angeben.")
    return max(found)


def _readme(version: str, released: date, files: list[ReleaseFile], strategies: list[StrategyFacts]) -> str:
    rows = "\n".join(f"| `{f.name}` | {f.size} |" for f in files)
    described = "\n\n".join(f"**{s.name}**: {summary_de(s)}" for s in strategies)
    return f"""# stratgraph – {title_de(strategies)}, Veröffentlichung {version} ({released.isoformat()})

{described}
Lizenz: siehe `catalog.ttl` (dct:license). SDG-IRIs nach: {SDG_CITATION}

| Datei | Bytes |
| --- | ---: |
{rows}

Prüfsummen: `SHA256SUMS` (prüfen mit `sha256sum -c SHA256SUMS`).

## Inhalt

- `stratgraph.ttl`, `.nt`, `.jsonld`, `.rdf`: der ganze Graph (Vokabular, Inhalte, Bezüge) in vier Formaten.
- `stratgraph.trig`: derselbe Graph in drei benannten Graphen: `…/graph/ontologie`, `…/graph/daten`,
  `…/graph/zuordnungen` (redaktionelle SDG-, Querschnittsthemen- und Schwerpunkt-Bezüge mit Beleg).
- `ontologie.ttl`, `shapes.ttl`: Vokabular und SHACL-Formen für sich.
- `validierung.json`: Bericht der Validierung (Formen und Prüfabfragen), aus der die Veröffentlichung entstand.
- `catalog.ttl`, `catalog.rdf`: DCAT-AP.de-Beschreibung; `void.ttl`: VoID-Beschreibung.
- `CHANGES.md`, `changes.json`: Änderungen gegenüber der vorigen Veröffentlichung.

## Spalten der CSV-Tabellen (UTF-8, Komma, eine Kopfzeile)

`kernaktivitaeten.csv`: `iri`, `name`, `kompetenz`, `nummer_in_kompetenzliste` (leer, wo die Quelle keine
nennt), `schwerpunkt`, `status` (umgesetzt, laufend, eingestellt, überführt), `beschlussjahr`,
`querschnittsthemen` und `sdg` (eigene SDG-Bezüge der Kernaktivität, mit „; “ getrennt), dazu die
Kennzeichnung redaktioneller Aussagen: `schwerpunkt_basis` und `sdg_basis` („redaktionell“ oder „in Quelle
belegt“), `status_erschlossen` („ja“, wo die Quellen den Status nicht nennen und er erschlossen ist).

`elemente.csv`: jedes Element der Ebenen jeder Strategie (jede Gestalt): `iri`, `strategie`, `ebene` (der Name
der Ebene in der Strategie), `ebenenart` (gliederung, ziel, massnahme), `name`, `uebergeordnet` (IRI des
Elements der Ebene darüber), `status` (nur Maßnahmen), `sdg` (eigene, nicht abgelehnte SDG-Bezüge, mit „; “).

`statusverlauf.csv`: je Statuseintrag einer Maßnahme eine Zeile: `massnahme`, `name`, `status`, `erreicht_am`
(Jahr, Jahr-Monat oder Datum, wie die Quelle es nennt), `quelle`.

`indikatorwerte.csv`: je beobachtetem Wert eines Indikators eine Zeile, in der langen Form, die `stratgraph werte
import` liest: `indikator`, `jahr`, `wert` (Dezimalpunkt), `einheit` (das Zeichen), `status` (vorläufig oder
endgültig), `quelle`, dazu `indikator_iri`, `einheit_iri` (QUDT), `gebiet` und `iri` des Werts. Die Werte selbst
sind ein W3C RDF Data Cube in den RDF-Dateien (Struktur `https://w3id.org/stratgraph/indikatorwerte/struktur`).

`schwerpunkte.csv`: je programmatisches Ziel eine Zeile: `kompetenz`, `schwerpunkt_iri`, `schwerpunkt`,
`ziel_nummer`, `ziel_iri`, `programmatisches_ziel`.

`sdg-zuordnungen.csv`: je Bezug eine Zeile mit Beleg: `iri`, `ressource`, `sdg` (Code oder „keiner“),
`querschnittsthema`, `schwerpunkt`, `kompetenz` (genau eine dieser vier gefüllt), `staerke`, `begruendung`,
`basis`, `pruefstatus`, `zugeordnet_von`, `datum` – dasselbe Format, das `stratgraph links import` liest.
"""


def build_release(settings: Settings, options: ReleaseOptions, project: Project | None = None) -> ReleaseResult:
    """Validate (unless ``project`` is the validated project already), then write dist/<version>/ with dumps,
    tables, metadata, checksums and the changelog."""
    if project is not None and not project.conforms:
        raise ReleaseRefusedError("Die Daten sind nicht konform; keine Veröffentlichung.", project.report)
    if project is None or project.kept_graph is None:  # serve's project has its store only, no rdflib graph
        try:
            project = open_project(settings)
        except NotConformingError as exc:
            raise ReleaseRefusedError(
                f"Die Daten sind nicht konform ({exc.report.count('Violation')} Verstöße); keine Veröffentlichung.",
                exc.report,
            ) from None
    dist = options.dist or settings.dist
    if not options.download_base:  # the downloads live under the IRI base unless a public URL is given
        options = replace(options, download_base=settings.main_base.rstrip("/") + "/download/")
    merged = project.graph
    released = options.release_date or last_change(merged)
    version = options.version or released.isoformat()
    if not version or "/" in version or version.startswith("."):
        raise StratgraphError(f"ungültige Version „{version}“")

    dist.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=dist, prefix=".release-"))
    try:
        for fmt, extension in (("turtle", "ttl"), ("nt", "nt"), ("jsonld", "jsonld"), ("rdfxml", "rdf")):
            _write(work / f"stratgraph.{extension}", serialize(merged, fmt))
        _write(work / "stratgraph.trig", trig(project.named_parts()))
        _write(work / "ontologie.ttl", serialize(project.sources.ontology, "turtle"))
        _write(work / "shapes.ttl", project.sources.all_shapes().serialize(format="turtle"))
        _write(work / "kernaktivitaeten.csv", kernaktivitaeten_csv(merged))
        _write(work / "schwerpunkte.csv", schwerpunkte_csv(merged))
        _write(work / "elemente.csv", elemente_csv(merged))
        _write(work / "statusverlauf.csv", statusverlauf_csv(merged))
        _write(work / "indikatorwerte.csv", indikatorwerte_csv(merged))
        export_links(merged, work / "sdg-zuordnungen.csv", bom=False)
        report = project.report.answer().model_dump()
        _write(work / "validierung.json", json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n")

        previous = latest_release(dist, exclude=version)
        diff = None
        if previous is not None:
            old = Graph().parse(previous[1] / "stratgraph.nt", format="nt")
            diff = {**diff_graphs(old, merged, merged), "pruefentscheidungen": review_decisions(old, merged)}
        _write(work / "CHANGES.md", changes_markdown(diff, version, released, previous[0] if previous else None))
        changes = {
            "version": version,
            "vorherige": previous[0] if previous else None,
            "erste_veroeffentlichung": previous is None,
            "aenderungen": diff,
        }
        _write(work / "changes.json", json.dumps(changes, ensure_ascii=False, indent=2, sort_keys=True) + "\n")

        data_files = sorted(p.name for p in work.iterdir())
        catalog = build_catalog(merged, _listing(work), version, released, options, settings.main_base)
        catalog_report = validate_catalog(catalog, settings.shapes)
        if not catalog_report.conforms:
            problems = "; ".join(
                f"{f.focus_label}: {f.message}" for f in catalog_report.findings if f.severity == "Violation"
            )
            raise ReleaseRefusedError(f"Der Katalog erfüllt DCAT-AP.de nicht: {problems}", catalog_report)
        _write(work / "catalog.ttl", serialize(catalog, "turtle"))
        _write(work / "catalog.rdf", serialize(catalog, "rdfxml"))
        dumps = [n for n in data_files if n.startswith("stratgraph.")]
        void = build_void(merged, dumps, version, options, settings.main_base)
        _write(work / "void.ttl", void.serialize(format="turtle"))

        files = _listing(work)
        _write(work / "LIESMICH.md", _readme(version, released, files, strategy_facts(merged)))
        files.append(ReleaseFile("LIESMICH.md", (work / "LIESMICH.md").stat().st_size, _sha256(work / "LIESMICH.md")))
        manifest = Veroeffentlichung(
            version=version,
            datum=released.isoformat(),
            dateien=[Datei(name=f.name, bytes=f.size, sha256=f.sha256) for f in sorted(files, key=lambda f: f.name)],
        )
        _write(work / "release.json", manifest.model_dump_json(indent=2, exclude_none=True) + "\n")
        everything = sorted(p.name for p in work.iterdir())
        _write(work / "SHA256SUMS", "".join(f"{_sha256(work / n)}  {n}\n" for n in everything))
        for path in work.iterdir():
            os.chmod(path, 0o644)
        os.chmod(work, 0o755)

        target = dist / version
        if target.exists():  # replace an earlier build of the same version in one rename
            old_dir = Path(tempfile.mkdtemp(dir=dist, prefix=".old-"))
            os.replace(target, old_dir / version)
            os.replace(work, target)
            shutil.rmtree(old_dir)
        else:
            os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return ReleaseResult(target, version, released, _listing(target), previous[0] if previous else None)
