"""Reading mySociety's register of UK councils (uk_local_authorities.csv) and loading
the English ones into Council, as an idempotent upsert."""

import csv
import io
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from councils.models import AuthorityType, Council, CouncilName

REGISTER_TYPES = {
    "CTY": AuthorityType.COUNTY,
    "NMD": AuthorityType.DISTRICT,
    "MD": AuthorityType.METROPOLITAN,
    "UA": AuthorityType.UNITARY,
    "LBO": AuthorityType.LONDON,
    "CC": AuthorityType.LONDON,  # The City of London is compared with London boroughs.
}
POPULATION_YEAR = 2020
NAMES_FILENAME = "lookup_name_to_registry.csv"
REQUIRED_COLUMNS = {
    "local-authority-code",
    "official-name",
    "nice-name",
    "gss-code",
    "start-date",
    "end-date",
    "replaced-by",
    "nation",
    "region",
    "local-authority-type",
    "alt-names",
    "pop-2020",
}

REGISTER_UNREACHABLE = (
    "Could not download the council register from {url} ({reason}). Nothing was changed "
    "and the site works as before. Run again when online, or pass a downloaded copy with "
    "--file path/to/uk_local_authorities.csv."
)
REGISTER_MISSING_COLUMNS = (
    "This file is not mySociety's council register: it lacks the columns {columns}."
)


class RegisterUnavailable(Exception):
    """The register could not be read; the message is for the person running the import."""


@dataclass
class RegisterImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    names_added: int = 0
    successor_links_changed: int = 0
    by_type: Counter = field(default_factory=Counter)
    abolished: int = 0
    dry_run: bool = False

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.created or self.updated or self.names_added or self.successor_links_changed
        )


def read_csv_text(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return list(reader)


def read_register_file(path: Path) -> list[dict[str, str]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RegisterUnavailable(f"Could not read {path}: {exc.strerror or exc}.") from exc
    return read_csv_text(text)


def fetch_register(url: str, *, timeout: float = 20) -> list[dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            text = response.read().decode("utf-8-sig")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise RegisterUnavailable(REGISTER_UNREACHABLE.format(url=url, reason=reason)) from exc
    return read_csv_text(text)


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _population(value: str) -> int | None:
    return int(float(value)) if value else None


def _split_names(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def council_fields(row: dict[str, str]) -> dict:
    population = _population(row["pop-2020"])
    return {
        "official_name": row["official-name"].strip(),
        "short_name": row["nice-name"].strip() or row["official-name"].strip(),
        "gss_code": row["gss-code"].strip() or None,
        "authority_type": REGISTER_TYPES[row["local-authority-type"]],
        "region": row["region"].strip(),
        "population": population,
        "population_year": POPULATION_YEAR if population is not None else None,
        "start_date": _date(row["start-date"]),
        "end_date": _date(row["end-date"]),
    }


def english_council_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    if rows:
        missing = REQUIRED_COLUMNS - set(rows[0])
        if missing:
            raise RegisterUnavailable(
                REGISTER_MISSING_COLUMNS.format(columns=", ".join(sorted(missing)))
            )
    english = [
        row
        for row in rows
        if row["nation"] == "England" and row["local-authority-type"] in REGISTER_TYPES
    ]
    # Councils that exist today claim the plain slugs; abolished namesakes get a suffix.
    return sorted(english, key=lambda r: (bool(r["end-date"]), r["local-authority-code"]))


def _unique_slug(base: str, code: str, taken: set[str]) -> str:
    slug = slugify(base) or code.lower()
    if slug in taken:
        slug = f"{slug}-{code.lower()}"
    return slug


@transaction.atomic
def register_import(
    *,
    rows: list[dict[str, str]],
    extra_names: list[dict[str, str]] | None = None,
    dry_run: bool = False,
) -> RegisterImportResult:
    """Create or update every English council in `rows` (the register's CSV rows), with
    its other names and successors. Running it again with the same rows changes nothing."""
    result = RegisterImportResult(dry_run=dry_run)
    english = english_council_rows(rows)
    existing = {c.register_code: c for c in Council.objects.all()}
    taken_slugs = {c.slug for c in existing.values()}
    councils: dict[str, Council] = {}

    for row in english:
        code = row["local-authority-code"].strip()
        wanted = council_fields(row)
        council = existing.get(code)
        if council is None:
            council = Council(register_code=code, **wanted)
            council.slug = _unique_slug(wanted["short_name"], code, taken_slugs)
            taken_slugs.add(council.slug)
            council.full_clean()
            council.save()
            result.created.append(council.official_name)
        else:
            changed = {k: v for k, v in wanted.items() if getattr(council, k) != v}
            if changed:
                for key, value in changed.items():
                    setattr(council, key, value)
                council.full_clean()
                council.save(update_fields=list(changed))
                result.updated.append(f"{council.official_name} ({', '.join(sorted(changed))})")
            else:
                result.unchanged += 1
        councils[code] = council
        result.by_type[council.authority_type] += 1
        if council.end_date and council.end_date <= date.today():
            result.abolished += 1

    result.names_added = _add_names(english, extra_names or [], councils)
    result.successor_links_changed = _link_successors(english, councils)
    if dry_run:
        transaction.set_rollback(True)
    return result


def _add_names(
    english: list[dict[str, str]], extra_names: list[dict[str, str]], councils: dict[str, Council]
) -> int:
    wanted: dict[str, list[str]] = {code: [] for code in councils}
    for row in english:
        code = row["local-authority-code"].strip()
        wanted[code] += [row["official-name"], row["nice-name"], *_split_names(row["alt-names"])]
    for row in extra_names:
        code = (row.get("local-authority-code") or "").strip()
        if code in wanted and (row.get("la-name") or "").strip():
            wanted[code].append(row["la-name"].strip())

    known = set(CouncilName.objects.values_list("council_id", "normalised"))
    new_names = []
    for code, names in wanted.items():
        council = councils[code]
        for name in names:
            candidate = CouncilName(council=council, name=name.strip()).fill_match_keys()
            key = (council.pk, candidate.normalised)
            if candidate.normalised and key not in known:
                known.add(key)
                new_names.append(candidate)
    CouncilName.objects.bulk_create(new_names)
    return len(new_names)


def _link_successors(english: list[dict[str, str]], councils: dict[str, Council]) -> int:
    through = Council.successors.through
    current = set(through.objects.values_list("from_council_id", "to_council_id"))
    wanted = set()
    for row in english:
        source = councils[row["local-authority-code"].strip()]
        for code in _split_names(row["replaced-by"]):
            if code in councils:
                wanted.add((source.pk, councils[code].pk))
    ours = {pk for pk in (c.pk for c in councils.values())}
    stale = {pair for pair in current - wanted if pair[0] in ours}
    added = wanted - current
    if stale:
        for from_id, to_id in stale:
            through.objects.filter(from_council_id=from_id, to_council_id=to_id).delete()
    through.objects.bulk_create(
        [through(from_council_id=from_id, to_council_id=to_id) for from_id, to_id in added]
    )
    return len(stale) + len(added)
