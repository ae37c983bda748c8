"""Letters in the Ombudsman's wordings for fictional councils; pure Python, so bench/
scripts can generate thousands of them too."""


def letter_text(
    council_name: str,
    *,
    year_end: int = 2024,
    upheld: int = 21,
    investigations: int = 30,
    average_percent: int = 85,
    compliance_percent: int = 100,
    outcomes: int = 18,
    remedies: int = 2,
    per_100k: float = 3.1,
    note: str = "",
) -> str:
    """A short annual review letter in the 2022-2024 wording, for a fictional council."""
    percent = round(100 * upheld / investigations) if investigations else 0
    remedy_percent = round(100 * remedies / upheld) if upheld else 0
    period = f"1 April {year_end - 1} to 31 March {year_end}"
    return f"""
{year_end}-07-17

By email

Chief Executive
{council_name}

Dear Chief Executive

Annual Review letter {year_end - 1}-{str(year_end)[2:]}

I write with your annual summary of complaint statistics from the Local Government and
Social Care Ombudsman for the year ending 31 March {year_end}. {note}

Yours sincerely,

Ombudsman

Complaints upheld

{percent}% of complaints we investigated were upheld.

This compares to an average of {average_percent}% in similar organisations.

{upheld}
upheld decisions

This is {per_100k} upheld decisions per 100,000 residents.

The average for authorities of this type is 4.5 upheld decisions per 100,000 residents.

Statistics are based on a total of {investigations} investigations for the period between {period}

Compliance with Ombudsman recommendations

In {compliance_percent}% of cases we were satisfied the organisation had successfully implemented our recommendations.

This compares to an average of 99% in similar organisations.

Statistics are based on a total of {outcomes} compliance outcomes for the period between {period}

Satisfactory remedy provided by the organisation

In {remedy_percent}% of upheld cases we found the organisation had provided a satisfactory remedy before the complaint reached the Ombudsman.

This compares to an average of 7% in similar organisations.

{remedies}
satisfactory remedy decisions

Statistics are based on a total of {upheld} upheld decisions for the period between {period}
"""
