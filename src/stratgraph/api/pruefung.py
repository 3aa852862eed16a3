"""The link review on the web (docs/pruefung.md): signed-in roles confirm, reject, comment on or change links.

Read-only stays the default: without accounts (``STRATGRAPH_KONTEN`` or ``STRATGRAPH_KONTEN_TOML``) every route
here answers 403 and no cookie is ever set. With accounts:

- passwords are kept as Argon2id hashes (argon2-cffi); ``stratgraph konto`` makes one, nobody writes a password;
- a session is a cookie signed by Starlette's SessionMiddleware (itsdangerous): HttpOnly, SameSite=Strict, Secure
  behind https. It names a session id the service keeps, so signing out (or a restart) ends it at once;
- every form carries the session's CSRF token, and a POST whose Origin is another site is refused as well;
- failed sign-ins are counted per address and per account: after five within 15 minutes, 429 until the window
  has passed;
- a decision goes through ``links.review_link`` — the CLI's checks, its lock, the validation before writing and
  the same file — then the graph in service is reloaded (visible on every page and answer), and the decision is
  appended to the audit log with role and time.

Roles, never people: the Nachhaltigkeitsbüro signs (bestätigen, ablehnen) and may do everything else; the
Redaktion comments, changes strength or target and sets a link back to open; a Fachamt comments. A decision is
attributed in the data to the account's organisational unit (``organisation``; default the strategy's publisher).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import re
import secrets
import tempfile
import threading
import time
import tomllib
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from cachetools import TTLCache
from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from rdflib import URIRef

from stratgraph.api.linkage import Api, Linkage
from stratgraph.api.pages import CSP, local_href, render, review_entries_of, review_overview_of
from stratgraph.api.state import service
from stratgraph.config import Settings
from stratgraph.coverage.blind import BlindResult, BlindReviewError, blind_result, write_blind_sample
from stratgraph.coverage.review import REVIEW_STATE_WORDS
from stratgraph.errors import ConfigurationError
from stratgraph.model.graph import load_strategy
from stratgraph.strategies.links import (
    Link,
    LinkImportError,
    Review,
    ReviewConflict,
)
from stratgraph.strategies.links import review_link as apply_review

__all__ = ["ACTIONS", "ROLES", "Account", "ReviewDesk", "read_accounts", "router"]

router = APIRouter(include_in_schema=False)
log = logging.getLogger("stratgraph")

# role → what it may do; the words of the buttons
ROLES: dict[str, frozenset[str]] = {
    "Nachhaltigkeitsbüro": frozenset({"bestaetigen", "ablehnen", "zuruecksetzen", "kommentieren", "aendern"}),
    "Redaktion": frozenset({"kommentieren", "aendern", "zuruecksetzen"}),
    "Fachamt": frozenset({"kommentieren"}),
}
# action → the review status it sets (None: keeps the link's status)
ACTIONS: dict[str, str | None] = {
    "bestaetigen": "bestätigt",
    "ablehnen": "abgelehnt",
    "zuruecksetzen": "vorgeschlagen",
    "kommentieren": None,
    "aendern": None,
}
LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
SESSION_COOKIE = "stratgraph_sitzung"
SESSION_HOURS = 8
FAILURES_ALLOWED, FAILURE_WINDOW = 5, 15 * 60  # failed sign-ins per address and per account, seconds
# verified when the account is unknown, so that a wrong name costs as long as a wrong password
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c3RyYXRncmFwaC1kdW1teQ$0PBQuPjU2Z8p6hF9zAKg3sOh3iD2BhHVtZ0P0Qm3cJc"


@dataclass(frozen=True)
class Account:
    """Who may sign in: a login (a role's name, e.g. „nachhaltigkeitsbuero“, never a person's), a role, the
    organisational unit decisions are attributed to, and the Argon2 hash of the password."""

    login: str
    role: str
    password_hash: str
    organisation: str | None = None


def read_accounts(settings: Settings) -> dict[str, Account]:
    """The accounts of ``STRATGRAPH_KONTEN_TOML`` or the file ``STRATGRAPH_KONTEN``; none: the service is read-only.

    A TOML table per account::

        [konten.nachhaltigkeitsbuero]
        rolle = "Nachhaltigkeitsbüro"
        passwort = "$argon2id$v=19$…"      # from `stratgraph konto`
        organisation = "Stadt Musterstadt"  # optional; default the strategy's publisher
    """
    where = "STRATGRAPH_KONTEN_TOML" if settings.accounts_toml else str(settings.accounts_file or "")
    if settings.accounts_toml:
        text = settings.accounts_toml
    elif settings.accounts_file is not None:
        try:
            text = settings.accounts_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigurationError(f"Konten: {where} ist nicht lesbar ({exc.strerror})") from None
    else:
        return {}
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"Konten: {where} ist kein gültiges TOML ({exc})") from None
    accounts: dict[str, Account] = {}
    errors = []
    entries = table.get("konten")
    if not isinstance(entries, dict) or not entries:
        raise ConfigurationError(f"Konten: {where} hat keine Tabelle [konten.<anmeldename>]")
    for login, entry in entries.items():
        if not LOGIN.fullmatch(login):
            errors.append(f"„{login}“: Anmeldename aus a–z, 0–9, Punkt, Bindestrich (2–40 Zeichen)")
            continue
        if not isinstance(entry, dict):
            errors.append(f"{login}: eine Tabelle mit rolle und passwort erwartet")
            continue
        role, hashed, unit = entry.get("rolle"), entry.get("passwort"), entry.get("organisation")
        if role not in ROLES:
            errors.append(f"{login}: rolle „{role}“ – erlaubt sind {', '.join(ROLES)}")
        if not isinstance(hashed, str) or not hashed.startswith("$argon2"):
            errors.append(f"{login}: passwort ist kein Argon2-Hash (mit „stratgraph konto“ erzeugen)")
        if unit is not None and not isinstance(unit, str):
            errors.append(f"{login}: organisation ist ein Text")
        if not errors:
            accounts[login] = Account(login, str(role), str(hashed), unit)
    if errors:
        raise ConfigurationError(f"Konten in {where}: " + "; ".join(errors))
    return accounts


def hash_password(password: str) -> str:
    """An Argon2id hash with argon2-cffi's current defaults (RFC 9106's low-memory profile)."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def _verify(hashed: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return PasswordHasher().verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@dataclass
class ReviewDesk:
    """The review's state while the service runs: accounts, open sessions, failed sign-ins, the audit log."""

    settings: Settings
    accounts: dict[str, Account]
    sessions: TTLCache[str, str] = field(default_factory=lambda: TTLCache(10_000, SESSION_HOURS * 3600))
    failures: TTLCache[str, deque[float]] = field(default_factory=lambda: TTLCache(100_000, FAILURE_WINDOW))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def enabled(self) -> bool:
        return bool(self.accounts)

    def blocked_for(self, *keys: str) -> int:
        """Seconds until another sign-in may be tried for any of ``keys`` (address, account); 0: now."""
        now = time.monotonic()
        waits = []
        with self._lock:
            for key in keys:
                tries = self.failures.get(key)
                if tries is None:
                    continue
                while tries and now - tries[0] > FAILURE_WINDOW:
                    tries.popleft()
                if len(tries) >= FAILURES_ALLOWED:
                    waits.append(int(FAILURE_WINDOW - (now - tries[0])) + 1)
        return max(waits, default=0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                tries = self.failures.get(key) or deque(maxlen=FAILURES_ALLOWED)
                tries.append(now)
                self.failures[key] = tries

    def sign_in(self, login: str, password: str) -> Account | None:
        account = self.accounts.get(login)
        ok = _verify(account.password_hash if account else _DUMMY_HASH, password)
        return account if ok and account is not None else None

    def open_session(self, login: str) -> str:
        sid = secrets.token_urlsafe(24)
        with self._lock:
            self.sessions[sid] = login
        return sid

    def close_session(self, sid: str) -> None:
        with self._lock:
            self.sessions.pop(sid, None)

    def account_of(self, request: Request) -> Account | None:
        """The account of a request's session, if it is one the service opened and has not closed."""
        sid = request.session.get("sid") if "session" in request.scope else None
        with self._lock:
            login = self.sessions.get(sid) if isinstance(sid, str) else None
        return self.accounts.get(login) if login else None

    def record(self, entry: dict[str, Any]) -> None:
        """Append one decision to the audit log (JSON lines, one write per line, never rewritten)."""
        path = self.settings.review_log
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock:
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(descriptor, line.encode("utf-8"))
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


def desk(request: Request) -> ReviewDesk:
    found: ReviewDesk | None = getattr(service(request), "review", None)
    if found is None or not found.enabled:
        raise HTTPException(
            403,
            "Prüfen im Web ist nicht eingerichtet: der Dienst ist nur lesbar. Konten legt der Betrieb mit "
            "STRATGRAPH_KONTEN an (docs/pruefung.md); bis dahin: stratgraph links review.",
        )
    if service(request).settings.endpoint:
        raise HTTPException(409, "Der Dienst liest einen entfernten Speicher; Prüfen geht nur mit den eigenen Dateien.")
    return found


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first demand; the login form has one before anyone signs in)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def _check_post(request: Request, token: str) -> None:
    """A form's POST: the session's CSRF token, and no Origin of another site (SameSite is the third lock)."""
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not hmac.compare_digest(expected.encode(), token.encode()):
        raise HTTPException(403, "Das Formular ist abgelaufen oder kam nicht von dieser Seite (CSRF-Prüfung).")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        own = urlsplit(str(request.base_url))
        given = urlsplit(origin)
        if (given.scheme, given.netloc) != (own.scheme, own.netloc):
            raise HTTPException(403, "Formulare werden nur von dieser Seite angenommen (Herkunft abgelehnt).")
    elif origin == "null":
        raise HTTPException(403, "Formulare werden nur von dieser Seite angenommen (Herkunft abgelehnt).")


def _page(request: Request, template: str, title: str, status: int = 200, **context: Any) -> HTMLResponse:
    body = render(request, template, title, **context)
    headers = {"Content-Security-Policy": CSP, "Cache-Control": "no-store"}
    return HTMLResponse(body, status_code=status, headers=headers)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unbekannt"


def _safe_next(target: str) -> str:
    """Where to go after a form: a path of this service only (never another host)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/pruefung"


@router.get("/anmelden", response_class=HTMLResponse)
async def login_page(request: Request, weiter: Annotated[str, Query(max_length=500)] = "/pruefung") -> Response:
    found = desk(request)
    return _page(
        request,
        "anmelden.html",
        "Anmelden zum Prüfen",
        csrf=csrf_token(request),
        account=found.account_of(request),
        weiter=_safe_next(weiter),
    )


@router.post("/anmelden", response_class=HTMLResponse)
async def login(
    request: Request,
    anmeldename: Annotated[str, Form(max_length=40)] = "",
    passwort: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    weiter: Annotated[str, Form(max_length=500)] = "/pruefung",
) -> Response:
    found = desk(request)
    _check_post(request, csrf)
    login_name = anmeldename.strip().casefold()
    keys = (f"adresse:{_client(request)}", f"konto:{login_name}")
    wait = found.blocked_for(*keys)
    if wait:
        minutes = max(1, round(wait / 60))
        raise HTTPException(
            429,
            f"Zu viele fehlgeschlagene Anmeldungen; bitte in etwa {minutes} Minuten erneut versuchen.",
            headers={"Retry-After": str(wait)},
        )
    account = await asyncio.to_thread(found.sign_in, login_name, passwort)  # Argon2 takes a while: off the loop
    if account is None:
        found.failed(*keys)
        log.warning("Anmeldung fehlgeschlagen (Adresse %s)", _client(request))
        return _page(
            request,
            "anmelden.html",
            "Anmelden zum Prüfen",
            status=401,
            csrf=csrf_token(request),
            account=None,
            weiter=_safe_next(weiter),
            fehler="Anmeldename oder Passwort ist falsch.",
        )
    old = request.session.get("sid")
    if isinstance(old, str):
        found.close_session(old)
    request.session.clear()  # a new session: nothing of the one before the sign-in carries over
    request.session["sid"] = found.open_session(account.login)
    request.session["csrf"] = secrets.token_urlsafe(32)
    log.info("Angemeldet: Rolle %s", account.role)
    return RedirectResponse(_safe_next(weiter), status_code=303)


@router.post("/abmelden")
async def logout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    found = desk(request)
    _check_post(request, csrf)
    sid = request.session.get("sid")
    if isinstance(sid, str):
        found.close_session(sid)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


STATUS_FILTERS = {"offen": "vorgeschlagen", "bestaetigt": "bestaetigt", "abgelehnt": "abgelehnt", "alle": None}


@router.get("/pruefung", response_class=HTMLResponse)
async def review_page(
    request: Request,
    api: Api,
    sdg: Annotated[int | None, Query(ge=1, le=17)] = None,
    ebene: Annotated[str | None, Query(max_length=200)] = None,
    oben: Annotated[str | None, Query(max_length=300)] = None,
    staerke: Annotated[str | None, Query(pattern="^(direkt|indirekt)$")] = None,
    status: Annotated[str, Query(pattern="^(offen|bestaetigt|abgelehnt|alle)$")] = "offen",
) -> Response:
    """The links awaiting review (or all, or the decided ones), filtered; a form per link for the role's actions."""
    found = desk(request)
    account = found.account_of(request)
    if account is None:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/anmelden?" + urlencode({"weiter": here}), status_code=303)
    entries = await asyncio.to_thread(review_entries_of, request, api)
    overview = await asyncio.to_thread(review_overview_of, request, api)
    wanted = STATUS_FILTERS[status]
    shown = [
        e
        for e in entries
        if (wanted is None or e.status == wanted)
        and (sdg is None or e.sdg == sdg)
        and (ebene is None or e.level == ebene)
        and (oben is None or e.top == oben)
        and (staerke is None or e.strength == staerke)
    ]
    chosen = {"sdg": sdg, "ebene": ebene, "oben": oben, "staerke": staerke, "status": status}
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return _page(
        request,
        "pruefung.html",
        "Bezüge prüfen",
        account=account,
        allowed=ROLES[account.role],
        entries=shown,
        total=len(entries),
        overview=overview,
        chosen=chosen,
        levels=sorted({e.level for e in entries if e.level}),
        tops=sorted({e.top for e in entries if e.top}),
        csrf=csrf_token(request),
        message=request.session.pop("meldung", None),
        href=local_href,
        status_words=REVIEW_STATE_WORDS,
        here=here,
    )


@router.post("/pruefung/entscheidung")
async def decide(
    request: Request,
    api: Api,
    zuordnung: Annotated[str, Form(max_length=500)],
    aktion: Annotated[str, Form(max_length=20)],
    stand: Annotated[str, Form(max_length=64)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    grund: Annotated[str, Form(max_length=2000)] = "",
    staerke: Annotated[str, Form(max_length=20)] = "",
    ziel: Annotated[str, Form(max_length=200)] = "",
    zurueck: Annotated[str, Form(max_length=1000)] = "/pruefung",
) -> Response:
    """One decision on one link: checked like `stratgraph links review`, written to the link file, made visible."""
    found = desk(request)
    account = found.account_of(request)
    if account is None:
        raise HTTPException(401, "Nicht angemeldet: Entscheidungen nur nach der Anmeldung (/anmelden).")
    _check_post(request, csrf)
    if aktion not in ACTIONS:
        raise HTTPException(400, f"Unbekannte Aktion „{aktion}“; erlaubt: {', '.join(ACTIONS)}.")
    if aktion not in ROLES[account.role]:
        allowed = ", ".join(sorted(ROLES[account.role]))
        raise HTTPException(403, f"Die Rolle „{account.role}“ darf nicht „{aktion}“ (nur: {allowed}).")
    entry = next((e for e in review_entries_of(request, api) if e.iri == zuordnung), None)
    if entry is None:
        raise HTTPException(404, "Diesen Bezug gibt es nicht (mehr); bitte die Seite neu laden.")
    reason = " ".join(grund.split())
    if aktion == "kommentieren" and len(reason) < 3:
        raise HTTPException(400, "Ein Kommentar braucht einen Text.")
    if aktion == "aendern" and not (staerke.strip() or ziel.strip()):
        raise HTTPException(400, "Zum Ändern eine neue Stärke oder ein neues Ziel angeben (mit Grund).")
    served = service(request)
    heads = _publisher(request, api)
    review = Review(
        resource=entry.subject,
        target=entry.target_code,
        decision=ACTIONS[aktion] or entry.status,
        role=account.organisation or heads,
        when=date.today(),
        comment=reason,
        strength=staerke.strip() if aktion == "aendern" else "",
        new_target=ziel.strip() if aktion == "aendern" else "",
        seen=stand,
    )
    settings = replace(served.settings, strategy=api.scope.slug)
    try:
        before, after, visible = await asyncio.to_thread(_write_and_reload, served, review, settings)
    except ReviewConflict as exc:
        raise HTTPException(409, " ".join(exc.errors)) from None
    except LinkImportError as exc:
        raise HTTPException(422, "Nicht gespeichert: " + "; ".join(exc.errors)) from None
    found.record(
        {
            "zeit": datetime.now(UTC).isoformat(timespec="seconds"),
            "rolle": account.role,
            "konto": account.login,
            "organisation": review.role,
            "stadt": api.scope.slug,
            "zuordnung": entry.iri,
            "aktion": aktion,
            "vorher": REVIEW_STATE_WORDS.get(_local(before.review), _local(before.review)),
            "nachher": REVIEW_STATE_WORDS.get(_local(after.review), _local(after.review)),
            "staerke": _local(after.strength),
            "ziel": str(after.target),
            "grund": reason,
        }
    )
    words = REVIEW_STATE_WORDS.get(_local(after.review), _local(after.review))
    note = "" if visible else " Die Seiten zeigen es nach dem nächsten Neuladen (siehe Protokoll des Dienstes)."
    request.session["meldung"] = f"Gespeichert: „{entry.subject_name}“ → {entry.target_code}: {words}.{note}"
    return RedirectResponse(f"{_safe_next(zurueck)}#{entry.anchor}", status_code=303)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _signed_in(request: Request) -> Account:
    account = desk(request).account_of(request)
    if account is None:
        raise HTTPException(401, "Nicht angemeldet: die Blindprüfung nur nach der Anmeldung (/anmelden).")
    return account


@router.get("/pruefung/blindprobe.xlsx")
async def blind_sample(
    request: Request, api: Api, anzahl: Annotated[int | None, Query(ge=1, le=100_000)] = None
) -> Response:
    """The SDG links without rationale, strength and status, for a person who did not make them (as
    `stratgraph links blindprobe` writes them)."""
    _signed_in(request)
    settings = replace(service(request).settings, strategy=api.scope.slug)
    body = await asyncio.to_thread(_blind_sample_bytes, settings, anzahl)
    name = f"blindpruefung-{api.scope.slug}.xlsx"
    return Response(body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _blind_sample_bytes(settings: Settings, count: int | None) -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "blindprobe.xlsx"
        write_blind_sample(load_strategy(settings).merged(), path, count)
        return path.read_bytes()


@router.post("/pruefung/blindauswertung", response_class=HTMLResponse)
async def blind_evaluation(
    request: Request,
    api: Api,
    datei: Annotated[UploadFile, File()],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """A filled blind review read back and counted (as `stratgraph links blindauswertung`); nothing is written."""
    account = _signed_in(request)
    _check_post(request, csrf)
    suffix = Path(datei.filename or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise HTTPException(400, f"Dateiendung „{suffix or '(keine)'}“: .xlsx oder .csv hochladen.")
    content = await datei.read()
    settings = replace(service(request).settings, strategy=api.scope.slug)
    try:
        result = await asyncio.to_thread(_blind_result, settings, content, suffix)
    except BlindReviewError as exc:
        return _page(request, "blindpruefung.html", "Blindprüfung", status=422, account=account, fehler=exc.errors)
    return _page(request, "blindpruefung.html", "Blindprüfung", account=account, fehler=[], ergebnis=result)


def _blind_result(settings: Settings, content: bytes, suffix: str) -> BlindResult:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"blindpruefung{suffix}"
        path.write_bytes(content)
        return blind_result(load_strategy(settings).merged(), path)


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _publisher(request: Request, api: Linkage) -> str:
    from stratgraph.api.vergleich import strategy_heads

    head = strategy_heads(request).get(api.scope.slug)
    if head is None or not head.herausgeber:
        raise HTTPException(409, "Die Strategie nennt keinen Herausgeber; dem Konto eine organisation geben.")
    return head.herausgeber


def _write_and_reload(served: Any, review: Review, settings: Settings) -> tuple[Link, Link, bool]:
    """Write the decision (under the link file's lock, validated first), then put the new graph into service."""
    before, after = apply_review(review, settings)
    visible = True
    if served.reloads is not None:
        from stratgraph.api.admin import ReloadError

        try:
            served.reloads.reload(wait=True)
        except ReloadError as exc:  # written and valid, but the service could not load it: say so, keep serving
            log.warning("Entscheidung gespeichert, Neuladen fehlgeschlagen: %s", exc)
            visible = False
    return before, after, visible
