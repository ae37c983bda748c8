"""``python manage.py parse_letter FILE [--json]``: read one Ombudsman annual review letter.

Prints the parsed letter (``--json``: exactly the JSON contract, every key present). A file
that cannot be read as a letter exits with status 2 and one line on stderr, no traceback.
The file is parsed in a sandboxed child process (memory and time limits).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from letters.parsing import LetterParseError, ParsedLetter, parse_letter_sandboxed

REFUSED = 2


class Command(BaseCommand):
    help = "Parse an Ombudsman annual review letter (PDF or text) and print its statistics."
    requires_system_checks: list = []  # a pure file-in, JSON-out tool: no URL/model checks

    def add_arguments(self, parser):
        parser.add_argument("file", help="the letter: a PDF or a .txt extract")
        parser.add_argument(
            "--json", action="store_true", help="print the JSON contract instead of a summary"
        )
        parser.add_argument(
            "--timeout", type=float, default=20.0, help="give up after this many seconds"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._refuse(f"Cannot read {path}: {exc.strerror or exc}")
        try:
            letter = parse_letter_sandboxed(data, path.name, timeout=options["timeout"])
        except LetterParseError as exc:
            self._refuse(f"{path.name}: {exc.message}")
        if options["json"]:
            self.stdout.write(json.dumps(letter.to_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(summary(letter))

    def _refuse(self, message: str) -> None:
        sys.stderr.write(message.replace("\n", " ") + "\n")
        sys.stderr.flush()
        raise SystemExit(REFUSED)


def _pct(value) -> str:
    return "not stated" if value is None else f"{value:g}%"


def _n(value) -> str:
    return "not stated" if value is None else f"{value:g}"


def summary(letter: ParsedLetter) -> str:
    """A readable summary for a person at a terminal."""
    cu, co, sr = letter.complaints_upheld, letter.compliance, letter.satisfactory_remedy
    period = (
        f"{letter.period_start.isoformat()} to {letter.period_end.isoformat()}"
        if letter.period_start and letter.period_end
        else "not stated"
    )
    lines = [
        f"Council:      {letter.council or 'not stated'}",
        f"Period:       {period}",
        f"Letter date:  {letter.letter_date.isoformat() if letter.letter_date else 'not stated'}",
        "",
    ]
    ov = letter.overview
    if any(v is not None for v in vars(ov).values()):
        lines += [
            "Complaint overview",
            f"  dealt with {_n(ov.dealt_with)}; not for us {_n(ov.not_for_us)}; "
            f"assessed and closed {_n(ov.assessed_and_closed)}; "
            f"investigated {_n(ov.investigated)}",
            "",
        ]
    lines += [
        "Complaints upheld",
        f"  {_pct(cu.percent)} upheld (similar authorities: {_pct(cu.average_percent)})",
        f"  {_n(cu.upheld)} upheld of {_n(cu.investigations)} investigations",
    ]
    if cu.per_100k is not None or cu.average_per_100k is not None:
        lines.append(
            f"  {_n(cu.per_100k)} upheld per 100,000 residents (average {_n(cu.average_per_100k)})"
        )
    lines += [
        "Compliance with recommendations",
        f"  {_pct(co.percent)} (similar authorities: {_pct(co.average_percent)}), "
        f"{_n(co.outcomes)} compliance outcomes",
        "Satisfactory remedy by the council",
        f"  {_pct(sr.percent)} (similar authorities: {_pct(sr.average_percent)}), "
        f"{_n(sr.remedies)} of {_n(sr.basis)}",
    ]
    d = letter.decisions
    if any(v is not None for v in vars(d).values()):
        lines += [
            "Decisions made",
            f"  incomplete or invalid {_n(d.incomplete_or_invalid)}; advice given "
            f"{_n(d.advice_given)}; referred back {_n(d.referred_back)}; closed after initial "
            f"enquiries {_n(d.closed_after_initial_enquiries)}",
            f"  not upheld {_n(d.not_upheld)}; upheld {_n(d.upheld)}; uphold rate "
            f"{_pct(d.uphold_rate)}; total {_n(d.total)}",
        ]
    if letter.received_by_service:
        lines.append("Complaints and enquiries received")
        lines += [f"  {name}: {count}" for name, count in letter.received_by_service.items()]
    rem = letter.remedied
    if rem.by_ombudsman is not None or rem.by_authority is not None:
        lines.append(
            f"Remedied: by the Ombudsman {_n(rem.by_ombudsman)}; by the council before the "
            f"Ombudsman's involvement {_n(rem.by_authority)}"
        )
    if letter.warnings:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in letter.warnings]
    return "\n".join(lines)
