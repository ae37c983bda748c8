from datetime import date

import pytest

from councils.matching import CouncilNotMatched, match_council
from councils.names import core_name, normalise_name

pytestmark = pytest.mark.django_db

# How letters, reports and people spell councils -> the register's official name.
SPELLINGS = {
    "London Borough of Croydon": "London Borough of Croydon",
    "Croydon Council": "London Borough of Croydon",
    "Cambridge City Council": "Cambridge City Council",
    "Allerdale Borough Council": "Allerdale Borough Council",
    "Cambridgeshire County Council": "Cambridgeshire County Council",
    "Oxford City Council": "Oxford City Council",
    "Canterbury City Council": "Canterbury City Council",
    "North Yorkshire County Council": "North Yorkshire County Council",
    "North Yorkshire Council": "North Yorkshire Council",
    "Somerset County Council": "Somerset County Council",
    "City of London Corporation": "City of London Corporation",
    "City of London": "City of London Corporation",
    "Royal Borough of Kensington and Chelsea": "Royal Borough of Kensington and Chelsea",
    "Kensington & Chelsea": "Royal Borough of Kensington and Chelsea",
    "City of Bradford Metropolitan District Council": (
        "City of Bradford Metropolitan District Council"
    ),
    "Bradford": "City of Bradford Metropolitan District Council",
    "Kingston upon Hull City Council": "Hull City Council",
    "City of York Council": "City of York Council",
    "County Durham": "Durham County Council",
    "Council of the Isles of Scilly": "Council of the Isles of Scilly",
    "Royal Borough of Windsor & Maidenhead": "Royal Borough of Windsor and Maidenhead",
    "St. Helens": "St Helens Council",
    "Newcastle upon Tyne City Council": "Newcastle City Council",
    "Newcastle-under-Lyme Borough Council": "Newcastle-under-Lyme Borough Council",
    "Westminster City Council": "City of Westminster",
    "Metropolitan Borough of Wirral": "Wirral Borough Council",
    "Borough Council of King\u2019s Lynn & West Norfolk": (
        "Borough Council of Kings Lynn and West Norfolk"
    ),
    "Poole Borough Council": "Borough of Poole",
    "Telford & Wrekin Council": "Telford & Wrekin Council",
    "Brighton & Hove City Council": "Brighton and Hove City Council",
    "Cheshire West & Chester Council": "Cheshire West and Chester Council",
    "London Borough of Richmond upon Thames": "London Borough of Richmond upon Thames",
    "Tower Hamlets": "London Borough of Tower Hamlets",
    "Dorset County Council": "Dorset County Council",
    "Dorset Council": "Dorset Council",
    "Barnsley Metropolitan Borough Council": "Barnsley Metropolitan Borough Council",
}


def test_real_spellings_match_one_council(register):
    assert len(SPELLINGS) >= 30
    wrong = {}
    for spelling, official in SPELLINGS.items():
        try:
            found = match_council(spelling).official_name
        except CouncilNotMatched as exc:
            found = f"no match: {exc}"
        if found != official:
            wrong[spelling] = found
    assert wrong == {}


def test_a_name_shared_by_old_and_new_councils_is_resolved_by_date(register):
    # "Somerset" was a county council until 2023 and a unitary council after.
    assert match_council("Somerset", on=date(2022, 3, 31)).official_name == (
        "Somerset County Council"
    )
    assert match_council("Somerset", on=date(2024, 3, 31)).official_name == "Somerset Council"


def test_an_unknown_council_is_named_in_the_message(register):
    with pytest.raises(CouncilNotMatched, match="“Borsetshire District Council” is not a council"):
        match_council("Borsetshire District Council")
    with pytest.raises(CouncilNotMatched, match="No council name"):
        match_council("  ")


def test_normalising_and_core_names():
    assert normalise_name("Borough Council of King\u2019s Lynn & West Norfolk") == (
        "borough council of kings lynn and west norfolk"
    )
    assert core_name("london borough of croydon") == "croydon"
    assert core_name("city of bradford metropolitan district council") == "bradford"
    assert core_name("council") == "council"
