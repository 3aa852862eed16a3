"""How far an indicator has come: Eurostat's method for the EU SDG monitoring report, for a city's indicators.

With a quantified target, the observed compound annual growth rate (CAGR) over the assessment window is set beside
the rate the target requires from the window's first value; their ratio decides the category (≥ 95 % deutlicher
Fortschritt, ≥ 60 % mäßiger, ≥ 0 % unzureichender Fortschritt, < 0 Entfernung vom Ziel). Without a target, the
observed rate in the desired direction decides (≥ 1 % a year deutlicher Fortschritt, > 0 mäßiger, > −1 % mäßige
Entfernung, else deutliche Entfernung). Where a value is 0 or negative a growth rate is not defined; with a target
the annual changes are compared instead (linear), without one there is no assessment. docs/fortschritt.md gives
the reasons and the thresholds' source; tests/test_fortschritt.py has a case computed by hand for each category.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from statistics import median_high

__all__ = [
    "MIN_SPAN",
    "MIN_VALUES",
    "WINDOW",
    "Assessment",
    "Category",
    "GoalSummary",
    "Indicator",
    "Value",
    "assess",
    "number",
    "summarise",
]

WINDOW = 5  # years: Eurostat's short-term assessment looks at the last five years
MIN_VALUES = 3  # values in the window, at least …
MIN_SPAN = 3  # … spanning this many years: fewer say too little about a trend


class Category(Enum):
    """An assessment in words and a symbol (never colour only), with its level for a goal's summary (1 best)."""

    ERREICHT = ("Ziel erreicht", "✓", 1)
    DEUTLICH = ("deutlicher Fortschritt", "↑", 1)
    MAESSIG = ("mäßiger Fortschritt", "↗", 2)
    UNZUREICHEND = ("unzureichender Fortschritt", "→", 3)
    MAESSIGE_ENTFERNUNG = ("mäßige Entfernung vom Ziel", "↘", 3)
    ENTFERNUNG = ("Entfernung vom Ziel", "↓", 4)
    VERFEHLT = ("Ziel verfehlt (Zieljahr vorbei)", "✗", 4)
    KEINE = ("keine Bewertung", "–", 0)

    def __init__(self, words: str, symbol: str, level: int) -> None:
        self.words, self.symbol, self.level = words, symbol, level


LEVELS = {1: "auf Kurs", 2: "mäßig", 3: "unzureichend", 4: "in falscher Richtung"}


@dataclass(frozen=True)
class Value:
    year: int
    value: float
    provisional: bool = False


@dataclass(frozen=True)
class Indicator:
    """What the method needs of an indicator: the direction, and the target where there is one."""

    higher_is_better: bool
    target: float | None = None
    target_year: int | None = None
    target_kind: str = "erreichen"  # erreichen, mindestens, hoechstens (the notations of strat:ZielartSchema)
    baseline: float | None = None
    baseline_year: int | None = None


@dataclass(frozen=True)
class Assessment:
    category: Category
    reason: str  # the numbers behind it, in German („benötigt +3,1 % pro Jahr, erreicht +1,2 %“)
    start: Value | None = None  # the window's first and last value
    end: Value | None = None
    observed: float | None = None  # rate per year: a share (0.012 = 1,2 %) or, linear, a change in the unit
    required: float | None = None
    linear: bool = False

    @property
    def ratio(self) -> float | None:
        if self.observed is None or not self.required:
            return None
        return self.observed / self.required


def _percent(rate: float) -> str:
    return f"{rate * 100:+.1f} %".replace(".", ",").replace("-", "−")


def number(value: float, sign: bool = False) -> str:
    """A number as German text: decimal comma, thousands with a dot, at most two decimals, a real minus sign
    (``sign``: always a sign)."""
    text = f"{value:+,.2f}" if sign else f"{value:,.2f}"
    text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".").replace("-", "−")


def _change(rate: float) -> str:
    return number(rate, sign=True)


def _cagr(start: Value, end: Value) -> float:
    return float((end.value / start.value) ** (1 / (end.year - start.year)) - 1)


def window(values: list[Value]) -> list[Value]:
    """The values of the last ``WINDOW`` years up to the latest, one per year, oldest first."""
    if not values:
        return []
    latest = max(v.year for v in values)
    return sorted((v for v in values if v.year >= latest - WINDOW), key=lambda v: v.year)


def _reached(indicator: Indicator, value: float, reference: float) -> bool:
    target = indicator.target
    assert target is not None
    if indicator.target_kind == "mindestens":
        return value >= target
    if indicator.target_kind == "hoechstens":
        return value <= target
    # erreichen: arrived at the target coming from the reference (the baseline, else the first value)
    if target == reference:
        return value == target
    return (value - target) * (1 if target > reference else -1) >= 0


def assess(indicator: Indicator, values: list[Value]) -> Assessment:
    """The category of one indicator with the numbers behind it; ``KEINE`` when the values say too little."""
    shown = window(values)
    if len(shown) < MIN_VALUES or shown[-1].year - shown[0].year < MIN_SPAN:
        span = f" über {shown[-1].year - shown[0].year} Jahre ({shown[0].year}–{shown[-1].year})" if shown else ""
        return Assessment(
            Category.KEINE,
            f"zu wenige Werte: {len(shown)}{span} in den letzten {WINDOW} Jahren; nötig sind mindestens "
            f"{MIN_VALUES} Werte über mindestens {MIN_SPAN} Jahre",
        )
    start, end = shown[0], shown[-1]
    years = end.year - start.year
    if indicator.target is not None and indicator.target_year is not None:
        return _with_target(indicator, start, end, years)
    direction = 1 if indicator.higher_is_better else -1
    if start.value <= 0 or end.value <= 0:
        return Assessment(
            Category.KEINE, "ohne Zielwert und mit Werten ≤ 0 ist keine Wachstumsrate bestimmt", start, end
        )
    observed = _cagr(start, end)
    toward = observed * direction
    if toward >= 0.01:
        category = Category.DEUTLICH
    elif toward > 0:
        category = Category.MAESSIG
    elif toward > -0.01:
        category = Category.MAESSIGE_ENTFERNUNG
    else:
        category = Category.ENTFERNUNG
    better = "steigend" if indicator.higher_is_better else "sinkend"
    reason = f"ohne Zielwert: {_percent(observed)} pro Jahr {start.year}–{end.year} (besser ist {better})"
    return Assessment(category, reason, start, end, observed)


def _with_target(indicator: Indicator, start: Value, end: Value, years: int) -> Assessment:
    target, target_year = indicator.target, indicator.target_year
    assert target is not None and target_year is not None
    reference = indicator.baseline if indicator.baseline is not None else start.value
    if _reached(indicator, end.value, reference):
        return Assessment(Category.ERREICHT, f"Zielwert {number(target)} im Jahr {end.year} erreicht", start, end)
    if end.year >= target_year:
        return Assessment(
            Category.VERFEHLT, f"Zieljahr {target_year} vorbei, Zielwert {number(target)} nicht erreicht", start, end
        )
    linear = start.value <= 0 or end.value <= 0 or target <= 0
    remaining = target_year - start.year
    if linear:
        observed = (end.value - start.value) / years
        required = (target - start.value) / remaining
        numbers = f"benötigt {_change(required)} pro Jahr, erreicht {_change(observed)} (jährliche Änderung)"
    else:
        observed = _cagr(start, end)
        required = float((target / start.value) ** (1 / remaining) - 1)
        numbers = f"benötigt {_percent(required)} pro Jahr, erreicht {_percent(observed)}"
    if required == 0:  # the window began on the target and has left it since
        category = Category.ENTFERNUNG
    else:
        ratio = observed / required
        if ratio >= 0.95:
            category = Category.DEUTLICH
        elif ratio >= 0.6:
            category = Category.MAESSIG
        elif ratio >= 0:
            category = Category.UNZUREICHEND
        else:
            category = Category.ENTFERNUNG
    reason = f"{numbers} ({start.year}–{end.year}, Ziel {number(target)} bis {target_year})"
    return Assessment(category, reason, start, end, observed, required, linear)


@dataclass(frozen=True)
class GoalSummary:
    """A goal's progress from its indicators: the median of their levels (of two in the middle, the worse), and
    how many were assessed."""

    level: int | None  # 1 auf Kurs … 4 in falscher Richtung; None: no indicator assessed
    assessed: int
    total: int
    counts: dict[Category, int]

    @property
    def words(self) -> str:
        return LEVELS[self.level] if self.level is not None else "keine Bewertung"

    @property
    def reason(self) -> str:
        if self.level is None:
            return "kein Indikator bewertbar" + (f", {self.total} ohne Bewertung" if self.total else "")
        parts = ", ".join(f"{n} × {c.words}" for c, n in self.counts.items() if n)
        return (
            f"{self.assessed} von {self.total} {'Indikator' if self.total == 1 else 'Indikatoren'} bewertet ({parts}); "
            "zusammengefasst: Median der Stufen, "
            "bei zwei mittleren die schlechtere"
        )


def summarise(assessments: list[Assessment]) -> GoalSummary:
    counts = {c: sum(1 for a in assessments if a.category is c) for c in Category}
    levels = [a.category.level for a in assessments if a.category is not Category.KEINE]
    return GoalSummary(median_high(levels) if levels else None, len(levels), len(assessments), counts)
