"""refresh_places: rebuilds the shipped reference file from mySociety's files (here the
copies in ../shared), says what changed, changes nothing when a source cannot be read or
gives a file the site cannot use, and --check tells an out-of-date file."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from places.reference import DATA_FILE
from tests.support.paths import SHARED, require_shared

REGISTER = SHARED / "data" / "uk-local-authorities" / "uk_local_authorities.csv"
SIMILARITY = SHARED / "data" / "la-similarity"


def refresh(*args) -> str:
    out = io.StringIO()
    call_command("refresh_places", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def local_sources():
    require_shared(REGISTER)
    require_shared(SIMILARITY / "geographic_distance_touching_las.csv")
    return ["--register", str(REGISTER), "--similarity", str(SIMILARITY)]


def test_refresh_from_the_shared_copies_writes_the_shipped_file(tmp_path, local_sources):
    output = tmp_path / "places.csv"
    said = refresh(*local_sources, "--output", str(output))
    assert output.read_bytes() == DATA_FILE.read_bytes()
    assert "317 councils (21 counties placed at the centre of their districts)" in said
    assert "Cumberland, North Yorkshire, Somerset, Westmorland and Furness" in said
    assert "added: Kent (KEN)" in said
    again = refresh(*local_sources, "--output", str(output))
    assert again.startswith("Unchanged:")
    assert "up to date" in refresh(*local_sources, "--output", str(output), "--check")


def test_it_says_what_changed_and_check_fails_on_an_old_file(tmp_path, local_sources):
    output = tmp_path / "places.csv"
    text = DATA_FILE.read_text(encoding="utf-8")
    kent = next(line for line in text.splitlines() if line.startswith("KEN,"))
    output.write_text(text.replace(kent, kent.replace("centre of 12 districts", "register")))
    with pytest.raises(CommandError, match="out of date"):
        refresh(*local_sources, "--output", str(output), "--check")
    said = refresh(*local_sources, "--output", str(output))
    assert "changed: Kent (KEN): position" in said
    assert output.read_bytes() == DATA_FILE.read_bytes()


def test_an_unreachable_source_changes_nothing(tmp_path, local_sources):
    output = tmp_path / "places.csv"
    output.write_text("kept\n")
    with pytest.raises(CommandError, match="Nothing was changed"):
        refresh(
            "--register", str(REGISTER), "--similarity", "http://127.0.0.1:9/la_distance/",
            "--output", str(output),
        )  # fmt: skip
    with pytest.raises(CommandError, match="Could not read"):
        refresh("--register", str(tmp_path / "missing.csv"), "--output", str(output))
    assert output.read_text() == "kept\n"


def test_a_truncated_source_is_refused(tmp_path, local_sources):
    similarity = tmp_path / "similarity"
    shutil.copytree(SIMILARITY, similarity)
    touching = similarity / "geographic_distance_touching_las.csv"
    touching.write_text("\n".join(touching.read_text().splitlines()[:40]) + "\n")
    output = tmp_path / "places.csv"
    with pytest.raises(CommandError, match="councils without neighbours"):
        refresh(
            "--register", str(REGISTER), "--similarity", str(similarity), "--output", str(output)
        )
    assert not output.exists()
