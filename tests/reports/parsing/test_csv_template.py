"""The CSV template: one row per service and year, the same checks as a printed report."""

from __future__ import annotations

import pytest

from reports.parsing import (
    CSV_COLUMNS,
    ReportParseError,
    parse_council_report,
    parse_report_csv,
    report_to_csv,
)
from reports.parsing import errors as E
from tests.support.paths import PROJECT_ROOT, SEED_REPORT, require_shared

TEMPLATE = PROJECT_ROOT / "reports" / "static" / "templates" / "council-report-template.csv"
REPORT = SEED_REPORT
HEADER = ",".join(CSV_COLUMNS)


def _key(row):
    d = row.to_dict()
    return {k: d[k] for k in d if k not in ("source", "table_label", "kind")}


def test_template_file_has_the_columns_and_no_rows():
    text = TEMPLATE.read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER
    with pytest.raises(ReportParseError) as err:
        parse_report_csv(text.encode("utf-8"), TEMPLATE.name)
    assert err.value.message == E.CSV_NO_ROWS


def test_example_row_of_the_template_reads_when_uncommented():
    text = TEMPLATE.read_text(encoding="utf-8").replace("# example (delete this line): ", "")
    report = parse_report_csv(text.encode("utf-8"), "figures.csv")
    (row,) = report.services
    assert (row.service, row.year, row.ombudsman_service_area) == (
        "Revenues & Benefits",
        "2019-20",
        "Benefits and Tax",
    )
    assert row.figures() == (31, 4, 0, 100, 2, 18)
    assert row.printed_as_dash == ["independent_investigator"]
    assert report.council == "Cambridge City Council"


def test_seed_report_round_trips_through_the_template():
    report = parse_council_report(require_shared(REPORT).read_bytes(), "report.txt")
    text = report_to_csv(report)
    again = parse_council_report(text.encode("utf-8"), "figures.csv")
    assert again.source == "csv"
    assert again.council == report.council
    assert [_key(s) for s in again.services] == [_key(s) for s in report.services]
    assert report_to_csv(again) == text
    assert again.warnings == []  # the -8 cell was already left blank


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def _refused(data: bytes) -> ReportParseError:
    with pytest.raises(ReportParseError) as err:
        parse_report_csv(data, "figures.csv")
    return err.value


def test_unknown_and_missing_columns():
    err = _refused(_csv("X,2019-20,Waste,3,4", header="council,year,service,complaints,colour"))
    assert err.message == E.CSV_UNKNOWN_COLUMNS.format(columns="colour")
    err = _refused(_csv("X,Waste,3", header="council,service,complaints"))
    assert err.message == E.CSV_MISSING_COLUMNS.format(columns="year")
    assert _refused(b"a,b,c\n1,2,3\n").code == "csv_no_header"


def test_non_numeric_cells_are_refused_with_row_numbers():
    err = _refused(
        _csv(
            "X Council,2019-20,Waste,,398,16,-,82%,9,13",
            "X Council,2019-20,Housing,,lots,14,2,95,11,12",
            "X Council,2019-20,Planning,,5,1,0,41,2,1.5",
        )
    )
    assert err.code == "csv_bad_rows"
    assert 'row 3, complaints: "lots" is not a number' in err.message
    assert 'row 4, compliments: "1.5" is not a whole number' in err.message


def test_negative_numbers_and_percentages_over_100_are_warnings():
    report = parse_report_csv(
        _csv(
            "X Council,2017-18,Commercial Services,,38,2,-,71,2,-8",
            "X Council,2018-19,Commercial Services,,66,7,-,120,4,4",
        ),
        "figures.csv",
    )
    first, second = report.services
    assert first.compliments is None and second.in_target_percent is None
    assert any(
        "Row 2 (Commercial Services, 2017-18): compliments is -8" in w for w in report.warnings
    )
    assert any("Row 3" in w and "over 100%" in w for w in report.warnings)


def test_duplicate_service_and_year_is_refused():
    err = _refused(_csv("X,2019-20,Waste,,398,16,-,82,9,13", "X,2019/20,waste,,390,16,-,82,9,13"))
    assert err.code == "csv_duplicate_rows"
    assert "Waste 2019-20 (rows 2 and 3)" in err.message


def test_other_refusals():
    assert _refused(_csv("X,2019,Waste,,3,,,,,")).message.startswith(
        'The CSV file has cells that cannot be read: row 2: year "2019"'
    )
    err = _refused(_csv("X,2019-20,Waste,Bins,3,,,,,"))
    assert "ombudsman_service_area" in err.message
    err = _refused(_csv("A Council,2019-20,Waste,,3,,,,,", "B Council,2019-20,Waste,,3,,,,,"))
    assert err.message == E.CSV_MANY_COUNCILS.format(councils="A Council, B Council")
    assert _refused("Year,Service\n".encode("utf-16")).code in (
        "csv_not_text",
        "csv_missing_columns",
    )
