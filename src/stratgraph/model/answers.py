"""The JSON answers of the API and of ``stratgraph coverage --format json``: one pydantic model per answer, the one
definition of its shape. Handlers and reports build these models; the API validates and encodes them, the OpenAPI
description is made from them, the CLI prints them, the pages read them.

Keys are German, as the sources and the ontology name things (``kernaktivitaeten``, ``begruendung``,
``pruefstatus``), lower case with ``_`` and without umlauts (``staerke``, ``ueber_thema``); ``iri``, ``slug``,
``sdg`` and ``code`` are the loanwords German texts about linked data use. Values shown to people are German.
docs/architecture.md states the rule.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Abdeckung",
    "KernaktivitaetDetail",
    "Kernaktivitaeten",
    "KompetenzDetail",
    "KompetenzUebersicht",
    "Luecken",
    "Querschnittsthema",
    "SdgDetail",
    "Sdgs",
    "Stadt",
    "Suche",
    "UnterzielDetail",
    "Vergleich",
    "Warum",
    "Zielsystem",
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ref(Model):
    iri: str
    name: str


class Leitbegriff(Model):
    iri: str
    name: str
    kurzformel: str = Field(description="Kurzformel des Leitbegriffs, wie die Quelle sie nennt")
    kompetenzen: list[str] = Field(description="IRIs der Kompetenzen, die der Leitbegriff prägt")


class Wesenskern(Model):
    iri: str
    name: str
    leitbegriffe: list[Leitbegriff]


class StrategischesZiel(Model):
    iri: str
    name: str
    indikator: str = Field(description="Stichwort des Indikators")
    beschreibung: str | None


class SchwerpunktImBaum(Model):
    iri: str
    name: str
    programmatische_ziele: int = Field(description="Zahl der programmatischen Ziele")


class KompetenzImBaum(Model):
    iri: str
    name: str
    position: int
    strategische_ziele: list[StrategischesZiel]
    schwerpunkte: list[SchwerpunktImBaum]


class StrategieKopf(Model):
    iri: str
    name: str
    titel: str = Field(description="Name mit Zielhorizont (Ende), wie Seiten und Veröffentlichungen ihn zeigen")
    beschreibung: str | None
    herausgeber: str | None = Field(description="Name des Herausgebers")
    beginn: str | None = Field(description="Beginn (Jahr)")
    ende: str | None = Field(description="Ende, Zielhorizont (Jahr)")


class EbeneImBaum(Model):
    iri: str
    name: str = Field(description="das Wort der Strategie für die Ebene")
    mehrzahl: str = Field(description="seine Mehrzahl (ohne Angabe: der Name)")
    art: str = Field(description="gliederung, ziel oder massnahme")
    klasse: str = Field(description="IRI der Klasse ihrer Elemente, etwa strat:Schwerpunkt")
    position: int
    anzahl: int = Field(description="Zahl der Elemente der Ebene")


class ElementImBaum(Model):
    iri: str
    name: str
    ebene: str = Field(description="IRI der Ebene")
    status: str | None = Field(description="nur Maßnahmen: geplant, laufend, umgesetzt, eingestellt, ueberfuehrt")
    unterelemente: list[ElementImBaum] = Field(description="die Elemente der Ebene darunter, die zu ihm gehören")


class Zielsystem(Model):
    strategie: StrategieKopf | None
    ebenen: list[EbeneImBaum] = Field(description="die Ebenen der Strategie von oben nach unten")
    elemente: list[ElementImBaum] = Field(description="der Baum der Strategie: die Elemente der obersten Ebene")
    wesenskern: Wesenskern | None = Field(description="nur Strategien mit Wesenskern (Vision)")
    kompetenzen: list[KompetenzImBaum] = Field(description="nur Strategien mit Kompetenzen")
    querschnittsthemen: list[Ref]


class StatusZahlen(Model):
    gesamt: int
    umgesetzt: int
    laufend: int
    eingestellt: int
    ueberfuehrt: int
    geplant: int


class KompetenzUebersicht(Model):
    iri: str
    slug: str
    name: str
    name_englisch: str | None
    position: int
    kernaktivitaeten: StatusZahlen


class KernaktivitaetKurz(Model):
    iri: str
    name: str
    status: str = Field(description="umgesetzt, laufend, eingestellt, ueberfuehrt oder geplant")


class SchwerpunktDetail(Model):
    iri: str
    name: str
    programmatische_ziele: list[str] = Field(description="die Ziele im Wortlaut")
    kernaktivitaeten: list[KernaktivitaetKurz] = Field(description="redaktionell zugeordnet")


class KompetenzDetail(Model):
    iri: str
    name: str
    name_englisch: str | None
    position: int
    bild_2030: str | None
    leitbegriffe: list[str]
    strategische_ziele: list[StrategischesZiel]
    schwerpunkte: list[SchwerpunktDetail]
    kernaktivitaeten: StatusZahlen
    hinweis: str


class KernaktivitaetEintrag(Model):
    iri: str
    name: str
    kompetenz: Ref | None
    schwerpunkt: Ref | None
    schwerpunkt_basis: str | None = Field(
        description="redaktionell (keine Quelle nennt den Schwerpunkt) oder inQuelleBelegt"
    )
    status: str = Field(description="umgesetzt, laufend, eingestellt, ueberfuehrt oder geplant")
    status_erschlossen: bool = Field(description="wahr, wo die Quellen den Status nicht nennen und er erschlossen ist")
    wege: list[str] = Field(
        description="nur mit sdg: wie die Kernaktivität das SDG erreicht – „direkt“ (eigener Bezug, zählt) oder "
        "„über das Querschnittsthema …“ (nur mit wege=alle; Kontext, nicht einzeln bewertet, zählt nicht)"
    )


class Kernaktivitaeten(Model):
    anzahl: int
    hinweis: str | None = Field(description="gesetzt, wenn ein Filter auf redaktionellen Zuordnungen beruht")
    kernaktivitaeten: list[KernaktivitaetEintrag]


class Beleg(Model):
    """One editorial Zuordnung with its evidence."""

    iri: str
    eigenschaft: str = Field(description="die verknüpfende Eigenschaft, z. B. traegtBeiZuSdg")
    zu: str
    zu_name: str
    sdg: str | None = Field(description="SDG-Code des Ziels oder Unterziels, falls es eines ist")
    begruendung: str
    staerke: str = Field(description="direkt oder indirekt")
    basis: str
    pruefstatus: str = Field(description="vorgeschlagen, bestaetigt oder abgelehnt")
    urheber: str = Field(description="wer zugeordnet hat (eine Rolle, nie ein Name)")
    datum: str


class KernaktivitaetDetail(Model):
    iri: str
    name: str | None
    weitere_namen: list[str]
    kompetenz: Ref | None
    status: Ref | None
    status_herleitung: str | None
    nummer: str | None = Field(description="Nummer in der Liste der Kompetenz, wo die Quelle sie druckt")
    beschlussjahr: str | None
    tranche: Ref | None
    verantwortlich: list[Ref | str]
    umsetzungskonzept: list[Ref | str]
    ueberfuehrt_in: Ref | None
    anmerkungen: list[str]
    quellen: list[Ref | str]
    zuordnungen: list[Beleg]
    hinweis: str


class Querschnittsthema(Model):
    iri: str
    name: str
    beschreibung: str
    kernaktivitaeten: int
    zuordnungen: list[Beleg]
    hinweis: str


class SdgUebersicht(Model):
    iri: str
    code: str
    name: str = Field(description="unser deutscher Arbeitstitel (kein Titel der UN)")
    titel_un: str = Field(description="der offizielle englische Titel der UN (UN SDG KOS)")
    direkt: int = Field(description="Maßnahmen (Kernaktivitäten) oder, je nach Ansicht, Ziele mit eigener Zuordnung")
    nur_ueber_thema: int = Field(
        description="Maßnahmen, die das Ziel nur über ein Querschnittsthema erreichen (Kontext, nicht gezählt; "
        "bei Zielen immer 0)"
    )


class Sdgs(Model):
    hinweis: str
    ansicht: str = Field(description="massnahmen (Standard) oder ziele: was gezählt wird; nie beides zusammen")
    gezaehlt: str = Field(description="was gezählt wird, in den Worten der Strategie (z. B. Kernaktivitäten, Ziele)")
    sdgs: list[SdgUebersicht]


class SdgDetail(Model):
    hinweis: str
    sdg: str
    name: str = Field(description="unser deutscher Arbeitstitel des Ziels (kein Titel der UN)")
    titel_un: str = Field(description="der offizielle englische Titel der UN (UN SDG KOS)")
    unterziel_titel_un: dict[str, str] = Field(description="Unterziel-Code → offizieller englischer Text der UN")
    kompetenzen: list[str]
    ziel_selbst: list[str] = Field(description="Kernaktivitäten mit Zuordnung zum Ziel selbst")
    unterziele: dict[str, list[str]] = Field(description="Unterziel-Code → Kernaktivitäten mit direkter Zuordnung")
    nur_ueber_thema: dict[str, list[str]] = Field(description="Kernaktivität → Querschnittsthemen, über die sie wirkt")
    gezaehlt: str = Field(description="was die Listen oben zählen: die Maßnahmen der Strategie in ihren Worten")
    ziele: dict[str, list[str]] = Field(
        description="eigene Ansicht: Ziel- oder Unterziel-Code → Ziele der Strategie mit eigener Zuordnung "
        "(nie mit den Maßnahmen zusammengezählt)"
    )


class UnterzielDetail(Model):
    hinweis: str
    unterziel: str = Field(description="Code des Unterziels, z. B. 13.2")
    titel_un: str = Field(description="der offizielle englische Text der UN (UN SDG KOS)")
    sdg: str
    name: str = Field(description="unser deutscher Arbeitstitel des Ziels")
    kernaktivitaeten: list[str] = Field(description="Kernaktivitäten mit eigener Zuordnung zu diesem Unterziel")
    ziel_selbst: list[str] = Field(description="Kontext: mit dem Ziel selbst verknüpft, nicht unterzielgenau")
    nur_ueber_thema: list[str] = Field(description="Kontext: nur über ein Querschnittsthema, nicht gezählt")
    gezaehlt: str = Field(description="was die Listen oben zählen: die Maßnahmen der Strategie in ihren Worten")
    ziele: list[str] = Field(description="eigene Ansicht: Ziele der Strategie mit eigener Zuordnung zum Unterziel")


class SdgKopf(Model):
    iri: str
    code: str
    name: str


class Zelle(Model):
    sdg: str
    direkt: list[str]
    nur_ueber_thema: list[str]


class Zeile(Model):
    iri: str
    name: str
    zellen: list[Zelle]


class Abdeckung(Model):
    hinweis: str
    filter: str
    dimension: str
    zeilentitel: str = Field(
        description="Was eine Zeile ist, in den Worten der Strategie (z. B. Kompetenz, Themenfeld)"
    )
    gezaehlt: str = Field(
        description="Was eine Zelle zählt: die Maßnahmen der Strategie in ihren Worten (z. B. Kernaktivitäten) oder, "
        "bei nach=ziele, Ziele; beides wird nie zusammengezählt"
    )
    sdgs: list[SdgKopf]
    zeilen: list[Zeile]


class OhneSdg(Model):
    iri: str
    name: str
    kein_klarer_sdg_bezug: str | None = Field(description="Begründung, wenn als „kein klarer SDG-Bezug“ markiert")


class Luecken(Model):
    hinweis: str
    sdgs_ohne: list[str] = Field(description="SDG-Codes ohne Bezug")
    unterziele_ohne: list[str]
    kernaktivitaeten_ohne: list[OhneSdg] = Field(description="die Maßnahmen (Kernaktivitäten) ohne eigenen Bezug")
    themen_ohne: list[str] = Field(description="Querschnittsthemen ohne Bezug")
    bezeichnung_massnahme: str = Field(description="eine Maßnahme in den Worten der Strategie, z. B. Kernaktivität")
    bezeichnung_massnahmen: str = Field(description="die Mehrzahl, z. B. Kernaktivitäten")


class WegBeleg(Model):
    iri: str
    von: str
    zu: str
    begruendung: str
    staerke: str
    basis: str
    pruefstatus: str
    urheber: str
    datum: str | None


class Weg(Model):
    ziel: str = Field(description="das SDG (Code)")
    unterziel: str | None
    ueber_thema: str | None
    zuordnungen: list[WegBeleg]


class Warum(Model):
    hinweis: str
    kernaktivitaet: str
    sdg: str
    wege: list[Weg]


class Treffer(Model):
    iri: str
    name: str
    klassen: list[str] = Field(description="die Klassen, lokal benannt (Kernaktivitaet, Goal)")
    arten: list[str] = Field(description="dieselben auf Deutsch, wie die Ontologie sie nennt (Kernaktivität, SDG-Ziel)")


class Suche(Model):
    text: str
    anzahl: int
    treffer: list[Treffer]


class Stadt(Model):
    slug: str = Field(description="Kurzname; ?stadt=<slug> wählt die Strategie in jeder Sicht")
    strategie: str = Field(description="IRI der Strategie")
    name: str
    herausgeber: str | None = Field(description="Name des Herausgebers, wenn angegeben")
    kernaktivitaeten: int = Field(description="Zahl der Maßnahmen (etwa Kernaktivitäten)")
    bezeichnung_massnahmen: str = Field(description="das Wort der Strategie für ihre Maßnahmen, z. B. Kernaktivitäten")
    website: str | None = Field(None, description="wo der Herausgeber die Strategie veröffentlicht, wenn angegeben")


class VergleichStadt(Model):
    stadt: str
    kernaktivitaeten: int = Field(description="Kernaktivitäten mit eigener Zuordnung zum Ziel oder einem Unterziel")
    zuordnungen: int = Field(description="solche Zuordnungen (abgelehnte zählen nicht)")
    bestaetigt: int = Field(description="davon bestätigt")
    anteil_bestaetigt: float | None = Field(description="Anteil bestätigter Zuordnungen (0–1); ohne Zuordnung null")


class VergleichSdg(Model):
    iri: str
    code: str
    name: str = Field(description="unser deutscher Arbeitstitel (kein Titel der UN)")
    staedte: list[VergleichStadt]


class Vergleich(Model):
    hinweis: str
    staedte: list[Stadt]
    sdgs: list[VergleichSdg]


class Befund(Model):
    """One finding of a validation: a SHACL result or a row of a check query."""

    schwere: str = Field(description="Violation, Warning oder Info (die Stufen von SHACL)")
    fokus: str = Field(description="die geprüfte Ressource")
    fokus_name: str
    pfad: str | None = Field(description="die Eigenschaft, um die es geht")
    wert: str | None
    meldung: str
    quelle: str = Field(description="die Form oder Prüfabfrage, die den Befund meldet")
    datei: str | None = Field(description="wo die Angaben zur Ressource in den Daten beginnen")
    zeile: int | None


class Validierung(Model):
    """``stratgraph validate --format json`` and ``validierung.json`` of a release."""

    konform: bool = Field(description="wahr, wenn kein Befund ein Verstoß (Violation) ist")
    anzahl: dict[str, int] = Field(description="Befunde je Schwere (Violation, Warning, Info)")
    befunde: list[Befund]


class KlassenZahl(Model):
    klasse: str
    bezeichnung: str
    anzahl: int


class StatusZahl(Model):
    status: str
    bezeichnung: str
    anzahl: int


class QuellenZahl(Model):
    """A figure as a source states it, beside what the graph holds for the same question."""

    iri: str
    bezeichnung: str
    laut_quelle: int
    im_graph: int
    stichtag: str | None
    quellen: list[str]


class Statistik(Model):
    """``stratgraph stats --format json``."""

    klassen: list[KlassenZahl]
    status: list[StatusZahl]
    zahlen_der_quellen: list[QuellenZahl]


class AbfrageParameter(Model):
    name: str
    pflicht: bool
    typ: str = Field(description="iri, literal, integer, …: wie der Wert gebunden wird")
    standard: str | None
    erlaubt: list[str] | None


class Abfrage(Model):
    """A named question of ``queries/`` (``/api/queries``)."""

    name: str
    zusammenfassung: str
    beschreibung: str
    schlagwoerter: list[str]
    parameter: list[AbfrageParameter]


class Datei(Model):
    name: str
    bytes: int = Field(description="Größe in Bytes")
    sha256: str
    url: str | None = Field(default=None, description="nur in /download: die Adresse der Datei")


class Veroeffentlichung(Model):
    """``release.json`` of a release and ``/download``: its files with size and checksum."""

    version: str
    datum: str
    dateien: list[Datei]


class Neuladen(Model):
    """``POST /admin/reload``: what became of the last reload."""

    status: str = Field(description="neu geladen, abgelehnt oder fehlgeschlagen")
    zeit: str
    tripel: int | None = Field(default=None, description="Tripel des neuen Graphen")
    fehler: str | None = None


class Bewertung(Model):
    """An indicator's assessment after Eurostat's method (docs/fortschritt.md)."""

    kategorie: str = Field(description="in Worten, etwa „mäßiger Fortschritt“ oder „keine Bewertung“")
    zeichen: str = Field(description="dasselbe als Zeichen (✓ ↑ ↗ → ↘ ↓ ✗ –), nie nur als Farbe")
    stufe: int | None = Field(description="1 auf Kurs, 2 mäßig, 3 unzureichend, 4 in falscher Richtung; null: keine")
    begruendung: str = Field(description="die Zahlen dahinter, etwa „benötigt +3,1 % pro Jahr, erreicht +1,2 %“")
    beobachtet: float | None = Field(description="beobachtete Änderung pro Jahr: Rate (0,012 = 1,2 %) oder linear")
    benoetigt: float | None = Field(description="für den Zielwert nötige Änderung pro Jahr, ebenso")
    verhaeltnis: float | None = Field(description="beobachtet ÷ benötigt")
    linear: bool = Field(description="wahr, wenn jährliche Änderungen statt Raten verglichen sind (Werte ≤ 0)")
    von_jahr: int | None
    bis_jahr: int | None


class Indikatorwert(Model):
    jahr: int
    wert: float
    vorlaeufig: bool
    quelle: str | None


class IndikatorEintrag(Model):
    iri: str
    slug: str
    name: str
    einheit: str = Field(description="IRI der QUDT-Einheit")
    einheit_zeichen: str
    richtung: str = Field(description="hoeher oder niedriger: welcher Wert besser ist")
    misst: list[Ref] = Field(description="die Ziele (oder Maßnahmen), deren Erreichen der Indikator zeigt")
    ausgangswert: float | None
    ausgangsjahr: int | None
    zielwert: float | None
    zieljahr: int | None
    zielart: str | None = Field(description="erreichen, mindestens oder hoechstens")
    letzter_wert: Indikatorwert | None
    bewertung: Bewertung


class Indikatoren(Model):
    methode: str
    anzahl: int
    indikatoren: list[IndikatorEintrag]


class SdgIndikator(Model):
    iri: str
    code: str = Field(description="Code im globalen Indikatorenrahmen, etwa 7.2.1")
    titel_un: str = Field(description="der offizielle englische Titel der UN (UN SDG KOS)")


class IndikatorDetail(IndikatorEintrag):
    definition: str | None
    quellen: list[Ref]
    werte: list[Indikatorwert]
    sdg_indikatoren: list[SdgIndikator] = Field(
        description="redaktionell zugeordnet (Beleg und Prüfstatus unter /api/zuordnungen der Ressource)"
    )
    methode: str


class ZielFortschritt(Model):
    iri: str
    name: str
    stufe: int | None
    worte: str = Field(description="auf Kurs, mäßig, unzureichend, in falscher Richtung oder keine Bewertung")
    begruendung: str
    indikatoren: list[Ref]


class Gesamtstand(Model):
    stufe: int | None
    worte: str
    begruendung: str


class Fortschritt(Model):
    methode: str
    umsetzung: Umsetzung = Field(description="die eigenen Maßnahmen nach Status: laut Quellen, aus Verläufen, heute")
    gesamt: Gesamtstand = Field(description="alle Indikatoren der Strategie zusammengefasst")
    ziele: list[ZielFortschritt] = Field(description="je gemessenem Ziel seine Indikatoren zusammengefasst")
    indikatoren: list[IndikatorEintrag]


class Umsetzungsangabe(Model):
    """A count of measures as a source states it."""

    stichtag: str
    angabe: str = Field(description="die Kennzahl in den Worten der Quelle")
    anzahl: int
    status: list[str] = Field(description="die gezählten Status; leer: alle Maßnahmen (etwa alle beschlossenen)")
    quellen: list[Ref] = Field(description="die Quellen, die die Zahl nennen")


class Verlaufsstand(Model):
    jahresende: int
    anzahl: dict[str, int] = Field(description="Status → Zahl der Maßnahmen mit Verlauf, die ihn am Jahresende hatten")
    massnahmen_mit_verlauf: int


class Umsetzung(Model):
    """The strategy's own progress: its measures by status, as the sources state it and as the graph holds it."""

    bezeichnung_massnahmen: str
    gesamt: int = Field(description="Maßnahmen im Graphen")
    heute: dict[str, int] = Field(description="Status → Zahl der Maßnahmen im Graphen heute")
    laut_quellen: list[Umsetzungsangabe]
    aus_statusverlauf: list[Verlaufsstand] = Field(
        description="aus den Statusverläufen der Maßnahmen, die einen haben (nicht alle): Stand am Jahresende"
    )


Fortschritt.model_rebuild()


class Pruefstand(Model):
    """How many links someone checked: bestätigt and abgelehnt are „geprüft“; offen = proposed, nobody decided."""

    gesamt: int
    bestaetigt: int
    abgelehnt: int
    offen: int

    @property
    def geprueft(self) -> int:
        return self.bestaetigt + self.abgelehnt


class Pruefuebersicht(Model):
    """The review state of a strategy's links: overall, its SDG links, per SDG goal and per level."""

    insgesamt: Pruefstand
    sdg_bezuege: Pruefstand
    je_sdg: dict[int, Pruefstand] = Field(description="SDG-Nummer → Prüfstand ihrer Bezüge (auch über Unterziele)")
    je_ebene: dict[str, Pruefstand] = Field(description="Ebene des verknüpften Elements → Prüfstand")


class SdgKachel(Model):
    """One SDG at a glance: the measures linked to it directly, its targets reached, a gap, the review state."""

    sdg: int
    name: str = Field(description="unser deutscher Arbeitstitel des Ziels")
    farbe: str = Field(description="die Farbe der UN für das Ziel (#RRGGBB); Nummer und Name stehen immer dabei")
    massnahmen: int = Field(description="Maßnahmen mit eigenem Bezug zum Ziel oder einem Unterziel")
    unterziele_erreicht: int = Field(description="Unterziele mit mindestens einer Maßnahme mit eigenem Bezug")
    unterziele: int
    luecke: bool = Field(description="keine Maßnahme mit eigenem Bezug")
    pruefstand: Pruefstand | None = Field(description="die SDG-Bezüge des Ziels und seiner Unterziele: geprüft, offen")


class BerichtBezug(Model):
    """One editorial link in the SDG report: the element, its level, strength, review status and rationale."""

    element: str
    ebene: str
    staerke: str
    pruefstatus: str = Field(description="bestätigt, abgelehnt oder offen (ein Vorschlag, den niemand geprüft hat)")
    begruendung: str


class BerichtUnterziel(Model):
    code: str
    titel_un: str = Field(description="der offizielle englische Text der UN")
    bezuege: list[BerichtBezug]


class BerichtSdg(Model):
    """One SDG's chapter: its targets with the measures and goals behind each, the context, the indicators."""

    sdg: int
    name: str
    titel_un: str
    massnahmen: int = Field(description="Maßnahmen mit eigenem, nicht abgelehntem Bezug (wie die SDG-Karte)")
    unterziele_erreicht: int
    unterziele: int
    pruefstand: Pruefstand
    ziel_selbst: list[BerichtBezug]
    unterziel_bezuege: list[BerichtUnterziel]
    kontext: list[str] = Field(description="Maßnahmen nur über ein Querschnittsthema (nicht gezählt)")
    indikatoren: list[str] = Field(
        description="Indikatoren der Strategie, die einem SDG-Indikator des Ziels entsprechen"
    )


class SdgBericht(Model):
    """The SDG report of a strategy: the same graph always gives the same text."""

    titel: str
    strategie: str
    herausgeber: str
    stand: str = Field(description="das jüngste Datum der Bezüge (JJJJ-MM-TT): der Stand, den der Bericht zeigt")
    version: str
    lizenz: str
    quellen: list[str]
    website: str | None = Field(None, description="wo der Herausgeber die Strategie veröffentlicht, wenn angegeben")
    methode: str
    pruefstand: Pruefstand
    sdgs: list[BerichtSdg]
    luecken: list[str] = Field(description="SDGs ohne Maßnahme mit eigenem Bezug")
    massnahme_wort: str = Field(description="eine Maßnahme in den Worten der Strategie, z. B. Kernaktivität")
    massnahmen_wort: str = Field(description="die Mehrzahl, z. B. Kernaktivitäten")
    nur_bestaetigt: bool = Field(False, description="nur bestätigte Bezüge (der Bericht, den das Büro zeichnet)")


class MassnahmeZeile(Model):
    """One measure in the list of all measures: its top-level element, status and SDGs (its own links)."""

    iri: str
    name: str
    oben: str = Field(description="das Element der obersten Ebene darüber (Kompetenz, Themenfeld)")
    status: str = Field(description="umgesetzt, laufend, geplant, eingestellt oder ueberfuehrt")
    sdgs: list[str] = Field(description="SDG-Ziele und -Unterziele mit eigenem, nicht abgelehntem Bezug, nach Nummer")


class Massnahmenliste(Model):
    bezeichnung: str = Field(description="die Maßnahmen in den Worten der Strategie, z. B. Kernaktivitäten")
    oberste_ebene: str = Field(description="der Name der obersten Ebene, z. B. Kompetenz oder Themenfeld")
    anzahl: int
    massnahmen: list[MassnahmeZeile]
