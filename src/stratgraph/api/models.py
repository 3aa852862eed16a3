"""The shapes of the linkage API's answers: the one definition of each answer (English keys for the parts of an
answer — ``iri``, ``name``, ``count``, ``notice`` —, the strategy's own terms in German — ``kernaktivitaeten``,
``schwerpunkte``, ``strategische_ziele`` —, German values; docs/architecture.md lists the rule).

A route's answer is validated against its model when it is computed (``linkage.cached``: unknown keys and wrong
types are an error, never sent) and encoded by it; the encoded bytes are what the answer cache keeps. The
OpenAPI description is made from the same models, and tests/api/test_models.py checks every route's answer on
every store against its model.
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
    formula: str = Field(description="Kurzformel des Leitbegriffs, wie die Quelle sie nennt")
    kompetenzen: list[str] = Field(description="IRIs der Kompetenzen, die der Leitbegriff prägt")


class Wesenskern(Model):
    iri: str
    name: str
    leitbegriffe: list[Leitbegriff]


class StrategischesZiel(Model):
    iri: str
    name: str
    indicator: str = Field(description="Stichwort des Indikators")
    description: str | None


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
    title: str = Field(description="Name mit Zielhorizont (Ende), wie Seiten und Veröffentlichungen ihn zeigen")
    description: str | None
    publisher: str | None = Field(description="Name des Herausgebers")
    start: str | None = Field(description="Beginn (Jahr)")
    end: str | None = Field(description="Ende, Zielhorizont (Jahr)")


class EbeneImBaum(Model):
    iri: str
    name: str = Field(description="das Wort der Strategie für die Ebene")
    plural: str = Field(description="seine Mehrzahl (ohne Angabe: der Name)")
    kind: str = Field(description="gliederung, ziel oder massnahme")
    class_: str = Field(alias="class", description="IRI der Klasse ihrer Elemente, etwa strat:Schwerpunkt")
    position: int
    count: int = Field(description="Zahl der Elemente der Ebene")


class ElementImBaum(Model):
    iri: str
    name: str
    level: str = Field(description="IRI der Ebene")
    status: str | None = Field(description="nur Maßnahmen: geplant, laufend, umgesetzt, eingestellt, ueberfuehrt")
    children: list[ElementImBaum] = Field(description="die Elemente der Ebene darunter, die zu ihm gehören")


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
    name_en: str | None
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
    name_en: str | None
    position: int
    bild_2030: str | None
    leitbegriffe: list[str]
    strategische_ziele: list[StrategischesZiel]
    schwerpunkte: list[SchwerpunktDetail]
    kernaktivitaeten: StatusZahlen
    notice: str


class KernaktivitaetEintrag(Model):
    iri: str
    name: str
    kompetenz: Ref | None
    schwerpunkt: Ref | None
    schwerpunkt_basis: str | None = Field(
        description="redaktionell (keine Quelle nennt den Schwerpunkt) oder inQuelleBelegt"
    )
    status: str = Field(description="umgesetzt, laufend, eingestellt, ueberfuehrt oder geplant")
    status_inferred: bool = Field(description="wahr, wo die Quellen den Status nicht nennen und er erschlossen ist")
    paths: list[str] = Field(
        description="nur mit sdg: wie die Kernaktivität das SDG erreicht – „direkt“ (eigener Bezug, zählt) oder "
        "„über das Querschnittsthema …“ (nur mit wege=alle; Kontext, nicht einzeln bewertet, zählt nicht)"
    )


class Kernaktivitaeten(Model):
    count: int
    notice: str | None = Field(description="gesetzt, wenn ein Filter auf redaktionellen Zuordnungen beruht")
    kernaktivitaeten: list[KernaktivitaetEintrag]


class Beleg(Model):
    """One editorial Zuordnung with its evidence."""

    iri: str
    link: str = Field(description="die verknüpfende Eigenschaft, z. B. traegtBeiZuSdg")
    to: str
    to_name: str
    sdg: str | None = Field(description="SDG-Code des Ziels oder Unterziels, falls es eines ist")
    rationale: str
    strength: str = Field(description="direkt oder indirekt")
    basis: str
    review: str = Field(description="vorgeschlagen, bestaetigt oder abgelehnt")
    asserted_by: str
    date: str


class KernaktivitaetDetail(Model):
    iri: str
    name: str | None
    alt_names: list[str]
    kompetenz: Ref | None
    status: Ref | None
    status_inferred_how: str | None
    number: str | None = Field(description="Nummer in der Liste der Kompetenz, wo die Quelle sie druckt")
    year_decided: str | None
    tranche: Ref | None
    responsible: list[Ref | str]
    programme: list[Ref | str]
    transferred_into: Ref | None
    notes: list[str]
    sources: list[Ref | str]
    links: list[Beleg]
    notice: str


class Querschnittsthema(Model):
    iri: str
    name: str
    description: str
    kernaktivitaeten: int
    links: list[Beleg]
    notice: str


class SdgUebersicht(Model):
    iri: str
    code: str
    name: str = Field(description="unser deutscher Arbeitstitel (kein Titel der UN)")
    title_un: str = Field(description="der offizielle englische Titel der UN (UN SDG KOS)")
    direct: int = Field(description="Maßnahmen (Kernaktivitäten) oder, je nach view, Ziele mit eigener Zuordnung")
    via_theme_only: int = Field(
        description="Maßnahmen, die das Ziel nur über ein Querschnittsthema erreichen (Kontext, nicht gezählt; "
        "bei Zielen immer 0)"
    )


class Sdgs(Model):
    notice: str
    view: str = Field(description="massnahmen (Standard) oder ziele: was gezählt wird; nie beides zusammen")
    counted: str = Field(description="was gezählt wird, in den Worten der Strategie (z. B. Kernaktivitäten, Ziele)")
    sdgs: list[SdgUebersicht]


class SdgDetail(Model):
    notice: str
    sdg: str
    name: str = Field(description="unser deutscher Arbeitstitel des Ziels (kein Titel der UN)")
    title_un: str = Field(description="der offizielle englische Titel der UN (UN SDG KOS)")
    target_titles_un: dict[str, str] = Field(description="Unterziel-Code → offizieller englischer Text der UN")
    kompetenzen: list[str]
    goal_level: list[str] = Field(description="Kernaktivitäten mit Zuordnung zum Ziel selbst")
    targets: dict[str, list[str]] = Field(description="Unterziel-Code → Kernaktivitäten mit direkter Zuordnung")
    via_theme_only: dict[str, list[str]] = Field(description="Kernaktivität → Querschnittsthemen, über die sie wirkt")
    measures: str = Field(description="was die Listen oben zählen: die Maßnahmen der Strategie in ihren Worten")
    ziele: dict[str, list[str]] = Field(
        description="eigene Ansicht: Ziel- oder Unterziel-Code → Ziele der Strategie mit eigener Zuordnung "
        "(nie mit den Maßnahmen zusammengezählt)"
    )


class UnterzielDetail(Model):
    notice: str
    target: str = Field(description="Code des Unterziels, z. B. 13.2")
    title_un: str = Field(description="der offizielle englische Text der UN (UN SDG KOS)")
    sdg: str
    name: str = Field(description="unser deutscher Arbeitstitel des Ziels")
    kernaktivitaeten: list[str] = Field(description="Kernaktivitäten mit eigener Zuordnung zu diesem Unterziel")
    goal_level: list[str] = Field(description="Kontext: mit dem Ziel selbst verknüpft, nicht unterzielgenau")
    via_theme_only: list[str] = Field(description="Kontext: nur über ein Querschnittsthema, nicht gezählt")
    measures: str = Field(description="was die Listen oben zählen: die Maßnahmen der Strategie in ihren Worten")
    ziele: list[str] = Field(description="eigene Ansicht: Ziele der Strategie mit eigener Zuordnung zum Unterziel")


class SdgKopf(Model):
    iri: str
    code: str
    name: str


class Zelle(Model):
    sdg: str
    direct: list[str]
    via_theme_only: list[str]


class Zeile(Model):
    iri: str
    name: str
    cells: list[Zelle]


class Abdeckung(Model):
    notice: str
    filters: str
    dimension: str
    row_title: str = Field(description="Was eine Zeile ist, in den Worten der Strategie (z. B. Kompetenz, Themenfeld)")
    counted: str = Field(
        description="Was eine Zelle zählt: die Maßnahmen der Strategie in ihren Worten (z. B. Kernaktivitäten) oder, "
        "bei nach=ziele, Ziele; beides wird nie zusammengezählt"
    )
    goals: list[SdgKopf]
    rows: list[Zeile]


class OhneSdg(Model):
    iri: str
    name: str
    no_clear_sdg_link: str | None = Field(description="Begründung, wenn als „kein klarer SDG-Bezug“ markiert")


class Luecken(Model):
    notice: str
    goals_without: list[str]
    targets_without: list[str]
    kernaktivitaeten_without: list[OhneSdg] = Field(description="die Maßnahmen (Kernaktivitäten) ohne eigenen Bezug")
    themes_without: list[str]
    measure: str = Field(description="eine Maßnahme in den Worten der Strategie, z. B. Kernaktivität")
    measures: str = Field(description="die Mehrzahl, z. B. Kernaktivitäten")


class WegBeleg(Model):
    iri: str
    from_: str = Field(alias="from")
    to: str
    rationale: str
    strength: str
    basis: str
    review: str
    asserted_by: str
    date: str | None


class Weg(Model):
    goal: str
    target: str | None
    via_theme: str | None
    links: list[WegBeleg]


class Warum(Model):
    notice: str
    kernaktivitaet: str
    sdg: str
    paths: list[Weg]


class Treffer(Model):
    iri: str
    name: str
    classes: list[str]  # local names of the classes (Kernaktivitaet, Goal)
    kinds: list[str]  # the same in German, as the ontology labels them (Kernaktivität, SDG-Ziel)


class Suche(Model):
    text: str
    count: int
    results: list[Treffer]


class Stadt(Model):
    slug: str = Field(description="Kurzname; ?stadt=<slug> wählt die Strategie in jeder Sicht")
    strategy: str = Field(description="IRI der Strategie")
    name: str
    publisher: str | None = Field(description="Name des Herausgebers, wenn angegeben")
    kernaktivitaeten: int = Field(description="Zahl der Maßnahmen (etwa Kernaktivitäten)")
    measures: str = Field(description="das Wort der Strategie für ihre Maßnahmen, z. B. Kernaktivitäten")


class VergleichStadt(Model):
    stadt: str
    kernaktivitaeten: int = Field(description="Kernaktivitäten mit eigener Zuordnung zum Ziel oder einem Unterziel")
    links: int = Field(description="solche Zuordnungen (abgelehnte zählen nicht)")
    confirmed: int = Field(description="davon bestätigt")
    confirmed_share: float | None = Field(description="Anteil bestätigter Zuordnungen (0–1); ohne Zuordnung null")


class VergleichSdg(Model):
    iri: str
    code: str
    name: str = Field(description="unser deutscher Arbeitstitel (kein Titel der UN)")
    staedte: list[VergleichStadt]


class Vergleich(Model):
    notice: str
    staedte: list[Stadt]
    sdgs: list[VergleichSdg]
