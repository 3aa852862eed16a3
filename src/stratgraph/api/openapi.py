"""The OpenAPI document, made to say what the service does (checked by schemathesis in the tests).

FastAPI describes every operation as JSON with a 422 for invalid input. This service answers invalid input with
400 and a German ``{"fehler": …}`` body, negotiates RDF and SPARQL result formats, and has refusals of its own
(time limit, busy, fair use, size limits). ``describe`` adds these to FastAPI's description.
"""

from __future__ import annotations

from typing import Any

from stratgraph.model.media import GRAPH_FORMATS, RDF_FORMATS, RESULT_FORMATS

__all__ = ["describe"]

ERROR = {
    "type": "object",
    "required": ["fehler"],
    "properties": {"fehler": {"type": "string"}, "details": {"type": "array", "items": {"type": "object"}}},
}
_WHY = {
    "400": "Ungültige Anfrage (Parameter, Abfragetext)",
    "403": "Nicht erlaubt (Update, SERVICE)",
    "404": "Nicht gefunden",
    "406": "Kein Format, das die Accept-Angabe erlaubt",
    "413": "Anfrage zu groß",
    "414": "Abfragetext in der URL zu lang",
    "415": "Medientyp des Anfrageinhalts nicht unterstützt",
    "429": "Zu viele Anfragen; Retry-After sagt, wann wieder",
    "503": "Abfrageprozesse belegt oder Speicher nicht erreichbar; Retry-After",
    "504": "Zeitlimit der Abfrage überschritten",
    "507": "Antwort oder Speicherbedarf über der Grenze",
}
_RDF = [f.media for f in RDF_FORMATS]


def _any_schema(media: str) -> dict[str, Any]:
    """JSON, or a file of any type (a release's changes.json too), may be anything; other media are text."""
    return {"schema": {}} if media in ("application/json", "*/*") else {"schema": {"type": "string"}}


def _media_types(path: str) -> list[str] | None:
    """The media types a 200 answer of this path can have, where it is more than JSON."""
    if path.startswith("/api/queries/"):
        return ["application/json", "text/csv"]
    if path == "/sparql":
        return sorted({*RESULT_FORMATS, *GRAPH_FORMATS, "text/turtle"})
    if path in ("/katalog", "/void", "/ontology", "/ontology.{extension}") or path.startswith("/stratgraph/"):
        return [*_RDF, "text/html"]
    if path.startswith("/download/"):
        return ["*/*"]  # a release's files: RDF, CSV, XLSX, JSON, Markdown, ZIP
    if path == "/download":
        return ["application/json", "text/html"]  # the listing, for a browser as a page
    return None


def _statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    codes = ["400"] if operation.get("parameters") or operation.get("requestBody") else []
    if "{" in path or path.startswith("/stratgraph/") or path == "/api/warum":  # warum: an unknown Kernaktivität
        codes.append("404")
    if path.startswith(("/api/", "/stratgraph/", "/sparql", "/ontology", "/katalog", "/void")):
        codes += ["503", "504"]
    if path == "/sparql":
        codes += ["403", "406", "413", "414", "429", "507"] + (["415"] if method == "post" else [])
    elif _media_types(path) and not path.startswith(("/api/", "/download/")):
        codes.append("406")
    return codes


def describe(schema: dict[str, Any], closed: dict[str, list[str]]) -> dict[str, Any]:
    """FastAPI's description with closed values as enums, our status codes, media types and error body."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Fehler"] = ERROR
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Fehler"}}}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                values = parameter.setdefault("schema", {})
                if parameter.get("in") == "query" and parameter.get("name") in closed:
                    values.pop("anyOf", None)
                    values.pop("pattern", None)  # the enum says it all
                    values.update({"type": "string", "enum": closed[parameter["name"]]})
                    if path.startswith("/api/queries/") and not parameter.get("required"):
                        enum = {k: values.pop(k) for k in ("type", "enum")}  # there an empty value: not given
                        values["anyOf"] = [enum, {"type": "string", "maxLength": 0}]
                elif not path.startswith(("/api/queries/", "/sparql")):  # there an empty value means: not given
                    for branch in [values, *values.get("anyOf", [])]:
                        if branch.get("type") == "string" and "enum" not in branch:
                            branch.setdefault("minLength", 1)  # an empty value is refused, not ignored
                if values.get("title") is None:
                    values.pop("title", None)
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for code in _statuses(path, method, operation):
                responses.setdefault(code, {"description": _WHY[code], "content": error})
            media = _media_types(path)
            ok = responses.get("200")
            if media and ok is not None:
                ok["content"] = {m: _any_schema(m) for m in media} | {
                    k: v for k, v in ok.get("content", {}).items() if k in media
                }
    return schema
