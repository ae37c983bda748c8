"""Scoped invalidation of the page cache (complaints_site.cache, councils/0008): each kind of
change renders again exactly the pages that show what changed, and leaves the page of an
unrelated council (another type, neither its peer nor its neighbour) cached.

The councils are mySociety's register's, with the reference file's neighbours: Canterbury
and Swale (districts) border each other and Kent; Medway (a unitary) borders Kent, Swale
and Essex; Essex (a county) borders Medway, not Kent's districts."""

import pytest
from django.db import connection
from django.test import Client

from councils.models import Council
from documents.current import withdraw
from letters import corrections
from letters.models import AnnualLetter
from tests.support.factories import make_letter, make_report

pytestmark = pytest.mark.django_db(transaction=True)

COUNCILS = ["canterbury", "swale", "kent", "essex", "medway"]
PAGES = {
    **{slug: f"/councils/{slug}/" for slug in COUNCILS},
    "district 2023-24": "/compare/district/2024/",
    "county 2023-24": "/compare/county/2024/",
    "unitary 2023-24": "/compare/unitary/2024/",
    "home": "/",
    "list": "/councils/",
    "csv": "/councils/?_export=csv",
}
LISTS = {"home", "list", "csv"}
# What a change to one district's figures renders again: its page, its type's pages (the
# averages), Kent's (whose card names its districts) and the lists.
CANTERBURY_CHANGED = {"canterbury", "swale", "kent", "district 2023-24", *LISTS}


def rendered_again(client: Client, change) -> set[str]:
    """Every page cached, then `change()`: the pages rendered again (not served cached)."""
    for url in PAGES.values():
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url
    change()
    # A page that is no longer there (a 404) is not cached: rendered again too.
    states = {name: client.get(url).get("X-Page-Cache") for name, url in PAGES.items()}
    assert set(states.values()) <= {"hit", "miss", None}, states
    return {name for name, state in states.items() if state != "hit"}


def canterbury_2024() -> AnnualLetter:
    return AnnualLetter.objects.get(council__slug="canterbury", period_end__year=2024)


def test_a_new_letter_renders_its_council_its_type_its_neighbours_and_the_lists(
    client, kent_letters
):
    def upload():
        make_letter(kent_letters["canterbury"], year_end=2022, upheld_count=3, investigations=9)

    assert rendered_again(client, upload) == CANTERBURY_CHANGED
    assert "3 of 9" in client.get("/councils/canterbury/").content.decode()


def test_a_correction_renders_the_same_pages(client, kent_letters, data_admin):
    def correct():
        letter = canterbury_2024()
        letter.upheld_count = 20
        corrections.letter_correct(letter=letter, reason="The letter says 20.", user=data_admin)

    assert rendered_again(client, correct) == CANTERBURY_CHANGED


def test_a_withdrawal_renders_the_same_pages(client, kent_letters, data_admin):
    def withdrawn():
        withdraw(canterbury_2024(), reason="Sent to the wrong council.", user=data_admin)

    assert rendered_again(client, withdrawn) == CANTERBURY_CHANGED
    assert "21 of 30" not in client.get("/councils/canterbury/").content.decode()


def test_a_report_renders_the_same_pages(client, kent_letters):
    assert rendered_again(client, lambda: make_report(kent_letters["canterbury"])) == (
        CANTERBURY_CHANGED
    )


def test_a_renamed_county_renders_its_type_and_neighbours_not_the_districts(client, kent_letters):
    def rename():
        essex = Council.objects.get(slug="essex")
        essex.short_name = "Essex Shire"
        essex.save()

    changed = rendered_again(client, rename)
    assert changed == {"essex", "kent", "medway", "county 2023-24", *LISTS}
    assert "Essex Shire" in client.get("/councils/medway/").content.decode()


def test_raw_sql_renders_the_pages_of_what_it_changed(client, kent_letters):
    def raw():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE letters_annualletter SET upheld_count = 11 WHERE council_id = %s"
                " AND period_end >= '2024-01-01'",
                [kent_letters["medway"].pk],
            )

    changed = rendered_again(client, raw)
    assert changed == {"medway", "swale", "kent", "essex", "unitary 2023-24", *LISTS}
    assert "11 of 20" in client.get("/councils/medway/").content.decode()


def test_a_saved_but_unchanged_council_renders_nothing_again(client, kent_letters):
    # As a register reload saves every council, changed or not.
    assert rendered_again(client, lambda: Council.objects.get(slug="essex").save()) == LISTS


def test_a_change_of_type_renders_both_types(client, kent_letters):
    def retyped():
        Council.objects.filter(slug="medway").update(authority_type="district")

    changed = rendered_again(client, retyped)
    assert changed >= {"medway", "canterbury", "swale", "district 2023-24", "unitary 2023-24"}
    assert "county 2023-24" not in changed
    assert client.get("/compare/unitary/2024/").status_code == 404  # Medway was its only one


def test_a_truncate_renders_everything_again(client, kent_letters):
    def truncate():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE letters_correction")

    assert rendered_again(client, truncate) == set(PAGES)


def test_a_new_council_appears_on_its_neighbours_pages(client, kent_letters):
    """A council the reference file knows, added to the register later: the pages whose
    cards would name it work out their scopes again."""
    dover = Council.objects.get(slug="dover")
    dover_row = {f.attname: getattr(dover, f.attname) for f in Council._meta.concrete_fields}
    dover.delete()

    def added():
        Council.objects.create(**dover_row)

    changed = rendered_again(client, added)
    assert {"canterbury", "kent"} <= changed and "essex" not in changed
    assert "/councils/dover/" in client.get("/councils/canterbury/").content.decode()
