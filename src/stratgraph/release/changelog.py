"""The data changelog of a release: resources added, removed and changed against the previous release."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from stratgraph.model.answers import Veroeffentlichung
from stratgraph.model.formats import canonical
from stratgraph.model.labels import label
from stratgraph.model.namespaces import STRAT

__all__ = ["changes_markdown", "diff_graphs", "latest_release", "read_manifest", "review_decisions"]


def diff_graphs(old: Graph, new: Graph, labels: Graph) -> dict[str, Any]:
    """Resources added, removed and changed (which properties, old and new values) between two releases."""
    old, new = canonical(old), canonical(new)  # blank nodes (the ontology's unions) compare by content

    def subjects(g: Graph) -> set[URIRef]:
        return {s for s in g.subjects() if isinstance(s, URIRef)}

    def values(g: Graph, s: URIRef) -> dict[URIRef, set[Node]]:
        out: dict[URIRef, set[Node]] = {}
        for p, o in g.predicate_objects(s):
            out.setdefault(p, set()).add(o)  # type: ignore[arg-type]
        return out

    def show(node: Node) -> str:
        if isinstance(node, URIRef):
            return label(labels, node) if (node, None, None) in labels else str(node)
        return str(node)

    def kind(s: URIRef, g: Graph) -> str:
        klasse = g.value(s, RDF.type)
        return label(labels, klasse, (RDFS.label,)) if klasse is not None else "Ressource"

    old_s, new_s = subjects(old), subjects(new)
    changed = []
    for s in sorted(old_s & new_s, key=str):
        before, after = values(old, s), values(new, s)
        props = []
        for p in sorted(set(before) | set(after), key=str):
            removed = sorted(before.get(p, set()) - after.get(p, set()), key=str)
            added = sorted(after.get(p, set()) - before.get(p, set()), key=str)
            if removed or added:
                props.append(
                    {
                        "eigenschaft": str(p),
                        "bezeichnung": label(labels, p, (RDFS.label,)),
                        "entfernt": [show(v) for v in removed],
                        "hinzugefuegt": [show(v) for v in added],
                    }
                )
        if props:
            changed.append({"iri": str(s), "klasse": kind(s, new), "name": show(s), "aenderungen": props})
    return {
        "hinzugefuegt": [
            {"iri": str(s), "klasse": kind(s, new), "name": label(new, s)} for s in sorted(new_s - old_s, key=str)
        ],
        "entfernt": [
            {"iri": str(s), "klasse": kind(s, old), "name": label(old, s)} for s in sorted(old_s - new_s, key=str)
        ],
        "geaendert": changed,
    }


def review_decisions(old: Graph, new: Graph) -> list[dict[str, str]]:
    """Links whose review status is new or changed since the previous release: the office's decisions."""
    decisions = []
    for link in sorted(new.subjects(RDF.type, STRAT.Zuordnung), key=str):
        status = new.value(link, STRAT.hatPruefstatus)
        before = old.value(link, STRAT.hatPruefstatus)
        if status == before or (before is None and status == STRAT.vorgeschlagen):
            continue
        target = new.value(link, STRAT.zuordnungZu)
        code = new.value(target, SKOS.notation)
        decisions.append(
            {
                "iri": str(link),
                "ressource": label(new, new.value(link, STRAT.zuordnungVon)),
                "ziel": f"SDG {code}" if code is not None else label(new, target),
                "von": label(new, before) if before is not None else "neu",
                "zu": label(new, status),
                "durch": label(new, new.value(link, PROV.wasAttributedTo)),
                "datum": str(new.value(link, DCTERMS.date) or ""),
                "kommentar": str(new.value(link, SKOS.editorialNote) or ""),
            }
        )
    return decisions


def changes_markdown(diff: dict[str, Any] | None, version: str, released: date, previous: str | None) -> str:
    lines = [f"# Änderungen in Version {version} ({released.isoformat()})", ""]
    if diff is None or previous is None:
        lines.append("Dies ist die erste Veröffentlichung; es gibt keine frühere, mit der sie verglichen werden kann.")
        return "\n".join(lines) + "\n"
    lines.append(f"Verglichen mit Version {previous}.")
    if not (diff["hinzugefuegt"] or diff["entfernt"] or diff["geaendert"]):
        lines += ["", "Keine inhaltlichen Änderungen."]
    if diff.get("pruefentscheidungen"):
        lines += ["", f"## Prüfentscheidungen ({len(diff['pruefentscheidungen'])})", ""]
        for r in diff["pruefentscheidungen"]:
            note = f": {r['kommentar']}" if r["kommentar"] else ""
            lines.append(
                f"- „{r['ressource']}“ → {r['ziel']}: {r['von']} → {r['zu']} ({r['durch']}, {r['datum']}){note}"
            )
    for title, key in (("Hinzugefügt", "hinzugefuegt"), ("Entfernt", "entfernt")):
        if diff[key]:
            lines += ["", f"## {title} ({len(diff[key])})", ""]
            lines += [f"- {r['klasse']} „{r['name']}“ <{r['iri']}>" for r in diff[key]]
    if diff["geaendert"]:
        lines += ["", f"## Geändert ({len(diff['geaendert'])})", ""]
        for r in diff["geaendert"]:
            for c in r["aenderungen"]:
                if len(c["entfernt"]) == 1 and len(c["hinzugefuegt"]) == 1:
                    what = f"{c['entfernt'][0]} → {c['hinzugefuegt'][0]}"
                else:
                    what = "; ".join([f"entfernt {v}" for v in c["entfernt"]] + [f"neu {v}" for v in c["hinzugefuegt"]])
                lines.append(f"- {r['klasse']} „{r['name']}“: {c['bezeichnung']} {what}")
    return "\n".join(lines) + "\n"


def read_manifest(path: Path) -> Veroeffentlichung:
    """A release's ``release.json``; releases before the German keys wrote ``date`` and ``files``."""
    meta = json.loads(path.read_text(encoding="utf-8"))
    if "date" in meta:
        meta = {"version": meta["version"], "datum": meta["date"], "dateien": meta["files"]}
    return Veroeffentlichung.model_validate(meta)


def latest_release(dist: Path, exclude: str | None = None) -> tuple[str, Path] | None:
    """The newest complete release in dist/ (by release date, then version), optionally skipping one version."""
    found = []
    for manifest in dist.glob("*/release.json"):
        if manifest.parent.name.startswith("."):  # a release still being written (renamed into place when whole)
            continue
        try:
            meta = read_manifest(manifest)
        except (OSError, ValueError, KeyError):  # pydantic's ValidationError is a ValueError
            continue
        if meta.version != exclude:
            found.append((meta.datum, meta.version, manifest.parent))
    if not found:
        return None
    _, version, path = max(found)
    return version, path
