"""The SDG report of a strategy: one model from the graph (``sdg_report``), drawn as a page (a template of the
service), as DOCX (python-docx) and as PDF (fpdf2, with matplotlib's DejaVu fonts for German text).

A chapter per SDG: the targets and, behind each, the measures and goals with their level, strength, review status
and rationale; the goal-level links; the context via Querschnittsthemen (not counted); the strategy's indicators
that correspond to one of the SDG's indicators, with their assessment. Before the chapters the title page (strategy,
publisher, state of the data, version, licence, sources), how to read it and the gaps. The same graph gives the same
text and the same bytes (no clock in the documents: the state is the newest date of the links).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from rdflib import URIRef

from stratgraph.coverage import matrix as cov
from stratgraph.coverage.reports import un_title
from stratgraph.coverage.review import (
    REVIEW_STATE_WORDS,
    Entry,
    review_counts,
    review_entries,
    review_overview,
    sdg_tiles,
)
from stratgraph.model import answers
from stratgraph.model.labels import label
from stratgraph.model.namespaces import SDG, SDGO, STRAT
from stratgraph.progress.indicators import read_progress
from stratgraph.store.embedded import Store
from stratgraph.store.named_queries import query_text

__all__ = ["LICENCE", "report_docx", "report_lines", "report_pdf", "sdg_report"]

LICENCE = "Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0)"
METHOD = (
    "Die Bezüge zu den SDGs sind redaktionelle Einschätzungen mit Begründung, keine Aussagen der Quellen. "
    "Gezählt werden Maßnahmen mit eigenem, nicht abgelehntem Bezug zum Ziel oder einem Unterziel; Maßnahmen, die ein "
    "Ziel nur über ein Querschnittsthema erreichen, stehen als Kontext dabei und zählen nicht. Ziele der Strategie "
    "und Maßnahmen werden nie zusammengezählt. „Geprüft“ heißt: jemand hat bestätigt oder abgelehnt; „offen“ ist ein "
    "Vorschlag, den niemand geprüft hat. Die Texte der Unterziele sind die offiziellen englischen der UN."
)

CONFIRMED_ONLY = (
    " Dieser Bericht zeigt nur Bezüge, die jemand bestätigt hat: offene und abgelehnte fehlen in den Listen und in "
    "den Zahlen; ein Ziel ohne bestätigten Bezug steht als Lücke da."
)


def _link(e: Entry) -> answers.BerichtBezug:
    return answers.BerichtBezug(
        element=e.subject_name,
        ebene=e.level,
        staerke=e.strength,
        pruefstatus=REVIEW_STATE_WORDS.get(e.status, e.status),
        begruendung=e.rationale,
    )


def sdg_report(
    store: Store,
    queries_dir: Path,
    *,
    strategy: str,
    publisher: str,
    version: str | None = None,
    website: str | None = None,
    confirmed_only: bool = False,
) -> answers.SdgBericht:
    """The report of the strategy the store is scoped to, from the same answers the pages give.

    ``confirmed_only``: the report the office signs — only links someone confirmed, in the lists and in the counts
    (the review state on the title page still counts every link)."""
    graph = cov.context(store, queries_dir)
    entries = review_entries(graph)
    sdg_links = [e for e in entries if e.kind == "sdg"]
    shown = [e for e in sdg_links if e.status == "bestaetigt"] if confirmed_only else sdg_links
    filters = cov.Filters(review=STRAT.bestaetigt) if confirmed_only else cov.Filters()
    paths = cov.sdg_paths(store, queries_dir, filters, graph)
    tiles = sdg_tiles(paths, graph, review_overview(entries))
    progress = read_progress(store, queries_dir).indicators
    context: dict[int, dict[str, set[str]]] = {n: {} for n in range(1, 18)}
    direct = {(p.kernaktivitaet, p.goal) for p in paths if p.querschnittsthema is None}
    for p in paths:
        number = str(p.goal).removeprefix(str(SDG))
        if p.querschnittsthema is not None and number.isdigit() and (p.kernaktivitaet, p.goal) not in direct:
            themes = context[int(number)].setdefault(label(graph, p.kernaktivitaet), set())
            themes.add(label(graph, p.querschnittsthema))
    chapters = []
    for tile in tiles:
        goal = SDG[str(tile.sdg)]
        mine = [e for e in shown if e.sdg == tile.sdg]
        targets = sorted(
            (t for t in graph.objects(goal, SDGO.hasTarget) if isinstance(t, URIRef)),
            key=lambda t: cov.code_key(str(t).removeprefix(str(SDG))),
        )
        by_target = []
        for target in targets:
            code = str(target).removeprefix(str(SDG))
            linked = [_link(e) for e in mine if e.target_code == code]
            if linked:
                by_target.append(answers.BerichtUnterziel(code=code, titel_un=un_title(graph, target), bezuege=linked))
        prefix = f"{tile.sdg}."
        indicators = [
            f"{r.name} (entspricht {', '.join(sorted(c for c, _ in r.sdg_indicators.values()))}): "
            + (f"{r.assessment.category.words} – {r.assessment.reason}" if r.assessment else "keine Bewertung")
            for r in progress
            if any(c.startswith(prefix) for c, _ in r.sdg_indicators.values())
        ]
        chapters.append(
            answers.BerichtSdg(
                sdg=tile.sdg,
                name=tile.name,
                titel_un=un_title(graph, goal),
                massnahmen=tile.massnahmen,
                unterziele_erreicht=tile.unterziele_erreicht,
                unterziele=tile.unterziele,
                pruefstand=review_counts(mine),
                ziel_selbst=[_link(e) for e in mine if e.target_code == str(tile.sdg)],
                unterziel_bezuege=by_target,
                kontext=[f"{k} (über {', '.join(sorted(ts))})" for k, ts in sorted(context[tile.sdg].items())],
                indikatoren=sorted(indicators),
            )
        )
    sources = sorted({str(r["name"]) for r in store.select(query_text(queries_dir, "intern/quellen.rq"))})
    return answers.SdgBericht(
        titel=f"SDG-Bericht: {strategy}" + (" – nur bestätigte Bezüge" if confirmed_only else ""),
        strategie=strategy,
        herausgeber=publisher,
        stand=max((e.date for e in entries), default="–"),
        version=version or "Arbeitsstand (nicht veröffentlicht)",
        lizenz=LICENCE,
        quellen=sources,
        website=website,
        methode=METHOD + (CONFIRMED_ONLY if confirmed_only else ""),
        nur_bestaetigt=confirmed_only,
        pruefstand=review_counts(sdg_links),
        sdgs=chapters,
        luecken=[f"SDG {t.sdg}: {t.name}" for t in tiles if t.luecke],
        massnahme_wort=" / ".join(label(graph, lv) for lv in cov.levels(graph, STRAT.massnahmenebene)) or "Maßnahme",
        massnahmen_wort=cov.wording(graph, "kompetenz")[1],
    )


def _link_line(b: answers.BerichtBezug) -> str:
    return f"{b.element} ({b.ebene}; {b.staerke}; {b.pruefstatus}): {b.begruendung}"


def report_lines(report: answers.SdgBericht) -> list[tuple[str, str]]:
    """The report as (kind, text) lines in reading order — the one text the page, DOCX and PDF all show.

    Kinds: ``titel``, ``h1``, ``h2``, ``h3``, ``p``, ``li``."""
    ps = report.pruefstand

    def measures(n: int) -> str:
        return f"{n} {report.massnahme_wort if n == 1 else report.massnahmen_wort}"

    out: list[tuple[str, str]] = [
        ("titel", report.titel),
        ("p", f"Herausgeber der Strategie: {report.herausgeber}"),
        ("p", f"Stand der Daten: {report.stand} · Version: {report.version}"),
        ("p", f"Lizenz: {report.lizenz}"),
        ("p", "Quellen: " + "; ".join(report.quellen)),
        *([("p", f"Die Strategie im Original: {report.website}")] if report.website else []),
        ("h1", "1 Lesehilfe"),
        ("p", report.methode),
        (
            "p",
            f"Prüfstand der SDG-Bezüge: {ps.geprueft} von {ps.gesamt} geprüft ({ps.bestaetigt} bestätigt, "
            f"{ps.abgelehnt} abgelehnt, {ps.offen} offen).",
        ),
        ("h1", "2 Überblick und Lücken"),
    ]
    for chapter in report.sdgs:
        out.append(
            (
                "li",
                f"SDG {chapter.sdg} {chapter.name}: {measures(chapter.massnahmen)}, {chapter.unterziele_erreicht} "
                f"von {chapter.unterziele} Unterzielen erreicht, {chapter.pruefstand.geprueft} von "
                f"{chapter.pruefstand.gesamt} {'Bezug' if chapter.pruefstand.gesamt == 1 else 'Bezügen'} geprüft",
            )
        )
    out.append(
        ("p", f"Ohne {report.massnahme_wort} mit eigenem Bezug: " + ("; ".join(report.luecken) or "keines") + ".")
    )
    out.append(("h1", "3 Die Ziele im Einzelnen"))
    for chapter in report.sdgs:
        out.append(("h2", f"3.{chapter.sdg} SDG {chapter.sdg}: {chapter.name}"))
        out.append(("p", f"UN: {chapter.titel_un}"))
        cp = chapter.pruefstand
        out.append(
            (
                "p",
                f"{measures(chapter.massnahmen)} mit eigenem Bezug; {chapter.unterziele_erreicht} von "
                f"{chapter.unterziele} Unterzielen erreicht; Prüfstand: {cp.geprueft} von {cp.gesamt} geprüft "
                f"({cp.bestaetigt} bestätigt, {cp.abgelehnt} abgelehnt, {cp.offen} offen).",
            )
        )
        if not (chapter.ziel_selbst or chapter.unterziel_bezuege):
            out.append(
                ("p", f"Keine {report.massnahme_wort} und kein Ziel der Strategie mit eigenem Bezug: eine Lücke.")
            )
        if chapter.ziel_selbst:
            out.append(("h3", f"Mit dem Ziel {chapter.sdg} selbst verknüpft"))
            out += [("li", _link_line(b)) for b in chapter.ziel_selbst]
        for target in chapter.unterziel_bezuege:
            out.append(("h3", f"Unterziel {target.code}"))
            out.append(("p", f"UN: {target.titel_un}"))
            out += [("li", _link_line(b)) for b in target.bezuege]
        if chapter.kontext:
            out.append(("h3", "Kontext: nur über ein Querschnittsthema (nicht gezählt)"))
            out += [("li", k) for k in chapter.kontext]
        if chapter.indikatoren:
            out.append(("h3", "Indikatoren und Fortschritt"))
            out += [("li", i) for i in chapter.indikatoren]
    return out


FIXED = (2026, 1, 1)  # the documents' own time stamps: fixed, so the same graph gives the same bytes


def report_docx(report: answers.SdgBericht) -> bytes:
    """The report as DOCX (python-docx): headings as Word headings, so the office can paste chapters."""
    from datetime import datetime

    from docx import Document

    document = Document()
    props = document.core_properties
    props.title, props.author, props.language = report.titel, "stratgraph", "de-DE"
    props.created = props.modified = datetime(*FIXED)
    props.last_modified_by, props.revision = "stratgraph", 1
    for kind, text in report_lines(report):
        if kind == "titel":
            document.add_heading(text, level=0)
        elif kind in ("h1", "h2", "h3"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times (python-docx stamps the clock into the zip)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(*FIXED, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(item.filename))
    return out.getvalue()


def report_pdf(report: answers.SdgBericht) -> bytes:
    """The report as PDF (fpdf2) in DejaVu Sans (matplotlib's copy: every German character), A4, page numbers."""
    from datetime import UTC, datetime

    import matplotlib
    from fpdf import FPDF

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # fpdf2 subsets the font: 50 INFO lines per document

    class Report(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", size=8)
            self.cell(0, 8, f"{report.titel} · Stand {report.stand} · Seite {self.page_no()}", align="C")

    pdf = Report(format="A4")
    pdf.set_creation_date(datetime(*FIXED, tzinfo=UTC))
    pdf.set_title(report.titel)
    pdf.set_author("stratgraph")
    pdf.set_lang("de-DE")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    sizes = {"titel": 20, "h1": 15, "h2": 12.5, "h3": 10.5}
    for kind, text in report_lines(report):
        if (kind == "h1" and pdf.get_y() > 40) or (kind == "h2" and pdf.get_y() > 240):
            pdf.add_page()  # a chapter starts on a new page; a section does not start at a page's foot
        if kind in sizes:
            pdf.set_font("DejaVu", "B", sizes[kind])
            pdf.ln(3 if kind != "titel" else 20)
            pdf.multi_cell(0, sizes[kind] * 0.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        else:
            pdf.set_font("DejaVu", "", 9.5)
            indent = 5 if kind == "li" else 0
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(0, 4.8, ("• " if kind == "li" else "") + text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())
