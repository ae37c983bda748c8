"""Real letters of each era (../shared/seeds and ../shared/real), the councils they are for,
and what the parser itself reads from each: the upload preview's tests compare the page with
that, never with figures written out here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from councils.models import AuthorityType
from letters.figures import ERAS, FIGURES, Era
from letters.parsing import parse_letter
from tests.support.factories import make_council, make_user
from tests.support.paths import REAL, SEEDS, require_shared


@dataclass(frozen=True)
class EraLetter:
    path: Path
    council: str  # its official name in the register
    authority_type: str
    era: str  # the label of the era its year falls in

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def era_of_letter(self) -> Era:
        return next(era for era in ERAS if era.label == self.era)

    def officer(self, username: str = "officer"):
        """The council in the register, and an officer of it who may upload its letter."""
        slug = self.council.lower().replace(" ", "-")
        council = make_council(
            official_name=self.council,
            short_name=self.council,
            slug=slug,
            authority_type=self.authority_type,
        )
        return make_user(username, group="Council officers", councils=[council])


TABLES, KEY_STATISTICS, PER_100K, OVERVIEW = (
    "2017-18 and earlier",
    "2018-19 to 2021-22",
    "2022-23 to 2023-24",
    "2024-25 onwards",
)
ERA_LETTERS = [
    EraLetter(
        SEEDS / "lgsco-2018-cambridge-city.txt",
        "Cambridge City Council",
        AuthorityType.DISTRICT,
        TABLES,
    ),
    EraLetter(
        REAL / "letters" / "doncaster-metropolitan-borough-council_2017-18.pdf",
        "Doncaster Metropolitan Borough Council",
        AuthorityType.METROPOLITAN,
        TABLES,
    ),
    EraLetter(
        SEEDS / "lgsco-2020-canterbury-city.txt",
        "Canterbury City Council",
        AuthorityType.DISTRICT,
        KEY_STATISTICS,
    ),
    EraLetter(
        SEEDS / "lgsco-2020-oxford-city.txt",
        "Oxford City Council",
        AuthorityType.DISTRICT,
        KEY_STATISTICS,
    ),
    EraLetter(
        REAL / "texts" / "essex-county-council_2022-23.txt",
        "Essex County Council",
        AuthorityType.COUNTY,
        PER_100K,
    ),
    EraLetter(
        SEEDS / "lgsco-2024-cambridgeshire-county.txt",
        "Cambridgeshire County Council",
        AuthorityType.COUNTY,
        PER_100K,
    ),
    EraLetter(
        REAL / "texts" / "salford-city-council_2024-25.txt",
        "Salford City Council",
        AuthorityType.METROPOLITAN,
        OVERVIEW,
    ),
]
# One letter of each era, for the slower tests in a browser.
ONE_OF_EACH_ERA = [
    next(letter for letter in ERA_LETTERS if letter.era == era)
    for era in (TABLES, KEY_STATISTICS, PER_100K, OVERVIEW)
]


@dataclass(frozen=True)
class Read:
    """What the parser reads from a letter: the figures it states (path -> value), the
    paths of those it does not, their words, and its warnings."""

    stated: dict
    not_stated: list[str]
    evidence: dict
    warnings: list[str]


@cache
def read(path: Path) -> Read:
    letter = parse_letter(require_shared(path).read_bytes(), path.name)
    contract = letter.to_dict()
    values = {figure.path: figure.from_parsed(contract) for figure in FIGURES}
    return Read(
        stated={path: value for path, value in values.items() if value is not None},
        not_stated=[path for path, value in values.items() if value is None],
        evidence=dict(letter.evidence),
        warnings=list(letter.warnings),
    )
