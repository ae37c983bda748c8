"""import_councils against mySociety's register in ../shared."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from councils.models import AuthorityType, Council, CouncilName
from councils.register import read_register_file, register_import
from tests.support.paths import REGISTER_CSV

pytestmark = pytest.mark.django_db


def current_counts() -> dict[str, int]:
    today = date.today()
    return {
        value: Council.objects.current(on=today).of_type(value).count()
        for value in AuthorityType.values
    }


def test_england_today_has_the_expected_councils_per_type(register):
    assert current_counts() == {
        AuthorityType.COUNTY: 21,
        AuthorityType.DISTRICT: 164,
        AuthorityType.METROPOLITAN: 36,
        AuthorityType.UNITARY: 63,
        AuthorityType.LONDON: 33,  # 32 boroughs and the City of London
    }
    city = Council.objects.get(register_code="LND")
    assert city.authority_type == AuthorityType.LONDON
    # Scottish, Welsh, Northern Irish councils and combined authorities are not ours.
    assert not Council.objects.filter(official_name="Aberdeenshire Council").exists()
    assert not Council.objects.filter(official_name="Greater London Authority").exists()


def test_abolished_councils_are_kept_with_end_dates_and_successors(register):
    assert Council.objects.abolished().count() == 48
    allerdale = Council.objects.get(official_name="Allerdale Borough Council")
    assert allerdale.end_date == date(2023, 4, 1)
    assert allerdale.is_abolished
    assert [c.official_name for c in allerdale.successors.all()] == ["Cumberland Council"]
    northants = Council.objects.get(official_name="Northamptonshire County Council")
    assert sorted(c.official_name for c in northants.successors.all()) == [
        "North Northamptonshire Council",
        "West Northamptonshire Council",
    ]
    cumberland = Council.objects.get(official_name="Cumberland Council")
    assert "Allerdale Borough Council" in {c.official_name for c in cumberland.predecessors.all()}


def test_population_codes_and_alternative_names_are_kept(register):
    cambridge = Council.objects.get(register_code="CAB")
    assert cambridge.official_name == "Cambridge City Council"
    assert cambridge.gss_code == "E07000008"
    assert cambridge.population > 100_000 and cambridge.population_year == 2020
    assert cambridge.region == "East of England"
    assert cambridge.names.filter(name="Cambridge").exists()
    # Spellings from lookup_name_to_registry.csv are there too.
    croydon = Council.objects.get(register_code="CRY")
    assert croydon.names.count() >= 3


def test_running_the_import_twice_changes_nothing(register):
    before = (Council.objects.count(), CouncilName.objects.count())
    second = register_import(
        rows=read_register_file(REGISTER_CSV),
        extra_names=read_register_file(REGISTER_CSV.parent / "lookup_name_to_registry.csv"),
    )
    assert not second.changed_anything
    assert second.unchanged == before[0]
    assert (Council.objects.count(), CouncilName.objects.count()) == before


def test_a_council_renamed_in_the_register_is_updated_not_duplicated(register):
    rows = read_register_file(REGISTER_CSV)
    for row in rows:
        if row["local-authority-code"] == "CAB":
            row["official-name"] = "Cambridge City and Fens Council"
    result = register_import(rows=rows)
    assert result.updated == ["Cambridge City and Fens Council (official_name)"]
    council = Council.objects.get(register_code="CAB")
    assert council.official_name == "Cambridge City and Fens Council"
    assert council.slug == "cambridge"  # addresses do not move
    assert Council.objects.filter(register_code="CAB").count() == 1
    # The old name still matches letters written before the rename.
    assert council.names.filter(name="Cambridge City Council").exists()


def test_dry_run_reports_but_saves_nothing():
    out = StringIO()
    call_command("import_councils", "--file", str(REGISTER_CSV), "--dry-run", stdout=out)
    assert "Dry run, nothing saved: would have 365 created" in out.getvalue()
    assert Council.objects.count() == 0


def test_the_command_reports_counts_per_type():
    out = StringIO()
    call_command("import_councils", "--file", str(REGISTER_CSV), stdout=out)
    assert "365 created" in out.getvalue()
    assert "48 abolished kept" in out.getvalue()
    assert Council.objects.count() == 365


def test_no_network_gives_a_clear_message_and_changes_nothing():
    # A closed port on this machine stands in for having no network.
    with pytest.raises(CommandError, match="Could not download the council register"):
        call_command("import_councils", "--url", "http://127.0.0.1:9/uk_local_authorities.csv")
    assert Council.objects.count() == 0


def test_a_file_that_is_not_the_register_is_refused(tmp_path):
    bogus = tmp_path / "councils.csv"
    bogus.write_text("name,code\nBorsetshire,BOR\n")
    with pytest.raises(CommandError, match="not mySociety's council register"):
        call_command("import_councils", "--file", str(bogus))
    with pytest.raises(CommandError, match="Could not read"):
        call_command("import_councils", "--file", str(tmp_path / "missing.csv"))
