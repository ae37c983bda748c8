from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
REGISTER_CSV = SHARED / "data" / "uk-local-authorities" / "uk_local_authorities.csv"
SEEDS = SHARED / "seeds"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded originals go to a throwaway folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def register(db):
    """England's councils from mySociety's register (../shared), as import_councils loads them."""
    from councils.register import read_register_file, register_import

    names = read_register_file(REGISTER_CSV.parent / "lookup_name_to_registry.csv")
    return register_import(rows=read_register_file(REGISTER_CSV), extra_names=names)
