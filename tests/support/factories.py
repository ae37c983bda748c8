"""Small builders for test data: a fictional Borsetshire and its neighbours."""

import hashlib
import itertools
from datetime import date

from django.core.files.base import ContentFile

from councils.models import AuthorityType, Council, CouncilName
from letters.models import AnnualLetter

_sequence = itertools.count(1)


def make_council(**overrides) -> Council:
    n = next(_sequence)
    fields = {
        "official_name": f"Borsetshire District Council {n}"
        if n > 1
        else "Borsetshire District Council",
        "short_name": f"Borsetshire {n}",
        "slug": f"borsetshire-{n}",
        "register_code": f"BX{n}",
        "authority_type": AuthorityType.DISTRICT,
        "region": "West Midlands",
        "population": 120_000,
        "population_year": 2020,
    }
    fields.update(overrides)
    council = Council(**fields)
    council.full_clean()
    council.save()
    CouncilName.objects.create(council=council, name=council.official_name)
    return council


def make_district_councils(places: list[str]) -> list[Council]:
    """A district council for each place ("Ambridge" -> Ambridge District Council, slug
    "ambridge"): fictional councils letters can be written to and matched against."""
    return [
        make_council(
            official_name=f"{place} District Council",
            short_name=place,
            slug=place.lower().replace(" ", "-"),
        )
        for place in places
    ]


def make_letter(council: Council, *, year_end: int = 2024, **overrides) -> AnnualLetter:
    content = overrides.pop("content", f"letter {next(_sequence)}".encode())
    fields = {
        "council": council,
        "council_name_as_printed": council.official_name,
        "period_start": date(year_end - 1, 4, 1),
        "period_end": date(year_end, 3, 31),
        "letter_date": date(year_end, 7, 17),
        "upheld_percent": 70,
        "upheld_average_percent": 85,
        "upheld_count": 21,
        "investigations": 30,
        "compliance_percent": 100,
        "compliance_outcomes": 18,
        "remedy_percent": 10,
        "remedies": 2,
        "remedy_basis": 21,
        "sha256": hashlib.sha256(content).hexdigest(),
        "parser_version": "test",
    }
    fields.update(overrides)
    letter = AnnualLetter(**fields)
    letter.original.save("letter.txt", ContentFile(content), save=False)
    letter.save()
    return letter


def make_user(username: str, *, group: str | None = None, councils=(), password="correct horse"):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username=username, password=password)
    if group and not Group.objects.filter(name=group).exists():
        # transaction=True tests flush the tables the data migration filled: fill them again.
        import importlib

        from django.apps import apps

        importlib.import_module("letters.migrations.0003_user_groups").create_groups(apps, None)
    if group:
        user.groups.add(Group.objects.get(name=group))
        user.is_staff = group == "Data admins"
        user.save(update_fields=["is_staff"])
    for council in councils:
        council.officers.add(user)
    return user


def make_report(council: Council, *, report_year: str = "2019-20", **overrides):
    from reports.models import CouncilReport

    start = int(report_year[:4])
    content = overrides.pop("content", f"report {next(_sequence)}".encode())
    fields = {
        "council": council,
        "report_year": report_year,
        "period_start": date(start - 2, 4, 1),
        "period_end": date(start + 1, 3, 31),
        "parsed": {},
        "sha256": hashlib.sha256(content).hexdigest(),
        "parser_version": "test",
    }
    fields.update(overrides)
    report = CouncilReport(**fields)
    report.original.save("report.txt", ContentFile(content), save=False)
    report.save()
    return report
