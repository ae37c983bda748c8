"""The type averages the pages read (the summary table councils.TypeYearAverage, kept by
PostgreSQL's triggers) equal a fresh computation over the letters after every kind of write:
an upload through the letters' service, a correction, a revert, a withdrawal, ORM bulk
writes, raw SQL UPDATE, DELETE and TRUNCATE, a council's type or population changed by raw
SQL, and bulk imports.

Each write is run twice: with the triggers (the table must equal the computation) and with
them disabled in the test's transaction (the table must then differ: the write really
changes an average, so the first test could fail)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from bench.generate_data import generate
from councils.models import AuthorityType, Council, TypeYearAverage
from councils.selectors.averages import (
    latest_type_averages,
    type_average_mismatches,
    type_averages,
    type_averages_computed,
)
from councils.services import type_year_averages_refresh
from documents.current import withdraw
from letters import corrections
from letters.models import AnnualLetter
from tests.support.commands import run_import
from tests.support.factories import make_user
from tests.support.paths import SEED_LETTER_2018, require_shared

pytestmark = pytest.mark.django_db

TRIGGERS = {
    table: [f"{table}_type_year_averages_{op}" for op in ("insert", "update", "delete", "truncate")]
    for table in ("letters_annualletter", "councils_council")
}


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def immediately(statement: str) -> None:
    """A TRUNCATE or ALTER TABLE inside the test's transaction: the foreign keys' deferred
    checks run first (PostgreSQL refuses either while they are pending)."""
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    sql(statement)
    sql("SET CONSTRAINTS ALL DEFERRED")


def triggers_disabled() -> None:
    """Switch the summary's triggers off for the rest of the test's transaction."""
    for table, names in TRIGGERS.items():
        for name in names:
            immediately(f"ALTER TABLE {table} DISABLE TRIGGER {name}")


def the_table_is_exact() -> None:
    assert type_average_mismatches() == []
    assert TypeYearAverage.objects.exists() == bool(type_averages_computed())


def district_2024_letter(slug: str) -> AnnualLetter:
    return AnnualLetter.objects.get(council__slug=slug, period_end__year=2024, is_current=True)


def data_admin():
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username="dana-averages").first()
    return found or make_user("dana-averages", group="Data admins")


# Each write: (what it needs first, the write itself).


def nothing(world):
    return None


def upload(world, _):
    """A new letter through the letters' service, as the upload's Confirm saves it."""
    from letters.parsing.parser import parse_letter
    from letters.services import council_for_letter, letter_ingest

    data = require_shared(SEED_LETTER_2018).read_bytes()
    parsed = parse_letter(data, filename="letter.txt")
    letter_ingest(
        parsed=parsed, data=data, filename="letter.txt", council=council_for_letter(parsed),
        uploaded_by=None, extracted_text=data.decode(),
    )  # fmt: skip


def upload_new_version(world, _):
    """A second version of a council's letter for a year: it becomes current."""
    from letters.services import letter_ingest

    letter = district_2024_letter("district-a")
    parsed = _parsed_like(letter, upheld_count=3, upheld_percent=10)
    letter_ingest(
        parsed=parsed, data=b"a second version", filename="v2.txt", council=letter.council,
        uploaded_by=None,
    )  # fmt: skip


def _parsed_like(letter, *, upheld_count, upheld_percent):
    from letters.parsing import ParsedLetter
    from letters.parsing.result import ComplaintsUpheld

    return ParsedLetter(
        council=letter.council.official_name,
        period_start=letter.period_start,
        period_end=letter.period_end,
        complaints_upheld=ComplaintsUpheld(
            percent=upheld_percent, upheld=upheld_count, investigations=letter.investigations
        ),
    )


def correct(world, _):
    letter = district_2024_letter("district-a")
    letter.upheld_count = 3
    letter.upheld_percent = 10
    corrections.letter_correct(letter=letter, reason="The letter says 3.", user=data_admin())


def correct_first(world):
    correct(world, None)
    letter = district_2024_letter("district-a")
    return AnnualLetter.pgh_event_model.objects.filter(
        pgh_obj_id=letter.pk, pgh_label="update"
    ).latest("pgh_id")


def revert(world, change):
    letter = district_2024_letter("district-a")
    corrections.letter_revert(letter=letter, event_id=change.pk, user=data_admin())


def withdraw_current(world, _):
    """District b's current letter withdrawn: its older version is current again."""
    withdraw(district_2024_letter("district-b"), reason="A draft.", user=data_admin())


def withdraw_only_version(world, _):
    withdraw(district_2024_letter("district-d"), reason="The wrong council's.")


def orm_bulk_update(world, _):
    AnnualLetter.objects.filter(period_end__year=2024).update(
        investigations=F("investigations") + 10
    )


def raw_update(world, _):
    sql(
        "UPDATE letters_annualletter SET upheld_count = 1, compliance_percent = 50,"
        " upheld_average_percent = 40 WHERE id = %s",
        [district_2024_letter("district-a").pk],
    )


def raw_update_current_flag(world, _):
    """Two versions swapped by hand: the newer one no longer current, then the older one
    current again (in this order: one current letter per council and year at any time)."""
    council = Council.objects.get(slug="district-b").pk
    sql(
        "UPDATE letters_annualletter SET is_current = false WHERE council_id = %s AND is_current",
        [council],
    )
    sql(
        "UPDATE letters_annualletter SET is_current = true WHERE id = ("
        " SELECT id FROM letters_annualletter WHERE council_id = %s AND withdrawn_at IS NULL"
        " ORDER BY uploaded_at LIMIT 1)",
        [council],
    )


def raw_delete(world, _):
    sql("DELETE FROM letters_servicecomplaintstats")
    sql("DELETE FROM letters_correction")
    sql("DELETE FROM letters_annualletter WHERE id = %s", [district_2024_letter("district-a").pk])


def truncate(world, _):
    immediately("TRUNCATE letters_annualletter CASCADE")


def council_type_changed(world, _):
    sql("UPDATE councils_council SET authority_type = 'unitary' WHERE slug = 'district-a'")


def council_population_changed(world, _):
    sql("UPDATE councils_council SET population = population * 3 WHERE slug = 'district-a'")


def import_letters(world, folder):
    assert run_import(str(folder))[0] == 0


def seed_in_a_folder(world):
    folder = world["tmp_path"] / "import"
    folder.mkdir()
    (folder / "letter.txt").write_bytes(require_shared(SEED_LETTER_2018).read_bytes())
    return folder


def bulk_create(world, _):
    generate(councils=12, years=3, prefix="bulk")


WRITES = {
    "upload": (nothing, upload),
    "upload of a new version": (nothing, upload_new_version),
    "correction": (nothing, correct),
    "revert": (correct_first, revert),
    "withdrawal, an older version current again": (nothing, withdraw_current),
    "withdrawal of the only version": (nothing, withdraw_only_version),
    "ORM bulk update": (nothing, orm_bulk_update),
    "raw SQL UPDATE of figures": (nothing, raw_update),
    "raw SQL UPDATE of which version is current": (nothing, raw_update_current_flag),
    "raw SQL DELETE": (nothing, raw_delete),
    "TRUNCATE": (nothing, truncate),
    "council's type changed by raw SQL": (nothing, council_type_changed),
    "council's population changed by raw SQL": (nothing, council_population_changed),
    "import_letters": (seed_in_a_folder, import_letters),
    "bulk_create (bench data)": (nothing, bulk_create),
}


@pytest.fixture
def world(districts_2024, ambridge, cambridge, tmp_path):
    """Districts (four in 2023-24 with a superseded version, Ambridge and Borchester
    2018-19 to 2023-24), a county, Cambridge without letters."""
    b = Council.objects.get(slug="district-b")
    older = AnnualLetter.objects.get(council=b, is_current=False)
    newer = AnnualLetter.objects.get(council=b, is_current=True)
    AnnualLetter.objects.filter(pk=newer.pk).update(
        uploaded_at=older.uploaded_at + timedelta(hours=1)
    )
    return {"tmp_path": tmp_path}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_the_summary_equals_a_fresh_computation_after(world, write):
    prepare, run = WRITES[write]
    given = prepare(world)
    the_table_is_exact()
    before = type_averages()
    run(world, given)
    the_table_is_exact()
    assert type_averages() != before  # the write changed an average


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_without_the_triggers_the_same_write_leaves_the_summary_wrong(world, write):
    prepare, run = WRITES[write]
    given = prepare(world)
    triggers_disabled()
    run(world, given)
    assert type_average_mismatches() != []


def test_a_write_that_changes_no_counted_column_recomputes_nothing(world):
    rows = dict(TypeYearAverage.objects.values_list("pk", "year"))
    sql("UPDATE letters_annualletter SET extracted_text = 'read again', warnings = '[]'")
    sql("UPDATE councils_council SET region = 'London'")
    AnnualLetter.objects.filter(is_current=False).update(upheld_count=0)  # not counted
    # Each pair's row is rewritten when recomputed: the same ids, so none was.
    assert dict(TypeYearAverage.objects.values_list("pk", "year")) == rows
    the_table_is_exact()


def test_a_write_recomputes_only_its_own_type_and_year(world):
    untouched = dict(
        TypeYearAverage.objects.exclude(authority_type="district", year=2024).values_list(
            "pk", "year"
        )
    )
    raw_update(world, None)
    assert (
        dict(
            TypeYearAverage.objects.exclude(authority_type="district", year=2024).values_list(
                "pk", "year"
            )
        )
        == untouched
    )
    the_table_is_exact()


def test_pages_read_the_summary_table(world, client):
    """The pages' averages come from the table: a row written by hand shows."""
    sql("UPDATE councils_typeyearaverage SET uphold_pooled = 12.345 WHERE authority_type = "
        "'district' AND year = 2024")  # fmt: skip
    assert "12.3%" in client.get("/compare/district/2024/").content.decode()
    [average] = type_averages(authority_type="district", year=2024)
    assert average.uphold_pooled == 12.345
    latest = {slug: a for slug, _, a in latest_type_averages()}
    assert latest["district"].uphold_pooled == 12.345
    assert latest["county"].year == 2024 and latest["unitary"] is None


def test_the_check_command_finds_a_difference_and_refresh_repairs_it(world, capsys):
    call_command("check_type_averages")
    sql("UPDATE councils_typeyearaverage SET letters = 99 WHERE year = 2024")
    sql("DELETE FROM councils_typeyearaverage WHERE year = 2023")
    with pytest.raises(CommandError, match="differences"):
        call_command("check_type_averages")
    err = capsys.readouterr().err
    assert "district 2024 letters: table 99, computed 6" in err
    assert "district 2023: missing from the table" in err
    call_command("check_type_averages", "--refresh")
    the_table_is_exact()


def test_refresh_drops_a_pair_without_letters(world):
    sql(
        "INSERT INTO councils_typeyearaverage (authority_type, year, letters, uphold_councils,"
        " uphold_stated_letters, compliance_councils, compliance_stated_letters,"
        " remedy_councils, remedy_stated_letters, per_100k_councils, per_100k_stated_letters)"
        " VALUES ('london-borough', 2011, 1, 0, 0, 0, 0, 0, 0, 0, 0)"
    )
    assert type_average_mismatches() == ["london-borough 2011: no letters"]
    type_year_averages_refresh()
    the_table_is_exact()


def test_every_figure_of_a_known_year(districts_2024):
    """The table's figures themselves, worked by hand from the fixture's letters (a: 21 of
    30, b: 5 of 10, c: none investigated, d: 9 of 20)."""
    [average] = type_averages(authority_type=AuthorityType.DISTRICT, year=2024)
    assert average.letters == 4
    assert (average.upheld_total, average.investigated_total) == (35, 60)
    assert average.uphold_pooled == pytest.approx(100 * 35 / 60)
    assert average.uphold_mean == pytest.approx((70 + 50 + 45) / 3)
    assert average.uphold_councils == 3
    assert (average.remedies_total, average.remedy_basis_total) == (3, 35)
    assert average.compliance_pooled == pytest.approx(100 * (18 + 4 + 9) / 33)
    assert (average.uphold_stated.low, average.uphold_stated.high) == (55, 60)
    assert average.uphold_stated.letters == 4
    assert Decimal(str(average.uphold_stated.low)) == Decimal("55")


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_type_and_year_at_once_leave_it_exact():
    """Two transactions adding letters of the same type and year: the second waits for the
    first's lock on the pair, then aggregates its committed letter too (without the lock it
    would add up without it, or collide with the row the first wrote)."""
    import threading
    import time

    from django.db import connections, transaction

    from tests.support.factories import make_council, make_letter

    first, second = make_council(slug="writer-1"), make_council(slug="writer-2")
    make_letter(make_council(slug="writer-0"), upheld_count=1, investigations=10)
    wrote, commit = threading.Event(), threading.Event()
    failures = []

    def add_letter(council, *, hold: bool):
        try:
            with transaction.atomic():
                make_letter(council, upheld_count=5, investigations=10)
                if hold:
                    wrote.set()
                    commit.wait()
        except Exception as exc:  # reported by the test below
            failures.append(exc)
        finally:
            connections.close_all()

    holding = threading.Thread(target=add_letter, args=(first,), kwargs={"hold": True})
    holding.start()
    wrote.wait()
    waiting = threading.Thread(target=add_letter, args=(second,), kwargs={"hold": False})
    waiting.start()
    seen_waiting = False
    for _ in range(200):  # until the second writer waits for the pair's lock
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                # this test's database only: another suite may share the server
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            seen_waiting = cursor.fetchone()[0] == 1
        if seen_waiting:
            break
        time.sleep(0.05)
    commit.set()
    holding.join()
    waiting.join()
    assert failures == []
    assert seen_waiting
    [average] = type_averages(authority_type="district", year=2024)
    assert (average.letters, average.upheld_total) == (3, 11)
    the_table_is_exact()
