"""The dataset written as files: CSV (cells a spreadsheet would run as a formula are
neutralised, as the pages' CSV downloads do: councils.exports.csv_cell) and XLSX (every
text cell written as text, so nothing is ever a formula; with the columns' definitions
and the sources and licences on sheets of their own)."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from councils.exports import csv_cell
from opendata.dataset import SOURCES, Column

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(names: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([csv_cell(name) for name in names])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def _cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it begins with "=": never a formula
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _sheet(workbook: Workbook, title: str, heading: Sequence[str], rows: Iterable[Sequence]):
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, name, bold=True) for name in heading])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    return sheet


def xlsx_bytes(
    names: Sequence[str], rows: Iterable[Sequence], *, columns: Sequence[Column], about: list
) -> bytes:
    """Sheets: "Data" (a row per council and year), "Columns" (what each column means, its
    source and licence) and "About" (`about`: (heading, text) pairs)."""
    workbook = Workbook(write_only=True)
    _sheet(workbook, "Data", names, rows)
    _sheet(
        workbook,
        "Columns",
        ["column", "title", "meaning", "unit", "source", "licence"],
        (
            [c.name, c.title, c.meaning, c.unit, c.source_info.name, c.source_info.licence]
            for c in columns
        ),
    )
    _sheet(
        workbook,
        "About",
        ["", ""],
        [
            *about,
            *(
                [source.name, f"{source.licence} {source.licence_url} {source.credit}".strip()]
                for source in SOURCES.values()
            ),
        ],
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
