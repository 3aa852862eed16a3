"""The SDG report of a strategy (``release.report``) as a page and as PDF and DOCX downloads, kept like the pages
until the next reload (a review decision reloads, so the report always shows the links as they are)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from stratgraph import __version__
from stratgraph.api.linkage import Api, Linkage
from stratgraph.api.pages import cached_file, cached_page, render
from stratgraph.api.state import service
from stratgraph.api.vergleich import strategy_heads
from stratgraph.model.answers import SdgBericht
from stratgraph.release.changelog import latest_release
from stratgraph.release.report import report_docx, report_lines, report_pdf, sdg_report

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
DOCUMENTS = {
    "pdf": ("application/pdf", report_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", report_docx),
}


Only = Annotated[
    str | None, Query(pattern="^bestaetigt$", description="bestaetigt: nur bestätigte Bezüge (der gezeichnete Bericht)")
]


def _report(request: Request, api: Linkage, nur: str | None = None) -> SdgBericht:
    head = strategy_heads(request).get(api.scope.slug)
    released = latest_release(service(request).settings.dist)
    version = f"stratgraph {__version__}" + (f", Veröffentlichung {released[0]}" if released else "")
    return sdg_report(
        api.store,
        api.queries_dir,
        strategy=head.name if head else api.scope.slug,
        publisher=(head.herausgeber if head and head.herausgeber else "nicht angegeben"),
        version=version,
        website=head.website if head else None,
        confirmed_only=nur == "bestaetigt",
    )


@router.get("/bericht", response_class=HTMLResponse)
async def report_page(request: Request, api: Api, nur: Only = None) -> Response:
    """The report as a page: the same lines the documents hold, with the documents to download."""

    def build() -> bytes:
        report = _report(request, api, nur)
        return render(request, "bericht.html", report.titel, report=report, lines=report_lines(report))

    return await cached_page(request, build)


@router.get("/bericht.{suffix}")
async def report_document(request: Request, api: Api, suffix: str, nur: Only = None) -> Response:
    """The report as PDF (fpdf2) or DOCX (python-docx): the same graph gives the same bytes."""
    if suffix not in DOCUMENTS:
        raise HTTPException(404, f"Den Bericht gibt es als bericht.pdf und bericht.docx, nicht als bericht.{suffix}.")
    media, draw = DOCUMENTS[suffix]
    try:  # the documents' libraries come with the `charts` extra (make run installs it)
        import docx  # noqa: F401
        import fpdf  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError:
        raise HTTPException(
            503, "Für den Bericht fehlen fpdf2/python-docx: pip install 'stratgraph[charts]'."
        ) from None
    name = f"sdg-bericht-{api.scope.slug}{'-bestaetigt' if nur else ''}.{suffix}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return await cached_file(request, lambda: draw(_report(request, api, nur)), media, headers)
