"""The briefing's plain-English summary: each sentence made by a function from the figures it
states, so it cannot say what the figures do not. A sentence whose figures are missing is
not written at all.

Percentages are written as whole numbers and rates per 100,000 to one decimal place, and
"above", "below" and "the same as" compare the figures as written (ROUNDING says so on the
page): a council at 84.6% is written 85% and is "the same as" an 85% average, never "below"
it."""

from dataclasses import dataclass

ROUNDING = (
    "Percentages are rounded to whole numbers and rates per 100,000 residents to one decimal "
    "place; above, below and the same as compare the rounded figures."
)


def whole(value: float) -> int:
    """A percentage as the summary writes it (as the pages write a council's: 84.6 -> 85)."""
    return int(f"{value:.0f}")


def tenths(value: float) -> float:
    return float(f"{value:.1f}")


def compared(value, average) -> str:
    """ "above", "below" or "the same as": ``value`` against ``average``, both as written."""
    if value > average:
        return "above"
    if value < average:
        return "below"
    return "the same as"


def type_noun(type_label: str) -> str:
    """'County Council' -> 'county council'; 'London Borough' -> 'London borough'."""
    words = type_label.lower().split()
    return " ".join("London" if word == "london" else word for word in words)


def type_plural(type_label: str) -> str:
    """'County Council' -> 'county councils'; 'London Borough' -> 'London boroughs'."""
    return type_noun(type_label) + "s"


@dataclass(frozen=True)
class Average:
    """The average a sentence compares with: the one the letter states, or, where it states
    none, the one computed here (pooled) with the number of letters it is computed from."""

    value: float
    letters: int | None = None  # None: stated by the letter

    def clause(self, written: str, type_label: str) -> str:
        if self.letters is None:
            return f"the {written} average for {type_plural(type_label)}"
        return (
            f"the {written} average computed here from {self.letters} letter"
            f"{'' if self.letters == 1 else 's'} to {type_plural(type_label)}"
        )


def _against(written, average: Average | None, type_label: str) -> str:
    """ ", below the 85% average for county councils": ``written`` (a whole percentage, an
    int; or a rate per 100,000 to one place, a float) against the average written alike."""
    if average is None:
        return ""
    if isinstance(written, int):
        other = whole(average.value)
        shown = f"{other}%"
    else:
        other = tenths(average.value)
        shown = f"{other:.1f}"
    return f", {compared(written, other)} {average.clause(shown, type_label)}"


def uphold_sentence(
    *,
    period: str,
    council_name: str,
    percent: float | None,
    upheld: int | None,
    investigated: int | None,
    average: Average | None,
    type_label: str,
) -> str | None:
    """ "In 2023-24 the Ombudsman upheld 70% of the 30 complaints it investigated about
    Borsetshire District Council, below the 85% average for district councils." """
    if investigated == 0:
        return f"In {period} the Ombudsman investigated no complaints about {council_name}."
    if percent is None:
        return None
    rate = whole(percent)
    counted = f"{rate}% of the {investigated:,}" if investigated else f"{rate}% of the"
    upheld_note = f" ({upheld:,} upheld)" if upheld is not None and investigated else ""
    comparison = _against(rate, average, type_label)
    return (
        f"In {period} the Ombudsman upheld {counted} complaints it investigated about "
        f"{council_name}{upheld_note}{comparison}."
    )


def compliance_sentence(
    *,
    period: str,
    percent: float | None,
    outcomes: int | None,
    average: Average | None,
    type_label: str,
) -> str | None:
    """ "The council complied with the Ombudsman's recommendations in 100% of the 18 cases
    checked in 2023-24, the same as the 100% average for district councils." """
    if percent is None or outcomes == 0:
        return None
    rate = whole(percent)
    cases = f"{outcomes:,} cases" if outcomes else "cases"
    comparison = _against(rate, average, type_label)
    return (
        f"The council complied with the Ombudsman's recommendations in {rate}% of the "
        f"{cases} checked in {period}{comparison}."
    )


def remedy_sentence(
    *,
    period: str,
    percent: float | None,
    remedies: int | None,
    basis: int | None,
    average: Average | None,
    type_label: str,
) -> str | None:
    """ "In 2023-24 the council had put things right before the complaint reached the
    Ombudsman in 10% of upheld cases (2 of 21), below the 13% average for district
    councils." """
    if percent is None or basis == 0:
        return None
    rate = whole(percent)
    counts = f" ({remedies:,} of {basis:,})" if remedies is not None and basis else ""
    comparison = _against(rate, average, type_label)
    return (
        f"In {period} the council had put things right before the complaint reached the "
        f"Ombudsman in {rate}% of upheld cases{counts}{comparison}."
    )


def per_100k_sentence(
    *, period: str, rate: float | None, average: Average | None, type_label: str
) -> str | None:
    """ "That is 17.5 upheld complaints per 100,000 residents in 2023-24, above the 12.3
    average for district councils." """
    if rate is None:
        return None
    written = tenths(rate)
    comparison = _against(written, average, type_label)
    return (
        f"The Ombudsman upheld {written:.1f} complaints per 100,000 residents in {period}"
        f"{comparison}."
    )


def change_sentence(
    *,
    percent: float | None,
    previous_percent: float | None,
    previous_period: str,
    previous_upheld: int | None,
    previous_investigated: int | None,
    method_changed: bool,
) -> str | None:
    """ "The share upheld rose from 33% (2 of 6) in 2022-23." against the year before;
    ``method_changed`` when the Ombudsman's change of method lies between the two."""
    if percent is None or previous_percent is None:
        return None
    rate, before = whole(percent), whole(previous_percent)
    counts = (
        f" ({previous_upheld:,} of {previous_investigated:,})"
        if previous_upheld is not None and previous_investigated
        else ""
    )
    if rate > before:
        sentence = f"The share upheld rose from {before}%{counts} in {previous_period}"
    elif rate < before:
        sentence = f"The share upheld fell from {before}%{counts} in {previous_period}"
    else:
        sentence = f"The share upheld was the same in {previous_period}: {before}%{counts}"
    if method_changed:
        sentence += ", though the Ombudsman changed its method in between"
    return sentence + "."


def pooled_sentence(
    *,
    period: str,
    upheld: int | None,
    investigated: int | None,
    type_percent: float | None,
    type_letters: int,
    type_label: str,
) -> str | None:
    """ "Over 2021-22 to 2023-24 together the Ombudsman upheld 60% of the 20 complaints it
    investigated about the council (12 upheld), above the 55% pooled average for district
    councils over the same years (42 letters)." """
    if not investigated or upheld is None:
        return None
    rate = whole(upheld * 100.0 / investigated)
    sentence = (
        f"Over {period} together the Ombudsman upheld {rate}% of the {investigated:,} "
        f"complaints it investigated about the council ({upheld:,} upheld)"
    )
    if type_percent is None:
        return sentence + "."
    average = whole(type_percent)
    return (
        f"{sentence}, {compared(rate, average)} the {average}% pooled average for "
        f"{type_plural(type_label)} over the same years ({type_letters:,} letter"
        f"{'' if type_letters == 1 else 's'})."
    )


def small_sentence(*, period: str, investigated: int | None, small_base: int) -> str | None:
    """ "With only 4 complaints investigated in 2023-24, one complaint more or less moves the
    share upheld by 25 points: the three years together are steadier." """
    if not investigated or investigated >= small_base:
        return None
    swing = whole(100.0 / investigated)
    return (
        f"With only {investigated} complaint{'' if investigated == 1 else 's'} investigated in "
        f"{period}, one complaint more or less moves the share upheld by {swing} points: "
        "the three years together are steadier."
    )


def method_change_sentence(*, period: str, crosses: bool, change_year: str) -> str | None:
    if not crosses:
        return None
    return (
        f"The years {period} span the Ombudsman's change of method in {change_year}, so the "
        "years before and after it are not strictly comparable."
    )


def corrections_sentence(*, count: int) -> str | None:
    if not count:
        return None
    figures = "figure has" if count == 1 else "figures have"
    return (
        f"{count} {figures} been corrected by hand since the documents were read; "
        "each is listed under Corrections with its reason."
    )
