"""The blind review of the SDG links: is each link sensible to someone who did not make it?

The issue's measure of link quality is „≥ 90 % sensible in a blind review“. Its author cannot measure that; a
second person must, without seeing what the author thought. ``blind_sample`` writes the links as that person
needs them — the measure (name, where it sits in the strategy, its description from the sources) and the UN
target's official text — and leaves out everything that would lead the judgement: the rationale, the strength,
the review status, who proposed it. The rows are in a random but reproducible order (a seed), so links of one
measure or one SDG do not follow each other. ``blind_result`` reads the filled sheet back and counts: the share of
judged links found sensible, with its 95 % interval (Wilson), per SDG, and the links found not sensible with
the reviewer's note, for the review on the web.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from stratgraph.coverage.matrix import PARENT_PROPERTIES, code_key
from stratgraph.errors import StratgraphError
from stratgraph.model.labels import label
from stratgraph.model.namespaces import STRAT
from stratgraph.model.tabular import TableError, csv_text, read_csv, read_xlsx, xlsx_bytes
from stratgraph.strategies.links import read_links, write_atomically

__all__ = ["BLIND_COLUMNS", "BlindResult", "BlindReviewError", "blind_result", "blind_rows", "write_blind_sample"]

BLIND_COLUMNS = ("nr", "kennung", "ressource", "einordnung", "beschreibung", "unterziel", "text_des_unterziels")
JUDGEMENT_COLUMNS = ("sinnvoll", "anmerkung")
VERDICTS = ("ja", "nein", "unklar")  # „unklar“ counts against the share: only a clear yes is sensible
DEFAULT_SEED = "stratgraph-blindprobe"
TARGET_SHARE = 0.9
WIDTHS = {"kennung": 12, "ressource": 34, "einordnung": 34, "beschreibung": 60, "text_des_unterziels": 70}


class BlindReviewError(StratgraphError):
    """A blind review sheet that cannot be read or does not belong to this strategy (exit 1, HTTP 422)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("Blindprüfung nicht lesbar:\n  " + "\n  ".join(errors[:20]))


def _sdg_links(graph: Graph) -> list[tuple[URIRef, URIRef, URIRef]]:
    """(link, subject, target) of every SDG link as published: not the rejected ones, not „kein klarer Bezug“."""
    found = []
    for link in read_links(graph):
        if link.kind == "sdg" and link.has_direct_triple:
            node = next(
                n
                for n in graph.subjects(STRAT.zuordnungVon, link.subject)
                if isinstance(n, URIRef) and (n, STRAT.zuordnungZu, link.target) in graph
            )
            found.append((node, link.subject, link.target))
    return sorted(found)


def _place(graph: Graph, subject: URIRef) -> str:
    """Where the measure sits: the elements above it by name (its goal; its Kompetenz, then its Schwerpunkt)."""
    names = [
        label(graph, parent) for prop in PARENT_PROPERTIES for parent in sorted(graph.objects(subject, prop), key=str)
    ]
    return " · ".join(dict.fromkeys(names))  # from the top down, each once


def blind_rows(graph: Graph, count: int | None = None, seed: str = DEFAULT_SEED) -> list[dict[str, str]]:
    """The rows of the blind sample: ``count`` SDG links drawn with ``seed`` (all, shuffled, without a count)."""
    links = _sdg_links(graph)
    chosen = random.Random(seed).sample(links, min(count, len(links)) if count is not None else len(links))
    rows = []
    for number, (node, subject, target) in enumerate(chosen, start=1):
        english = [t for t in graph.objects(target, SKOS.prefLabel) if getattr(t, "language", None) == "en"]
        german = [d for d in graph.objects(subject, DCTERMS.description) if getattr(d, "language", None) == "de"]
        rows.append(
            {
                "nr": str(number),
                "kennung": str(node).rsplit("/", 1)[-1],
                "ressource": label(graph, subject),
                "einordnung": _place(graph, subject),
                "beschreibung": str(german[0]) if german else "",
                "unterziel": str(graph.value(target, SKOS.notation) or target),
                "text_des_unterziels": str(english[0]) if english else "",
            }
        )
    return rows


def write_blind_sample(graph: Graph, path: Path, count: int | None = None, seed: str = DEFAULT_SEED) -> int:
    """Write the blind sample as XLSX (a dropdown for „sinnvoll“) or CSV; returns the number of links."""
    rows = blind_rows(graph, count, seed)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise BlindReviewError([f"Dateiendung „{path.suffix or '(keine)'}“: .xlsx oder .csv"])
    header = [*BLIND_COLUMNS, *JUDGEMENT_COLUMNS]
    table = [[row[c] for c in BLIND_COLUMNS] + ["", ""] for row in rows]
    if suffix == ".csv":
        write_atomically(path, ("\ufeff" + csv_text([header, *table], delimiter=";")).encode("utf-8"))
    else:
        write_atomically(path, blind_workbook(header, table))
    return len(rows)


def blind_workbook(header: list[str], table: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Blindprüfung"
    sheet.append(header)
    for row in table:
        sheet.append(row)
    for index, column in enumerate(header, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(column, 14)
        for cell in sheet[letter][1:]:
            cell.number_format = "@"  # „11.10“ stays a code
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    verdict = get_column_letter(header.index("sinnvoll") + 1)
    allowed = DataValidation(type="list", formula1='"' + ",".join(VERDICTS) + '"', allow_blank=True)
    allowed.error, allowed.errorTitle = f"Erlaubt: {', '.join(VERDICTS)}", "sinnvoll"
    sheet.add_data_validation(allowed)
    allowed.add(f"{verdict}2:{verdict}{len(table) + 1}")
    sheet.freeze_panes = "C2"
    return xlsx_bytes(book)


@dataclass(frozen=True)
class BlindResult:
    """What a blind review found: counts, the share sensible with its 95 % interval, per SDG, the „nein“s."""

    rows: int
    verdicts: Counter[str]
    per_goal: dict[str, Counter[str]]
    not_sensible: list[dict[str, str]] = field(default_factory=list)

    @property
    def judged(self) -> int:
        return sum(self.verdicts[v] for v in VERDICTS)

    @property
    def share(self) -> float | None:
        return self.verdicts["ja"] / self.judged if self.judged else None

    @property
    def interval(self) -> tuple[float, float] | None:
        """The Wilson score interval at 95 %: what the share may be for all links, from this many judged."""
        n = self.judged
        if not n:
            return None
        p, z = self.verdicts["ja"] / n, 1.959964
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return max(0.0, centre - half), min(1.0, centre + half)

    def summary(self, target: float = TARGET_SHARE) -> list[str]:
        """How many were judged and the share sensible, against the target, in German sentences."""
        if not self.judged:
            return [f"{self.rows} Bezüge in der Datei, keiner beurteilt (Spalte „sinnvoll“: ja, nein oder unklar)."]
        share, (low, high) = self.share or 0.0, self.interval or (0.0, 0.0)
        v = self.verdicts
        met = "erreicht" if share >= target else "nicht erreicht"
        return [
            f"{self.judged} von {self.rows} Bezügen beurteilt: {v['ja']} sinnvoll, {v['nein']} nicht sinnvoll, "
            f"{v['unklar']} unklar (zählt als nicht sinnvoll).",
            f"Anteil sinnvoll: {_percent(share)} (95-%-Intervall {_percent(low)} bis {_percent(high)}); "
            f"Ziel {_percent(target)}: {met}"
            + ("" if low >= target or share < target else " – die Stichprobe ist zu klein, um es sicher zu sagen")
            + ".",
        ]

    def goal_rows(self) -> list[tuple[str, int, int]]:
        """Per SDG in the UN's order: (goal, judged sensible, judged)."""
        rows = []
        for goal in sorted(self.per_goal, key=code_key):
            counts = self.per_goal[goal]
            judged = sum(counts[x] for x in VERDICTS)
            if judged:
                rows.append((goal, counts["ja"], judged))
        return rows

    def lines(self, target: float = TARGET_SHARE) -> list[str]:
        """The whole result as the command line prints it."""
        lines = self.summary(target)
        lines += [f"  SDG {goal}: {sensible} von {judged} sinnvoll" for goal, sensible, judged in self.goal_rows()]
        for row in self.not_sensible:
            note = f" – {row['anmerkung']}" if row["anmerkung"] else ""
            word = "nicht sinnvoll" if row["sinnvoll"] == "nein" else "unklar"
            lines.append(f"  {word}: {row['ressource']} → {row['unterziel']}{note}")
        return lines


def _percent(share: float) -> str:
    return f"{share * 100:.1f} %".replace(".", ",")


def blind_result(graph: Graph, path: Path) -> BlindResult:
    """Read a filled blind review sheet: every row must name a link of this strategy; „sinnvoll“ ja, nein,
    unklar or empty (not judged). Every problem is named by its row; nothing is counted then."""
    table = _table(path)
    if not table:
        raise BlindReviewError([f"{path.name}: die Datei ist leer"])
    (header_number, header_cells), body = table[0], table[1:]
    header = [str(h or "").strip().lower() for h in header_cells]
    missing = [c for c in ("kennung", "sinnvoll") if c not in header]
    if missing:
        raise BlindReviewError([f"Kopfzeile (Zeile {header_number}): Spalte „{c}“ fehlt" for c in missing])
    links = {str(node).rsplit("/", 1)[-1]: (subject, target) for node, subject, target in _sdg_links(graph)}
    errors: list[str] = []
    verdicts: Counter[str] = Counter()
    per_goal: dict[str, Counter[str]] = {}
    not_sensible = []
    seen: dict[str, int] = {}
    rows = 0
    for number, cells in body:
        row = {
            h: str(cells[i] if i < len(cells) and cells[i] is not None else "").strip() for i, h in enumerate(header)
        }
        if not any(row.values()):
            continue
        rows += 1
        key, verdict = row["kennung"], row["sinnvoll"].casefold()
        if key not in links:
            errors.append(f"Zeile {number}: „{key}“ ist kein SDG-Bezug dieser Strategie")
            continue
        if key in seen:
            errors.append(f"Zeile {number}: „{key}“ steht schon in Zeile {seen[key]}")
            continue
        seen[key] = number
        if verdict and verdict not in VERDICTS:
            errors.append(f"Zeile {number}, Spalte sinnvoll: „{row['sinnvoll']}“ – erlaubt: {', '.join(VERDICTS)}")
            continue
        if not verdict:
            continue
        subject, target = links[key]
        code = str(graph.value(target, SKOS.notation) or target)
        verdicts[verdict] += 1
        per_goal.setdefault(code.split(".")[0], Counter())[verdict] += 1
        if verdict != "ja":
            not_sensible.append(
                {
                    "kennung": key,
                    "ressource": label(graph, subject),
                    "unterziel": code,
                    "sinnvoll": verdict,
                    "anmerkung": row.get("anmerkung", ""),
                }
            )
    if errors:
        raise BlindReviewError(errors)
    return BlindResult(rows, verdicts, per_goal, not_sensible)


def _table(path: Path) -> list[tuple[int, list[object]]]:
    if not path.is_file():
        raise BlindReviewError([f"Datei nicht gefunden: {path}"])
    try:
        if path.suffix.lower() == ".xlsx":
            (numbered,) = read_xlsx(path).values() or ([],)
            return [(n, list(cells)) for n, cells in numbered]
        if path.suffix.lower() == ".csv":
            return [(n, list(cells)) for n, cells in enumerate(read_csv(path), start=1)]
    except TableError as exc:
        raise BlindReviewError(exc.errors) from None
    raise BlindReviewError([f"Dateiendung „{path.suffix or '(keine)'}“: .xlsx oder .csv"])
