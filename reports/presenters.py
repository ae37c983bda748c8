"""What the pages show of a council's report, in the report's order."""


def report_preview_context(preview) -> dict:
    """What the upload preview shows of a council's report: its figures per year and per
    service, in the report's order, with its warnings."""
    parsed = preview.parsed
    years = [y["year"] for y in parsed.get("years", [])]
    services = parsed.get("services", [])
    for row in services:
        if row["year"] not in years:
            years.append(row["year"])
    years.sort(reverse=True)
    return {
        "preview": preview,
        "parsed": parsed,
        # What needs checking, at the top: figures the report gives twice that disagree.
        "checks": [{"text": warning, "href": ""} for warning in parsed.get("warnings", [])],
        "years": parsed.get("years", []),
        "services_by_year": [
            (year, [row for row in services if row["year"] == year]) for year in years
        ],
    }
